"""Directory services for self-check and contact tests."""

from koers.directory.models import ContactPoint, Service, ServiceAttribute, ServiceLanguage


def make_service(
    organisation,
    name="Samen wonen",
    *,
    domains=("housing",),
    regions=(),
    languages=(),
    national=False,
    **extra,
):
    service = Service.objects.create(
        organisation=organisation,
        name_nl=name,
        name_en=f"{name} (en)",
        description_nl="We helpen je met een woning.",
        is_national=national,
        no_need_to_stop=True,
        can_be_anonymous=True,
        **extra,
    )
    for code in domains:
        ServiceAttribute.objects.create(service=service, taxonomy="koers-life-domain", code=code)
    for code in languages:
        ServiceLanguage.objects.create(service=service, code=code)
    service.regions.set(regions)
    ContactPoint.objects.create(service=service, channel="phone", value="+31 20 123 4567")
    return service
