"""A participant completes wave 1, is reminded for wave 2 through the chosen channel,
completes it, and shows up in the attrition table and the reports; plus validation,
routing, duplicates, import/export round trips."""

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import login
from koers.outcomes import csvio, instrument, reports, selectors, services
from koers.outcomes.codes import pseudonymous_code
from koers.outcomes.models import Participant, Reminder, Wave, WaveStatus

CODE_ANSWERS = {"name": "Maria", "birth_year": "1990", "birth_city": "Utrecht", "region": ""}


def start(client, **extra):
    response = client.post(reverse("outcomes:start"), {**CODE_ANSWERS, **extra})
    assert response.status_code == 302, response.content
    return response["Location"]


def answer_all(client, location: str, answers: dict) -> str:
    """Follow the routing page by page, posting ``answers`` for the items on each page."""
    for _step in range(30):
        response = client.get(location)
        if response.status_code == 302:
            location = response["Location"]
            continue
        page = response.context["page"]
        data = {item.key: answers[item.key] for item in page.items if item.key in answers}
        response = client.post(location, {**data, "next": "1"})
        assert response.status_code == 302, response.context["form"].errors
        location = response["Location"]
        if "/done/" in location:
            return location
    raise AssertionError("questionnaire did not end")


WAVE_1 = {
    "A1": "want_change",
    "B2": "woman",
    "B4": "30_39",
    "B5": "Roemenië",
    "B7": "20",
    "B8": ["window", "home"],
    "B10": "all_sex_work",
    "C1": "outside",
    "C6": "no",
    "C6_want": "yes",
    "N1": ["support"],
    "N3": ["housing", "debts"],
    "G1": "yes",
}
WAVE_2 = {
    "A1": "not_in_branch",
    "B10": "left_branch",
    "E2": ["paid_work"],
    "E3": "cleaning",
    "F1": "no",
    "G1": "yes",
}


def test_code_is_built_as_in_the_study_and_never_stored(db):
    assert pseudonymous_code("Maria", 1990, "Utrecht") == "MA90UT"
    assert pseudonymous_code("José", "1985", "Ávila") == "JE85AV"
    services.enter("MA90UT")
    participant = Participant.objects.get()
    assert participant.code_hash and "MA90UT" not in participant.code_hash


def latest_link() -> str:
    """The link in the newest SMS reminder (SMS go to the file outbox in tests)."""
    from koers.notifications import backends

    return backends.outbox[-1].body.split("link to take part: ")[1].split()[0]


