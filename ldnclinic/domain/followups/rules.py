"""When to see a patient again: the follow-ups a new prescription calls for, as dated data.

Four kinds come from the prescription itself: a titration check when the target dose is
reached (or a few weeks into a fixed dose), an efficacy review about ten weeks in, a
refill-due reminder a week before the dispensed supply runs out, and routine reviews every
few months. The intervals are the clinic's to configure (`FollowupRules`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, fields
from datetime import MAXYEAR, MINYEAR, date
from decimal import Decimal
from enum import StrEnum

from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.domain.prescriptions.formulary import Formula
from ldnclinic.domain.prescriptions.supply import OUT_OF_CALENDAR, SupplyError, days_after, supply_coverage
from ldnclinic.domain.prescriptions.titration import TitrationPlan


class FollowupType(StrEnum):
    TITRATION_CHECK = "titration_check"
    EFFICACY_REVIEW = "efficacy_review"
    REFILL_DUE = "refill_due"
    ROUTINE_REVIEW = "routine_review"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    FollowupType.TITRATION_CHECK: "Titration check",
    FollowupType.EFFICACY_REVIEW: "Efficacy review",
    FollowupType.REFILL_DUE: "Refill due",
    FollowupType.ROUTINE_REVIEW: "Routine review",
    FollowupType.OTHER: "Other",
}
_TYPE_ORDER = {kind: index for index, kind in enumerate(FollowupType)}


@dataclass(frozen=True, slots=True)
class FollowupRules:
    """The clinic's follow-up intervals; every value is a whole number above zero."""

    fixed_dose_check_days: int = 21  # titration check for a plan with no titration
    efficacy_review_days: int = 70  # ten weeks after the first dose
    refill_lead_days: int = 7  # this many days before the supply runs out
    routine_review_months: int = 3  # every this many calendar months while on LDN
    routine_reviews_ahead: int = 4  # how many routine reviews to plan at once


_RULE_TEXT = {
    "fixed_dose_check_days": "The check after starting a fixed dose",
    "efficacy_review_days": "The efficacy review",
    "refill_lead_days": "The refill reminder lead time",
    "routine_review_months": "The routine review interval",
    "routine_reviews_ahead": "The number of routine reviews to plan",
}


def rules_problems(rules: FollowupRules) -> dict[str, str]:
    """What is wrong with the rules, by field name (empty: they are fine)."""
    problems: dict[str, str] = {}
    for item in fields(rules):
        value = getattr(rules, item.name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems[item.name] = f"{_RULE_TEXT[item.name]} must be a whole number of 1 or more."
    return problems


def supply_runs_out(
    formula: Formula, plan: TitrationPlan, start: date, quantity: Decimal | int, refills: int
) -> date:
    """The first day the dispensed supply no longer holds a full dose.

    The supply is the first fill of `quantity` units plus `refills` refills of the same
    quantity, taken along the plan from `start` (the last step goes on): the same
    `supply_coverage` the printed "Each refill" line and the one-year refill limit read.
    30 capsules of 4.5 mg started on 3/1 cover 3/1 to 3/30, so they run out on 3/31.
    """
    return days_after(start, supply_coverage(formula, plan, quantity, refills).days_covered)


@dataclass(frozen=True, slots=True)
class PlannedFollowup:
    type: FollowupType
    due: date
    reason: str


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later, or that month's last day (1/31 + 1 = 2/28).

    SupplyError when that is past the calendar's end (year 9999)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if not MINYEAR <= year <= MAXYEAR:
        raise SupplyError([OUT_OF_CALENDAR])
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def plan_followups(
    formula: Formula,
    plan: TitrationPlan,
    start: date,
    quantity: Decimal | int,
    refills: int,
    *,
    rules: FollowupRules = FollowupRules(),
) -> tuple[PlannedFollowup, ...]:
    """The follow-ups a prescription starting on `start` calls for, by due date then type."""
    problems = rules_problems(rules)
    if problems:
        raise ValidationError(problems)
    runs_out = supply_runs_out(formula, plan, start, quantity, refills)
    planned = [
        _titration_check(plan, start, rules),
        PlannedFollowup(
            FollowupType.EFFICACY_REVIEW,
            days_after(start, rules.efficacy_review_days),
            f"{_span(rules.efficacy_review_days)} since the start on {_us(start)}: "
            "review whether LDN is helping.",
        ),
        PlannedFollowup(
            FollowupType.REFILL_DUE,
            max(start, days_after(runs_out, -rules.refill_lead_days)),
            f"The dispensed supply ({_fills(refills)}) runs out on {_us(runs_out)}: "
            "renew the prescription in time.",
        ),
    ]
    for number in range(1, rules.routine_reviews_ahead + 1):
        months = number * rules.routine_review_months
        planned.append(
            PlannedFollowup(
                FollowupType.ROUTINE_REVIEW,
                add_months(start, months),
                f"Routine review {months} months after the start on {_us(start)}.",
            )
        )
    return tuple(sorted(planned, key=lambda item: (item.due, _TYPE_ORDER[item.type])))


def _titration_check(plan: TitrationPlan, start: date, rules: FollowupRules) -> PlannedFollowup:
    target = format_mg(plan.target_dose_mg)
    if plan.is_fixed:
        due = days_after(start, rules.fixed_dose_check_days)
        reason = (
            f"{_span(rules.fixed_dose_check_days)} on {target} since {_us(start)}: check how it is going."
        )
    else:
        due = days_after(start, plan.days_to_target)
        reason = f"Target dose {target} reached on {_us(due)}: check how it is going."
    return PlannedFollowup(FollowupType.TITRATION_CHECK, due, reason)


def _us(day: date) -> str:
    return f"{day:%m/%d/%Y}"


def _span(days: int) -> str:
    """ "21 days (3 weeks)", "10 days", "1 day"."""
    text = f"{days} day{'s' if days != 1 else ''}"
    if days % 7 == 0:
        weeks = days // 7
        text += f" ({weeks} week{'s' if weeks != 1 else ''})"
    return text


def _fills(refills: int) -> str:
    if refills == 0:
        return "first fill, no refills"
    return f"first fill and {refills} refill{'s' if refills != 1 else ''}"
