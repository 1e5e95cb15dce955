"""Trajectories: what a worker and a client would notice — visibility, history, bad input
refused with a message, conflicting edits told, exports complete, erasure leaving nothing."""

import json
import re
from datetime import timedelta

import pytest
from cryptography.fernet import InvalidToken
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login, make_user
from koers.accounts.models import Role
from koers.audit.models import AuditAction, AuditEntry
from koers.privacy.keys import field_cipher
from koers.trajectories import services
from koers.trajectories.models import Client, MonitoringTally, Trajectory
from koers.trajectories.vocabulary import SupportModule

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(users, org_a):
    return services.open_trajectory(
        work_name="Vlinder",
        channel="whatsapp",
        language="en",
        organisation=org_a,
        contact_person=users["professional_a"],
        legal_name="Rosalind Verhoeven",
        phone="+31 6 1234 5678",
        email="roos@example.org",
        birth_year="1991",
    )


def en_reverse(*args, **kwargs) -> str:
    """English pages, so assertions read the messages as written in code."""
    with translation.override("en"):
        return reverse(*args, **kwargs)


def url(name, trajectory, **extra):
    return en_reverse(f"trajectories:{name}", kwargs={"client_id": trajectory.client_id, **extra})


def test_identifying_fields_are_encrypted_at_rest(case):
    with connection.cursor() as cursor:
        cursor.execute("SELECT work_name, legal_name, phone, email FROM trajectories_client")
        row = cursor.fetchone()
    assert all(value.startswith("gAAAAA") for value in row)
    assert "Vlinder" not in "".join(row)


def test_professional_sees_own_and_shared_clients_only(case, users, org_a, client_for):
    colleague = make_user("colleague-a", role=Role.PROFESSIONAL, organisation=org_a)
    c = login(client_for("anonymous"), colleague)
    assert c.get(url("client", case)).status_code == 404
    assert "Vlinder" not in c.get(en_reverse("trajectories:my_clients")).content.decode()
    services.share(case, by=users["coordinator"], user=colleague)
    assert c.get(url("client", case)).status_code == 200
    assert "Vlinder" in c.get(en_reverse("trajectories:my_clients")).content.decode()
    # Other organisations and analysts never, coordinators of the organisation always.
    assert client_for("professional_b").get(url("client", case)).status_code == 404
    assert client_for("analyst").get(url("client", case)).status_code == 403
    assert client_for("coordinator").get(url("client", case)).status_code == 200


def test_every_read_of_a_client_is_audit_logged(case, client_for):
    before = AuditEntry.objects.filter(
        action=AuditAction.READ, object_id=str(case.client_id)
    ).count()
    client_for("professional_a").get(url("client", case))
    after = AuditEntry.objects.filter(
        action=AuditAction.READ, object_id=str(case.client_id)
    ).count()
    assert after == before + 1


def test_phases_move_in_any_direction_and_a_return_to_sex_work_resets_nothing(case, users):
    worker = users["professional_a"]
    services.change_phase(case, by=worker, expected_version=case.version, phase="orientation")
    services.change_phase(case, by=worker, expected_version=case.version, phase="execution")
    goal = services.add_goal(case, by=worker, life_domain="housing", description="A flat")
    services.record_sex_work_status(
        case, by=worker, expected_version=case.version, status="not_doing"
    )
    services.change_phase(case, by=worker, expected_version=case.version, phase="orientation")
    services.record_sex_work_status(case, by=worker, expected_version=case.version, status="doing")
    case.refresh_from_db()
    goal.refresh_from_db()
    assert (case.phase, case.sex_work_status, case.is_closed) == ("orientation", "doing", False)
    assert goal.status == "open"
    assert list(case.phase_changes.values_list("phase", flat=True)) == [
        "contact",
        "orientation",
        "execution",
        "orientation",
    ]


