"""The patient registry: demographics, phones, consents, clinical lists, search keys."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ldnclinic.db.base import Base, IntPK, UTCStamp, search_key_type, utc_now
from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.domain import field_limits as limits


class Patient(Base):
    __tablename__ = "patients"

    id: Mapped[IntPK]
    mrn: Mapped[str] = mapped_column(String(9), unique=True)
    first_name: Mapped[str] = mapped_column(String(limits.PERSON_NAME.chars))
    middle_name: Mapped[str | None] = mapped_column(String(limits.PERSON_NAME.chars))
    last_name: Mapped[str] = mapped_column(String(limits.PERSON_NAME.chars))
    preferred_name: Mapped[str | None] = mapped_column(String(limits.PERSON_NAME.chars))
    date_of_birth: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[str] = mapped_column(String(10))
    street: Mapped[str | None] = mapped_column(String(limits.ADDRESS_STREET.chars))
    city: Mapped[str | None] = mapped_column(String(limits.ADDRESS_CITY.chars))
    state: Mapped[str | None] = mapped_column(String(limits.ADDRESS_STATE.chars))
    zip: Mapped[str | None] = mapped_column(String(limits.ZIP_CODE.chars))
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL_ADDRESS.chars))
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")
    emergency_contact_name: Mapped[str | None] = mapped_column(String(limits.EMERGENCY_CONTACT_NAME.chars))
    emergency_contact_relationship: Mapped[str | None] = mapped_column(
        String(limits.EMERGENCY_CONTACT_RELATIONSHIP.chars)
    )
    emergency_contact_phone: Mapped[str | None] = mapped_column(String(limits.PHONE_NUMBER.chars))
    preferred_pharmacy_id: Mapped[int | None] = mapped_column(ForeignKey("pharmacies.id"))
    status: Mapped[str] = mapped_column(String(20), default="prospective")
    no_known_allergies: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_key: Mapped[str] = mapped_column(search_key_type(220))
    identity_key: Mapped[str] = mapped_column(search_key_type(220))
    created_at: Mapped[UTCStamp] = mapped_column(default=utc_now)
    updated_at: Mapped[UTCStamp] = mapped_column(default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    phones: Mapped[list[PatientPhone]] = relationship(
        cascade="all, delete-orphan", order_by="PatientPhone.id", lazy="selectin"
    )
    consents: Mapped[list[PatientConsent]] = relationship(
        cascade="all, delete-orphan", order_by="PatientConsent.id", lazy="selectin"
    )
    conditions: Mapped[list[PatientCondition]] = relationship(
        cascade="all, delete-orphan", order_by="PatientCondition.id", lazy="selectin"
    )
    allergies: Mapped[list[PatientAllergy]] = relationship(
        cascade="all, delete-orphan", order_by="PatientAllergy.id", lazy="selectin"
    )
    medications: Mapped[list[PatientMedication]] = relationship(
        cascade="all, delete-orphan", order_by="PatientMedication.id", lazy="selectin"
    )
    name_tokens: Mapped[list[PatientNameToken]] = relationship(cascade="all, delete-orphan")
    preferred_pharmacy: Mapped[Pharmacy | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
    __table_args__ = (
        Index("ix_patients_sort", "sort_key", "id"),
        Index("ix_patients_identity", "identity_key", "date_of_birth"),
    )


class PatientNameToken(Base):
    """One folded word of a patient's names, for prefix search on any part of the name."""

    __tablename__ = "patient_name_tokens"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(search_key_type(100), primary_key=True)

    __table_args__ = (Index("ix_patient_name_tokens_token", "token", "patient_id"),)


class PatientPhone(Base):
    __tablename__ = "patient_phones"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    number: Mapped[str] = mapped_column(String(limits.PHONE_NUMBER.chars))  # E.164, e.g. +15125550142
    digits: Mapped[str] = mapped_column(search_key_type(20), index=True)  # national digits
    digits_reversed: Mapped[str] = mapped_column(search_key_type(20), index=True)


class PatientConsent(Base):
    __tablename__ = "patient_consents"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    given_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PatientCondition(Base):
    __tablename__ = "patient_conditions"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(limits.PATIENT_LIST_TEXT.chars))
    icd10: Mapped[str | None] = mapped_column(String(10))


class PatientAllergy(Base):
    __tablename__ = "patient_allergies"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    substance: Mapped[str] = mapped_column(String(limits.PATIENT_LIST_TEXT.chars))
    reaction: Mapped[str | None] = mapped_column(String(limits.PATIENT_LIST_TEXT.chars))


class PatientMedication(Base):
    __tablename__ = "patient_medications"

    id: Mapped[IntPK]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(limits.PATIENT_LIST_TEXT.chars))
    dose: Mapped[str | None] = mapped_column(String(limits.PATIENT_LIST_TEXT.chars))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)
