"""A prescription's start date within the clinic's window, and dates at the calendar's ends.

Every date the calendar holds (year 1 to 9999) gets an answer from the domain, never an
exception: the start-date rule, the supply calculation, the follow-ups and the dose timeline.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ldnclinic.domain.followups.rules import FollowupType, plan_followups, supply_runs_out
from ldnclinic.domain.followups.worklist import LiveScript, wanted_followups
from ldnclinic.domain.prescriptions.formulary import DEFAULT_FORMULARY, Formula
from ldnclinic.domain.prescriptions.start_window import (
    LIMIT_BOUNDS,
    RxStartLimits,
    limits_problems,
    start_date_problem,
)
from ldnclinic.domain.prescriptions.supply import OUT_OF_CALENDAR, SupplyError, calculate
from ldnclinic.domain.prescriptions.titration import (
    MAX_STEP_DAYS,
    MAX_STEPS,
    TitrationPlan,
    TitrationStep,
    find_plan,
)
from ldnclinic.domain.visits.outcomes import ScriptDoses, dose_timeline

TODAY = date(2026, 11, 21)
ANY_DATE = st.dates(min_value=date.min, max_value=date.max)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def formula(code: str) -> Formula:
    return next(f for f in DEFAULT_FORMULARY if f.code == code)


def template(code: str) -> TitrationPlan:
    found = find_plan(code)
    assert found is not None
    return found


# --- the clinic's window -------------------------------------------------------------------------


def test_the_default_window_is_30_days_back_and_90_ahead() -> None:
    assert RxStartLimits() == RxStartLimits(rx_start_days_past=30, rx_start_days_ahead=90)
    for offset in (-30, -1, 0, 1, 90):
        assert start_date_problem(TODAY + timedelta(days=offset), TODAY) is None, offset


def test_a_start_too_far_back_says_how_far_and_the_earliest_day() -> None:
    assert start_date_problem(date(2026, 10, 21), TODAY) == (
        "The start date 10/21/2026 is 31 days before today (11/21/2026); a prescription may start "
        "at most 30 days back, on 10/22/2026 or later."
    )


def test_a_start_too_far_ahead_says_how_far_and_the_latest_day() -> None:
    assert start_date_problem(date(2062, 11, 21), TODAY) == (
        "The start date 11/21/2062 is 13,149 days after today (11/21/2026); a prescription may start "
        "at most 90 days ahead, on 02/19/2027 or earlier."
    )


def test_the_clinic_sets_the_window() -> None:
    strict = RxStartLimits(rx_start_days_past=0, rx_start_days_ahead=14)
    assert start_date_problem(TODAY - timedelta(days=1), TODAY, strict) is not None
    assert start_date_problem(TODAY + timedelta(days=14), TODAY, strict) is None
    assert "at most 14 days ahead" in (start_date_problem(TODAY + timedelta(days=15), TODAY, strict) or "")
    wide = RxStartLimits(rx_start_days_past=180, rx_start_days_ahead=365)
    assert start_date_problem(TODAY - timedelta(days=180), TODAY, wide) is None


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        (RxStartLimits(rx_start_days_past=-1), "rx_start_days_past"),
        (RxStartLimits(rx_start_days_past=181), "rx_start_days_past"),
        (RxStartLimits(rx_start_days_ahead=366), "rx_start_days_ahead"),
        (RxStartLimits(rx_start_days_ahead=True), "rx_start_days_ahead"),
    ],
)
def test_the_window_has_sane_bounds(limits: RxStartLimits, field: str) -> None:
    problems = limits_problems(limits)
    assert list(problems) == [field]
    low, high = LIMIT_BOUNDS[field]
    assert f"from {low} to {high}" in problems[field]


def test_the_bounds_themselves_are_allowed() -> None:
    assert limits_problems(RxStartLimits(0, 0)) == {}
    assert limits_problems(RxStartLimits(180, 365)) == {}


@SETTINGS
@given(start=ANY_DATE, today=ANY_DATE, past=st.integers(0, 180), ahead=st.integers(0, 365))
@example(start=date.max, today=date.min, past=180, ahead=365)
@example(start=date.min, today=date.max, past=0, ahead=0)
@example(start=date.max, today=date.max, past=30, ahead=90)
def test_every_calendar_date_gets_an_answer(start: date, today: date, past: int, ahead: int) -> None:
    problem = start_date_problem(start, today, RxStartLimits(past, ahead))
    offset = (start - today).days
    assert (problem is None) == (-past <= offset <= ahead)
    if problem is not None:
        assert problem.startswith(f"The start date {start.month:02d}/{start.day:02d}/{start.year:04d} is ")


# --- the calculations at the calendar's ends ----------------------------------------------------

LONGEST = TitrationPlan(
    "LONG",
    "the longest plan the editor allows",
    (
        *(TitrationStep(Decimal("1.5"), MAX_STEP_DAYS) for _ in range(MAX_STEPS - 1)),
        TitrationStep(Decimal(3)),
    ),
)
PLANS = st.sampled_from([template("STD-1.5-14"), template("MAINT-4.5"), LONGEST])


@SETTINGS
@given(start=ANY_DATE, plan=PLANS, supply_days=st.integers(1, 366), refills=st.integers(0, 11))
@example(start=date.max, plan=template("STD-1.5-14"), supply_days=30, refills=0)
@example(start=date(9999, 12, 1), plan=template("MAINT-4.5"), supply_days=30, refills=11)
@example(start=date.min, plan=LONGEST, supply_days=366, refills=11)
def test_the_supply_is_computed_or_refused_with_a_message(
    start: date, plan: TitrationPlan, supply_days: int, refills: int
) -> None:
    cap = formula("CAP-1.5")
    try:
        result = calculate(cap, plan, supply_days, start, refills)
    except SupplyError as error:
        assert error.problems == [OUT_OF_CALENDAR]
        return
    assert result.schedule[0].starts == start
    assert result.coverage is not None
    assert supply_runs_out(cap, plan, start, result.quantity, refills) >= start


@SETTINGS
@given(start=ANY_DATE, plan=PLANS, refills=st.integers(0, 11), today=ANY_DATE)
@example(start=date(9999, 10, 1), plan=template("MAINT-4.5"), refills=0, today=TODAY)
@example(start=date.min, plan=template("STD-1.5-14"), refills=2, today=TODAY)
def test_follow_ups_at_the_calendar_ends_never_crash(
    start: date, plan: TitrationPlan, refills: int, today: date
) -> None:
    cap = formula("CAP-1.5")
    try:
        planned = plan_followups(cap, plan, start, 48, refills)
    except SupplyError as error:
        assert error.problems == [OUT_OF_CALENDAR]
        planned = ()
    assert all(item.due >= start for item in planned)
    script = LiveScript(1, cap, plan, start, Decimal(48), refills, False)
    wanted = wanted_followups([script], today=today, patient_active=True)
    if planned:
        refill = next(item for item in planned if item.type is FollowupType.REFILL_DUE)
        assert refill in [w.item for w in wanted]
    timeline = dose_timeline([ScriptDoses(start, plan.steps)])
    assert timeline[0].start == start


def test_a_script_at_the_end_of_the_calendar_is_refused_not_crashed() -> None:
    with pytest.raises(SupplyError) as raised:
        calculate(formula("CAP-1.5"), template("STD-1.5-14"), 30, date.max)
    assert raised.value.problems == [OUT_OF_CALENDAR]
    assert "check the start date" in OUT_OF_CALENDAR
