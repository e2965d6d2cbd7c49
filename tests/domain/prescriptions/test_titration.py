"""Titration plans: the typed DOSE:DAYS notation, the checks, and the built-in templates."""

from __future__ import annotations

import copy
import pickle
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldnclinic.domain.prescriptions.titration import (
    DAYS_CELL,
    DOSE_CELL,
    MAX_STEP_DAYS,
    MAX_STEPS,
    PLAN_TEMPLATES,
    PlanFormatError,
    TimeOfDay,
    TitrationPlan,
    TitrationStep,
    find_plan,
    format_steps,
    parse_steps,
    plan_problems,
)

D = Decimal


def test_parse_the_standard_plan() -> None:
    assert parse_steps("1.5:14,3:14,4.5") == (
        TitrationStep(D("1.5"), 14),
        TitrationStep(D(3), 14),
        TitrationStep(D("4.5"), None),
    )


@pytest.mark.parametrize(
    "text",
    ["1.5:14,3:14,4.5", " 1.5 : 14 , 3 : 14 , 4.5 ", "1.5 mg:14,3 MG:14,4.5mg", "1.50:14,3.0:14,4.500"],
)
def test_parse_is_forgiving_about_spaces_units_and_trailing_zeros(text: str) -> None:
    assert parse_steps(text) == parse_steps("1.5:14,3:14,4.5")


def test_a_two_step_plan_ends_on_its_open_step() -> None:
    # "1.5:14,3" is a complete plan: 1.5 mg for two weeks, then 3 mg from then on.
    assert parse_steps("1.5:14,3") == (TitrationStep(D("1.5"), 14), TitrationStep(D(3)))


def test_a_single_dose_is_a_fixed_plan() -> None:
    assert parse_steps("4.5") == (TitrationStep(D("4.5")),)


def test_an_empty_days_field_means_open_ended() -> None:
    assert parse_steps("1:7,2:") == (TitrationStep(D(1), 7), TitrationStep(D(2)))


def test_parse_sets_the_time_of_day_on_every_step() -> None:
    steps = parse_steps("1.5:14,3", TimeOfDay.MORNING)
    assert {step.time_of_day for step in steps} == {TimeOfDay.MORNING}
    assert {step.time_of_day for step in parse_steps("1.5:14,3")} == {TimeOfDay.BEDTIME}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5:x", "Step 1 (“1.5:x”): days must be a whole number."),
        ("1.5:14,3:x,4.5", "Step 2 (“3:x”): days must be a whole number."),
        ("1.5:-3,4.5", "Step 1 (“1.5:-3”): days must be a whole number."),
        ("1.5:2.5,4.5", "Step 1 (“1.5:2.5”): days must be a whole number."),
        ("1.5:14:3,4.5", "Step 1 (“1.5:14:3”): days must be a whole number."),
        ("1.5:²,4.5", "Step 1 (“1.5:²”): days must be a whole number."),
        ("1.5:١٤,4.5", "Step 1 (“1.5:١٤”): days must be a whole number."),
        ("abc", "Step 1 (“abc”): “abc” is not a dose in mg"),
        ("1.5:14,abc", "Step 2 (“abc”): “abc” is not a dose in mg"),
        ("1.5:14,,4.5", "Step 2 (“”)"),
        ("0:14,4.5", "Step 1 (“0:14”): A dose must be more than 0 mg."),
        ("1.5:14,4.5555", "Step 2 (“4.5555”): Use at most 3 decimal places"),
        ("1.5:14,4500", "Step 2 (“4500”): A dose must be less than 1000 mg"),
        (":14,4.5", "Step 1 (“:14”)"),
        ("1.5:14,3:14,4.5:14", "Step 3: the last step continues until the next review"),
        ("4.5:30", "Step 1: the last step continues until the next review"),
        ("1.5:14,3,4.5", "Step 2: only the last step may go on without an end"),
        ("1.5:0,4.5", f"Step 1: days must be from 1 to {MAX_STEP_DAYS}."),
        ("1.5:400,4.5", f"Step 1: days must be from 1 to {MAX_STEP_DAYS}."),
        ("1.5:14,3:366,4.5", f"Step 2: days must be from 1 to {MAX_STEP_DAYS}."),
        ("1.5:" + "9" * 5000 + ",4.5", f"Step 1: days must be from 1 to {MAX_STEP_DAYS}."),
    ],
)
def test_parse_errors_name_the_step(text: str, message: str) -> None:
    with pytest.raises(PlanFormatError) as caught:
        parse_steps(text)
    assert message in str(caught.value)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("text", ["", "   ", ",", ", ,", ",,,"])
