"""The fieldwork form: built to be filled in on a phone in under a minute. Every count is
checked against the others, and a refused number keeps everything else that was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.directory.vocabulary import SpokenLanguage
from koers.regions.models import Municipality

from .models import GROUP_FIELDS
from .vocabulary import (
    MAX_PEOPLE_PER_SESSION,
    Group,
    HandedOut,
    Platform,
    Setting,
    Topic,
    Venue,
)

GENDER_FIELDS = ("women", "men", "trans_nonbinary")


def _count(label: Any, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count-input"}),
        error_messages={
            "invalid": gettext_lazy("Enter a whole number."),
            "min_value": gettext_lazy("A count cannot be below zero."),
            "required": gettext_lazy("Enter how many people you reached (0 is fine)."),
        },
    )


def _multi(label: Any, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class FieldworkForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Enter a date like 2026-03-31."),
            "required": gettext_lazy("Enter the date of the session."),
        },
    )
    setting = forms.ChoiceField(
        label=gettext_lazy("Where did you work?"),
        choices=Setting.choices,
        widget=forms.RadioSelect,
        initial=Setting.OFFLINE,
    )
    venue = forms.ChoiceField(
        label=gettext_lazy("Venue"),
        choices=[("", "—"), *Venue.choices],
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a municipality from the list.")},
    )
    platform = forms.ChoiceField(
        label=gettext_lazy("Platform (online)"),
        choices=[("", "—"), *Platform.choices],
        required=False,
    )
    people_reached = _count(gettext_lazy("People reached"), required=True)
    conversations = _count(gettext_lazy("Conversations"), required=True)
    women = _count(Group.WOMEN.label)
    men = _count(Group.MEN.label)
    trans_nonbinary = _count(Group.TRANS_NONBINARY.label)
    migrant = _count(Group.MIGRANT.label)
    young = _count(Group.YOUNG.label)
    unlicensed = _count(Group.UNLICENSED.label)
    languages = _multi(gettext_lazy("Languages spoken"), SpokenLanguage.choices)
    topics = _multi(gettext_lazy("Topics discussed"), Topic.choices)
    handed_out = _multi(gettext_lazy("Handed out or referred"), HandedOut.choices)

    def clean_people_reached(self) -> int:
        value: int = self.cleaned_data["people_reached"]
        if value > MAX_PEOPLE_PER_SESSION:
            raise forms.ValidationError(
                _(
                    "%(number)s people in one session is more than we can take as right. "
                    "Check the number (at most %(limit)s)."
                )
                % {"number": value, "limit": MAX_PEOPLE_PER_SESSION},
                code="too_many",
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_place(cleaned)
        people = cleaned.get("people_reached")
        if people is None:
            return cleaned
        for name in GROUP_FIELDS:
            cleaned[name] = cleaned.get(name) or 0
        conversations = cleaned.get("conversations")
        if conversations is not None and conversations > people:
            self.add_error(
                "conversations", _("There cannot be more conversations than people reached.")
            )
        for name in GROUP_FIELDS:
            if cleaned[name] > people and name not in self.errors:
                self.add_error(name, _("This is more than the people reached."))
        if sum(cleaned[name] for name in GENDER_FIELDS) > people and not self.errors:
            self.add_error(
                "women", _("Women, men and trans or non-binary together exceed the people reached.")
            )
        return cleaned

    def _check_place(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("setting") == Setting.ONLINE:
            if not cleaned.get("platform"):
                self.add_error("platform", _("Choose the platform."))
            cleaned["venue"], cleaned["municipality"] = "", None
        elif cleaned.get("setting") == Setting.OFFLINE:
            if not cleaned.get("venue"):
                self.add_error("venue", _("Choose the venue."))
            if not cleaned.get("municipality") and "municipality" not in self.errors:
                self.add_error("municipality", _("Choose the municipality."))
            cleaned["platform"] = ""
