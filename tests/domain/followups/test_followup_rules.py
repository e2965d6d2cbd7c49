"""Follow-up rules: when the supply runs out and which follow-ups a prescription calls for.

Every expected date is worked out by hand in the test from START (Sunday 3/1/2026).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.followups.rules import (
    FollowupRules,
    FollowupType,
    PlannedFollowup,
    add_months,
    plan_followups,
    rules_problems,
    supply_runs_out,
)
from ldnclinic.domain.prescriptions.formulary import DEFAULT_FORMULARY, Formula
from ldnclinic.domain.prescriptions.supply import SupplyError, calculate
from ldnclinic.domain.prescriptions.titration import TitrationPlan, find_plan

START = date(2026, 3, 1)


def formula(code: str) -> Formula:
    return next(f for f in DEFAULT_FORMULARY if f.code == code)


def plan(code: str) -> TitrationPlan:
    found = find_plan(code)
    assert found is not None
    return found


def due_dates(items: tuple[PlannedFollowup, ...]) -> list[tuple[FollowupType, date]]:
    return [(item.type, item.due) for item in items]


# --- FollowupType ---------------------------------------------------------------------------


def test_types_have_snake_values_and_plain_labels() -> None:
    assert [t.value for t in FollowupType] == [
        "titration_check",
        "efficacy_review",
        "refill_due",
        "routine_review",
        "other",
    ]
    assert FollowupType.REFILL_DUE.label == "Refill due"
    assert all(t.label and "_" not in t.label for t in FollowupType)


# --- supply_runs_out ------------------------------------------------------------------------


def test_fixed_dose_supply_runs_out_the_day_after_the_last_dose() -> None:
    # 30 capsules, 1 a day: 3/1 .. 3/30 covered, none left on 3/31.
    assert supply_runs_out(formula("CAP-4.5"), plan("MAINT-4.5"), START, 30, 0) == date(2026, 3, 31)


def test_refills_extend_the_run_out_date() -> None:
    # 30 + 2 refills of 30 = 90 capsules = 90 days: 3/1 + 90 days = 5/30 (30 to 3/31, 61 to 5/1).
    assert supply_runs_out(formula("CAP-4.5"), plan("MAINT-4.5"), START, 30, 2) == date(2026, 5, 30)


def test_titration_quantity_then_refills_at_the_maintenance_rate() -> None:
    std, cap = plan("STD-1.5-14"), formula("CAP-1.5")
    # 14 x 1 + 14 x 2 = 42 capsules for 28 days, then 3 a day: 48 capsules = 30 days.
    assert calculate(cap, std, 30, START).quantity == 48
    assert supply_runs_out(cap, std, START, 48, 0) == date(2026, 3, 31)
    # 96 capsules: 42 for the first 28 days, 54 left / 3 = 18 more days -> day 46 = 4/16.
    assert supply_runs_out(cap, std, START, 48, 1) == date(2026, 4, 16)
    # 144 capsules: 102 left after titration / 3 = 34 days -> day 62 = 5/2.
    assert supply_runs_out(cap, std, START, 48, 2) == date(2026, 5, 2)


def test_a_partial_dose_does_not_count_as_a_day() -> None:
    # 15 capsules: 14 days of 1, then 1 capsule left but 3 mg needs 2 -> runs out on day 14 = 3/15.
    assert supply_runs_out(formula("CAP-1.5"), plan("STD-1.5-14"), START, 15, 0) == date(2026, 3, 15)
    # 44 capsules: 42 for 28 days, 2 left, 4.5 mg needs 3 -> runs out on day 28 = 3/29.
    assert supply_runs_out(formula("CAP-1.5"), plan("STD-1.5-14"), START, 44, 0) == date(2026, 3, 29)


def test_liquid_plan_in_millilitres() -> None:
    # LIQ-SLOW with 1 mg/mL: 0.5, 1, 1.5, 2 mL x 14 days = 7 + 14 + 21 + 28 = 70 mL for 56 days;
    # 30 mL left at 2.5 mL a day = 12 days -> day 68 = 5/8.
    assert supply_runs_out(formula("LIQ-1"), plan("LIQ-SLOW"), START, Decimal(100), 0) == date(2026, 5, 8)


def test_no_supply_runs_out_on_the_start_date() -> None:
    assert supply_runs_out(formula("CAP-4.5"), plan("MAINT-4.5"), START, 0, 3) == START


def test_a_huge_maintenance_supply_is_computed_without_walking_each_day() -> None:
    # 10,000 capsules and 9 refills = 100,000 days: a loop per day would be slow; this is per step.
    assert supply_runs_out(formula("CAP-4.5"), plan("MAINT-4.5"), START, 10_000, 9) == date.fromordinal(
        START.toordinal() + 100_000
    )


def test_supply_problems_are_reported() -> None:
    with pytest.raises(SupplyError, match="choose a formula that fits"):
        supply_runs_out(formula("CAP-4.5"), plan("STD-1.5-14"), START, 30, 0)
    with pytest.raises(SupplyError) as raised:
        supply_runs_out(formula("CAP-4.5"), plan("MAINT-4.5"), START, -1, -2)
    assert raised.value.problems == [
        "The quantity cannot be negative.",
        "The number of refills cannot be negative.",
    ]


# --- add_months -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 1), 3, date(2026, 6, 1)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# --- plan_followups -------------------------------------------------------------------------


def test_standard_titration_follow_ups() -> None:
    items = plan_followups(formula("CAP-1.5"), plan("STD-1.5-14"), START, 48, 0)
    assert due_dates(items) == [
        (FollowupType.REFILL_DUE, date(2026, 3, 24)),  # runs out 3/31, 7 days before
        (FollowupType.TITRATION_CHECK, date(2026, 3, 29)),  # 4.5 mg from day 28
        (FollowupType.EFFICACY_REVIEW, date(2026, 5, 10)),  # 3/1 + 70 days
        (FollowupType.ROUTINE_REVIEW, date(2026, 6, 1)),
        (FollowupType.ROUTINE_REVIEW, date(2026, 9, 1)),
        (FollowupType.ROUTINE_REVIEW, date(2026, 12, 1)),
        (FollowupType.ROUTINE_REVIEW, date(2027, 3, 1)),
    ]
    reasons = {item.type: item.reason for item in items}
    assert reasons[FollowupType.TITRATION_CHECK] == (
        "Target dose 4.5 mg reached on 03/29/2026: check how it is going."
    )
    assert reasons[FollowupType.EFFICACY_REVIEW] == (
        "70 days (10 weeks) since the start on 03/01/2026: review whether LDN is helping."
    )
    assert reasons[FollowupType.REFILL_DUE] == (
        "The dispensed supply (first fill, no refills) runs out on 03/31/2026: "
        "renew the prescription in time."
    )
    assert items[3].reason == "Routine review 3 months after the start on 03/01/2026."
    assert items[-1].reason == "Routine review 12 months after the start on 03/01/2026."


def test_fixed_dose_check_after_21_days_and_refills_move_the_refill_due() -> None:
    items = plan_followups(formula("CAP-4.5"), plan("MAINT-4.5"), START, 30, 2)
    assert due_dates(items)[:3] == [
        (FollowupType.TITRATION_CHECK, date(2026, 3, 22)),
        (FollowupType.EFFICACY_REVIEW, date(2026, 5, 10)),
        (FollowupType.REFILL_DUE, date(2026, 5, 23)),  # 90 capsules run out 5/30
    ]
    assert items[0].reason == "21 days (3 weeks) on 4.5 mg since 03/01/2026: check how it is going."
    assert "first fill and 2 refills" in items[2].reason
    assert "05/30/2026" in items[2].reason


def test_slow_liquid_plan() -> None:
    items = plan_followups(formula("LIQ-1"), plan("LIQ-SLOW"), START, Decimal(100), 0)
    # 8 steps of 14 days = 112 days to 4.5 mg: 3/1 + 112 = 6/21 (6/1 is day 92).
    assert due_dates(items) == [
        (FollowupType.REFILL_DUE, date(2026, 5, 1)),  # runs out 5/8
        (FollowupType.EFFICACY_REVIEW, date(2026, 5, 10)),
        (FollowupType.ROUTINE_REVIEW, date(2026, 6, 1)),
        (FollowupType.TITRATION_CHECK, date(2026, 6, 21)),
        (FollowupType.ROUTINE_REVIEW, date(2026, 9, 1)),
        (FollowupType.ROUTINE_REVIEW, date(2026, 12, 1)),
        (FollowupType.ROUTINE_REVIEW, date(2027, 3, 1)),
    ]
    assert items[3].reason == "Target dose 4.5 mg reached on 06/21/2026: check how it is going."


def test_refill_due_is_never_before_the_start() -> None:
    # 3 capsules run out on 3/4; 7 days earlier would be 2/25.
    items = plan_followups(formula("CAP-4.5"), plan("MAINT-4.5"), START, 3, 0)
    assert items[0].type is FollowupType.REFILL_DUE
    assert items[0].due == START


def test_same_day_follow_ups_are_ordered_by_type() -> None:
    # Fixed-dose check and efficacy review both at 14 days, refill due at 14 too (21 - 7).
    rules = FollowupRules(fixed_dose_check_days=14, efficacy_review_days=14, routine_reviews_ahead=1)
    items = plan_followups(formula("CAP-4.5"), plan("MAINT-4.5"), START, 21, 0, rules=rules)
    assert [item.type for item in items] == [
        FollowupType.TITRATION_CHECK,
        FollowupType.EFFICACY_REVIEW,
        FollowupType.REFILL_DUE,
        FollowupType.ROUTINE_REVIEW,
    ]
    assert {item.due for item in items[:3]} == {date(2026, 3, 15)}


def test_routine_reviews_clamp_to_month_end() -> None:
    rules = FollowupRules(routine_review_months=1, routine_reviews_ahead=3)
    items = plan_followups(formula("CAP-4.5"), plan("MAINT-4.5"), date(2028, 1, 31), 30, 0, rules=rules)
    routine = [item.due for item in items if item.type is FollowupType.ROUTINE_REVIEW]
    assert routine == [date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30)]


def test_custom_rules() -> None:
    rules = FollowupRules(
        fixed_dose_check_days=10,
        efficacy_review_days=56,
        refill_lead_days=10,
        routine_review_months=6,
        routine_reviews_ahead=2,
    )
    items = plan_followups(formula("CAP-4.5"), plan("MAINT-4.5"), START, 30, 0, rules=rules)
    assert due_dates(items) == [
        (FollowupType.TITRATION_CHECK, date(2026, 3, 11)),
        (FollowupType.REFILL_DUE, date(2026, 3, 21)),  # runs out 3/31, 10 days before
        (FollowupType.EFFICACY_REVIEW, date(2026, 4, 26)),  # 3/1 + 56: 30 to 3/31, 26 more
        (FollowupType.ROUTINE_REVIEW, date(2026, 9, 1)),
        (FollowupType.ROUTINE_REVIEW, date(2027, 3, 1)),
    ]
    assert items[0].reason == "10 days on 4.5 mg since 03/01/2026: check how it is going."
    assert items[2].reason.startswith("56 days (8 weeks) since the start")


# --- rules_problems -------------------------------------------------------------------------


def test_default_rules_are_fine() -> None:
    rules = FollowupRules()
    assert (rules.fixed_dose_check_days, rules.efficacy_review_days, rules.refill_lead_days) == (21, 70, 7)
    assert (rules.routine_review_months, rules.routine_reviews_ahead) == (3, 4)
    assert rules_problems(rules) == {}


def test_rules_problems_name_each_bad_field() -> None:
    rules = FollowupRules(
        fixed_dose_check_days=0,
        efficacy_review_days=-70,
        refill_lead_days=True,
        routine_review_months=1.5,  # type: ignore[arg-type]
        routine_reviews_ahead=2,
    )
    assert rules_problems(rules) == {
        "fixed_dose_check_days": "The check after starting a fixed dose must be a whole number of 1 or more.",
        "efficacy_review_days": "The efficacy review must be a whole number of 1 or more.",
        "refill_lead_days": "The refill reminder lead time must be a whole number of 1 or more.",
        "routine_review_months": "The routine review interval must be a whole number of 1 or more.",
    }


def test_plan_followups_refuses_bad_rules() -> None:
    with pytest.raises(ValidationError) as raised:
        plan_followups(
            formula("CAP-4.5"), plan("MAINT-4.5"), START, 30, 0, rules=FollowupRules(routine_reviews_ahead=0)
        )
    assert raised.value.field_errors == {
        "routine_reviews_ahead": "The number of routine reviews to plan must be a whole number of 1 or more."
    }
