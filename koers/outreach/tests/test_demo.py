"""Demo fieldwork and activities are the same for the same seed; the demo professional has
sessions and the public listing has activities."""

import pytest
from django.db import transaction

from koers.accounts.models import User
from koers.activities.models import Activity
from koers.activities.selectors import Listing, upcoming
from koers.demodata.registry import run_all
from koers.outreach.models import FieldworkSession
from koers.outreach.selectors import visible_sessions

pytestmark = pytest.mark.django_db


def _generate(seed: int) -> tuple[list, int]:
    with transaction.atomic():
        run_all(scale=1, seed=seed, show_progress=False)
        rows = sorted(
            FieldworkSession.objects.values_list(
                "organisation__name", "held_on", "venue", "platform", "people_reached", "men"
            )
        )
        own = visible_sessions(User.objects.get(username="professional")).count()
        rows.append(("activities", Activity.objects.count(), upcoming(Listing()).__len__()))
        transaction.set_rollback(True)
    return rows, own


def test_demo_fieldwork_is_deterministic_and_visible_to_the_demo_worker():
    first, own = _generate(7)
    again, _ = _generate(7)
    assert first == again
    assert own > 0
    assert all(row[5] <= row[4] for row in first[:-1])
    assert first[-1][1] > 0 and first[-1][2] > 0
