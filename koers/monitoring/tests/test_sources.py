"""Trajectories and safety feed the dashboard through their ``regional_statistics``
selectors: counts per region from the apps' own records, shown with small cells suppressed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.monitoring import selectors, sources
from koers.monitoring.tests.conftest import near, plain
from koers.regions.models import Region
from koers.safety import selectors as safety_selectors
from koers.safety import services as safety_services
from koers.safety.models import ReportStatus
from koers.safety.tests.factories import make_report
from koers.trajectories import services
from koers.trajectories import statistics as trajectory_statistics

TODAY = timezone.localdate()
YEAR = TODAY.year


def open_case(worker, region, name="Vlinder", **extra):
    return services.open_trajectory(
        work_name=name,
        channel="phone",
        language="en",
        organisation=worker.organisation,
        contact_person=worker,
        region=region,
        **extra,
    )


@pytest.fixture
def trajectories(worker):
    """Amsterdam: six trajectories, five move on; Rotterdam: two; one without a region."""
    amsterdam = Region.objects.get(slug="amsterdam")
    rotterdam = Region.objects.get(slug="rotterdam")
    cases = [open_case(worker, amsterdam, f"A{i}", sex_work_status="doing") for i in range(6)]
    for case in cases[:5]:
        services.change_phase(case, by=worker, expected_version=None, phase="orientation")
        services.record_sex_work_status(case, by=worker, expected_version=None, status="partly")
    services.record_outcome(cases[0], by=worker, situation="study")
    referral = services.propose_referral(
        cases[0], by=worker, partner_name="Huis", partner_contact="Ans"
    )
    services.update_referral(
        referral, by=worker, status="consented", consent_on=TODAY, consent_how="in_person"
    )
    services.set_aftercare(cases[1], by=worker, expected_version=None, level="active", triggers=[])
    east = [open_case(worker, rotterdam, f"R{i}", sex_work_status="doing") for i in range(2)]
    services.record_sex_work_status(east[0], by=worker, expected_version=None, status="not_doing")
    services.record_outcome(east[0], by=worker, situation="work_outside", sector="cleaning")
    open_case(worker, None, "N", sex_work_status="doing")
    return amsterdam, rotterdam


def by_key(indicators):
    return {indicator.key: plain(indicator.counts) for indicator in indicators}


def test_trajectory_counts_per_region_of_the_client(trajectories):
    amsterdam, rotterdam = (trajectories[0].pk, trajectories[1].pk)
    counts = by_key(trajectory_statistics.regional_statistics(*sources.year_bounds(YEAR)))
    # New trajectories by the phase they opened in; the one without a region is counted
    # under no region (the dashboard's "Region not known" row), never left out.
    assert counts["new"] == {
        (amsterdam, "contact"): 6,
        (rotterdam, "contact"): 2,
        (None, "contact"): 1,
    }
    # Moves only: opening a file is not a phase change.
    assert counts["phases"] == {(amsterdam, "orientation"): 5}
    assert counts["transitions"] == {
        (amsterdam, "doing→partly"): 5,
        (rotterdam, "doing→not_doing"): 1,
    }
    assert counts["outcomes"] == {(amsterdam, "study"): 1, (rotterdam, "work_outside"): 1}
    assert counts["sectors"] == {(rotterdam, "cleaning"): 1}
    assert counts["referrals"] == {(amsterdam, "proposed"): 1, (amsterdam, "consented"): 1}
    assert counts["aftercare"] == {(amsterdam, "active"): 1}
    # Another year's period holds none of it.
    assert not any(
        by_key(trajectory_statistics.regional_statistics(*sources.year_bounds(YEAR - 1))).values()
    )


@pytest.fixture
def reports(db):
    amsterdam = Region.objects.get(slug="amsterdam")
    rotterdam = Region.objects.get(slug="rotterdam")
    for _ in range(6):
        make_report((), occurred_on=TODAY, region=amsterdam, violence=["physical", "sexual"])
    rejected = make_report((), occurred_on=TODAY, region=amsterdam, violence=["emotional"])
    rejected.status = ReportStatus.REJECTED
    rejected.save(update_fields=["status"])
    removed = make_report((), occurred_on=TODAY, region=amsterdam, violence=["emotional"])
    safety_services.anonymise_report(removed, by=None, why="test")
    removed.status = ReportStatus.REMOVED
    removed.save(update_fields=["status"])
    for _ in range(2):
        make_report(
            (),
            occurred_on=TODAY,
            region=rotterdam,
            violence=["financial"],
            perpetrator_type="operator",
        )
    make_report((), occurred_on=TODAY.replace(year=YEAR - 1), region=rotterdam)
    return amsterdam, rotterdam


def test_incident_counts_per_region_once_per_form(reports):
    amsterdam, rotterdam = (reports[0].pk, reports[1].pk)
    counts = by_key(safety_selectors.regional_statistics(*sources.year_bounds(YEAR)))
    # Rejected and removed reports are not incidents; last year's report is another period.
    assert counts["forms"] == {
        (amsterdam, "physical"): 6,
        (amsterdam, "sexual"): 6,
        (rotterdam, "financial"): 2,
    }
    assert counts["perpetrators"] == {(amsterdam, "client"): 6, (rotterdam, "operator"): 2}


def section_html(html: str, title: str) -> str:
    return next(part for part in html.split("<h2>") if part.startswith(title))


def test_dashboard_shows_trajectory_and_safety_sections_with_small_cells_hidden(
    client_for, trajectories, reports
):
    response = client_for("analyst").get(
        reverse("monitoring:dashboard"), {"region": "rotterdam", "year": YEAR}
    )
    assert response.status_code == 200
    html = response.content.decode()
    support = section_html(html, "Support trajectories")
    assert "New trajectories by phase at the start" in support
    assert "Changes of sex-work status recorded (from → to)" in support
    # Rotterdam's two new trajectories and two incidents are below the threshold: hidden.
    assert '<th scope="row">contact</th><td class="suppressed">•</td>' in support
    safety = section_html(html, "Safety")
    assert "Incidents by form of violence (a report with several forms counts once per form)" in (
        safety
    )
    assert '<th scope="row">financial-economic</th><td class="suppressed">•</td>' in safety
    assert "Numbers below" in safety or "not shown" in safety
    # The same numbers as the national table the page is a row of.
    tables = {t.key: t for s in selectors.national_tables(YEAR) for t in s.tables}
    regions = list(Region.objects.order_by("name"))
    slugs = [r.slug for r in regions]
    assert tables["safety:forms"].cells[slugs.index("rotterdam")][2] is None
    assert near(tables["trajectories:phases"].cells[slugs.index("amsterdam")][1], 5)
    # Counts at or above the threshold are shown, perturbed by the cell-key method.
    amsterdam_page = client_for("analyst").get(
        reverse("monitoring:dashboard"), {"region": "amsterdam", "year": YEAR}
    )
    phases = section_html(amsterdam_page.content.decode(), "Support trajectories")
    shown = tables["trajectories:phases"].cells[slugs.index("amsterdam")][1]
    assert f'<th scope="row">orientation</th><td>{shown}</td>' in phases
