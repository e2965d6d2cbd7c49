"""`ldnclinic rx new` with start dates at the calendar's ends and refills past the Texas year:
a message and exit status 1 (2 for a date that cannot be read), never a traceback."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ldnclinic.config import PASSWORD_ENV
from ldnclinic.services.container import Services
from tests.cli.conftest import CliResult, Run
from tests.conftest import PASSWORD, signed_in
from tests.support.patient_data import full_patient

STANDARD = ("--plan", "STD-1.5-14", "--formula", "CAP-1.5", "--days", "30", "--no-diagnosis")


@pytest.fixture
def mrn(initialized: Services, monkeypatch: pytest.MonkeyPatch) -> str:
    staff = signed_in(initialized, "maria")
    signed_in(initialized, "drgarcia")
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return initialized.patients.create(staff, full_patient()).mrn


def new(run: Run, mrn: str, *options: str) -> CliResult:
    return run("rx", "new", "--patient", mrn, *options, "--user", "maria")


def today() -> str:
    return datetime.now(ZoneInfo("America/Chicago")).date().isoformat()


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "9999-06-01", "2020-02-29"])
def test_a_start_date_out_of_the_window_is_refused_with_a_message(run: Run, mrn: str, start: str) -> None:
    result = new(run, mrn, *STANDARD, "--refills", "2", "--start", start)
    assert result.code == 1, result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    shown = f"{start[5:7]}/{start[8:10]}/{start[:4]}"
    assert f"start_date: The start date {shown} is " in result.err
    assert "a prescription may start at most" in result.err


@pytest.mark.parametrize("start", ["2026-02-30", "tomorrow", "99999-01-01", "10000-01-01", "-0001-01-01"])
def test_a_date_that_cannot_be_read_is_a_usage_error(run: Run, mrn: str, start: str) -> None:
    result = new(run, mrn, *STANDARD, "--refills", "0", f"--start={start}")
    assert result.code == 2
    assert "is not a date; use YYYY-MM-DD" in result.err
    assert "Traceback" not in result.err


def test_a_start_within_the_window_is_saved(run: Run, mrn: str) -> None:
    start = (datetime.now(ZoneInfo("America/Chicago")).date() + timedelta(days=90)).isoformat()
    result = new(run, mrn, *STANDARD, "--refills", "0", "--start", start)
    assert result.code == 0, result.err
    shown = run("rx", "show", result.out.strip(), "--user", "maria")
    assert f"Start         {start}" in shown.out
    assert today() <= start


def test_refills_past_one_year_are_refused_with_the_most_that_fit(run: Run, mrn: str) -> None:
    result = new(run, mrn, "--plan", "MAINT-4.5", "--formula", "CAP-4.5", "--days", "90", "--refills", "4")
    assert result.code == 1
    assert "refills: Texas does not allow a prescription to be refilled more than one year" in result.err
    assert "At most 3 refills fit (360 days)." in result.err
    monthly = new(run, mrn, "--plan", "MAINT-4.5", "--formula", "CAP-4.5", "--days", "30", "--refills", "11")
    assert monthly.code == 0, monthly.err


def test_a_titration_with_refills_says_what_one_refill_is(run: Run, mrn: str) -> None:
    result = new(run, mrn, *STANDARD, "--refills", "2")
    assert result.code == 0, result.err
    assert "note: Each refill: 48 capsules, 16 days at 4.5 mg a day." in result.err
    shown = run("rx", "show", result.out.strip(), "--user", "maria")
    assert "Refills       2 (each refill: 48 capsules, 16 days at 4.5 mg a day)" in shown.out
