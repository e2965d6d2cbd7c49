"""One follow-up row in a transaction: loading it, its work date (from its due date, schedule
and snooze, in the clinic's zone), and its audit entry."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ldnclinic.db.models.followups import Followup
from ldnclinic.db.records import existing
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.followups.worklist import (
    FollowupStatus,
    work_date,
)
from ldnclinic.services import audit
from ldnclinic.services.context import Actor

STALE_FOLLOWUP = "Someone else changed this follow-up after you opened it. Nothing was overwritten."


def load_followup(session: Session, followup_id: int) -> Followup:
    row = existing(session, Followup, followup_id, "follow-up")
    return row


def refresh_work_date(row: Followup, zone: ZoneInfo) -> None:
    scheduled_on = row.scheduled_at.astimezone(zone).date() if row.scheduled_at else None
    row.work_date = work_date(FollowupStatus(row.status), row.due_date, scheduled_on, row.snoozed_until)


def audit_followup(
    session: Session, at: datetime, actor: Actor, action: AuditAction, row: Followup, *, detail: str
) -> None:
    audit.record(
        session,
        at=at,
        action=action,
        actor=actor,
        record_type="followup",
        record_id=row.id,
        detail=f"patient {row.patient_id}: {detail}",
    )
