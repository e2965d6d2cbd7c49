"""Titration plans as data: ordered dose steps, the last one open-ended.

A plan says what daily dose to take, for how many days, at what time of day. Built-in
templates cover the common schemes; a prescription may carry its own steps instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ldnclinic.domain.prescriptions.doses import DoseFormatError, format_amount, format_mg, parse_dose

MAX_STEPS = 24
MAX_STEP_DAYS = 365


class TimeOfDay(StrEnum):
    BEDTIME = "bedtime"
    MORNING = "morning"

    @property
    def phrase(self) -> str:
        """How the directions say it: never "qhs" or "qam"."""
        return "at bedtime" if self is TimeOfDay.BEDTIME else "in the morning"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PlanFormatError(ValueError):
    """A typed plan that cannot be read; the message names the step and the problem."""


@dataclass(frozen=True, slots=True)
class TitrationStep:
    """Take `dose_mg` once a day for `days` days (None: from then on)."""

    dose_mg: Decimal
    days: int | None = None
    time_of_day: TimeOfDay = TimeOfDay.BEDTIME

    @property
    def text(self) -> str:
        """ "1.5 mg for 14 days", "4.5 mg from then on"."""
        span = f"for {self.days} day{'s' if self.days != 1 else ''}" if self.days else "from then on"
        return f"{format_mg(self.dose_mg)} {self.time_of_day.phrase} {span}"


@dataclass(frozen=True, slots=True)
class TitrationPlan:
    code: str
    name: str
    steps: tuple[TitrationStep, ...]
    description: str = ""

    @property
    def target_dose_mg(self) -> Decimal:
        return self.steps[-1].dose_mg

    @property
    def days_to_target(self) -> int:
        """Days from the first dose to the first day on the target (last) dose."""
        return sum(step.days or 0 for step in self.steps[:-1])

    @property
    def max_dose_mg(self) -> Decimal:
        return max(step.dose_mg for step in self.steps)

    @property
    def min_dose_mg(self) -> Decimal:
        return min(step.dose_mg for step in self.steps)

    @property
    def is_fixed(self) -> bool:
        return len(self.steps) == 1

    @property
    def steps_text(self) -> str:
        """The steps in the command line's own notation: "1.5:14,3:14,4.5"."""
        return format_steps(self.steps)


class PlanProblem(str):
    """A plan problem's message that also says, as data, which step (1-based) and which of its
    cells ("dose" or "days") it is about, so a screen marks the cell without reading the text.
    A problem about the whole plan has neither."""

    step: int | None
    cell: str | None

    def __new__(cls, message: str, step: int | None = None, cell: str | None = None) -> PlanProblem:
        problem = super().__new__(cls, message)
        problem.step = step
        problem.cell = cell
        return problem

    def __getnewargs__(self) -> tuple[str, int | None, str | None]:  # type: ignore[override]
        return str(self), self.step, self.cell


DOSE_CELL = "dose"
DAYS_CELL = "days"


def plan_problems(steps: tuple[TitrationStep, ...]) -> list[PlanProblem]:
    """What makes a list of steps unusable as a plan (empty list: it is fine)."""
    if not steps:
        return [PlanProblem("A plan needs at least one dose step.")]
    problems = []
    if len(steps) > MAX_STEPS:
        problems.append(PlanProblem(f"A plan has at most {MAX_STEPS} steps."))
    for number, step in enumerate(steps, start=1):
        last = number == len(steps)

        def about(text: str, cell: str, number: int = number) -> PlanProblem:
            return PlanProblem(f"Step {number}: {text}", number, cell)

        if step.dose_mg <= 0:
            problems.append(about("the dose must be more than 0 mg.", DOSE_CELL))
        if last and step.days is not None:
            problems.append(
                about("the last step continues until the next review; leave its days empty.", DAYS_CELL)
            )
        if not last and step.days is None:
            problems.append(about("only the last step may go on without an end; give its days.", DAYS_CELL))
        if step.days is not None and not 1 <= step.days <= MAX_STEP_DAYS:
            problems.append(about(f"days must be from 1 to {MAX_STEP_DAYS}.", DAYS_CELL))
    return problems


def parse_steps(text: str, time_of_day: TimeOfDay = TimeOfDay.BEDTIME) -> tuple[TitrationStep, ...]:
    """Read "1.5:14,3:14,4.5" (DOSE:DAYS, the last step without days) into steps."""
    parts = [part.strip() for part in (text or "").split(",")]
    if not any(parts):
        raise PlanFormatError("Give the steps as DOSE:DAYS separated by commas, e.g. 1.5:14,3:14,4.5")
    steps = []
    for number, part in enumerate(parts, start=1):
        dose_text, _, days_text = part.partition(":")
        try:
            dose = parse_dose(dose_text)
        except DoseFormatError as error:
            raise PlanFormatError(f"Step {number} (“{part[:20]}”): {error}") from None
        days: int | None = None
        digits = days_text.strip()
        if digits:
            # ASCII digits only: "²".isdigit() is true yet int("²") fails.
            if not (digits.isascii() and digits.isdigit()):
                raise PlanFormatError(f"Step {number} (“{part[:20]}”): days must be a whole number.")
            # A very long number would exceed int()'s digit limit; it is out of range anyway.
            days = int(digits) if len(digits.lstrip("0")) <= 6 else MAX_STEP_DAYS + 1
        steps.append(TitrationStep(dose, days, time_of_day))
    result = tuple(steps)
    problems = plan_problems(result)
    if problems:
        raise PlanFormatError(" ".join(problems))
    return result


def format_steps(steps: tuple[TitrationStep, ...]) -> str:
    return ",".join(
        format_amount(step.dose_mg) + (f":{step.days}" if step.days is not None else "") for step in steps
    )


def _plan(code: str, name: str, steps: str, description: str) -> TitrationPlan:
    return TitrationPlan(code, name, parse_steps(steps), description)


PLAN_TEMPLATES: tuple[TitrationPlan, ...] = (
    _plan(
        "STD-1.5-14",
        "Standard: 1.5 → 3 → 4.5 mg, two weeks a step",
        "1.5:14,3:14,4.5",
        "The most common scheme: two weeks at 1.5 mg, two at 3 mg, then 4.5 mg.",
    ),
    _plan(
        "HALF-WEEKLY",
        "Gentle: start 0.5 mg, add 0.5 mg each week to 4.5 mg",
        "0.5:7,1:7,1.5:7,2:7,2.5:7,3:7,3.5:7,4:7,4.5",
        "For patients who prefer a slower start; made for a liquid or drops.",
    ),
    _plan(
        "LIQ-SLOW",
        "Sensitive: liquid, up 0.5 mg every two weeks to 4.5 mg",
        "0.5:14,1:14,1.5:14,2:14,2.5:14,3:14,3.5:14,4:14,4.5",
        "For patients sensitive to medicines; made for a 1 mg/mL liquid.",
    ),
    _plan(
        "COVID-1-2",
        "Long COVID: 1 mg for a month, then 2 mg",
        "1:30,2",
        "As in published long COVID case series.",
    ),
    _plan("MAINT-4.5", "Maintenance: 4.5 mg daily", "4.5", "A fixed dose, no titration."),
    _plan("MAINT-3", "Maintenance: 3 mg daily", "3", "A fixed dose, no titration."),
    _plan("MAINT-1.5", "Maintenance: 1.5 mg daily", "1.5", "A fixed low dose, no titration."),
)


def find_plan(code: str) -> TitrationPlan | None:
    wanted = code.strip().upper()
    return next((plan for plan in PLAN_TEMPLATES if plan.code == wanted), None)
