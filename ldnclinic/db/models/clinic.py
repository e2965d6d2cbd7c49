"""The clinic's own profile (one row) and the compounding-pharmacy directory."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ldnclinic.db.base import Base, IntPK, UTCStamp, search_key_type, utc_now
from ldnclinic.domain import field_limits as limits


class ClinicProfile(Base):
    __tablename__ = "clinic_profile"

    id: Mapped[IntPK]
    name: Mapped[str] = mapped_column(String(limits.CLINIC_NAME.chars))
    street: Mapped[str] = mapped_column(String(limits.ADDRESS_STREET.chars))
    city: Mapped[str] = mapped_column(String(limits.ADDRESS_CITY.chars))
    state: Mapped[str] = mapped_column(String(limits.ADDRESS_STATE.chars))
    zip: Mapped[str] = mapped_column(String(limits.ZIP_CODE.chars))
    phone: Mapped[str] = mapped_column(String(limits.PHONE_NUMBER.chars))
    fax: Mapped[str | None] = mapped_column(String(limits.PHONE_NUMBER.chars))
    timezone: Mapped[str] = mapped_column(String(64), default="America/Chicago")
    # Follow-up rules (domain.followups.rules.FollowupRules) and what a calendar export shows.
    fixed_dose_check_days: Mapped[int] = mapped_column(Integer, default=21)
    efficacy_review_days: Mapped[int] = mapped_column(Integer, default=70)
    refill_lead_days: Mapped[int] = mapped_column(Integer, default=7)
    routine_review_months: Mapped[int] = mapped_column(Integer, default=3)
    routine_reviews_ahead: Mapped[int] = mapped_column(Integer, default=4)
    calendar_detail: Mapped[str] = mapped_column(String(20), default="initials_mrn")
    # How far a prescription's start date may be from today (domain.prescriptions.start_window.RxStartLimits).
    rx_start_days_past: Mapped[int] = mapped_column(Integer, default=30)
    rx_start_days_ahead: Mapped[int] = mapped_column(Integer, default=90)
    updated_at: Mapped[UTCStamp] = mapped_column(default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class Pharmacy(Base):
    __tablename__ = "pharmacies"

    id: Mapped[IntPK]
    name: Mapped[str] = mapped_column(String(limits.PHARMACY_NAME.chars))
    name_key: Mapped[str] = mapped_column(search_key_type(200), index=True)
    street: Mapped[str] = mapped_column(String(limits.ADDRESS_STREET.chars))
    city: Mapped[str] = mapped_column(String(limits.ADDRESS_CITY.chars))
    state: Mapped[str] = mapped_column(String(limits.ADDRESS_STATE.chars))
    zip: Mapped[str] = mapped_column(String(limits.ZIP_CODE.chars))
    phone: Mapped[str] = mapped_column(String(limits.PHONE_NUMBER.chars))
    fax: Mapped[str | None] = mapped_column(String(limits.PHONE_NUMBER.chars))
    npi: Mapped[str | None] = mapped_column(String(limits.NPI.chars))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[UTCStamp] = mapped_column(default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
