"""What the patient services take (inputs, as typed) and give back (frozen DTOs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ldnclinic.domain.dates import age_on
from ldnclinic.domain.enums import ConsentKind, Language, PatientStatus, PhoneKind, Sex
from ldnclinic.domain.medications.reading import MedicationReading, OpioidMatch
from ldnclinic.domain.names import display_name
from ldnclinic.services.clinic.service import PharmacyInfo


@dataclass(frozen=True, slots=True)
class ConditionInput:
    label: str
    icd10: str = ""


@dataclass(frozen=True, slots=True)
class AllergyInput:
    substance: str
    reaction: str = ""


@dataclass(frozen=True, slots=True)
class MedicationInput:
    name: str
    dose: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class PatientInput:
    """A patient as typed into the form or a CSV row: text fields are checked by the service."""

    first_name: str
    last_name: str
    date_of_birth: str  # YYYY-MM-DD or M/D/YYYY
    sex: str
    middle_name: str = ""
    preferred_name: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    phones: dict[PhoneKind, str] = field(default_factory=dict)
    email: str = ""
    preferred_language: str = Language.ENGLISH.value
    emergency_contact_name: str = ""
    emergency_contact_relationship: str = ""
    emergency_contact_phone: str = ""
    preferred_pharmacy_id: int | None = None
    status: str = PatientStatus.PROSPECTIVE.value
    consents: dict[ConsentKind, str] = field(default_factory=dict)  # kind -> date text or ""
    conditions: tuple[ConditionInput, ...] = ()
    allergies: tuple[AllergyInput, ...] = ()
    no_known_allergies: bool = False
    medications: tuple[MedicationInput, ...] = ()


@dataclass(frozen=True, slots=True)
class PatientSummary:
    """One row of the patient list."""

    id: int
    mrn: str
    first_name: str
    middle_name: str | None
    last_name: str
    preferred_name: str | None
    date_of_birth: date
    sex: Sex
    phone: str
    city: str | None
    state: str | None
    status: PatientStatus
    sort_key: str

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.middle_name)


@dataclass(frozen=True, slots=True)
class PhoneEntry:
    kind: PhoneKind
    e164: str
    display: str


@dataclass(frozen=True, slots=True)
class ConsentEntry:
    kind: ConsentKind
    given_on: date


@dataclass(frozen=True, slots=True)
class ConditionEntry:
    label: str
    icd10: str | None


@dataclass(frozen=True, slots=True)
class AllergyEntry:
    substance: str
    reaction: str | None


@dataclass(frozen=True, slots=True)
class MedicationEntry:
    """An entry of the medication list, with what `classify_medication` read in it."""

    name: str
    dose: str | None
    active: bool
    reading: MedicationReading

    @property
    def opioid(self) -> OpioidMatch | None:
        return self.reading.opioid

    @property
    def stops_ldn(self) -> bool:
        """Taken now and holding an opioid or another antagonist: the screen's hard stop."""
        return self.active and self.reading.blocks_ldn


@dataclass(frozen=True, slots=True)
class PatientDetail:
    """A whole chart's registry data, with what the chart header needs already worked out."""

    id: int
    mrn: str
    first_name: str
    middle_name: str | None
    last_name: str
    preferred_name: str | None
    date_of_birth: date
    sex: Sex
    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    phones: tuple[PhoneEntry, ...]
    email: str | None
    preferred_language: Language
    emergency_contact_name: str | None
    emergency_contact_relationship: str | None
    emergency_contact_phone: str
    pharmacy: PharmacyInfo | None
    status: PatientStatus
    consents: tuple[ConsentEntry, ...]
    conditions: tuple[ConditionEntry, ...]
    allergies: tuple[AllergyEntry, ...]
    no_known_allergies: bool
    medications: tuple[MedicationEntry, ...]
    version: int
    out_of_texas_warning: str | None

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.middle_name)

    def age(self, today: date) -> int:
        return age_on(self.date_of_birth, today)

    @property
    def opioids(self) -> tuple[MedicationEntry, ...]:
        """Medications taken now that stop LDN (an opioid or another antagonist)."""
        return tuple(m for m in self.medications if m.stops_ldn)

    def phone(self, kind: PhoneKind) -> str:
        return next((p.display for p in self.phones if p.kind is kind), "")

    def consent_date(self, kind: ConsentKind) -> date | None:
        dates = [c.given_on for c in self.consents if c.kind is kind]
        return max(dates) if dates else None

    @property
    def address_lines(self) -> tuple[str, ...]:
        if not self.street:
            return ()
        return (self.street, f"{self.city}, {self.state} {self.zip}")

    def to_input(self) -> PatientInput:
        """The chart as an editable input (what the form starts from)."""
        return PatientInput(
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth.isoformat(),
            sex=self.sex.value,
            middle_name=self.middle_name or "",
            preferred_name=self.preferred_name or "",
            street=self.street or "",
            city=self.city or "",
            state=self.state or "",
            zip=self.zip or "",
            phones={p.kind: p.display for p in self.phones},
            email=self.email or "",
            preferred_language=self.preferred_language.value,
            emergency_contact_name=self.emergency_contact_name or "",
            emergency_contact_relationship=self.emergency_contact_relationship or "",
            emergency_contact_phone=self.emergency_contact_phone,
            preferred_pharmacy_id=self.pharmacy.id if self.pharmacy else None,
            status=self.status.value,
            consents={c.kind: c.given_on.isoformat() for c in self.consents},
            conditions=tuple(ConditionInput(c.label, c.icd10 or "") for c in self.conditions),
            allergies=tuple(AllergyInput(a.substance, a.reaction or "") for a in self.allergies),
            no_known_allergies=self.no_known_allergies,
            medications=tuple(MedicationInput(m.name, m.dose or "", m.active) for m in self.medications),
        )


@dataclass(frozen=True, slots=True)
class SearchCursor:
    """Where the previous page ended (keyset paging)."""

    sort_key: str
    id: int

    @classmethod
    def after(cls, row: PatientSummary) -> SearchCursor:
        return cls(sort_key=row.sort_key, id=row.id)
