"""Demo organisations: per region a specialised organisation and the lead municipality, plus
national services. Names are invented; any likeness to a real organisation is accidental."""

from koers.demodata.registry import DemoContext, register
from koers.regions.models import Region

from .models import Organisation, OrganisationKind

SPECIALISED_PATTERNS = [
    "Steunpunt Sekswerk {region}",
    "Oase {region}",
    "Wisselwerk {region}",
    "Spoor {region}",
    "Het Baken {region}",
]


@register("organisations", order=10)
def generate(context: DemoContext) -> None:
    regions = list(Region.objects.order_by("slug"))
    created: dict[str, Organisation] = {}
    for region in regions:
        for index in range(context.scale):
            pattern = SPECIALISED_PATTERNS[index % len(SPECIALISED_PATTERNS)]
            suffix = (
                ""
                if index < len(SPECIALISED_PATTERNS)
                else f" {index // len(SPECIALISED_PATTERNS) + 1}"
            )
            org = Organisation.objects.create(
                hsds_id=context.uuid(),
                name=pattern.format(region=region.name) + suffix,
                kind=OrganisationKind.SPECIALISED,
            )
            org.regions.add(region)
            created.setdefault(f"specialised:{region.slug}", org)
        municipality = Organisation.objects.create(
            hsds_id=context.uuid(),
            name=f"Gemeente {region.name}",
            kind=OrganisationKind.MUNICIPALITY,
        )
        municipality.regions.add(region)
        created[f"municipality:{region.slug}"] = municipality
    created["confidential_adviser"] = Organisation.objects.create(
        hsds_id=context.uuid(),
        name="Vertrouwenspunt Sekswerk",
        kind=OrganisationKind.CONFIDENTIAL_ADVISER,
        is_national=True,
    )
    created["national"] = Organisation.objects.create(
        hsds_id=context.uuid(),
        name="Landelijk Kenniscentrum Werkverandering",
        kind=OrganisationKind.NATIONAL,
        is_national=True,
    )
    created["peer"] = Organisation.objects.create(
        hsds_id=context.uuid(),
        name="Collectief Veilig Werken",
        kind=OrganisationKind.SPECIALISED,
        is_national=True,
    )
    created["peer"].regions.set(regions)
    context.shared["organisations"] = created
