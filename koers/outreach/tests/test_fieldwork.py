"""The outreach log: a session is logged in counts only, absurd counts are refused with
everything typed kept, and each staff member sees only what they may see."""

import re
from datetime import date

import pytest
from django.urls import reverse

from conftest import login
from koers.outcomes.instrument import WORK_LOCATIONS
from koers.outreach.models import FieldworkSession
from koers.outreach.selectors import reach_per_region_quarter
from koers.outreach.vocabulary import Venue
from koers.regions.models import Municipality, Region

from .factories import session

pytestmark = pytest.mark.django_db


def _post(**overrides):
    data = {
        "held_on": "2026-03-02",
        "setting": "offline",
        "venue": "window",
        "municipality": str(Municipality.objects.get(name="Amsterdam").pk),
        "people_reached": "20",
        "conversations": "8",
        "women": "15",
        "men": "3",
        "trans_nonbinary": "2",
        "migrant": "11",
        "young": "4",
        "unlicensed": "",
        "topics": ["housing", "safety"],
        "handed_out": ["contact_card"],
        "languages": ["ro", "nl"],
    }
    data.update(overrides)
    return data


def test_venues_are_the_questionnaires_work_locations():
    assert list(Venue.values) == [option.value for option in WORK_LOCATIONS]


def test_a_worker_logs_a_session_in_counts(client, users):
    login(client, users["professional_a"])
    response = client.post(reverse("outreach:new_session"), _post(), follow=True)
    assert "Session saved" in response.content.decode()
    stored = FieldworkSession.objects.get()
    assert stored.organisation.name == "Organisation A"
    assert stored.region == Region.objects.get(slug="amsterdam")
    assert (stored.people_reached, stored.conversations, stored.unlicensed) == (20, 8, 0)
    assert stored.topics == ["housing", "safety"]


def test_the_form_starts_where_the_last_session_was(client, users):
    login(client, users["professional_a"])
    session(users["professional_a"].organisation, users["professional_a"], venue="club")
    page = client.get(reverse("outreach:new_session")).content.decode()
    assert '<option value="club" selected>' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"people_reached": "10000"}, "more than we can take as right"),
        ({"people_reached": "-3"}, "cannot be below zero"),
        ({"conversations": "25"}, "more conversations than people reached"),
        ({"migrant": "21"}, "more than the people reached"),
        ({"women": "15", "men": "5", "trans_nonbinary": "5"}, "together exceed"),
        ({"people_reached": "many"}, "Enter a whole number"),
        ({"venue": ""}, "Choose the venue"),
        ({"setting": "online", "platform": ""}, "Choose the platform"),
    ],
)
def test_absurd_counts_are_refused_and_nothing_typed_is_lost(client, users, overrides, message):
    login(client, users["professional_a"])
    response = client.post(reverse("outreach:new_session"), _post(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert not FieldworkSession.objects.exists()
    assert 'value="2026-03-02"' in page
    assert re.search(r'value="housing"[^>]*checked', page)
    assert 'name="young" value="4"' in page


def test_refusal_is_translated(client, users):
    login(client, users["professional_a"])
    response = client.post("/outreach/new/", _post(conversations="25"))
    assert "meer gesprekken" in response.content.decode().lower()


def test_online_session_needs_no_municipality_and_keeps_none(client, users):
    login(client, users["professional_a"])
    client.post(
        reverse("outreach:new_session"),
        _post(setting="online", platform="advertising_site", venue="window"),
    )
    stored = FieldworkSession.objects.get()
    assert (stored.venue, stored.municipality, stored.platform) == ("", None, "advertising_site")
    assert stored.region == Region.objects.get(slug="amsterdam")  # the organisation's only one


def test_no_name_or_description_can_be_stored():
    """An outreach session has no free-text field at all: nothing about a person fits."""
    text_fields = [
        field.name
        for field in FieldworkSession._meta.get_fields()
        if field.get_internal_type() in ("CharField", "TextField")
    ]
    assert set(text_fields) <= {"setting", "venue", "platform"}
    assert all(getattr(FieldworkSession._meta.get_field(n), "choices", None) for n in text_fields)


def test_coordinator_sees_the_organisation_a_worker_only_their_own(client, users, org_b):
    org_a = users["professional_a"].organisation
    session(org_a, users["professional_a"], people_reached=17, conversations=1)
    session(org_a, users["coordinator"], people_reached=23, conversations=1)
    session(org_b, users["professional_b"], people_reached=31, conversations=1)
    login(client, users["coordinator"])
    page = client.get(reverse("outreach:sessions")).content.decode()
    assert "<dd>17</dd>" in page and "<dd>23</dd>" in page and "<dd>31</dd>" not in page
    login(client, users["professional_a"])
    page = client.get(reverse("outreach:sessions")).content.decode()
    assert "<dd>17</dd>" in page and "<dd>23</dd>" not in page


def test_reach_is_counted_per_region_and_quarter(users, org_b):
    org_a = users["professional_a"].organisation
    session(org_a, held_on=date(2026, 1, 5), people_reached=10, men=2, women=8)
    session(org_a, held_on=date(2026, 3, 30), people_reached=5, men=1, women=4)
    session(org_a, held_on=date(2026, 4, 1), people_reached=7, men=0, women=7)
    session(
        org_b,
        municipality=Municipality.objects.get(name="Rotterdam"),
        held_on=date(2026, 2, 1),
        people_reached=3,
        conversations=1,
        men=0,
        women=3,
    )
    rows = reach_per_region_quarter(date(2026, 1, 1), date(2026, 6, 30))
    amsterdam = Region.objects.get(slug="amsterdam").pk
    by_key = {(row["region_id"], row["year"], row["quarter"]): row for row in rows}
    assert by_key[(amsterdam, 2026, 1)]["people_reached"] == 15
    assert by_key[(amsterdam, 2026, 1)]["men"] == 3
    assert by_key[(amsterdam, 2026, 1)]["sessions"] == 2
    assert by_key[(amsterdam, 2026, 2)]["people_reached"] == 7
    assert sum(row["people_reached"] for row in rows) == 25
