"""Forms for daily case work. Short on purpose: logging a contact asks at most three things."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.regions.models import Municipality

from .models import Client
from .pickers import goal_label
from .vocabulary import (
    AftercareLevel,
    AftercareTrigger,
    ClosingReason,
    ConsentHow,
    ContactChannel,
    Direction,
    DurationBand,
    GoalStatus,
    LifeDomain,
    OutcomeSituation,
    Phase,
    PreferredLanguage,
    ReferralStatus,
    Sector,
    SexWorkStatus,
    SupportModule,
    WithinBranchChange,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _blank(choices) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


def _user_choice_label(user) -> str:
    return user.get_full_name() or user.get_username()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _user_choice_label(obj)


class VersionedForm(forms.Form):
    """Carries the trajectory version the worker saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ClientForm(forms.Form):
    work_name = forms.CharField(
        label=_("Work name"),
        max_length=80,
        help_text=_("The name the person wants to be called by."),
    )
    preferred_channel = forms.ChoiceField(
        label=_("Preferred channel"), choices=ContactChannel.choices
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=PreferredLanguage.choices
    )
    legal_name = forms.CharField(label=_("Legal name (optional)"), max_length=160, required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), max_length=200, required=False)
    birth_year = forms.CharField(label=_("Birth year (optional)"), max_length=4, required=False)
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=_blank(Client._meta.get_field("gender").choices),
        required=False,
    )
    migration_background = forms.ChoiceField(
        label=_("Migration background (optional)"),
        choices=_blank(Client._meta.get_field("migration_background").choices),
        required=False,
    )
    unlicensed_work = forms.ChoiceField(
        label=_("Works or worked unlicensed (optional)"),
        choices=_blank(Client._meta.get_field("unlicensed_work").choices),
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality (optional)"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
    )
    # No "suggested profile" field: Koers computes the suggestion from the goals, status and
    # background (``selectors.profile_suggestion``) and shows it with its reasons.
    chosen_profile = forms.ChoiceField(
        label=_("Chosen profile (optional)"),
        choices=_blank(Client._meta.get_field("chosen_profile").choices),
        required=False,
        help_text=_(
            "Your choice, made with the person. Koers only suggests a profile, with its "
            "reasons, and never fills this in."
        ),
    )

    def clean_work_name(self) -> str:
        value = self.cleaned_data["work_name"].strip()
        if not value:
            raise forms.ValidationError(_("Enter the name the person wants to be called by."))
        return value


class NewClientForm(ClientForm):
    contact_person = UserChoiceField(label=_("Contact person"), queryset=None)
    sex_work_status = forms.ChoiceField(
        label=_("Sex-work status (optional)"), choices=_blank(SexWorkStatus.choices), required=False
    )

    field_order = [
        "work_name",
        "preferred_channel",
        "preferred_language",
        "contact_person",
        "sex_work_status",
    ]

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = colleagues


class ClientEditForm(VersionedForm, ClientForm):
    pass


