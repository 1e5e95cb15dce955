"""Choosing a referral target and a goal in a way a worker can use.

The referral picker lists directory services **serving the client's region first** (the
region's own services and the national ones), grouped by organisation, each labelled with
its town(s) and life domains, so twelve services called "Bezoek op je werkplek of online"
can be told apart and an Amsterdam client is not sent to Alkmaar by mistake. Services of
other regions appear only when the worker asks for them ("all regions") or searches.
Searching (case and accents ignored) matches the service's name in any language, the
organisation and the town. It works without JavaScript: the search is a GET on the same
page that narrows the list, then the worker chooses.

Reads: one query for the candidate services with their organisation, one for their towns,
one for their life domains and one for their regions, whatever the number of services.
"""

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from koers.directory.models import Service, ServiceAtLocation, ServiceAttribute, ServiceStatus

from .caseload import normalise
from .vocabulary import LifeDomain

#: At most this many services are offered in one list (a search narrows further).
MAX_CHOICES = 300


def referral_choices(
    region_id: int | None, *, query: str = "", all_regions: bool = False, language: str = "nl"
) -> tuple[list[tuple[str, list[tuple[int, str]]]], int]:
    """Grouped choices ``[(organisation, [(service id, label), ...]), ...]`` and how many
    services matched. The client's region (and national services) first, then others."""
    services = list(
        Service.objects.filter(status=ServiceStatus.ACTIVE, organisation__is_active=True)
        .select_related("organisation")
        .only(
            "pk",
            "name_nl",
            "name_en",
            "name_es",
            "name_ro",
            "is_national",
            "organisation__name",
        )
    )
    ids = [service.pk for service in services]
    regions: dict[int, set[int]] = defaultdict(set)
    for service_id, rid in Service.regions.through.objects.filter(service_id__in=ids).values_list(
        "service_id", "region_id"
    ):
        regions[service_id].add(rid)
    towns: dict[int, set[str]] = defaultdict(set)
    for service_id, city in ServiceAtLocation.objects.filter(service_id__in=ids).values_list(
        "service_id", "location__city"
    ):
        towns[service_id].add(city)
    domains: dict[int, list[str]] = defaultdict(list)
    labels = dict(LifeDomain.choices)
    for service_id, code in ServiceAttribute.objects.filter(
        service_id__in=ids, taxonomy=ServiceAttribute.Taxonomy.LIFE_DOMAIN
    ).values_list("service_id", "code"):
        domains[service_id].append(str(labels.get(code, code)))
    wanted = normalise(query)
    chosen: list[tuple[bool, str, str, int, str]] = []
    for service in services:
        in_region = service.is_national or (
            region_id is not None and region_id in regions[service.pk]
        )
        name = service.text("name", language)[0]
        town = ", ".join(sorted(towns[service.pk])) or (
            _("national") if service.is_national else ""
        )
        if wanted:
            haystack = normalise(
                " ".join(
                    [service.name_nl, service.name_en, service.name_es, service.name_ro]
                    + [service.organisation.name, town]
                )
            )
            if wanted not in haystack:
                continue
        elif not (in_region or all_regions or region_id is None):
            continue
        label = name
        if town:
            label += f" — {town}"
        if domains[service.pk]:
            label += f" · {', '.join(sorted(domains[service.pk]))}"
        if region_id is not None and not in_region:
            label += " " + _("(other region)")
        chosen.append((not in_region, service.organisation.name, name.lower(), service.pk, label))
    chosen.sort()
    total = len(chosen)
    groups: dict[tuple[bool, str], list[tuple[int, str]]] = {}
    for other, organisation, _name, pk, label in chosen[:MAX_CHOICES]:
        groups.setdefault((other, organisation), []).append((pk, label))
    return [(organisation, items) for (_other, organisation), items in groups.items()], total


def goal_label(goal: Any) -> str:
    """A goal as the worker wrote it, with its life domain ("Housing: a room of my own")."""
    text = " ".join((goal.description or "").split())
    if len(text) > 80:
        text = text[:79] + "…"
    return f"{goal.get_life_domain_display().capitalize()}: {text}"
