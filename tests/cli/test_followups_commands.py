"""`ldnclinic followups due | show`: the worklist from the command line, signed in as --user.

The command line runs on the real clock, so the test data is dated from the clinic's real
today (the services' FakeClock is set to now first).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from ldnclinic.config import PASSWORD_ENV
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import ContactMethod, ContactOutcome
from ldnclinic.services.container import Services
from ldnclinic.services.followups.dto import NewFollowup
from tests.cli.conftest import Run
from tests.conftest import PASSWORD, signed_in
from tests.support.clock import FakeClock
from tests.support.patient_data import full_patient

CHICAGO = ZoneInfo("America/Chicago")


@dataclass(frozen=True)
class Worklist:
    services: Services
    mrn: str
    today: date
    overdue_id: int
    today_id: int
    later_id: int


@pytest.fixture
def worklist(initialized: Services, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Worklist:
    """José Peña with three follow-ups: one 3 days overdue (Maria's, one phone attempt), one
    due today (unassigned, scheduled at 14:30), and one in 20 days."""
    clock.now = datetime.now(UTC)
    today = clock.now.astimezone(CHICAGO).date()
    staff = signed_in(initialized, "maria")
    signed_in(initialized, "drgarcia")
    signed_in(initialized, "admin")
    patient = initialized.patients.create(staff, full_patient())
    follow = initialized.followups

    def add(kind: FollowupType, due: date, reason: str, assignee: int | None = None) -> int:
        return follow.create(staff, NewFollowup(patient.id, kind, due, reason, assignee)).id

    overdue = add(
        FollowupType.OTHER, today - timedelta(days=3), "Call back about sleep; vivid dreams", staff.user_id
    )
    item = follow.get(staff, overdue)
    follow.log_attempt(
        staff, overdue, item.version, method=ContactMethod.PHONE, outcome=ContactOutcome.NO_ANSWER
    )
    due_today = add(FollowupType.TITRATION_CHECK, today, "Target dose reached: check how it is going")
    item = follow.get(staff, due_today)
    appointment = datetime(today.year, today.month, today.day, 14, 30, tzinfo=CHICAGO)
    if (
        appointment < clock.now
    ):  # late in the day: keep the appointment in the future, still today or tomorrow
        appointment = clock.now.astimezone(CHICAGO).replace(second=0, microsecond=0) + timedelta(minutes=5)
    follow.schedule(staff, due_today, item.version, appointment)
    later = add(FollowupType.ROUTINE_REVIEW, today + timedelta(days=20), "Routine review")
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return Worklist(initialized, patient.mrn, today, overdue, due_today, later)


def test_due_lists_overdue_and_this_week_with_counts(run: Run, worklist: Worklist) -> None:
    result = run("followups", "due", "--user", "maria")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["When", "Type", "Status"]
    overdue = (worklist.today - timedelta(days=3)).isoformat()
    assert f"{overdue} !" in lines[2]  # overdue first, marked
    assert "Other" in lines[2] and "Peña, José Luis" in lines[2] and "María López" in lines[2]
    assert "Titration check" in lines[3] and "Scheduled" in lines[3] and "unassigned" in lines[3]
    assert "Routine review" not in result.out  # due in 20 days: after this week
    assert lines[-1].startswith("Overdue 1 · Due today ")
    assert "2 listed" in lines[-1]


def test_due_by_a_later_date_and_filters(run: Run, worklist: Worklist) -> None:
    later = (worklist.today + timedelta(days=30)).isoformat()
    everything = run("followups", "due", "--by", later, "--user", "maria")
    assert everything.code == 0, everything.err
    assert "Routine review" in everything.out and "3 listed" in everything.out

    mine = run("followups", "due", "--by", later, "--assignee", "maria", "--user", "maria")
    assert "Other" in mine.out and "Titration check" not in mine.out and "1 listed" in mine.out

    nobody = run("followups", "due", "--by", later, "--unassigned", "--user", "maria")
    assert "Titration check" in nobody.out and "Routine review" in nobody.out and "2 listed" in nobody.out

    routine = run("followups", "due", "--by", later, "--type", "routine_review", "--user", "maria")
    assert "Routine review" in routine.out and "1 listed" in routine.out


def test_an_unknown_assignee_or_date_is_a_usage_error(run: Run, worklist: Worklist) -> None:
    unknown = run("followups", "due", "--assignee", "nobody'; DROP TABLE followups;--", "--user", "maria")
    assert unknown.code == 2
    assert "no active staff member has that user name" in unknown.err
    assert "maria" in unknown.err

    bad_date = run("followups", "due", "--by", "12/31/2026", "--user", "maria")
    assert bad_date.code == 2
    assert "is not a date; use YYYY-MM-DD" in bad_date.err

    bad_type = run("followups", "due", "--type", "lunch", "--user", "maria")
    assert bad_type.code == 2


def test_due_as_csv_to_a_file(run: Run, worklist: Worklist, tmp_path: Path) -> None:
    target = tmp_path / "due.csv"
    result = run("followups", "due", "--format", "csv", "-o", str(target), "--user", "maria")
    assert result.code == 0, result.err
    assert result.out == f"Wrote {target}.\n"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row["Type"] for row in rows] == ["Other", "Titration check"]
    assert rows[0]["Patient"] == "Peña, José Luis"
    assert rows[0]["MRN"] == worklist.mrn
    assert rows[0]["Last attempt"].endswith("Phone call: No answer")


def test_due_as_a_calendar_holds_only_scheduled_items_and_initials(
    run: Run, worklist: Worklist, tmp_path: Path
) -> None:
    target = tmp_path / "followups.ics"
    result = run("followups", "due", "--format", "ics", "-o", str(target), "--user", "maria")
    assert result.code == 0, result.err
    calendar = Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    summary = str(events[0]["SUMMARY"])
    assert summary == f"Titration check: J.P. · MRN {worklist.mrn}"
    text = target.read_text(encoding="utf-8")
    for private in ("Peña", "José", "(512)", "555-0142", "Target dose"):  # a random MRN may hold "555"
        assert private not in text
    assert calendar.walk("VTIMEZONE")


def test_due_as_a_calendar_to_standard_output(run: Run, worklist: Worklist) -> None:
    result = run("followups", "due", "--format", "ics", "--user", "maria")
    assert result.code == 0, result.err
    assert result.out.startswith("BEGIN:VCALENDAR")
    assert len(Calendar.from_ical(result.out).walk("VEVENT")) == 1


def test_show_lists_a_patients_followups_and_visits(run: Run, worklist: Worklist) -> None:
    result = run("followups", "show", worklist.mrn, "--user", "maria")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Peña, José (MRN {worklist.mrn})")
    assert "Open follow-ups (3)" in result.out
    assert "Phone call: No answer (María López)" in result.out
    assert "Closed follow-ups (0)" in result.out
    assert "Visits (0)" in result.out

    data = json.loads(run("followups", "show", worklist.mrn, "--json", "--user", "maria").out)
    assert data["patient"] == {"name": "Peña, José", "mrn": worklist.mrn}
    assert [item["type"] for item in data["followups"]] == ["other", "titration_check", "routine_review"]
    assert data["followups"][0]["attempts"][0]["outcome"] == "no_answer"
    assert data["followups"][1]["status"] == "scheduled"
    assert data["visits"] == []


def test_an_admin_cannot_read_the_worklist(run: Run, worklist: Worklist) -> None:
    result = run("followups", "due", "--user", "admin")
    assert result.code == 1
    assert "not allowed to view patient records" in result.err
    assert run("followups", "show", worklist.mrn, "--user", "admin").code == 1
