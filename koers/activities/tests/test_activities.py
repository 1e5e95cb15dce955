"""Activities: published, listed with filters, registered for (full and cancelled said so,
input kept), reminded the day before, cancelled by code or by the organiser (all told),
registrations deleted afterwards with the count kept, and downloadable as iCalendar."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import login
from koers.activities import services
from koers.activities.models import Activity, Registration
from koers.notifications import backends
from koers.regions.models import Region

from .factories import activity

pytestmark = pytest.mark.django_db

MEMORY = {
    "mail": "koers.notifications.backends.MemoryBackend",
    "sms": "koers.notifications.backends.MemoryBackend",
}
FORM = {"work_name": "Mira", "channel": "sms", "address": "06 1234 5678"}


@pytest.fixture(autouse=True)
def outbox():
    backends.outbox.clear()
    with override_settings(NOTIFICATION_BACKENDS=MEMORY):
        yield backends.outbox


def test_an_organiser_publishes_and_it_is_listed(client, users):
    login(client, users["coordinator"])
    starts = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "kind": "tax_return",
        "title_nl": "Hulp bij belastingaangifte",
        "title_en": "Help with the tax return",
        "region": Region.objects.get(slug="amsterdam").pk,
        "place": "Buurthuis",
        "starts_at": starts,
        "duration_minutes": "90",
        "language": "nl",
        "for_whom": "everyone",
        "registration_needed": "on",
        "capacity": "8",
    }
    response = client.post(reverse("activities:publish"), data)
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("activities:listing")).content.decode()
    assert "Help with the tax return" in page
    dutch = client.get("/activities/").content.decode()
    assert "Hulp bij belastingaangifte" in dutch


def test_weekly_with_registration_is_refused_and_input_kept(client, users):
    login(client, users["coordinator"])
    data = {"kind": "walk_in", "title_nl": "Inloop", "weekly": "on", "registration_needed": "on"}
    page = client.post(reverse("activities:publish"), data).content.decode()
    assert "switch off registration" in page
    assert 'value="Inloop"' in page
    assert not Activity.objects.exists()


def test_listing_filters_by_region_language_kind_and_date(client, org_a, org_b):
    activity(org_a, title_en="Amsterdam CV")
    activity(
        org_b,
        title_en="Rotterdam lessons",
        kind="dutch_lessons",
        language="ro",
        region=Region.objects.get(slug="rotterdam"),
        starts_at=timezone.now() + timedelta(days=20),
    )
    url = reverse("activities:listing")
    amsterdam = Region.objects.get(slug="amsterdam").pk
    page = client.get(url, {"region": amsterdam}).content.decode()
    assert "Amsterdam CV" in page and "Rotterdam lessons" not in page
    page = client.get(url, {"language": "ro"}).content.decode()
    assert "Rotterdam lessons" in page and "Amsterdam CV" not in page
    page = client.get(url, {"kind": "cv_workshop"}).content.decode()
    assert "Amsterdam CV" in page and "Rotterdam lessons" not in page
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    page = client.get(url, {"from_date": later}).content.decode()
    assert "Rotterdam lessons" in page and "Amsterdam CV" not in page
    assert client.get(url, {"from_date": "nonsense", "region": "x"}).status_code == 200


def test_register_full_and_cancelled_are_said_and_input_kept(client, org_a):
    one = activity(org_a, capacity=1)
    url = reverse("activities:detail", args=[one.pk])
    page = client.post(url, FORM).content.decode()
    assert "You are registered" in page
    page = client.post(url, {**FORM, "work_name": "Second"}).content.decode()
    assert "This activity is full." in page and 'value="Second"' in page
    other = activity(org_a)
    other.cancelled_at = timezone.now()
    other.save()
    page = client.post(reverse("activities:detail", args=[other.pk]), FORM).content.decode()
    assert "This activity has been cancelled." in page and 'value="Mira"' in page
    assert Registration.objects.count() == 1


def test_a_wrong_number_is_refused_in_the_language_of_the_page(client, org_a):
    one = activity(org_a)
    page = client.post(f"/activities/{one.pk}/", {**FORM, "address": "12"}).content.decode()
    assert "telefoonnummer" in page and 'value="Mira"' in page


def test_work_name_and_number_are_encrypted_at_rest(client, org_a):
    one = activity(org_a)
    client.post(reverse("activities:detail", args=[one.pk]), FORM)
    with connection.cursor() as cursor:
        cursor.execute("SELECT work_name, address FROM activities_registration")
        stored = cursor.fetchone()
    assert "Mira" not in str(stored) and "612345678" not in str(stored)


def test_the_attendee_list_is_only_on_the_organisers_page(client, users, org_a, org_b):
    one = activity(org_a)
    client.post(reverse("activities:detail", args=[one.pk]), FORM)
    public = client.get(reverse("activities:detail", args=[one.pk])).content.decode()
    assert "Mira" not in public
    login(client, users["professional_b"])
    assert client.get(reverse("activities:organiser", args=[one.pk])).status_code == 404
    login(client, users["coordinator"])
    assert "Mira" in client.get(reverse("activities:organiser", args=[one.pk])).content.decode()


def test_cancel_by_code_is_a_post_and_a_wrong_code_is_neutral(client, org_a):
    one = activity(org_a)
    done = services.register(one, work_name="Mira", channel="sms", address="+31612345678")
    url = reverse("activities:cancel")
    client.get(url, {"code": done.code})
    assert Registration.objects.count() == 1
    page = client.post(url, {"code": "WRONGCODE"}).content.decode()
    assert "We found no registration" in page
    page = client.post(url, {"code": done.code.lower()}).content.decode()
    assert "is cancelled and deleted" in page
    assert not Registration.objects.exists()


def test_the_organiser_cancels_and_everyone_is_told(client, users, org_a, outbox):
    one = activity(org_a, capacity=5)
    services.register(one, work_name="A", channel="sms", address="+31612345678")
    services.register(one, work_name="B", channel="mail", address="b@example.org")
    login(client, users["coordinator"])
    client.post(reverse("activities:organiser_update", args=[one.pk]), {"action": "cancel"})
    assert sorted(message.address for message in outbox) == ["+31612345678", "b@example.org"]
    assert all("Cv-workshop" in message.body and "afgelast" in message.body for message in outbox)
    one.refresh_from_db()
    assert one.is_cancelled


def test_reminder_goes_the_day_before_once(org_a, outbox):
    one = activity(org_a, starts_at=timezone.now() + timedelta(days=3))
    services.register(one, work_name="A", channel="sms", address="+31612345678")
    assert services.send_reminders() == 0
    day_before = one.starts_at - timedelta(days=1)
    assert services.send_reminders(now=day_before) == 1
    assert services.send_reminders(now=day_before) == 0
    assert "Tomorrow" in outbox[0].body or "Morgen" in outbox[0].body


def test_registrations_are_deleted_after_the_activity_and_the_count_kept(org_a):
    one = activity(org_a, capacity=5)
    for name in ("A", "B", "C"):
        services.register(one, work_name=name, channel="sms", address="+31612345678")
    assert services.purge_past() == 0
    assert services.purge_past(now=one.ends_at + timedelta(minutes=1)) == 3
    one.refresh_from_db()
    assert one.registered_count == 3 and not Registration.objects.exists()


def test_attendance_is_a_count_and_nonsense_is_refused(client, users, org_a):
    one = activity(org_a)
    login(client, users["coordinator"])
    url = reverse("activities:organiser_update", args=[one.pk])
    page = client.post(url, {"action": "attendance", "attendance": "-4"}).content.decode()
    assert "0 to 1000" in page
    client.post(url, {"action": "attendance", "attendance": "7"})
    one.refresh_from_db()
    assert one.attendance == 7


def test_ical_download(client, org_a):
    one = activity(org_a, title_en="CV, workshop; evening")
    response = client.get(reverse("activities:ical", args=[one.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "SUMMARY:CV\\, workshop\\; evening" in body
    assert "DTSTART:" in body and body.endswith("END:VCALENDAR\r\n")
