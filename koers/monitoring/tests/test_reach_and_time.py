"""Reach (new contacts by group and per quarter), contact requests and the time to first
outcome on the regional dashboard: the right numbers for a region with known trajectories,
small groups hidden, and the same tables in the national report and the exports."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.contact.services import Route, close, create_request
from koers.monitoring import selectors, sources
from koers.monitoring.tests.conftest import near, plain
from koers.regions.models import Region
from koers.trajectories import services
from koers.trajectories.models import Trajectory

TODAY = timezone.localdate()
YEAR = TODAY.year


def open_case(worker, region, name, *, days_ago=0, **extra):
    case = services.open_trajectory(
        work_name=name,
        channel="phone",
        language="en",
        organisation=worker.organisation,
        contact_person=worker,
        region=region,
        **extra,
    )
    if days_ago:
        Trajectory.objects.filter(pk=case.pk).update(opened_on=TODAY - dt.timedelta(days=days_ago))
        case.refresh_from_db()
    return case


@pytest.fixture
def known(worker):
    """Amsterdam: six files whose first outcome came 10, 20, 30, 40, 50 and 400 days after
    opening (median 35 days); Rotterdam two and Zwolle three files with an outcome (too few
    to show); Utrecht fifteen."""
    amsterdam = Region.objects.get(slug="amsterdam")
    plan = {
        "amsterdam": [10, 20, 30, 40, 50, 400],
        "rotterdam": [100, 100],
        "zwolle": [100] * 3,
        "utrecht": [15] * 5 + [400] * 5 + [100] * 5,
    }
    for slug, days_list in plan.items():
        region = Region.objects.get(slug=slug)
        for index, days in enumerate(days_list):
            case = open_case(
                worker, region, f"{slug}{index}", days_ago=days, sex_work_status="doing"
            )
            if index == 0:
                # "No change" is not an outcome: the first *outcome* is the one below.
                services.record_outcome(case, by=worker, situation="no_change", on=case.opened_on)
            services.record_outcome(
                case, by=worker, situation="work_outside", sector="cleaning", on=TODAY
            )
            if index == 1:
                services.record_outcome(case, by=worker, situation="benefit", on=TODAY)
    return amsterdam


def tables_by_key(year=YEAR):
    return {t.key: t for s in selectors.national_tables(year) for t in s.tables}


def row_of(table, slug):
    slugs = [r.slug for r in Region.objects.order_by("name")]
    return table.cells[slugs.index(slug)]


def test_median_time_to_first_outcome_for_a_region_with_known_trajectories(analyst, known):
    start_year = sources.first_outcome_days(YEAR)
    assert sources.median(start_year[known.pk]) == 35
    tables = tables_by_key()
    shown_n, shown_median = row_of(tables["time:first-outcome-median"], "amsterdam")
    assert near(shown_n, 6) and shown_median == 35.0
    # Rotterdam's two files: neither their number nor their median is shown.
    assert row_of(tables["time:first-outcome-median"], "rotterdam") == [None, None]
    bands = tables["time:first-outcome"]
    # The one Amsterdam file that took 400 days (1 to 2 years) is a single person: hidden.
    assert row_of(bands, "amsterdam")[3] is None
    assert near(row_of(bands, "utrecht")[1], 5)
    html = analyst.get(
        reverse("monitoring:dashboard"), {"region": "amsterdam", "year": YEAR}
    ).content.decode()
    assert "Median days from opening a trajectory to its first outcome" in html
    assert '<th scope="row">Median (days)</th><td>35.0</td>' in html
    assert f'<th scope="row">Trajectories with a first outcome</th><td>{shown_n}</td>' in html
    assert '<th scope="row">1 to 2 years</th><td class="suppressed">•</td>' in html
    # Last year had no first outcomes.
    assert tables_by_key(YEAR - 1)["time:first-outcome-median"].empty


def test_new_trajectories_by_group_at_opening_hide_a_small_group(analyst, worker):
    amsterdam = Region.objects.get(slug="amsterdam")
    for index in range(6):
        open_case(worker, amsterdam, f"C{index}", sex_work_status="doing")
    for index in range(5):
        open_case(worker, amsterdam, f"O{index}", phase="orientation", sex_work_status="partly")
    open_case(worker, amsterdam, "Alone", phase="execution", sex_work_status="not_doing")
    counts = plain(sources.trajectory_reach(YEAR)[0].counts)
    assert counts == {
        (amsterdam.pk, "not_seeking"): 6,
        (amsterdam.pk, "changing"): 5,
        (amsterdam.pk, "no_sex_work"): 1,
    }
    table = tables_by_key()["reach:trajectories"]
    row = row_of(table, "amsterdam")
    # The single person who stopped is hidden.
    assert row[2] is None
    html = analyst.get(
        reverse("monitoring:dashboard"), {"region": "amsterdam", "year": YEAR}
    ).content.decode()
    assert "New trajectories by group at opening" in html
    assert '<th scope="row">No sex work in the last 3 months</th><td class="suppressed">' in html
    assert "so the group is read from what the worker recorded when the file was opened" in html
    quarter = sources.quarter_of(TODAY.month)
    assert plain(sources.trajectory_reach(YEAR)[1].counts) == {(amsterdam.pk, quarter): 12}


def test_requests_without_a_region_count_in_the_national_totals(analyst, worker):
    amsterdam = Region.objects.get(slug="amsterdam")
    route = Route(worker.organisation, None)
    for index, region in enumerate([amsterdam] * 6 + [None] * 7):
        create_request(
            token=f"where-{index}",
            route=route,
            work_name="X",
            channel="sms",
            contact_detail="+31612345678",
            language="nl",
            region=region,
        )
    sections = selectors.national_tables(YEAR)
    table = next(t for s in sections for t in s.tables if t.key == "contact:quarter")
    assert table.row_labels[-1] == "Region not known"
    assert near(table.row_totals[-1], 7)
    assert near(table.total, 13)
    html = analyst.get(reverse("monitoring:national"), {"year": YEAR}).content.decode()
    assert "Region not known" in html


def test_contact_requests_are_counted_per_quarter_and_outcome_and_drawn(analyst, worker):
    amsterdam = Region.objects.get(slug="amsterdam")
    rotterdam = Region.objects.get(slug="rotterdam")
    route = Route(worker.organisation, None)
    plan = [(amsterdam, "trajectory", 6), (amsterdam, "advice_given", 5), (amsterdam, "", 1)]
    plan += [(rotterdam, "trajectory", 7), (rotterdam, "advice_given", 6), (rotterdam, "", 2)]
    for region, outcome, count in plan:
        for index in range(count):
            request = create_request(
                token=f"{region.slug}-{outcome}-{index}",
                route=route,
                work_name="X",
                channel="sms",
                contact_detail="+31612345678",
                language="nl",
                region=region,
            ).request
            if outcome:
                close(request, worker, outcome)
    indicators = {i.key: plain(i.counts) for i in sources.contact_indicators(YEAR)}
    quarter = sources.quarter_of(TODAY.month)
    assert indicators["contact:quarter"] == {
        (amsterdam.pk, quarter): 12,
        (rotterdam.pk, quarter): 15,
    }
    assert indicators["contact:outcome"] == {
        (amsterdam.pk, "trajectory"): 6,
        (amsterdam.pk, "advice_given"): 5,
        (amsterdam.pk, "open"): 1,
        (rotterdam.pk, "trajectory"): 7,
        (rotterdam.pk, "advice_given"): 6,
        (rotterdam.pk, "open"): 2,
    }
    html = analyst.get(
        reverse("monitoring:dashboard"), {"region": "amsterdam", "year": YEAR}
    ).content.decode()
    contact = next(part for part in html.split("<h2>") if part.startswith("Contact requests"))
    # Drawn as an SVG chart with its data table; the one open request is hidden.
    assert '<svg class="chart"' in contact and "<title" in contact
    table = next(
        t for s in selectors.national_tables(YEAR) for t in s.tables if t.key == "contact:outcome"
    )
    shown = row_of(table, "amsterdam")[table.column_keys.index("trajectory")]
    assert near(shown, 6)
    assert f'<th scope="row">trajectory opened</th><td>{shown}</td>' in contact
    assert '<th scope="row">still open</th><td class="suppressed">•</td>' in contact


def test_new_tables_are_in_the_national_report_and_both_exports(analyst, known):
    national = analyst.get(reverse("monitoring:national"), {"year": YEAR}).content.decode()
    for title in (
        "Contact requests per quarter",
        "New trajectories by group at opening",
        "Time from opening a trajectory to its first outcome",
        "Median days from opening a trajectory to its first outcome",
    ):
        assert title in national
    xlsx = analyst.get(reverse("monitoring:export", kwargs={"fmt": "xlsx"}), {"year": YEAR})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    values = [cell for row in rows for cell in row]
    assert "Median days from opening a trajectory to its first outcome" in values
    amsterdam = [v for v in rows[_index(rows, "Amsterdam", 35)] if v]
    assert amsterdam[0] == "Amsterdam" and near(amsterdam[1], 6) and amsterdam[2] == 35
    assert "Time from opening a trajectory to its first outcome" in values
    assert any(str(v).startswith("Respondents with no sex work") for v in values)
    pdf = analyst.get(reverse("monitoring:export", kwargs={"fmt": "pdf"}), {"year": YEAR})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def _index(rows, label, value):
    return next(i for i, row in enumerate(rows) if row[0] == label and value in row)


def test_phase_flows_count_moves_both_ways_but_not_the_opening(worker):
    amsterdam = Region.objects.get(slug="amsterdam")
    for index in range(6):
        case = open_case(worker, amsterdam, f"F{index}", sex_work_status="doing")
        services.change_phase(case, by=worker, expected_version=None, phase="orientation")
        if index < 2:
            services.change_phase(case, by=worker, expected_version=None, phase="contact")
    assert plain(sources.phase_flows(YEAR).counts) == {
        (amsterdam.pk, "contact>orientation"): 6,
        (amsterdam.pk, "orientation>contact"): 2,
    }
    assert not sources.phase_flows(YEAR - 1).counts


def test_regions_compared_on_changes_outside_the_branch_with_wilson_intervals(analyst, known):
    from koers.monitoring.stats import wilson

    regions = list(Region.objects.order_by("name"))
    rows = {row.region: row for row in selectors.branch_comparison(YEAR, regions)}
    # Every file's first change was work outside the branch; file 1 also a benefit.
    utrecht = rows["Utrecht"]
    assert near(utrecht.successes, 16) and near(utrecht.n, 16)
    assert (utrecht.low, utrecht.high) == pytest.approx(wilson(utrecht.successes, utrecht.n))
    assert rows["Rotterdam"].share is None and rows["Rotterdam"].n is None
    html = analyst.get(reverse("monitoring:dashboard"), {"year": YEAR}).content.decode()
    assert "Changes recorded in trajectories that went outside the branch" in html
    # Published beside the outcomes table, Utrecht's 16 would give away its one benefit
    # (16 minus the 15 shown as work outside the branch), which that table hides.
    sections = selectors.national_tables(YEAR, regions)
    published = {c.key: c for c in selectors.comparisons(YEAR, regions, sections)}
    shown = {row.region: row for row in published["outside-branch"].rows}
    assert shown["Utrecht"].n is None and shown["Utrecht"].share is None
    assert html.count('class="chart__whisker"') == 0


def test_the_benchmarks_raw_sql_computes_the_same_numbers(worker, known):
    """The speed target compares the dashboard with hand-written GROUP BY queries; they are
    only a fair yardstick if they compute the same numbers."""
    from django.db import connection

    from benchmarks.scenarios import monitoring as bench
    from koers.safety.tests.factories import make_report
    from koers.trajectories import statistics as trajectory_statistics

    amsterdam = known
    case = open_case(worker, amsterdam, "Flow", phase="orientation", sex_work_status="not_doing")
    services.change_phase(case, by=worker, expected_version=None, phase="execution")
    services.change_phase(case, by=worker, expected_version=None, phase="orientation")
    services.record_sex_work_status(case, by=worker, expected_version=None, status="partly")
    referral = services.propose_referral(
        case, by=worker, partner_name="Huis", partner_contact="Ans"
    )
    services.update_referral(
        referral, by=worker, status="consented", consent_on=TODAY, consent_how="in_person"
    )
    services.set_aftercare(case, by=worker, expected_version=None, level="active", triggers=[])
    make_report((), occurred_on=TODAY, region=amsterdam, violence=["physical", "sexual"])

    first_day, next_year = dt.date(YEAR, 1, 1), dt.date(YEAR + 1, 1, 1)
    results = []
    with connection.cursor() as cursor:
        for sql in bench.other_queries(connection.vendor):
            cursor.execute(sql, [first_day] if sql.count("%s") == 1 else [first_day, next_year])
            results.append(cursor.fetchall())
    (_live, _tally, new, reach, phases, flows, transitions, outcomes, changes, _sectors) = results[
        :10
    ]
    days, referrals, aftercare, _forms, _perpetrators = results[10:]
    external = {
        i.key: plain(i.counts)
        for i in trajectory_statistics.regional_statistics(*sources.year_bounds(YEAR))
    }

    def counts(rows):
        return {(row[0], *row[1:-1]): row[-1] for row in rows}

    assert {(r, p): n for (r, p), n in counts(new).items()} == external["new"]
    assert {(r, p): n for (r, p), n in counts(phases).items()} == external["phases"]
    assert {(r, f"{a}→{b}"): n for (r, a, b), n in counts(transitions).items()} == external[
        "transitions"
    ]
    assert counts(outcomes) == external["outcomes"]
    assert counts(referrals) == external["referrals"]
    assert counts(aftercare) == external["aftercare"]
    assert {(r, f"{a}>{b}"): n for (r, a, b), n in counts(flows).items()} == plain(
        sources.phase_flows(YEAR).counts
    )
    grouped: dict = {}
    for (region, phase, status, _month), n in counts(reach).items():
        key = (region, sources.intake_group(phase, status))
        grouped[key] = grouped.get(key, 0) + n
    assert grouped == plain(sources.trajectory_reach(YEAR)[0].counts)
    histograms: dict = {}
    for (region, day), n in counts(days).items():
        histograms.setdefault(region, {})[max(0, int(day))] = n
    assert histograms == {
        region: plain(days) for region, days in sources.first_outcome_days(YEAR).items()
    }
    outside: dict = {}
    for (region, situation), n in counts(changes).items():
        x, total = outside.get(region, (0, 0))
        outside[region] = (x + (n if situation in sources.OUTSIDE_SITUATIONS else 0), total + n)
    assert outside == {
        region: (x.n, n.n) for region, (x, n) in sources.branch_outcome_counts(YEAR).items()
    }
