"""The two recoveries issue #11 found, replayed with only an analyst's login, and the
linear-programming attacker (``audit_disclosure``) over the same outputs.

1. The survey report CSV for all waves minus the CSVs per wave: "A1 none of these, not
   seeking change": all waves = 11, waves 1/2/3 = 0/5/5, wave 4 hidden → 1.
2. The dashboard's sex-work transitions table beside the survey report's transitions: the
   dashboard hid 2, 1, 3 and 2 people the survey table gave back.

With the cell-key method the subtraction gives noise, not a person: the attacker's
narrowest interval for each hidden cell stays at least k values wide.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.monitoring import audit
from koers.outcomes import instrument
from koers.outcomes.models import Participant, Wave, WaveStatus
from koers.privacy import attack
from koers.privacy.disclosure import threshold_or_default
from koers.privacy.publishing import LAYER_HEADER, MAX_NOISE
from koers.regions.models import Region

YEAR = timezone.localdate().year - 1
NOT_SEEKING = {"A1": "none"}
CHANGING = {"A1": "want_change", "C1": "outside"}


def _participant(region, index):
    return Participant.objects.create(
        ref=f"R{index:011d}",
        source="public_link",
        region=region,
        enrolled_at=timezone.make_aware(dt.datetime(YEAR, 1, 5, 12)),
    )


def _wave(participant, number, answers, region, *, status=None):
    when = timezone.make_aware(dt.datetime(YEAR, 1 + 3 * (number - 1), 10, 12))
    Wave.objects.create(
        participant=participant,
        number=number,
        opens_at=when,
        status=WaveStatus.COMPLETED,
        completed_at=when,
        region=region,
        answers=answers,
        group=instrument.group_for(answers),
        sex_work_status=status or instrument.sex_work_status_for(answers),
        branch_direction=instrument.branch_direction_for(answers),
    )


@pytest.fixture
def survey(db):
    """Wave 1: 12 people changing; waves 2 and 3: 5 of them not seeking change (and the
    rest changing); wave 4: one person not seeking change."""
    amsterdam = Region.objects.get(slug="amsterdam")
    rotterdam = Region.objects.get(slug="rotterdam")
    people = [_participant(amsterdam if i % 2 else rotterdam, i) for i in range(12)]
    for index, person in enumerate(people):
        region = person.region
        _wave(person, 1, CHANGING, region)
        _wave(person, 2, NOT_SEEKING if index < 5 else CHANGING, region)
        _wave(person, 3, NOT_SEEKING if 3 <= index < 8 else CHANGING, region)
    _wave(people[0], 4, NOT_SEEKING, people[0].region)
    # Transitions between consecutive waves in Amsterdam: small groups (2, 1, 3, 2).
    plan = [("doing", "partly", 2), ("partly", "not_doing", 1), ("doing", "not_doing", 3)]
    plan += [("not_doing", "doing", 2), ("doing", "doing", 9)]
    index = 100
    for before, after, count in plan:
        for _ in range(count):
            person = _participant(amsterdam, index)
            index += 1
            _wave(person, 1, CHANGING, amsterdam, status=before)
            _wave(person, 2, CHANGING, amsterdam, status=after)
    return amsterdam


def _csv_row(client, label, wave=None):
    response = client.get(
        reverse("outcomes:report_export", kwargs={"fmt": "csv"}), {"wave": wave or ""}
    )
    assert response.status_code == 200 and response[LAYER_HEADER]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return next(row for row in rows if row and row[0] == label)


def test_all_waves_minus_each_wave_gives_noise_not_a_person(analyst, survey):
    k = threshold_or_default()
    label = str(next(o for o in instrument.ITEM_BY_KEY["A1"].options if o.value == "none").label)
    column = 1  # the count of the first group (not seeking change)
    rows = {wave: _csv_row(analyst, label, wave) for wave in (None, 1, 2, 3, 4)}
    assert rows[4][column] == "•", "one person in wave 4 is never shown"
    # The subtraction the issue describes gives all waves' noise minus each wave's noise;
    # the attacker below does the best any combination of the published numbers allows.
    systems, _published = audit.questionnaire_systems(YEAR)
    a1 = next(s for s in systems if s.name == "A1")
    targets = [r for r in a1.system.relations if r.target and 0 < r.truth < k]
    assert targets, "the crafted survey has small hidden cells to protect"
    assert attack.audit(a1.system, k, MAX_NOISE) == []


def test_dashboard_transitions_beside_the_survey_give_nothing_back(analyst, survey):
    k = threshold_or_default()
    page = analyst.get(reverse("monitoring:dashboard"), {"region": "amsterdam", "year": YEAR})
    assert page.status_code == 200
    systems, _published = audit.questionnaire_systems(YEAR)
    transitions = next(s for s in systems if s.name == "transition")
    small = [r for r in transitions.system.relations if r.target and 0 < r.truth < k]
    assert len(small) >= 4, "the four small transitions are in the attacker's system"
    assert all(r.value is None for r in small)
    assert attack.audit(transitions.system, k, MAX_NOISE) == []


def test_audit_disclosure_command_on_the_crafted_survey(survey):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("audit_disclosure", period=str(YEAR), stdout=out)
    assert "no published number gives a person away" in out.getvalue()
    with pytest.raises(CommandError, match="unknown period"):
        call_command("audit_disclosure", period="1999", stdout=io.StringIO())
