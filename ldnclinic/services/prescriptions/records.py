"""One prescription row in a transaction: loading it (and its patient), writing its audit
entry, and sending an approval that no longer holds back to draft."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.records import existing
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services import audit
from ldnclinic.services.context import Actor

STALE = "Someone else changed this prescription after you opened it. Nothing was overwritten."


def load_rx(session: Session, rx_id: int) -> Prescription:
    row = existing(session, Prescription, rx_id, "prescription")
    return row


def load_patient(session: Session, patient_id: int) -> Patient:
    patient = existing(session, Patient, patient_id, "patient")
    return patient


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


def back_to_draft(row: Prescription) -> None:
    """An approval no longer holds (edited, or the chart changed): the prescriber reviews again."""
    row.status = RxStatus.DRAFT.value
    row.approved_by_id = row.approved_at = None
    row.acknowledged_json = row.override_reason = row.override_codes = None
    row.overridden_by_id = None
