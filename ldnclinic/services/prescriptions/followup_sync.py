"""Keep a patient's generated follow-ups in step with their prescriptions.

Called inside the transaction of every prescription change (approve, edit, void, print
refusal) and when a patient's status changes. It reads the patient's live prescriptions
(approved or later, never void), asks the domain which generated items they call for now,
adds those missing, brings untouched ones up to date, and removes untouched items nobody
needs any more. An item someone has worked (an attempt, a schedule, a snooze, a change of
assignee, or any closing) is never removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.followups import Followup
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.domain.dates import today_in
from ldnclinic.domain.enums import PatientStatus
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import FollowupStatus, LiveScript, WantedFollowup, wanted_followups
from ldnclinic.services.clinic.settings import clinic_settings
from ldnclinic.services.prescriptions.in_force import live_prescriptions
from ldnclinic.services.prescriptions.snapshots import compute, rx_formula, rx_plan


@dataclass(frozen=True, slots=True)
class SyncResult:
    added: int = 0
    removed: int = 0
    updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.updated)


def live_scripts(session: Session, patient_id: int) -> list[LiveScript]:
    """The patient's live prescriptions as the follow-up rules read them, oldest start first."""
    scripts = []
    for row in live_prescriptions(session, patient_id):
        plan = rx_plan(row)
        calculation, _ = compute(rx_formula(row), plan.steps, row.supply_days, row.start_date)
        if calculation is None:  # an approved script always computes; a formulary edit cannot change it
            continue
        renewed_from = session.get(Prescription, row.renewed_from_id) if row.renewed_from_id else None
        scripts.append(
            LiveScript(
                id=row.id,
                formula=rx_formula(row),
                plan=plan,
                start=row.start_date,
                quantity=calculation.quantity,
                refills=row.refills,
                renewal_of_same_plan=renewed_from is not None and renewed_from.steps_json == row.steps_json,
            )
        )
    return scripts


def sync_patient_followups(session: Session, patient_id: int, now: datetime) -> SyncResult:
    rules, _, zone = clinic_settings(session)
    today = today_in(zone, now)
    patient = session.get_one(Patient, patient_id)
    wanted = wanted_followups(
        live_scripts(session, patient_id),
        today=today,
        patient_active=PatientStatus(patient.status) in (PatientStatus.ACTIVE, PatientStatus.PROSPECTIVE),
        rules=rules,
    )
    by_key = {item.key: item for item in wanted}
    existing = session.scalars(
        select(Followup).where(Followup.patient_id == patient_id, Followup.generated.is_(True))
    ).all()
    removed = updated = 0
    present: set[tuple[int, FollowupType, date]] = set()
    for row in existing:
        key = (row.prescription_id or 0, FollowupType(row.type), row.due_date)
        match = by_key.get(key)
        if match is not None:
            present.add(key)
            if not row.worked and row.reason != match.item.reason:
                row.reason = match.item.reason
                updated += 1
        elif not row.worked and row.status == FollowupStatus.OPEN.value:
            session.delete(row)
            removed += 1
    added = 0
    for key, item in by_key.items():
        if key in present or _stale_routine(item, today):
            continue
        session.add(_new_row(patient_id, item, now))
        added += 1
    session.flush()
    return SyncResult(added=added, removed=removed, updated=updated)


def _stale_routine(item: WantedFollowup, today: date) -> bool:
    """Routine reviews already past are kept if they exist but never created late."""
    return item.item.type is FollowupType.ROUTINE_REVIEW and item.item.due < today


def _new_row(patient_id: int, item: WantedFollowup, now: datetime) -> Followup:
    return Followup(
        patient_id=patient_id,
        prescription_id=item.prescription_id,
        type=item.item.type.value,
        due_date=item.item.due,
        work_date=item.item.due,
        reason=item.item.reason,
        generated=True,
        status=FollowupStatus.OPEN.value,
        worked=False,
        created_at=now,
        updated_at=now,
    )
