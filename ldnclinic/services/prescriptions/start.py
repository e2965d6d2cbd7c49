"""Where a new prescription starts: from the patient's live script, when there is one.

`draft_start` reads the patient's prescription in force (the newest live one, as the
follow-ups read it: `in_force.live_prescriptions`) and offers two prefilled drafts, by
the domain's rules (`domain.continuation`): continue the same plan (a renewal from the day
the supply runs out) or change the dose (from today's dose, today). A patient without a live
script gets neither, and the editor starts a fresh plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.models.users import User
from ldnclinic.domain.followups.rules import supply_runs_out
from ldnclinic.domain.prescriptions.continuation import (
    changed_dose_steps,
    continuation_start,
    dose_on,
    plan_from,
)
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.domain.prescriptions.titration import PLAN_TEMPLATES, TitrationStep
from ldnclinic.services.prescriptions.dto import PrescriptionInput
from ldnclinic.services.prescriptions.in_force import live_prescriptions
from ldnclinic.services.prescriptions.snapshots import compute, plan_text, rx_formula, rx_plan
from ldnclinic.services.users.labels import user_name


@dataclass(frozen=True, slots=True)
class LiveScript:
    """The patient's prescription in force, as the editor shows it above a new one."""

    id: int
    serial: str | None
    status: RxStatus
    medication: str  # "Naltrexone HCl 1.5 mg capsule"
    formula_code: str
    plan_name: str  # "Standard: 1.5 → 3 → 4.5 mg, two weeks a step" or "Custom plan"
    plan_text: str  # "1.5 mg × 14 d → 3 mg × 14 d → 4.5 mg"
    dose_today: str  # "3 mg at bedtime"
    supply_days: int
    refills: int
    start_date: date
    runs_out: date  # the first day the first fill and every refill no longer hold a full dose
    prescriber_name: str | None


@dataclass(frozen=True, slots=True)
class DraftStart:
    """How the editor opens a new prescription for a patient."""

    live: LiveScript | None  # None: no live script, a fresh plan
    same_plan: PrescriptionInput | None  # continue the same plan: a renewal
    change_dose: PrescriptionInput | None  # change the dose: today's dose as the first step


def _template_code(steps: tuple[TitrationStep, ...]) -> str | None:
    return next((plan.code for plan in PLAN_TEMPLATES if plan.steps == steps), None)


def draft_start(session: Session, patient_id: int, today: date, prescriber_id: int | None) -> DraftStart:
    """The drafts a new prescription for this patient may start from (see the module);
    `prescriber_id` is the prescriber writing it (None: staff, the live script's prescriber)."""
    live = live_prescriptions(session, patient_id)
    if not live:
        return DraftStart(None, None, None)
    row = live[-1]  # the newest start: the prescription in force, or about to be
    plan = rx_plan(row)
    calculation, _ = compute(rx_formula(row), plan.steps, row.supply_days, row.start_date)
    if calculation is None:  # an approved script always computes; a formulary edit cannot change it
        return DraftStart(None, None, None)
    runs_out = supply_runs_out(rx_formula(row), plan, row.start_date, calculation.quantity, row.refills)
    today_step = dose_on(plan.steps, row.start_date, today)
    script = LiveScript(
        id=row.id,
        serial=row.serial,
        status=RxStatus(row.status),
        medication=rx_formula(row).label,
        formula_code=row.formula_code,
        plan_name=row.plan_name or "Custom plan",
        plan_text=plan_text(plan.steps),
        dose_today=f"{format_mg(today_step.dose_mg)} {today_step.time_of_day.phrase}",
        supply_days=row.supply_days,
        refills=row.refills,
        start_date=row.start_date,
        runs_out=runs_out,
        prescriber_name=user_name(session.get(User, row.prescriber_id)) if row.prescriber_id else None,
    )
    start = continuation_start(runs_out, today)
    same = plan_from(plan.steps, row.start_date, start)
    changed = changed_dose_steps(plan.steps, row.start_date, today)
    prescriber = prescriber_id or row.prescriber_id
    return DraftStart(
        live=script,
        same_plan=_like(row, same, start, prescriber),
        change_dose=_like(row, changed, today, prescriber),
    )


def _like(
    row: Prescription, steps: tuple[TitrationStep, ...], start: date, prescriber_id: int | None
) -> PrescriptionInput | None:
    """A new draft with the live script's formula, supply, refills, pharmacy and intended use,
    and these steps from `start` (None for a script whose formula is gone)."""
    if row.formula_id is None:
        return None
    return PrescriptionInput(
        patient_id=row.patient_id,
        formula_id=row.formula_id,
        steps=steps,
        supply_days=row.supply_days,
        refills=row.refills,
        plan_code=_template_code(steps),
        start_date=start,
        pharmacy_id=row.pharmacy_id,
        prescriber_id=prescriber_id,
        diagnosis=row.diagnosis,
        diagnosis_omitted=row.diagnosis_omitted,
        pharmacist_note=row.pharmacist_note,
    )
