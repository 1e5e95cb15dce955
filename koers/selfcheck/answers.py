"""The answers of one self-check, as a plain value.

Nothing here touches the database or the session: answers travel between screens in
hidden form fields and, only when the person asks to be contacted *and* ticks "share my
answers", are stored (encrypted) with their contact request as :meth:`Answers.to_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from koers.directory.vocabulary import LifeDomain, SpokenLanguage

#: The names of the answer fields, as used in forms, hidden fields and the shared dict.
ANSWER_FIELDS: tuple[str, ...] = (
    "situation",
    "direction",
    "needs",
    "unsafe",
    "town",
    "language",
    "gender",
    "trans",
    "migration",
)


@dataclass(frozen=True)
class Answers:
    """What a person answered. Every field may be empty except ``situation``."""

    situation: str = ""
    direction: str = ""
    needs: tuple[str, ...] = ()
    unsafe: bool = False
    town: str = ""
    region_id: int | None = None
    region_name: str = ""
    language: str = ""
    gender: str = ""
    trans: str = ""
    migration: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_cleaned(cls, cleaned: dict[str, Any]) -> Answers:
        """Build from a valid :class:`~koers.selfcheck.forms.SelfCheckForm`'s cleaned data."""
        order = list(LifeDomain.values)
        needs = sorted(set(cleaned.get("needs") or ()), key=order.index)
        lookup = cleaned.get("town_lookup")
        region = lookup.region if lookup is not None else None
        return cls(
            situation=cleaned.get("situation") or "",
            direction=cleaned.get("direction") or "",
            needs=tuple(needs),
            unsafe=cleaned.get("unsafe") == "yes",
            town=cleaned.get("town") or "",
            region_id=region.pk if region else None,
            region_name=region.name if region else "",
            language=cleaned.get("language") or "",
            gender=cleaned.get("gender") or "",
            trans=cleaned.get("trans") or "",
            migration=cleaned.get("migration") or "",
        )

    def to_dict(self) -> dict[str, Any]:
        """The codes a person chose, for sharing with an organisation (no free text except
        the town)."""
        return {
            "situation": self.situation,
            "direction": self.direction,
            "needs": list(self.needs),
            "unsafe": "yes" if self.unsafe else "no",
            "town": self.town,
            "region": self.region_name,
            "language": self.language,
            "gender": self.gender,
            "trans": self.trans,
            "migration": self.migration,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answers:
        """The inverse of :meth:`to_dict` (unknown keys ignored)."""
        return cls(
            situation=str(data.get("situation", "")),
            direction=str(data.get("direction", "")),
            needs=tuple(str(n) for n in data.get("needs", []) if n in LifeDomain.values),
            unsafe=data.get("unsafe") == "yes",
            town=str(data.get("town", "")),
            region_name=str(data.get("region", "")),
            language=str(data.get("language", "")),
            gender=str(data.get("gender", "")),
            trans=str(data.get("trans", "")),
            migration=str(data.get("migration", "")),
        )


def answer_rows(answers: Answers) -> list[tuple[str, str]]:
    """The answers as (question, answer) pairs in the reader's language, for the inbox."""
    from django.utils.translation import gettext as _

    from .vocabulary import Direction, Gender, Situation, YesNoPreferNot

    def label(choices, code: str) -> str:
        return str(dict(choices).get(code, "")) or "—"

    domains = dict(LifeDomain.choices)
    return [
        (_("Situation"), label(Situation.choices, answers.situation)),
        (_("Direction"), label(Direction.choices, answers.direction)),
        (_("Needs"), ", ".join(str(domains[n]) for n in answers.needs) or "—"),
        (_("Feels unsafe right now"), _("yes") if answers.unsafe else _("no")),
        (_("Region"), answers.region_name or "—"),
        (_("Preferred language"), label(SpokenLanguage.choices, answers.language)),
        (_("Gender"), label(Gender.choices, answers.gender)),
        (_("Trans"), label(YesNoPreferNot.choices, answers.trans)),
        (_("Came from another country"), label(YesNoPreferNot.choices, answers.migration)),
    ]
