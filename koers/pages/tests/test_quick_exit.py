"""Issue 12 item 4: the quick exit protects — it ends a logged-in session and every piece
of session state before leaving, flows do not leave results or codes in the history, and a
"Browse safely" page is linked from every footer."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import login
from koers.safety.tests.factories import make_member

from .test_discretion import parse


def _exit_link(response) -> dict:
    [link] = [a for tag, a in parse(response).elements if tag == "a" and "data-quick-exit" in a]
    return link


@pytest.mark.django_db
def test_quick_exit_logs_a_member_out_and_leaves():
    client = login(Client(), make_member("exit1").user)
    assert client.get(reverse("safety:warnings")).status_code == 200
    link = _exit_link(client.get("/"))
    response = client.get(link["href"])
    assert response.status_code == 302 and response["Location"] == settings.QUICK_EXIT_URL
    assert '"cookies"' in response["Clear-Site-Data"] and response["Cache-Control"] == "no-store"
    # The member pages now ask for a login: Back cannot show them again.
    warnings = client.get(reverse("safety:warnings"))
    assert warnings.status_code == 302 and "/account/login/" in warnings["Location"]


@pytest.mark.django_db
def test_the_script_can_end_the_session_in_the_background_without_a_csrf_token():
    client = login(Client(enforce_csrf_checks=True), make_member("exit2").user)
    response = client.post("/exit/")
    assert response.status_code == 204
    assert client.get(reverse("safety:warnings")).status_code == 302


@pytest.mark.django_db
def test_quick_exit_forgets_the_questionnaire_and_contact_state():
    client = Client()
    client.post(
        reverse("outcomes:start"),
        {"name": "Sara", "birth_year": "1988", "birth_city": "Cluj", "region": ""},
    )
    assert client.get(reverse("outcomes:page", kwargs={"page": "situation"})).status_code == 200
    client.get("/exit/")
    after = client.get(reverse("outcomes:page", kwargs={"page": "situation"}))
    assert after.status_code == 302 and after["Location"].startswith(
        reverse("outcomes:resume_form")
    )
    assert not client.session.items()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "heading", "footer"),
    [
        ("", "Veilig rondkijken", "Veilig rondkijken"),
        ("/en", "Browse safely", "Browse safely"),
        ("/es", "Navega con seguridad", "Navega con seguridad"),
        ("/ro", "Navighează în siguranță", "Navighează în siguranță"),
    ],
)
def test_browse_safely_is_in_four_languages_and_in_every_footer(prefix, heading, footer):
    client = Client()
    page = client.get(f"{prefix}/browse-safely/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"<h1>{heading}</h1>" in body
    for path in ("/", "/support/", "/check/", "/safety/", "/questionnaire/", "/contact/"):
        footer_html = client.get(prefix + path).content.decode().split("<footer", 1)[1]
        assert f'href="{prefix}/browse-safely/">{footer}</a>' in footer_html, path


@pytest.mark.django_db
def test_flow_pages_name_where_their_flow_started(client):
    """The quick-exit script rewrites these pages' history entries to the flow's start."""
    step = client.post(reverse("selfcheck:check"), {"screen": "1"}).content.decode()
    assert '<meta name="koers-flow-start" content="/check/">' in step
    client.post(
        reverse("outcomes:start"),
        {"name": "Sara", "birth_year": "1988", "birth_city": "Cluj", "region": ""},
    )
    page = client.get(reverse("outcomes:page", kwargs={"page": "situation"})).content.decode()
    assert '<meta name="koers-flow-start" content="/questionnaire/">' in page
    status = client.post(reverse("contact:status"), {"code": "x"}).content.decode()
    assert '<meta name="koers-flow-start" content="/contact/status/">' in status


@pytest.mark.django_db
def test_pages_with_personal_content_are_not_stored(users):
    member = login(Client(), make_member("exit3").user)
    for response in (
        member.get(reverse("safety:warnings")),
        member.post(reverse("safety:check"), {"number": "0612345678"}),
        member.get(reverse("safety:member_home")),
    ):
        assert response["Cache-Control"] == "no-store"
    anonymous = Client()
    anonymous.post(
        reverse("outcomes:start"),
        {"name": "Sara", "birth_year": "1988", "birth_city": "Cluj", "region": ""},
    )
    page = anonymous.get(reverse("outcomes:page", kwargs={"page": "situation"}))
    assert page["Cache-Control"] == "no-store"
    # Not only HTML: a download with personal content is not kept either.
    police = login(Client(), users["moderator"])
    export = police.get(reverse("safety:police_export") + "?format=csv")
    assert export["Content-Type"].startswith("text/csv") and export["Cache-Control"] == "no-store"


def test_shift_three_times_is_wired_with_translated_announcements(client):
    with translation.override("en"):
        link = _exit_link(client.get("/en/browse-safely/"))
    assert link["data-exit-two-more"] == "Shift: press 2 more times to leave."
    script = (settings.BASE_DIR / "koers" / "static" / "koers" / "quick-exit.js").read_text()
    assert 'event.key === "Shift"' in script and "presses >= 3" in script
