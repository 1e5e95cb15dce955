"""One working day of a case worker in a real browser (issue 13): log in → the start page →
open a new request → turn it into a file that shows the person's message → plan a contact →
find the client by part of the name → refer to a partner in the client's region → hand
over → the new worker is notified and sees the pinned note → export for the person in
Spanish. Every page on the way is checked with axe; the start page in all four languages.

Set ``KOERS_SHOTS=/tmp/some-dir`` to keep a screenshot of each step (never in the repo).
"""

import json
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD, make_user
from koers.accounts.models import Role
from koers.contact.services import Route, create_request
from koers.notifications.models import Notice
from koers.trajectories.models import Client, Trajectory
from tests.browser.conftest import login_in_browser

SHOTS = os.environ.get("KOERS_SHOTS", "")
DESKTOP = {"width": 1366, "height": 768}


def _shot(page, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _clean(axe, page) -> None:
    violations = axe(page)
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]


def _partner(org_name: str, town: str, slug: str):
    from koers.directory.models import Location, ServiceAtLocation
    from koers.directory.tests.factories import make_service
    from koers.organisations.models import Organisation, OrganisationKind

    org = Organisation.objects.create(name=org_name, kind=OrganisationKind.GENERAL_PARTNER)
    service = make_service(
        org, region_slugs=(slug,), domains=("debts",), name="Bezoek op je werkplek of online"
    )
    location = Location.objects.create(organisation=org, name=org_name, address_1="1", city=town)
    ServiceAtLocation.objects.create(service=service, location=location)
    return service


