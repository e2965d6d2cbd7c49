"""From formula + plan + supply period: directions, units per dose, quantity, days supply.

Everything a pharmacist checks on the script is computed here, once, so the editor's
preview, the printed prescription and the command line always agree. Quantities are whole
units of the dosage form (capsules, troches, drops; whole mL for liquids and creams).

How long the dispensed supply lasts (`supply_coverage`: the first fill plus every refill of
the same quantity, taken along the plan) is worked out here too, once: the printed "Each
refill" line, the Texas one-year refill limit (`refill_limit_problem`) and the refill-due
follow-up all read it. Dates are only ever moved with `days_after`, which refuses a date
past the calendar's ends (year 1 to 9999) with a message instead of an OverflowError.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ldnclinic.domain.errors import Problem
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula
from ldnclinic.domain.prescriptions.titration import TitrationPlan, TitrationStep

MAX_SUPPLY_DAYS = 366
# 22 TAC 291.34: a dangerous-drug prescription is not refilled more than one year after it
# was issued. The first fill and every refill together must be used up within a year of the
# start (365 days, also in a leap year: the stricter reading).
REFILL_WINDOW_DAYS = 365
REFILL_RULE = "22 TAC 291.34"
OUT_OF_CALENDAR = (
    "The dates of this prescription would run past the end of the calendar (year 9999) or before "
    "its beginning; check the start date."
)


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
    problems: list[str] = []
    form = formula.dosage_form
    for step in _distinct_doses(plan_steps):
        units = units_per_dose(formula, step)
        if units is None:
            measure = "whole " + form.plural if form.measure_step == 1 else f"steps of {form.measure_step} mL"
            problems.append(
                Problem(
                    format_mg(step),
                    f"cannot be given in {measure} of {formula.strength_text} ({formula.code}); "
                    "choose a formula that fits.",
                )
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
    coverage: SupplyCoverage | None = None  # how long one refill and all the fills last

    @property
    def quantity_text(self) -> str:
        from ldnclinic.domain.prescriptions.doses import amount_words, format_amount

        return f"{format_amount(self.quantity)} ({amount_words(self.quantity)}) {self.quantity_unit}"

    @property
    def refill_text(self) -> str | None:
        """For a titration with refills, what ONE refill is and how long it lasts at the final
        dose ("Each refill: 48 capsules, 16 days at 4.5 mg a day"); None otherwise (a refill
        of a fixed dose is simply the first fill again)."""
        doses = {step.dose_mg for step in self.schedule}
        if self.coverage is None or self.coverage.refills < 1 or len(doses) < 2:
            return None
        return self.coverage.refill_text


class SupplyError(ValueError):
    """The plan cannot be given with the formula or the supply period is impossible."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def days_after(start: date, days: int) -> date:
    """`start` moved by `days` (negative: back), or SupplyError if that leaves the calendar."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise SupplyError([OUT_OF_CALENDAR]) from None


@dataclass(frozen=True, slots=True)
class SupplyCoverage:
    """How long the dispensed supply lasts: each fill holds `quantity` units, and the first
    fill and `refills` refills are taken along the plan from its first day (the last step goes on)."""

    quantity: Decimal  # units in each fill, the first and every refill
    unit: str  # "capsules", "mL" ...
    refills: int
    final_dose_mg: Decimal
    final_units: Decimal  # units per dose at the final dose
    refill_days: int  # whole days ONE refill lasts at the final dose
    days_covered: int  # whole days the first fill and every refill last together

    @property
    def refill_text(self) -> str:
        """ "Each refill: 48 capsules, 16 days at 4.5 mg a day"."""
        from ldnclinic.domain.prescriptions.doses import format_amount

        days = self.refill_days
        lasts = "less than a day" if days == 0 else f"{days} day{'s' if days != 1 else ''}"
        return (
            f"Each refill: {format_amount(self.quantity)} {self.unit}, {lasts} at "
            f"{format_mg(self.final_dose_mg)} a day"
        )


def supply_coverage(
    formula: Formula, plan: TitrationPlan, quantity: Decimal | int, refills: int
) -> SupplyCoverage:
    """How long `quantity` units dispensed `refills` + 1 times last along the plan.

    Leftovers carry over from one fill to the next; a day needs a full dose. The walk is per
    step, never per day, so a huge supply costs nothing. 48 capsules of 1.5 mg on the
    standard plan (1, 2, then 3 a day) last 30 days; each refill lasts 16 days at 4.5 mg.
    """
    problems = fit_problems(formula, plan.steps)
    if quantity < 0:
        problems.append("The quantity cannot be negative.")
    if refills < 0:
        problems.append("The number of refills cannot be negative.")
    if problems:
        raise SupplyError(problems)
    amount = Decimal(quantity)
    final = units_per_dose(formula, plan.target_dose_mg)
    assert final is not None  # fit_problems found no problem
    form = formula.dosage_form
    return SupplyCoverage(
        quantity=amount,
        unit=form.plural if amount != 1 or form.unit == "mL" else form.unit,
        refills=refills,
        final_dose_mg=plan.target_dose_mg,
        final_units=final,
        refill_days=math.floor(amount / final),
        days_covered=_days_covered(formula, plan, amount * (refills + 1)),
    )


def _days_covered(formula: Formula, plan: TitrationPlan, units: Decimal) -> int:
    day = 0
    for step in plan.steps:
        per_dose = units_per_dose(formula, step.dose_mg)
        assert per_dose is not None  # fit_problems found no problem
        doses = math.floor(units / per_dose)
        if step.days is None or doses < step.days:
            return day + doses
        units -= per_dose * step.days
        day += step.days
    raise AssertionError("the last step of a plan has no end")  # pragma: no cover


def refill_limit_problem(
    formula: Formula, plan: TitrationPlan, quantity: Decimal | int, refills: int
) -> str | None:
    """Why Texas would not allow this many refills (22 TAC 291.34), or None.

    The first fill and the refills must be used up within a year of the start; the message
    says how many refills fit. Raises SupplyError when the formula cannot give the plan.
    """
    if refills <= 0:
        return None
    coverage = supply_coverage(formula, plan, quantity, refills)
    if coverage.days_covered <= REFILL_WINDOW_DAYS:
        return None
    fitting = [
        fewer
        for fewer in range(refills)
        if supply_coverage(formula, plan, quantity, fewer).days_covered <= REFILL_WINDOW_DAYS
    ]
    lasts = (
        f"the first fill and {refills} refill{'s' if refills != 1 else ''} would last "
        f"{coverage.days_covered:,} days"
    )
    rule = (
        f"Texas does not allow a prescription to be refilled more than one year after it is issued "
        f"({REFILL_RULE}): {lasts}, past one year ({REFILL_WINDOW_DAYS} days)."
    )
    if not fitting or max(fitting) == 0:
        return f"{rule} No refill fits in a year with this supply: set the refills to 0."
    most = max(fitting)
    covered = supply_coverage(formula, plan, quantity, most).days_covered
    return f"{rule} At most {most} refill{'s' if most != 1 else ''} fit ({covered:,} days)."


def calculate(
    formula: Formula, plan: TitrationPlan, supply_days: int, start: date, refills: int = 0
) -> SupplyCalculation:
    """The directions and the quantity that covers `supply_days` of the plan from `start`
    (and, with `refills`, how long one refill and all the fills last)."""
    problems = fit_problems(formula, plan.steps)
    if not 1 <= supply_days <= MAX_SUPPLY_DAYS:
        problems.append(f"The supply must be from 1 to {MAX_SUPPLY_DAYS} days.")
    if problems:
        raise SupplyError(problems)
    schedule = _schedule(formula, plan, supply_days, start)
    used = sum((step.units * step.days_in_supply for step in schedule), Decimal(0))
    quantity = Decimal(math.ceil(used))
    form = formula.dosage_form
    coverage = supply_coverage(formula, plan, quantity, max(refills, 0))
    days_after(start, coverage.days_covered)  # the last day of the supply is on the calendar
    return SupplyCalculation(
        sig=directions(formula, plan),
        schedule=schedule,
        quantity=quantity,
        quantity_unit=form.plural if quantity != 1 or form.unit == "mL" else form.unit,
        days_supply=supply_days,
        target_dose_mg=plan.target_dose_mg,
        target_date=days_after(start, plan.days_to_target),
        max_daily_dose_mg=plan.max_dose_mg,
        coverage=coverage,
    )


def _schedule(
    formula: Formula, plan: TitrationPlan, supply_days: int, start: date
) -> tuple[ScheduledStep, ...]:
    steps = []
    day = 0
    for number, step in enumerate(plan.steps, start=1):
        units = units_per_dose(formula, step.dose_mg)
        assert units is not None  # fit_problems ran first
        starts = days_after(start, day)
        ends = None if step.days is None else days_after(starts, step.days - 1)
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
    text = _even_climb(formula, plan) or _by_schedule(formula, plan) or _step_by_step(formula, plan)
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
# An uneven plan longer than this is not said step by step (24 clauses fit no label and
# crowd the printed page): the directions give the first and the last dose and point to the
# dated titration schedule printed under them, which lists every step.
STEP_BY_STEP_MAX_STEPS = 6


def _by_schedule(formula: Formula, plan: TitrationPlan) -> str | None:
    steps = plan.steps
    if len(steps) <= STEP_BY_STEP_MAX_STEPS:
        return None
    first, last = steps[0], steps[-1]
    verb = formula.dosage_form.action.format(amount=_amount(formula, first.dose_mg))
    return (
        f"{verb} once a day {first.time_of_day.phrase} for {first.days} days, then change the dose as the "
        f"dated titration schedule says, step by step ({len(steps)} steps), until the dose is "
        f"{_amount(formula, last.dose_mg)} once a day {last.time_of_day.phrase} (from day "
        f"{plan.days_to_target + 1} on)."
    )


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
