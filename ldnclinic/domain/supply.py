"""From formula + plan + supply period: directions, units per dose, quantity, days supply.

Everything a pharmacist checks on the script is computed here, once, so the editor's
preview, the printed prescription and the command line always agree. Quantities are whole
units of the dosage form (capsules, troches, drops; whole mL for liquids and creams).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ldnclinic.domain.doses import format_mg
from ldnclinic.domain.formulary import DosageForm, Formula
from ldnclinic.domain.titration import TitrationPlan, TitrationStep

MAX_SUPPLY_DAYS = 366


def units_per_dose(formula: Formula, dose_mg: Decimal) -> Decimal | None:
    """How many units (capsules, mL, drops) make `dose_mg`; None if no whole measure does."""
    if formula.strength_mg <= 0 or dose_mg <= 0:
        return None
    units = dose_mg / formula.strength_mg
    step = formula.dosage_form.measure_step
    if units % step != 0:
        return None
    return units.normalize() if units != units.to_integral_value() else units.quantize(Decimal(1))


def fit_problems(formula: Formula, plan_steps: tuple[TitrationStep, ...]) -> list[str]:
    """Why this plan cannot be given with this formula (empty list: it can)."""
    problems = []
    form = formula.dosage_form
    for step in _distinct_doses(plan_steps):
        units = units_per_dose(formula, step)
        if units is None:
            measure = "whole " + form.plural if form.measure_step == 1 else f"steps of {form.measure_step} mL"
            problems.append(
                f"{format_mg(step)} cannot be given in {measure} of {formula.strength_text} "
                f"({formula.code}); choose a formula that fits."
            )
        elif units > form.max_units:
            problems.append(
                f"{format_mg(step)} would need {form.units(units)} of {formula.strength_text} at once; "
                "choose a stronger formula."
            )
    return problems


def suggest_formulas(
    formulary: tuple[Formula, ...] | list[Formula], plan_steps: tuple[TitrationStep, ...]
) -> list[Formula]:
    """Active formulas that fit every step, fewest units per dose first."""
    fitting = [f for f in formulary if f.active and not fit_problems(f, plan_steps)]

    def most_units(formula: Formula) -> Decimal:
        return max(dose / formula.strength_mg for dose in _distinct_doses(plan_steps))

    return sorted(
        fitting,
        key=lambda f: (f.dosage_form != DosageForm.CAPSULE, most_units(f) > 3, -f.strength_mg, f.code),
    )


def _distinct_doses(steps: tuple[TitrationStep, ...]) -> list[Decimal]:
    seen: list[Decimal] = []
    for step in steps:
        if step.dose_mg not in seen:
            seen.append(step.dose_mg)
    return seen


@dataclass(frozen=True, slots=True)
class ScheduledStep:
    """One step on the calendar: its dates, dose and units, and the days it uses of this supply."""

    number: int
    dose_mg: Decimal
    units: Decimal
    starts: date
    ends: date | None  # None: open-ended
    days_in_supply: int
    time_phrase: str


@dataclass(frozen=True, slots=True)
class SupplyCalculation:
    sig: str
    schedule: tuple[ScheduledStep, ...]
    quantity: Decimal  # whole units to dispense (capsules, mL, drops, troches)
    quantity_unit: str  # "capsules", "mL" ...
    days_supply: int
    target_dose_mg: Decimal
    target_date: date
    max_daily_dose_mg: Decimal

    @property
    def quantity_text(self) -> str:
        from ldnclinic.domain.doses import amount_words, format_amount

        return f"{format_amount(self.quantity)} ({amount_words(self.quantity)}) {self.quantity_unit}"


class SupplyError(ValueError):
    """The plan cannot be given with the formula or the supply period is impossible."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def calculate(formula: Formula, plan: TitrationPlan, supply_days: int, start: date) -> SupplyCalculation:
    """The directions and the quantity that covers `supply_days` of the plan from `start`."""
    problems = fit_problems(formula, plan.steps)
    if not 1 <= supply_days <= MAX_SUPPLY_DAYS:
        problems.append(f"The supply must be from 1 to {MAX_SUPPLY_DAYS} days.")
    if problems:
        raise SupplyError(problems)
    schedule = _schedule(formula, plan, supply_days, start)
    used = sum((step.units * step.days_in_supply for step in schedule), Decimal(0))
    quantity = Decimal(math.ceil(used))
    form = formula.dosage_form
    return SupplyCalculation(
        sig=directions(formula, plan),
        schedule=schedule,
        quantity=quantity,
        quantity_unit=form.plural if quantity != 1 or form.unit == "mL" else form.unit,
        days_supply=supply_days,
        target_dose_mg=plan.target_dose_mg,
        target_date=start + timedelta(days=plan.days_to_target),
        max_daily_dose_mg=plan.max_dose_mg,
    )


