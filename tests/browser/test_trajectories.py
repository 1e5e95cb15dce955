"""A client's whole trajectory walked in a real browser, as a worker would on a phone."""

import json

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD, make_user
from koers.accounts.models import Role
from koers.trajectories.models import Client, Trajectory
from tests.browser.conftest import login_in_browser


def _submit(page, base, path, fields: dict, selects: dict | None = None, checks=()):
    page.goto(base + path)
    for name, value in (selects or {}).items():
        page.select_option(f"main [name={name}]", value)
    for name, value in fields.items():
        page.fill(f"main [name={name}]", value)
    for selector in checks:
        page.check(selector)
    page.click("main form.trajectory-form button[type=submit]")
    page.wait_for_load_state()  # the post and its redirect finish before the next step


@pytest.mark.django_db(transaction=True)
def test_a_client_walks_the_whole_trajectory(browser_page, live_server, axe):
    from koers.organisations.models import Organisation, OrganisationKind

    org = Organisation.objects.create(name="Org A", kind=OrganisationKind.SPECIALISED)
    worker = make_user("worker-a", role=Role.PROFESSIONAL, organisation=org)
    colleague = make_user("colleague-a", role=Role.PROFESSIONAL, organisation=org)
    coordinator = make_user("coord-a", role=Role.COORDINATOR, organisation=org)
    page, base = browser_page, live_server.url
    today = timezone.localdate().isoformat()

    login_in_browser(page, live_server, worker, TEST_PASSWORD)
    _submit(page, base, "/clients/new/", {"work_name": "Zwaluw"}, {"preferred_channel": "whatsapp"})
    client = Client.objects.get()
    c = f"/clients/{client.pk}"
    assert page.url.endswith(c + "/")
    # The flash message is on the page too: it is checked by axe along with the rest.
    violations = axe(page)
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]

    _submit(page, base, c + "/phase/", {"on": today}, {"phase": "orientation"})
    _submit(page, base, c + "/status/", {"on": today}, {"status": "not_doing"})
    # A return to sex work: recorded, nothing else changes.
    _submit(
        page,
        base,
        c + "/status/",
        {"on": today, "note": "Back at the club for now"},
        {"status": "doing"},
    )
    _submit(page, base, c + "/phase/", {"on": today}, {"phase": "execution"})
    _submit(
        page,
        base,
        c + "/goals/new/",
        {"description": "A room of my own"},
        {"life_domain": "housing"},
    )
    _submit(
        page,
        base,
        c + "/goals/new/",
        {"description": "A job in a kitchen"},
        {"life_domain": "work_income"},
    )
    # Logging a contact from the client page takes three fields.
    page.goto(base + c + "/")
    page.fill("[name=note]", "Went through vacancies together")
    page.select_option("[name=channel]", "in_person")
    page.select_option("[name=duration_band]", "30-60")
    page.click("section.card button[type=submit]")
    # Warm referral: consent is recorded before it is marked consented.
    _submit(
        page, base, c + "/referrals/new/", {"partner_name": "Woonhulp", "partner_contact": "Mira"}
    )
    referral = Trajectory.objects.get().referrals.get()
    _submit(
        page,
        base,
        f"{c}/referrals/{referral.pk}/",
        {"consent_on": today},
        {"status": "consented", "consent_how": "in_person"},
    )
    _submit(
        page,
        base,
        c + "/handover/",
        {"note": "Weekly call on Mondays. Do not ask about her family."},
        {"to_user": str(colleague.pk)},
    )
    # The new contact person carries on; the old one no longer sees the file.
    page.context.clear_cookies()
    login_in_browser(page, live_server, colleague, TEST_PASSWORD)
    _submit(
        page,
        base,
        c + "/aftercare/",
        {},
        checks=["#id_level_1", "#id_triggers_0", "#id_triggers_2"],
    )
    _submit(page, base, c + "/close/", {}, {"reason": "support_complete"})
    trajectory = Trajectory.objects.get()
    assert trajectory.is_sealed and trajectory.contact_person == colleague

    # Only a coordinator unseals; then the file can be reopened.
    page.context.clear_cookies()
    login_in_browser(page, live_server, coordinator, TEST_PASSWORD)
    _submit(page, base, c + "/unseal/", {"reason": "She asked for help again"})
    page.goto(base + c + "/reopen/")
    page.click("main form.trajectory-form button[type=submit]")
    trajectory.refresh_from_db()
    assert not trajectory.is_closed and not trajectory.is_sealed

    page.goto(base + "/en" + c + "/")  # English, so the steps read as written in code
    timeline = page.inner_text("ol.timeline")
    for expected in [
        "Orientation",
        "Not doing sex work",
        "Back at the club for now",
        "Execution",
        "A room of my own",
        "A job in a kitchen",
        "Went through vacancies together",
        "Consented",
        "Weekly call on Mondays",
        "Job loss",
        "File closed and sealed",
        "File unsealed",
        "File reopened",
    ]:
        assert expected.lower() in timeline.lower(), expected
    violations = axe(page)
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]
    assert page.third_party_requests() == []

    exported = json.loads(page.request.get(base + c + "/export.json").text())
    text = json.dumps(exported)
    for expected in [
        "Zwaluw",
        "A room of my own",
        "Woonhulp",
        "Mira",
        "Weekly call on Mondays",
        "Went through vacancies together",
        "Back at the club for now",
    ]:
        assert expected in text, expected
