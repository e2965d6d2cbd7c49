"""A new prescription for a patient who already has one in force: how it goes on from it.

A patient on LDN does not start over at 1.5 mg when the next script is written. The new
script starts from the live one, in one of two ways:

- continue the same plan (a renewal): the same formula, and the plan as it goes on from the
  day the new script starts: the step in force that day with the days it has left, then the
  later steps; once on the target dose, that dose alone. It starts the day the dispensed
  supply runs out (`followups.rules.supply_runs_out`), or today when that day has passed;
- change the dose: it starts today, with the dose the patient takes today as the first step;
  the prescriber then says for how long, and the steps that follow.

The last step of a plan goes on until the next review, so "the dose on a day" is always
defined once the plan has started; before its start it is the first step's dose.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ldnclinic.domain.prescriptions.titration import TitrationStep


def step_on(steps: tuple[TitrationStep, ...], start: date, day: date) -> tuple[int, int]:
    """The step in force on `day` of a plan started on `start`, as (index, days into it)."""
    if not steps:
        raise ValueError("A plan needs at least one dose step.")
    offset = max(0, (day - start).days)
    for index, step in enumerate(steps):
        if step.days is None or offset < step.days:
            return index, offset
        offset -= step.days
    return len(steps) - 1, offset  # pragma: no cover - the last step has no end


def dose_on(steps: tuple[TitrationStep, ...], start: date, day: date) -> TitrationStep:
    """The step (dose and time of day) the patient takes on `day`."""
    index, _ = step_on(steps, start, day)
    return steps[index]


def plan_from(steps: tuple[TitrationStep, ...], start: date, day: date) -> tuple[TitrationStep, ...]:
    """The plan as it goes on from `day`: the step in force with the days it has left, then
    the later steps. On the target (last) step, that step alone."""
    index, into = step_on(steps, start, day)
    current = steps[index]
    if current.days is not None:
        current = replace(current, days=current.days - into)
    return (current, *steps[index + 1 :])


def continuation_start(runs_out: date, today: date) -> date:
    """A renewal starts the day the supply runs out, or today when that day has passed."""
    return max(runs_out, today)


def changed_dose_steps(
    steps: tuple[TitrationStep, ...], start: date, today: date
) -> tuple[TitrationStep, ...]:
    """A dose change starts from today's dose: one step, with no end until the prescriber
    gives its days and the steps after it."""
    current = dose_on(steps, start, today)
    return (replace(current, days=None),)
