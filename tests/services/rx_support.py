"""Shared set-up for the prescription service tests: a pharmacy, a patient the safety screen
has nothing to say about, prescription inputs by formula and plan code, and a renderer that
records what it was asked to print."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from typing import Any

from sqlalchemy import select

from ldnclinic.db.models.clinic import ClinicProfile
from ldnclinic.domain.enums import ConsentKind
from ldnclinic.domain.prescriptions.document import PrescriptionDocument
from ldnclinic.domain.prescriptions.titration import TitrationStep, find_plan, parse_steps
from ldnclinic.services.audit import AuditEntry
from ldnclinic.services.clinic.service import PharmacyInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import MedicationInput, PatientInput
from ldnclinic.services.prescriptions.dto import PrescriptionDetail, PrescriptionInput
from tests.conftest import PASSWORD
from tests.support.patient_data import full_patient

ALL_CONSENTS = dict.fromkeys(ConsentKind, "11/1/2026")
FAKE_PDF_HEADER = b"%PDF-fake\n"


def pharmacy_input(name: str = "Balcones Compounding Pharmacy", **changes: Any) -> PharmacyInput:
    base = PharmacyInput(
        name=name,
        street="2500 W Anderson Ln",
        city="Austin",
        state="TX",
        zip="78757",
        phone="(512) 555-0177",
        fax="(512) 555-0178",
    )
    return dataclasses.replace(base, **changes)


def add_pharmacy(services: Services, actor: Actor, name: str = "Balcones Compounding Pharmacy") -> int:
    return services.pharmacies.create(actor, pharmacy_input(name)).id


def clean_patient(pharmacy_id: int | None, **changes: Any) -> PatientInput:
    """José Luis Peña with every consent on file and nothing for the screen to warn about
    (his Tramadol is marked as no longer taken, which is not a stop)."""
    base = full_patient(
        consents=ALL_CONSENTS,
        medications=(MedicationInput("Tramadol", "50 mg", False),),
        preferred_pharmacy_id=pharmacy_id,
    )
    return dataclasses.replace(base, **changes)


def add_patient(services: Services, actor: Actor, *, visit: bool = True, **changes: Any) -> int:
    """A clean patient whose preferred pharmacy is a new pharmacy in the directory, seen
    today in a signed visit (unless `visit` is False), so approval has no visit warning."""
    pharmacy_id = changes.pop("preferred_pharmacy_id", None) or add_pharmacy(services, actor)
    patient_id = services.patients.create(actor, clean_patient(pharmacy_id, **changes)).id
    if visit:
        sign_visit_now(services, patient_id)
    return patient_id


def first_prescriber(services: Services) -> Actor:
    """The clinic's first prescriber as an actor (for set-up steps only a prescriber may take)."""
    user = services.users.prescribers()[0]
    return Actor(user.id, user.username, user.display_name, user.roles)


def sign_visit_now(services: Services, patient_id: int) -> int:
    """A signed video visit now, with the patient in Austin and consent confirmed."""
    prescriber = first_prescriber(services)
    blank = services.visits.new_visit(prescriber, patient_id)
    note = dataclasses.replace(
        blank.note, location_state="TX", location_city="Austin", consent_confirmed=True
    )
    visit = services.visits.create(prescriber, dataclasses.replace(blank, note=note))
    return services.visits.sign(prescriber, visit.id, visit.version).id


def allow_start_dates(services: Services, *, past: int = 180, ahead: int = 365) -> None:
    """Widen the clinic's start-date window (by default 30 days back, 90 ahead) as far as an
    admin may, for set-ups that enter treatment begun months ago."""
    with services.db.transaction() as session:
        clinic = session.scalar(select(ClinicProfile))
        assert clinic is not None
        clinic.rx_start_days_past = past
        clinic.rx_start_days_ahead = ahead


def formula_id(services: Services, code: str) -> int:
    return services.formulary.by_code(code).id


def rx_input(
    services: Services,
    patient_id: int,
    formula: str = "CAP-1.5",
    plan: str = "STD-1.5-14",
    *,
    steps: str | tuple[TitrationStep, ...] | None = None,
    supply_days: int = 30,
    diagnosis: str | None = "Fibromyalgia (M79.7)",
    **changes: Any,
) -> PrescriptionInput:
    """A prescription input from a formula code and a plan template code, or explicit steps
    ("1.5:14,3"; a custom plan)."""
    if steps is None:
        template = find_plan(plan)
        assert template is not None, plan
        chosen, plan_code = template.steps, template.code
    else:
        chosen = parse_steps(steps) if isinstance(steps, str) else steps
        plan_code = None
    return PrescriptionInput(
        patient_id=patient_id,
        formula_id=formula_id(services, formula),
        steps=chosen,
        supply_days=supply_days,
        plan_code=plan_code,
        diagnosis=diagnosis,
        **changes,
    )


def approved_rx(services: Services, prescriber: Actor, patient_id: int, **changes: Any) -> PrescriptionDetail:
    """A draft written and approved by `prescriber` (the screen must find nothing)."""
    draft = services.prescriptions.create_draft(prescriber, rx_input(services, patient_id, **changes))
    return services.prescriptions.approve(prescriber, draft.id, draft.version)


def approve_overriding(
    services: Services,
    prescriber: Actor,
    rx_id: int,
    reason: str = "Opioid stopped two weeks ago, confirmed with the pharmacy.",
    *,
    acknowledge: bool = False,
    password: str | None = None,
) -> PrescriptionDetail:
    """Approve overriding every hard stop the prescriber sees now (with their password)."""
    current = services.prescriptions.get(prescriber, rx_id)
    return services.prescriptions.approve(
        prescriber,
        rx_id,
        current.version,
        acknowledged=frozenset(f.key for f in current.warnings) if acknowledge else frozenset(),
        override_reason=reason,
        overridden=frozenset(f.key for f in current.hard_stops),
        password=PASSWORD if password is None else password,
    )


class RecordingRenderer:
    """Stands in for the PDF renderer: keeps each document and returns bytes that spell it out."""

    def __init__(self) -> None:
        self.documents: list[PrescriptionDocument] = []

    def __call__(self, document: PrescriptionDocument) -> bytes:
        self.documents.append(document)
        return FAKE_PDF_HEADER + repr(document).encode()


def audit_trail(services: Services, admin: Actor, rx_id: int) -> list[AuditEntry]:
    """The prescription's audit entries, oldest first."""
    entries = services.audit.recent(admin, record_type="prescription", record_id=str(rx_id), limit=1000)
    return entries[::-1]


def pdf_text(pdf: bytes) -> str | None:
    """The text of a real PDF (poppler's pdftotext), or None where poppler is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    result = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()