def test_parse_refuses_an_empty_plan(text: str) -> None:
    with pytest.raises(PlanFormatError, match=re.escape("DOSE:DAYS separated by commas")):
        parse_steps(text)


def test_parse_reports_every_plan_problem_together() -> None:
    with pytest.raises(PlanFormatError) as caught:
        parse_steps("1.5:0,3,4.5:7")
    text = str(caught.value)
    assert "Step 1: days must be from 1" in text
    assert "Step 2: only the last step" in text
    assert "Step 3: the last step continues" in text


def test_the_day_limits_are_inclusive() -> None:
    assert parse_steps(f"1:1,2:{MAX_STEP_DAYS},3")[1].days == MAX_STEP_DAYS
    assert parse_steps("1:007,2")[0].days == 7


def test_too_many_steps() -> None:
    fine = ",".join(f"{n}:7" for n in range(1, MAX_STEPS)) + f",{MAX_STEPS}"
    assert len(parse_steps(fine)) == MAX_STEPS
    too_many = ",".join(f"{n}:7" for n in range(1, MAX_STEPS + 1)) + f",{MAX_STEPS + 1}"
    with pytest.raises(PlanFormatError, match=f"at most {MAX_STEPS} steps"):
        parse_steps(too_many)


def test_plan_problems_directly() -> None:
    assert plan_problems(()) == ["A plan needs at least one dose step."]
    assert plan_problems((TitrationStep(D(0)),)) == ["Step 1: the dose must be more than 0 mg."]
    assert plan_problems((TitrationStep(D(1), 7), TitrationStep(D(2)))) == []


@pytest.mark.parametrize(
    "text", ["1.5:14,3:14,4.5", "4.5", "0.5:7,1:7,1.5", "0.125:10,0.25:10,1", "1:30,2", "10:1,0.5"]
)
def test_format_steps_round_trips(text: str) -> None:
    steps = parse_steps(text)
    assert format_steps(steps) == text
    assert parse_steps(format_steps(steps)) == steps


def test_format_steps_is_ismp_formatted() -> None:
    steps = (TitrationStep(D("0.50"), 14), TitrationStep(D("3.0"), 14), TitrationStep(D("4.50")))
    assert format_steps(steps) == "0.5:14,3:14,4.5"


def test_step_text() -> None:
    assert TitrationStep(D("1.5"), 14).text == "1.5 mg at bedtime for 14 days"
    assert TitrationStep(D("1.50"), 1).text == "1.5 mg at bedtime for 1 day"
    assert TitrationStep(D("4.5"), None, TimeOfDay.MORNING).text == "4.5 mg in the morning from then on"


def test_time_of_day_words() -> None:
    assert TimeOfDay.BEDTIME.phrase == "at bedtime"
    assert TimeOfDay.MORNING.phrase == "in the morning"
    assert TimeOfDay.BEDTIME.label == "Bedtime"
    assert TimeOfDay.MORNING.label == "Morning"


def test_plan_properties_for_a_titration() -> None:
    plan = TitrationPlan("X", "x", parse_steps("1.5:14,3:14,4.5"))
    assert plan.target_dose_mg == D("4.5")
    assert plan.days_to_target == 28
    assert plan.max_dose_mg == D("4.5")
    assert plan.min_dose_mg == D("1.5")
    assert not plan.is_fixed
    assert plan.steps_text == "1.5:14,3:14,4.5"


