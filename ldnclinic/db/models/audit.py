"""The audit trail: one append-only row per security-relevant action."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ldnclinic.db.base import Base, IntPK, UTCStamp
from ldnclinic.domain import field_limits as limits


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[IntPK]
    occurred_at: Mapped[UTCStamp]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(limits.SIGN_IN_USER_NAME.chars))
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(String(500))
    workstation: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (
        Index("ix_audit_events_occurred_at", "occurred_at"),
        Index("ix_audit_events_record", "record_type", "record_id"),
    )
