"""Forms of activities: the organiser's activity form, the public filters, registration
(a work name and one channel) and cancellation by code. Errors at the field, input kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.directory.vocabulary import SpokenLanguage
from koers.notifications.addresses import NumberNotUnderstood, to_e164
from koers.regions.models import Region

from .models import Activity
from .vocabulary import ActivityKind, ReminderChannel


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "kind",
            "title_nl",
            "title_en",
            "title_es",
            "title_ro",
            "description_nl",
            "description_en",
            "description_es",
            "description_ro",
            "region",
            "online",
            "place",
            "starts_at",
            "duration_minutes",
            "weekly",
            "language",
            "for_whom",
            "registration_needed",
            "capacity",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description_nl": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_es": forms.Textarea(attrs={"rows": 3}),
            "description_ro": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("weekly") and cleaned.get("registration_needed"):
            self.add_error(
                "registration_needed",
                _("A weekly activity is one people just come by to; switch off registration."),
            )
        return cleaned


class ListingForm(forms.Form):
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("All regions"),
    )
    from_date = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=[("", gettext_lazy("All languages")), *SpokenLanguage.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All kinds")), *ActivityKind.choices],
        required=False,
    )


class RegistrationForm(forms.Form):
    work_name = forms.CharField(
        label=gettext_lazy("What may we call you?"),
        help_text=gettext_lazy("A work name or nickname is fine."),
        max_length=80,
        error_messages={"required": gettext_lazy("Enter a name we may call you by.")},
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Where should the reminder go?"),
        choices=ReminderChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose SMS or e-mail.")},
    )
    address = forms.CharField(
        label=gettext_lazy("Phone number or e-mail address"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter where the reminder should go.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        channel, raw = cleaned.get("channel"), (cleaned.get("address") or "").strip()
        if not raw or not channel:
            return cleaned
        if channel == ReminderChannel.SMS:
            try:
                cleaned["address"] = to_e164(raw)
            except NumberNotUnderstood:
                self.add_error(
                    "address",
                    _("This is not a phone number we can use. Example: 06 12345678."),
                )
        else:
            try:
                validate_email(raw)
            except forms.ValidationError:
                self.add_error(
                    "address",
                    _("This is not an e-mail address we can use. Example: name@example.nl."),
                )
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Your code"), max_length=30)


class AttendanceForm(forms.Form):
    attendance = forms.IntegerField(
        label=gettext_lazy("How many people came"),
        min_value=0,
        max_value=1000,
        error_messages={
            "min_value": gettext_lazy("Enter how many people came (0 to 1000)."),
            "max_value": gettext_lazy("Enter how many people came (0 to 1000)."),
            "invalid": gettext_lazy("Enter how many people came (0 to 1000)."),
            "required": gettext_lazy("Enter how many people came (0 to 1000)."),
        },
    )
