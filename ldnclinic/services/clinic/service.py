"""The clinic profile and the compounding-pharmacy directory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import ClinicProfile, Pharmacy
from ldnclinic.db.records import existing
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, NotFoundError, ValidationError
from ldnclinic.domain.field_limits import Limit
from ldnclinic.domain.identifiers import npi_problem
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.text import clean_text, lookup_key
from ldnclinic.services import audit
from ldnclinic.services.clinic.settings import zone_named
from ldnclinic.services.contact_checks import (
    FieldProblem,
    display_phone,
    parse_phone,
    parse_state,
    parse_zip,
)
from ldnclinic.services.context import Actor, Clock, require, system_clock

T = TypeVar("T")

PROFILE_CHANGED = (
    "Someone else changed the clinic profile since you opened it. "
    "Your changes are still on screen; compare them with the current profile."
)
PHARMACY_CHANGED = (
    "Someone else changed this pharmacy since you opened it. Your changes are "
    "still on screen; compare them with the saved entry."
)


@dataclass(frozen=True, slots=True)
class ClinicInfo:
    name: str
    street: str
    city: str
    state: str
    zip: str
    phone: str  # display form
    fax: str
    timezone: str
    version: int


@dataclass(frozen=True, slots=True)
class ClinicInput:
    name: str
    street: str
    city: str
    state: str
    zip: str
    phone: str
    fax: str
    timezone: str


@dataclass(frozen=True, slots=True)
class PharmacyInfo:
    id: int
    name: str
    street: str
    city: str
    state: str
    zip: str
    phone: str
    fax: str
    npi: str
    active: bool
    version: int

    @property
    def one_line(self) -> str:
        return f"{self.name}, {self.city} {self.state} · {self.phone}"


@dataclass(frozen=True, slots=True)
class PharmacyInput:
    name: str
    street: str
    city: str
    state: str
    zip: str
    phone: str
    fax: str = ""
    npi: str = ""


class FieldChecker:
    """Collects per-field problems so the user sees all of them at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def required(self, field: str, value: str, limit: Limit) -> str:
        text = clean_text(value)
        if not text:
            self.errors[field] = "This is required."
        elif len(text) > limit.chars:
            self.errors[field] = f"At most {limit.chars} characters, please."
        return text

    def optional(self, field: str, value: str, limit: Limit) -> str | None:
        text = clean_text(value)
        if len(text) > limit.chars:
            self.errors[field] = f"At most {limit.chars} characters, please."
        return text or None

    def parsed(self, field: str, value: str, parse: Callable[[str], T], *, required: bool = True) -> T | None:
        if not value.strip():
            if required:
                self.errors[field] = "This is required."
            return None
        try:
            return parse(value)
        except FieldProblem as problem:
            self.errors[field] = str(problem)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def parse_timezone(text: str) -> str:
    try:
        ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldProblem("Use a time zone name such as America/Chicago.") from None
    return text.strip()


def parse_npi(text: str) -> str:
    problem = npi_problem(text)
    if problem:
        raise FieldProblem(problem)
    return text.strip()


def check_clinic(data: ClinicInput) -> dict[str, object]:
    check = FieldChecker()
    values: dict[str, object] = {
        "name": check.required("name", data.name, limits.CLINIC_NAME),
        "street": check.required("street", data.street, limits.ADDRESS_STREET),
        "city": check.required("city", data.city, limits.ADDRESS_CITY),
        "state": check.parsed("state", data.state, parse_state),
        "zip": check.parsed("zip", data.zip, parse_zip),
        "phone": _e164(check.parsed("phone", data.phone, parse_phone)),
        "fax": _e164(check.parsed("fax", data.fax, parse_phone, required=False)),
        "timezone": check.parsed("timezone", data.timezone, parse_timezone),
    }
    check.raise_if_any()
    return values


def check_pharmacy(data: PharmacyInput) -> dict[str, object]:
    check = FieldChecker()
    values: dict[str, object] = {
        "name": check.required("name", data.name, limits.PHARMACY_NAME),
        "street": check.required("street", data.street, limits.ADDRESS_STREET),
        "city": check.required("city", data.city, limits.ADDRESS_CITY),
        "state": check.parsed("state", data.state, parse_state),
        "zip": check.parsed("zip", data.zip, parse_zip),
        "phone": _e164(check.parsed("phone", data.phone, parse_phone)),
        "fax": _e164(check.parsed("fax", data.fax, parse_phone, required=False)),
        "npi": check.parsed("npi", data.npi, parse_npi, required=False),
    }
    check.raise_if_any()
    values["name_key"] = lookup_key(str(values["name"]))
    return values


def _e164(phone: object) -> str | None:
    return getattr(phone, "e164", None)


