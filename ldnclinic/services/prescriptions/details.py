"""Prescription rows as the DTOs show them: the queue's summary and the full detail (names,
pharmacy, calculation, findings, prints and what Texas still requires)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.models.users import User
from ldnclinic.domain.names import display_name
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus, SendMethod
from ldnclinic.domain.safety.findings import hard_stops
from ldnclinic.services.prescriptions.dto import PrescriptionDetail, PrescriptionSummary, PrintRecord
from ldnclinic.services.prescriptions.readiness import draft_missing
from ldnclinic.services.prescriptions.screening import findings_for, stored_codes
from ldnclinic.services.prescriptions.snapshots import compute, plan_text, rx_formula, steps_from_json
from ldnclinic.services.users.labels import user_name


def summary(session: Session, row: Prescription) -> PrescriptionSummary:
    patient = session.get_one(Patient, row.patient_id)
    formula = rx_formula(row)
    steps = steps_from_json(row.steps_json)
    from ldnclinic.domain.prescriptions.doses import format_mg

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
        acknowledged=stored_codes(row.acknowledged_json),
        override_reason=row.override_reason,
        override_codes=stored_codes(row.override_codes),
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
    day = today or row.start_date
    return draft_missing(session, row, today=day, now=row.updated_at)
