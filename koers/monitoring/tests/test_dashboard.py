"""The regional dashboard: aggregates only, small cells suppressed (with complementary
suppression), no way to isolate a small group by differencing, exports, and "no data yet"."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.monitoring import audit, selectors, sources
from koers.monitoring.stats import wilson
from koers.monitoring.tests.conftest import near
from koers.outcomes import instrument
from koers.outcomes import statistics as outcome_statistics
from koers.outcomes.models import Participant, Wave, WaveStatus
from koers.privacy import attack
from koers.privacy.publishing import MAX_NOISE
from koers.regions.models import Region

YEAR = timezone.localdate().year


def make_waves(region, group_counts: dict[str, int], number: int = 1, year: int = YEAR) -> None:
    answers_for = {
        instrument.GROUP_CHANGING: {"A1": "want_change", "C1": "outside"},
        instrument.GROUP_NO_SEX_WORK: {
            "A1": "not_in_branch",
            "E2": ["paid_work"],
            "E3": "cleaning",
        },
        instrument.GROUP_NOT_SEEKING: {"A1": "none"},
    }
    when = timezone.make_aware(dt.datetime(year, 3, 1, 12))
    for group, count in group_counts.items():
        for _ in range(count):
            participant = Participant.objects.create(
                ref=f"P{Participant.objects.count():011d}",
                source="public_link",
                region=region,
                enrolled_at=when,
            )
            answers = answers_for[group]
            Wave.objects.create(
                participant=participant,
                number=number,
                opens_at=when,
                status=WaveStatus.COMPLETED,
                completed_at=when,
                region=region,
                answers=answers,
                group=instrument.group_for(answers),
                sex_work_status=instrument.sex_work_status_for(answers),
                branch_direction=instrument.branch_direction_for(answers),
            )


@pytest.fixture
def data(db):
    amsterdam = Region.objects.get(slug="amsterdam")
    rotterdam = Region.objects.get(slug="rotterdam")
    utrecht = Region.objects.get(slug="utrecht")
    make_waves(amsterdam, {instrument.GROUP_CHANGING: 12, instrument.GROUP_NO_SEX_WORK: 2})
    make_waves(rotterdam, {instrument.GROUP_CHANGING: 9, instrument.GROUP_NO_SEX_WORK: 8})
    make_waves(utrecht, {instrument.GROUP_CHANGING: 7, instrument.GROUP_NO_SEX_WORK: 6})
    return amsterdam


def reach_table(year=YEAR):
    sections = selectors.national_tables(year)
    return next(t for t in sections[0].tables if t.key == "reach")


def test_dashboard_shows_a_region_with_suppressed_cells_and_the_reason(client_for, data):
    response = client_for("analyst").get(
        reverse("monitoring:dashboard"), {"region": "amsterdam", "year": YEAR}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="suppressed"' in html
    assert "Numbers below 5 are not shown" in html
    # Two people who stopped in Amsterdam are never shown as "2".
    reach = reach_table()
    regions = list(Region.objects.order_by("name"))
    row = reach.cells[[r.pk for r in regions].index(data.pk)]
    assert None in row and 2 not in row


def test_differencing_cannot_reveal_a_suppressed_cell(client_for, data, settings):
    reach = reach_table()
    assert reach.has_suppression
    # 1. Row and column totals (national minus the other regions, a region minus its other
    #    groups), combined by a linear-programming attacker, never pin down a hidden cell
    #    to fewer than k values, nor remove the noise from a shown one.
    truth = {
        key: count.n for key, count in sources.questionnaire_indicators(YEAR)[0].counts.items()
    }
    assert attack.audit(audit.table_system(reach, truth), reach.threshold, MAX_NOISE) == []
    # 2. Overlapping selections are impossible: finer filters are refused, not applied.
    client = client_for("analyst")
    whole = client.get(reverse("monitoring:dashboard"), {"region": "amsterdam", "year": YEAR})
    narrowed = client.get(
        reverse("monitoring:dashboard"),
        {
            "region": "amsterdam",
            "year": YEAR,
            "municipality": "Amstelveen",
            "start": f"{YEAR}-02-01",
        },
    )
    assert "Ignored: municipality, start" in narrowed.content.decode()
    strip = lambda html: html.split("<h2>")[1:]  # noqa: E731 - the numbers part of the page
    assert strip(whole.content.decode()) == strip(
        narrowed.content.decode().replace(
            narrowed.content.decode().split("<h2>")[0], whole.content.decode().split("<h2>")[0]
        )
    )
    # 3. Adjacent periods are whole, disjoint years: last year's table has no data and so
    #    cannot be subtracted from anything.
    assert reach_table(YEAR - 1).empty


def test_threshold_is_configurable_but_never_below_three(data, settings):
    settings.SUPPRESSION_THRESHOLD = 1
    assert reach_table().threshold == 3
    settings.SUPPRESSION_THRESHOLD = 10
    reach = reach_table()
    assert reach.threshold == 10
    assert all(v is None or v == 0 or v >= 10 for row in reach.cells for v in row)


def test_comparison_uses_wilson_intervals_and_hides_small_regions(data):
    low, high = wilson(8, 17)
    assert round(low, 3) == 0.262 and round(high, 3) == 0.690
    rows = {c.region: c for c in selectors.comparison(YEAR, list(Region.objects.order_by("name")))}
    rotterdam = rows["Rotterdam"]
    assert near(rotterdam.successes, 8) and near(rotterdam.n, 17)
    assert rotterdam.share == pytest.approx(rotterdam.successes / rotterdam.n)
    assert (rotterdam.low, rotterdam.high) == pytest.approx(
        wilson(rotterdam.successes, rotterdam.n)
    )
    assert rows["Amsterdam"].share is None  # 2 of 14: too few to show


def test_apps_without_data_show_no_data_yet(client_for, db):
    response = client_for("analyst").get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    assert "No data yet." in response.content.decode()


def test_national_report_and_exports(client_for, data):
    client = client_for("analyst")
    national = client.get(reverse("monitoring:national"), {"year": YEAR})
    assert national.status_code == 200 and "Rotterdam" in national.content.decode()
    pdf = client.get(reverse("monitoring:export", kwargs={"fmt": "pdf"}), {"year": YEAR})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("monitoring:export", kwargs={"fmt": "xlsx"}), {"year": YEAR})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Rotterdam" in values and "•" in values


def test_charts_are_svg_without_inline_styles(client_for, data):
    html = (
        client_for("analyst")
        .get(reverse("monitoring:dashboard"), {"region": "rotterdam", "year": YEAR})
        .content.decode()
    )
    assert (
        html.count("<svg") >= 2
        and "style=" not in html
        and "<script"
        not in html.replace('<script src="/static/koers/quick-exit.js" defer></script>', "")
    )


def test_transitions_come_from_consecutive_waves(data):
    rotterdam = Region.objects.get(slug="rotterdam")
    first = Wave.objects.filter(region=rotterdam, group=instrument.GROUP_CHANGING).first()
    Wave.objects.create(
        participant=first.participant,
        number=2,
        opens_at=first.completed_at,
        status=WaveStatus.COMPLETED,
        completed_at=first.completed_at + dt.timedelta(days=91),
        region=rotterdam,
        answers={"A1": "not_in_branch"},
        group=instrument.GROUP_NO_SEX_WORK,
        sex_work_status="not_doing",
    )
    start, end = sources.year_bounds(YEAR)
    rows = outcome_statistics.transition_rows(start, end)
    assert [row[:4] for row in rows] == [(rotterdam.pk, "doing", "not_doing", 1)]
