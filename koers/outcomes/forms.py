"""Forms built from the instrument: one form per questionnaire page, plus the code, contact
and import forms. Radio buttons and tick-boxes are plain HTML: they work without JavaScript."""

import datetime as dt
import unicodedata
from functools import lru_cache
from typing import Any

from babel import Locale
from django import forms
from django.utils.translation import gettext_lazy as _

from koers.regions.models import Region

from . import instrument
from .codes import normalise_resume_code, pseudonymous_code
from .models import ContactChannel


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for language in ("nl", "en", "es", "ro"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                index.setdefault(_fold(name), code)
    for code in list(index.values()):
        index.setdefault(code.lower(), code)
    return index


def country_code(text: str) -> str:
    """ISO 3166 code for a country name in nl/en/es/ro (or a code), else the text as typed."""
    return _country_index().get(_fold(text), text.strip())


def _choices(item: instrument.Item, stopped: bool) -> list[tuple[str, Any]]:
    result = []
    for option in item.options:
        if option.only_if_stopped and not stopped:
            continue
        label = option.label_stopped if (stopped and option.label_stopped) else option.label
        result.append((option.value, label))
    return result


def field_for(item: instrument.Item, stopped: bool = False) -> forms.Field:
    label = item.label_stopped if (stopped and item.label_stopped) else item.label
    common = {"label": label, "required": item.required, "help_text": item.help_text}
    if item.kind == instrument.SINGLE:
        return forms.ChoiceField(
            choices=_choices(item, stopped),
            widget=forms.RadioSelect,
            error_messages={"required": _("Please choose one answer.")},
            **common,
        )
    if item.kind == instrument.MULTI:
        return forms.MultipleChoiceField(
            choices=_choices(item, stopped), widget=forms.CheckboxSelectMultiple, **common
        )
    if item.kind == instrument.NUMBER:
        message = _("Enter a whole number from %(min)s to %(max)s.") % {
            "min": item.minimum,
            "max": item.maximum,
        }
        return forms.IntegerField(
            min_value=item.minimum,
            max_value=item.maximum,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages={"invalid": message, "min_value": message, "max_value": message},
            **common,
        )
    return forms.CharField(max_length=300, **common)


class PageForm(forms.Form):
    """The questions of one page; ``initial`` comes from the answers saved so far."""

    def __init__(
        self, page: instrument.Page, *args: Any, stopped: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        for item in page.items:
            self.fields[item.key] = field_for(item, stopped)
            self.fields[item.key].follow_up = item.follow_up
            self.fields[item.key].kind = item.kind

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for item in self.page.items:
            if item.kind == instrument.COUNTRY and cleaned.get(item.key):
                cleaned[item.key] = country_code(cleaned[item.key])
        return cleaned


class CodeForm(forms.Form):
    """The three answers the pseudonymous code is built from; none of them is stored."""

    name = forms.CharField(
        label=_("Your first name or work name"),
        help_text=_("We only use the first and the last letter."),
        max_length=80,
    )
    birth_year = forms.IntegerField(
        label=_("Your year of birth"),
        help_text=_("For example 1990. We only use the last two digits."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    birth_city = forms.CharField(
        label=_("The town or city where you were born"),
        help_text=_("We only use the first two letters."),
        max_length=80,
    )
    region = forms.ModelChoiceField(
        label=_("Region where you mostly live or work (optional)"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Prefer not to say"),
    )

    def __init__(self, *args: Any, ask_region: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_region:
            del self.fields["region"]

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        if not 1900 <= year <= dt.date.today().year - 16:
            raise forms.ValidationError(
                _("Enter a year of birth with four digits, for example 1990.")
            )
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if all(cleaned.get(k) for k in ("name", "birth_year", "birth_city")):
            try:
                cleaned["code"] = pseudonymous_code(
                    cleaned["name"], cleaned["birth_year"], cleaned["birth_city"]
                )
            except ValueError:
                raise forms.ValidationError(
                    _("Use letters for your name and at least two letters for the town.")
                ) from None
        return cleaned


class ResumeForm(forms.Form):
    code = forms.CharField(
        label=_("Your resume code"),
        max_length=40,
        help_text=_("For example ABCD-EFGH-JKLM-NPQR."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalise_resume_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("This code has 16 letters and digits, in four groups of four. Please check it.")
            )
        return code


class ContactForm(forms.Form):
    """How the person wants to be invited for the next wave. Stored encrypted."""

    NONE = ""
    channel = forms.ChoiceField(
        label=_("How may we send you the invitation?"),
        choices=[*ContactChannel.choices, ("", _("Do not contact me"))],
        widget=forms.RadioSelect,
        required=False,
    )
    address = forms.CharField(
        label=_("E-mail address or phone number"),
        max_length=200,
        required=False,
    )
    other_channel = forms.ChoiceField(
        label=_("A second way, in case the first does not reach you (optional)"),
        choices=[("", _("None")), *ContactChannel.choices],
        required=False,
    )
    other_address = forms.CharField(
        label=_("Second e-mail address or phone number"), max_length=200, required=False
    )

    def _check(self, channel: str, address: str, field: str) -> str:
        address = address.strip()
        if not channel:
            return ""
        if not address:
            self.add_error(
                field, _("Fill in where we can reach you, or choose 'Do not contact me'.")
            )
            return ""
        if channel == ContactChannel.EMAIL:
            try:
                forms.EmailField().clean(address)
            except forms.ValidationError:
                self.add_error(field, _("Enter a valid e-mail address."))
        else:
            digits = "".join(ch for ch in address if ch.isdigit())
            if not 8 <= len(digits) <= 15 or any(ch not in "+0123456789 -()" for ch in address):
                self.add_error(field, _("Enter a phone number, for example +31 6 12345678."))
        return address

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["address"] = self._check(
            cleaned.get("channel", ""), cleaned.get("address", ""), "address"
        )
        cleaned["other_address"] = self._check(
            cleaned.get("other_channel", ""), cleaned.get("other_address", ""), "other_address"
        )
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8, comma-separated, layout as documented.")
    )
