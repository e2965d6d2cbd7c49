"""Follow-up rows as the worklist shows them: rows -> FollowupItem with the patients, attempts
and user names looked up once for all of them, and the open items counted by bucket."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from ldnclinic.db.models.followups import ContactAttempt, Followup
from ldnclinic.db.models.patients import Patient, PatientPhone
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import (
    WEEK_DAYS,
    Bucket,
    ContactMethod,
    ContactOutcome,
    FollowupStatus,
    bucket_for,
)
from ldnclinic.domain.names import display_name
from ldnclinic.services.contact_checks import display_phone
from ldnclinic.services.followups.dto import AttemptRecord, FollowupItem
from ldnclinic.services.users.labels import user_labels


@dataclass(frozen=True, slots=True)
class PatientBrief:
    first_name: str
    middle_name: str | None
    last_name: str
    preferred_name: str | None
    mrn: str
    date_of_birth: date
    phone: str | None


def patient_briefs(session: Session, patient_ids: Iterable[int]) -> dict[int, PatientBrief]:
    """What a follow-up row shows of each patient (name, MRN, DOB, first phone), in two queries."""
    wanted = set(patient_ids)
    if not wanted:
        return {}
    phones: dict[int, str] = {}
    for patient_id, number in session.execute(
        select(PatientPhone.patient_id, PatientPhone.number)
        .where(PatientPhone.patient_id.in_(wanted))
        .order_by(PatientPhone.patient_id, PatientPhone.id)
    ):
        phones.setdefault(patient_id, number)
    rows = session.execute(
        select(
            Patient.id, Patient.first_name, Patient.middle_name, Patient.last_name,
            Patient.preferred_name, Patient.mrn, Patient.date_of_birth,
        ).where(Patient.id.in_(wanted))
    )  # fmt: skip
    return {
        row.id: PatientBrief(
            row.first_name,
            row.middle_name,
            row.last_name,
            row.preferred_name,
            row.mrn,
            row.date_of_birth,
            (display_phone(phones[row.id]) or None) if row.id in phones else None,
        )
        for row in rows
    }


def followup_item(session: Session, row: Followup, today: date, zone: ZoneInfo) -> FollowupItem:
    return followup_items(session, [row], today, zone)[0]


def followup_items(
    session: Session, rows: Sequence[Followup], today: date, zone: ZoneInfo
) -> list[FollowupItem]:
    """Rows -> DTOs with the patients, attempts and user names looked up once for all of them."""
    patients = patient_briefs(session, {row.patient_id for row in rows})
    attempts = _attempts(session, [row.id for row in rows])
    names = user_labels(
        session,
        {row.assignee_id for row in rows}
        | {row.closed_by_id for row in rows}
        | {attempt.by_id for found in attempts.values() for attempt in found},
    )
    return [
        _item(row, patients[row.patient_id], attempts.get(row.id, []), names=names, today=today, zone=zone)
        for row in rows
    ]


def _attempts(session: Session, followup_ids: list[int]) -> dict[int, list[Any]]:
    """Each follow-up's attempts, oldest first, as plain rows (no ORM objects), 900 ids a query."""
    found: dict[int, list[Any]] = {}
    for start in range(0, len(followup_ids), 900):
        chunk = followup_ids[start : start + 900]
        statement = (
            select(
                ContactAttempt.id, ContactAttempt.followup_id, ContactAttempt.at, ContactAttempt.method,
                ContactAttempt.outcome, ContactAttempt.note, ContactAttempt.by_id,
            )
            .where(ContactAttempt.followup_id.in_(chunk))
            .order_by(ContactAttempt.at, ContactAttempt.id)
        )  # fmt: skip
        for attempt in session.execute(statement):
            found.setdefault(attempt.followup_id, []).append(attempt)
    return found


def _item(
    row: Followup,
    patient: PatientBrief,
    attempts: list[Any],
    *,
    names: dict[int, str],
    today: date,
    zone: ZoneInfo,
) -> FollowupItem:
    status = FollowupStatus(row.status)
    return FollowupItem(
        id=row.id,
        patient_id=row.patient_id,
        patient_name=display_name(patient.first_name, patient.last_name, patient.middle_name),
        patient_first=patient.first_name,
        patient_last=patient.last_name,
        preferred_name=patient.preferred_name,
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        phone=patient.phone,
        prescription_id=row.prescription_id,
        type=FollowupType(row.type),
        due_date=row.due_date,
        work_date=row.work_date,
        reason=row.reason,
        generated=row.generated,
        assignee_id=row.assignee_id,
        assignee_name=names.get(row.assignee_id) if row.assignee_id else None,
        status=status,
        scheduled_at=row.scheduled_at.astimezone(zone) if row.scheduled_at else None,
        snoozed_until=row.snoozed_until,
        closed_reason=row.closed_reason,
        closed_at=row.closed_at.astimezone(zone) if row.closed_at else None,
        closed_by=names.get(row.closed_by_id) if row.closed_by_id else None,
        visit_id=row.visit_id,
        attempts=tuple(
            AttemptRecord(
                id=a.id,
                at=a.at.astimezone(zone),
                method=ContactMethod(a.method),
                outcome=ContactOutcome(a.outcome),
                note=a.note,
                by=names.get(a.by_id, ""),
            )
            for a in attempts
        ),
        bucket=None if status.is_closed else bucket_for(row.work_date, today),
        version=row.version,
    )


def bucket_counts(session: Session, open_items: Select[Any], today: date) -> dict[Bucket, int]:
    """How many of the open items fall in each bucket, counted by the database."""
    week_end = today + timedelta(days=WEEK_DAYS)
    subquery = open_items.with_only_columns(Followup.work_date).subquery()
    day = subquery.c.work_date

    def counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    overdue, due_today, this_week, later = session.execute(
        select(
            counted(day < today),
            counted(day == today),
            counted((day > today) & (day <= week_end)),
            counted(day > week_end),
        )
    ).one()
    return {
        Bucket.OVERDUE: overdue,
        Bucket.TODAY: due_today,
        Bucket.THIS_WEEK: this_week,
        Bucket.LATER: later,
    }
