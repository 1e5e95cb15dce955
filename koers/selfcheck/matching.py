"""Self-check answers → ranked services, each with the reasons it matched.

:func:`match_services` is pure: it reads only the answers and the :class:`Candidate` values
it is given (each built from a directory service by
:func:`koers.selfcheck.selectors.candidate_from_service`), so the rule can be read, tested
and explained without a database. The rule:

1. *Who is left out.* A service that helps with none of the ticked needs (when needs were
   ticked), a regional service outside the person's region (when a region was given), and a
   service meant only for genders the person said they are not.
2. *Order.* When the person feels unsafe, confidential advisers come first. Then the
   directory's tiers (:func:`koers.directory.selectors.service_tier`: sex-work-specific in the
   region, specific national, general partners), then more matched needs, then the person's
   language spoken, then groups the service is meant for, then the most recently verified.
3. *Reasons.* Every reason a service is shown is returned as a code plus a value, so the
   page can say "because you ticked housing", "speaks Spanish", "in your region",
   "you do not have to stop".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from koers.directory.selectors import TIER_OTHER, service_tier
from koers.directory.vocabulary import ServiceScope, TargetGroup

from .answers import Answers

#: How many matching services the result page shows.
RESULT_LIMIT = 8

GENDER_GROUPS = {TargetGroup.WOMEN, TargetGroup.MEN, TargetGroup.TRANS_NONBINARY}


@dataclass(frozen=True)
class Candidate:
    """The facts about one directory service that matching needs."""

    pk: int
    name: str
    scope: str = ServiceScope.SPECIFIC
    is_national: bool = False
    region_ids: frozenset[int] = frozenset()
    domains: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    no_need_to_stop: bool = False
    can_be_anonymous: bool = False
    within_branch: bool = False
    is_adviser: bool = False
    verified_on: date = field(default_factory=date.today)


@dataclass(frozen=True)
class Reason:
    """Why a service is shown: ``code`` (see ``REASON_CODES``) and an optional value."""

    code: str
    value: str = ""


REASON_CODES = (
    "unsafe_adviser",  # you said you feel unsafe: a confidential adviser
    "need",  # value: life-domain code the person ticked
    "language",  # value: language code the staff speak
    "region",  # value: region name
    "national",
    "no_need_to_stop",
    "anonymous",
    "within_branch",
    "group",  # value: target-group code
)


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    tier: int
    reasons: tuple[Reason, ...]


def person_groups(answers: Answers) -> set[str]:
    """The target groups the person's answers place them in (only what they told us)."""
    groups: set[str] = set()
    if answers.gender == "woman":
        groups.add(TargetGroup.WOMEN)
    if answers.gender == "man":
        groups.add(TargetGroup.MEN)
    if answers.gender == "non_binary" or answers.trans == "yes":
        groups.add(TargetGroup.TRANS_NONBINARY)
    if answers.migration == "yes":
        groups.add(TargetGroup.MIGRANTS)
    if answers.direction == "within":
        groups.add(TargetGroup.WITHIN_BRANCH)
    if answers.unsafe:
        groups.add(TargetGroup.VICTIMS)
    return groups


def _excluded_by_gender(candidate: Candidate, answers: Answers, groups: set[str]) -> bool:
    """A service meant only for some genders is left out for a person who told us they are
    none of them. Unknown or "prefer not to say" never excludes."""
    if answers.gender in ("", "prefer_not", "other"):
        return False
    only_gender = candidate.groups and candidate.groups <= GENDER_GROUPS
    return bool(only_gender and not (candidate.groups & groups))


def match_services(
    answers: Answers, candidates: Iterable[Candidate], *, limit: int = RESULT_LIMIT
) -> list[Match]:
    """The services to show for ``answers``, best first, at most ``limit`` (see module doc)."""
    groups = person_groups(answers)
    wanted = set(answers.needs)
    scored: list[tuple[tuple, Match]] = []
    for candidate in candidates:
        is_adviser_for_unsafe = answers.unsafe and candidate.is_adviser
        matched_needs = [need for need in answers.needs if need in candidate.domains]
        if wanted and not matched_needs and not is_adviser_for_unsafe:
            continue
        tier = service_tier(candidate, answers.region_id, candidate.region_ids)
        if answers.region_id is not None and tier == TIER_OTHER:
            continue
        if _excluded_by_gender(candidate, answers, groups):
            continue
        reasons: list[Reason] = []
        if is_adviser_for_unsafe:
            reasons.append(Reason("unsafe_adviser"))
        reasons.extend(Reason("need", need) for need in matched_needs)
        speaks = bool(answers.language and answers.language in candidate.languages)
        if speaks:
            reasons.append(Reason("language", answers.language))
        if answers.region_id is not None and answers.region_id in candidate.region_ids:
            reasons.append(Reason("region", answers.region_name))
        elif candidate.is_national:
            reasons.append(Reason("national"))
        if candidate.no_need_to_stop and answers.situation != "stopped":
            reasons.append(Reason("no_need_to_stop"))
        if candidate.can_be_anonymous:
            reasons.append(Reason("anonymous"))
        if candidate.within_branch and answers.direction in ("within", "not_sure"):
            reasons.append(Reason("within_branch"))
        group_hits = sorted(candidate.groups & groups)
        reasons.extend(Reason("group", group) for group in group_hits)
        key = (
            0 if is_adviser_for_unsafe else 1,
            tier,
            -len(matched_needs),
            0 if speaks else 1,
            -len(group_hits),
            -candidate.verified_on.toordinal(),
            candidate.name.lower(),
            candidate.pk,
        )
        scored.append((key, Match(candidate, tier, tuple(reasons))))
    scored.sort(key=lambda pair: pair[0])
    return [match for _key, match in scored[:limit]]
