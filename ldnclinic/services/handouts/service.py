"""Patient handouts: choose, personalise, print as one PDF, and keep what was given.

Each print is one transaction: the caller's permission is checked, the packet is built from
the library and the patient's chart (their newest live prescription, pharmacy, prescriber
and next follow-ups), the exact PDF and its SHA-256 are kept, and the audit trail records
which handouts and versions went out (never the patient's name). A reprint is that stored
PDF, unchanged.

Handouts are recorded as given only once they came out: `print` and `reprint` hand the PDF
to the caller's `deliver` (the printer, a file) inside the transaction and record nothing
if it raises.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.db.models.followups import Followup
from ldnclinic.db.models.handouts import HandoutPrint
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.models.users import User
from ldnclinic.db.records import by_id, existing
from ldnclinic.domain.enums import AuditAction, Language, stored_values
from ldnclinic.domain.errors import DomainError, NotFoundError, ValidationError
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import OPEN_STATUSES
from ldnclinic.domain.handouts.language import LANGUAGES
from ldnclinic.domain.handouts.packet import (
    HandoutContext,
    HandoutPacket,
    HandoutPrescription,
    NeedsPrescriptionError,
    build_packet,
)
from ldnclinic.domain.handouts.texts import MissingValueError
from ldnclinic.domain.permissions import Permission
from ldnclinic.services import audit
from ldnclinic.services.clinic.settings import clinic_header, clinic_today
from ldnclinic.services.contact_checks import display_phone
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.delivery import Deliver
from ldnclinic.services.handouts.library import HandoutLibrary, load_library
from ldnclinic.services.prescriptions.in_force import current_prescription
from ldnclinic.services.prescriptions.snapshots import compute, rx_formula, steps_from_json
from ldnclinic.services.users.labels import user_labels, user_name

NEW_PATIENT_PACKET = ("what_is_ldn", "starting_ldn", "side_effects", "ldn_and_opioids", "followup_plan")
# Condition notes offered for a patient's conditions: ICD-10-CM prefixes and words in the label.
CONDITION_NOTES = {
    "condition_fibromyalgia": (("M79.7",), ("fibromyalgia",)),
    "condition_multiple_sclerosis": (("G35",), ("multiple sclerosis",)),
    "condition_ibd": (("K50", "K51"), ("crohn", "colitis")),
    "condition_hashimotos": (("E06.3",), ("hashimoto",)),
    "condition_long_covid": (("U09",), ("long covid", "post-covid", "post covid")),
    "condition_chronic_pain": (("G89",), ("chronic pain",)),
}
NEXT_FOLLOWUPS = 5
Renderer = Callable[[HandoutPacket], bytes]


@dataclass(frozen=True, slots=True)
class HandoutInfo:
    kind: str
    title: str
    version: int
    needs_prescription: bool
    order: int


@dataclass(frozen=True, slots=True)
class HandoutItem:
    kind: str
    title: str
    version: int


@dataclass(frozen=True, slots=True)
class HandoutRecord:
    id: int
    patient_id: int
    printed_at: datetime
    printed_by: str
    language: str
    items: tuple[HandoutItem, ...]
    packet: str | None
    sha256: str


@dataclass(frozen=True, slots=True)
class PrintedHandouts:
    record: HandoutRecord
    pdf: bytes


def _default_renderer(packet: HandoutPacket) -> bytes:
    from ldnclinic.printing.handout import render_handouts

    return render_handouts(packet)


class HandoutService:
    def __init__(
        self,
        db: Database,
        clock: Clock = system_clock,
        renderer: Renderer | None = None,
        library: Callable[[], HandoutLibrary] = load_library,
    ) -> None:
        self._db = db
        self._clock = clock
        self._render = renderer or _default_renderer
        self._library = library

    # --- the library --------------------------------------------------------------------

    def catalog(self, language: str = "en") -> list[HandoutInfo]:
        """Every handout, in library order (no patient data: anyone may read it)."""
        library = self._library().checked()
        texts = [library.get(language, kind) for kind in library.kinds()]
        return [HandoutInfo(t.kind, t.title, t.version, t.needs_prescription, t.order) for t in texts]

    # --- for a patient ------------------------------------------------------------------

    def language_for(self, actor: Actor, patient_id: int) -> str:
        """The patient's preferred language when handouts exist in it, else English."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            preferred = _patient(session, patient_id).preferred_language
        return preferred if preferred in LANGUAGES else Language.ENGLISH.value

    def suggested(self, actor: Actor, patient_id: int) -> list[str]:
        """The new-patient packet plus the condition notes that match the patient's conditions."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            patient = _patient(session, patient_id)
            conditions = [(c.label.casefold(), (c.icd10 or "").upper()) for c in patient.conditions]
        notes = [
            kind
            for kind, (codes, words) in CONDITION_NOTES.items()
            if any(code.startswith(codes) or any(w in label for w in words) for label, code in conditions)
        ]
        return [*NEW_PATIENT_PACKET, *notes]

    def offer_new_patient_packet(self, actor: Actor, patient_id: int) -> bool:
        """True right after a patient's first prescription is printed and no packet was given."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            printed = session.scalars(
                select(Prescription.id).where(
                    Prescription.patient_id == patient_id, Prescription.printed_at.is_not(None)
                )
            ).all()
            given = session.scalar(
                select(HandoutPrint.id).where(HandoutPrint.patient_id == patient_id).limit(1)
            )
        return len(printed) == 1 and given is None

    def preview(
        self, actor: Actor, patient_id: int, kinds: Sequence[str], language: str | None = None
    ) -> bytes:
        """The packet as it would print, without recording it (for an on-screen look)."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            packet = self._packet(session, patient_id, kinds, language)
        return self._render(packet)

    def print(
        self,
        actor: Actor,
        patient_id: int,
        kinds: Sequence[str],
        language: str | None = None,
        *,
        packet: str | None = None,
        deliver: Deliver | None = None,
    ) -> PrintedHandouts:
        """Personalise and render the chosen handouts as one PDF, deliver it, then record it.

        Nothing is recorded if `deliver` raises (its error reaches the caller). Without
        `deliver` the caller takes the returned bytes as given (tools and tests)."""
        require(actor, Permission.HANDOUT_PRINT)
        with self._db.transaction() as session:
            built = self._packet(session, patient_id, kinds, language)
            pdf = self._render(built)
            if deliver is not None:
                deliver(pdf)
            row = HandoutPrint(
                patient_id=patient_id,
                language=built.language,
                items_json=json.dumps(
                    [{"kind": h.kind, "version": h.version, "title": h.title} for h in built.handouts],
                    ensure_ascii=False,
                ),
                packet=packet,
                printed_at=self._clock(),
                printed_by_id=actor.user_id,
                pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(),
            )
            session.add(row)
            session.flush()
            versions = ", ".join(f"{h.kind} v{h.version}" for h in built.handouts)
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.HANDOUTS_PRINTED,
                actor=actor,
                record_type="handout_print",
                record_id=row.id,
                detail=f"patient {patient_id}, {built.language}: {versions}",
            )
            return PrintedHandouts(_record(session, row), pdf)

    def documents(self, actor: Actor, patient_id: int) -> list[HandoutRecord]:
        """The handouts given to the patient, newest first."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            _patient(session, patient_id)
            rows = session.scalars(
                select(HandoutPrint)
                .where(HandoutPrint.patient_id == patient_id)
                .order_by(HandoutPrint.printed_at.desc(), HandoutPrint.id.desc())
            ).all()
            return [_record(session, row) for row in rows]

    def stored(self, actor: Actor, record_id: int) -> bytes:
        """The PDF as it was given, to look at (audited as viewed, not as a reprint)."""
        require(actor, Permission.PATIENT_READ)
        return self._stored(actor, record_id, AuditAction.HANDOUTS_VIEWED)

    def reprint(self, actor: Actor, record_id: int, *, deliver: Deliver | None = None) -> bytes:
        """The PDF exactly as it was given, printed again (checked against its SHA-256); the
        reprint is audited only once `deliver` returned."""
        require(actor, Permission.HANDOUT_PRINT)
        return self._stored(actor, record_id, AuditAction.HANDOUTS_REPRINTED, deliver)

    def _stored(
        self, actor: Actor, record_id: int, action: AuditAction, deliver: Deliver | None = None
    ) -> bytes:
        with self._db.transaction() as session:
            row = by_id(session, HandoutPrint, record_id)
            if row is None:
                raise NotFoundError(f"There are no printed handouts with id {record_id}.")
            if hashlib.sha256(row.pdf).hexdigest() != row.sha256:
                raise DomainError("The stored handout PDF does not match its fingerprint; it was changed.")
            if deliver is not None:
                deliver(row.pdf)
            audit.record(
                session,
                at=self._clock(),
                action=action,
                actor=actor,
                record_type="handout_print",
                record_id=row.id,
                detail=f"patient {row.patient_id}",
            )
            return row.pdf

    # --- building -----------------------------------------------------------------------

    def _packet(
        self, session: Session, patient_id: int, kinds: Sequence[str], language: str | None
    ) -> HandoutPacket:
        patient = _patient(session, patient_id)
        chosen = list(dict.fromkeys(kind.strip() for kind in kinds if kind.strip()))
        if not chosen:
            raise ValidationError({"kinds": "Choose at least one handout."})
        wanted = language or (patient.preferred_language if patient.preferred_language in LANGUAGES else "en")
        if wanted not in LANGUAGES:
            raise ValidationError({"language": "Handouts exist in English (en) and Spanish (es)."})
        library = self._library().checked()
        texts = [library.get(wanted, kind) for kind in chosen]
        context = self._context(session, patient, wanted)
        try:
            return build_packet(texts, library.notices[wanted], context, wanted)
        except NeedsPrescriptionError as error:
            raise DomainError(str(error)) from None
        except MissingValueError as error:
            raise DomainError(
                f"The handout needs “{error.name}”, which this patient's chart does not give yet."
            ) from None

    def _context(self, session: Session, patient: Patient, language: str) -> HandoutContext:
        today = clinic_today(session, self._clock())
        clinic = clinic_header(session)
        script = current_prescription(session, patient.id)
        full_name = " ".join(p for p in (patient.first_name, patient.middle_name, patient.last_name) if p)
        return HandoutContext(
            first_name=patient.first_name,
            preferred_name=patient.preferred_name,
            full_name=full_name,
            clinic_name=clinic.name,
            clinic_phone=clinic.phone,
            clinic_address=clinic.address,
            print_date=today,
            prescription=_prescription(session, script) if script else None,
            followups=_next_followups(session, patient.id, today),
        )


