"""Refills: how long one refill lasts, the Texas one-year limit, and the refill-due follow-up.

One function (`supply_coverage`) says how long the dispensed supply lasts; the printed "Each
refill" line, the 22 TAC 291.34 limit and the refill-due follow-up all read it. The
generated-plan tests prove they agree with each other and with counting doses day by day.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldnclinic.domain.followups.rules import FollowupRules, FollowupType, plan_followups, supply_runs_out
from ldnclinic.domain.prescriptions.formulary import DEFAULT_FORMULARY, Formula
from ldnclinic.domain.prescriptions.supply import (
    REFILL_WINDOW_DAYS,
    STEP_BY_STEP_MAX_STEPS,
    calculate,
    directions,
    fit_problems,
    refill_limit_problem,
    supply_coverage,
    units_per_dose,
)
from ldnclinic.domain.prescriptions.titration import (
    MAX_STEPS,
    TimeOfDay,
    TitrationPlan,
    TitrationStep,
    find_plan,
    parse_steps,
)

START = date(2026, 3, 1)
D = Decimal
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def formula(code: str) -> Formula:
    return next(f for f in DEFAULT_FORMULARY if f.code == code)


def template(code: str) -> TitrationPlan:
    found = find_plan(code)
    assert found is not None
    return found


def custom(steps: str) -> TitrationPlan:
    return TitrationPlan("CUSTOM", "Custom", parse_steps(steps))


# --- one refill ------------------------------------------------------------------------------------


def test_each_refill_of_the_standard_titration_lasts_16_days_at_the_final_dose() -> None:
    result = calculate(formula("CAP-1.5"), template("STD-1.5-14"), 30, START, refills=2)
    assert result.quantity == 48
    assert result.refill_text == "Each refill: 48 capsules, 16 days at 4.5 mg a day"
    assert result.coverage is not None
    assert result.coverage.days_covered == 62  # 30, then 32 more at 3 capsules a day (96 / 3)


def test_a_90_day_titration_refill_lasts_longer_at_the_final_dose() -> None:
    # 14 + 28 + 62 x 3 = 228 capsules; each refill at 3 capsules a day lasts 76 days.
    result = calculate(formula("CAP-1.5"), template("STD-1.5-14"), 90, START, refills=1)
    assert result.refill_text == "Each refill: 228 capsules, 76 days at 4.5 mg a day"


def test_a_liquid_refill_is_said_in_millilitres() -> None:
    result = calculate(formula("LIQ-1"), template("LIQ-SLOW"), 30, START, refills=1)
    assert result.refill_text == "Each refill: 24 mL, 5 days at 4.5 mg a day"


def test_no_refill_line_without_refills_or_for_a_fixed_dose() -> None:
    assert calculate(formula("CAP-1.5"), template("STD-1.5-14"), 30, START).refill_text is None
    assert calculate(formula("CAP-4.5"), template("MAINT-4.5"), 30, START, refills=5).refill_text is None


def test_a_refill_shorter_than_one_final_dose_says_so() -> None:
    coverage = supply_coverage(formula("LIQ-1"), custom("0.5:1,4.5"), 1, 1)
    assert coverage.refill_text == "Each refill: 1 mL, less than a day at 4.5 mg a day"


# --- the Texas one-year limit (22 TAC 291.34) -----------------------------------------------------


def test_eleven_monthly_refills_fit_in_a_year() -> None:
    assert refill_limit_problem(formula("CAP-4.5"), template("MAINT-4.5"), 30, 11) is None  # 360 days


def test_four_90_day_refills_are_refused_with_the_most_that_fit() -> None:
    problem = refill_limit_problem(formula("CAP-4.5"), template("MAINT-4.5"), 90, 4)
    assert problem == (
        "Texas does not allow a prescription to be refilled more than one year after it is issued "
        "(22 TAC 291.34): the first fill and 4 refills would last 450 days, past one year (365 days). "
        "At most 3 refills fit (360 days)."
    )


def test_a_year_long_first_fill_leaves_no_room_for_a_refill() -> None:
    assert refill_limit_problem(formula("CAP-4.5"), template("MAINT-4.5"), 366, 0) is None
    problem = refill_limit_problem(formula("CAP-4.5"), template("MAINT-4.5"), 200, 1)
    assert problem is not None and problem.endswith(
        "No refill fits in a year with this supply: set the refills to 0."
    )


def test_a_titration_counts_the_days_its_fills_really_last() -> None:
    # 48 capsules: 30 days, then each refill 16 days at 3 a day: 30 + 20 x 16 would not fit,
    # but 11 refills (the editor's most) last 30 + 176 = 206 days.
    assert refill_limit_problem(formula("CAP-1.5"), template("STD-1.5-14"), 48, 11) is None
    # 228 capsules (90 days): + 76 days a refill -> 3 refills = 318 days fit, 4 = 394 do not.
    problem = refill_limit_problem(formula("CAP-1.5"), template("STD-1.5-14"), 228, 4)
    assert problem is not None
    assert "would last 394 days" in problem
    assert problem.endswith("At most 3 refills fit (318 days).")


@SETTINGS
@given(days=st.integers(1, 366), refills=st.integers(0, 11))
def test_for_a_fixed_dose_the_limit_is_the_days_times_the_fills(days: int, refills: int) -> None:
    problem = refill_limit_problem(formula("CAP-4.5"), template("MAINT-4.5"), days, refills)
    assert (problem is None) == (refills == 0 or days * (refills + 1) <= REFILL_WINDOW_DAYS)
    if problem is not None and "At most" in problem:
        most = max(r for r in range(refills) if days * (r + 1) <= REFILL_WINDOW_DAYS)
        assert f"At most {most} refill" in problem


# --- generated plans: the printed refill, the follow-up and counting day by day agree -------------

FORMULAS = [f for f in DEFAULT_FORMULARY if f.active]


@st.composite
def fitting_plans(draw: st.DrawFn) -> tuple[Formula, TitrationPlan]:
    """A formula and a plan of 1 to 24 steps that it can give (doses in whole units)."""
    chosen = draw(st.sampled_from(FORMULAS))
    step = chosen.strength_mg * chosen.dosage_form.measure_step
    largest = int(chosen.strength_mg * chosen.dosage_form.max_units / step)
    count = draw(st.integers(1, MAX_STEPS))
    doses = draw(st.lists(st.integers(1, largest), min_size=count, max_size=count))
    days = draw(st.lists(st.integers(1, 60), min_size=count - 1, max_size=count - 1))
    steps = [TitrationStep(step * dose, length) for dose, length in zip(doses, days, strict=False)]
    steps.append(TitrationStep(step * doses[-1]))
    plan = TitrationPlan("GEN", "generated", tuple(steps))
    assert not fit_problems(chosen, plan.steps)
    return chosen, plan


def days_by_counting(chosen: Formula, plan: TitrationPlan, units: Decimal) -> int:
    """Take the plan's dose day after day until a full dose is no longer there."""
    schedule = [step for step in plan.steps[:-1] for _ in range(step.days or 0)]
    day = 0
    while True:
        step = schedule[day] if day < len(schedule) else plan.steps[-1]
        dose = units_per_dose(chosen, step.dose_mg)
        assert dose is not None
        if units < dose:
            return day
        units -= dose
        day += 1