def test_handover_without_note_is_refused_with_a_message(case, users, client_for, org_a):
    other = make_user("other-a", role=Role.PROFESSIONAL, organisation=org_a)
    response = client_for("professional_a").post(
        url("handover", case), {"to_user": other.pk, "note": "  ", "version": case.version}
    )
    assert response.status_code == 200
    assert "what not to ask again" in response.content.decode()
    case.refresh_from_db()
    assert case.contact_person == users["professional_a"]
    response = client_for("professional_a").post(
        url("handover", case),
        {
            "to_user": other.pk,
            "note": "Agreed: weekly call. Do not ask about family.",
            "version": case.version,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.contact_person == other
    assert case.handovers.get().note.startswith("Agreed")


def test_phase_date_in_the_future_is_refused_and_nothing_changes(case, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for("professional_a").post(
        url("phase", case),
        {"phase": "execution", "on": tomorrow.isoformat(), "note": "kept", "version": case.version},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "in the future" in body and "kept" in body
    case.refresh_from_db()
    assert case.phase == "contact"


def test_referral_marked_consented_without_consent_is_refused(case, client_for):
    response = client_for("professional_a").post(
        url("referral_new", case),
        {"partner_name": "Debt help", "partner_contact": "Mira", "status": "consented"},
    )
    assert response.status_code == 200
    assert "when and how the person agreed" in response.content.decode()
    assert not case.referrals.exists()
    response = client_for("professional_a").post(
        url("referral_new", case),
        {
            "partner_name": "Debt help",
            "partner_contact": "Mira",
            "status": "consented",
            "consent_on": timezone.localdate().isoformat(),
            "consent_how": "in_person",
        },
    )
    assert response.status_code == 302
    assert case.referrals.get().status == "consented"


def test_second_worker_editing_the_same_trajectory_is_told(case, users, client_for):
    seen_version = case.version
    first = client_for("professional_a").post(
        url("phase", case),
        {"phase": "orientation", "on": timezone.localdate().isoformat(), "version": seen_version},
    )
    assert first.status_code == 302
    second = client_for("coordinator").post(
        url("phase", case),
        {"phase": "execution", "on": timezone.localdate().isoformat(), "version": seen_version},
    )
    assert second.status_code == 200
    assert "Someone else changed this file" in second.content.decode()
    case.refresh_from_db()
    assert case.phase == "orientation"


def test_erase_without_confirmation_is_refused(case, client_for):
    response = client_for("coordinator").post(url("erase", case), {})
    assert response.status_code == 200
    assert "Confirm that everything" in response.content.decode()
    assert Client.objects.filter(pk=case.client_id).exists()


def test_closed_file_is_sealed_until_a_coordinator_unseals_it(case, users, client_for):
    services.close_trajectory(
        case, by=users["professional_a"], expected_version=case.version, reason="person_asked"
    )
    page = client_for("professional_a").get(url("client", case)).content.decode()
    assert "closed and sealed" in page and "Only a coordinator" in page
    assert client_for("professional_a").get(url("export_json", case)).status_code == 404
    response = client_for("coordinator").post(url("unseal", case), {"reason": ""})
    assert "State why" in response.content.decode()
    client_for("coordinator").post(url("unseal", case), {"reason": "She came back to the walk-in."})
    assert AuditEntry.objects.filter(detail="sealed file unsealed by coordinator").exists()
    case.refresh_from_db()
    client_for("professional_a").post(url("reopen", case), {"version": case.version})
    case.refresh_from_db()
    assert not case.is_closed and not case.is_sealed


def test_nothing_closes_with_time(case):
    Trajectory.objects.filter(pk=case.pk).update(
        opened_on=timezone.localdate() - timedelta(days=3 * 365)
    )
    from koers.trajectories.caseload import ListQuery, client_rows

    rows, _total = client_rows(case.contact_person, ListQuery())
    assert [row["client_id"] for row in rows] == [case.client_id]


def _add_contacts(case, worker, count):
    today = timezone.localdate()
    for index in range(count):
        services.log_contact(
            case,
            by=worker,
            channel="phone",
            duration_band="0-15",
            note=f"n{index}",
            on=today - timedelta(days=index),
        )


def test_query_count_does_not_grow_with_the_history(users, org_a, client_for):
    worker = users["professional_a"]
    short = services.open_trajectory(
        work_name="A", channel="phone", language="nl", organisation=org_a, contact_person=worker
    )
    long = services.open_trajectory(
        work_name="B", channel="phone", language="nl", organisation=org_a, contact_person=worker
    )
    _add_contacts(short, worker, 2)
    _add_contacts(long, worker, 200)
    browser = client_for("professional_a")
    counts = []
    for trajectory in (short, long):
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(url("client", trajectory)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as few:
        browser.get(en_reverse("trajectories:my_clients"))
    _add_contacts(short, worker, 30)
    with CaptureQueriesContext(connection) as many:
        browser.get(en_reverse("trajectories:my_clients"))
    assert len(few) == len(many)


def test_my_clients_lists_overdue_first(users, org_a, client_for):
    worker = users["professional_a"]
    today = timezone.localdate()
    later = services.open_trajectory(
        work_name="Later", channel="phone", language="nl", organisation=org_a, contact_person=worker
    )
    late = services.open_trajectory(
        work_name="Late", channel="phone", language="nl", organisation=org_a, contact_person=worker
    )
    Trajectory.objects.filter(pk=later.pk).update(next_contact_on=today + timedelta(days=3))
    Trajectory.objects.filter(pk=late.pk).update(next_contact_on=today - timedelta(days=3))
    body = client_for("professional_a").get(en_reverse("trajectories:my_clients")).content.decode()
    assert body.index("Late<") < body.index("Later<")
    assert "badge--overdue" in body
    overdue = client_for("coordinator").get(en_reverse("trajectories:overdue")).content.decode()
    assert "Late<" in overdue and "Later<" not in overdue


def test_export_contains_everything_and_is_audit_logged(case, users, client_for):
    worker = users["professional_a"]
    services.log_contact(
        case, by=worker, channel="phone", duration_band="0-15", note="Talked about housing"
    )
    services.add_goal(case, by=worker, life_domain="debts", description="Pay off the phone bill")
    data = json.loads(client_for("professional_a").get(url("export_json", case)).content)
    assert data["client"]["legal_name"] == "Rosalind Verhoeven"
    assert data["contacts"][0]["note"] == "Talked about housing"
    assert data["goals"][0]["goal"] == "Pay off the phone bill"
    pdf = client_for("professional_a").get(url("export_pdf", case))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert b"Rosalind Verhoeven" in pdf.content and b"Talked about housing" in pdf.content
    assert (
        AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(case.client_id)).count()
        == 2
    )


def _dump_text() -> str:
    """Every value in the database, with every Fernet token decrypted, as one string."""
    lines = list(connection.connection.iterdump())
    text = "\n".join(lines)
    decrypted = []
    for token in re.findall(r"gAAAAA[A-Za-z0-9_\-=]+", text):
        try:
            decrypted.append(field_cipher().decrypt(token.encode()).decode())
        except InvalidToken:
            pass
    return text + "\n" + "\n".join(decrypted)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="raw dump via sqlite iterdump")
def test_erasure_leaves_nothing_that_identifies_the_client(case, users, client_for):
    worker = users["professional_a"]
    services.log_contact(
        case, by=worker, channel="phone", duration_band="0-15", note="Secret contact note"
    )
    goal = services.add_goal(
        case, by=worker, life_domain="work_income", description="Secret goal text"
    )
    services.propose_referral(
        case, by=worker, partner_name="Partner", partner_contact="Secret contact name"
    )
    services.record_outcome(case, by=worker, situation="work_outside", sector="cleaning")
    services.set_goal_status(goal, by=worker, status="achieved")
    secrets = [
        "Vlinder",
        "Rosalind Verhoeven",
        "+31 6 1234 5678",
        "roos@example.org",
        "Secret contact note",
        "Secret goal text",
        "Secret contact name",
    ]
    before = _dump_text()
    assert all(secret in before for secret in secrets)
    response = client_for("coordinator").post(url("erase", case), {"confirm": "on"})
    assert response.status_code == 302
    after = _dump_text()
    assert [secret for secret in secrets if secret in after] == []
    tallies = dict(MonitoringTally.objects.values_list("key", "count"))
    assert tallies["outcome:work_outside:cleaning"] == 1
    assert tallies["goal:work_income:achieved"] == 1
    assert tallies["clients_erased"] == 1
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, detail="client erased").exists()


def test_the_timeline_shows_the_newest_entries_and_links_to_older_ones(case, users, client_for):
    today = timezone.localdate()
    for index in range(45):
        services.log_contact(
            case,
            by=users["professional_a"],
            channel="phone",
            duration_band="0-15",
            note=f"contact-{index:02d}",
            on=today - timedelta(days=index + 1),
        )
    browser = client_for("professional_a")
    first = browser.get(url("client", case)).content.decode()
    assert first.count('class="timeline__item ') == 30
    assert "contact-00" in first and "contact-44" not in first
    assert "?page=2" in first and "Older" in first and "Newer" not in first
    second = browser.get(url("client", case) + "?page=2").content.decode()
    assert "contact-44" in second and "contact-00" not in second
    assert "Newer" in second and "?page=1" in second and "Older" not in second
    assert browser.get(url("client", case) + "?page=999").status_code == 200
    assert browser.get(url("client", case) + "?page=x").content.decode().count("contact-00") == 1


def test_every_link_on_the_client_page_leads_to_a_page_of_that_file(case, users, client_for):
    from django.urls import resolve

    worker = users["professional_a"]
    goal = services.add_goal(case, by=worker, life_domain="debts", description="Pay the bill")
    services.add_support_action(goal, by=worker, module=SupportModule.values[0])
    services.propose_referral(case, by=worker, partner_contact="Ans", partner_name="Food bank")
    browser = client_for("coordinator")
    page = browser.get(url("client", case)).content.decode()
    prefix = url("client", case)
    links = {href for href in re.findall(r'href="([^"#?]+)', page) if href.startswith(prefix)}
    # (The language links go through /language/<code>/ since issue 14, so they are not
    # among these.)
    assert len(links) >= 17
    for href in links:
        match = resolve(href)
        assert match.namespace == "trajectories" and match.kwargs["client_id"] == case.client_id
        assert browser.get(href).status_code == 200, href


def test_the_timeline_says_what_happened_in_the_workers_words(case, users, client_for):
    worker = users["professional_a"]
    services.log_contact(
        case, by=worker, channel="phone", duration_band="0-15", note="Line one\n<b>two</b>"
    )
    goal = services.add_goal(case, by=worker, life_domain="debts", description="Pay the bill")
    services.add_support_action(
        goal, by=worker, module=SupportModule.values[0], partner_name="Budget help"
    )
    page = client_for("professional_a").get(url("client", case)).content.decode()
    timeline = page[page.index('<ol class="timeline">') :]
    assert "Line one<br>&lt;b&gt;two&lt;/b&gt;" in timeline
    assert "Goal set" in timeline and "Pay the bill" in timeline
    assert "With Budget help" in timeline
    assert "professional-a" in timeline


def test_my_clients_shows_each_file_with_its_state(users, org_a, client_for):
    worker = users["professional_a"]
    open_file = services.open_trajectory(
        work_name="<b>Rosa</b>",
        channel="phone",
        language="nl",
        organisation=org_a,
        contact_person=worker,
        sex_work_status="partly",
    )
    closed_file = services.open_trajectory(
        work_name="Iris", channel="phone", language="nl", organisation=org_a, contact_person=worker
    )
    services.close_trajectory(
        closed_file, by=worker, expected_version=closed_file.version, reason="person_asked"
    )
    mine = client_for("professional_a").get(en_reverse("trajectories:my_clients")).content.decode()
    assert "&lt;b&gt;Rosa&lt;/b&gt;" in mine and "<b>Rosa" not in mine
    assert f'href="{url("client", open_file)}"' in mine
    assert "Partly doing sex work" in mine and "Contact person" not in mine and "Iris" not in mine
    closed = (
        client_for("coordinator")
        .get(en_reverse("trajectories:my_clients") + "?closed=1&scope=organisation")
        .content.decode()
    )
    assert "Iris" in closed and "sealed" in closed
    assert "Contact person" in closed and "professional-a" in closed