def test_wave_one_then_reminders_then_wave_two_then_reports(client, db, settings):
    from koers.notifications import backends

    settings.NOTIFICATION_BACKENDS = {
        **settings.NOTIFICATION_BACKENDS,
        "sms": "koers.notifications.backends.MemoryBackend",
    }
    backends.outbox.clear()
    done = answer_all(client, start(client), WAVE_1)
    wave1 = Wave.objects.get(number=1)
    assert wave1.status == WaveStatus.COMPLETED
    assert wave1.answers["B5"] == "RO" and wave1.answers["B7"] == 20
    assert wave1.group == instrument.GROUP_CHANGING and wave1.needs == ",housing,debts,"
    # Choose e-mail for the next round; the address is stored encrypted.
    response = client.post(
        done,
        {
            "channel": "email",
            "address": "maria@example.org",
            "other_channel": "sms",
            "other_address": "+31 6 1234 5678",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.preferred_channel == "email"
    wave2 = Wave.objects.get(number=2)
    assert wave2.status == WaveStatus.SCHEDULED
    assert wave2.opens_at - wave1.completed_at == dt.timedelta(days=91)

    opens = wave2.opens_at
    services.send_due_reminders(now=opens + dt.timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
    link = mail.outbox[0].body.split("link to take part: ")[1].split()[0]
    services.send_due_reminders(now=opens + dt.timedelta(days=2))
    assert Reminder.objects.count() == 1  # not again before the gap
    services.send_due_reminders(now=opens + dt.timedelta(days=15))
    reminders = list(Reminder.objects.order_by("sequence").values_list("sequence", "channel"))
    assert reminders == [(1, "email"), (2, "sms")]
    services.send_due_reminders(now=opens + dt.timedelta(days=40))
    assert Reminder.objects.count() == 2  # never a third

    # Only the second reminder's link works (its token replaced the first one's), and once.
    tokens = [m.split("/questionnaire/link/")[1].split("/")[0] for m in (link, latest_link())]
    assert tokens[0] != tokens[1]

    def follow_link(browser, token):
        landing = browser.get(reverse("outcomes:link", kwargs={"token": token}))
        assert landing["Location"] == reverse("outcomes:link_use")
        assert token not in browser.get(landing["Location"]).content.decode()
        return browser.post(reverse("outcomes:link_use"))

    phone = client.__class__()
    refused = follow_link(phone, tokens[0])
    assert refused.status_code == 404 and "This link no longer works" in refused.content.decode()
    opened = follow_link(phone, tokens[1])
    assert opened.status_code == 302 and tokens[1] not in opened["Location"]
    answer_all(phone, opened["Location"], WAVE_2)
    assert follow_link(client.__class__(), tokens[1]).status_code == 404
    wave2.refresh_from_db()
    assert (
        wave2.status == WaveStatus.COMPLETED
        and wave2.sex_work_status == instrument.STATUS_NOT_DOING
    )

    table = selectors.attrition(max_wave=4)
    assert (table[0].took_part, table[1].took_part) == (1, 1)
    assert selectors.transitions() == {(instrument.STATUS_DOING, instrument.STATUS_NOT_DOING): 1}
    survey = selectors.survey_report()
    a1 = next(r for r in survey.items if r.item.key == "A1")
    assert a1.answered["total"] == 2
    assert (
        next(o for o in a1.options if o.value == "not_in_branch").counts[
            instrument.GROUP_NO_SEX_WORK
        ]
        == 1
    )
    # Published tables hide counts below k: one person is never shown.
    published = reports.build()
    a1_table = next(t for t in published["items"] if t.key == "A1")
    assert a1_table.has_suppression and all(v is None for row in a1_table.cells for v in row if v)


def test_out_of_range_hours_show_a_message_and_keep_other_answers(client, db):
    location = client.get(start(client))["Location"]
    client.post(location, {"A1": "considering"})
    page = reverse("outcomes:page", kwargs={"page": "background"})
    response = client.post(page, {"B2": "man", "B4": "21_29", "B7": "140"})
    assert response.status_code == 200
    assert "Enter a whole number from 0 to 100." in response.content.decode()
    form = response.context["form"]
    assert form["B2"].value() == "man" and form["B4"].value() == "21_29"
    assert "B7" not in Wave.objects.get().answers


def test_routing_follows_the_situation(db):
    assert [p.key for p in instrument.visible_pages({"A1": "considering"}, 1)][:5] == [
        "situation",
        "background",
        "work",
        "experience",
        "considering",
    ]
    assert "not_in_branch" in [p.key for p in instrument.visible_pages({"A1": "not_in_branch"}, 1)]
    assert "since_last_time" not in [
        p.key for p in instrument.visible_pages({"A1": "considering"}, 1)
    ]
    assert "since_last_time" in [p.key for p in instrument.visible_pages({"A1": "considering"}, 2)]


def test_save_and_continue_later_with_the_resume_code(client, db):
    location = client.get(start(client))["Location"]
    response = client.post(location, {"A1": "considering", "save_later": "1"})
    saved = client.get(response["Location"])
    code = saved.context["code"]
    assert len(code) == 19 and code.count("-") == 3  # 4 groups of 4: 80 bits
    # Shown once; this browser no longer holds the questionnaire open.
    assert code not in client.get(response["Location"]).content.decode()
    assert client.get(reverse("outcomes:resume"))["Location"].startswith(
        reverse("outcomes:resume_form")
    )
    other = client.__class__()
    response = other.post(reverse("outcomes:resume_form"), {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    response = other.get(response["Location"])
    assert response.status_code == 302 and response["Location"].endswith("/background/")


def test_no_contact_details_and_declines_count_in_attrition(db):
    now = timezone.now()
    for index, code in enumerate(["AA80BB", "CC81DD", "EE82FF"]):
        entry = services.enter(code, now=now)
        entry.wave.answers = {"A1": "considering", "G1": "no" if index == 2 else "yes"}
        services.complete(entry.wave, now=now)
    later = now + dt.timedelta(days=92)
    services.send_due_reminders(now=later)
    statuses = sorted(Wave.objects.filter(number=2).values_list("status", flat=True))
    assert statuses == [WaveStatus.NO_CONTACT, WaveStatus.NO_CONTACT]
    row = selectors.attrition()[1]
    assert row.reasons == {"no_contact": 2, "declined": 1, "no_response": 0, "study_ended": 0}


def test_export_then_import_round_trips(client, db):
    answer_all(client, start(client), WAVE_1)
    exported = csvio.export_csv(csvio.completed_waves())
    Wave.objects.all().delete()
    Participant.objects.all().delete()
    result = csvio.import_csv(exported)
    assert result.ok and result.imported == 1
    assert csvio.export_csv(csvio.completed_waves()) == exported


def test_bad_import_imports_nothing_and_names_row_and_column(db):
    header = csvio.columns()
    good = {c: "" for c in header} | {
        "participant_ref": "PX1",
        "wave": "1",
        "completed_on": "2025-03-01",
        "A1": "considering",
    }
    b8 = {f"B8__{value}": "0" for value in instrument.ITEM_BY_KEY["B8"].option_values()}
    bad = dict(good, participant_ref="PX2", B7="150", **{**b8, "B8__window": "yes"})
    lines = [",".join(header)] + [",".join(row[c] for c in header) for row in (good, bad)]
    result = csvio.import_csv("\n".join(lines))
    assert not result.ok and Wave.objects.count() == 0
    assert {(p.row, p.column) for p in result.problems} == {(3, "B7"), (3, "B8__window")}
    wrong_header = csvio.import_csv("participant_ref,wave,colour\n")
    assert any(p.column == "colour" and p.row == 1 for p in wrong_header.problems)


def test_import_page_reports_problems(client, db):
    from koers.accounts.models import Membership, Role, User

    admin = User.objects.create(username="admin-fast", is_staff=True, is_superuser=True)
    Membership.objects.create(user=admin, role=Role.SITE_ADMINISTRATOR)
    login(client, admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "data.csv", b"participant_ref,wave\nP1,9\n", content_type="text/csv"
    )
    response = client.post(reverse("outcomes:data_import"), {"file": upload})
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
