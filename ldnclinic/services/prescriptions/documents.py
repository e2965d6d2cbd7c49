"""Builds the printable `PrescriptionDocument` from the records, and keeps it as a JSON
snapshot so a reprint shows exactly what the original showed, whatever changed since."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.clinic import ClinicProfile, Pharmacy
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.models.users import User
from ldnclinic.domain.prescriptions.document import (
    MedicationBlock,
    PatientBlock,
    PharmacyBlock,
    PracticeBlock,
    PrescriberBlock,
    PrescriptionDocument,
)
from ldnclinic.domain.prescriptions.doses import number_words
from ldnclinic.domain.prescriptions.supply import SupplyCalculation, supply_coverage
from ldnclinic.services.contact_checks import display_phone
from ldnclinic.services.prescriptions.snapshots import rx_formula, rx_plan

RELEASE = "compounded, immediate release"


def patient_full_name(patient: Patient) -> str:
    """The legal name in reading order, as a prescription prints it."""
    return " ".join(part for part in (patient.first_name, patient.middle_name, patient.last_name) if part)


def serial_for(rx_id: int) -> str:
    """ "RX-0000123-4": the id with a Luhn check digit, easy to read back over the phone."""
    from ldnclinic.domain.identifiers import luhn_check_digit

    digits = f"{rx_id:07d}"
    return f"RX-{digits}-{luhn_check_digit(digits)}"


def practice_block(clinic: ClinicProfile | None) -> PracticeBlock:
    """The clinic as the script prints it (blank parts show as missing elements)."""
    if clinic is None:
        return PracticeBlock("", "", "", "", "", "", None)
    return PracticeBlock(
        clinic.name,
        clinic.street,
        clinic.city,
        clinic.state,
        clinic.zip,
        display_phone(clinic.phone),
        display_phone(clinic.fax) or None,
    )


def prescriber_block(user: User | None, practice: PracticeBlock) -> PrescriberBlock:
    """The prescriber as the script prints it, with a PA's supervising physician."""
    if user is None:
        return PrescriberBlock("", "", None, None)
    supervisor = user.supervising
    return PrescriberBlock(
        name=f"{user.first_name} {user.last_name}",
        credentials=user.credentials or "",
        npi=user.npi,
        texas_license=user.texas_license,
        supervising_name=f"{supervisor.first_name} {supervisor.last_name}" if supervisor else None,
        supervising_credentials=supervisor.credentials if supervisor else None,
        # The supervising physician practises at the clinic: its address and phone.
        supervising_address=f"{practice.street}, {practice.city_line}"
        if supervisor and practice.street
        else None,
        supervising_phone=practice.phone if supervisor else None,
        supervising_npi=supervisor.npi if supervisor else None,
        supervising_texas_license=supervisor.texas_license if supervisor else None,
        supervising_active=supervisor.active if supervisor else True,
    )


def _patient(patient: Patient) -> PatientBlock:
    city_line = None
    if patient.city or patient.state or patient.zip:
        city_line = f"{patient.city or ''}, {patient.state or ''} {patient.zip or ''}".strip(" ,")
    phone = next((display_phone(p.number) for p in patient.phones), None)
    return PatientBlock(
        name=patient_full_name(patient),
        date_of_birth=patient.date_of_birth,
        street=patient.street,
        city_line=city_line,
        phone=phone,
        mrn=patient.mrn,
    )


def _pharmacy(pharmacy: Pharmacy | None) -> PharmacyBlock | None:
    if pharmacy is None:
        return None
    return PharmacyBlock(
        pharmacy.name,
        f"{pharmacy.street}, {pharmacy.city}, {pharmacy.state} {pharmacy.zip}",
        display_phone(pharmacy.phone),
        display_phone(pharmacy.fax) or None,
    )


def step_lines(calculation: SupplyCalculation, unit_label: str) -> tuple[str, ...]:
    """ "Days 1-14 (12/01/2026-12/14/2026): 1.5 mg = 1 capsule at bedtime"."""
    from ldnclinic.domain.prescriptions.doses import format_mg
    from ldnclinic.domain.prescriptions.formulary import DosageForm

    lines = []
    first = calculation.schedule[0].starts if calculation.schedule else None
    for step in calculation.schedule:
        assert first is not None
        day_from = (step.starts - first).days + 1
        if step.ends is None:
            span = f"From day {day_from} ({step.starts:%m/%d/%Y}) on"
        else:
            day_to = (step.ends - first).days + 1
            same_year = step.starts.year == step.ends.year
            starts = f"{step.starts:%m/%d}" if same_year else f"{step.starts:%m/%d/%Y}"
            span = f"Days {day_from}-{day_to} ({starts}-{step.ends:%m/%d/%Y})"
        units = DosageForm(unit_label).units(step.units)
        lines.append(f"{span}: {format_mg(step.dose_mg)} = {units} {step.time_phrase}")
    return tuple(lines)


