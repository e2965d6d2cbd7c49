"""Between prescription rows and the domain: steps as JSON, the formula snapshot, the facts
the safety screen needs from a chart, and row -> DTO mapping."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.db.models.followups import Visit
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.models.users import User
from ldnclinic.db.records import by_id
from ldnclinic.domain.enums import AuditAction, ConsentKind
from ldnclinic.domain.errors import NotFoundError
from ldnclinic.domain.formulary import DosageForm, Formula
from ldnclinic.domain.names import display_name
from ldnclinic.domain.prescription_status import PrintKind, RxStatus, SendMethod
from ldnclinic.domain.rx_safety import Finding, MedicationFact, SafetyInput, hard_stops, screen
from ldnclinic.domain.supply import SupplyCalculation, SupplyError, calculate, fit_problems
from ldnclinic.domain.titration import TimeOfDay, TitrationPlan, TitrationStep, plan_problems
from ldnclinic.domain.visits import VisitStatus
from ldnclinic.services import audit
from ldnclinic.services.clinic.settings import clinic_zone
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import PrescriptionDetail, PrescriptionSummary, PrintRecord

STALE = "Someone else changed this prescription after you opened it. Nothing was overwritten."


def audit_rx(
    session: Session,
    at: datetime,
    actor: Actor,
    action: AuditAction,
    row: Prescription,
    *,
    detail: str | None = None,
) -> None:
    audit.record(
        session,
        at=at,
        action=action,
        actor=actor,
        record_type="prescription",
        record_id=row.id,
        detail=detail,
    )


def load_patient(session: Session, patient_id: int) -> Patient:
    patient = by_id(session, Patient, patient_id)
    if patient is None:
        raise NotFoundError(f"There is no patient with id {patient_id}.")
    return patient


def back_to_draft(row: Prescription) -> None:
    """An approval no longer holds (edited, or the chart changed): the prescriber reviews again."""
    row.status = RxStatus.DRAFT.value
    row.approved_by_id = row.approved_at = None
    row.acknowledged_json = row.override_reason = row.override_codes = None
    row.overridden_by_id = None


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
    from ldnclinic.domain.doses import format_mg

    return " → ".join(format_mg(s.dose_mg) + (f" × {s.days} d" if s.days else "") for s in steps)


def safety_input(patient: Patient, formula: Formula, steps: tuple[TitrationStep, ...]) -> SafetyInput:
    return SafetyInput(
        medications=tuple(MedicationFact(m.name, m.dose, m.active, m.note) for m in patient.medications),
        conditions=tuple((c.label, c.icd10) for c in patient.conditions),
        allergies=tuple(a.substance for a in patient.allergies),
        patient_state=patient.state,
        consents=frozenset(ConsentKind(c.kind) for c in patient.consents),
        formula=formula,
        steps=steps,
    )


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


def findings_for(
    patient: Patient, formula: Formula, steps: tuple[TitrationStep, ...], *, today: date | None = None
) -> tuple[Finding, ...]:
    """The safety screen; with `today` it also checks for a signed visit in the last 12 months."""
    if not steps:
        return ()
    data = safety_input(patient, formula, steps)
    if today is not None:
        data = replace(data, screened_on=today, last_visit=last_signed_visit(patient))
    return screen(data)


def last_signed_visit(patient: Patient) -> date | None:
    """The day of the patient's newest signed visit (in the clinic's zone), or None."""
    session = object_session(patient)
    assert session is not None
    visit_at = session.scalar(
        select(func.max(Visit.visit_at)).where(
            Visit.patient_id == patient.id, Visit.status == VisitStatus.SIGNED.value
        )
    )
    return visit_at.astimezone(clinic_zone(session)).date() if visit_at else None


def approval_decision(row: Prescription) -> tuple[frozenset[str], frozenset[str]]:
    """The finding keys the approval covered: (hard stops overridden, warnings acknowledged).
    Scripts approved before rules 2026.12-3 stored codes, which cover only findings without
    a subject: anything more specific goes back to the prescriber."""
    return frozenset(_codes(row.override_codes)), frozenset(_codes(row.acknowledged_json))


def user_name(user: User | None) -> str | None:
    if user is None:
        return None
    credentials = f", {user.credentials}" if user.credentials else ""
    return f"{user.first_name} {user.last_name}{credentials}"


def patient_full_name(patient: Patient) -> str:
    """The legal name in reading order, as a prescription prints it."""
    return " ".join(part for part in (patient.first_name, patient.middle_name, patient.last_name) if part)


def load_rx(session: Session, rx_id: int) -> Prescription:
    row = by_id(session, Prescription, rx_id)
    if row is None:
        raise NotFoundError(f"There is no prescription with id {rx_id}.")
    return row


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def summary(session: Session, row: Prescription) -> PrescriptionSummary:
    patient = session.get_one(Patient, row.patient_id)
    formula = rx_formula(row)
    steps = steps_from_json(row.steps_json)
    from ldnclinic.domain.doses import format_mg

    return PrescriptionSummary(
        id=row.id,
        patient_id=row.patient_id,
        patient_name=display_name(patient.first_name, patient.last_name, patient.middle_name),
        patient_mrn=patient.mrn,
        status=RxStatus(row.status),
        formula_code=row.formula_code,
        medication=formula.label,
        target_dose=format_mg(steps[-1].dose_mg) if steps else "",
        plan_text=plan_text(steps),
        supply_days=row.supply_days,
        refills=row.refills,
        prescriber_name=user_name(session.get(User, row.prescriber_id)) if row.prescriber_id else None,
        prescriber_id=row.prescriber_id,
        serial=row.serial,
        created_at=row.created_at,
        updated_at=row.updated_at,
        hard_stop_count=len(hard_stops(findings_for(patient, formula, steps))),
    )


def detail(session: Session, row: Prescription, today: date | None = None) -> PrescriptionDetail:
    patient = session.get_one(Patient, row.patient_id)
    formula = rx_formula(row)
    steps = steps_from_json(row.steps_json)
    calculation, problems = compute(formula, steps, row.supply_days, row.start_date, row.refills)

    def name_of(user_id: int | None) -> str | None:
        return user_name(session.get(User, user_id)) if user_id else None

    def pharmacy_name(pharmacy_id: int | None) -> str | None:
        pharmacy = session.get(Pharmacy, pharmacy_id) if pharmacy_id else None
        return pharmacy.name if pharmacy else None

    return PrescriptionDetail(
        id=row.id,
        patient_id=row.patient_id,
        patient_name=display_name(patient.first_name, patient.last_name, patient.middle_name),
        patient_mrn=patient.mrn,
        status=RxStatus(row.status),
        formula_id=row.formula_id,
        formula_code=row.formula_code,
        dosage_form=formula.dosage_form,
        strength_mg=formula.strength_mg,
        base=row.base,
        flavour=row.flavour,
        medication=formula.label,
        plan_code=row.plan_code,
        plan_name=row.plan_name,
        steps=steps,
        start_date=row.start_date,
        supply_days=row.supply_days,
        refills=row.refills,
        pharmacy_id=row.pharmacy_id,
        pharmacy_name=pharmacy_name(row.pharmacy_id),
        prescriber_id=row.prescriber_id,
        prescriber_name=name_of(row.prescriber_id),
        diagnosis=row.diagnosis,
        diagnosis_omitted=row.diagnosis_omitted,
        pharmacist_note=row.pharmacist_note,
        serial=row.serial,
        calculation=calculation,
        problems=problems,
        findings=findings_for(patient, formula, steps, today=today),
        rules_version=row.rules_version,
        acknowledged=_codes(row.acknowledged_json),
        override_reason=row.override_reason,
        override_codes=_codes(row.override_codes),
        renewed_from_id=row.renewed_from_id,
        created_by=name_of(row.created_by_id) or "",
        created_at=row.created_at,
        updated_at=row.updated_at,
        approved_by=name_of(row.approved_by_id),
        approved_at=row.approved_at,
        printed_at=row.printed_at,
        signed_by=name_of(row.signed_by_id),
        signed_at=row.signed_at,
        sent_at=row.sent_at,
        sent_by=name_of(row.sent_by_id),
        sent_method=SendMethod(row.sent_method) if row.sent_method else None,
        sent_to_pharmacy_name=pharmacy_name(row.sent_to_pharmacy_id),
        voided_at=row.voided_at,
        voided_by=name_of(row.voided_by_id),
        void_reason=row.void_reason,
        prints=tuple(
            PrintRecord(p.id, PrintKind(p.kind), p.printed_at, name_of(p.printed_by_id) or "", p.sha256)
            for p in row.prints
        ),
        version=row.version,
        missing_elements=_missing_elements(session, row, today),
    )


def _missing_elements(session: Session, row: Prescription, today: date | None) -> tuple[str, ...]:
    """What Texas requires that the script, not printed yet, still lacks (the printer's check)."""
    from ldnclinic.services.prescriptions.readiness import draft_missing  # it builds on this module

    day = today or row.start_date
    return draft_missing(session, row, today=day, now=row.updated_at)


def fits(formula: Formula, steps: tuple[TitrationStep, ...]) -> bool:
    return not fit_problems(formula, steps)
