"""Forms for safety. Validation errors are shown at the field; nothing entered is lost."""

from dataclasses import dataclass

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.regions.models import Municipality, Region

from . import numbers as phone
from .models import (
    ACTS,
    ContactChannel,
    MemberStatus,
    NotifyChannel,
    PerpetratorType,
    PlaceType,
    RequestKind,
    ViolenceForm,
)
from .services import MAX_WARNING_MONTHS, add_months

YES_NO = [("yes", _("yes")), ("no", _("no"))]
OLDEST_INCIDENT_YEARS = 20  # older dates are almost always typing errors (issue 12)


def _yes(value: str) -> bool:
    return value == "yes"


def parse_numbers(text: str, limit: int | None = None) -> list[str]:
    """E.164 for every number in ``text``; a ValidationError names each unreadable one
    together with what we understood of it."""
    parts = phone.split_lines(text)
    if limit is not None and len(parts) > limit:
        raise ValidationError(
            _("Enter at most %(limit)s numbers at once; you entered %(count)s."),
            params={"limit": limit, "count": len(parts)},
        )
    result, errors = [], []
    for raw in parts:
        try:
            result.append(phone.normalise(raw))
        except phone.NumberNotUnderstood as exc:
            if exc.understood:
                errors.append(
                    ValidationError(
                        _(
                            "“%(raw)s” is not a complete phone number. "
                            "We understood the digits %(understood)s."
                        ),
                        params={"raw": exc.raw, "understood": exc.understood},
                    )
                )
            else:
                errors.append(
                    ValidationError(
                        _("“%(raw)s” is not a phone number: we found no digits in it."),
                        params={"raw": exc.raw},
                    )
                )
    if errors:
        raise ValidationError(errors)
    return result


class JoinForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Any name you like to log in with. Not your real name."),
    )
    work_name = forms.CharField(label=_("Work name"), max_length=80)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone_number = forms.CharField(label=_("Mobile number"), max_length=32, required=False)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions where you work"),
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    notify_by = forms.ChoiceField(
        label=_("Tell me about new warnings by"),
        choices=NotifyChannel.choices,
        initial=NotifyChannel.NONE,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=True),
        help_text=_("At least 12 characters."),
    )
    invitation_code = forms.CharField(
        label=_("Invitation code (optional)"),
        max_length=20,
        required=False,
        help_text=_(
            "From an organisation you know. Without a code, a professional there "
            "confirms you with the reference you will see next."
        ),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This user name is taken."))
        return username

    def clean_phone_number(self) -> str:
        raw = self.cleaned_data["phone_number"]
        return parse_numbers(raw)[0] if raw.strip() else ""

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password, User(username=self.data.get("username", "")))
        return password

    def clean_invitation_code(self) -> str:
        from .services import usable_invitation

        code = self.cleaned_data["invitation_code"].strip()
        if code and usable_invitation(code) is None:
            raise ValidationError(_("This invitation code is not valid (any more)."))
        return code

    def clean(self):
        data = super().clean()
        if (
            not data.get("email")
            and not data.get("phone_number")
            and not self.has_error("phone_number")
        ):
            self.add_error("email", _("Give an e-mail address or a mobile number."))
        if data.get("notify_by") == NotifyChannel.MAIL and not data.get("email"):
            self.add_error("notify_by", _("Give an e-mail address to be told by e-mail."))
        if data.get("notify_by") == NotifyChannel.SMS and not data.get("phone_number"):
            self.add_error("notify_by", _("Give a mobile number to be told by SMS."))
        return data


class InvitationCodeForm(forms.Form):
    invitation_code = forms.CharField(label=_("Invitation code"), max_length=20)


class MemberSettingsForm(forms.Form):
    regions = JoinForm.base_fields["regions"]
    notify_by = JoinForm.base_fields["notify_by"]


