"""Builders of safety objects for tests: the app's own, other apps' (monitoring, scheduling)
and the access matrix's. Kept under ``tests/`` so the shipped package holds nothing that only
tests use."""

from datetime import date
from typing import Any

from django.utils import timezone

from koers.accounts.models import User, UserKind
from koers.regions.models import Region
from koers.safety import services
from koers.safety.models import MemberProfile, MemberStatus, NotifyChannel, ReporterKind

PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105


def make_member(
    username: str,
    *,
    region_slugs=("amsterdam",),
    user: User | None = None,
    notify_by: str = NotifyChannel.NONE,
    email: str = "",
    phone: str = "",
) -> MemberProfile:
    """A verified member in ``region_slugs`` (creating the login unless ``user`` is given)."""
    if user is None:
        user = User.objects.create_user(username=username, password=PASSWORD, kind=UserKind.MEMBER)
    profile = MemberProfile.objects.create(
        user=user,
        work_name=f"Work name {username}",
        email=email or f"{username}@example.org",
        phone=phone,
        notify_by=notify_by,
        reference=services.new_reference(),
        status=MemberStatus.VERIFIED,
    )
    profile.regions.set(Region.objects.filter(slug__in=region_slugs))
    return profile


def report_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "occurred_on": date(2026, 10, 3),
        "region": Region.objects.get(slug="amsterdam"),
        "municipality": None,
        "place_type": "window",
        "violence": ["financial"],
        "acts": ["non_payment"],
        "perpetrator_type": "client",
        "perpetrator_names": "Rob",
        "perpetrator_description": "tall, grey coat",
        "perpetrator_vehicle": "",
        "description": "He left without paying.",
        "wants_warning": True,
        "police_consent": True,
        "contact_channel": "none",
        "contact_address": "",
    }
    data.update(overrides)
    return data


def make_report(numbers=("+31612345678",), *, reporter=None, **overrides: Any):
    kind = ReporterKind.MEMBER if reporter is not None else ReporterKind.ANONYMOUS
    return services.submit_report(
        report_data(**overrides), kind=kind, numbers=list(numbers), reporter=reporter
    )


def make_safety_world(world: Any) -> dict[str, Any]:
    """Objects for the access matrix: an org-A invitation, a report, a member, a request."""
    creator = world.users["professional_a"]
    invitation, _code = services.create_invitation(world.org_a, by=creator)
    report = make_report()
    profile = make_member("matrix-member")
    request = services.record_request(
        report=report, kind="correction", details="", by=world.users["moderator"]
    )
    warning, _result = services.publish_warning(
        make_report(),
        text="Matrix warning.",
        regions=Region.objects.all()[:1],
        expires_at=services.add_months(timezone.now(), 12),
        by=world.users["moderator"],
    )
    return {
        "invitation": invitation,
        "report": report,
        "profile": profile,
        "request": request,
        "warning": warning,
    }


def safety_object(world: Any, name: str) -> Any:
    cache = world.__dict__.setdefault("safety_objects", {})
    if not cache:
        cache.update(make_safety_world(world))
    return cache[name]
