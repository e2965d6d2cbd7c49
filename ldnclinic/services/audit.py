"""The audit trail: written inside the same transaction as the action it records.

Details never hold PHI: record ids and field names, not names or dates of birth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.engine import Database
from ldnclinic.db.models.audit import AuditEvent
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.context import Actor, Clock, require, system_clock, workstation_name


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    occurred_at: datetime
    username: str
    action: AuditAction
    record_type: str | None
    record_id: str | None
    detail: str | None
    workstation: str | None


def record(
    session: Session,
    *,
    at: datetime,
    action: AuditAction,
    actor: Actor | None = None,
    username: str | None = None,
    record_type: str | None = None,
    record_id: str | int | None = None,
    detail: str | None = None,
) -> None:
    """Add one audit row to the session's transaction."""
    session.add(
        AuditEvent(
            occurred_at=at,
            user_id=actor.user_id if actor else None,
            username=_printable(actor.username if actor else username or "")[
                : limits.SIGN_IN_USER_NAME.chars
            ],
            action=action.value,
            record_type=record_type,
            record_id=None if record_id is None else str(record_id),
            detail=_printable(detail)[:500] if detail else None,
            workstation=workstation_name(),
        )
    )


def _printable(text: str) -> str:
    """Control characters shown as "?": a typed user name may hold any (PostgreSQL refuses NUL)."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


class AuditService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def recent(
        self,
        actor: Actor,
        *,
        limit: int = 200,
        action: AuditAction | None = None,
        record_type: str | None = None,
        record_id: str | None = None,
    ) -> list[AuditEntry]:
        """Newest first. Admins only."""
        require(actor, Permission.AUDIT_READ)
        with self._db.transaction() as session:
            stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
            if action is not None:
                stmt = stmt.where(AuditEvent.action == action.value)
            if record_type is not None:
                stmt = stmt.where(AuditEvent.record_type == record_type)
            if record_id is not None:
                stmt = stmt.where(AuditEvent.record_id == record_id)
            return [_entry(row) for row in session.scalars(stmt)]


def _entry(row: AuditEvent) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        occurred_at=row.occurred_at,
        username=row.username,
        action=AuditAction(row.action),
        record_type=row.record_type,
        record_id=row.record_id,
        detail=row.detail,
        workstation=row.workstation,
    )
