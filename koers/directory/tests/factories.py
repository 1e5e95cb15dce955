# ruff: noqa: E501
"""Small builders for directory tests."""

from datetime import time

from koers.directory.models import (
    ContactPoint,
    OpeningHours,
    Service,
    ServiceAttribute,
    ServiceLanguage,
)
from koers.regions.models import Region


def make_service(organisation, *, region_slugs=("tilburg",), domains=("housing",), groups=(), national=False,
                 scope="specific", name="Woonhulp", description="Een woonbegeleider zoekt met je naar een kamer.",
                 translations=None, channels=None, **fields) -> Service:  # fmt: skip
    service = Service.objects.create(
        organisation=organisation,
        scope=scope,
        is_national=national,
        name_nl=name,
        description_nl=description,
        **fields,
    )
    for language, (t_name, t_description) in (translations or {}).items():
        setattr(service, f"name_{language}", t_name)
        setattr(service, f"description_{language}", t_description)
    service.save()
    if region_slugs and not national:
        service.regions.set(Region.objects.filter(slug__in=region_slugs))
    for code in domains:
        ServiceAttribute.objects.create(service=service, taxonomy="koers-life-domain", code=code)
    for code in groups:
        ServiceAttribute.objects.create(service=service, taxonomy="koers-target-group", code=code)
    for channel, value in (
        channels or {"phone": "+31 13 123 4567", "whatsapp": "+31 6 1234 5678"}
    ).items():
        ContactPoint.objects.create(service=service, channel=channel, value=value)
    ServiceLanguage.objects.create(service=service, code="nl")
    OpeningHours.objects.create(service=service, weekday=1, opens_at=time(9), closes_at=time(17))
    return service


TRANS_HOUSING = {
    "en": (
        "Housing help for trans sex workers",
        "A fixed housing worker looks with you for a room in Tilburg, also if you keep working for now.",
    ),
    "es": (
        "Ayuda de vivienda para trabajadoras sexuales trans",
        "Una acompañante fija busca contigo una habitación en Tilburg, también si por ahora sigues trabajando.",
    ),
    "ro": (
        "Ajutor cu locuința pentru lucrătoare sexuale trans",
        "O însoțitoare fixă caută cu tine o cameră în Tilburg, chiar dacă deocamdată continui să lucrezi.",
    ),
}
TRANS_HOUSING_NL = (
    "Woonhulp voor trans sekswerkers",
    "Een vaste woonbegeleider zoekt met jou naar een kamer in Tilburg, ook als je voorlopig blijft werken.",
)
