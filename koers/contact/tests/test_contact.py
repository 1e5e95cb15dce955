"""Contact requests: sending, codes, status and withdrawal, routing, abuse resistance,
the inbox, the register, retention and counts."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from conftest import login
from koers.audit.models import AuditEntry
from koers.contact import codes, selectors
from koers.contact.models import AdviserRegisterEntry, ContactRequest, ContactRequestTally
from koers.contact.services import Route, close, create_request
from koers.selfcheck.tests.factories import make_service

FORM = {
    "work_name": "Lola",
    "channel": "whatsapp",
    "phone": "06 1234 5678",
    "language": "es",
    "token": "tok-1",
}


@pytest.fixture
def service(org_a, region_amsterdam):
    return make_service(org_a, "Thuis Amsterdam", regions=[region_amsterdam])


def send(client, service=None, **data):
    payload = {**FORM, **data}
    if service is not None:
        payload["service"] = str(service.pk)
    return client.post("/en/contact/", payload)


def shown_code(response) -> str:
    return re.search(r"data-reference-code>([A-Z0-9-]+)<", response.content.decode()).group(1)


@pytest.mark.django_db
def test_request_lands_encrypted_in_the_organisations_inbox_with_a_readable_code(
    client, service, org_a
):
    response = send(client, service, message="Bel me na vijven")
    assert response.status_code == 200
    code = shown_code(response)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}", code)
    item = ContactRequest.objects.get()
    assert item.organisation == org_a and item.contact_detail == "+31612345678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM contact_contactrequest")
        raw = " ".join(str(v) for v in cursor.fetchone())
    for secret in ("Lola", "31612345678", "vijven", code, code.replace("-", "")):
        assert secret not in raw


@pytest.mark.django_db
def test_invalid_phone_is_a_translated_error_at_the_field_with_the_rest_kept(client, service):
    response = send(client, service, phone="12", message="hallo daar")
    html = response.content.decode()
    assert "This is not a phone number we can use" in html
    assert 'value="Lola"' in html and "hallo daar" in html
    assert ContactRequest.objects.count() == 0
    dutch = (
        Client().post("/contact/", {**FORM, "phone": "12", "service": service.pk}).content.decode()
    )
    assert "id_phone_error" in dutch  # the Dutch page marks the same field


@pytest.mark.django_db
def test_invalid_mail_address_is_an_error_and_mail_needs_no_phone(client, service):
    html = send(client, service, channel="email", phone="", email="lola@").content.decode()
    assert "This is not an e-mail address we can use" in html
    send(client, service, channel="email", phone="", email="lola@example.nl", token="tok-2")
    assert ContactRequest.objects.get().contact_detail == "lola@example.nl"


@pytest.mark.django_db
def test_submitting_twice_creates_one_request_and_shows_the_same_code(client, service):
    first = shown_code(send(client, service))
    second = shown_code(send(client, service))
    assert first == second
    assert ContactRequest.objects.count() == 1


@pytest.mark.django_db
def test_status_by_code_and_withdrawal(client, service):
    code = shown_code(send(client, service))
    html = client.post(
        "/en/contact/status/", {"code": code.lower().replace("-", " ")}
    ).content.decode()
    assert 'data-status="new"' in html and "Organisation A" in html
    html = client.post("/en/contact/status/withdraw/", {"code": code}).content.decode()
    assert "Your request has been withdrawn" in html
    item = ContactRequest.objects.get()
    assert item.status == "withdrawn" and item.contact_detail == "" and item.work_name == "-"


@pytest.mark.django_db
def test_wrong_and_deleted_codes_get_the_same_neutral_answer(client, service):
    wrong = client.post("/en/contact/status/", {"code": "AAAAA-BBBBB"}).content.decode()
    code = shown_code(send(client, service))
    ContactRequest.objects.all().delete()
    gone = client.post("/en/contact/status/", {"code": code}).content.decode()
    neutral = "We could not find a request with this code."
    assert neutral in wrong and neutral in gone
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(wrong) == strip(gone)


@pytest.mark.django_db
def test_inactive_organisation_routes_to_the_confidential_adviser_with_a_note(
    client, service, org_adviser
):
    service.organisation.is_active = False
    service.organisation.save()
    send(client, service)
    item = ContactRequest.objects.get()
    assert item.organisation == org_adviser and item.routing_note


@pytest.mark.django_db
def test_deleted_service_routes_to_the_confidential_adviser(client, service, org_adviser):
    pk = service.pk
    service.delete()
    client.post("/en/contact/", {**FORM, "service": str(pk)})
    assert ContactRequest.objects.get().organisation == org_adviser


@pytest.mark.django_db
def test_honeypot_refuses_without_storing(client, service):
    response = send(client, service, website="http://spam.example")
    assert response.status_code == 400
    assert ContactRequest.objects.count() == 0


@pytest.mark.django_db
@override_settings(CONTACT_REQUESTS_PER_HOUR=2)
def test_rate_limit_per_address_stores_only_a_hash(client, service):
    for index in range(2):
        send(client, service, token=f"t{index}")
    response = send(client, service, token="t3")
    assert response.status_code == 429
    assert ContactRequest.objects.count() == 2
    from koers.contact.models import RateLimitEvent

    assert "127.0.0.1" not in "".join(RateLimitEvent.objects.values_list("address_hash", flat=True))


@pytest.mark.django_db
def test_shared_answers_show_a_profile_suggestion_in_the_inbox(client, service, users):
    answers = "situation=doing&direction=not_sure&needs=safety&needs=housing&unsafe=no"
    send(client, service, answers=answers, share_answers="on")
    item = ContactRequest.objects.get()
    staff = login(Client(), users["professional_a"])
    html = staff.get(f"/en/contact/inbox/{item.pk}/").content.decode()
    assert "Suggested profile:" in html and "P3" in html
    assert "Only a suggestion" in html


@pytest.mark.django_db
def test_answers_not_shared_without_consent(client, service):
    send(client, service, answers="situation=doing&needs=housing")
    assert ContactRequest.objects.get().shared_answers == ""


@pytest.mark.django_db
def test_staff_see_only_their_organisation_and_reading_is_audited(client, service, users, org_b):
    send(client, service)
    item = ContactRequest.objects.get()
    own = login(Client(), users["professional_a"])
    other = login(Client(), users["professional_b"])
    assert "Request" in own.get("/en/contact/inbox/").content.decode()
    assert f"/contact/inbox/{item.pk}/" not in other.get("/en/contact/inbox/").content.decode()
    assert other.get(f"/en/contact/inbox/{item.pk}/").status_code == 404
    reads = AuditEntry.objects.filter(action="read", object_type="contact.contactrequest")
    assert reads.count() == 0
    own.get(f"/en/contact/inbox/{item.pk}/")
    assert reads.count() == 1


@pytest.mark.django_db
def test_assign_first_contact_and_close(client, service, users):
    send(client, service)
    item = ContactRequest.objects.get()
    coordinator = login(Client(), users["coordinator"])
    url = f"/en/contact/inbox/{item.pk}/update/"
    coordinator.post(url, {"action": "assign", "contact_person": users["professional_a"].pk})
    coordinator.post(url, {"action": "first_contact", "note": "Gebeld"})
    item.refresh_from_db()
    assert item.assigned_to == users["professional_a"] and item.status == "in_contact"
    response = coordinator.post(
        url, {"action": "assign", "contact_person": users["professional_b"].pk}
    )
    assert response.status_code == 400  # not a colleague
    coordinator.post(url, {"action": "close", "outcome": "advice_given"})
    item.refresh_from_db()
    assert item.status == "closed" and item.outcome == "advice_given"
    html = client.post("/en/contact/status/", {"code": "x"}).content.decode()
    assert "We could not find" in html


@pytest.mark.django_db
def test_turn_into_trajectory_carries_work_name_channel_and_language(client, service, users):
    send(client, service, channel="callback", callback_from="10:00", callback_until="12:00")
    item = ContactRequest.objects.get()
    staff = login(Client(), users["professional_a"])
    response = staff.post(f"/en/contact/inbox/{item.pk}/update/", {"action": "trajectory"})
    assert response.status_code == 302
    from koers.trajectories.models import Client as CaseClient

    case = CaseClient.objects.get()
    assert (case.work_name, case.preferred_channel, case.preferred_language) == (
        "Lola",
        "phone",
        "es",
    )
    item.refresh_from_db()
    assert (
        item.status == "closed"
        and item.outcome == "trajectory"
        and item.client_id_opened == case.pk
    )


@pytest.mark.django_db
def test_adviser_register_records_who_asked_and_the_topic(client, users, org_adviser):
    client.post("/en/contact/", {**FORM, "to": "adviser"})
    item = ContactRequest.objects.get()
    assert item.organisation == org_adviser
    adviser = login(Client(), users["confidential_adviser"])
    adviser.post(
        f"/en/contact/inbox/{item.pk}/update/",
        {"action": "register", "asker": "professional", "topic": "trafficking"},
    )
    adviser.post("/en/contact/register/", {"asker": "sex_worker", "topic": "practical"})
    assert set(AdviserRegisterEntry.objects.values_list("asker", "topic")) == {
        ("professional", "trafficking"),
        ("sex_worker", "practical"),
    }
    assert "trafficking or coercion" in adviser.get("/en/contact/register/").content.decode()


@pytest.mark.django_db
def test_retention_deletes_closed_requests_but_keeps_their_counts(org_a, users):
    def make(token):
        return create_request(
            token=token,
            route=Route(org_a, None),
            work_name="X",
            channel="sms",
            contact_detail="+31612345678",
            language="nl",
        ).request

    old, recent, still_open = make("a"), make("b"), make("c")
    for item in (old, recent):
        close(item, users["professional_a"], "no_contact")
    ContactRequest.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=91))
    before = selectors.request_counts(["organisation", "channel", "outcome"])
    call_command("purge_contact_requests")
    assert set(ContactRequest.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert ContactRequestTally.objects.get().count == 1
    assert selectors.request_counts(["organisation", "channel", "outcome"]) == before
    assert {
        "organisation": org_a.pk,
        "channel": "sms",
        "outcome": "no_contact",
        "count": 2,
    } in [{k: v for k, v in row.items() if k != "key"} for row in before]


def test_codes_are_deterministic_per_token_and_unambiguous():
    code = codes.code_from_token("abc")
    assert code == codes.code_from_token("abc") != codes.code_from_token("abd")
    assert len(code) == 10 and not set(code) & set("0O1IL")
    assert codes.normalise("abcde-fghjk") == "ABCDEFGHJK"


@pytest.mark.django_db
def test_inbox_shows_shared_answers_as_readable_labels(client, service, users):
    send(
        client,
        service,
        answers="situation=changing&direction=outside&needs=work_income",
        share_answers="on",
    )
    item = ContactRequest.objects.get()
    html = (
        login(Client(), users["professional_a"])
        .get(f"/en/contact/inbox/{item.pk}/")
        .content.decode()
    )
    assert "I am changing now" in html and "work and income" in html and "P1" in html


@pytest.mark.django_db
def test_call_me_between_needs_an_end_after_the_start(client, service):
    html = send(
        client, service, channel="callback", callback_from="14:00", callback_until="10:00"
    ).content.decode()
    assert "The end must be after the start." in html
    send(client, service, channel="callback", callback_from="10:00", callback_until="14:00")
    item = ContactRequest.objects.get()
    assert (item.callback_from.hour, item.callback_until.hour) == (10, 14)


@pytest.mark.django_db
def test_triage_marks_the_request_read_and_urgency_shows_in_the_inbox(client, service, users):
    code = shown_code(send(client, service))
    item = ContactRequest.objects.get()
    staff = login(Client(), users["professional_a"])
    inbox = staff.get("/en/contact/inbox/").content.decode()
    assert "badge--overdue" not in inbox
    response = staff.post(
        f"/en/contact/inbox/{item.pk}/update/", {"action": "triage", "urgency": "urgent"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.urgency) == ("triaged", "urgent")
    inbox = staff.get("/en/contact/inbox/").content.decode()
    assert re.search(r'<span class="badge badge--overdue">urgent</span>', inbox)
    assert "<dd>triaged</dd>" in inbox
    html = client.post("/en/contact/status/", {"code": code}).content.decode()
    assert 'data-status="triaged"' in html and "Read. Someone will contact you." in html


def _closed_days_ago(org, user, days: int) -> ContactRequest:
    item = create_request(
        token=f"closed-{days}",
        route=Route(org, None),
        work_name="X",
        channel="sms",
        contact_detail="+31612345678",
        language="nl",
    ).request
    close(item, user, "advice_given")
    ContactRequest.objects.filter(pk=item.pk).update(
        closed_at=timezone.now() - timedelta(days=days)
    )
    return item


@pytest.mark.django_db
@pytest.mark.parametrize(("retention", "kept"), [(7, False), (90, True)])
def test_retention_period_is_configurable(org_a, users, retention, kept):
    item = _closed_days_ago(org_a, users["professional_a"], 10)
    with override_settings(CONTACT_REQUEST_RETENTION_DAYS=retention):
        call_command("purge_contact_requests")
    assert ContactRequest.objects.filter(pk=item.pk).exists() is kept


@pytest.mark.django_db
@override_settings(CONTACT_STATUS_CHECKS_PER_HOUR=2)
def test_status_lookups_are_rate_limited_without_revealing_anything(client, service):
    code = shown_code(send(client, service))
    for attempt in ("AAAAA-BBBBB", "CCCCC-DDDDD"):
        client.post("/en/contact/status/", {"code": attempt})
    html = client.post("/en/contact/status/", {"code": code}).content.decode()
    assert "Too many attempts from this connection. Please try again in an hour." in html
    assert "data-status" not in html and "Organisation A" not in html
    assert "We could not find" not in html  # neither found nor not found
    dutch = client.post("/contact/status/", {"code": code}).content.decode()
    assert "Te veel pogingen vanaf deze verbinding" in dutch
    assert "data-status" not in dutch
    html = client.post("/en/contact/status/withdraw/", {"code": code}).content.decode()
    assert "withdrawn" not in html
    assert ContactRequest.objects.get().status == "new"


ROUTED_NOTE = "This request was routed to you because the chosen service is no longer available."


@pytest.mark.django_db
@pytest.mark.parametrize("gone", ["service deleted", "organisation inactive"])
def test_rerouted_request_shows_its_note_to_the_confidential_adviser(client, service, users, gone):
    pk = service.pk
    if gone == "service deleted":
        service.delete()
    else:
        service.organisation.is_active = False
        service.organisation.save()
    client.post("/en/contact/", {**FORM, "service": str(pk)})
    item = ContactRequest.objects.get()
    adviser = login(Client(), users["confidential_adviser"])
    assert f"/contact/inbox/{item.pk}/" in adviser.get("/en/contact/inbox/").content.decode()
    html = adviser.get(f"/en/contact/inbox/{item.pk}/").content.decode()
    assert ROUTED_NOTE in html
    assert (
        "Dit verzoek is naar jou doorgestuurd"
        in adviser.get(f"/contact/inbox/{item.pk}/").content.decode()
    )


@pytest.mark.django_db
def test_a_request_sent_to_the_chosen_service_has_no_routing_note(client, service, users):
    send(client, service)
    item = ContactRequest.objects.get()
    html = login(Client(), users["professional_a"]).get(f"/en/contact/inbox/{item.pk}/")
    assert ROUTED_NOTE not in html.content.decode()


@pytest.mark.django_db
def test_inbox_shows_the_preferred_language_by_name_in_the_readers_language(client, service, users):
    send(client, service)  # language "es"
    item = ContactRequest.objects.get()
    staff = login(Client(), users["professional_a"])
    english = staff.get(f"/en/contact/inbox/{item.pk}/").content.decode()
    assert "<dd data-language>Spanish</dd>" in english
    dutch = staff.get(f"/contact/inbox/{item.pk}/").content.decode()
    assert "<dd data-language>Spaans</dd>" in dutch
