"""The checks on a draft prescription that need the clinic's records, by field.

- `start_date`: within the clinic's window around its today (domain.prescriptions.start_window);
- `refills`: used up within a year of the start, as Texas requires (domain.supply);
- a PA as `prescriber_id`: the supervising physician active, with NPI and Texas license
  (domain.prescriptions.document.supervision_problems);
- the printed script on one page (domain.prescriptions.page), named at the field to shorten.

The service runs them when a draft is saved (a refusal lists every field at once) and in the
live preview, so the editor shows each message beside its field as the user types. Any date
the calendar holds is answered with a message, never an exception.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.clinic import ClinicProfile
from ldnclinic.db.models.prescriptions import Formula as FormulaRow
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.models.users import User
from ldnclinic.db.records import by_id
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.prescriptions.document import supervision_problems
from ldnclinic.domain.prescriptions.page import page_problems
from ldnclinic.domain.prescriptions.start_window import start_date_problem
from ldnclinic.domain.prescriptions.supply import (
    MAX_SUPPLY_DAYS,
    SupplyError,
    calculate,
    refill_limit_problem,
)
from ldnclinic.domain.prescriptions.titration import TitrationPlan, find_plan, plan_problems
from ldnclinic.domain.text import optional_clean_text
from ldnclinic.services.clinic.settings import start_limits_of
from ldnclinic.services.prescriptions.documents import build_document, practice_block, prescriber_block
from ldnclinic.services.prescriptions.dto import PrescriptionInput
from ldnclinic.services.prescriptions.formulary import domain_formula
from ldnclinic.services.prescriptions.snapshots import steps_to_json

LAYOUT_SERIAL = "RX-0000000-0"  # stands in for the serial (assigned when printed) in the page check


def draft_problems(
    session: Session,
    data: PrescriptionInput,
    *,
    formula_row: FormulaRow,
    pharmacy_id: int | None,
    prescriber_id: int | None,
    today: date,
    now: datetime,
) -> dict[str, str]:
    """What stops this draft from being saved, by field (empty: nothing here does)."""
    problems: dict[str, str] = {}
    start = data.start_date or today
    clinic = session.scalar(select(ClinicProfile))
    start_problem = start_date_problem(start, today, start_limits_of(clinic))
    if start_problem:
        problems["start_date"] = start_problem
    supervision = supervision_problem(session, prescriber_id)
    if supervision:
        problems["prescriber_id"] = supervision
    if (
        start_problem
        or plan_problems(data.steps)
        or not 1 <= data.supply_days <= MAX_SUPPLY_DAYS
        or data.refills < 0
    ):
        return problems  # the rest needs a usable plan and start date (their own messages say why)
    formula = domain_formula(formula_row)
    plan = TitrationPlan("CUSTOM", "", data.steps)
    try:
        calculation = calculate(formula, plan, data.supply_days, start, data.refills)
    except SupplyError:
        return problems  # cannot be made as written: the preview lists why, and approval refuses it
    refill_problem = refill_limit_problem(formula, plan, calculation.quantity, data.refills)
    if refill_problem:
        problems["refills"] = refill_problem
    note, diagnosis = _note(data), _diagnosis(data)
    if (
        len(note or "") <= limits.RX_PHARMACIST_NOTE.chars
        and len(diagnosis or "") <= limits.RX_DIAGNOSIS.chars
    ):
        row = unsaved_row(data, formula_row, start, pharmacy_id, prescriber_id)
        document = build_document(
            session, row, calculation, serial=LAYOUT_SERIAL, issued_on=today, printed_at=now
        )
        for field, text in page_problems(document).items():
            problems.setdefault(field, text)
    return problems


def supervision_problem(session: Session, prescriber_id: int | None) -> str | None:
    """Why a PA cannot be the prescriber on a script now (their supervising physician is
    missing, deactivated, or lacks an NPI or Texas license), naming both; None otherwise."""
    user = by_id(session, User, prescriber_id) if prescriber_id is not None else None
    if user is None:
        return None
    prescriber = prescriber_block(user, practice_block(session.scalar(select(ClinicProfile))))
    missing = supervision_problems(prescriber)
    if not missing:
        return None
    return (
        f"{prescriber.signature_name} prescribes as a physician assistant, under a supervising physician: "
        f"the script needs {'; '.join(missing)}. An administrator fixes this under Admin → Users."
    )


def _note(data: PrescriptionInput) -> str | None:
    return optional_clean_text(data.pharmacist_note)  # as the draft stores it


def _diagnosis(data: PrescriptionInput) -> str | None:
    return optional_clean_text(data.diagnosis)


def unsaved_row(
    data: PrescriptionInput,
    formula_row: FormulaRow,
    start: date,
    pharmacy_id: int | None,
    prescriber_id: int | None,
) -> Prescription:
    """The draft as a row that is never added to the session: what the page check lays out."""
    plan = find_plan(data.plan_code) if data.plan_code else None
    return Prescription(
        patient_id=data.patient_id,
        formula_id=formula_row.id,
        formula_code=formula_row.code,
        dosage_form=formula_row.dosage_form,
        strength_mg=formula_row.strength_mg,
        base=formula_row.base,
        flavour=formula_row.flavour,
        plan_code=plan.code if plan is not None and plan.steps == data.steps else None,
        plan_name=plan.name if plan is not None and plan.steps == data.steps else "Custom plan",
        steps_json=steps_to_json(data.steps),
        start_date=start,
        supply_days=data.supply_days,
        refills=max(data.refills, 0),
        pharmacy_id=pharmacy_id,
        prescriber_id=prescriber_id,
        diagnosis=_diagnosis(data),
        diagnosis_omitted=data.diagnosis_omitted,
        pharmacist_note=_note(data),
    )
