"""The shipped DUUP regions and the all-or-nothing municipality import, through the service,
the management command and the admin upload page."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from koers.regions.models import Municipality, Region
from koers.regions.services import import_municipalities

pytestmark = pytest.mark.django_db

# Invented municipality names: the shipped mapping (migration 0003) may hold any real one.

LEADS = {
    "Alkmaar": "Alkmaar",
    "Almere": "Almere",
    "Amsterdam": "Amsterdam",
    "Apeldoorn": "Apeldoorn",
    "Arnhem": "Arnhem",
    "Assen": "Assen",
    "Den Bosch": "'s-Hertogenbosch",
    "Den Haag": "Den Haag",
    "Enschede": "Enschede",
    "Groningen": "Groningen",
    "Haarlem": "Haarlem",
    "Leeuwarden": "Leeuwarden",
    "Nijmegen": "Nijmegen",
    "Rotterdam": "Rotterdam",
    "Tilburg": "Tilburg",
    "Utrecht": "Utrecht",
    "Zaanstad": "Zaanstad",
    "Zwolle": "Zwolle",
}

GOOD_CSV = (
    "municipality,region,cbs_code\n"
    "Noorderveld,amsterdam,GM0362\n"
    "Zuiderhaven,Rotterdam,\n"
    "Oosterbroek,den-bosch,GM0865\n"
)

BAD_CSV = (
    "municipality,region\n"
    "Noorderveld,amsterdam\n"  # row 2: fine
    "Lelystad,Flevoland\n"  # row 3: unknown region
    "Noorderveld,amsterdam\n"  # row 4: duplicate of row 2
    ",utrecht\n"  # row 5: empty name
    "Westerkamp,utrecht\n"  # row 6: fine
)


def snapshot() -> list[tuple[str, str, bool, str]]:
    return list(Municipality.objects.values_list("name", "region__slug", "is_lead", "cbs_code"))


def test_migrations_seed_the_18_duup_regions_each_with_one_lead():
    assert Region.objects.count() == 18
    leads = {
        m.region.name: m.name
        for m in Municipality.objects.filter(is_lead=True).select_related("region")
    }
    assert leads == LEADS
    for region in Region.objects.all():
        assert region.municipalities.filter(is_lead=True).count() == 1


def test_a_region_cannot_get_a_second_lead():
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(
            name="Noorderveld", region=Region.objects.get(slug="amsterdam"), is_lead=True
        )


def test_service_imports_a_good_file():
    report = import_municipalities(GOOD_CSV)
    assert report.ok and report.created == 3
    assert Municipality.objects.get(name="Oosterbroek").region.slug == "den-bosch"
    assert Municipality.objects.get(name="Noorderveld").cbs_code == "GM0362"
    assert Municipality.objects.get(name="Zuiderhaven").region.slug == "rotterdam"
    # Importing again changes nothing; moving a non-lead municipality is an update.
    again = import_municipalities(GOOD_CSV.replace("Zuiderhaven,Rotterdam", "Zuiderhaven,den-haag"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2), again.errors
    assert Municipality.objects.get(name="Zuiderhaven").region.slug == "den-haag"


def test_service_imports_nothing_from_a_file_with_bad_rows_and_names_each():
    before = snapshot()
    with translation.override("en"):
        report = import_municipalities(BAD_CSV)
    assert not report.ok
    rows = dict(report.errors)
    assert sorted(rows) == [3, 4, 5]
    assert "Flevoland" in rows[3]
    assert "row 2" in rows[4]
    assert "empty" in rows[5]
    assert snapshot() == before


def test_service_reports_a_missing_column_and_imports_nothing():
    before = snapshot()
    report = import_municipalities("municipality,cbs_code\nNoorderveld,GM0362\n")
    assert report.errors and report.errors[0][0] == 1
    assert "region" in report.errors[0][1]
    assert snapshot() == before


def test_row_numbers_match_the_spreadsheet_even_with_blank_lines():
    report = import_municipalities("municipality,region\n\nNoorderveld,amsterdam\n\nLelystad,x\n")
    assert report.errors == [(5, report.errors[0][1])]


def test_moving_a_lead_municipality_is_refused_and_nothing_is_imported():
    before = snapshot()
    with translation.override("en"):
        report = import_municipalities(
            "municipality,region\nNoorderveld,amsterdam\nTilburg,den-bosch\n"
        )
    assert not report.ok
    assert report.errors[0][0] == 3 and "lead municipality" in report.errors[0][1]
    assert snapshot() == before


def test_moving_a_lead_municipality_is_refused_by_the_model():
    tilburg = Municipality.objects.get(name="Tilburg")
    tilburg.region = Region.objects.get(slug="den-bosch")
    with pytest.raises(ValidationError) as excinfo:
        tilburg.full_clean()
    assert "region" in excinfo.value.message_dict


def test_command_imports_a_good_file(tmp_path):
    path = tmp_path / "municipalities.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_municipalities", str(path), stdout=out)
    assert "3 new" in out.getvalue()
    assert (
        Municipality.objects.filter(name__in=["Noorderveld", "Zuiderhaven", "Oosterbroek"]).count()
        == 3
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BAD_CSV, ["row 3:", "row 4:", "row 5:"]),
        ("municipality\nNoorderveld\n", ["row 1:", "region"]),
    ],
)
def test_command_imports_nothing_from_a_bad_file_and_reports_rows(tmp_path, text, expected):
    path = tmp_path / "municipalities.csv"
    path.write_text(text, encoding="utf-8")
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_municipalities", str(path), stdout=io.StringIO(), stderr=err)
    for fragment in expected:
        assert fragment in err.getvalue()
    assert snapshot() == before


def test_command_reports_an_unreadable_file(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("municipality,region\nSúdwest-Fryslân,leeuwarden\n".encode("latin-1"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_municipalities", str(path))


def upload(client, text: str | bytes):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        reverse("admin:regions_municipality_import"),
        {"csv_file": SimpleUploadedFile("municipalities.csv", content, content_type="text/csv")},
    )


def test_admin_upload_imports_a_good_file(client_for):
    client = client_for("administrator")
    page = client.get(reverse("admin:regions_municipality_import"))
    assert page.status_code == 200
    response = upload(client, GOOD_CSV)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:regions_municipality_changelist")
    assert (
        Municipality.objects.filter(name__in=["Noorderveld", "Zuiderhaven", "Oosterbroek"]).count()
        == 3
    )
    changelist = client.get(response["Location"]).content.decode()
    assert "Noorderveld" in changelist


def test_admin_upload_of_a_bad_file_imports_nothing_and_lists_each_row(client_for):
    client = client_for("administrator")
    before = snapshot()
    response = upload(client, BAD_CSV)
    assert response.status_code == 200
    page = response.content.decode()
    for row in ("<td>3</td>", "<td>4</td>", "<td>5</td>"):
        assert row in page
    assert "Flevoland" in page
    assert "<td>2</td>" not in page and "<td>6</td>" not in page
    assert snapshot() == before


def test_admin_upload_of_a_file_missing_a_column(client_for):
    response = upload(client_for("administrator"), "name,region\nNoorderveld,amsterdam\n")
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Municipality.objects.filter(name="Noorderveld").exists()


def test_admin_upload_of_a_file_that_is_not_utf8(client_for):
    response = upload(
        client_for("administrator"),
        "municipality,region\nNoordërveld,amsterdam\n".encode("latin-1"),
    )
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert not Municipality.objects.filter(name__startswith="Noordë").exists()


def test_admin_refuses_moving_a_lead_municipality(client_for):
    tilburg = Municipality.objects.get(name="Tilburg")
    response = client_for("administrator").post(
        reverse("admin:regions_municipality_change", args=[tilburg.pk]),
        {
            "name": "Tilburg",
            "region": Region.objects.get(slug="den-bosch").pk,
            "is_lead": "on",
            "cbs_code": "",
        },
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    tilburg.refresh_from_db()
    assert tilburg.region.slug == "tilburg"


def test_admin_renames_a_region(client_for):
    """A region has no region of its own: saving one in the admin must not run the lead
    municipality's rule (found by mypy: a copy of ``Municipality.clean`` on ``Region`` made
    every change of an existing region a server error)."""
    zwolle = Region.objects.get(slug="zwolle")
    response = client_for("administrator").post(
        reverse("admin:regions_region_change", args=[zwolle.pk]),
        {"name": "Regio Zwolle", "slug": "zwolle"},
    )
    assert response.status_code == 302
    zwolle.refresh_from_db()
    assert zwolle.name == "Regio Zwolle"


def test_import_page_is_closed_to_other_staff(client_for):
    client = client_for("coordinator")
    response = client.get(reverse("admin:regions_municipality_import"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    upload(client, GOOD_CSV)
    assert not Municipality.objects.filter(name="Noorderveld").exists()
