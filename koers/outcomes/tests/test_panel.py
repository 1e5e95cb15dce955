"""The panel layout (issue 16): a four-wave panel collected live, with every reason for not
taking part and a G1 decline, leaves Koers and comes back identical (CSV and XLSX); files as
Dutch Excel writes them import; bad files are refused whole, every problem listed; imported
participants still in the study get their next wave."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import login
from koers.outcomes import panel, selectors, services
from koers.outcomes.models import ContactChannel, Participant, Wave, WaveStatus
from koers.regions.models import Region

T0 = dt.datetime(2025, 1, 6, 10, 0, tzinfo=dt.UTC)
ANSWERS_1 = {
    "A1": "want_change",
    "B2": "woman",
    "B7": "20",
    "B8": ["window", "home"],
    "C1": "outside",
    "N3": ["housing", "debts"],
    "G1": "yes",
}
ANSWERS_LATER = {"A1": "not_in_branch", "B10": "left_branch", "G1": "yes"}


def day(number: int) -> dt.datetime:
    return T0 + dt.timedelta(days=number)


def enrol(code: str, when: dt.datetime, answers: dict, *, email: str = "", sms: str = ""):
    region = Region.objects.order_by("slug").first()
    entry = services.enter(code, region=region, now=when)
    if email:
        services.set_contact(
            entry.participant,
            channel=ContactChannel.EMAIL,
            address=email,
            other_channel=ContactChannel.SMS if sms else "",
            other_address=sms,
        )
    entry.wave.answers = dict(answers)
    services.complete(entry.wave, now=when)
    return entry.participant


def take_part(participant: Participant, number: int, when: dt.datetime) -> None:
    wave = participant.waves.get(number=number)
    assert wave.status == WaveStatus.OPEN
    wave.answers = dict(ANSWERS_LATER)
    services.complete(wave, now=when)


def build_live_panel() -> dict[str, Participant]:
    """Six who took part in wave 1 and one screened out; hand-computed attrition below."""
    people = {
        "all_four": enrol("AA10BB", day(0), ANSWERS_1, email="a@example.org", sms="+31611111111"),
        "no_contact": enrol("BB20CC", day(0), ANSWERS_1),
        "g1_no": enrol("CC30DD", day(0), {**ANSWERS_1, "G1": "no"}),
        "no_response": enrol("DD40EE", day(0), ANSWERS_1, email="d@example.org"),
        "screened": enrol("EE50FF", day(0), {"A1": "none"}),
        "stopped": enrol("GG70HH", day(0), ANSWERS_1, email="g@example.org"),
    }
    services.send_due_reminders(now=day(92))  # wave 2 opens, reminder 1; no contact ends
    services.decline(people["stopped"], now=day(93))  # the stop button, invited
    services.send_due_reminders(now=day(107))  # reminder 2 by SMS
    take_part(people["all_four"], 2, day(110))
    services.send_due_reminders(now=day(135))  # the answering window has passed
    services.send_due_reminders(now=day(202))
    take_part(people["all_four"], 3, day(203))
    # Enrolled late: wave 2 would open after the study period (day 300).
    people["study_ended"] = enrol("FF60GG", day(220), ANSWERS_1)
    services.send_due_reminders(now=day(295))
    take_part(people["all_four"], 4, day(296))
    services.send_due_reminders(now=day(312))
    return people


def reasons(took_part: int, no_contact: int, declined: int, no_response: int, ended: int):
    return (
        took_part,
        {
            "no_contact": no_contact,
            "declined": declined,
            "no_response": no_response,
            "study_ended": ended,
        },
    )


def attrition_table():
    return [(row.took_part, row.reasons, row.pending) for row in selectors.attrition()]


def wipe() -> None:
    Wave.objects.all().delete()
    Participant.objects.all().delete()


@pytest.fixture
def study_end(settings):
    settings.OUTCOMES_STUDY_END = day(300).date()


def test_four_wave_panel_round_trips_with_every_reason(db, study_end):
    people = build_live_panel()
    statuses = {
        (ref, number): status
        for ref, number, status in Wave.objects.values_list("participant__ref", "number", "status")
    }
    assert sorted(set(statuses.values())) == sorted(
        ["completed", "screened_out", "no_contact", "declined", "no_response", "study_ended"]
    )
    wave_1_took_part = 6  # the screened-out person is not in the panel
    expected = [
        (*reasons(wave_1_took_part, 0, 0, 0, 0), 0),
        (*reasons(1, 1, 2, 1, 1), 0),  # declined: G1 "no" and the stop button
        (*reasons(1, 1, 2, 1, 1), 0),  # reasons carry over to later waves
        (*reasons(1, 1, 2, 1, 1), 0),
    ]
    assert attrition_table() == expected
    exported_csv = panel.export_csv()
    exported_xlsx = panel.export_xlsx()
    exported_xlsx_rows = panel.read_xlsx(exported_xlsx)
    lines = exported_csv.splitlines()
    assert len(lines) == 1 + 7 + 3 + 5  # header, wave 1 of all, waves 2-4 of one, 5 missed
    by_key = {
        (row[0], row[1]): dict(zip(lines[0].split(","), row, strict=True))
        for row in (line.split(",") for line in lines[1:])
    }
    g1_row = by_key[(people["g1_no"].ref, "2")]
    assert g1_row["status"] == "declined" and g1_row["invited_on"] == ""  # never invited
    stopped = by_key[(people["stopped"].ref, "2")]
    assert stopped["status"] == "declined" and stopped["invited_on"] == "2025-04-07"
    reminded = by_key[(people["all_four"].ref, "2")]
    assert reminded["reminder_1_on"] == "2025-04-08" and reminded["reminder_2_on"] == "2025-04-23"
    assert reminded["completed_on"] == "2025-04-26"
    assert exported_xlsx_rows == [line.split(",") for line in lines]

    wipe()
    result = panel.import_csv(exported_csv, now=day(320))
    assert result.ok, result.problems
    assert result.imported == 15 and result.scheduled == 0
    assert panel.export_csv() == exported_csv
    assert attrition_table() == expected

    wipe()
    result = panel.import_file(exported_xlsx, now=day(320))
    assert result.ok, result.problems
    assert panel.export_csv() == exported_csv


def test_g1_no_in_the_live_questionnaire_declines_the_next_wave(client, db):
    from koers.outcomes.tests.test_questionnaire import WAVE_1, answer_all, start

    answer_all(client, start(client), {**WAVE_1, "G1": "no"})
    participant = Participant.objects.get()
    assert participant.declined_at is not None
    assert participant.waves.get(number=2).status == WaveStatus.DECLINED
    assert selectors.attrition()[1].reasons["declined"] == 1


SEMICOLON_FILE = (
    "\ufeffparticipant_ref;wave;status;invited_on;completed_on;region;A1;B8__window;B8__home\r\n"
    "PX1;1;took_part;2025-03;14-03-2025;;want_change;1;0\r\n"
    "PX1;2;no_response;2025-06-12;;;;;\r\n"
    "PX2;1;;;;;considering;;\r\n"
)


def test_semicolon_file_with_bom_as_dutch_excel_writes_it(db):
    result = panel.import_file(SEMICOLON_FILE.encode("utf-8"), now=day(0))
    assert result.ok, result.problems
    assert result.imported == 3
    assert len(result.notes) == 1  # the missing question columns, said once
    exported = {
        (row[0], row[1]): dict(zip(panel.columns(), row, strict=True))
        for row in panel.export_rows()[1:]
    }
    first = exported[("PX1", "1")]
    assert (first["invited_on"], first["completed_on"]) == ("2025-03", "2025-03-14")
    assert first["B8__window"] == "1" and first["B8__home"] == "0"
    assert exported[("PX1", "2")]["status"] == "no_response"
    assert exported[("PX2", "1")]["completed_on"] == ""  # unknown stays unknown
    again = panel.export_csv()
    wipe()
    assert panel.import_csv(again, now=day(0)).ok
    assert panel.export_csv() == again


def test_bad_file_is_refused_whole_with_every_problem(db):
    header = "participant_ref;wave;status;completed_on;A1"
    rows = [
        "PA;1;took_part;2025-01-05;want_change",
        "PA;2;moved_away;;",  # unknown reason
        "PB;1;no_response;;",  # before PB's first wave taken part (2)
        "PB;2;took_part;2025-01-05;want_change",
        "PA;1;took_part;2025-01-05;want_change",  # duplicate participant-wave
        "PC;1;took_part;5 jan 2025;want_change",  # date in an unknown format
    ]
    with translation.override("nl"):
        result = panel.import_csv("\n".join([header, *rows]))
    assert not result.ok and Wave.objects.count() == 0 and Participant.objects.count() == 0
    assert {(p.row, p.column) for p in result.problems} == {
        (3, "status"),
        (4, "wave"),
        (6, "wave"),
        (7, "completed_on"),
    }
    assert "Onbekende status" in next(p.reason for p in result.problems if p.row == 3)

    tabs = panel.import_csv("participant_ref\twave\nPA\t1\n")
    assert [(p.row, p.reason) for p in tabs.problems] == [
        (1, tabs.problems[0].reason)
    ] and "tabs" in tabs.problems[0].reason


def test_imported_participants_in_the_study_get_their_next_wave(db, settings):
    settings.OUTCOMES_STUDY_END = None
    now = day(400)
    recent = (now - dt.timedelta(days=30)).date().isoformat()
    text = "\n".join(
        [
            "participant_ref,wave,status,completed_on,A1,G1",
            f"PREC,1,took_part,{recent},want_change,yes",
            f"PNO,1,took_part,{recent},want_change,no",
            "POLD,1,took_part,2024-01-10,want_change,yes",
        ]
    )
    result = panel.import_csv(text, now=now)
    assert result.ok and result.scheduled == 1
    assert list(
        Wave.objects.filter(status=WaveStatus.SCHEDULED).values_list("participant__ref")
    ) == [("PREC",)]
    assert Participant.objects.get(ref="PNO").declined_at is not None
    # As for live participants: the scheduled run opens it and, without contact details,
    # ends it as "no contact".
    services.send_due_reminders(now=now + dt.timedelta(days=62))
    assert Wave.objects.get(participant__ref="PREC", number=2).status == WaveStatus.NO_CONTACT


def test_import_page_takes_a_semicolon_file_and_shows_the_note(client, db):
    from koers.accounts.models import Membership, Role, User

    admin = User.objects.create(username="panel-admin", is_staff=True, is_superuser=True)
    Membership.objects.create(user=admin, role=Role.SITE_ADMINISTRATOR)
    login(client, admin)
    upload = SimpleUploadedFile("panel.csv", SEMICOLON_FILE.encode("utf-8"), "text/csv")
    response = client.post(reverse("outcomes:data_import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "3 rows imported" in text and text.count("question columns are not in the file") == 1
    xlsx = client.get(reverse("outcomes:data_export_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert panel.read_xlsx(xlsx.content)[0] == panel.columns()


def test_a_later_file_replaces_only_the_scheduled_wave_it_brings(db, settings):
    settings.OUTCOMES_STUDY_END = None
    now = day(400)
    recent = (now - dt.timedelta(days=30)).date().isoformat()
    first = "\n".join(
        [
            "participant_ref,wave,status,completed_on,A1",
            f"PONE,1,took_part,{recent},want_change",
            f"PTWO,1,took_part,{recent},want_change",
        ]
    )
    assert panel.import_csv(first, now=now).scheduled == 2
    later = "\n".join(
        [
            "participant_ref,wave,status,completed_on,A1",
            "PONE,2,no_response,,",
            "PTWO,3,study_ended,,",
        ]
    )
    result = panel.import_csv(later, now=now)
    assert result.ok, result.problems
    assert Wave.objects.get(participant__ref="PONE", number=2).status == WaveStatus.NO_RESPONSE
    assert Wave.objects.get(participant__ref="PTWO", number=2).status == WaveStatus.SCHEDULED
