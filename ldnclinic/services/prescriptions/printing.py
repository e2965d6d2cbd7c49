"""Printing prescriptions: the original (serial, archived PDF and SHA-256), reprints and
chart copies rendered from the archived snapshot, the watermarked preview, and the fax cover
sheet.

Before an original prints, the safety screen runs again on today's chart and every element
Texas requires is checked; a changed chart sends the script back to the prescriber.

The ledger records what really happened: `print` renders the PDF and hands it to the
caller's `deliver` (the printer, a file) inside its transaction, and records the print
(serial, status, archived PDF, audit) only if `deliver` returned. An original is claimed
first (its version is bumped before anything comes out), so two desks printing the same
original at once cannot both record it: the second waits for the first, then is refused.
`script_preview` shows a script before it is printed, marked PREVIEW, with no serial, recording
nothing but the look in the audit trail.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import ClinicProfile, Pharmacy
from ldnclinic.db.models.prescriptions import Prescription, PrescriptionPrint
from ldnclinic.db.models.users import User
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.dates import today_in
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, DomainError, NotFoundError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.document import PrescriptionDocument, missing_elements
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus
from ldnclinic.domain.safety.findings import uncovered
from ldnclinic.domain.text import collapse_spaces
from ldnclinic.services.clinic.settings import clinic_today, clinic_zone
from ldnclinic.services.contact_checks import display_phone
from ldnclinic.services.context import Actor, Clock, require
from ldnclinic.services.delivery import Deliver
from ldnclinic.services.prescriptions.documents import (
    build_document,
    document_from_json,
    document_to_json,
    serial_for,
)
from ldnclinic.services.prescriptions.dto import PrintedPrescription, ScriptPreview
from ldnclinic.services.prescriptions.followup_sync import sync_patient_followups
from ldnclinic.services.prescriptions.records import STALE, audit_rx, back_to_draft, load_patient, load_rx
from ldnclinic.services.prescriptions.screening import approval_decision, findings_for
from ldnclinic.services.prescriptions.snapshots import compute, rx_formula, steps_from_json
from ldnclinic.services.users.labels import user_name

Renderer = Callable[[PrescriptionDocument], bytes]
SERIAL_ELEMENT = "the serial number"  # assigned when the original prints: never missing from a preview
PRINTING_ELSEWHERE = (
    "This prescription was printed or changed at another desk at the same moment. Nothing was "
    "printed or recorded here; look at it again before printing."
)
BUSY_ELSEWHERE = (
    "This prescription is being printed at another desk right now. Nothing was printed or "
    "recorded here; try again in a moment."
)


class SafetyStopError(DomainError):
    """Hard stops (or unacknowledged warnings) block approval or printing."""

    def __init__(self, message: str, codes: tuple[str, ...], keys: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.codes = codes  # the findings' codes ("opioid")
        self.keys = keys or codes  # the findings' keys ("opioid: tramadol 50 mg")


class MissingElementsError(DomainError):
    """The script lacks elements Texas requires; nothing was printed."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("Cannot print: the prescription is missing " + "; ".join(missing) + ".")
        self.missing = tuple(missing)


def _default_renderer(document: PrescriptionDocument) -> bytes:
    from ldnclinic.printing.prescription import render_prescription

    pdf: bytes = render_prescription(document)
    return pdf


