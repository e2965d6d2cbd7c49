"""Which of a patient's prescriptions are in force: the queries every area asks.

A live prescription is approved or later and not void (`LIVE_STATUSES`); the one with the
latest start is the prescription in force. Follow-up planning, a new script's starting
point, the visit note's dose and the handouts all read it from here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.domain.enums import stored_values
from ldnclinic.domain.prescriptions.status import LIVE_STATUSES


def live_prescriptions(session: Session, patient_id: int) -> list[Prescription]:
    """The patient's live prescriptions (approved or later, never void), oldest start first:
    the last one is the prescription in force."""
    return list(
        session.scalars(
            select(Prescription)
            .where(
                Prescription.patient_id == patient_id,
                Prescription.status.in_(stored_values(LIVE_STATUSES)),
            )
            .order_by(Prescription.start_date, Prescription.approved_at, Prescription.id)
        )
    )


def current_prescription(session: Session, patient_id: int) -> Prescription | None:
    """The prescription in force, or None when the patient has no live script."""
    scripts = live_prescriptions(session, patient_id)
    return scripts[-1] if scripts else None