class ContactForm(forms.Form):
    """At most three fields to fill; the date and next contact are optional extras."""

    note = forms.CharField(
        label=_("Short note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    duration_band = forms.ChoiceField(
        label=_("Duration"), choices=DurationBand.choices, initial=DurationBand.UP_TO_30
    )
    on = forms.DateField(
        label=_("Date"), widget=DateInput(), required=False, help_text=_("Empty means today.")
    )
    next_contact_on = forms.DateField(
        label=_("Next planned contact"), widget=DateInput(), required=False
    )


class PhaseForm(VersionedForm):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    on = forms.DateField(label=_("Since"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Sex-work status"), choices=SexWorkStatus.choices)
    within_branch_change = forms.ChoiceField(
        label=_("Change within the branch (optional)"),
        choices=_blank(WithinBranchChange.choices),
        required=False,
    )
    on = forms.DateField(label=_("Since"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DirectionForm(VersionedForm):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class HandoverForm(VersionedForm):
    to_user = UserChoiceField(label=_("New contact person"), queryset=None)
    note = forms.CharField(
        label=_("Handover note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What was agreed, and what not to ask again, so the person need not retell the story."
        ),
        required=False,  # checked by the service, with the domain's message
    )

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = colleagues


class ShareForm(forms.Form):
    user = UserChoiceField(label=_("Colleague"), queryset=None)

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = colleagues


class GoalForm(forms.Form):
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    description = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class SupportActionForm(forms.Form):
    module = forms.ChoiceField(label=_("Support module"), choices=SupportModule.choices)
    description = forms.CharField(
        label=_("What was done (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    partner_organisation = forms.ModelChoiceField(
        label=_("Partner organisation (optional)"), queryset=None, required=False
    )
    partner_name = forms.CharField(
        label=_("Other partner (optional)"), max_length=160, required=False
    )
    partner_contact = forms.CharField(
        label=_("Contact person at the partner (optional)"), max_length=160, required=False
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_organisation"].queryset = organisations


class GoalChoiceField(forms.ModelChoiceField):
    """Goals by their text ("Housing: a room of my own"), never "goal 148"."""

    def label_from_instance(self, obj) -> str:
        return goal_label(obj)


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service from the directory"),
        queryset=None,
        required=False,
        help_text=_(
            "Services in the client's region come first, grouped by organisation, "
            "with town and life domains. Search above to narrow the list."
        ),
    )
    partner_name = forms.CharField(
        label=_("Or another partner"),
        max_length=160,
        required=False,
        help_text=_("Use this when the partner is not in the directory: the organisation."),
    )
    partner_contact = forms.CharField(
        label=_("Contact person at the partner"),
        max_length=160,
        required=False,
        help_text=_("A name, not only a phone number: the first contact is made together."),
    )
    partner_reach = forms.CharField(
        label=_("How to reach them (optional)"),
        max_length=200,
        required=False,
        help_text=_("Phone, e-mail or the channel you agreed with the contact person."),
    )
    goal = GoalChoiceField(label=_("For goal (optional)"), queryset=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=ReferralStatus.choices, initial=ReferralStatus.PROPOSED
    )
    consent_on = forms.DateField(label=_("Consent given on"), widget=DateInput(), required=False)
    consent_how = forms.ChoiceField(
        label=_("Consent given how"), choices=_blank(ConsentHow.choices), required=False
    )

    def __init__(self, *args, services=None, goals=None, service_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["goal"].queryset = goals
        if service_choices is not None:
            # Only what is shown changes (grouped, region first); any active service stays
            # valid, so a choice made before a new search is not lost.
            self.fields["service"].widget.choices = [("", "—"), *service_choices]


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)
    consent_on = forms.DateField(label=_("Consent given on"), widget=DateInput(), required=False)
    consent_how = forms.ChoiceField(
        label=_("Consent given how"), choices=_blank(ConsentHow.choices), required=False
    )


class OutcomeForm(forms.Form):
    situation = forms.ChoiceField(label=_("Situation now"), choices=OutcomeSituation.choices)
    sector = forms.ChoiceField(
        label=_("Sector (work outside the branch)"), choices=_blank(Sector.choices), required=False
    )
    within_branch_change = forms.ChoiceField(
        label=_("Kind of change within the branch"),
        choices=_blank(WithinBranchChange.choices),
        required=False,
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)


class AftercareForm(VersionedForm):
    level = forms.ChoiceField(
        label=_("Aftercare level"), choices=AftercareLevel.choices, widget=forms.RadioSelect
    )
    triggers = forms.MultipleChoiceField(
        label=_("Triggers to watch"),
        choices=AftercareTrigger.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    next_checkin_on = forms.DateField(
        label=_("Next check-in (optional)"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: planned from the level (active 6 weeks, intensive 2 weeks)."),
    )
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CloseForm(VersionedForm):
    reason = forms.ChoiceField(
        label=_("Why is the file closed?"), choices=_blank(ClosingReason.choices), required=False
    )
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class UnsealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the file unsealed?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ReopenForm(VersionedForm):
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that everything about this client is erased for good; "
            "only anonymous counts remain."
        ),
        required=False,
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput(), required=False)
