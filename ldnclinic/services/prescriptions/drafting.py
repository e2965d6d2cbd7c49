"""Checking a typed prescription and putting it on a draft row (create, edit): every field's
problem at once, then what needs the clinic's records (checks.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.db.models.prescriptions import Formula as FormulaRow
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.models.users import User
from ldnclinic.db.records import by_id
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.supply import MAX_SUPPLY_DAYS
from ldnclinic.domain.prescriptions.titration import find_plan, plan_problems
from ldnclinic.domain.text import clean_text, optional_clean_text
from ldnclinic.services.clinic.settings import clinic_today, clinic_zone
from ldnclinic.services.context import Actor, Clock
from ldnclinic.services.prescriptions.checks import draft_problems
from ldnclinic.services.prescriptions.dto import PrescriptionInput
from ldnclinic.services.prescriptions.records import load_patient
from ldnclinic.services.prescriptions.snapshots import steps_to_json


def apply_input(
    session: Session, actor: Actor, row: Prescription, data: PrescriptionInput, clock: Clock
) -> None:
    """Check a typed prescription and put it on `row` (ValidationError lists every field)."""
    patient = load_patient(session, data.patient_id)
    formula_row = formula_row_of(session, data.formula_id)
    if not formula_row.active and formula_row.id != row.formula_id:
        raise ValidationError(
            {"formula_id": f"{formula_row.code} is no longer used; choose another formula."}
        )
    pharmacy_id = data.pharmacy_id if data.pharmacy_id is not None else patient.preferred_pharmacy_id
    # None keeps the prescriber already named (an edit), else the prescriber saving it.
    prescriber_id = data.prescriber_id or row.prescriber_id
    if prescriber_id is None and actor.can(Permission.RX_APPROVE):
        prescriber_id = actor.user_id
    _validate(session, data, pharmacy_id, prescriber_id, formula_row=formula_row, clock=clock)
    plan = find_plan(data.plan_code) if data.plan_code else None
    if plan is not None and plan.steps != data.steps:
        plan = None  # edited: a custom plan now
    row.patient_id = patient.id
    row.formula_id = formula_row.id
    row.formula_code = formula_row.code
    row.dosage_form = formula_row.dosage_form
    row.strength_mg = formula_row.strength_mg
    row.base = formula_row.base
    row.flavour = formula_row.flavour
    row.plan_code = plan.code if plan else None
    row.plan_name = plan.name if plan else "Custom plan"
    row.steps_json = steps_to_json(data.steps)
    row.start_date = data.start_date or clinic_today(session, clock())
    row.supply_days = data.supply_days
    row.refills = data.refills
    row.pharmacy_id = pharmacy_id
    row.prescriber_id = prescriber_id
    row.diagnosis = optional_clean_text(data.diagnosis)
    row.diagnosis_omitted = data.diagnosis_omitted
    row.pharmacist_note = optional_clean_text(data.pharmacist_note)
    row.updated_at = clock()


def _validate(
    session: Session,
    data: PrescriptionInput,
    pharmacy_id: int | None,
    prescriber_id: int | None,
    *,
    formula_row: FormulaRow,
    clock: Clock,
) -> None:
    """Every field's problem at once: the limits of each field, then what needs the clinic's
    records (the start date window, the Texas refill year, a PA's supervising physician,
    the one printed page: see checks.py)."""
    errors: dict[str, str] = {}
    problems = plan_problems(data.steps)
    if problems:
        errors["steps"] = " ".join(problems)
    if not 1 <= data.supply_days <= MAX_SUPPLY_DAYS:
        errors["supply_days"] = f"The supply must be from 1 to {MAX_SUPPLY_DAYS} days."
    if not 0 <= data.refills <= limits.MAX_REFILLS:
        errors["refills"] = f"Refills must be from 0 to {limits.MAX_REFILLS}."
    if len(clean_text(data.diagnosis or "")) > limits.RX_DIAGNOSIS.chars:
        errors["diagnosis"] = f"Keep the intended use to {limits.RX_DIAGNOSIS.chars:,} characters."
    if len(clean_text(data.pharmacist_note or "")) > limits.RX_PHARMACIST_NOTE.chars:
        errors["pharmacist_note"] = (
            f"Keep the note to the pharmacist to {limits.RX_PHARMACIST_NOTE.chars:,} characters."
        )
    if pharmacy_id is not None and by_id(session, Pharmacy, pharmacy_id) is None:
        errors["pharmacy_id"] = "That pharmacy is not in the directory."
    if prescriber_id is not None:
        user = by_id(session, User, prescriber_id)
        if user is None or not user.active or "prescriber" not in {r.role for r in user.roles}:
            errors["prescriber_id"] = "Choose an active prescriber."
    checks = draft_problems(
        session,
        data,
        formula_row=formula_row,
        pharmacy_id=pharmacy_id,
        prescriber_id=prescriber_id,
        today=clinic_today(session, clock()),
        now=clock().astimezone(clinic_zone(session)),
    )
    errors = checks | errors  # a field's own limit first
    if errors:
        raise ValidationError(errors)


def formula_row_of(session: Session, formula_id: int) -> FormulaRow:
    row = by_id(session, FormulaRow, formula_id)
    if row is None:
        raise ValidationError({"formula_id": "Choose a formula from the formulary."})
    return row
