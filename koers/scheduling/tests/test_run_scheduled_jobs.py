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


@pytest.mark.django_db
def test_a_second_scheduler_in_the_same_slot_runs_nothing_again(users):
    expired_warning(users["moderator"])
    first = StringIO()
    call_command("run_scheduled_jobs", stdout=first)
    second = StringIO()
    call_command("run_scheduled_jobs", stdout=second)
    assert f"all {len(jobs.JOBS)} jobs ran" in first.getvalue()
    for job in jobs.JOBS:
        assert f"skipped {job.command}: already run for this slot" in second.getvalue()
    from koers.scheduling.models import JobRun

    assert JobRun.objects.count() == len(jobs.JOBS)
    assert set(JobRun.objects.values_list("succeeded", flat=True)) == {True}


def test_slots_follow_each_jobs_period():
    from datetime import datetime

    from koers.scheduling.runner import slot_of

    moment = datetime(2026, 3, 1, 14, 37, 12)
    assert slot_of(Job("x", "", 60), moment) == datetime(2026, 3, 1, 14, 0)
    assert slot_of(Job("x", "", 1), moment) == datetime(2026, 3, 1, 14, 37)
    assert slot_of(Job("x", "", 15), moment) == datetime(2026, 3, 1, 14, 30)