def _patient(session: Session, patient_id: int) -> Patient:
    patient = existing(session, Patient, patient_id, "patient")
    return patient


def _prescription(session: Session, row: Prescription) -> HandoutPrescription | None:
    steps = steps_from_json(row.steps_json)
    calculation, _ = compute(rx_formula(row), steps, row.supply_days, row.start_date)
    if calculation is None:
        return None
    pharmacy = session.get(Pharmacy, row.pharmacy_id) if row.pharmacy_id else None
    prescriber = user_name(session.get(User, row.prescriber_id)) if row.prescriber_id else None
    return HandoutPrescription(
        formula=rx_formula(row),
        calculation=calculation,
        start=row.start_date,
        pharmacy_name=pharmacy.name if pharmacy else "",
        pharmacy_phone=(display_phone(pharmacy.phone) or pharmacy.phone) if pharmacy else "",
        prescriber_name=prescriber or "",
        time_of_day=steps[0].time_of_day,
    )


def _next_followups(session: Session, patient_id: int, today: date) -> tuple[tuple[date, FollowupType], ...]:
    rows = session.execute(
        select(Followup.work_date, Followup.type)
        .where(
            Followup.patient_id == patient_id,
            Followup.status.in_(stored_values(OPEN_STATUSES)),
            Followup.work_date >= today,
        )
        .order_by(Followup.work_date, Followup.id)
        .limit(NEXT_FOLLOWUPS)
    ).all()
    return tuple((day, FollowupType(kind)) for day, kind in rows)


def _record(session: Session, row: HandoutPrint) -> HandoutRecord:
    names = user_labels(session, [row.printed_by_id])
    return HandoutRecord(
        id=row.id,
        patient_id=row.patient_id,
        printed_at=row.printed_at,
        printed_by=names.get(row.printed_by_id, ""),
        language=row.language,
        items=tuple(HandoutItem(i["kind"], i["title"], i["version"]) for i in json.loads(row.items_json)),
        packet=row.packet,
        sha256=row.sha256,
    )
