"""Objects the authorization matrix aims at (tests/access_matrix.py, outcomes section)."""

from django.utils import timezone

from koers.outcomes import services
from koers.outcomes.models import CallTask, ContactChannel


def open_wave(world) -> dict:
    """Questionnaire pages take no code in the URL: without one in the session they send
    everyone to the resume form (a redirect, not a login)."""
    services.enter("MA90UT")
    return {}


def open_wave_page(world) -> dict:
    return {**open_wave(world), "page": "situation"}


def link_token(world) -> dict:
    entry = services.enter("LI90NK")
    return {"token": services.issue_link_token(entry.wave)}


def _task(organisation) -> dict:
    entry = services.enter(f"T{organisation.pk}X80AM", organisation=organisation)
    services.set_contact(entry.participant, channel=ContactChannel.SMS, address="+31 6 12345678")
    task = CallTask.objects.create(
        wave=entry.wave, organisation=organisation, created_at=timezone.now()
    )
    return {"task_id": task.pk}


def call_task(world) -> dict:
    return _task(world.org_a)


def call_task_b(world) -> dict:
    return _task(world.org_b)
