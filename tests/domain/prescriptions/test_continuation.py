"""How a new prescription goes on from the live one (domain.continuation)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldnclinic.domain.prescriptions.continuation import (
    changed_dose_steps,
    continuation_start,
    dose_on,
    plan_from,
    step_on,
)
from ldnclinic.domain.prescriptions.titration import TimeOfDay, TitrationStep, find_plan, parse_steps

START = date(2026, 11, 1)
STANDARD = parse_steps("1.5:14,3:14,4.5")


def test_the_dose_on_a_day_follows_the_plan_and_the_last_step_goes_on() -> None:
    doses = [
        dose_on(STANDARD, START, START + timedelta(days=d)).dose_mg for d in (-5, 0, 13, 14, 27, 28, 400)
    ]
    assert (
        doses
        == [Decimal("1.5"), Decimal("1.5"), Decimal("1.5"), Decimal(3), Decimal(3)] + [Decimal("4.5")] * 2
    )
    assert step_on(STANDARD, START, START + timedelta(days=20)) == (1, 6)


def test_the_plan_goes_on_from_a_day_with_the_days_left() -> None:
    assert plan_from(STANDARD, START, START) == STANDARD
    assert plan_from(STANDARD, START, START + timedelta(days=20)) == parse_steps("3:8,4.5")
    maintenance = find_plan("MAINT-4.5")
    assert maintenance is not None
    assert plan_from(STANDARD, START, START + timedelta(days=30)) == maintenance.steps  # a renewal at 4.5 mg


def test_a_renewal_starts_when_the_supply_runs_out_or_today() -> None:
    runs_out = date(2026, 12, 1)
    assert continuation_start(runs_out, date(2026, 11, 20)) == runs_out
    assert continuation_start(runs_out, date(2027, 1, 5)) == date(2027, 1, 5)


def test_a_dose_change_starts_from_todays_dose_without_an_end() -> None:
    morning = (
        TitrationStep(Decimal(1), 30, TimeOfDay.MORNING),
        TitrationStep(Decimal(2), None, TimeOfDay.MORNING),
    )
    assert changed_dose_steps(morning, START, START + timedelta(days=3)) == (
        TitrationStep(Decimal(1), None, TimeOfDay.MORNING),
    )


def test_an_empty_plan_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one dose step"):
        step_on((), START, START)


@given(
    days=st.lists(st.integers(min_value=1, max_value=60), min_size=0, max_size=8),
    offset=st.integers(min_value=-30, max_value=1000),
)
def test_going_on_from_any_day_keeps_the_plan_from_there(days: list[int], offset: int) -> None:
    steps = (
        *(TitrationStep(Decimal(n + 1) / 2, d) for n, d in enumerate(days)),
        TitrationStep(Decimal("4.5"), None),
    )
    day = START + timedelta(days=offset)
    rest = plan_from(steps, START, day)
    assert rest[0].dose_mg == dose_on(steps, START, day).dose_mg
    assert rest[-1] == steps[-1]  # the target dose is kept
    assert sum(s.days or 0 for s in rest) == max(0, sum(days) - max(0, offset))  # the days left, exactly