@SETTINGS
@given(chosen_plan=fitting_plans(), supply_days=st.integers(1, 120), refills=st.integers(0, 11))
def test_the_refill_line_the_limit_and_the_follow_up_agree(
    chosen_plan: tuple[Formula, TitrationPlan], supply_days: int, refills: int
) -> None:
    chosen, plan = chosen_plan
    result = calculate(chosen, plan, supply_days, START, refills)
    coverage = result.coverage
    assert coverage is not None
    # the first fill lasts at least the days supply; the fills together, by counting doses
    assert days_by_counting(chosen, plan, result.quantity) >= supply_days
    assert coverage.days_covered == days_by_counting(chosen, plan, result.quantity * (refills + 1))
    # one refill, as printed, at the final dose
    final = units_per_dose(chosen, plan.target_dose_mg)
    assert final is not None
    assert coverage.refill_days == math.floor(result.quantity / final)
    if result.refill_text is not None:
        assert result.refill_text.startswith(f"Each refill: {result.quantity.normalize():f} ")
        assert f", {coverage.refill_days} day" in result.refill_text or coverage.refill_days == 0
    # the refill-due follow-up: a week before the same day the supply runs out
    runs_out = supply_runs_out(chosen, plan, START, result.quantity, refills)
    assert runs_out == START + timedelta(days=coverage.days_covered)
    rules = FollowupRules()
    refill_due = next(
        item
        for item in plan_followups(chosen, plan, START, result.quantity, refills, rules=rules)
        if item.type is FollowupType.REFILL_DUE
    )
    assert refill_due.due == max(START, runs_out - timedelta(days=rules.refill_lead_days))
    # once the first fill has reached the final dose, each refill adds its printed days (or
    # one more, from the leftover of the fill before)
    if sum(step.days or 0 for step in plan.steps[:-1]) <= supply_days:
        extra = coverage.days_covered - days_by_counting(chosen, plan, result.quantity)
        assert refills * coverage.refill_days <= extra <= refills * (coverage.refill_days + 1)
    # and the Texas limit reads the same days
    limit = refill_limit_problem(chosen, plan, result.quantity, refills)
    assert (limit is None) == (refills == 0 or coverage.days_covered <= REFILL_WINDOW_DAYS)


# --- long plans are said by their schedule ---------------------------------------------------------


def test_a_long_uneven_plan_points_to_its_dated_schedule() -> None:
    doses = ["0.5", "1", "2", "1.5", "3", "2.5", "4", "4.5"]
    steps = tuple(TitrationStep(D(dose), 7 if i < len(doses) - 1 else None) for i, dose in enumerate(doses))
    sig = directions(formula("LIQ-1"), TitrationPlan("X", "x", steps))
    assert sig == (
        "Take 0.5 mL (0.5 mg) by mouth once a day at bedtime for 7 days, then change the dose as the "
        "dated titration schedule says, step by step (8 steps), until the dose is 4.5 mL (4.5 mg) once "
        "a day at bedtime (from day 50 on). Measure each dose with an oral syringe."
    )


def test_up_to_six_uneven_steps_are_still_said_step_by_step() -> None:
    plan = custom("0.5:14,1:14,2:14,2.5:7,3:7,4.5")
    assert len(plan.steps) == STEP_BY_STEP_MAX_STEPS
    assert directions(formula("LIQ-1"), plan).count(", then take ") == 5


@pytest.mark.parametrize("time", list(TimeOfDay))
def test_a_24_step_plan_has_short_directions(time: TimeOfDay) -> None:
    steps = tuple(
        TitrationStep(D("0.1") * (1 + (i * 7) % 45), 7 if i < MAX_STEPS - 1 else None, time)
        for i in range(MAX_STEPS)
    )
    sig = directions(formula("LIQ-1"), TitrationPlan("X", "x", steps))
    assert len(sig) < 300
    assert time.phrase in sig
