"""The safety screen on a patient's chart for a script (the facts it reads from the chart,
the last signed visit), and which findings an approval stored on the row covered."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import object_session

from ldnclinic.db.models.followups import Visit
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.domain.enums import ConsentKind
from ldnclinic.domain.prescriptions.formulary import Formula
from ldnclinic.domain.prescriptions.titration import TitrationStep
from ldnclinic.domain.safety.findings import Finding
from ldnclinic.domain.safety.screen import MedicationFact, SafetyInput, screen
from ldnclinic.domain.visits.note import VisitStatus
from ldnclinic.services.clinic.settings import clinic_zone


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
    return frozenset(stored_codes(row.override_codes)), frozenset(stored_codes(row.acknowledged_json))


def stored_codes(text: str | None) -> tuple[str, ...]:
    """The finding keys (or, before rules 2026.12-3, codes) stored as JSON on the row."""
    return tuple(json.loads(text)) if text else ()
