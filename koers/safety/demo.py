"""Demo data for safety: the demo member is a verified member in Amsterdam, and there are
reports — some moderated into warnings — with made-up perpetrator numbers (06-555 range
is not used here; numbers are random but only stored hashed and encrypted anyway)."""

from datetime import date, timedelta

from django.utils import timezone

from koers.accounts.models import User
from koers.demodata.registry import DemoContext, register
from koers.regions.models import Region

from .models import (
    ACTS,
    MemberProfile,
    MemberStatus,
    PerpetratorNumber,
    PerpetratorType,
    PlaceType,
    Report,
    ReportStatus,
    SafetyWarning,
)
from .numbers import number_hash
from .services import REFERENCE_ALPHABET, add_months

WARNING_TEXTS = [
    "Books by phone, then refuses to pay and becomes aggressive.",
    "Removes the condom during sex. Be careful.",
    "Threatens to post photos online unless you give money.",
    "No-show several times, then sends insulting messages.",
]


def _reference(context: DemoContext) -> str:
    return "".join(context.rng.choice(REFERENCE_ALPHABET) for _ in range(8))


@register("safety", order=60)
def generate(context: DemoContext) -> None:
    rng = context.rng
    regions = list(Region.objects.order_by("slug"))
    amsterdam = Region.objects.get(slug="amsterdam")
    member = User.objects.filter(username="member").first()
    if member is not None:
        profile = MemberProfile.objects.create(
            user=member,
            work_name="Demo",
            email="member@example.invalid",
            reference=_reference(context),
            status=MemberStatus.VERIFIED,
            notify_by="mail",
            verified_at=timezone.now(),
        )
        profile.regions.set([amsterdam])
    moderator = User.objects.filter(username="moderator").first()
    today = timezone.localdate()
    for index in context.progress(range(context.count(20)), desc="safety reports"):
        form = rng.choice(list(ACTS))
        region = amsterdam if index % 3 == 0 else rng.choice(regions)
        report = Report.objects.create(
            reference=_reference(context),
            reporter_kind="anonymous" if index % 4 == 0 else "member",
            lower_trust=index % 4 == 0,
            occurred_on=today - timedelta(days=rng.randrange(1, 300)),
            region=region,
            place_type=rng.choice(PlaceType.values),
            forms=[form],
            acts=[rng.choice(ACTS[form])[0]],
            perpetrator_type=rng.choice(PerpetratorType.values),
            description="Demo report.",
            wants_warning=True,
            police_consent=index % 2 == 0,
        )
        number = f"+316{rng.randrange(10**8):08d}"
        stored = PerpetratorNumber.objects.create(
            report=report, number_hash=number_hash(number), number_encrypted=number
        )
        if index % 2 == 0 and moderator is not None:
            now = timezone.now()
            warning = SafetyWarning.objects.create(
                report=report,
                text=rng.choice(WARNING_TEXTS),
                forms=[form],
                perpetrator_type=report.perpetrator_type,
                incident_month=date(report.occurred_on.year, report.occurred_on.month, 1),
                published_by=moderator,
                published_at=now - timedelta(days=index),
                expires_at=add_months(now, 12),
            )
            warning.regions.set([region])
            stored.warning = warning
            stored.save(update_fields=["warning"])
            report.status = ReportStatus.PUBLISHED
            report.moderated_by, report.moderated_at = moderator, now
            report.save(update_fields=["status", "moderated_by", "moderated_at"])
