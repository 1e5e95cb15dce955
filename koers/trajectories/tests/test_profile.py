"""The profile suggestion on a client's file: computed from the intake with its reasons, shown
as a suggestion only; the professional's own choice is never filled in and always kept."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from koers.audit.models import AuditAction, AuditEntry
from koers.contact.services import Route, create_request, turn_into_trajectory
from koers.trajectories import selectors, services
from koers.trajectories.models import Client

pytestmark = pytest.mark.django_db


def open_case(users, org_a, work_name="Vlinder", **fields):
    return services.open_trajectory(
        work_name=work_name,
        channel="phone",
        language="en",
        organisation=org_a,
        contact_person=users["professional_a"],
        **fields,
    )


def add_goals(trajectory, worker, *domains):
    return [
        services.add_goal(trajectory, by=worker, life_domain=domain, description=f"Goal {domain}")
        for domain in domains
    ]


def page(browser, trajectory, name="client") -> str:
    with translation.override("en"):
        address = reverse(f"trajectories:{name}", kwargs={"client_id": trajectory.client_id})
    response = browser.get(address)
    assert response.status_code == 200
    text = re.sub(r"<(?!input|select)[^>]*>", "", response.content.decode())  # the words as read
    return " ".join(html.unescape(text).split())


def post_details(browser, trajectory, **data):
    trajectory.refresh_from_db()
    client = trajectory.client
    with translation.override("en"):
        address = reverse("trajectories:client_edit", kwargs={"client_id": trajectory.client_id})
    form = {
        "version": trajectory.version,
        "work_name": client.work_name,
        "preferred_channel": client.preferred_channel,
        "preferred_language": client.preferred_language,
        "migration_background": client.migration_background,
        "chosen_profile": client.chosen_profile,
        **data,
    }
    return browser.post(address, form)


def test_goals_in_debts_and_housing_suggest_p2_with_the_reason(users, org_a, client_for):
    case = open_case(users, org_a)
    add_goals(case, users["professional_a"], "debts", "housing")
    shown = page(client_for("professional_a"), case)
    assert "Suggested profile: P2 multiple support needs, because the person" in shown
    assert "debts and housing" in shown
    assert "Only a suggestion" in shown
    assert Client.objects.get(pk=case.client_id).chosen_profile == ""


def test_the_suggestion_is_shown_next_to_the_choice_on_the_details_page(users, org_a, client_for):
    case = open_case(users, org_a, migration_background="yes")
    add_goals(case, users["professional_a"], "debts", "housing")
    shown = page(client_for("professional_a"), case, "client_edit")
    assert "Suggested profile: P2 multiple support needs" in shown
    assert "came from another country" in shown
    assert 'name="chosen_profile"' in shown
    # The old manual "suggested profile" dropdown is gone: the suggestion is computed.
    assert 'name="suggested_profile"' not in shown


def test_a_profile_chosen_by_hand_is_kept_and_the_suggestion_still_shows(users, org_a, client_for):
    worker = users["professional_a"]
    case = open_case(users, org_a)
    add_goals(case, worker, "debts", "housing")
    browser = client_for("professional_a")
    assert post_details(browser, case, chosen_profile="p1").status_code == 302
    add_goals(case, worker, "mental_health")
    assert Client.objects.get(pk=case.client_id).chosen_profile == "p1"
    shown = page(browser, case)
    assert "Chosen profile: P1 autonomous, practical questions" in shown
    assert "Suggested profile: P2 multiple support needs" in shown
    assert "3 areas at once" in shown
    # …and can be changed to "none of these" or cleared again.
    post_details(browser, case, chosen_profile="none")
    assert Client.objects.get(pk=case.client_id).chosen_profile == "none"
    post_details(browser, case, chosen_profile="")
    assert Client.objects.get(pk=case.client_id).chosen_profile == ""
    assert "Chosen profile: not chosen" in page(browser, case)


def test_adding_a_client_never_chooses_a_profile(users, org_a, client_for):
    with translation.override("en"):
        address = reverse("trajectories:client_new")
    response = client_for("professional_a").post(
        address,
        {
            "work_name": "Roos",
            "preferred_channel": "phone",
            "preferred_language": "nl",
            "contact_person": users["professional_a"].pk,
            "sex_work_status": "partly",
            "migration_background": "yes",
            "suggested_profile": "p3",  # no longer a field: ignored
        },
    )
    assert response.status_code == 302
    client = Client.objects.get()
    assert (client.chosen_profile, client.suggested_profile) == ("", "")


def test_turning_a_contact_request_into_a_file_suggests_but_never_chooses(users, org_a, client_for):
    answers = {"situation": "doing", "needs": ["debts", "housing"], "unsafe": "no"}
    created = create_request(
        token="profile-1",
        route=Route(organisation=org_a, service=None),
        work_name="Lola",
        channel="whatsapp",
        contact_detail="+31612345678",
        language="es",
        answers=answers,
    )
    trajectory = turn_into_trajectory(created.request, users["professional_a"])
    client = Client.objects.get(pk=trajectory.client_id)
    assert (client.suggested_profile, client.chosen_profile) == ("p2", "")
    browser = client_for("professional_a")
    # No goals yet: the file itself has too little to go on, the request's suggestion shows.
    shown = page(browser, trajectory)
    assert "Suggested profile:" not in shown
    assert "At the contact request: P2 multiple support needs" in shown
    # With the same picture in the file, one suggestion, noted as the same as before.
    add_goals(trajectory, users["professional_a"], "debts", "housing")
    shown = page(browser, trajectory)
    assert "Suggested profile: P2 multiple support needs" in shown
    assert "At the contact request" not in shown
    assert "shared with the contact request suggested the same" in shown
    # Saving the details keeps what the contact request suggested.
    post_details(browser, trajectory, chosen_profile="p1")
    client.refresh_from_db()
    assert (client.suggested_profile, client.chosen_profile) == ("p2", "p1")


def test_a_client_with_too_little_data_gets_no_suggestion(users, org_a, client_for):
    case = open_case(users, org_a, migration_background="yes")
    add_goals(case, users["professional_a"], "other")
    shown = page(client_for("professional_a"), case)
    assert "Suggested profile:" not in shown
    assert "No profile suggested from this file yet" in shown
    assert "Chosen profile: not chosen" in shown


def test_safety_with_a_new_network_suggests_p3(users, org_a, client_for):
    case = open_case(users, org_a)
    add_goals(case, users["professional_a"], "safety", "social_network")
    shown = page(client_for("professional_a"), case)
    assert "Suggested profile: P3 victim of exploitation" in shown
    assert "safety and social network" in shown


def test_practical_questions_while_changing_suggest_p1(users, org_a):
    worker = users["professional_a"]
    case = open_case(users, org_a, sex_work_status="doing")
    add_goals(case, worker, "work_income")
    client = Client.objects.select_related("trajectory").get(pk=case.client_id)
    # Doing sex work without a change in view: no P1 yet.
    assert selectors.profile_suggestion(client).profile == ""
    services.change_phase(case, by=worker, expected_version=case.version, phase="orientation")
    client = Client.objects.select_related("trajectory").get(pk=case.client_id)
    advice = selectors.profile_suggestion(client)
    assert advice.profile == "p1"
    assert "is considering or making a change" in advice.because


def test_the_intake_maps_to_the_rules_input(users, org_a):
    worker = users["professional_a"]
    case = open_case(users, org_a, sex_work_status="not_doing", migration_background="unknown")
    goals = add_goals(case, worker, "housing", "debts", "budgeting")
    services.set_goal_status(goals[2], by=worker, status="dropped")
    client = Client.objects.select_related("trajectory").get(pk=case.client_id)
    answers = selectors.intake_answers(client, client.trajectory.goals.all())
    assert answers.needs == ("housing", "debts")  # domain order; a dropped goal is no need
    assert answers.situation == "stopped"
    assert answers.migration == ""  # "unknown" is not a yes
    services.change_phase(case, by=worker, expected_version=case.version, phase="execution")
    client = Client.objects.select_related("trajectory").get(pk=case.client_id)
    assert selectors.intake_answers(client, []).situation == "changing"


def test_the_client_page_stays_flat_in_queries_and_audit_logged(users, org_a, client_for):
    worker = users["professional_a"]
    few = open_case(users, org_a, "A")
    many = open_case(users, org_a, "B")
    add_goals(few, worker, "debts")
    add_goals(many, worker, "debts", "housing", "mental_health", "budgeting", "education")
    add_goals(many, worker, "debts", "housing", "physical_health", "other", "work_income")
    browser = client_for("professional_a")
    counts = []
    for trajectory in (few, many):
        page(browser, trajectory)  # warm caches (the cached contact form)
        with CaptureQueriesContext(connection) as queries:
            shown = page(browser, trajectory)
        counts.append(len(queries))
    assert "Suggested profile: P2" in shown
    assert counts[0] == counts[1]
    reads = AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(many.client_id))
    assert reads.count() == 2


def test_the_suggestion_reads_no_more_than_the_page_already_has(users, org_a):
    worker = users["professional_a"]
    case = open_case(users, org_a)
    add_goals(case, worker, "debts", "housing")
    trajectory = selectors.trajectory_for(worker, case.client_id, details=False)
    plan = selectors.current_plan(trajectory)
    with CaptureQueriesContext(connection) as queries:
        advice = selectors.profile_suggestion(
            trajectory.client, goals=[goal for goal, _actions in plan["goals"]]
        )
    assert advice.profile == "p2" and len(queries) == 0


def test_a_different_suggestion_at_the_contact_request_stays_in_view(users, org_a, client_for):
    case = open_case(users, org_a, suggested_profile="p3")  # as the contact request stores it
    add_goals(case, users["professional_a"], "debts", "housing")
    shown = page(client_for("professional_a"), case)
    assert "Suggested profile: P2 multiple support needs" in shown
    assert "At the contact request: P3 victim of exploitation" in shown
    assert "Chosen profile: not chosen" in shown
