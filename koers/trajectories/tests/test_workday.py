"""The caseworker's day (issue 13): what a worker notices — the person's story in the new
file, a pinned handover note and a notice, the start page, finding a client, the agenda,
no silent or absurd changes, and erasure that also reaches the contact requests."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from conftest import make_user
from koers.accounts.models import Role
from koers.contact import services as contact_services
from koers.contact.models import ContactRequest, ContactRequestTally
from koers.contact.services import Route, create_request
from koers.notifications import inbox
from koers.notifications.models import Notice, NoticeKind
from koers.trajectories import services, tasks
from koers.trajectories.caseload import matches, normalise
from koers.trajectories.models import Handover, Trajectory, TrajectoryEvent
from koers.trajectories.vocabulary import EventKind

pytestmark = pytest.mark.django_db


def en(path: str) -> str:
    return "/en" + path


def open_file(org, worker, name="Vlinder", **extra) -> Trajectory:
    return services.open_trajectory(
        work_name=name,
        channel="phone",
        language="es",
        organisation=org,
        contact_person=worker,
        **extra,
    )


def a_request(org, message="Ik werk al 6 jaar achter het raam en wil iets anders.", **extra):
    created = create_request(
        token=f"token-{message[:10]}-{ContactRequest.objects.count()}",
        route=Route(org, None),
        work_name="Jasmijn",
        channel="whatsapp",
        contact_detail="+31612345678",
        language="nl",
        message=message,
        **extra,
    )
    return created.request


# --- 5. the story carries over --------------------------------------------------------------


def test_turning_a_request_into_a_file_keeps_the_persons_words_with_their_dates(
    users, org_a, client_for
):
    worker = users["professional_a"]
    request = a_request(
        org_a, answers={"situation": "considering", "needs": ["housing", "debts"], "unsafe": False}
    )
    ten_days_ago = timezone.now() - timedelta(days=10)
    ContactRequest.objects.filter(pk=request.pk).update(created_at=ten_days_ago)
    request.refresh_from_db()
    contact_services.record_first_contact(
        request, worker, "Belde terug, wil eerst over huisvesting."
    )
    contact_services.record_first_contact(request, worker, "Tweede gesprek: schulden bij de bank.")
    trajectory = contact_services.turn_into_trajectory(request, worker)

    story = list(
        TrajectoryEvent.objects.filter(
            trajectory=trajectory,
            kind__in=[EventKind.REQUEST, EventKind.SELFCHECK, EventKind.INTAKE_NOTE],
        ).order_by("on", "created_at")
    )
    assert [event.kind for event in story] == ["request", "selfcheck", "intake_note", "intake_note"]
    assert story[0].note.startswith("Ik werk al 6 jaar achter het raam")
    assert story[0].on == timezone.localdate(ten_days_ago)
    assert "Debts" in story[1].note or "debts" in story[1].note.lower()
    assert story[3].note == "Tweede gesprek: schulden bij de bank."

    page = client_for("professional_a").get(en(f"/clients/{trajectory.client_id}/"))
    body = page.content.decode()
    assert "Ik werk al 6 jaar achter het raam" in body
    assert "Tweede gesprek: schulden bij de bank." in body
    assert "Belde terug" in body


def test_a_withdrawn_request_loses_its_first_contact_notes(users, org_a):
    request = a_request(org_a)
    contact_services.record_first_contact(request, users["professional_a"], "Private note")
    contact_services.withdraw(request)
    assert not request.notes.exists()


def test_handover_note_is_pinned_for_the_new_person_until_read_and_they_are_notified(
    users, org_a, client_for
):
    old, new = (
        users["professional_a"],
        make_user("new-worker", role=Role.PROFESSIONAL, organisation=org_a),
    )
    trajectory = open_file(org_a, old)
    services.hand_over(
        trajectory, by=old, expected_version=None, to_user=new, note="Niet naar familie vragen."
    )
    notice = Notice.objects.get(user=new)
    assert notice.kind == NoticeKind.HANDOVER
    assert "Vlinder" not in notice.link and str(trajectory.client_id) in notice.link
    assert not Notice.objects.filter(user=old).exists()

    client = client_for("professional_a")
    client.force_login(new)
    from conftest import login

    login(client, new)
    body = client.get(en(f"/clients/{trajectory.client_id}/")).content.decode()
    assert "Handover note for you" in body and "Niet naar familie vragen." in body
    assert "1 new" in body  # the count in the menu
    handover = Handover.objects.get(trajectory=trajectory)
    client.post(en(f"/clients/{trajectory.client_id}/handover/{handover.pk}/read/"))
    body = client.get(en(f"/clients/{trajectory.client_id}/")).content.decode()
    assert "Handover note for you" not in body
    assert "Niet naar familie vragen." in body  # still on the timeline


def test_a_colleague_reading_the_file_does_not_unpin_the_note(users, org_a):
    old, new = (
        users["professional_a"],
        make_user("new-worker", role=Role.PROFESSIONAL, organisation=org_a),
    )
    trajectory = open_file(org_a, old)
    handover = services.hand_over(trajectory, by=old, expected_version=None, to_user=new, note="x")
    assert services.mark_handover_read(handover, by=users["coordinator"]) is False
    handover.refresh_from_db()
    assert handover.read_at is None


# --- 11. no silent or absurd changes --------------------------------------------------------


def test_saving_aftercare_keeps_the_planned_next_contact(users, org_a, client_for):
    worker = users["professional_a"]
    trajectory = open_file(org_a, worker)
    planned = timezone.localdate() + timedelta(days=7)
    services.plan_next_contact(trajectory, by=worker, on=planned)
    trajectory.refresh_from_db()
    response = client_for("professional_a").post(
        en(f"/clients/{trajectory.client_id}/aftercare/"),
        {"version": trajectory.version, "level": "active", "triggers": ["job_loss"]},
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.next_contact_on == planned
    assert trajectory.aftercare_level == "active"


def test_aftercare_plans_a_check_in_only_when_nothing_is_planned(users, org_a):
    worker = users["professional_a"]
    trajectory = open_file(org_a, worker)
    services.set_aftercare(
        trajectory, by=worker, expected_version=None, level="intensive", triggers=[]
    )
    trajectory.refresh_from_db()
    assert trajectory.next_contact_on == timezone.localdate() + timedelta(days=14)


STATE = (
    "phase",
    "phase_since",
    "sex_work_status",
    "direction",
    "next_contact_on",
    "last_contact_on",
    "aftercare_level",
    "aftercare_triggers",
    "contact_person_id",
    "is_closed",
)


def _state(trajectory: Trajectory) -> dict:
    fresh = Trajectory.objects.select_related("client").get(pk=trajectory.pk)
    state = {name: getattr(fresh, name) for name in STATE}
    state["work_name"] = fresh.client.work_name
    state["birth_year"] = fresh.client.birth_year
    return state


FORMS = {
    # form path: (POST data, the state fields it may change)
    "phase": ({"phase": "orientation", "on": ""}, {"phase"}),
    "status": ({"status": "partly", "on": ""}, {"sex_work_status"}),
    "direction": ({"direction": "outside_branch"}, {"direction"}),
    "aftercare": (
        {"level": "passive", "triggers": ["debts"]},
        {"aftercare_level", "aftercare_triggers"},
    ),
    "contact": ({"channel": "phone", "duration_band": "30", "note": "hi"}, {"last_contact_on"}),
    "goals/new": ({"life_domain": "housing", "description": "A home"}, set()),
    "referrals/new": (
        {"partner_name": "Partner", "partner_contact": "Sam", "status": "proposed"},
        set(),
    ),
    "situation": ({"situation": "looking_for_work", "on": ""}, set()),
    "details": (
        {
            "work_name": "Vlinder",
            "preferred_channel": "phone",
            "preferred_language": "es",
            "birth_year": "1990",
        },
        {"birth_year"},
    ),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_changes_only_its_own_part(form, users, org_a, client_for):
    worker = users["professional_a"]
    trajectory = open_file(org_a, worker, birth_year="1985")
    services.plan_next_contact(trajectory, by=worker, on=timezone.localdate() + timedelta(days=5))
    trajectory.refresh_from_db()
    data, allowed = FORMS[form]
    data = {**data, "version": trajectory.version}
    if form == "phase":
        data["on"] = timezone.localdate().isoformat()
    if form in ("status", "situation"):
        data["on"] = timezone.localdate().isoformat()
    if form == "situation":
        from koers.trajectories.vocabulary import OutcomeSituation

        data["situation"] = OutcomeSituation.values[0]
        data["sector"] = "cleaning"
        data["within_branch_change"] = ""
    if form == "direction":
        from koers.trajectories.vocabulary import Direction

        data["direction"] = [d for d in Direction.values if d != trajectory.direction][0]
    if form == "aftercare":
        from koers.trajectories.vocabulary import AftercareTrigger

        data["triggers"] = [AftercareTrigger.values[0]]
    if form == "contact":
        from koers.trajectories.vocabulary import DurationBand

        data["duration_band"] = DurationBand.values[0]
    before = _state(trajectory)
    response = client_for("professional_a").post(
        en(f"/clients/{trajectory.client_id}/{form}/"), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    after = _state(trajectory)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= allowed | {"phase_since"} if form == "phase" else changed <= allowed
    assert after["next_contact_on"] == before["next_contact_on"]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("0001-01-01", "Dates before 1 January 2000 are not accepted"),
        ("1850-03-01", "Dates before 1 January 2000 are not accepted"),
        ("3025-01-01", "in the future"),
    ],
)
def test_absurd_contact_dates_are_refused_with_the_rule_broken(
    typed, message, users, org_a, client_for
):
    trajectory = open_file(org_a, users["professional_a"])
    response = client_for("professional_a").post(
        en(f"/clients/{trajectory.client_id}/contact/"),
        {"channel": "phone", "duration_band": "0-15", "note": "kept note", "on": typed},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "kept note" in body  # nothing typed is lost
    assert not trajectory.contacts.exists()


def test_consent_and_planned_dates_out_of_range_are_refused(users, org_a):
    worker = users["professional_a"]
    trajectory = open_file(org_a, worker)
    with pytest.raises(Exception, match="before 1 January 2000"):
        services.propose_referral(
            trajectory,
            by=worker,
            partner_name="P",
            partner_contact="Sam",
            status="consented",
            consent_on=date(1999, 12, 31),
            consent_how="in_person",
        )
    with pytest.raises(Exception, match="two years ahead"):
        services.plan_next_contact(trajectory, by=worker, on=date(3025, 1, 1))


@pytest.mark.parametrize(
    "year, message",
    [
        ("1850", "older than 100"),
        ("3025", "younger than 18"),
        (str(date.today().year - 10), "younger than 18"),
        ("19x0", "Enter a year of four digits"),
    ],
)
def test_birth_years_say_which_rule_was_broken(year, message, users, org_a, client_for):
    trajectory = open_file(org_a, users["professional_a"])
    response = client_for("professional_a").post(
        en(f"/clients/{trajectory.client_id}/details/"),
        {
            "version": trajectory.version,
            "work_name": "Vlinder",
            "preferred_channel": "phone",
            "preferred_language": "es",
            "birth_year": year,
        },
    )
    assert message in response.content.decode()


def test_a_phase_change_to_the_current_phase_says_nothing_changed(users, org_a, client_for):
    trajectory = open_file(org_a, users["professional_a"])
    response = client_for("professional_a").post(
        en(f"/clients/{trajectory.client_id}/phase/"),
        {
            "version": trajectory.version,
            "phase": trajectory.phase,
            "on": timezone.localdate().isoformat(),
        },
    )
    body = response.content.decode()
    assert "nothing was changed" in body
    assert "The phase was recorded" not in body
    assert trajectory.phase_changes.count() == 1


# --- 1. the start page ----------------------------------------------------------------------


def test_start_page_shows_what_needs_attention_with_counts(users, org_a, org_b, client_for):
    worker = users["professional_a"]
    today = timezone.localdate()
    late = open_file(org_a, worker, name="Late")
    soon = open_file(org_a, worker, name="Soon")
    Trajectory.objects.filter(pk=late.pk).update(next_contact_on=today - timedelta(days=2))
    Trajectory.objects.filter(pk=soon.pk).update(next_contact_on=today + timedelta(days=2))
    services.propose_referral(soon, by=worker, partner_name="Schuldhulp", partner_contact="Sam")
    services.set_aftercare(
        soon, by=worker, expected_version=None, level="active", triggers=["rising_debts"]
    )
    a_request(org_a, message="help")
    a_request(org_b, message="other organisation")  # never on A's page
    other = open_file(org_b, users["professional_b"], name="Elsewhere")
    Trajectory.objects.filter(pk=other.pk).update(next_contact_on=today - timedelta(days=9))
    tasks.add_task(late, by=worker, title="Bel de woningcorporatie", due_on=today)
    tasks.add_task(late, by=worker, title="Later task", due_on=today + timedelta(days=3))

    body = client_for("professional_a").get(en("/clients/today/")).content.decode()
    assert "Late" in body and "Soon" in body and "Schuldhulp" in body
    assert "Jasmijn" in body  # the new request of A
    assert "Elsewhere" not in body
    import re

    counts = dict(re.findall(r'id="t-(\w+)">[^<]*<span class="count">(\d+)</span>', body))
    assert counts == {
        "requests": "1",
        "handovers": "0",
        "overdue": "1",
        "week": "1",
        "referrals": "1",
        "triggers": "1",
        "tasks": "1",
    }
    assert "Bel de woningcorporatie" in body and "Later task" not in body


def test_coordinator_sees_the_organisation_per_worker(users, org_a, client_for):
    open_file(org_a, users["professional_a"], name="A1")
    body = client_for("coordinator").get(en("/clients/today/")).content.decode()
    assert "The organisation, per worker" in body and "professional-a" in body


# --- 2. find a client -----------------------------------------------------------------------


def test_normalising_ignores_case_and_accents():
    assert normalise("  ÉLODIE  Núñez ") == "elodie nunez"
    assert matches("José", 5, "jose") and matches("Jasmijn", 5, "SMIJ") and matches("X", 42, "#42")
    assert not matches("Jasmijn", 5, "piet")


def test_search_finds_own_clients_by_part_of_the_name_and_reference(users, org_a, client_for):
    worker = users["professional_a"]
    jose = open_file(org_a, worker, name="José Fernández")
    open_file(org_a, worker, name="Vlinder")
    client = client_for("professional_a")
    body = client.get(en("/clients/"), {"q": "fernan"}).content.decode()
    assert "José Fernández" in body and "Vlinder" not in body
    body = client.get(en("/clients/"), {"q": f"#{jose.client_id}"}).content.decode()
    assert "José Fernández" in body and "Vlinder" not in body


def test_search_never_finds_another_organisations_or_colleagues_client(
    users, org_a, org_b, client_for
):
    open_file(org_b, users["professional_b"], name="Geheim Rotterdam")
    colleague = make_user("colleague", role=Role.PROFESSIONAL, organisation=org_a)
    open_file(org_a, colleague, name="Geheim Collega")
    body = client_for("professional_a").get(en("/clients/"), {"q": "geheim"}).content.decode()
    assert "Geheim" not in body.replace('value="geheim"', "")
    assert "No client found" in body and 'value="geheim"' in body  # the query is kept
    body = (
        client_for("coordinator")
        .get(en("/clients/"), {"q": "geheim", "scope": "organisation"})
        .content.decode()
    )
    assert "Geheim Collega" in body and "Geheim Rotterdam" not in body


def test_list_filters_and_sorts(users, org_a, client_for):
    worker = users["professional_a"]
    today = timezone.localdate()
    b = open_file(org_a, worker, name="Bea")
    a = open_file(org_a, worker, name="Anna")
    Trajectory.objects.filter(pk=b.pk).update(next_contact_on=today - timedelta(days=1))
    Trajectory.objects.filter(pk=a.pk).update(phase="orientation")
    client = client_for("professional_a")
    body = client.get(en("/clients/"), {"overdue": "1"}).content.decode()
    assert "Bea" in body and "Anna" not in body
    body = client.get(en("/clients/"), {"phase": "orientation"}).content.decode()
    assert "Anna" in body and "Bea" not in body
    body = client.get(en("/clients/"), {"sort": "name"}).content.decode()
    assert body.index("Anna") < body.index("Bea")
    body = client.get(en("/clients/"), {"sort": "next"}).content.decode()
    assert body.index("Bea") < body.index("Anna")


# --- 3. agenda ------------------------------------------------------------------------------


def test_agenda_shows_planned_contacts_by_day(users, org_a, client_for):
    worker = users["professional_a"]
    trajectory = open_file(org_a, worker, name="Agenda Person")
    day = timezone.localdate() + timedelta(days=8)
    services.plan_next_contact(trajectory, by=worker, on=day)
    client = client_for("professional_a")
    assert "Agenda Person" not in client.get(en("/clients/agenda/")).content.decode()
    body = client.get(en("/clients/agenda/"), {"week": day.isoformat()}).content.decode()
    assert "Agenda Person" in body
    assert client.get(en("/clients/agenda/"), {"week": "not-a-date"}).status_code == 200


# --- 4. notifications -----------------------------------------------------------------------


def test_assigned_request_and_overdue_contact_notify_once(users, org_a):
    worker, coordinator = users["professional_a"], users["coordinator"]
    request = a_request(org_a)
    contact_services.assign(request, coordinator, worker)
    assert Notice.objects.filter(user=worker, kind=NoticeKind.REQUEST_ASSIGNED).count() == 1
    trajectory = open_file(org_a, worker)
    Trajectory.objects.filter(pk=trajectory.pk).update(
        next_contact_on=timezone.localdate() - timedelta(days=1)
    )
    assert services.notify_overdue() == 1
    assert services.notify_overdue() == 0
    assert inbox.unread_count(worker) == 2


def test_referral_status_change_by_a_colleague_notifies_the_contact_person(users, org_a):
    worker = users["professional_a"]
    trajectory = open_file(org_a, worker)
    referral = services.propose_referral(
        trajectory, by=worker, partner_name="P", partner_contact="S"
    )
    services.update_referral(referral, by=users["coordinator"], status="declined")
    assert Notice.objects.filter(user=worker, kind=NoticeKind.REFERRAL).exists()


@override_settings(
    NOTIFICATION_BACKENDS={
        "mail": "koers.notifications.backends.DjangoMailBackend",
        "sms": "koers.notifications.backends.MemoryBackend",
    }
)
def test_daily_digest_has_counts_and_a_link_only(users, org_a):
    worker = users["professional_a"]
    worker.email = "worker@example.org"
    worker.save()
    inbox.set_daily_digest(worker, True)
    old = make_user("old", role=Role.PROFESSIONAL, organisation=org_a)
    for number in range(11):  # so the file number has two digits and cannot pass for a count
        open_file(org_a, old, name=f"Other {number}")
    trajectory = open_file(org_a, old, name="Zeer Geheim")
    assert trajectory.client_id >= 10
    services.hand_over(
        trajectory, by=old, expected_version=None, to_user=worker, note="Secret story"
    )
    with translation.override("en"):
        assert inbox.send_daily_digests("https://koers.example/notices/") == 1
        assert inbox.send_daily_digests("https://koers.example/notices/") == 0  # once a day
    message = mail.outbox[-1]
    text = message.subject + message.body
    assert "1" in message.body and "https://koers.example/notices/" in message.body
    assert "Zeer Geheim" not in text and "Secret story" not in text
    assert str(trajectory.client_id) not in message.body.replace(
        "https://koers.example/notices/", ""
    )


# --- 7. erasure follows the contact requests ------------------------------------------------


def test_erasing_a_client_erases_the_requests_that_led_to_the_file(users, org_a):
    request = a_request(org_a)
    contact_services.record_first_contact(request, users["professional_a"], "note")
    trajectory = contact_services.turn_into_trajectory(request, users["professional_a"])
    other = a_request(org_a, message="someone else")
    services.erase_client(trajectory, by=users["coordinator"], confirmed=True)
    assert not ContactRequest.objects.filter(pk=request.pk).exists()
    assert ContactRequest.objects.filter(pk=other.pk).exists()
    assert ContactRequestTally.objects.filter(organisation=org_a).exists()  # counts survive


# --- 6. pickers a worker can use ------------------------------------------------------------


@pytest.fixture
def partners(db, region_amsterdam):
    from koers.directory.models import Location, ServiceAtLocation
    from koers.directory.tests.factories import make_service
    from koers.organisations.models import Organisation, OrganisationKind

    def partner(org_name, town, slug):
        org = Organisation.objects.create(name=org_name, kind=OrganisationKind.GENERAL_PARTNER)
        service = make_service(
            org, region_slugs=(slug,), domains=("debts",), name="Bezoek op je werkplek of online"
        )
        location = Location.objects.create(
            organisation=org, name=org_name, address_1="Straat 1", city=town
        )
        ServiceAtLocation.objects.create(service=service, location=location)
        return service

    return partner("Schuldhulp Amsterdam", "Amsterdam", "amsterdam"), partner(
        "Schuldhulp Alkmaar", "Alkmaar", "alkmaar"
    )


def test_referral_picker_offers_the_clients_region_first_grouped_with_town_and_domain(
    users, org_a, region_amsterdam, partners, client_for
):
    amsterdam, alkmaar = partners
    trajectory = open_file(org_a, users["professional_a"], region=region_amsterdam)
    goal = services.add_goal(
        trajectory, by=users["professional_a"], life_domain="debts", description="Schulden regelen"
    )
    client = client_for("professional_a")
    page = en(f"/clients/{trajectory.client_id}/referrals/new/")
    body = client.get(page).content.decode()
    assert 'optgroup label="Schuldhulp Amsterdam"' in body
    assert "Bezoek op je werkplek of online — Amsterdam · debts" in body
    assert "Alkmaar" not in body.split('name="service"')[1].split("</select>")[0]
    assert "Debts: Schulden regelen" in body and f"goal {goal.pk}" not in body
    body = client.get(page, {"q": "alkmaar"}).content.decode()
    assert "Schuldhulp Alkmaar" in body and "(other region)" in body
    body = client.get(page, {"all": "1"}).content.decode()
    assert body.index("Schuldhulp Amsterdam") < body.index("Schuldhulp Alkmaar")
    response = client.post(
        page,
        {
            "service": str(amsterdam.pk),
            "partner_contact": "Sam de Vries",
            "status": "proposed",
            "goal": str(goal.pk),
        },
    )
    assert response.status_code == 302
    assert trajectory.referrals.get().service == amsterdam


def test_a_partner_outside_the_directory_can_be_typed_in(users, org_a, client_for):
    trajectory = open_file(org_a, users["professional_a"])
    client = client_for("professional_a")
    body = client.get(
        en(f"/clients/{trajectory.client_id}/referrals/new/"), {"q": "nothing-like-this"}
    ).content.decode()
    assert "Nothing found for" in body
    response = client.post(
        en(f"/clients/{trajectory.client_id}/referrals/new/"),
        {
            "partner_name": "Woningcorporatie Ymere",
            "partner_contact": "Fatima",
            "partner_reach": "020 123 4567",
            "status": "proposed",
        },
    )
    assert response.status_code == 302
    referral = trajectory.referrals.get()
    assert (referral.partner_name, referral.partner_reach) == (
        "Woningcorporatie Ymere",
        "020 123 4567",
    )


# --- 3. tasks and the calendar feed ---------------------------------------------------------


@pytest.mark.parametrize(
    "title, due, message",
    [
        ("", "2026-01-01", "Write what needs to be done."),
        ("Bellen", "", "Enter the date it is due."),
        ("Bellen", "1850-01-01", "Dates before 1 January 2000"),
        ("Bellen", "3025-01-01", "at most two years ahead"),
    ],
)
def test_a_task_without_title_or_with_an_absurd_date_is_refused(
    title, due, message, users, org_a, client_for
):
    trajectory = open_file(org_a, users["professional_a"])
    response = client_for("professional_a").post(
        en(f"/clients/{trajectory.client_id}/tasks/new/"), {"title": title, "due_on": due}
    )
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    if title:
        assert f'value="{title}"' in body  # nothing typed is lost
    assert not trajectory.tasks.exists()


def test_task_done_and_undone(users, org_a, client_for):
    trajectory = open_file(org_a, users["professional_a"])
    client = client_for("professional_a")
    client.post(
        en(f"/clients/{trajectory.client_id}/tasks/new/"),
        {"title": "Bel de woningcorporatie", "due_on": timezone.localdate().isoformat()},
    )
    task = trajectory.tasks.get()
    assert (
        "Bel de woningcorporatie"
        in client.get(en(f"/clients/{trajectory.client_id}/")).content.decode()
    )
    client.post(en(f"/clients/{trajectory.client_id}/tasks/{task.pk}/"), {"done": "1"})
    task.refresh_from_db()
    assert task.done_at is not None
    client.post(en(f"/clients/{trajectory.client_id}/tasks/{task.pk}/"), {"done": "0"})
    task.refresh_from_db()
    assert task.done_at is None


def test_calendar_feed_has_neutral_titles_and_a_revocable_secret(users, org_a, client_for):
    worker = users["professional_a"]
    trajectory = open_file(org_a, worker, name="Zeer Geheime Naam")
    day = timezone.localdate() + timedelta(days=3)
    services.plan_next_contact(trajectory, by=worker, on=day)
    tasks.add_task(trajectory, by=worker, title="Bel de woningcorporatie", due_on=day)
    client = client_for("professional_a")
    page = client.post(en("/clients/agenda/calendar/"), {"action": "create"}).content.decode()
    import re

    feed = re.search(r"<code>https?://[^/]+(/[^<]+\.ics)</code>", page).group(1)
    anonymous = client.__class__()
    response = anonymous.get(feed)
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:Koers appointment" in text and "SUMMARY:Koers task" in text
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in text
    assert "Geheime" not in text and "woningcorporatie" not in text
    assert anonymous.get(feed.replace(".ics", "x.ics")).status_code == 404  # wrong secret
    client.post(en("/clients/agenda/calendar/"), {"action": "revoke"})
    assert anonymous.get(feed).status_code == 404  # revoked


# --- 7. an export for the person ------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    """The text of an uncompressed reportlab PDF (its Tj strings), for assertions."""
    import re

    raw = content.decode("latin-1")
    return " ".join(
        m.replace("\\(", "(").replace("\\)", ")") for m in re.findall(r"\((.*?)\) Tj", raw)
    )


def test_export_for_the_person_in_their_language_without_codes(users, org_a, client_for):
    import json

    worker = users["professional_a"]
    request = a_request(org_a, message="Quiero otro trabajo.")
    trajectory = contact_services.turn_into_trajectory(request, worker)
    Trajectory.objects.filter(pk=trajectory.pk).update(aftercare_triggers=["job_loss"])
    services.log_contact(
        trajectory, by=worker, channel="phone", duration_band="0-15", note="Hablamos"
    )
    client = client_for("professional_a")
    data = json.loads(
        client.get(en(f"/clients/{trajectory.client_id}/export.json"), {"lang": "es"}).content
    )
    assert data["language"] == "es"
    assert (
        data["labels"]["work_name"] == "Nombre de trabajo"
        or data["labels"]["work_name"] != "Work name"
    )
    assert data["contacts"][0]["note"] == "Hablamos"
    assert data["contacts"][0]["on"] == timezone.localdate().isoformat()  # ISO, no time
    assert any(event["note"] == "Quiero otro trabajo." for event in data["events"])
    text = json.dumps(data, ensure_ascii=False)
    assert "job_loss" not in text and "T00:" not in text and "+00:00" not in text
    assert (
        data["about"]["paragraphs"] and "derecho" in " ".join(data["about"]["paragraphs"]).lower()
    )

    pdf = client.get(en(f"/clients/{trajectory.client_id}/export.pdf"), {"lang": "es"})
    assert pdf.status_code == 200
    body = _pdf_text(pdf.content)
    with translation.override("es"):
        from django.utils import formats

        assert formats.date_format(timezone.localdate(), "DATE_FORMAT") in body
    assert "Quiero otro trabajo." in body and "job_loss" not in body


def test_export_language_follows_the_file_unless_chosen(users, org_a):
    from koers.trajectories.person_export import export_language

    trajectory = open_file(org_a, users["professional_a"])  # preferred language es
    assert export_language(trajectory.client) == "es"
    assert export_language(trajectory.client, "ro") == "ro"
    assert export_language(trajectory.client, "xx") == "es"


# --- 10. the audit page ---------------------------------------------------------------------


def test_refused_attempts_on_another_organisations_client_are_recorded_and_shown(
    users, org_a, org_b, client_for
):
    from koers.audit.models import AuditEntry

    other = open_file(org_b, users["professional_b"], name="Rotterdam")
    own = open_file(org_a, users["professional_a"], name="Own")
    attacker = client_for("professional_a")
    assert attacker.get(en(f"/clients/{other.client_id}/")).status_code == 404
    assert attacker.get(en(f"/clients/{other.client_id}/export.json")).status_code == 404
    assert client_for("analyst").get(en(f"/clients/{own.client_id}/")).status_code == 403
    refused = AuditEntry.objects.filter(detail__startswith="refused:")
    assert refused.filter(organisation=org_a, object_id=str(other.client_id)).count() == 2
    assert not refused.filter(organisation=org_b).exists()  # B learns nothing, A's log has it
    # A 404 inside a file the worker may open is not a refusal.
    attacker.get(en(f"/clients/{own.client_id}/goals/999999/"))
    assert refused.filter(object_id=str(own.client_id), organisation=org_a).count() == 0

    log = client_for("coordinator")
    body = log.get(en("/audit/"), {"refused": "1"}).content.decode()
    assert body.count('class="is-refused"') == 2
    body = log.get(en("/audit/"), {"client": str(own.client_id)}).content.decode()
    assert "is-refused" not in body and str(own.client_id) in body
    body = log.get(
        en("/audit/"), {"worker": str(users["coordinator"].pk), "start": "2000-01-01"}
    ).content.decode()
    assert "professional-a" not in body.split("<tbody>")[1]
    body = log.get(en("/audit/"), {"end": "2000-01-01"}).content.decode()
    assert "No entries yet." in body


def test_planning_the_next_contact_from_the_client_page(users, org_a, client_for):
    trajectory = open_file(org_a, users["professional_a"])
    client = client_for("professional_a")
    day = timezone.localdate() + timedelta(days=4)
    client.post(en(f"/clients/{trajectory.client_id}/plan/"), {"next_contact_on": day.isoformat()})
    trajectory.refresh_from_db()
    assert trajectory.next_contact_on == day
    response = client.post(
        en(f"/clients/{trajectory.client_id}/plan/"), {"next_contact_on": "3025-01-01"}, follow=True
    )
    assert "at most two years ahead" in response.content.decode()
    trajectory.refresh_from_db()
    assert trajectory.next_contact_on == day  # the refused date changed nothing
