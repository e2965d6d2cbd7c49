"""What the prescription services take and give: frozen dataclasses, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from ldnclinic.domain.prescriptions.formulary import DosageForm
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus, SendMethod
from ldnclinic.domain.prescriptions.supply import SupplyCalculation
from ldnclinic.domain.prescriptions.titration import TitrationStep
from ldnclinic.domain.safety.findings import Finding


@dataclass(frozen=True, slots=True)
class FormulaEntry:
    id: int
    code: str
    dosage_form: DosageForm
    strength_mg: Decimal
    base: str
    flavour: str | None
    notes: str | None
    pharmacy_id: int | None
    active: bool
    label: str  # "Naltrexone HCl 1.5 mg capsule"
    strength_text: str  # "1.5 mg per capsule"
    version: int


@dataclass(frozen=True, slots=True)
class FormulaInput:
    code: str
    dosage_form: DosageForm
    strength_mg: Decimal
    base: str
    flavour: str | None = None
    notes: str | None = None
    pharmacy_id: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class PrescriptionInput:
    """What the editor (or the command line) sends to save a draft."""

    patient_id: int
    formula_id: int
    steps: tuple[TitrationStep, ...]
    supply_days: int
    refills: int = 0
    plan_code: str | None = None  # the template the steps came from, if unchanged
    start_date: date | None = None  # default: today
    pharmacy_id: int | None = None  # default: the patient's preferred pharmacy
    prescriber_id: int | None = None  # default: the prescriber creating it, else left for approval
    diagnosis: str | None = None
    diagnosis_omitted: bool = False
    pharmacist_note: str | None = None


@dataclass(frozen=True, slots=True)
class RxPreview:
    """The live preview: computed directions and quantity, or why they cannot be computed."""

    calculation: SupplyCalculation | None
    problems: tuple[str, ...]  # e.g. the plan does not fit the formula
    findings: tuple[Finding, ...]
    suggestions: tuple[FormulaEntry, ...]  # formulas that would fit the plan
    # What saving would refuse, by field ("start_date", "refills", "pharmacist_note" ...),
    # so the editor can show it beside the field before the user saves.
    field_problems: tuple[tuple[str, str], ...] = ()
    # What Texas requires on the printed script and this one would lack (the same
    # `missing_elements` the printer checks): approval is refused until each is on file.
    missing_elements: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PrintRecord:
    id: int
    kind: PrintKind
    printed_at: datetime
    printed_by: str
    sha256: str


@dataclass(frozen=True, slots=True)
class PrescriptionSummary:
    id: int
    patient_id: int
    patient_name: str
    patient_mrn: str
    status: RxStatus
    formula_code: str
    medication: str  # "Naltrexone HCl 1.5 mg capsule"
    target_dose: str  # "4.5 mg"
    plan_text: str  # "1.5 mg 14 days → 3 mg 14 days → 4.5 mg"
    supply_days: int
    refills: int
    prescriber_name: str | None
    serial: str | None
    created_at: datetime
    updated_at: datetime
    hard_stop_count: int = 0
    prescriber_id: int | None = None  # the user named on the script (names can be shared)
    # Why this approved script cannot print now (filled by `print_queue`; empty: it can).
    cannot_print: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PrintQueue:
    """Approved scripts not printed yet, oldest first: those that can print, and those the
    printer would refuse now (each with `cannot_print`, the reasons)."""

    ready: list[PrescriptionSummary]
    blocked: list[PrescriptionSummary]


@dataclass(frozen=True, slots=True)
class PrescriptionDetail:
    id: int
    patient_id: int
    patient_name: str
    patient_mrn: str
    status: RxStatus
    formula_id: int | None
    formula_code: str
    dosage_form: DosageForm
    strength_mg: Decimal
    base: str
    flavour: str | None
    medication: str
    plan_code: str | None
    plan_name: str | None
    steps: tuple[TitrationStep, ...]
    start_date: date
    supply_days: int
    refills: int
    pharmacy_id: int | None
    pharmacy_name: str | None
    prescriber_id: int | None
    prescriber_name: str | None
    diagnosis: str | None
    diagnosis_omitted: bool
    pharmacist_note: str | None
    serial: str | None
    calculation: SupplyCalculation | None
    problems: tuple[str, ...]
    findings: tuple[Finding, ...]  # the safety screen run now, on today's chart
    rules_version: str | None
    acknowledged: tuple[str, ...]
    override_reason: str | None
    override_codes: tuple[str, ...]
    renewed_from_id: int | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    printed_at: datetime | None
    signed_by: str | None
    signed_at: datetime | None
    sent_at: datetime | None
    sent_by: str | None
    sent_method: SendMethod | None
    sent_to_pharmacy_name: str | None
    voided_at: datetime | None
    voided_by: str | None
    void_reason: str | None
    prints: tuple[PrintRecord, ...]
    version: int
    missing_elements: tuple[str, ...] = field(default=())

    @property
    def hard_stops(self) -> tuple[Finding, ...]:
        from ldnclinic.domain.safety.findings import Severity

        return tuple(f for f in self.findings if f.severity is Severity.HARD_STOP)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        from ldnclinic.domain.safety.findings import Severity

        return tuple(f for f in self.findings if f.severity is Severity.WARNING)


@dataclass(frozen=True, slots=True)
class PrintedPrescription:
    prescription_id: int
    serial: str
    kind: PrintKind
    pdf: bytes
    sha256: str


@dataclass(frozen=True, slots=True)
class ScriptPreview:
    """A script as it would print now, watermarked PREVIEW and recorded nowhere."""

    prescription_id: int
    kind: PrintKind  # what printing it now makes: the original, a reprint or a chart copy
    serial: str | None  # None until the original is printed
    pdf: bytes
    missing: tuple[str, ...] = ()  # what Texas requires and the original would still lack
