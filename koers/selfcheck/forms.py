"""The self-check form. One form holds every answer; each screen validates only its own
fields and carries the others along as hidden inputs (see ``views``), so nothing is kept
on the server between screens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.directory.selectors import resolve_town
from koers.directory.vocabulary import LifeDomain, SpokenLanguage

from .vocabulary import Direction, Gender, Situation, YesNo, YesNoPreferNot

#: Which answer fields each screen shows, in order. The last screen is all optional.
SCREENS: tuple[tuple[str, ...], ...] = (
    ("situation", "direction"),
    ("needs", "unsafe"),
    ("town", "language", "gender", "trans", "migration"),
)
REQUIRED_ON_SCREEN: dict[str, str] = {
    "situation": gettext_lazy("Choose what fits you best."),
    "direction": gettext_lazy("Choose one; “I am not sure yet” is fine too."),
}
#: Questions that only matter after some answers: asked of everyone, required only then.
#: The direction of a change is required of someone thinking about change or changing
#: now, not of someone who is not thinking about it or has stopped.
REQUIRED_ONLY_IF: dict[str, tuple[str, frozenset[str]]] = {
    "direction": ("situation", frozenset({"considering", "changing"})),
}


class SelfCheckForm(forms.Form):
    situation = forms.ChoiceField(
        label=gettext_lazy("Which fits you best right now?"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    direction = forms.ChoiceField(
        label=gettext_lazy("If you think about change, in which direction?"),
        help_text=gettext_lazy("Only if you are thinking about change or changing now."),
        choices=Direction.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label=gettext_lazy("What would you like help with?"),
        help_text=gettext_lazy("Tick as many as you like, or none."),
        choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    unsafe = forms.ChoiceField(
        label=gettext_lazy("Do you feel unsafe right now?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    town = forms.CharField(
        label=gettext_lazy("Your town or region"),
        help_text=gettext_lazy("Optional. For example Tilburg or Zaandam."),
        max_length=80,
        required=False,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Which language do you prefer?"),
        choices=[("", gettext_lazy("No preference"))] + list(SpokenLanguage.choices),
        required=False,
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Your gender"),
        choices=Gender.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    trans = forms.ChoiceField(
        label=gettext_lazy("Are you trans?"),
        choices=YesNoPreferNot.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    migration = forms.ChoiceField(
        label=gettext_lazy("Did you come to the Netherlands from another country?"),
        choices=YesNoPreferNot.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean_town(self) -> str:
        text = " ".join((self.cleaned_data.get("town") or "").split())
        self.cleaned_data["town_lookup"] = None
        if not text:
            return ""
        lookup = resolve_town(text)
        if lookup.municipality is None:
            message = _("We do not know the town “%(town)s”.") % {"town": text}
            if lookup.suggestions:
                message += " " + _("Did you mean: %(names)s?") % {
                    "names": ", ".join(lookup.suggestions)
                }
            raise forms.ValidationError(message, code="unknown_town")
        self.cleaned_data["town_lookup"] = lookup
        return text

    def screen_errors(self, screen: int) -> dict[str, Any]:
        """Errors of the fields on ``screen`` (1-based), including "required" ones."""
        errors: dict[str, Any] = {}
        for name in SCREENS[screen - 1]:
            if name in self.errors:
                errors[name] = self.errors[name]
            elif (
                name in REQUIRED_ON_SCREEN
                and not self.cleaned_data.get(name)
                and self._required_now(name)
            ):
                self.add_error(name, str(REQUIRED_ON_SCREEN[name]))
                errors[name] = self.errors[name]
        return errors

    def _required_now(self, name: str) -> bool:
        if name not in REQUIRED_ONLY_IF:
            return True
        other, values = REQUIRED_ONLY_IF[name]
        return self.cleaned_data.get(other) in values

    def first_screen_with_errors(self) -> int | None:
        for index in range(1, len(SCREENS) + 1):
            if self.screen_errors(index):
                return index
        return None


def carried_pairs(data: QueryDict, screen: int) -> list[tuple[str, str]]:
    """(name, value) pairs of every answer *not* shown on ``screen``, as submitted, to put
    in hidden inputs. Values are validated again on the final screen."""
    shown = set(SCREENS[screen - 1])
    pairs = []
    for names in SCREENS:
        for name in names:
            if name in shown:
                continue
            for value in data.getlist(name):
                if value:
                    pairs.append((name, value[:80]))
    return pairs


def answers_query(data: QueryDict) -> str:
    """Every submitted answer as one URL-encoded string, carried to the contact form."""
    query = QueryDict(mutable=True)
    for names in SCREENS:
        for name in names:
            values = [v[:80] for v in data.getlist(name) if v]
            if values:
                query.setlist(name, values)
    return query.urlencode()
