"""Demo contact requests: a few per specialised organisation and for the confidential
adviser, in every status, plus register entries. Deterministic (``context.rng``)."""

from datetime import timedelta

from django.utils import timezone

from koers.demodata.registry import DemoContext, register

from .models import AdviserRegisterEntry, ContactRequest
from .services import Route, create_request
from .vocabulary import AdviserTopic, AskerKind, Outcome, RequestChannel, RequestStatus

WORK_NAMES = ["Lola", "Mira", "Jade", "Nina", "Sam", "Kiki", "Roxy", "Dani", "Ana", "Ioana"]


@register("contact", order=60)
def generate(context: DemoContext) -> None:
    organisations = context.shared.get("organisations", {})
    targets = [org for key, org in sorted(organisations.items()) if key.startswith("specialised:")]
    adviser = organisations.get("confidential_adviser")
    if adviser is not None:
        targets.append(adviser)
    rng = context.rng
    now = timezone.now()
    statuses = list(RequestStatus.values)
    for org in targets:
        for _index in range(2 * context.scale):
            channel = rng.choice(RequestChannel.values)
            detail = (
                f"demo{rng.randint(100, 999)}@example.invalid"
                if channel == RequestChannel.EMAIL
                else f"+316{rng.randint(10000000, 99999999)}"
            )
            token = f"demo-{rng.getrandbits(96):024x}"
            created = create_request(
                token=token,
                route=Route(org, None),
                work_name=rng.choice(WORK_NAMES),
                channel=channel,
                contact_detail=detail,
                language=rng.choice(["nl", "en", "es", "ro"]),
                message="",
            )
            request = created.request
            status = rng.choice(statuses)
            ContactRequest.objects.filter(pk=request.pk).update(
                created_at=now - timedelta(days=rng.randint(0, 120)),
                status=status,
                outcome=(
                    rng.choice([Outcome.ADVICE_GIVEN, Outcome.REFERRED, Outcome.NO_CONTACT])
                    if status == RequestStatus.CLOSED
                    else (Outcome.WITHDRAWN if status == RequestStatus.WITHDRAWN else "")
                ),
                closed_at=now
                if status in (RequestStatus.CLOSED, RequestStatus.WITHDRAWN)
                else None,
            )
            if org is adviser:
                AdviserRegisterEntry.objects.create(
                    organisation=org,
                    request=request,
                    asker=rng.choice(AskerKind.values),
                    topic=rng.choice(AdviserTopic.values),
                    recorded_on=timezone.localdate() - timedelta(days=rng.randint(0, 90)),
                )