def clinic_info(row: ClinicProfile) -> ClinicInfo:
    return ClinicInfo(
        name=row.name,
        street=row.street,
        city=row.city,
        state=row.state,
        zip=row.zip,
        phone=display_phone(row.phone),
        fax=display_phone(row.fax),
        timezone=row.timezone,
        version=row.version,
    )


def pharmacy_info(row: Pharmacy) -> PharmacyInfo:
    return PharmacyInfo(
        id=row.id,
        name=row.name,
        street=row.street,
        city=row.city,
        state=row.state,
        zip=row.zip,
        phone=display_phone(row.phone),
        fax=display_phone(row.fax),
        npi=row.npi or "",
        active=row.active,
        version=row.version,
    )


def find_pharmacy_by_name(session: Session, name: str) -> Pharmacy | None:
    return session.scalar(select(Pharmacy).where(Pharmacy.name_key == lookup_key(name)))


class ClinicService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def zone(self) -> ZoneInfo:
        """Where the clinic's dates and times are shown (stored times are UTC)."""
        profile = self.profile()
        return zone_named(profile.timezone if profile else None)

    def now(self, profile: ClinicInfo | None = None) -> datetime:
        """The clinic's current time (the services' clock, in the clinic's zone): what the
        screens greet and date by, the same day every service counts from. A caller that
        already holds the profile passes it, and nothing is read again."""
        zone = zone_named(profile.timezone) if profile else self.zone()
        return self._clock().astimezone(zone)

    def profile(self) -> ClinicInfo | None:
        """The clinic's profile (not PHI: anyone signed in may read it)."""
        with self._db.transaction() as session:
            row = session.scalar(select(ClinicProfile))
            return clinic_info(row) if row else None

    def update_profile(self, actor: Actor, data: ClinicInput, expected_version: int) -> ClinicInfo:
        require(actor, Permission.CLINIC_MANAGE)
        values = check_clinic(data)
        try:
            with self._db.transaction() as session:
                row = session.scalar(select(ClinicProfile))
                if row is None:
                    raise NotFoundError("The clinic has not been set up yet.")
                if row.version != expected_version:
                    raise ConflictError(PROFILE_CHANGED, current=clinic_info(row))
                for key, value in values.items():
                    setattr(row, key, value)
                audit.record(
                    session,
                    at=self._clock(),
                    action=AuditAction.CLINIC_UPDATED,
                    actor=actor,
                    record_type="clinic",
                    record_id=row.id,
                )
                session.flush()
                return clinic_info(row)
        except StaleDataError:  # saved by someone else between our check and our write
            raise ConflictError(PROFILE_CHANGED, current=self.profile()) from None


class PharmacyService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def list(self, *, include_inactive: bool = False) -> list[PharmacyInfo]:
        """The directory (business contact data, not PHI)."""
        with self._db.transaction() as session:
            stmt = select(Pharmacy).order_by(Pharmacy.name_key)
            if not include_inactive:
                stmt = stmt.where(Pharmacy.active.is_(True))
            return [pharmacy_info(p) for p in session.scalars(stmt)]

    def create(self, actor: Actor, data: PharmacyInput) -> PharmacyInfo:
        require(actor, Permission.PHARMACY_MANAGE)
        values = check_pharmacy(data)
        with self._db.transaction() as session:
            if find_pharmacy_by_name(session, str(values["name"])):
                raise ValidationError({"name": "A pharmacy with this name is already in the directory."})
            row = Pharmacy(**values)
            session.add(row)
            session.flush()
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.PHARMACY_CREATED,
                actor=actor,
                record_type="pharmacy",
                record_id=row.id,
            )
            return pharmacy_info(row)

    def update(
        self, actor: Actor, pharmacy_id: int, data: PharmacyInput, expected_version: int
    ) -> PharmacyInfo:
        require(actor, Permission.PHARMACY_MANAGE)
        values = check_pharmacy(data)
        try:
            with self._db.transaction() as session:
                row = existing(session, Pharmacy, pharmacy_id, "pharmacy")
                if row.version != expected_version:
                    raise ConflictError(PHARMACY_CHANGED, current=pharmacy_info(row))
                for key, value in values.items():
                    setattr(row, key, value)
                audit.record(
                    session,
                    at=self._clock(),
                    action=AuditAction.PHARMACY_UPDATED,
                    actor=actor,
                    record_type="pharmacy",
                    record_id=row.id,
                )
                session.flush()
                return pharmacy_info(row)
        except StaleDataError:  # saved by someone else between our check and our write
            with self._db.transaction() as session:
                current = pharmacy_info(session.get_one(Pharmacy, pharmacy_id))
            raise ConflictError(PHARMACY_CHANGED, current=current) from None