def test_plan_properties_for_a_fixed_dose() -> None:
    plan = TitrationPlan("X", "x", parse_steps("3"))
    assert plan.target_dose_mg == D(3)
    assert plan.days_to_target == 0
    assert plan.is_fixed
    assert plan.max_dose_mg == plan.min_dose_mg == D(3)


def test_a_step_down_plan_targets_its_last_dose() -> None:
    plan = TitrationPlan("X", "x", parse_steps("4.5:7,3"))
    assert plan.target_dose_mg == D(3)
    assert plan.max_dose_mg == D("4.5")
    assert plan.days_to_target == 7


@pytest.mark.parametrize("plan", PLAN_TEMPLATES, ids=lambda p: p.code)
def test_every_template_is_a_valid_plan(plan: TitrationPlan) -> None:
    assert plan_problems(plan.steps) == []
    assert parse_steps(plan.steps_text) == plan.steps
    assert plan.code == plan.code.strip().upper()
    assert plan.name
    assert plan.description
    assert plan.target_dose_mg <= D("4.5")
    assert find_plan(plan.code) is plan


def test_template_codes_are_unique() -> None:
    codes = [plan.code for plan in PLAN_TEMPLATES]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("code", "target", "days_to_target", "fixed"),
    [
        ("STD-1.5-14", "4.5", 28, False),
        ("HALF-WEEKLY", "4.5", 56, False),
        ("LIQ-SLOW", "4.5", 112, False),
        ("COVID-1-2", "2", 30, False),
        ("MAINT-4.5", "4.5", 0, True),
        ("MAINT-3", "3", 0, True),
        ("MAINT-1.5", "1.5", 0, True),
    ],
)
def test_template_targets(code: str, target: str, days_to_target: int, fixed: bool) -> None:
    plan = find_plan(code)
    assert plan is not None
    assert plan.target_dose_mg == D(target)
    assert plan.days_to_target == days_to_target
    assert plan.is_fixed is fixed


@pytest.mark.parametrize("code", ["std-1.5-14", "Std-1.5-14", "  STD-1.5-14 ", "maint-4.5"])
def test_find_plan_is_case_insensitive(code: str) -> None:
    plan = find_plan(code)
    assert plan is not None
    assert plan.code == code.strip().upper()


@pytest.mark.parametrize("code", ["", "STD", "STD-1.5", "nope", "STD-1.5-14; DROP TABLE"])
def test_find_plan_unknown(code: str) -> None:
    assert find_plan(code) is None


_steps = st.lists(
    st.builds(
        TitrationStep,
        st.decimals(min_value=-1, max_value=10, places=1, allow_nan=False, allow_infinity=False),
        st.one_of(st.none(), st.integers(min_value=-5, max_value=400)),
    ),
    max_size=14,
)


@given(_steps)
def test_a_plan_problem_names_its_step_and_cell_as_data(steps: list[TitrationStep]) -> None:
    for problem in plan_problems(tuple(steps)):
        if problem.step is None:
            assert problem.cell is None
            assert not problem.startswith("Step ")
        else:
            assert problem.startswith(f"Step {problem.step}: ")
            assert problem.cell == (DOSE_CELL if "dose" in problem else DAYS_CELL)
        assert pickle.loads(pickle.dumps(problem)) == problem
        assert copy.copy(problem).step == problem.step


def test_the_plan_problems_read_as_before() -> None:
    steps = (TitrationStep(Decimal(0), None), TitrationStep(Decimal("1.5"), 500))
    assert [(p, p.step, p.cell) for p in plan_problems(steps)] == [
        ("Step 1: the dose must be more than 0 mg.", 1, DOSE_CELL),
        ("Step 1: only the last step may go on without an end; give its days.", 1, DAYS_CELL),
        ("Step 2: the last step continues until the next review; leave its days empty.", 2, DAYS_CELL),
        (f"Step 2: days must be from 1 to {MAX_STEP_DAYS}.", 2, DAYS_CELL),
    ]
