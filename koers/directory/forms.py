"""Forms of the directory: the public search (lenient: bad values are dropped with a note)
and the coordinators' service and location forms (strict: errors at the field)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.converters import IdMultipleChoiceField
from koers.organisations.models import Organisation
from koers.regions.models import Region

from .models import Location, Service, Weekday
from .selectors import SearchCriteria
from .vocabulary import ContactChannel, LifeDomain, SpokenLanguage, TargetGroup

TRUE_VALUES = {"1", "on", "true", "yes"}
#: The values each list filter accepts (``TextChoices.values`` builds a new list per use).
SEARCH_VALUES = {
    "need": frozenset(LifeDomain.values),
    "group": frozenset(TargetGroup.values),
    "language": frozenset(SpokenLanguage.values),
    "channel": frozenset(ContactChannel.values),
}
SEARCH_LABELS = {
    "need": gettext_lazy("need"),
    "group": gettext_lazy("group"),
    "language": gettext_lazy("language"),
    "channel": gettext_lazy("contact channel"),
}


@dataclass
class ParsedSearch:
    """The search as understood, what was typed, and which URL values were ignored."""

    criteria: SearchCriteria
    town: str = ""
    region_slug: str = ""
    ignored: list[str] = field(default_factory=list)
    submitted: bool = False


def parse_search(params: QueryDict, regions: dict[str, Region] | None = None) -> ParsedSearch:
    """Read search filters from the query string, never failing: an unknown value is left
    out and named in ``ignored`` so the page can say so, instead of a 500 or a silent drop.
    ``regions``: every region by slug, when the caller has them at hand (saves a query)."""
    criteria = SearchCriteria()
    parsed = ParsedSearch(criteria=criteria)
    parsed.submitted = any(
        key in params
        for key in (
            "town",
            "region",
            "need",
            "group",
            "language",
            "channel",
            "within_branch",
            "anonymous",
        )
    )
    parsed.town = (params.get("town") or "").strip()[:80]
    slug = (params.get("region") or "").strip()
    if slug:
        if regions is not None:
            region = regions.get(slug[:40])
        else:
            region = Region.objects.filter(slug=slug[:40]).first()
        if region is None:
            parsed.ignored.append(_("region “%(value)s”") % {"value": slug[:40]})
        else:
            criteria.region = region
            parsed.region_slug = region.slug

    def many(name: str) -> list[str]:
        values = []
        allowed = SEARCH_VALUES[name]
        for value in params.getlist(name)[:20]:
            if value in allowed:
                if value not in values:
                    values.append(value)
            elif value:
                parsed.ignored.append(
                    _("%(label)s “%(value)s”") % {"label": SEARCH_LABELS[name], "value": value[:40]}
                )
        return values

    criteria.needs = many("need")
    criteria.groups = many("group")
    languages = many("language")
    criteria.language = languages[0] if languages else ""
    channels = many("channel")
    criteria.channel = channels[0] if channels else ""
    for name in ("within_branch", "anonymous"):
        value = (params.get(name) or "").strip().lower()
        if value in TRUE_VALUES:
            setattr(criteria, name, True)
        elif value and value not in {"0", "off", "false", "no"}:
            parsed.ignored.append(_("option “%(value)s”") % {"value": value[:40]})
    return parsed


HOURS_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_hours(text: str) -> list[tuple[time, time]]:
    """``"09:00-12:00, 13:00-17:00"`` → [(09:00, 12:00), (13:00, 17:00)]; ValueError if not."""
    spans = []
    for part in filter(None, (chunk.strip() for chunk in text.split(","))):
        match = HOURS_PATTERN.match(part)
        if not match:
            raise ValueError(part)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(part)
        opens, closes = time(h1, m1), time(h2, m2)
        if closes <= opens:
            raise ValueError(part)
        spans.append((opens, closes))
    return spans


def format_hours(spans: list[tuple[time, time]]) -> str:
    return ", ".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in spans)


def _https_for_bare_urls(db_field, **kwargs):
    """A web address typed without a scheme ("www.example.nl") is read as https, Django 6's
    default, adopted now."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ServiceForm(forms.ModelForm):
    """A coordinator's form for one service of their own organisation, in all four languages."""

    life_domains = forms.MultipleChoiceField(
        label=gettext_lazy("Helps with"),
        choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=gettext_lazy("Especially for"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Leave empty when the service is for everyone."),
    )
    spoken_languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages spoken"),
        choices=SpokenLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    service_locations = IdMultipleChoiceField(
        label=gettext_lazy("Locations"),
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Service
        formfield_callback = _https_for_bare_urls
        fields = [
            "name_nl", "description_nl", "name_en", "description_en",
            "name_es", "description_es", "name_ro", "description_ro",
            "status", "scope", "cost", "can_be_anonymous", "no_need_to_stop", "within_branch",
            "is_national", "regions", "url", "email", "verified_on",
        ]  # fmt: skip
        field_classes = {"regions": IdMultipleChoiceField}
        widgets = {
            "regions": forms.CheckboxSelectMultiple,
            "verified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description_nl": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_es": forms.Textarea(attrs={"rows": 4}),
            "description_ro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["service_locations"].queryset = Location.objects.filter(
            organisation=organisation
        )
        for channel in ContactChannel:
            self.fields[f"channel_{channel.value}"] = forms.CharField(
                label=channel.label,
                required=False,
                max_length=200,
                help_text=_(
                    "Number, address or link; for walk-in or outreach write “yes” or a short note."
                ),
            )
        for day in Weekday:
            self.fields[f"hours_{day.value}"] = forms.CharField(
                label=day.label,
                required=False,
                max_length=80,
                help_text=_("For example 09:00-12:00, 13:00-17:00"),
            )
        service = self.instance
        if service.pk:
            self.initial["life_domains"] = [
                a.code for a in service.attributes.all() if a.taxonomy == "koers-life-domain"
            ]
            self.initial["target_groups"] = [
                a.code for a in service.attributes.all() if a.taxonomy == "koers-target-group"
            ]
            self.initial["spoken_languages"] = [lang.code for lang in service.languages.all()]
            self.initial["service_locations"] = [
                sal.location_id for sal in service.service_at_locations.all()
            ]
            for point in service.contact_points.all():
                self.initial[f"channel_{point.channel}"] = point.value or "yes"
            by_day: dict[int, list] = {}
            for hours in service.opening_hours.all():
                by_day.setdefault(hours.weekday, []).append((hours.opens_at, hours.closes_at))
            for day, spans in by_day.items():
                self.initial[f"hours_{day}"] = format_hours(spans)
        else:
            self.initial.setdefault("verified_on", timezone.localdate())

    def channel_fields(self) -> list:
        return [self[f"channel_{c.value}"] for c in ContactChannel]

    def hours_fields(self) -> list:
        return [self[f"hours_{d.value}"] for d in Weekday]

    def clean(self) -> dict:
        data = super().clean()
        hours: dict[int, list] = {}
        for day in Weekday:
            try:
                hours[day.value] = parse_hours(data.get(f"hours_{day.value}", "") or "")
            except ValueError as error:
                self.add_error(
                    f"hours_{day.value}",
                    _("“%(value)s” is not a time span like 09:00-17:00 (closing after opening).")
                    % {"value": error},
                )
        data["hours"] = hours
        channels = {c.value: (data.get(f"channel_{c.value}") or "").strip() for c in ContactChannel}
        if not any(channels.values()):
            self.add_error("channel_phone", _("Give at least one way to make contact."))
        data["channels"] = {key: value for key, value in channels.items() if value}
        if not data.get("is_national") and not data.get("regions"):
            self.add_error(
                "regions", _("Choose the regions served, or tick “available nationally”.")
            )
        return data


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "address_1", "postal_code", "city", "municipality"]