class PrescriptionPrinting:
    """The printing half of the prescription service (PrescriptionService delegates here)."""

    def __init__(self, db: Database, clock: Clock, renderer: Renderer | None = None) -> None:
        self._db = db
        self._clock = clock
        self._render = renderer or _default_renderer

    def print(
        self,
        actor: Actor,
        rx_id: int,
        *,
        copy: bool = False,
        deliver: Deliver | None = None,
        expect: PrintKind | None = None,
    ) -> PrintedPrescription:
        """The original (approved -> printed), a reprint from the archived snapshot, or a chart copy.

        `deliver` gets the PDF after every check and the rendering, inside the transaction;
        the print is recorded only if it returns. If it raises, nothing is recorded (an
        original stays approved, with no serial) and its error reaches the caller. Without
        `deliver` the caller takes the returned bytes as delivered (tools and tests).
        `expect` refuses to make a print of another kind than the one the user was shown
        (an original printed at another desk meanwhile)."""
        require(actor, Permission.RX_PRINT)
        try:
            with self._db.transaction() as session:
                row = load_rx(session, rx_id)
                status = RxStatus(row.status)
                if status is RxStatus.VOID:
                    raise DomainError(
                        f"Prescription {row.serial or row.id} is void and can never be printed."
                    )
                original = next((p for p in row.prints if p.kind == PrintKind.ORIGINAL.value), None)
                if original is not None:
                    if expect is PrintKind.ORIGINAL:
                        raise DomainError(self._printed_already(session, row, original))
                    return self._print_from_snapshot(
                        session, actor, row, original, copy=copy, deliver=deliver
                    )
                if not status.printable:  # without an original, only a draft is left here
                    raise DomainError("A draft cannot be printed: a prescriber must approve it first.")
                if copy:
                    raise DomainError("Print the original first; a chart copy is made from what was printed.")
                return self._print_original(session, actor, row, deliver)
        except StaleDataError:
            raise ConflictError(STALE) from None

    def _printed_already(self, session: Session, row: Prescription, original: PrescriptionPrint) -> str:
        when = original.printed_at.astimezone(clinic_zone(session))
        who = user_name(session.get(User, original.printed_by_id)) or "someone"
        return (
            f"The original of {row.serial} was printed already, on {when:%m/%d/%Y at %H:%M} by {who}. "
            "Nothing was printed here; use Reprint for another copy."
        )

    def script_preview(self, actor: Actor, rx_id: int, *, copy: bool = False) -> ScriptPreview:
        """The script as printing it now would make it, watermarked PREVIEW and recorded nowhere.

        Before the original: today's data, no serial (assigned when printed), no QR code, and
        `missing` lists what Texas requires and the original would still lack (a preview
        is never refused for it). After: the reprint or chart copy from the archived snapshot.
        Nothing changes but an RX_VIEWED audit entry ("preview")."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            row = load_rx(session, rx_id)
            if RxStatus(row.status) is RxStatus.VOID:
                raise DomainError(f"Prescription {row.serial or row.id} is void and can never be printed.")
            original = next((p for p in row.prints if p.kind == PrintKind.ORIGINAL.value), None)
            now = self._clock().astimezone(clinic_zone(session))
            missing: tuple[str, ...] = ()
            if original is not None:
                snapshot = document_from_json(original.document_json)
                document = dataclasses.replace(
                    snapshot,
                    printed_at=now,
                    reprint_of=None if copy else snapshot.serial,
                    chart_copy=copy,
                    preview=True,
                )
                kind = PrintKind.CHART_COPY if copy else PrintKind.REPRINT
            else:
                if copy:
                    raise DomainError("Print the original first; a chart copy is made from what was printed.")
                calculation, problems = compute(
                    rx_formula(row), steps_from_json(row.steps_json), row.supply_days, row.start_date
                )
                if calculation is None:
                    raise DomainError("Cannot show the script: " + " ".join(problems))
                built = build_document(
                    session, row, calculation, serial="", issued_on=now.date(), printed_at=now
                )
                document = dataclasses.replace(built, preview=True)
                missing = tuple(item for item in missing_elements(document) if item != SERIAL_ELEMENT)
                kind = PrintKind.ORIGINAL
            audit_rx(session, self._clock(), actor, AuditAction.RX_VIEWED, row, detail="preview")
        return ScriptPreview(row.id, kind, row.serial, self._render(document), missing)

    def _print_original(
        self, session: Session, actor: Actor, row: Prescription, deliver: Deliver | None
    ) -> PrintedPrescription:
        patient = load_patient(session, row.patient_id)
        formula = rx_formula(row)
        steps = steps_from_json(row.steps_json)
        calculation, problems = compute(formula, steps, row.supply_days, row.start_date)
        if calculation is None:
            raise SafetyStopError("Cannot print: " + " ".join(problems), ("cannot_make",))
        findings = findings_for(patient, formula, steps, today=clinic_today(session, self._clock()))
        new = uncovered(findings, *approval_decision(row))
        if new:
            back_to_draft(row)
            audit_rx(
                session,
                self._clock(),
                actor,
                AuditAction.RX_PRINT_REFUSED,
                row,
                detail="new since approval: " + ", ".join(dict.fromkeys(f.code for f in new)),
            )
            sync_patient_followups(session, row.patient_id, self._clock())
            session.commit()
            raise SafetyStopError(
                "Not printed: the chart has something new since approval, and the prescription is back "
                "in draft for the prescriber. New: " + " ".join(f.message for f in new),
                tuple(dict.fromkeys(f.code for f in new)),
                tuple(f.key for f in new),
            )
        now = self._clock()
        zone = clinic_zone(session)
        serial = row.serial or serial_for(row.id)
        document = build_document(
            session, row, calculation, serial=serial, issued_on=today_in(zone, now),
            printed_at=now.astimezone(zone),
        )  # fmt: skip
        missing = missing_elements(document)
        if missing:
            raise MissingElementsError(missing)
        pdf = self._render(document)
        _claim(session, row, now)
        if deliver is not None:
            deliver(pdf)  # the printer or the file; if it raises, the transaction rolls back
        digest = hashlib.sha256(pdf).hexdigest()
        row.serial = serial
        row.status = RxStatus.PRINTED.value
        row.printed_at = now
        row.printed_by_id = actor.user_id
        row.updated_at = now
        row.prints.append(
            PrescriptionPrint(
                kind=PrintKind.ORIGINAL.value,
                printed_at=now,
                printed_by_id=actor.user_id,
                document_json=document_to_json(document),
                pdf=pdf,
                sha256=digest,
            )
        )
        session.flush()
        audit_rx(
            session,
            self._clock(),
            actor,
            AuditAction.RX_PRINTED,
            row,
            detail=f"serial {serial}, sha256 {digest[:16]}",
        )
        return PrintedPrescription(row.id, serial, PrintKind.ORIGINAL, pdf, digest)

    def _print_from_snapshot(
        self,
        session: Session,
        actor: Actor,
        row: Prescription,
        original: PrescriptionPrint,
        *,
        copy: bool,
        deliver: Deliver | None,
    ) -> PrintedPrescription:
        now = self._clock()
        snapshot = document_from_json(original.document_json)
        # The original's serial; the page adds the date issued (the snapshot's issued_on).
        document = dataclasses.replace(
            snapshot,
            printed_at=now.astimezone(clinic_zone(session)),
            reprint_of=None if copy else snapshot.serial,
            chart_copy=copy,
        )
        pdf = self._render(document)
        if deliver is not None:
            deliver(pdf)  # recorded below only once it came out
        digest = hashlib.sha256(pdf).hexdigest()
        kind = PrintKind.CHART_COPY if copy else PrintKind.REPRINT
        row.prints.append(
            PrescriptionPrint(
                kind=kind.value,
                printed_at=now,
                printed_by_id=actor.user_id,
                document_json=document_to_json(document),
                pdf=pdf,
                sha256=digest,
            )
        )
        session.flush()
        action = AuditAction.RX_COPY_PRINTED if copy else AuditAction.RX_REPRINTED
        audit_rx(
            session,
            self._clock(),
            actor,
            action,
            row,
            detail=f"serial {snapshot.serial}, sha256 {digest[:16]}",
        )
        return PrintedPrescription(row.id, snapshot.serial, kind, pdf, digest)

    def archived_pdf(self, actor: Actor, rx_id: int) -> tuple[bytes, str]:
        """The original as printed, and its SHA-256 (checked against the stored digest)."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            row = load_rx(session, rx_id)
            original = next((p for p in row.prints if p.kind == PrintKind.ORIGINAL.value), None)
            if original is None:
                raise NotFoundError("This prescription has not been printed.")
            if hashlib.sha256(original.pdf).hexdigest() != original.sha256:
                raise DomainError("The archived PDF does not match its SHA-256: it has been altered.")
            audit_rx(session, self._clock(), actor, AuditAction.RX_VIEWED, row, detail="archived PDF opened")
            return original.pdf, original.sha256

    def fax_cover(self, actor: Actor, rx_id: int, *, note: str | None = None) -> bytes:
        """A cover sheet for faxing a printed script to its pharmacy (cover + one page)."""
        require(actor, Permission.RX_PRINT)
        from ldnclinic.printing.fax_cover import FaxCover, render_fax_cover

        with self._db.transaction() as session:
            row = load_rx(session, rx_id)
            if not RxStatus(row.status).was_printed:
                raise DomainError("Only a printed, signed prescription is faxed; print it first.")
            pharmacy = session.get(Pharmacy, row.pharmacy_id) if row.pharmacy_id else None
            if pharmacy is None or not pharmacy.fax:
                raise DomainError("Choose a pharmacy with a fax number on the prescription first.")
            clinic = session.scalar(select(ClinicProfile))
            if clinic is None:
                raise DomainError("Set up the clinic profile first.")
            sender = session.get_one(User, actor.user_id)
            cover = FaxCover(
                from_name=clinic.name,
                from_phone=display_phone(clinic.phone),
                from_fax=display_phone(clinic.fax),
                to_name=pharmacy.name,
                to_fax=display_phone(pharmacy.fax),
                to_phone=display_phone(pharmacy.phone),
                sent_on=clinic_today(session, self._clock()),
                pages=2,
                callback=display_phone(clinic.phone),
                sender=f"{sender.first_name} {sender.last_name}",
                note=collapse_spaces(note)[: limits.FAX_COVER_NOTE.chars] or None,
            )
            audit_rx(session, self._clock(), actor, AuditAction.RX_VIEWED, row, detail="fax cover sheet made")
            pdf: bytes = render_fax_cover(cover)
            return pdf


def _claim(session: Session, row: Prescription, now: datetime) -> None:
    """Take the script for this original before anything comes out.

    The version bump is an UPDATE checked against the version read: it holds the row (the
    write lock on SQLite) until the transaction ends, so a second desk printing the same
    original waits, then finds the version changed and is refused; if this print fails
    and rolls back, the other goes ahead."""
    row.updated_at = now
    flag_modified(row, "updated_at")  # an UPDATE (and the version bump) even when the time is the same
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(PRINTING_ELSEWHERE) from None
    except OperationalError as error:
        if "locked" not in str(error.orig).lower():  # SQLite gave up waiting for the other desk
            raise
        raise ConflictError(BUSY_ELSEWHERE) from None
