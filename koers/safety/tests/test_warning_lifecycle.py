"""Issue 12 item 7: moderators see, correct and withdraw published warnings (audited); a
warning lives at most 24 months; a report's reference opens a public removal or correction
request; the home page leads straight to the confidential adviser; implausible incident
dates are refused."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login
from koers.audit.models import AuditEntry
from koers.regions.models import Region
from koers.safety import selectors, services
from koers.safety.models import DataSubjectRequest, Report, SafetyWarning
from koers.safety.tests.factories import make_member, make_report

from .test_safety import report_post


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _publish(moderator, months=12):
    warning, _result = services.publish_warning(
        make_report(numbers=("+31612345678",)),
        text="Does not pay; leaves quickly.",
        regions=Region.objects.filter(slug="amsterdam"),
        expires_at=services.add_months(timezone.now(), months),
        by=moderator,
    )
    return warning


@pytest.mark.django_db
def test_moderator_sees_corrects_and_withdraws_a_warning_audited(users):
    moderator = users["moderator"]
    warning = _publish(moderator)
    member = make_member("lifecycle1")
    client = login(Client(), moderator)
    listing = client.get(reverse("safety:published_warnings")).content.decode()
    assert warning.report.reference in listing
    # The published report's review page leads to its warning too.
    review = client.get(reverse("safety:moderate", kwargs={"report_id": warning.report_id}))
    assert (
        reverse("safety:warning_edit", kwargs={"warning_id": warning.pk}) in review.content.decode()
    )

    url = reverse("safety:warning_edit", kwargs={"warning_id": warning.pk})
    page = client.get(url).content.decode()
    assert "Does not pay; leaves quickly." in page
    expires = (timezone.localdate() + timedelta(days=60)).isoformat()
    regions = [r.pk for r in Region.objects.filter(slug__in=["amsterdam", "rotterdam"])]
    response = client.post(
        url,
        {"action": "correct", "text": "Did not pay.", "regions": regions, "expires_on": expires},
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.text == "Did not pay." and warning.regions.count() == 2
    assert timezone.localtime(warning.expires_at).date().isoformat() == expires
    assert AuditEntry.objects.filter(detail="warning corrected: text, expiry, regions").exists()
    # Members see the corrected text.
    assert list(selectors.warnings_for_member(member)) == [warning]

    # Withdrawing needs a reason; what was typed stays.
    refused = client.post(url, {"action": "withdraw", "withdraw_reason": ""})
    assert refused.status_code == 200
    assert "Give a reason for withdrawing." in refused.content.decode()
    client.post(url, {"action": "withdraw", "withdraw_reason": "reporter asked by phone"})
    warning.refresh_from_db()
    assert not warning.is_published
    assert list(selectors.warnings_for_member(member)) == []
    assert AuditEntry.objects.filter(
        detail="warning unpublished: withdrawn by a moderator: reporter asked by phone"
    ).exists()
    # The number check no longer finds it.
    assert services.check_numbers(member.user, ["+31612345678"])[0].warnings == 0


@pytest.mark.django_db
def test_a_warning_expires_at_most_24_months_after_publication(users):
    moderator = users["moderator"]
    with pytest.raises(services.ExpiryTooLate):
        _publish(moderator, months=25)
    warning = _publish(moderator)
    client = login(Client(), moderator)
    url = reverse("safety:warning_edit", kwargs={"warning_id": warning.pk})
    too_late = (timezone.localdate() + timedelta(days=800)).isoformat()
    response = client.post(
        url,
        {
            "action": "correct",
            "text": "Changed text",
            "regions": [Region.objects.get(slug="amsterdam").pk],
            "expires_on": too_late,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "A warning expires at most 24 months after it was published." in body
    assert "Changed text" in body and too_late in body  # kept
    warning.refresh_from_db()
    assert warning.text == "Does not pay; leaves quickly."

    # Publishing from the review queue: the same limit, with a message.
    report = make_report()
    response = client.post(
        reverse("safety:moderate", kwargs={"report_id": report.pk}),
        {
            "decision": "publish",
            "warning_text": "Text",
            "regions": [Region.objects.get(slug="amsterdam").pk],
            "expires_on": too_late,
        },
    )
    assert "A warning expires at most 24 months" in response.content.decode()
    assert not SafetyWarning.objects.filter(report=report).exists()


@pytest.mark.django_db
def test_a_report_reference_opens_a_public_request_to_remove_or_correct(users):
    report = make_report()
    client = Client()
    url = reverse("safety:public_request")
    assert client.get(url).status_code == 200
    unknown = client.post(url, {"report_reference": "ZZZZ-ZZZZ", "kind": "removal"})
    body = unknown.content.decode()
    assert unknown.status_code == 200 and "We do not know this reference" in body
    assert 'value="ZZZZ-ZZZZ"' in body
    short = client.post(url, {"report_reference": "abc", "kind": "removal", "details": "x"})
    assert "A reference has 8 letters and digits" in short.content.decode()
    sent = client.post(
        url,
        {
            "report_reference": report.reference.lower(),
            "kind": "correction",
            "details": "The date is wrong.",
            "reply_to": "me@example.org",
        },
    )
    assert sent.status_code == 302 and sent["Location"] == reverse("safety:public_request_sent")
    request = DataSubjectRequest.objects.get()
    assert request.report == report and request.kind == "correction"
    assert "The date is wrong." in request.details and "me@example.org" in request.details
    assert request.recorded_by is None
    # The moderator sees it in the list of requests to decide.
    page = login(Client(), users["moderator"]).get(reverse("safety:requests")).content.decode()
    assert report.reference in page


@pytest.mark.django_db
def test_home_page_links_straight_to_the_confidential_adviser(db):
    body = Client().get("/en/").content.decode()
    assert 'href="/en/contact/?to=adviser"' in body
    assert "Contact the confidential adviser" in body
    assert "a work name or no name at all is enough" in body
    form = Client().get("/en/contact/?to=adviser")
    assert form.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("when", "message"),
    [
        (timezone.localdate() + timedelta(days=1), "This date is in the future."),
        (date(timezone.localdate().year - 21, 1, 1), "more than 20 years ago"),
    ],
)
def test_incident_dates_in_the_future_or_over_20_years_ago_are_refused(db, when, message):
    response = Client().post(
        reverse("safety:report_anonymous"), report_post(occurred_on=when.isoformat())
    )
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert when.isoformat() in body and 'value="Rob"' in body
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_incident_dates_are_refused_in_dutch_too(db):
    response = Client().post("/safety/report/anonymous/", report_post(occurred_on="1990-01-01"))
    assert "20 jaar" in response.content.decode()
