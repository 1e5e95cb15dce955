"""Issue 12 item 2: the bulk check answers every line exactly as the single check would.

The false all-clear: a warned number pasted three times was answered "no warnings" twice.
"""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login
from koers.regions.models import Region
from koers.safety import services
from koers.safety.models import NumberCheck
from koers.safety.tests.factories import make_member, make_report

WARNED = "+31612345678"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _publish(moderator, number=WARNED):
    return services.publish_warning(
        make_report(numbers=(number,), violence=["physical"]),
        text="Does not pay.",
        regions=Region.objects.filter(slug="amsterdam"),
        expires_at=services.add_months(timezone.now(), 12),
        by=moderator,
    )


def _answers(body: str) -> list[str]:
    """The class of every answer on the page, in order: hit, clear or unread."""
    return re.findall(r'class="check-answer check-answer--(\w+)"', body)


@pytest.mark.django_db
def test_a_warned_number_three_times_gets_three_warnings(users):
    _publish(users["moderator"])
    client = login(Client(), make_member("bulk1").user)
    typed = "06 12345678\n0623456789\n+31 6 1234 5678\n0031612345678"
    body = client.post(reverse("safety:check_bulk"), {"numbers": typed}).content.decode()
    assert _answers(body) == ["hit", "clear", "hit", "hit"]
    assert body.count("1 published warning mentions this number.") == 3
    # The same number alone, in the single check, gets the same answer.
    single = client.post(reverse("safety:check"), {"number": "06 12345678"}).content.decode()
    assert _answers(single) == ["hit"]


@pytest.mark.django_db
def test_service_answers_repeats_each_time(users):
    _publish(users["moderator"])
    member = make_member("bulk2").user
    answers = services.check_numbers(member, [WARNED, "+31623456789", WARNED])
    assert [a.warnings for a in answers] == [1, 0, 1]


@pytest.mark.django_db
def test_an_unreadable_line_is_reported_on_its_own_while_the_others_are_checked(users):
    _publish(users["moderator"])
    client = login(Client(), make_member("bulk3").user)
    typed = "0612345678\nabc\n06 1234\n0623456789"
    response = client.post(reverse("safety:check_bulk"), {"numbers": typed})
    body = response.content.decode()
    assert response.status_code == 200
    assert _answers(body) == ["hit", "unread", "unread", "clear"]
    assert "“abc” is not a phone number" in body
    assert "“06 1234” is not a complete phone number" in body
    # What was typed stays in the box, to correct it.
    assert "06 1234" in body.split("<textarea", 1)[1]
    # Only the two readable numbers count towards the limit.
    assert NumberCheck.objects.get().numbers == 2


@pytest.mark.django_db
def test_hit_and_no_hit_look_different_with_heading_and_icon(users):
    _publish(users["moderator"])
    client = login(Client(), make_member("bulk4").user)
    body = client.post(
        reverse("safety:check_bulk"), {"numbers": "0612345678\n0623456789"}
    ).content.decode()
    hit, clear = body.split('class="check-answer check-answer--')[1:3]
    assert "Warning: +31612345678" in hit and 'aria-hidden="true">!<' in hit
    assert "No warnings: +31623456789" in clear and "!" not in clear.split("</h3>")[0]


@pytest.mark.django_db
@override_settings(SAFETY_CHECKS_PER_HOUR=3, SAFETY_CHECKS_PER_DAY=200)
def test_single_and_bulk_count_numbers_the_same_way_and_say_so(users):
    client = login(Client(), make_member("bulk5").user)
    page = client.get(reverse("safety:check_bulk")).content.decode()
    assert "The single and the bulk check count the same way" in page
    assert "3 numbers an hour" in page
    assert client.post(reverse("safety:check"), {"number": "0612345670"}).status_code == 200
    # Two repeats of one number count twice: 1 + 2 = 3, the limit.
    ok = client.post(reverse("safety:check_bulk"), {"numbers": "0612345671\n0612345671"})
    assert ok.status_code == 200
    assert client.post(reverse("safety:check"), {"number": "0612345672"}).status_code == 429
