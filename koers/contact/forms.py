"""Forms of contact requests: the public request form (errors at the field, everything typed
kept), the status lookup, and the inbox actions."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.notifications.addresses import NumberNotUnderstood, to_e164

from .vocabulary import (
    PHONE_CHANNELS,
    AdviserTopic,
    AskerKind,
    Outcome,
    RequestChannel,
    Urgency,
)

HOURS = [(f"{h:02d}:00", f"{h:02d}:00") for h in range(8, 23)]
LANGUAGE_CHOICES = [
    ("nl", gettext_lazy("Dutch")),
    ("en", gettext_lazy("English")),
    ("es", gettext_lazy("Spanish")),
    ("ro", gettext_lazy("Romanian")),
]


def normalise_phone(raw: str) -> str:
    """A phone number as typed → E.164; raises ``ValidationError`` with a translated message.
    Dutch numbers may be typed without the country code (``06 12345678``)."""
    try:
        return to_e164(raw)
    except NumberNotUnderstood:
        raise forms.ValidationError(
            _("This is not a phone number we can use. Example: 06 12345678 or +40 712 345 678."),
            code="invalid_phone",
        ) from None


class ContactRequestForm(forms.Form):
    work_name = forms.CharField(
        label=gettext_lazy("What may we call you?"),
        help_text=gettext_lazy("A work name or nickname is fine."),
        max_length=80,
        error_messages={"required": gettext_lazy("Enter a name we may call you by.")},
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("How do you want to be contacted?"),
        choices=RequestChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how you want to be contacted.")},
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone number"),
        help_text=gettext_lazy("Only for a phone call, WhatsApp, SMS or a call between hours."),
        max_length=40,
        required=False,
    )
    email = forms.CharField(
        label=gettext_lazy("E-mail address"),
        help_text=gettext_lazy("Only for e-mail."),
        max_length=200,
        required=False,
    )
    callback_from = forms.ChoiceField(
        label=gettext_lazy("Call me between"), choices=HOURS, required=False, initial="10:00"
    )
    callback_until = forms.ChoiceField(
        label=gettext_lazy("and"), choices=HOURS, required=False, initial="17:00"
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language for the contact"), choices=LANGUAGE_CHOICES
    )
    message = forms.CharField(
        label=gettext_lazy("Message (optional)"),
        help_text=gettext_lazy("Only what you want to tell. Do not write your address."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
    )
    share_answers = forms.BooleanField(
        label=gettext_lazy("Share my answers from the self-check with this organisation"),
        required=False,
    )
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def clean_phone(self) -> str:
        return (self.cleaned_data.get("phone") or "").strip()

    def clean_email(self) -> str:
        value = (self.cleaned_data.get("email") or "").strip()
        if value:
            try:
                validate_email(value)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("This is not an e-mail address we can use. Example: name@example.nl."),
                    code="invalid_email",
                ) from None
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel in PHONE_CHANNELS:
            raw = cleaned.get("phone", "")
            if not raw:
                self.add_error("phone", _("Enter the number we can reach you on."))
            elif "phone" not in self.errors:
                try:
                    cleaned["phone_e164"] = normalise_phone(raw)
                except forms.ValidationError as error:
                    self.add_error("phone", error)
        if (
            channel == RequestChannel.EMAIL
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Enter the e-mail address we can write to."))
        if channel == RequestChannel.CALLBACK:
            start, end = cleaned.get("callback_from"), cleaned.get("callback_until")
            if not start or not end or end <= start:
                self.add_error("callback_until", _("The end must be after the start."))
        return cleaned

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))

    def contact_detail(self) -> str:
        """Only the detail the chosen channel needs."""
        channel = self.cleaned_data["channel"]
        if channel == RequestChannel.EMAIL:
            return self.cleaned_data["email"]
        return self.cleaned_data.get("phone_e164", "")

    def callback_window(self) -> tuple[time | None, time | None]:
        if self.cleaned_data["channel"] != RequestChannel.CALLBACK:
            return None, None
        start = time.fromisoformat(self.cleaned_data["callback_from"])
        end = time.fromisoformat(self.cleaned_data["callback_until"])
        return start, end


class StatusForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Your reference code"), max_length=24)


class TriageForm(forms.Form):
    urgency = forms.ChoiceField(label=gettext_lazy("Urgency"), choices=Urgency.choices)


class AssignForm(forms.Form):
    contact_person = forms.ModelChoiceField(
        label=gettext_lazy("Fixed contact person"), queryset=None, empty_label=None
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = colleagues


class FirstContactForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note on the first contact (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[c for c in Outcome.choices if c[0] not in (Outcome.TRAJECTORY, Outcome.WITHDRAWN)],
    )


class RegisterForm(forms.Form):
    asker = forms.ChoiceField(
        label=gettext_lazy("Who asked?"), choices=AskerKind.choices, widget=forms.RadioSelect
    )
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"), choices=AdviserTopic.choices, widget=forms.RadioSelect
    )
