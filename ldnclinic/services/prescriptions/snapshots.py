"""What a prescription row stores of its script, read back as the domain's objects: the
formula as ordered, the titration steps (kept as JSON) and plan, the plan in words, and the
supply calculation they make."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula
from ldnclinic.domain.prescriptions.supply import SupplyCalculation, SupplyError, calculate
from ldnclinic.domain.prescriptions.titration import TimeOfDay, TitrationPlan, TitrationStep, plan_problems


def steps_to_json(steps: tuple[TitrationStep, ...]) -> str:
    return json.dumps(
        [{"dose_mg": str(s.dose_mg), "days": s.days, "time": s.time_of_day.value} for s in steps]
    )


def steps_from_json(text: str) -> tuple[TitrationStep, ...]:
    return tuple(
        TitrationStep(Decimal(item["dose_mg"]), item["days"], TimeOfDay(item["time"]))
        for item in json.loads(text)
    )


def rx_formula(row: Prescription) -> Formula:
    """The formula exactly as ordered on this script."""
    return Formula(
        code=row.formula_code,
        dosage_form=DosageForm(row.dosage_form),
        strength_mg=Decimal(row.strength_mg).normalize(),
        base=row.base,
        flavour=row.flavour,
        id=row.formula_id,
    )


def rx_plan(row: Prescription) -> TitrationPlan:
    return TitrationPlan(
        row.plan_code or "CUSTOM", row.plan_name or "Custom plan", steps_from_json(row.steps_json)
    )


def plan_text(steps: tuple[TitrationStep, ...]) -> str:
    """ "1.5 mg × 14 d → 3 mg × 14 d → 4.5 mg"."""
    from ldnclinic.domain.prescriptions.doses import format_mg

    return " → ".join(format_mg(s.dose_mg) + (f" × {s.days} d" if s.days else "") for s in steps)


def compute(
    formula: Formula, steps: tuple[TitrationStep, ...], supply_days: int, start: date, refills: int = 0
) -> tuple[SupplyCalculation | None, tuple[str, ...]]:
    """The supply calculation (with `refills`: how long one refill and all the fills last),
    or the reasons it cannot be made (a date past the calendar's end among them)."""
    problems = plan_problems(steps)
    if problems:
        return None, tuple(problems)
    try:
        return calculate(formula, TitrationPlan("CUSTOM", "", steps), supply_days, start, refills), ()
    except SupplyError as error:
        return None, tuple(error.problems)