class ReportForm(forms.Form):
    occurred_on = forms.DateField(
        label=_("When did it happen?"), widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    municipality = forms.ModelChoiceField(
        label=_("Municipality (optional)"), queryset=Municipality.objects.all(), required=False
    )
    place_type = forms.ChoiceField(
        label=_("Where did it happen?"), choices=PlaceType.choices, widget=forms.RadioSelect
    )
    violence = forms.MultipleChoiceField(
        label=_("Form(s) of violence"),
        choices=ViolenceForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    acts = forms.MultipleChoiceField(
        label=_("What happened? (tick all that apply)"),
        required=False,
        choices=[(ViolenceForm(key).label, options) for key, options in ACTS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    perpetrator_type = forms.ChoiceField(
        label=_("Who did it?"), choices=PerpetratorType.choices, widget=forms.RadioSelect
    )
    perpetrator_numbers = forms.CharField(
        label=_("Phone number(s) the person used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line. Stored so that only a match can be found, never listed."),
    )
    perpetrator_names = forms.CharField(
        label=_("Names the person used"), required=False, max_length=200
    )
    perpetrator_description = forms.CharField(
        label=_("Description of the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    perpetrator_vehicle = forms.CharField(label=_("Vehicle"), required=False, max_length=200)
    description = forms.CharField(
        label=_("What happened, in your words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    wants_warning = forms.ChoiceField(
        label=_("Publish a warning to other members?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="yes",
    )
    police_consent = forms.ChoiceField(
        label=_("Share this report anonymised with the police?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
    )
    contact_channel = forms.ChoiceField(
        label=_("Would you like a support worker to contact you?"),
        choices=ContactChannel.choices,
        initial=ContactChannel.NONE,
        widget=forms.RadioSelect,
    )
    contact_address = forms.CharField(
        label=_("Phone number or e-mail address for that contact"), required=False, max_length=254
    )

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        today = timezone.localdate()
        if value > today:
            raise ValidationError(_("This date is in the future."))
        if value < today.replace(year=today.year - OLDEST_INCIDENT_YEARS, day=min(today.day, 28)):
            raise ValidationError(
                _("This date is more than %(years)s years ago. Please check the year."),
                params={"years": OLDEST_INCIDENT_YEARS},
            )
        return value

    def clean_perpetrator_numbers(self) -> list[str]:
        return parse_numbers(self.cleaned_data["perpetrator_numbers"], limit=10)

    def clean_wants_warning(self) -> bool:
        return _yes(self.cleaned_data["wants_warning"])

    def clean_police_consent(self) -> bool:
        return _yes(self.cleaned_data["police_consent"])

    def clean(self):
        data = super().clean()
        if not data.get("violence") and not (data.get("description") or "").strip():
            self.add_error(
                "violence",
                _("Tick at least one form of violence, or describe what happened below."),
            )
        municipality, region = data.get("municipality"), data.get("region")
        if municipality and region and municipality.region_id != region.pk:
            self.add_error("municipality", _("This municipality is not in the chosen region."))
        channel = data.get("contact_channel")
        if (
            channel
            and channel != ContactChannel.NONE
            and not data.get("contact_address", "").strip()
        ):
            self.add_error("contact_address", _("Tell us where the support worker can reach you."))
        return data


class NumberCheckForm(forms.Form):
    number = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        help_text=_("Any format: 06 12345678, +31 6 1234 5678, 0031…"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_number(self) -> list[str]:
        return parse_numbers(self.cleaned_data["number"], limit=1)


@dataclass
class CheckLine:
    """One line of a bulk check: the number in E.164, or why it could not be read."""

    raw: str
    e164: str = ""
    error: str = ""


def read_lines(text: str) -> list[CheckLine]:
    """Every line on its own: a line that is not a number does not stop the others."""
    lines = []
    for raw in phone.split_lines(text):
        try:
            lines.append(CheckLine(raw=raw, e164=phone.normalise(raw)))
        except phone.NumberNotUnderstood as exc:
            if exc.understood:
                message = _(
                    "“%(raw)s” is not a complete phone number. "
                    "We understood the digits %(understood)s."
                ) % {"raw": exc.raw, "understood": exc.understood}
            else:
                message = _("“%(raw)s” is not a phone number: we found no digits in it.") % {
                    "raw": exc.raw
                }
            lines.append(CheckLine(raw=raw, error=str(message)))
    return lines


class BulkCheckForm(forms.Form):
    numbers = forms.CharField(
        label=_("Phone numbers, one per line"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_numbers(self) -> list[CheckLine]:
        from django.conf import settings

        lines = read_lines(self.cleaned_data["numbers"])
        limit = settings.SAFETY_BULK_CHECK_MAX
        if len(lines) > limit:
            raise ValidationError(
                _("Enter at most %(limit)s numbers at once; you entered %(count)s."),
                params={"limit": limit, "count": len(lines)},
            )
        return lines


class VouchForm(forms.Form):
    reference = forms.CharField(
        label=_("The member's reference"),
        max_length=12,
        help_text=_(
            "The member shows it to you after signing up. Only vouch for someone you know."
        ),
    )


class ModerationForm(forms.Form):
    description = forms.CharField(
        label=_("Account (redacted)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    perpetrator_names = forms.CharField(label=_("Names the person used"), required=False)
    perpetrator_description = forms.CharField(
        label=_("Description of the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    perpetrator_vehicle = forms.CharField(label=_("Vehicle"), required=False)
    remove_contact = forms.BooleanField(
        label=_("Remove the reporter's contact details"), required=False
    )
    remove_numbers = forms.MultipleChoiceField(
        label=_("Remove numbers that belong to the reporter"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("redact", _("only save the redaction")),
            ("publish", _("publish a warning")),
            ("reject", _("reject")),
        ],
    )
    warning_text = forms.CharField(
        label=_("Warning text for members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nothing that could identify the reporter. No phone numbers."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions the warning applies to"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejecting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, number_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_numbers"].choices = list(number_choices)

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "publish":
            if not (data.get("warning_text") or "").strip():
                self.add_error("warning_text", _("Write the warning members will read."))
            if not data.get("regions"):
                self.add_error("regions", _("Choose at least one region."))
            expires = data.get("expires_on")
            _check_expiry(self, expires, timezone.localdate())
        if decision == "reject" and not (data.get("rejection_reason") or "").strip():
            self.add_error("rejection_reason", _("Give a reason for rejecting."))
        return data


def _check_expiry(form: forms.Form, expires, published_on) -> None:
    """At most ``MAX_WARNING_MONTHS`` (24) months after publication, and in the future."""
    if not expires:
        return
    if expires <= timezone.localdate():
        form.add_error("expires_on", _("The expiry date must be in the future."))
    elif expires > add_months(published_on, MAX_WARNING_MONTHS):
        form.add_error(
            "expires_on",
            ValidationError(
                _("A warning expires at most %(months)s months after it was published."),
                params={"months": MAX_WARNING_MONTHS},
            ),
        )


class WarningCorrectionForm(forms.Form):
    """Re-moderating a published warning: correct it, or withdraw it with a reason."""

    action = forms.ChoiceField(
        choices=[("correct", _("correct")), ("withdraw", _("withdraw"))], widget=forms.HiddenInput
    )
    text = forms.CharField(
        label=_("Warning text for members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nothing that could identify the reporter. No phone numbers."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions the warning applies to"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    withdraw_reason = forms.CharField(
        label=_("Reason for withdrawing"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, published_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.published_on = published_on or timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("action") == "withdraw":
            if not (data.get("withdraw_reason") or "").strip():
                self.add_error("withdraw_reason", _("Give a reason for withdrawing."))
            return data
        if not (data.get("text") or "").strip():
            self.add_error("text", _("Write the warning members will read."))
        if not data.get("regions"):
            self.add_error("regions", _("Choose at least one region."))
        if not data.get("expires_on") and "expires_on" not in self.errors:
            self.add_error("expires_on", _("Choose when the warning expires."))
        _check_expiry(self, data.get("expires_on"), self.published_on)
        return data


class PublicRequestForm(forms.Form):
    """Anyone with a report's reference may ask to remove or correct it (issue 12)."""

    report_reference = forms.CharField(
        label=_("The report's reference"),
        max_length=20,
        help_text=_("The 8 letters and digits shown after the report was sent."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    kind = forms.ChoiceField(
        label=_("What do you ask?"),
        choices=[
            (RequestKind.REMOVAL, _("Remove the report and its warning")),
            (RequestKind.CORRECTION, _("Correct the report or its warning")),
        ],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("What should be removed or corrected, and why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reply_to = forms.CharField(
        label=_("Where can we tell you the decision? (optional)"),
        required=False,
        max_length=200,
        help_text=_("An e-mail address or phone number. Leave it empty to stay anonymous."),
    )

    def clean_report_reference(self) -> str:
        value = "".join(ch for ch in self.cleaned_data["report_reference"].upper() if ch.isalnum())
        if len(value) != 8:
            raise ValidationError(_("A reference has 8 letters and digits. Please check it."))
        return value


class MemberStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(MemberStatus.SUSPENDED, _("suspend")), (MemberStatus.VERIFIED, _("reinstate"))]
    )


class DataSubjectRequestForm(forms.Form):
    report_reference = forms.CharField(label=_("Report reference"), max_length=12)
    kind = forms.ChoiceField(
        label=_("Request"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("What is asked, and by whom (role, not name)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    grant = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("yes", _("grant and carry out")), ("no", _("refuse"))],
    )
    reason = forms.CharField(
        label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )
    corrected_text = forms.CharField(
        label=_("Corrected warning text (for a correction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
