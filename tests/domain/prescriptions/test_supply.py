"""Supply calculations: units per dose, which formulas fit a plan, quantities and directions.

Every expected quantity is worked out by hand in the test, step by step.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ldnclinic.domain.errors import Problem
from ldnclinic.domain.prescriptions.formulary import DEFAULT_FORMULARY, DosageForm, Formula
from ldnclinic.domain.prescriptions.supply import (
    MAX_SUPPLY_DAYS,
    SupplyError,
    calculate,
    directions,
    fit_problems,
    suggest_formulas,
    units_per_dose,
)
from ldnclinic.domain.prescriptions.titration import (
    PLAN_TEMPLATES,
    TimeOfDay,
    TitrationPlan,
    find_plan,
    parse_steps,
)

D = Decimal
START = date(2026, 3, 1)


def formula(code: str) -> Formula:
    return next(f for f in DEFAULT_FORMULARY if f.code == code)


def plan(code: str) -> TitrationPlan:
    found = find_plan(code)
    assert found is not None
    return found


def custom(steps: str, time_of_day: TimeOfDay = TimeOfDay.BEDTIME) -> TitrationPlan:
    return TitrationPlan("CUSTOM", "Custom", parse_steps(steps, time_of_day))


# --- units per dose ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "dose", "units"),
    [
        ("CAP-1.5", "1.5", "1"),
        ("CAP-1.5", "3", "2"),
        ("CAP-1.5", "4.5", "3"),
        ("CAP-1.5", "4.50", "3"),
        ("CAP-0.5", "4.5", "9"),  # computable, though too many capsules (see fit_problems)
        ("CAP-4.5", "4.5", "1"),
        ("LIQ-1", "3", "3"),
        ("LIQ-1", "0.5", "0.5"),
        ("LIQ-1", "1.50", "1.5"),
        ("LIQ-1", "0.1", "0.1"),
        ("SL-0.5", "4.5", "9"),
        ("SL-0.5", "0.5", "1"),
        ("TRO-1.5", "3", "2"),
        ("CRM-1", "2.5", "2.5"),
    ],
)
def test_units_per_dose(code: str, dose: str, units: str) -> None:
    result = units_per_dose(formula(code), D(dose))
    assert result == D(units)
    assert str(result) == units  # no trailing zeros, no exponent


@pytest.mark.parametrize(
    ("code", "dose"),
    [
        ("CAP-1.5", "0.5"),  # a third of a capsule
        ("CAP-1.5", "1"),
        ("CAP-1.5", "2"),
        ("CAP-3", "4.5"),
        ("CAP-1", "0.5"),
        ("LIQ-1", "0.125"),  # 0.125 mL cannot be measured in 0.1 mL steps
        ("LIQ-1", "0.55"),
        ("SL-0.5", "0.25"),
        ("TRO-1.5", "0.5"),
    ],
)
def test_units_per_dose_none_when_no_whole_measure_makes_the_dose(code: str, dose: str) -> None:
    assert units_per_dose(formula(code), D(dose)) is None


def test_units_per_dose_of_a_zero_strength_formula_is_none_not_a_crash() -> None:
    broken = dataclasses.replace(formula("CAP-1.5"), strength_mg=D(0))
    assert units_per_dose(broken, D("1.5")) is None
    assert fit_problems(broken, parse_steps("1.5"))


def test_units_per_dose_of_a_third_strength_liquid() -> None:
    liquid = Formula("LIQ-3", DosageForm.ORAL_LIQUID, D(3))
    assert units_per_dose(liquid, D(1)) is None  # 0.333... mL
    assert units_per_dose(liquid, D("0.3")) == D("0.1")
    assert units_per_dose(liquid, D("4.5")) == D("1.5")


# --- fit and suggestions ----------------------------------------------------------------------


def test_half_weekly_cannot_be_given_with_1_5_mg_capsules() -> None:
    problems = fit_problems(formula("CAP-1.5"), plan("HALF-WEEKLY").steps)
    # 0.5, 1, 2, 2.5, 3.5 and 4 mg are not whole numbers of 1.5 mg capsules; 1.5, 3 and 4.5 mg are.
    assert len(problems) == 6
    assert problems[0] == (
        "0.5 mg cannot be given in whole capsules of 1.5 mg per capsule (CAP-1.5); "
        "choose a formula that fits."
    )
    assert all("cannot be given" in problem for problem in problems)
    assert [p.split(" cannot")[0] for p in problems] == ["0.5 mg", "1 mg", "2 mg", "2.5 mg", "3.5 mg", "4 mg"]


def test_half_weekly_suggests_the_liquid_and_the_drops() -> None:
    steps = plan("HALF-WEEKLY").steps
    assert [f.code for f in suggest_formulas(DEFAULT_FORMULARY, steps)] == ["LIQ-1", "SL-0.5"]
    assert [f.code for f in suggest_formulas(list(DEFAULT_FORMULARY), steps)] == ["LIQ-1", "SL-0.5"]


def test_too_many_units_at_once_asks_for_a_stronger_formula() -> None:
    problems = fit_problems(formula("CAP-0.5"), plan("MAINT-4.5").steps)
    assert problems == [
        "4.5 mg would need 9 capsules of 0.5 mg per capsule at once; choose a stronger formula."
    ]
    cream = fit_problems(formula("CRM-1"), plan("MAINT-4.5").steps)
    assert cream == ["4.5 mg would need 4.5 mL of 1 mg/mL at once; choose a stronger formula."]


def test_the_maximum_units_at_once_is_allowed() -> None:
    assert fit_problems(formula("CAP-1"), custom("4").steps) == []  # 4 capsules
    assert fit_problems(formula("CAP-1"), custom("1:7,5").steps) == [
        "5 mg would need 5 capsules of 1 mg per capsule at once; choose a stronger formula."
    ]


def test_a_liquid_problem_speaks_of_measuring_steps() -> None:
    problems = fit_problems(formula("LIQ-1"), custom("0.125:7,1").steps)
    assert problems == [
        "0.125 mg cannot be given in steps of 0.1 mL of 1 mg/mL (LIQ-1); choose a formula that fits."
    ]


def test_each_dose_is_reported_once() -> None:
    problems = fit_problems(formula("CAP-1.5"), custom("0.5:7,1.5:7,0.5:7,1.5").steps)
    assert len(problems) == 1


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("STD-1.5-14", ["CAP-1.5", "TRO-1.5", "LIQ-1", "SL-0.5"]),
        ("MAINT-4.5", ["CAP-4.5", "CAP-1.5", "TRO-1.5", "LIQ-1", "SL-0.5"]),
        ("COVID-1-2", ["CAP-1", "CAP-0.5", "CRM-1", "LIQ-1", "SL-0.5"]),
    ],
)
def test_suggestions_put_capsules_first_then_fewest_units(code: str, expected: list[str]) -> None:
    suggested = suggest_formulas(DEFAULT_FORMULARY, plan(code).steps)
    assert [f.code for f in suggested] == expected
    assert all(not fit_problems(f, plan(code).steps) for f in suggested)


def test_suggestions_skip_inactive_formulas() -> None:
    formulary = [dataclasses.replace(f, active=f.code != "CAP-4.5") for f in DEFAULT_FORMULARY]
    codes = [f.code for f in suggest_formulas(formulary, plan("MAINT-4.5").steps)]
    assert "CAP-4.5" not in codes
    assert codes[0] == "CAP-1.5"


def test_no_suggestion_when_nothing_fits() -> None:
    assert suggest_formulas(DEFAULT_FORMULARY, parse_steps("0.125")) == []
    assert suggest_formulas([], plan("STD-1.5-14").steps) == []


@pytest.mark.parametrize("template", PLAN_TEMPLATES, ids=lambda p: p.code)
def test_every_template_has_a_formula_that_fits(template: TitrationPlan) -> None:
    assert suggest_formulas(DEFAULT_FORMULARY, template.steps)


# --- quantities -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan_code", "formula_code", "days", "quantity", "unit"),
    [
        # 14 days x 1 capsule + 14 x 2 + the last 2 days x 3
        ("STD-1.5-14", "CAP-1.5", 30, 14 * 1 + 14 * 2 + 2 * 3, "capsules"),  # 48
        # 14 x 1 + 14 x 2 + the remaining 62 days x 3
        ("STD-1.5-14", "CAP-1.5", 90, 14 + 28 + 62 * 3, "capsules"),  # 228
        # 14 days into the first step only
        ("STD-1.5-14", "CAP-1.5", 10, 10, "capsules"),
        ("STD-1.5-14", "CAP-1.5", 14, 14, "capsules"),
        ("STD-1.5-14", "CAP-1.5", 15, 14 + 2, "capsules"),
        ("STD-1.5-14", "TRO-1.5", 30, 14 + 28 + 6, "troches"),
        ("MAINT-4.5", "CAP-4.5", 30, 30, "capsules"),
        ("MAINT-4.5", "CAP-4.5", 1, 1, "capsule"),
        ("MAINT-4.5", "CAP-1.5", 30, 90, "capsules"),
        ("MAINT-3", "CAP-1.5", 90, 180, "capsules"),
        ("MAINT-4.5", "CAP-4.5", MAX_SUPPLY_DAYS, MAX_SUPPLY_DAYS, "capsules"),
        # 30 days x 1 capsule, then 60 x 2
        ("COVID-1-2", "CAP-1", 90, 30 + 60 * 2, "capsules"),
        # 14 x 0.5 mL + 14 x 1 mL + 2 x 1.5 mL
        ("LIQ-SLOW", "LIQ-1", 30, 24, "mL"),
        # 7 x (0.5 + 1 + 1.5 + 2) mL + 2 x 2.5 mL = 35 + 5
        ("HALF-WEEKLY", "LIQ-1", 30, 40, "mL"),
        # drops of 0.5 mg: 7 x (1 + 2 + 3 + 4) + 2 x 5
        ("HALF-WEEKLY", "SL-0.5", 30, 7 * (1 + 2 + 3 + 4) + 2 * 5, "drops"),
        ("MAINT-1.5", "SL-0.5", 30, 90, "drops"),
        ("MAINT-3", "CRM-1", 30, 90, "mL"),
    ],
)
def test_quantity(plan_code: str, formula_code: str, days: int, quantity: int, unit: str) -> None:
    result = calculate(formula(formula_code), plan(plan_code), days, START)
    assert result.quantity == quantity
    assert str(result.quantity) == str(quantity)  # whole, never "48.0" or "4.8E+1"
    assert result.quantity_unit == unit
    assert result.days_supply == days
    assert sum(s.days_in_supply for s in result.schedule) == days
    used = sum((s.units * s.days_in_supply for s in result.schedule), D(0))
    assert used == quantity  # whole units here: nothing rounded


def test_quantity_text_is_digits_and_words() -> None:
    assert calculate(formula("CAP-1.5"), plan("STD-1.5-14"), 30, START).quantity_text == (
        "48 (forty-eight) capsules"
    )
    assert calculate(formula("CAP-1.5"), plan("STD-1.5-14"), 90, START).quantity_text == (
        "228 (two hundred twenty-eight) capsules"
    )
    assert calculate(formula("CAP-4.5"), plan("MAINT-4.5"), 1, START).quantity_text == "1 (one) capsule"
    assert calculate(formula("LIQ-1"), plan("LIQ-SLOW"), 30, START).quantity_text == "24 (twenty-four) mL"


@pytest.mark.parametrize(
    ("steps", "days", "exact", "quantity"),
    [
        ("0.5", 3, "1.5", 2),  # 3 x 0.5 mL
        ("0.5", 5, "2.5", 3),
        ("0.5", 1, "0.5", 1),
        ("0.3", 7, "2.1", 3),
        ("0.5:3,1", 4, "2.5", 3),  # 3 x 0.5 + 1 x 1
        ("1.2", 10, "12", 12),
    ],
)
def test_a_fraction_of_a_ml_rounds_up_to_a_whole_ml(steps: str, days: int, exact: str, quantity: int) -> None:
    result = calculate(formula("LIQ-1"), custom(steps), days, START)
    used = sum((s.units * s.days_in_supply for s in result.schedule), D(0))
    assert used == D(exact)
    assert result.quantity == quantity
    assert result.quantity_unit == "mL"


def test_the_schedule_of_the_standard_plan() -> None:
    result = calculate(formula("CAP-1.5"), plan("STD-1.5-14"), 30, START)
    first, second, third = result.schedule
    assert (first.number, first.dose_mg, first.units) == (1, D("1.5"), D(1))
    assert (first.starts, first.ends, first.days_in_supply) == (date(2026, 3, 1), date(2026, 3, 14), 14)
    assert (second.number, second.dose_mg, second.units) == (2, D(3), D(2))
    assert (second.starts, second.ends, second.days_in_supply) == (date(2026, 3, 15), date(2026, 3, 28), 14)
    assert (third.number, third.dose_mg, third.units) == (3, D("4.5"), D(3))
    assert (third.starts, third.ends, third.days_in_supply) == (date(2026, 3, 29), None, 2)
    assert {s.time_phrase for s in result.schedule} == {"at bedtime"}
    assert sum(s.days_in_supply for s in result.schedule) == 30
    assert result.target_dose_mg == D("4.5")
    assert result.max_daily_dose_mg == D("4.5")
    assert result.target_date == date(2026, 3, 29) == START + timedelta(days=28)


def test_steps_follow_on_across_a_month_and_year_end() -> None:
    start = date(2026, 12, 20)
    result = calculate(formula("CAP-1"), plan("COVID-1-2"), 60, start)
    first, second = result.schedule
    assert first.ends == date(2027, 1, 18)
    assert second.starts == date(2027, 1, 19) == result.target_date
    assert (first.days_in_supply, second.days_in_supply) == (30, 30)


def test_a_plan_longer_than_the_supply() -> None:
    result = calculate(formula("LIQ-1"), plan("LIQ-SLOW"), 30, START)
    assert len(result.schedule) == 9  # every step is listed, with its dates
    assert [s.days_in_supply for s in result.schedule] == [14, 14, 2, 0, 0, 0, 0, 0, 0]
    assert result.schedule[3].starts == START + timedelta(days=42)
    assert result.schedule[-1].starts == START + timedelta(days=112)
    assert result.schedule[-1].ends is None
    # the target lies beyond this supply: the next fill continues the plan
    assert result.target_date == START + timedelta(days=112)
    assert result.target_dose_mg == D("4.5")
    assert result.max_daily_dose_mg == D("4.5")


def test_a_fixed_plan_reaches_its_target_on_the_first_day() -> None:
    result = calculate(formula("CAP-4.5"), plan("MAINT-4.5"), 30, START)
    assert result.target_date == START
    (only,) = result.schedule
    assert (only.starts, only.ends, only.days_in_supply, only.units) == (START, None, 30, D(1))


def test_a_step_down_plan_reports_its_highest_dose() -> None:
    result = calculate(formula("CAP-1.5"), custom("4.5:7,3"), 30, START)
    assert result.max_daily_dose_mg == D("4.5")
    assert result.target_dose_mg == D(3)
    assert result.quantity == 7 * 3 + 23 * 2


@pytest.mark.parametrize("days", [0, -1, MAX_SUPPLY_DAYS + 1, 367, 10_000])
def test_supply_days_out_of_range(days: int) -> None:
    with pytest.raises(SupplyError) as caught:
        calculate(formula("CAP-1.5"), plan("STD-1.5-14"), days, START)
    assert caught.value.problems == [f"The supply must be from 1 to {MAX_SUPPLY_DAYS} days."]
    assert isinstance(caught.value, ValueError)


def test_a_plan_that_does_not_fit_is_refused_with_every_problem() -> None:
    with pytest.raises(SupplyError) as caught:
        calculate(formula("CAP-1.5"), plan("HALF-WEEKLY"), 0, START)
    problems = caught.value.problems
    assert len(problems) == 7  # six doses that do not fit, and the supply period
    assert "0.5 mg cannot be given" in str(caught.value)
    assert problems[-1].startswith("The supply must be")


# --- directions -------------------------------------------------------------------------------

ABBREVIATIONS = ["qhs", "hs", "po", "qd", "q.d.", "qod", "qam", "qpm", "bid", "tid", "sl", "prn", "u", "cc"]


def assert_plain_english(sig: str) -> None:
    for abbreviation in ABBREVIATIONS:
        pattern = rf"(?<![A-Za-z]){re.escape(abbreviation)}(?![A-Za-z])"
        assert not re.search(pattern, sig, re.IGNORECASE), f"{abbreviation!r} in {sig!r}"
    assert not re.search(r"\bml\b|\bMG\b|\bmgs\b", sig)
    assert not re.search(r"(?<![0-9])\.[0-9]", sig), "naked decimal"
    assert not re.search(r"[0-9]\.[0-9]*0(?![0-9])", sig), "trailing zero"


def test_directions_for_the_standard_plan() -> None:
    sig = directions(formula("CAP-1.5"), plan("STD-1.5-14"))
    assert sig == (
        "Take 1 capsule (1.5 mg) by mouth once a day at bedtime for 14 days, "
        "then take 2 capsules (3 mg) by mouth once a day at bedtime for 14 days, "
        "then take 3 capsules (4.5 mg) by mouth once a day at bedtime from then on."
    )
    assert_plain_english(sig)
    assert calculate(formula("CAP-1.5"), plan("STD-1.5-14"), 30, START).sig == sig


def test_directions_for_a_fixed_dose() -> None:
    sig = directions(formula("CAP-4.5"), plan("MAINT-4.5"))
    assert sig == "Take 1 capsule (4.5 mg) by mouth once a day at bedtime."
    assert "then" not in sig
    assert_plain_english(sig)


def test_directions_in_the_morning() -> None:
    sig = directions(formula("CAP-1.5"), custom("1.5:14,3", TimeOfDay.MORNING))
    assert sig == (
        "Take 1 capsule (1.5 mg) by mouth once a day in the morning for 14 days, "
        "then take 2 capsules (3 mg) by mouth once a day in the morning from then on."
    )
    assert "bedtime" not in sig
    assert_plain_english(sig)


def test_directions_for_a_one_day_step() -> None:
    sig = directions(formula("CAP-1"), custom("1:1,2"))
    assert sig.startswith("Take 1 capsule (1 mg) by mouth once a day at bedtime for 1 day, then ")
    assert "1 days" not in sig


def test_directions_for_a_liquid() -> None:
    """A long, even climb is one sentence, as a pharmacist types it on the label."""
    sig = directions(formula("LIQ-1"), plan("LIQ-SLOW"))
    assert sig == (
        "Take 0.5 mL (0.5 mg) by mouth once a day at bedtime for 14 days, then increase by 0.5 mL "
        "(0.5 mg) every 14 days until the dose is 4.5 mL (4.5 mg) once a day at bedtime (from day 113 on). "
        "Measure each dose with an oral syringe."
    )
    assert_plain_english(sig)


def test_an_uneven_plan_is_said_step_by_step() -> None:
    steps = parse_steps("0.5:14,1:14,2:14,2.5:7,4.5")
    sig = directions(formula("LIQ-1"), TitrationPlan("X", "x", steps))
    assert sig.count(", then take ") == 4
    assert "increase by" not in sig
    assert_plain_english(sig)


@pytest.mark.parametrize(
    ("code", "plan_code", "expected"),
    [
        ("SL-0.5", "MAINT-1.5", "Place 3 drops (1.5 mg) under the tongue once a day at bedtime."),
        ("TRO-1.5", "MAINT-1.5", "Let 1 troche (1.5 mg) dissolve in the mouth once a day at bedtime."),
        (
            "CRM-1",
            "MAINT-3",
            "Rub 3 mL (3 mg) into the skin once a day at bedtime. Use the metered pump to measure each dose.",
        ),
    ],
)
def test_directions_for_other_forms(code: str, plan_code: str, expected: str) -> None:
    sig = directions(formula(code), plan(plan_code))
    assert sig == expected
    assert_plain_english(sig)


def test_drops_titration_reads_in_order() -> None:
    sig = directions(formula("SL-0.5"), plan("HALF-WEEKLY"))
    assert sig == (
        "Place 1 drop (0.5 mg) under the tongue once a day at bedtime for 7 days, then increase by "
        "1 drop (0.5 mg) every 7 days until the dose is 9 drops (4.5 mg) once a day at bedtime "
        "(from day 57 on)."
    )
    assert_plain_english(sig)


@pytest.mark.parametrize("template", PLAN_TEMPLATES, ids=lambda p: p.code)
def test_directions_for_every_template_and_fitting_formula(template: TitrationPlan) -> None:
    for fitting in suggest_formulas(DEFAULT_FORMULARY, template.steps):
        sig = directions(fitting, template)
        assert_plain_english(sig)
        assert sig.startswith(("Take ", "Place ", "Let ", "Rub "))
        doses = re.findall(r"\(([0-9.]+) mg\)", sig)
        steps_doses = [part.split(":")[0] for part in template.steps_text.split(",")]
        if "then increase by" in sig:  # an even climb: first dose, the increase, the target
            assert len(template.steps) >= 4
            assert doses[0] == steps_doses[0] and doses[-1] == steps_doses[-1]
            continue
        assert sig.count(", then ") == len(template.steps) - 1
        assert ("from then on" in sig) is (not template.is_fixed)
        # the doses appear in the order of the steps, ISMP-formatted
        assert doses == steps_doses


def test_a_dose_that_cannot_be_given_says_so_as_data() -> None:
    problems = fit_problems(formula("CAP-1.5"), plan("HALF-WEEKLY").steps)
    assert all(isinstance(p, Problem) for p in problems)
    assert [p.subject for p in problems] == ["0.5 mg", "1 mg", "2 mg", "2.5 mg", "3.5 mg", "4 mg"]
    assert {p.predicate for p in problems} == {
        "cannot be given in whole capsules of 1.5 mg per capsule (CAP-1.5); choose a formula that fits."
    }
    assert all(p == f"{p.subject} {p.predicate}" for p in problems)
    # Too many units at once is said as a sentence, with nothing to group by.
    assert not any(isinstance(p, Problem) for p in fit_problems(formula("CAP-0.5"), plan("MAINT-4.5").steps))
