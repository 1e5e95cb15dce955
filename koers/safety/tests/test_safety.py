"""Safety, as members, professionals and moderators notice it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login
from koers.audit.models import AuditEntry
from koers.regions.models import Region
from koers.safety import selectors, services
from koers.safety.models import (
    MemberProfile,
    MemberStatus,
    NumberCheck,
    PerpetratorNumber,
    Report,
    ReportStatus,
    SafetyWarning,
)
from koers.safety.tests.factories import PASSWORD, make_member, make_report

NUMBER = "+31612345678"
NUMBER_FORMS = [
    "+31612345678",
    "06 12345678",
    "0612345678",
    "31612345678",
    "612345678",
    "06-12345678",
    "+31 6 12345678",
]


@pytest.fixture(autouse=True)
def english():
    """Assertions read the English source strings; URLs get the /en/ prefix."""
    with translation.override("en"):
        yield


def publish(report, moderator, regions=("amsterdam",), months=12):
    return services.publish_warning(
        report,
        text="Does not pay; leaves quickly.",
        regions=Region.objects.filter(slug__in=regions),
        expires_at=services.add_months(timezone.now(), months),
        by=moderator,
    )


def member_client(profile) -> Client:
    return login(Client(), profile.user)


# --- membership ----------------------------------------------------------------------------


def join_data(**overrides):
    data = {
        "username": "sunny",
        "work_name": "Sunny",
        "email": "",
        "phone_number": "06 28765432",
        "regions": [Region.objects.get(slug="amsterdam").pk],
        "notify_by": "sms",
        "password": PASSWORD,
        "invitation_code": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_joining_with_an_invitation_code_verifies_at_once(users, org_a):
    _invitation, code = services.create_invitation(org_a, by=users["professional_a"])
    response = Client().post(reverse("safety:join"), join_data(invitation_code=code))
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user__username="sunny")
    assert profile.status == MemberStatus.VERIFIED
    assert profile.verified_by_organisation == org_a
    assert profile.phone == "+31628765432"
    # The code works once.
    again = Client().post(reverse("safety:join"), join_data(username="other", invitation_code=code))
    assert "not valid" in again.content.decode()


@pytest.mark.django_db
def test_without_a_code_a_professional_vouches_with_the_reference(users, org_a):
    client = Client()
    client.post(reverse("safety:join"), join_data())
    profile = MemberProfile.objects.get(user__username="sunny")
    home = client.get(reverse("safety:member_home")).content.decode()
    assert profile.status == MemberStatus.PENDING and profile.reference in home
    # Pending members cannot use the number check yet.
    assert client.get(reverse("safety:check"))["Location"] == reverse("safety:member_home")
    professional = login(Client(), users["professional_a"])
    wrong = professional.post(reverse("safety:vouch"), {"reference": "NOPE1234"})
    assert "No member is waiting" in wrong.content.decode()
    professional.post(reverse("safety:vouch"), {"reference": profile.reference.lower()})
    profile.refresh_from_db()
    assert profile.status == MemberStatus.VERIFIED and profile.verified_by_organisation == org_a


@pytest.mark.django_db
def test_join_needs_mail_or_phone_and_keeps_input(db):
    response = Client().post(reverse("safety:join"), join_data(phone_number="", notify_by="none"))
    body = response.content.decode()
    assert "Give an e-mail address or a mobile number." in body
    assert 'value="Sunny"' in body


@pytest.mark.django_db
def test_suspended_member_loses_access(users):
    profile = make_member("m1")
    services.set_member_status(profile, MemberStatus.SUSPENDED, by=users["moderator"])
    client = member_client(profile)
    assert client.get(reverse("safety:warnings"))["Location"] == reverse("safety:member_home")
    assert "suspended" in client.get(reverse("safety:member_home")).content.decode()


@pytest.mark.django_db
def test_member_can_enrol_a_second_factor_and_then_needs_it(db):
    from django_otp.oath import totp

    profile = make_member("m2")
    client = member_client(profile)
    assert client.get(reverse("safety:second_factor")).status_code == 200
    device = profile.user.totpdevice_set.get()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    done = client.post(reverse("safety:second_factor"), {"token": f"{code:06d}"})
    assert "Recovery codes" in done.content.decode()
    fresh = Client()
    fresh.force_login(profile.user)
    assert fresh.get(reverse("safety:warnings")).status_code == 302  # second factor asked


# --- reports --------------------------------------------------------------------------------


def report_post(**overrides):
    data = {
        "occurred_on": "2026-10-03",
        "region": Region.objects.get(slug="amsterdam").pk,
        "municipality": "",
        "place_type": "escort_agency",
        "violence": ["physical"],
        "acts": ["hit"],
        "perpetrator_type": "client",
        "perpetrator_numbers": "06-12345678",
        "perpetrator_names": "Rob",
        "perpetrator_description": "",
        "perpetrator_vehicle": "",
        "description": "",
        "wants_warning": "yes",
        "police_consent": "no",
        "contact_channel": "none",
        "contact_address": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_report_without_violence_or_description_asks_for_one_and_keeps_the_rest(db):
    response = Client().post(reverse("safety:report_anonymous"), report_post(violence=[], acts=[]))
    body = response.content.decode()
    assert "Tick at least one form of violence" in body
    assert "06-12345678" in body and 'value="Rob"' in body
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_unparseable_number_shows_what_was_understood(db):
    response = Client().post(
        reverse("safety:report_anonymous"), report_post(perpetrator_numbers="06-123")
    )
    body = response.content.decode()
    assert "is not a complete phone number. We understood the digits 06123." in body
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_report_is_stored_with_lower_trust_and_hashed_number(db):
    response = Client().post(reverse("safety:report_anonymous"), report_post())
    assert response["Location"] == reverse("safety:report_thanks")
    report = Report.objects.get()
    assert report.lower_trust and report.reporter is None
    stored = report.numbers.get()
    assert stored.number_encrypted == NUMBER and stored.number_hash != NUMBER


@pytest.mark.django_db
def test_organisation_reports_on_someones_behalf(users, org_a):
    client = login(Client(), users["professional_a"])
    client.post(reverse("safety:report_on_behalf"), report_post())
    report = Report.objects.get()
    assert report.reporter_kind == "organisation" and report.organisation == org_a


# --- moderation and warnings ---------------------------------------------------------------


@pytest.mark.django_db
def test_moderator_redacts_and_publishes_members_of_the_region_are_told(users, memory_sms):
    in_region = make_member("near", notify_by="sms", phone="+31611111111")
    by_mail = make_member("mail", notify_by="mail", email="m@example.org")
    elsewhere = make_member(
        "far", region_slugs=("rotterdam",), notify_by="sms", phone="+31622222222"
    )
    report = make_report(reporter=in_region.user, description="I am Sunny from window 12.")
    own_number = PerpetratorNumber.objects.create(
        report=report, number_hash="x" * 64, number_encrypted="+31611111111"
    )
    moderator = login(Client(), users["moderator"])
    page = moderator.get(reverse("safety:moderate", args=[report.pk])).content.decode()
    assert "I am Sunny" in page
    response = moderator.post(
        reverse("safety:moderate", args=[report.pk]),
        {
            "description": "Reporter details removed.",
            "perpetrator_names": "Rob",
            "perpetrator_description": "",
            "perpetrator_vehicle": "",
            "remove_contact": "on",
            "remove_numbers": [str(own_number.pk)],
            "decision": "publish",
            "warning_text": "Client who does not pay.",
            "regions": [Region.objects.get(slug="amsterdam").pk],
            "expires_on": "",
            "rejection_reason": "",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and "Sunny" not in report.description
    assert not PerpetratorNumber.objects.filter(pk=own_number.pk).exists()
    warning = SafetyWarning.objects.get()
    assert 360 <= (warning.expires_at - timezone.now()).days <= 366  # default 12 months
    assert [m.address for m in memory_sms] == ["+31611111111"]
    assert mail.outbox[0].to == ["m@example.org"] and "pay" not in mail.outbox[0].body
    assert AuditEntry.objects.filter(
        object_type="safety.report", object_id=str(report.pk), action="update"
    ).exists()
    assert AuditEntry.objects.filter(object_type="safety.safetywarning", action="create").exists()
    # Members of the region see it; members elsewhere do not; nothing names the reporter.
    seen = member_client(by_mail).get(reverse("safety:warnings")).content.decode()
    assert "Client who does not pay." in seen and in_region.work_name not in seen
    assert (
        "Client who does not pay."
        not in member_client(elsewhere).get(reverse("safety:warnings")).content.decode()
    )


@pytest.mark.django_db
def test_reject_needs_a_reason(users):
    report = make_report()
    moderator = login(Client(), users["moderator"])
    url = reverse("safety:moderate", args=[report.pk])
    base = {
        "description": "",
        "perpetrator_names": "",
        "perpetrator_description": "",
        "perpetrator_vehicle": "",
        "decision": "reject",
        "warning_text": "",
        "rejection_reason": "",
    }
    assert "Give a reason" in moderator.post(url, base).content.decode()
    moderator.post(url, {**base, "rejection_reason": "Not enough detail."})
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED


@pytest.mark.django_db
def test_members_see_newest_warnings_first_only_for_their_regions(users):
    profile = make_member("m3")
    older, _ = publish(make_report(numbers=()), users["moderator"])
    newer, _ = publish(make_report(numbers=()), users["moderator"])
    SafetyWarning.objects.filter(pk=older.pk).update(
        published_at=timezone.now() - timedelta(days=3)
    )
    other, _ = publish(make_report(numbers=()), users["moderator"], regions=("rotterdam",))
    assert list(selectors.warnings_for_member(profile)) == [newer, older]


# --- number check --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["06 12345678", "+31 6 1234 5678", "0031612345678", "(06) 123-456-78"]
)
def test_number_check_finds_published_warnings_in_any_format(users, typed):
    publish(make_report(numbers=(NUMBER,), violence=["physical", "financial"]), users["moderator"])
    make_report(numbers=(NUMBER,))  # not published: does not count
    body = (
        member_client(make_member("m4"))
        .post(reverse("safety:check"), {"number": typed})
        .content.decode()
    )
    assert "1 published warning mentions this number." in body
    assert "physical" in body and "financial-economic" in body and "October 2026" in body


@pytest.mark.django_db
def test_no_warnings_comes_with_the_caveat(db):
    body = (
        member_client(make_member("m5"))
        .post(reverse("safety:check"), {"number": "0623456789"})
        .content.decode()
    )
    assert "No warnings." in body and "No warning does not mean safe" in body


@pytest.mark.django_db
def test_unreadable_number_in_check_is_explained(db):
    body = (
        member_client(make_member("m6"))
        .post(reverse("safety:check"), {"number": "abc"})
        .content.decode()
    )
    assert "we found no digits in it" in body


@pytest.mark.django_db
def test_unreadable_number_keeps_what_was_typed_and_marks_the_field(db):
    body = (
        member_client(make_member("m6b"))
        .post(reverse("safety:check"), {"number": "06 1234"})
        .content.decode()
    )
    assert "is not a complete phone number" in body
    assert 'value="06 1234"' in body and 'aria-invalid="true"' in body
    assert 'aria-describedby="id_number_help id_number_error"' in body


@pytest.mark.django_db
def test_a_number_in_the_address_is_never_checked(users):
    """Numbers are posted only: one in a URL would sit in server logs and browser history."""
    publish(make_report(numbers=(NUMBER,)), users["moderator"])
    profile = make_member("m6c")
    client = member_client(profile)
    response = client.get(reverse("safety:check") + "?number=0687654321")
    assert response.status_code == 302 and response["Location"] == reverse("safety:check")
    assert not NumberCheck.objects.exists()
    assert not AuditEntry.objects.filter(detail__startswith="number check").exists()
    page = client.get(reverse("safety:check")).content.decode()
    assert "published warning" not in page and "87654321" not in page


def csrf_client(profile) -> Client:
    return login(Client(enforce_csrf_checks=True), profile.user)


def form_token(body: str, index: int = 0) -> str:
    return body.split('name="csrfmiddlewaretoken" value="')[1 + index].split('"', maxsplit=1)[0]


@pytest.mark.django_db
def test_result_page_keeps_the_discreet_layout_in_each_language(users):
    publish(make_report(numbers=(NUMBER,)), users["moderator"])
    first = member_client(make_member("m6d"))
    english = first.post("/en/safety/check/", {"number": "06 12345678"}).content.decode()
    assert "<title>Koers</title>" in english and "data-quick-exit" in english
    assert 'href="#main"' in english and '<main id="main"' in english
    assert '<html lang="en">' in english and "1 published warning mentions this number." in english
    assert 'href="/en/safety/check/" lang="en" hreflang="en" aria-current="true"' in english
    assert "In danger right now? Call 112." in english
    with translation.override("nl"):
        dutch = first.post("/safety/check/", {"number": "06 23456789"}).content.decode()
    assert '<html lang="nl">' in dutch
    assert 'href="/safety/check/" lang="nl" hreflang="nl" aria-current="true"' in dutch


@pytest.mark.django_db
def test_each_member_gets_their_own_form_tokens_on_the_result_page(db):
    """Parts of the page are rendered once per language; the CSRF tokens are not."""
    for name in ("m6e", "m6f"):
        client = csrf_client(make_member(name))
        page = client.get("/en/safety/check/").content.decode()
        result = client.post(
            "/en/safety/check/", {"number": "06 23456789", "csrfmiddlewaretoken": form_token(page)}
        )
        assert "No warnings." in result.content.decode()
        logout_token = form_token(result.content.decode(), 0)  # the menu's log-out form
        again = client.post(
            "/en/safety/check/",
            {
                "number": "06 23456780",
                "csrfmiddlewaretoken": form_token(result.content.decode(), 1),
            },
        )
        assert again.status_code == 200
        assert (
            client.post("/en/account/logout/", {"csrfmiddlewaretoken": logout_token}).status_code
            == 302
        )


@pytest.mark.django_db
def test_wrong_hmac_key_matches_nothing_and_rekeying_restores_matching(users, settings):
    publish(make_report(numbers=(NUMBER,)), users["moderator"])
    member = make_member("m7").user
    assert services.check_numbers(member, [NUMBER])[0].warnings == 1
    settings.HMAC_KEYS = ["a-completely-different-key"]
    assert services.check_numbers(member, [NUMBER])[0].warnings == 0
    call_command("rehash_perpetrator_numbers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert services.check_numbers(member, [NUMBER])[0].warnings == 1


@pytest.mark.django_db
def test_rotation_keeps_matching_while_both_keys_are_configured(users, settings):
    publish(make_report(numbers=(NUMBER,)), users["moderator"])
    settings.HMAC_KEYS = ["new-key-first", *settings.HMAC_KEYS]
    assert services.check_numbers(make_member("m8").user, [NUMBER])[0].warnings == 1


@pytest.mark.django_db
@override_settings(SAFETY_CHECKS_PER_HOUR=3, SAFETY_CHECKS_PER_DAY=200)
def test_checks_beyond_the_limit_are_refused_with_a_time(db):
    client = member_client(make_member("m9"))
    for _ in range(3):
        assert client.post(reverse("safety:check"), {"number": "0612345670"}).status_code == 200
    refused = client.post(reverse("safety:check"), {"number": "0612345671"})
    assert refused.status_code == 429
    assert "You can check again from" in refused.content.decode()
    assert NumberCheck.objects.count() == 3
    bulk = client.post(reverse("safety:check_bulk"), {"numbers": "0612345672\n0612345673"})
    assert bulk.status_code == 429


@pytest.mark.django_db
@override_settings(SAFETY_CHECKS_PER_HOUR=100, SAFETY_CHECKS_PER_DAY=4)
def test_daily_limit_counts_every_number_of_a_bulk_check(db):
    client = member_client(make_member("m10"))
    ok = client.post(
        reverse("safety:check_bulk"), {"numbers": "0612345670\n0612345671, 0612345672"}
    )
    assert ok.status_code == 200 and ok.content.decode().count("No warnings.") == 3
    assert (
        client.post(reverse("safety:check_bulk"), {"numbers": "0612345673\n0612345674"}).status_code
        == 429
    )


@pytest.mark.django_db
def test_bulk_check_takes_at_most_twenty(db):
    numbers = "\n".join(f"06123456{i:02d}" for i in range(21))
    body = (
        member_client(make_member("m11"))
        .post(reverse("safety:check_bulk"), {"numbers": numbers})
        .content.decode()
    )
    assert "at most 20 numbers" in body


@pytest.mark.django_db
def test_audit_entries_of_checks_do_not_contain_the_number(db):
    member = make_member("m12")
    member_client(member).post(reverse("safety:check"), {"number": "06 12345678"})
    entries = AuditEntry.objects.filter(actor=member.user)
    assert entries.filter(detail__startswith="number check").exists()
    for entry in entries:
        assert not any(
            form.replace(" ", "") in entry.canonical().replace(" ", "") for form in NUMBER_FORMS
        )


@pytest.mark.django_db
def test_raw_database_dump_contains_no_phone_number(users):
    member = make_member("m13", phone="+31699999999")
    Client().post(
        reverse("safety:report_anonymous"), report_post(perpetrator_numbers="06 12345678")
    )
    report = make_report(numbers=(NUMBER, "+31 20 123 4567"), reporter=member.user)
    publish(report, users["moderator"])
    member_client(member).post(reverse("safety:check"), {"number": "06 12345678"})
    member_client(member).post(reverse("safety:check_bulk"), {"numbers": "020 1234567"})
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump.extend(str(value) for row in cursor.fetchall() for value in row)
    text = "\n".join(dump)
    forms = NUMBER_FORMS + [
        "+31201234567",
        "0201234567",
        "020 1234567",
        "31201234567",
        "201234567",
        "+31699999999",
        "0699999999",
        "31699999999",
    ]
    leaked = [form for form in forms if form in text]
    assert not leaked


# --- retention, requests, exports, statistics ---------------------------------------------


@pytest.mark.django_db
def test_expired_warnings_are_unpublished_and_old_reports_anonymised(users, settings):
    warning, _ = publish(make_report(), users["moderator"])
    SafetyWarning.objects.filter(pk=warning.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    old = make_report(contact_channel="sms", contact_address="+31655555555")
    Report.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.SAFETY_REPORT_RETENTION_DAYS + 1)
    )
    call_command("expire_safety_warnings", stdout=open("/dev/null", "w"))  # noqa: SIM115
    warning.refresh_from_db()
    old.refresh_from_db()
    assert not warning.is_published
    assert old.anonymised_at and old.contact_address == "" and old.description == ""
    assert old.numbers.count() == 0 and old.occurred_on.day == 1


@pytest.mark.django_db
def test_removal_request_is_decided_carried_out_and_audited(users):
    report = make_report()
    publish(report, users["moderator"])
    moderator = login(Client(), users["moderator"])
    moderator.post(
        reverse("safety:requests"),
        {"report_reference": report.reference, "kind": "removal", "details": "reporter asks"},
    )
    item = report.requests.get()
    moderator.post(
        reverse("safety:request_decide", args=[item.pk]),
        {"grant": "yes", "reason": "Reporter's right."},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.REMOVED and report.numbers.count() == 0
    assert not SafetyWarning.objects.get().is_published
    assert services.check_numbers(make_member("m14").user, [NUMBER])[0].warnings == 0
    assert AuditEntry.objects.filter(
        object_type="safety.datasubjectrequest", detail__contains="granted"
    ).exists()


@pytest.mark.django_db
def test_correction_replaces_the_warning_text(users):
    report = make_report()
    publish(report, users["moderator"])
    item = services.record_request(
        report=report, kind="correction", details="", by=users["moderator"]
    )
    services.decide_request(
        item,
        grant=True,
        reason="Wrong vehicle.",
        corrected_text="Corrected.",
        by=users["moderator"],
    )
    assert SafetyWarning.objects.get().text == "Corrected."


@pytest.mark.django_db
def test_police_export_holds_only_consented_moderated_reports_without_the_reporter(users):
    member = make_member("m15")
    consented = make_report(
        reporter=member.user,
        perpetrator_names="Consented Rob",
        contact_channel="sms",
        contact_address="+31644444444",
    )
    refused = make_report(police_consent=False, perpetrator_names="Private Pete")
    for report in (consented, refused):
        publish(report, users["moderator"])
    moderator = login(Client(), users["moderator"])
    csv_text = moderator.get(reverse("safety:police_export") + "?format=csv").content.decode()
    assert "Consented Rob" in csv_text and "Private Pete" not in csv_text
    assert (
        member.work_name not in csv_text
        and "+31644444444" not in csv_text
        and "2026-10-03" not in csv_text
    )
    pdf = moderator.get(reverse("safety:police_export") + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="export", detail__contains="police export").count() == 2


@pytest.mark.django_db
@override_settings(SUPPRESSION_THRESHOLD=5)
def test_statistics_suppress_small_cells(db):
    cells = {
        ("physical", "client"): 6,
        ("physical", "partner"): 7,
        ("physical", "operator"): 9,
        ("sexual", "client"): 8,
        ("sexual", "partner"): 2,
        ("sexual", "operator"): 10,
    }
    for (form, perpetrator), count in cells.items():
        for _ in range(count):
            make_report(numbers=(), violence=[form], perpetrator_type=perpetrator)
    from koers.privacy.publishing import MAX_NOISE

    def near(shown, truth):
        return shown is not None and abs(shown - truth) <= MAX_NOISE

    # Through the disclosure-control layer: the 2 is never shown, the rest within the noise.
    table = selectors.incident_table("form", "perpetrator_type")
    assert table.cell("sexual", "partner") is None
    assert near(table.cell("physical", "operator"), 9)
    # A report can have several forms: the forms are not added up into a total per form.
    assert table.column_totals is None and near(table.row_totals[0], 22)
    by_region = selectors.incident_table("region", "month")
    month = next(iter(by_region.column_keys))
    assert by_region.rows == ["Amsterdam"] and near(by_region.cell("Amsterdam", month), 42)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es", "ro"])
def test_safety_pages_render_in_every_language(users, language):
    publish(make_report(), users["moderator"])
    member = member_client(make_member("m16"))
    with translation.override(language):
        for name in ("safety:index", "safety:join", "safety:report_anonymous"):
            url = reverse(name)
            assert url.startswith(f"/{language}/")
            response = Client().get(url)
            assert response.status_code == 200, name
            assert f'lang="{language}"' in response.content.decode()
        for name in ("safety:warnings", "safety:check", "safety:report"):
            assert member.get(reverse(name)).status_code == 200
    assert Client().get("/safety/").status_code == 200  # Dutch, no prefix


@pytest.mark.django_db
def test_a_member_cannot_open_any_report_even_their_own(users):
    profile = make_member("m17")
    report = make_report(reporter=profile.user)
    client = member_client(profile)
    assert client.get(reverse("safety:moderate", args=[report.pk])).status_code == 403
    assert client.get(reverse("safety:police_export") + "?format=csv").status_code == 403
    assert client.get(reverse("safety:queue")).status_code == 403
    assert report.reference not in client.get(reverse("safety:warnings")).content.decode()
