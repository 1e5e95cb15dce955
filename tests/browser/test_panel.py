"""The panel import as a researcher's site administrator meets it in a browser: a file saved
by Dutch Excel (semicolons, BOM) with a mistake is refused with the problem by row and column
in Dutch; corrected, it imports and the page says once which questions were not asked."""

import os

import pytest

SHOTS = os.environ.get("KOERS_SHOTS", "")
BAD = (
    "\ufeffparticipant_ref;wave;status;completed_on;A1\r\n"
    "PW1;1;took_part;14-03-2025;want_change\r\n"
    "PW1;2;verhuisd;;\r\n"
)
GOOD = BAD.replace("verhuisd", "no_response")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_import_a_dutch_excel_file_in_the_browser(browser_page, live_server, tmp_path, axe):
    from conftest import TEST_PASSWORD, make_user
    from koers.accounts.models import Role
    from koers.outcomes.models import Wave
    from tests.browser.conftest import login_in_browser

    admin = make_user("panel-admin", role=Role.SITE_ADMINISTRATOR)
    page = browser_page
    login_in_browser(page, live_server, admin, TEST_PASSWORD)
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(BAD.encode("utf-8"))
    good.write_bytes(GOOD.encode("utf-8"))
    page.goto(f"{live_server.url}/questionnaire/data/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("main button[type=submit]")
    shot(page, "import-refused-nl.png")
    assert page.locator("main table tbody tr").count() == 1
    row = page.locator("main table tbody tr").inner_text()
    assert "3" in row and "status" in row and "Onbekende status verhuisd" in row
    assert Wave.objects.count() == 0
    page.set_input_files("input[type=file]", str(good))
    page.click("main button[type=submit]")
    shot(page, "import-done-nl.png")
    text = page.locator("main").inner_text()
    assert "2 rijen geïmporteerd" in text
    assert text.count("vraagkolommen staan niet in het bestand") == 1
    assert Wave.objects.filter(participant__ref="PW1").count() == 2
    violations = axe(page)
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]
    assert page.third_party_requests() == []
