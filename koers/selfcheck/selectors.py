"""Reading the directory for the self-check: candidates for :func:`match_services` and the
result page's services (with everything a service card shows), in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from koers.directory.models import Service, ServiceAttribute
from koers.directory.selectors import confidential_advisers, public_services, with_display_data
from koers.directory.vocabulary import LifeDomain, SpokenLanguage, TargetGroup
from koers.organisations.models import OrganisationKind

from .answers import Answers
from .matching import Candidate, Reason, match_services


def candidate_from_service(service: Service) -> Candidate:
    """The matching facts of a service whose regions, attributes and languages are prefetched."""
    attributes = list(service.attributes.all())
    return Candidate(
        pk=service.pk,
        name=service.name_nl,
        scope=service.scope,
        is_national=service.is_national,
        region_ids=frozenset(region.pk for region in service.regions.all()),
        domains=frozenset(
            a.code for a in attributes if a.taxonomy == ServiceAttribute.Taxonomy.LIFE_DOMAIN
        ),
        groups=frozenset(
            a.code for a in attributes if a.taxonomy == ServiceAttribute.Taxonomy.TARGET_GROUP
        ),
        languages=frozenset(language.code for language in service.languages.all()),
        no_need_to_stop=service.no_need_to_stop,
        can_be_anonymous=service.can_be_anonymous,
        within_branch=service.within_branch,
        is_adviser=service.organisation.kind == OrganisationKind.CONFIDENTIAL_ADVISER,
        verified_on=service.verified_on,
    )


def _candidate_services(answers: Answers) -> list[Service]:
    qs = public_services()
    is_adviser = Q(organisation__kind=OrganisationKind.CONFIDENTIAL_ADVISER)
    if answers.needs:
        helps = Exists(
            ServiceAttribute.objects.filter(
                service=OuterRef("pk"),
                taxonomy=ServiceAttribute.Taxonomy.LIFE_DOMAIN,
                code__in=answers.needs,
            )
        )
        qs = qs.filter(Q(helps) | is_adviser) if answers.unsafe else qs.filter(helps)
    if answers.region_id is not None:
        in_region = Exists(
            Service.regions.through.objects.filter(
                service_id=OuterRef("pk"), region_id=answers.region_id
            )
        )
        qs = qs.filter(Q(is_national=True) | Q(in_region))
    return list(with_display_data(qs))


@dataclass
class ShownService:
    service: Service
    reasons: list[str]


@dataclass
class CheckResult:
    answers: Answers
    matches: list[ShownService]
    advisers: list[Service]


def reason_text(reason: Reason) -> str:
    """A reason as the person reads it."""
    domains = dict(LifeDomain.choices)
    languages = dict(SpokenLanguage.choices)
    groups = dict(TargetGroup.choices)
    if reason.code == "unsafe_adviser":
        return _("You said you feel unsafe: a confidential adviser can help right away")
    if reason.code == "need":
        return _("Because you ticked “%(need)s”") % {"need": domains.get(reason.value, "")}
    if reason.code == "language":
        return _("Speaks %(language)s") % {"language": languages.get(reason.value, reason.value)}
    if reason.code == "region":
        return _("In your region (%(region)s)") % {"region": reason.value}
    if reason.code == "national":
        return _("Works all over the Netherlands")
    if reason.code == "no_need_to_stop":
        return _("You do not have to stop sex work")
    if reason.code == "anonymous":
        return _("You can stay anonymous")
    if reason.code == "within_branch":
        return _("Also helps with change within sex work")
    if reason.code == "group":
        return _("Especially for %(group)s") % {"group": groups.get(reason.value, reason.value)}
    return reason.code


def self_check_result(answers: Answers) -> CheckResult:
    """The services to show for ``answers``, with reasons as text, and the confidential
    advisers (always offered; first on the page when the person feels unsafe).

    When the person feels unsafe the page shows the advisers first in their own section, so
    those advisers are left out of the matches: each service is shown once."""
    advisers = confidential_advisers()
    services = {service.pk: service for service in _candidate_services(answers)}
    if answers.unsafe:
        for adviser in advisers:
            services.pop(adviser.pk, None)
    matches = match_services(answers, [candidate_from_service(s) for s in services.values()])
    shown = [
        ShownService(services[m.candidate.pk], [reason_text(r) for r in m.reasons]) for m in matches
    ]
    return CheckResult(answers=answers, matches=shown, advisers=advisers)
