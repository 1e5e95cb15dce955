"""One command runs every periodic job; a broken job is reported without stopping the rest."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from koers.regions.models import Region
from koers.safety import services as safety
from koers.safety.models import SafetyWarning
from koers.safety.tests.factories import make_report
from koers.scheduling import jobs
from koers.scheduling.jobs import Job


def expired_warning(moderator) -> SafetyWarning:
    warning, _ = safety.publish_warning(
        make_report(),
        text="Does not pay.",
        regions=Region.objects.filter(slug="amsterdam"),
        expires_at=safety.add_months(timezone.now(), 12),
        by=moderator,
    )
    SafetyWarning.objects.filter(pk=warning.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    return warning


@pytest.mark.django_db
def test_one_run_unpublishes_an_expired_warning(users):
    warning = expired_warning(users["moderator"])
    out = StringIO()
    call_command("run_scheduled_jobs", stdout=out)
    warning.refresh_from_db()
    assert not warning.is_published
    assert f"all {len(jobs.JOBS)} jobs ran" in out.getvalue()


@pytest.mark.django_db
def test_a_failing_job_does_not_stop_the_others(users, monkeypatch):
    warning = expired_warning(users["moderator"])
    broken = (Job("no_such_command_here", "broken on purpose"),) + jobs.JOBS
    monkeypatch.setattr("koers.scheduling.management.commands.run_scheduled_jobs.JOBS", broken)
    with pytest.raises(CommandError, match="no_such_command_here"):
        call_command("run_scheduled_jobs", stdout=StringIO(), stderr=StringIO())
    warning.refresh_from_db()
    assert not warning.is_published