def short_step_lines(calculation: SupplyCalculation, unit_label: str) -> tuple[tuple[str, ...], str | None]:
    """ "12/15-12/28/2026: 3 mg = 2 capsules" per step, and the time of day every step shares
    ("at bedtime"; None when they differ, and each line then says its own)."""
    from ldnclinic.domain.prescriptions.doses import format_mg
    from ldnclinic.domain.prescriptions.formulary import DosageForm

    times = {step.time_phrase for step in calculation.schedule}
    shared = times.pop() if len(times) == 1 else None
    lines = []
    for step in calculation.schedule:
        if step.ends is None:
            span = f"From {step.starts:%m/%d/%Y}"
        else:
            same_year = step.starts.year == step.ends.year
            starts = f"{step.starts:%m/%d}" if same_year else f"{step.starts:%m/%d/%Y}"
            span = f"{starts}-{step.ends:%m/%d/%Y}"
        units = DosageForm(unit_label).units(step.units)
        time = "" if shared else f" {step.time_phrase}"
        lines.append(f"{span}: {format_mg(step.dose_mg)} = {units}{time}")
    return tuple(lines), shared


def build_document(
    session: Session,
    row: Prescription,
    calculation: SupplyCalculation,
    *,
    serial: str,
    issued_on: date,
    printed_at: datetime,
) -> PrescriptionDocument:
    formula = rx_formula(row)
    # How long one refill lasts is read from the same supply_coverage the follow-ups use.
    coverage = supply_coverage(formula, rx_plan(row), calculation.quantity, row.refills)
    calculation = dataclasses.replace(calculation, coverage=coverage)
    practice = practice_block(session.scalar(select(ClinicProfile)))
    patient = session.get_one(Patient, row.patient_id)
    refills = f"{row.refills} ({number_words(row.refills)})"
    titration = len(calculation.schedule) > 1
    short_steps, dose_time = (
        short_step_lines(calculation, formula.dosage_form.value) if titration else ((), None)
    )
    medication = MedicationBlock(
        drug="Naltrexone HCl",
        strength=formula.strength_text,
        dosage_form=formula.dosage_form.label.lower(),
        release=RELEASE,
        base=formula.base,
        flavour=formula.flavour,
        quantity=calculation.quantity_text,
        days_supply=calculation.days_supply,
        directions=calculation.sig,
        steps=step_lines(calculation, formula.dosage_form.value) if titration else (),
        refills=refills,
        diagnosis=None if row.diagnosis_omitted else row.diagnosis,
        diagnosis_omitted=row.diagnosis_omitted,
        pharmacist_note=row.pharmacist_note,
        refill_note=calculation.refill_text,
        short_steps=short_steps,
        dose_time=dose_time,
    )
    return PrescriptionDocument(
        serial=serial,
        issued_on=issued_on,
        printed_at=printed_at,
        practice=practice,
        prescriber=prescriber_block(
            session.get(User, row.prescriber_id) if row.prescriber_id else None, practice
        ),
        patient=_patient(patient),
        medication=medication,
        pharmacy=_pharmacy(session.get(Pharmacy, row.pharmacy_id) if row.pharmacy_id else None),
        override_reasons=(row.override_reason,) if row.override_reason else (),
    )


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    raise TypeError(type(value))


def _decode(value: dict[str, Any]) -> Any:
    if "__datetime__" in value:
        return datetime.fromisoformat(value["__datetime__"])
    if "__date__" in value:
        return date.fromisoformat(value["__date__"])
    return value


def document_to_json(document: PrescriptionDocument) -> str:
    return json.dumps(dataclasses.asdict(document), default=_encode, ensure_ascii=False)


def document_from_json(text: str) -> PrescriptionDocument:
    data = json.loads(text, object_hook=_decode)
    pharmacy = data.pop("pharmacy")
    return PrescriptionDocument(
        practice=PracticeBlock(**data.pop("practice")),
        prescriber=PrescriberBlock(**data.pop("prescriber")),
        patient=PatientBlock(**data.pop("patient")),
        medication=MedicationBlock(
            **{
                **(m := data.pop("medication")),
                "steps": tuple(m["steps"]),
                "short_steps": tuple(m.get("short_steps", ())),
            }
        ),
        pharmacy=PharmacyBlock(**pharmacy) if pharmacy else None,
        override_reasons=tuple(data.pop("override_reasons")),
        **data,
    )
