"""A suggested support profile for professionals, from the self-check or intake answers.

The three profiles are a first typology (domain brief §3): P1 autonomous with practical
questions, P2 multiple support needs, P3 victim of exploitation. Koers only *suggests* one,
with the rule that fired spelled out ("suggested profile, because …"); it is never applied
automatically and the professional always chooses (``Client.chosen_profile``).

The rules, checked in this order (the first that holds is the suggestion):

- **P3** when the person feels unsafe right now, or ticked safety together with housing or
  their social network (dependency and the need for a new network are P3's hallmarks).
- **P2** when three or more of the "stacked" life domains are ticked (debts, housing,
  physical health, mental health, living on less money, education), or debts together with
  housing.
- **P1** when the person is considering or making a change and every need ticked is a
  practical one (work and income, education) — at most two.
- otherwise no suggestion: too little to go on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from koers.directory.vocabulary import LifeDomain

from .answers import Answers

STACKED_DOMAINS = (
    LifeDomain.DEBTS,
    LifeDomain.HOUSING,
    LifeDomain.PHYSICAL_HEALTH,
    LifeDomain.MENTAL_HEALTH,
    LifeDomain.BUDGETING,
    LifeDomain.EDUCATION,
)
PRACTICAL_DOMAINS = (LifeDomain.WORK_INCOME, LifeDomain.EDUCATION)


@dataclass(frozen=True)
class ProfileSuggestion:
    """``profile`` is ``"p1"``, ``"p2"``, ``"p3"`` (the codes of
    ``koers.trajectories.vocabulary.Profile``) or ``""`` for no suggestion."""

    profile: str
    because: tuple[str, ...]


def _names(codes) -> str:
    labels = dict(LifeDomain.choices)
    return ", ".join(str(labels[c]) for c in codes)


def suggest_profile(answers: Answers) -> ProfileSuggestion:
    """Apply the rules in the module docstring to ``answers``."""
    needs = set(answers.needs)
    because: list[str] = []
    if answers.unsafe:
        because.append(_("feels unsafe right now"))
    if LifeDomain.SAFETY in needs and needs & {LifeDomain.HOUSING, LifeDomain.SOCIAL_NETWORK}:
        paired = [d for d in (LifeDomain.HOUSING, LifeDomain.SOCIAL_NETWORK) if d in needs]
        because.append(_("asks for help with safety and %(domains)s") % {"domains": _names(paired)})
    if because:
        return ProfileSuggestion("p3", tuple(because))
    stacked = [d for d in STACKED_DOMAINS if d in needs]
    if len(stacked) >= 3:
        because.append(
            _("asks for help in %(count)d areas at once: %(domains)s")
            % {"count": len(stacked), "domains": _names(stacked)}
        )
    elif LifeDomain.DEBTS in needs and LifeDomain.HOUSING in needs:
        because.append(_("asks for help with both debts and housing"))
    if because:
        if answers.migration == "yes":
            because.append(_("came from another country (language may be a barrier)"))
        return ProfileSuggestion("p2", tuple(because))
    practical = [d for d in PRACTICAL_DOMAINS if d in needs]
    changing = answers.situation in ("considering", "changing")
    if changing and needs and len(needs) <= 2 and needs <= set(PRACTICAL_DOMAINS):
        return ProfileSuggestion(
            "p1",
            (
                _("is considering or making a change"),
                _("asks only practical questions: %(domains)s") % {"domains": _names(practical)},
            ),
        )
    return ProfileSuggestion("", (_("too little to go on"),))


def profile_label(code: str) -> str:
    labels = {
        "p1": _("P1 autonomous, practical questions"),
        "p2": _("P2 multiple support needs"),
        "p3": _("P3 victim of exploitation"),
    }
    return labels.get(code, _("no suggestion"))