def _schedule(
    formula: Formula, plan: TitrationPlan, supply_days: int, start: date
) -> tuple[ScheduledStep, ...]:
    steps = []
    day = 0
    for number, step in enumerate(plan.steps, start=1):
        units = units_per_dose(formula, step.dose_mg)
        assert units is not None  # fit_problems ran first
        starts = start + timedelta(days=day)
        ends = None if step.days is None else starts + timedelta(days=step.days - 1)
        remaining = max(0, supply_days - day)
        in_supply = remaining if step.days is None else min(step.days, remaining)
        steps.append(
            ScheduledStep(number, step.dose_mg, units, starts, ends, in_supply, step.time_of_day.phrase)
        )
        day += step.days or 0
    return tuple(steps)


def directions(formula: Formula, plan: TitrationPlan) -> str:
    """Plain-English directions with no error-prone abbreviations, titration steps included.

    A long, even climb (same step length, same increase, same time of day) is said in one
    sentence, as a pharmacist would type it on the label; the dated steps are listed apart.
    """
    form = formula.dosage_form
    text = _even_climb(formula, plan) or _step_by_step(formula, plan)
    return f"{text} {form.closing}" if form.closing else text


def _amount(formula: Formula, dose_mg: Decimal) -> str:
    units = units_per_dose(formula, dose_mg)
    assert units is not None  # fit_problems ran first
    return f"{formula.dosage_form.units(units)} ({format_mg(dose_mg)})"


def _step_by_step(formula: Formula, plan: TitrationPlan) -> str:
    clauses = []
    for index, step in enumerate(plan.steps):
        verb = formula.dosage_form.action.format(amount=_amount(formula, step.dose_mg))
        if index:
            verb = "then " + verb[0].lower() + verb[1:]
        if step.days:
            span = f" for {step.days} day{'s' if step.days != 1 else ''}"
        else:
            span = " from then on" if len(plan.steps) > 1 else ""
        clauses.append(f"{verb} once a day {step.time_of_day.phrase}{span}")
    return ", ".join(clauses) + "."


EVEN_CLIMB_MIN_STEPS = 4


def _even_climb(formula: Formula, plan: TitrationPlan) -> str | None:
    steps = plan.steps
    if len(steps) < EVEN_CLIMB_MIN_STEPS:
        return None
    increases = {later.dose_mg - earlier.dose_mg for earlier, later in itertools.pairwise(steps)}
    lengths = {step.days for step in steps[:-1]}
    times = {step.time_of_day for step in steps}
    if len(increases) != 1 or len(lengths) != 1 or len(times) != 1:
        return None
    increase, days, time = increases.pop(), lengths.pop(), times.pop()
    if increase <= 0 or days is None or units_per_dose(formula, increase) is None:
        return None
    first, last = steps[0], steps[-1]
    verb = formula.dosage_form.action.format(amount=_amount(formula, first.dose_mg))
    return (
        f"{verb} once a day {time.phrase} for {days} days, then increase by {_amount(formula, increase)} "
        f"every {days} days until the dose is {_amount(formula, last.dose_mg)} once a day {time.phrase} "
        f"(from day {plan.days_to_target + 1} on)."
    )
