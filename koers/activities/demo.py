"""Demo activities: per region a few upcoming ones by its specialised organisation (a CV
workshop, tax help, Dutch lessons, a peer meeting) and weekly walk-in hours, plus a past
one with its counts; drawn from the seed, dates relative to now."""

from datetime import timedelta

from django.utils import timezone

from koers.demodata.registry import DemoContext, register

from .models import Activity
from .services import publish
from .vocabulary import ActivityKind, ForWhom

TITLES = {
    ActivityKind.CV_WORKSHOP: ("Cv-workshop", "CV workshop", "Taller de CV", "Atelier de CV"),
    ActivityKind.TAX_RETURN: (
        "Hulp bij de belastingaangifte",
        "Help with the tax return",
        "Ayuda con la declaración de la renta",
        "Ajutor cu declarația fiscală",
    ),
    ActivityKind.DUTCH_LESSONS: (
        "Nederlandse les",
        "Dutch lessons",
        "Clases de neerlandés",
        "Cursuri de neerlandeză",
    ),
    ActivityKind.PEER_MEETING: (
        "Ontmoeting met ervaringsdeskundigen",
        "Peer meeting",
        "Encuentro entre pares",
        "Întâlnire între egali",
    ),
}


def _one_off(context: DemoContext, organisation, region, kind, days: int) -> Activity:
    nl, en, es, ro = TITLES[kind]
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=days)
    return publish(
        organisation=organisation,
        by=None,
        kind=kind,
        title_nl=nl,
        title_en=en,
        title_es=es,
        title_ro=ro,
        description_nl="Kleine groep, anoniem welkom. Een werknaam is genoeg.",
        description_en="Small group, anonymous welcome. A work name is enough.",
        region=region,
        online=kind == ActivityKind.TAX_RETURN and context.rng.random() < 0.5,
        place=f"Buurtcentrum {region.name}",
        starts_at=start.replace(hour=context.rng.choice([10, 14, 19])),
        language=context.rng.choice(["nl", "nl", "en", "ro", "es"]),
        for_whom=context.rng.choice([ForWhom.EVERYONE, ForWhom.EVERYONE, ForWhom.WOMEN]),
        registration_needed=True,
        capacity=context.rng.choice([8, 10, 12]),
    )


@register("activities", order=66)
def generate(context: DemoContext) -> None:
    organisations = context.shared["organisations"]
    for key in sorted(key for key in organisations if key.startswith("specialised:")):
        organisation = organisations[key]
        region = organisation.regions.first()
        for kind in context.rng.sample(list(TITLES), 2):
            _one_off(context, organisation, region, kind, context.rng.randint(2, 40))
        past = _one_off(context, organisation, region, ActivityKind.CV_WORKSHOP, -30)
        past.registered_count = context.rng.randint(3, past.capacity or 8)
        past.attendance = context.rng.randint(1, past.registered_count)
        past.save(update_fields=["registered_count", "attendance"])
        publish(
            organisation=organisation,
            by=None,
            kind=ActivityKind.WALK_IN,
            title_nl="Inloopspreekuur",
            title_en="Walk-in hours",
            region=region,
            place=f"Spreekkamer {region.name}",
            starts_at=timezone.now().replace(hour=13, minute=0, second=0, microsecond=0)
            - timedelta(days=context.rng.randint(0, 6)),
            weekly=True,
            language="nl",
        )