@pytest.mark.django_db(transaction=True)
def test_one_working_day(browser, live_server, axe):  # noqa: PLR0915 - one story, told in order
    from koers.organisations.models import Organisation, OrganisationKind
    from koers.regions.models import Region

    amsterdam = Region.objects.get(slug="amsterdam")
    org = Organisation.objects.create(name="Org A", kind=OrganisationKind.SPECIALISED)
    org.regions.add(amsterdam)
    worker = make_user("worker-a", role=Role.PROFESSIONAL, organisation=org)
    colleague = make_user("colleague-a", role=Role.PROFESSIONAL, organisation=org)
    in_region = _partner("Schuldhulp Amsterdam", "Amsterdam", "amsterdam")
    _partner("Schuldhulp Alkmaar", "Alkmaar", "alkmaar")
    create_request(
        token="browser-day",
        route=Route(org, None),
        work_name="Jasmijn Rosé",
        channel="whatsapp",
        contact_detail="+31612345678",
        language="es",
        message="Ik werk al 6 jaar achter het raam en wil iets anders.",
    )

    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    base = live_server.url
    login_in_browser(page, live_server, worker, TEST_PASSWORD)
    page.wait_for_load_state()
    assert page.url.endswith("/clients/today/")  # the start page
    assert "Jasmijn Rosé" in page.inner_text("main")
    _clean(axe, page)
    _shot(page, "01-today")

    with page.expect_navigation():
        page.click("main a:has-text('Jasmijn Rosé')")
    _shot(page, "02-request")
    with page.expect_navigation():
        page.click("main form:has(input[value=trajectory]) button[type=submit]")
    client = Client.objects.get()
    assert page.url.endswith(f"/clients/{client.pk}/")
    main = page.inner_text("main")
    assert "Ik werk al 6 jaar achter het raam" in main  # the story carried over
    _clean(axe, page)
    _shot(page, "03-file")

    planned = timezone.localdate() + timedelta(days=3)
    page.fill("main form[action$='/plan/'] input[name=next_contact_on]", planned.isoformat())
    with page.expect_navigation():
        page.click("main form[action$='/plan/'] button[type=submit]")
    assert Trajectory.objects.get().next_contact_on == planned

    page.goto(f"{base}/clients/")
    page.fill("main input[name=q]", "rose")  # part of the name, without the accent
    with page.expect_navigation():
        page.click("main form[role=search] button[type=submit]")
    assert page.locator("main table a", has_text="Jasmijn Rosé").count() == 1
    _clean(axe, page)
    _shot(page, "04-find")
    with page.expect_navigation():
        page.click("main table a:has-text('Jasmijn Rosé')")

    page.goto(f"{base}/clients/{client.pk}/referrals/new/")
    options = page.inner_text("main select[name=service]")
    assert "Amsterdam" in options and "Alkmaar" not in options  # the client's region
    page.select_option("main select[name=service]", str(in_region.pk))
    page.fill("main input[name=partner_contact]", "Sam de Vries")
    _clean(axe, page)
    _shot(page, "05-referral")
    with page.expect_navigation():
        page.click("main form.trajectory-form button[type=submit]")
    assert Trajectory.objects.get().referrals.get().service_id == in_region.pk

    page.goto(f"{base}/clients/{client.pk}/handover/")
    page.select_option("main select[name=to_user]", str(colleague.pk))
    page.fill("main textarea[name=note]", "Niet naar familie vragen; schulden eerst.")
    with page.expect_navigation():
        page.click("main form.trajectory-form button[type=submit]")
    assert Notice.objects.filter(user=colleague).count() == 1
    context.close()

    # The new contact person: notified, and the note is pinned on the file.
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    login_in_browser(page, live_server, colleague, TEST_PASSWORD)
    page.wait_for_load_state()
    assert "1 nieuw" in page.inner_text("nav.staff-nav")
    assert "Jasmijn Rosé" in page.inner_text("#t-handovers + ul")
    _shot(page, "06-today-colleague")
    page.goto(f"{base}/clients/{client.pk}/")
    pinned = page.inner_text("main .card--pinned")
    assert "Niet naar familie vragen; schulden eerst." in pinned
    _clean(axe, page)
    _shot(page, "07-pinned")

    # Export for the person, in Spanish.
    response = page.request.get(f"{base}/clients/{client.pk}/export.json?lang=es")
    data = json.loads(response.body())
    assert data["language"] == "es" and data["labels"]["contacts"] == "Contactos"
    assert any("6 jaar" in event["note"] for event in data["events"])
    pdf = page.request.get(f"{base}/clients/{client.pk}/export.pdf?lang=es")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # The start page in four languages, each clean for axe.
    for prefix, heading in (("", "Vandaag"), ("/en", "Today"), ("/es", "Hoy"), ("/ro", "Astăzi")):
        page.goto(f"{base}{prefix}/clients/today/")
        assert page.inner_text("main h1") == heading
        _clean(axe, page)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_client_list_shows_at_least_20_rows_on_a_laptop_screen(browser, live_server, axe):
    from koers.organisations.models import Organisation, OrganisationKind
    from koers.trajectories import services

    org = Organisation.objects.create(name="Org A", kind=OrganisationKind.SPECIALISED)
    worker = make_user("worker-a", role=Role.PROFESSIONAL, organisation=org)
    for number in range(30):
        services.open_trajectory(
            work_name=f"Cliënt {number:02d}",
            channel="phone",
            language="nl",
            organisation=org,
            contact_person=worker,
        )
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    login_in_browser(page, live_server, worker, TEST_PASSWORD)
    page.goto(f"{live_server.url}/clients/")
    rows = page.locator("main table tbody tr")
    visible = sum(
        1
        for index in range(rows.count())
        if (box := rows.nth(index).bounding_box()) and box["y"] + box["height"] <= DESKTOP["height"]
    )
    _shot(page, "08-list")
    assert visible >= 20, visible
    _clean(axe, page)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_printing_a_file_prints_the_content_with_name_and_date(browser, live_server):
    from koers.organisations.models import Organisation, OrganisationKind
    from koers.trajectories import services

    org = Organisation.objects.create(name="Org A", kind=OrganisationKind.SPECIALISED)
    worker = make_user("worker-a", role=Role.PROFESSIONAL, organisation=org)
    trajectory = services.open_trajectory(
        work_name="Zwaluw", channel="phone", language="nl", organisation=org, contact_person=worker
    )
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    login_in_browser(page, live_server, worker, TEST_PASSWORD)
    for path in (f"/clients/{trajectory.client_id}/", "/clients/agenda/", "/clients/"):
        page.goto(f"{live_server.url}{path}")
        page.emulate_media(media="print")
        for hidden in (".quick-exit", ".staff-nav", ".site-header", "main form"):
            locator = page.locator(hidden)
            assert all(not locator.nth(i).is_visible() for i in range(locator.count())), hidden
        page.emulate_media(media="screen")
        assert page.locator(".quick-exit").is_visible()
    page.goto(f"{live_server.url}/clients/{trajectory.client_id}/")
    page.emulate_media(media="print")
    header = page.inner_text("main .print-only")
    assert "Zwaluw" in header and timezone.localdate().strftime("%-d-%-m-%Y") in header
    context.close()
