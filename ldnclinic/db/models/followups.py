"""Follow-up items and their contact attempts; telemedicine visits and their addenda.

A generated item keeps the prescription it came from and its rule's due date; everything a
person does to it (schedule, snooze, attempts, closing) is kept, so regenerating the
items of a voided or renewed prescription never loses worked items.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ldnclinic.db.base import Base, IntPK, UTCDateTime, UTCStamp, utc_now
from ldnclinic.domain import field_limits as limits


class Followup(Base):
    __tablename__ = "followups"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    prescription_id: Mapped[int | None] = mapped_column(ForeignKey("prescriptions.id"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    due_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    generated: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    # The day it needs attention (appointment, end of snooze or due date): the worklist's key.
    work_date: Mapped[date] = mapped_column(Date)
    closed_reason: Mapped[str | None] = mapped_column(Text)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    # Set the first time a person acts on it; a worked item is never regenerated away.
    worked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[UTCStamp] = mapped_column(default=utc_now)
    updated_at: Mapped[UTCStamp] = mapped_column(default=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    attempts: Mapped[list[ContactAttempt]] = relationship(
        cascade="all, delete-orphan", order_by="ContactAttempt.at", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
    __table_args__ = (Index("ix_followups_status_work_date", "status", "work_date"),)


class ContactAttempt(Base):
    __tablename__ = "followup_attempts"

    id: Mapped[IntPK]
    followup_id: Mapped[int] = mapped_column(ForeignKey("followups.id", ondelete="CASCADE"), index=True)
    at: Mapped[UTCStamp]
    method: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Visit(Base):
    __tablename__ = "visits"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    prescription_id: Mapped[int | None] = mapped_column(ForeignKey("prescriptions.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    visit_at: Mapped[UTCStamp]
    modality: Mapped[str] = mapped_column(String(20))
    location_state: Mapped[str] = mapped_column(String(2))
    location_city: Mapped[str] = mapped_column(String(limits.VISIT_CITY.chars))
    consent_confirmed: Mapped[bool] = mapped_column(Boolean)
    subjective: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    current_dose_mg: Mapped[Decimal | None] = mapped_column(Numeric(8, 3))
    adherence: Mapped[str | None] = mapped_column(String(20))
    side_effects: Mapped[str] = mapped_column(String(200), default="")  # codes, comma-separated
    side_effect_other: Mapped[str] = mapped_column(String(limits.VISIT_SIDE_EFFECT_OTHER.chars), default="")
    pain: Mapped[int | None] = mapped_column(Integer)
    fatigue: Mapped[int | None] = mapped_column(Integer)
    sleep: Mapped[int | None] = mapped_column(Integer)
    mood: Mapped[int | None] = mapped_column(Integer)
    pgic: Mapped[int | None] = mapped_column(Integer)
    condition_name: Mapped[str | None] = mapped_column(String(limits.VISIT_CONDITION_NAME.chars))
    condition_score: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    decision: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[UTCStamp] = mapped_column(default=utc_now)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[UTCStamp] = mapped_column(default=utc_now)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    addenda: Mapped[list[VisitAddendum]] = relationship(
        cascade="all, delete-orphan", order_by="VisitAddendum.id", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
    __table_args__ = (Index("ix_visits_patient_visit_at", "patient_id", "visit_at"),)


class VisitAddendum(Base):
    """A dated correction or addition to a signed visit; the original text stays as signed."""

    __tablename__ = "visit_addenda"

    id: Mapped[IntPK]
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[UTCStamp]
    text: Mapped[str] = mapped_column(Text)
