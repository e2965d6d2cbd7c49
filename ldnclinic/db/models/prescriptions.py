"""The formulary and prescriptions: each script keeps a snapshot of its formula and plan,
its safety-screen outcome, every lifecycle step with who and when, and what was printed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ldnclinic.db.base import Base, IntPK, UTCDateTime, UTCStamp, utc_now
from ldnclinic.domain import field_limits as limits

Milligrams = Numeric(8, 3)


class Formula(Base):
    __tablename__ = "formulas"

    id: Mapped[IntPK]
    code: Mapped[str] = mapped_column(String(limits.FORMULA_CODE.chars), unique=True)
    dosage_form: Mapped[str] = mapped_column(String(30))
    strength_mg: Mapped[Decimal] = mapped_column(Milligrams)
    base: Mapped[str] = mapped_column(String(limits.FORMULA_BASE.chars))
    flavour: Mapped[str | None] = mapped_column(String(limits.FORMULA_FLAVOUR.chars))
    notes: Mapped[str | None] = mapped_column(Text)
    pharmacy_id: Mapped[int | None] = mapped_column(ForeignKey("pharmacies.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[UTCStamp] = mapped_column(default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class Prescription(Base):
    __tablename__ = "prescriptions"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    prescriber_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    # The formula as ordered (a snapshot: editing the formulary never changes a script).
    formula_id: Mapped[int | None] = mapped_column(ForeignKey("formulas.id"))
    formula_code: Mapped[str] = mapped_column(String(limits.FORMULA_CODE.chars))
    dosage_form: Mapped[str] = mapped_column(String(30))
    strength_mg: Mapped[Decimal] = mapped_column(Milligrams)
    base: Mapped[str] = mapped_column(String(limits.FORMULA_BASE.chars))
    flavour: Mapped[str | None] = mapped_column(String(limits.FORMULA_FLAVOUR.chars))
    # The plan: a template's code and name, or None for a custom plan; the steps as JSON.
    plan_code: Mapped[str | None] = mapped_column(String(30))
    plan_name: Mapped[str | None] = mapped_column(String(200))
    steps_json: Mapped[str] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    supply_days: Mapped[int] = mapped_column(Integer)
    refills: Mapped[int] = mapped_column(Integer, default=0)
    pharmacy_id: Mapped[int | None] = mapped_column(ForeignKey("pharmacies.id"))
    diagnosis: Mapped[str | None] = mapped_column(String(limits.RX_DIAGNOSIS.chars))
    diagnosis_omitted: Mapped[bool] = mapped_column(Boolean, default=False)
    pharmacist_note: Mapped[str | None] = mapped_column(Text)
    # Safety screen: the rules version that approved it, the warnings acknowledged (JSON list
    # of codes), and a prescriber's override of hard stops with the typed reason.
    rules_version: Mapped[str | None] = mapped_column(String(30))
    acknowledged_json: Mapped[str | None] = mapped_column(Text)
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_codes: Mapped[str | None] = mapped_column(Text)
    overridden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    serial: Mapped[str | None] = mapped_column(String(20), unique=True)
    renewed_from_id: Mapped[int | None] = mapped_column(ForeignKey("prescriptions.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[UTCStamp] = mapped_column(default=utc_now)
    updated_at: Mapped[UTCStamp] = mapped_column(default=utc_now)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    printed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_method: Mapped[str | None] = mapped_column(String(30))
    sent_to_pharmacy_id: Mapped[int | None] = mapped_column(ForeignKey("pharmacies.id"))
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    void_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    prints: Mapped[list[PrescriptionPrint]] = relationship(
        cascade="all, delete-orphan", order_by="PrescriptionPrint.id", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
    __table_args__ = (Index("ix_prescriptions_patient_created", "patient_id", "created_at"),)


class PrescriptionPrint(Base):
    """Every print: the exact PDF, its SHA-256, and (for the original) the document snapshot."""

    __tablename__ = "prescription_prints"

    id: Mapped[IntPK]
    prescription_id: Mapped[int] = mapped_column(
        ForeignKey("prescriptions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    printed_at: Mapped[UTCStamp]
    printed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    document_json: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
