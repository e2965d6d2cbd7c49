"""What a printed Texas prescription for compounded LDN carries, and the check before printing.

The service fills a `PrescriptionDocument` (plain text, already formatted by the domain
rules); `missing_elements` lists what Texas requires and is absent, so nothing incomplete
is ever printed; the printing package only lays the document out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class PracticeBlock:
    """The clinic: where the order was issued."""

    name: str
    street: str
    city: str
    state: str
    zip: str
    phone: str
    fax: str | None = None

    @property
    def city_line(self) -> str:
        return f"{self.city}, {self.state} {self.zip}".strip(", ")


@dataclass(frozen=True, slots=True)
class PrescriberBlock:
    name: str  # "Elena García"
    credentials: str  # "MD", "DO", "PA-C"
    npi: str | None
    texas_license: str | None
    # A PA's supervising physician, with the physician's practice address and phone.
    supervising_name: str | None = None
    supervising_credentials: str | None = None
    supervising_address: str | None = None
    supervising_phone: str | None = None
    supervising_npi: str | None = None
    supervising_texas_license: str | None = None
    supervising_active: bool = True  # False: the physician's account is deactivated

    @property
    def is_physician_assistant(self) -> bool:
        return self.credentials.strip().upper().startswith("PA")

    @property
    def signature_name(self) -> str:
        return f"{self.name}, {self.credentials}"

    @property
    def supervising_signature_name(self) -> str:
        name = self.supervising_name or ""
        return f"{name}, {self.supervising_credentials}" if self.supervising_credentials else name


@dataclass(frozen=True, slots=True)
class PatientBlock:
    name: str  # full legal name as entered, any Unicode
    date_of_birth: date | None
    street: str | None
    city_line: str | None  # "Austin, TX 78701"
    phone: str | None
    mrn: str


@dataclass(frozen=True, slots=True)
class MedicationBlock:
    drug: str  # "Naltrexone HCl"
    strength: str  # "1.5 mg per capsule"
    dosage_form: str  # "capsule"
    release: str  # "compounded, immediate release"
    base: str  # the filler
    flavour: str | None
    quantity: str  # "48 (forty-eight) capsules"
    days_supply: int
    directions: str
    steps: tuple[str, ...]  # "Days 1-14 (Dec 1-Dec 14): 1.5 mg = 1 capsule at bedtime"
    refills: str  # "2 (two)"
    diagnosis: str | None  # intended use, or None when left off on purpose
    diagnosis_omitted: bool  # the prescriber chose to leave it off
    pharmacist_note: str | None
    # A titration with refills: what one refill is and how long it lasts at the final dose
    # ("Each refill: 48 capsules, 16 days at 4.5 mg a day"); None otherwise.
    refill_note: str | None = None
    # The same steps said shortly, for a long schedule set in two columns on the compact page:
    # "12/15-12/28/2026: 3 mg = 2 capsules", the time of day in `dose_time` ("at bedtime")
    # when every step shares it (else in each line).
    short_steps: tuple[str, ...] = ()
    dose_time: str | None = None


@dataclass(frozen=True, slots=True)
class PharmacyBlock:
    name: str
    address: str
    phone: str
    fax: str | None


@dataclass(frozen=True, slots=True)
class PrescriptionDocument:
    serial: str  # unique, e.g. "RX-2026-000123"
    issued_on: date
    printed_at: datetime  # aware, the clinic's zone
    practice: PracticeBlock
    prescriber: PrescriberBlock
    patient: PatientBlock
    medication: MedicationBlock
    pharmacy: PharmacyBlock | None = None
    # Set for a reprint (the serial and date of the original) and for chart copies.
    reprint_of: str | None = None
    chart_copy: bool = False
    override_reasons: tuple[str, ...] = field(default=())
    # An on-screen look before printing: watermarked, no serial (it is assigned when the
    # original prints) and never recorded; the Texas check does not stop a preview.
    preview: bool = False


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_elements(document: PrescriptionDocument) -> list[str]:
    """Every element Texas requires that this document lacks, in words for the user."""
    missing: list[str] = []
    practice, prescriber, patient, medication = (
        document.practice,
        document.prescriber,
        document.patient,
        document.medication,
    )
    checks: list[tuple[object, str]] = [
        (practice.name, "the clinic's name"),
        (practice.street, "the clinic's street address"),
        (practice.city, "the clinic's city"),
        (practice.state, "the clinic's state"),
        (practice.zip, "the clinic's ZIP code"),
        (practice.phone, "the clinic's phone number"),
        (practice.fax, "the clinic's fax number"),
        (prescriber.name, "the prescriber's name"),
        (prescriber.credentials, "the prescriber's credentials (MD, DO or PA-C)"),
        (prescriber.npi, "the prescriber's NPI"),
        (prescriber.texas_license, "the prescriber's Texas license number"),
        (patient.name, "the patient's full name"),
        (patient.date_of_birth, "the patient's date of birth"),
        (patient.street, "the patient's street address"),
        (patient.city_line, "the patient's city, state and ZIP code"),
        (patient.phone, "the patient's phone number"),
        (medication.drug, "the drug name"),
        (medication.strength, "the strength"),
        (medication.dosage_form, "the dosage form"),
        (medication.release, "the release (compounded, immediate release)"),
        (medication.base, "the base or filler"),
        (medication.quantity, "the quantity"),
        (medication.directions, "the directions"),
        (medication.refills, "the number of refills"),
        (document.serial, "the serial number"),
        (document.issued_on, "the date issued"),
    ]
    if prescriber.is_physician_assistant:
        checks += [
            (prescriber.supervising_name, "the supervising physician's name"),
            (prescriber.supervising_address, "the supervising physician's address"),
            (prescriber.supervising_phone, "the supervising physician's phone number"),
        ]
    if not medication.diagnosis_omitted:
        checks.append((medication.diagnosis, "the intended use (diagnosis), or a choice to leave it off"))
    for value, label in checks:
        if _blank(value):
            missing.append(label)
    if not _blank(prescriber.supervising_name):  # a blank name is listed above already
        missing += supervision_problems(prescriber)
    return missing


def supervision_problems(prescriber: PrescriberBlock) -> list[str]:
    """What a PA's supervising physician lacks for the PA's script to be valid, each naming the
    physician (empty for a physician, or a PA whose supervisor is active with NPI and license).

    A PA prescribes under a supervising physician, whose NPI and Texas license the pharmacy
    checks; a deactivated physician no longer supervises anyone. The service refuses to save
    or approve such a script, and `missing_elements` refuses to print it.
    """
    if not prescriber.is_physician_assistant:
        return []
    if _blank(prescriber.supervising_name):
        return [f"a supervising physician (none is on file for {prescriber.signature_name})"]
    who = prescriber.supervising_signature_name
    problems = []
    if not prescriber.supervising_active:
        problems.append(f"an active supervising physician ({who} is deactivated)")
    if _blank(prescriber.supervising_npi):
        problems.append(f"the supervising physician's NPI (none on file for {who})")
    if _blank(prescriber.supervising_texas_license):
        problems.append(f"the supervising physician's Texas license number (none on file for {who})")
    return problems
