"""Printing prescriptions: the original (serial, archived PDF and SHA-256), reprints and
chart copies rendered from the archived snapshot, and the fax cover sheet.

Before an original prints, the safety screen runs again on today's chart and every element
Texas requires is checked; a changed chart sends the script back to the prescriber.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models import ClinicProfile, Pharmacy, Prescription, PrescriptionPrint, User
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, DomainError, NotFoundError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescription_document import PrescriptionDocument, missing_elements
from ldnclinic.domain.prescription_status import PrintKind, RxStatus
from ldnclinic.services.context import Actor, Clock, require
from ldnclinic.services.followup_sync import sync_patient_followups
from ldnclinic.services.prescription_documents import (
    build_document,
    document_from_json,
    document_to_json,
    serial_for,
)
from ldnclinic.services.prescription_dto import PrintedPrescription
from ldnclinic.services.prescription_rows import (
    STALE,
    audit_rx,
    back_to_draft,
    clinic_zone,
    compute,
    findings_for,
    hard_stop_codes,
    load_patient,
    load_rx,
    rx_formula,
    steps_from_json,
    warning_codes,
)
from ldnclinic.services.validators import display_phone

Renderer = Callable[[PrescriptionDocument], bytes]


class SafetyStopError(DomainError):
    """Hard stops (or unacknowledged warnings) block approval or printing."""

    def __init__(self, message: str, codes: tuple[str, ...]) -> None:
        super().__init__(message)
        self.codes = codes


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

    def print(self, actor: Actor, rx_id: int, *, copy: bool = False) -> PrintedPrescription:
        """The original (approved -> printed), a reprint from the archived snapshot, or a chart copy."""
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
                    return self._print_from_snapshot(session, actor, row, original, copy)
                if status is RxStatus.DRAFT:
                    raise DomainError("A draft cannot be printed: a prescriber must approve it first.")
                if copy:
                    raise DomainError("Print the original first; a chart copy is made from what was printed.")
                return self._print_original(session, actor, row)
        except StaleDataError:
            raise ConflictError(STALE) from None

    def _print_original(self, session: Session, actor: Actor, row: Prescription) -> PrintedPrescription:
        patient = load_patient(session, row.patient_id)
        formula = rx_formula(row)
        steps = steps_from_json(row.steps_json)
        calculation, problems = compute(formula, steps, row.supply_days, row.start_date)
        if calculation is None:
            raise SafetyStopError("Cannot print: " + " ".join(problems), ("cannot_make",))
        findings = findings_for(
            patient, formula, steps, today=self._clock().astimezone(clinic_zone(session)).date()
        )
        overridden = set(json.loads(row.override_codes)) if row.override_codes else set()
        new_stops = [f for f in findings if f.code in hard_stop_codes(findings) and f.code not in overridden]
        acknowledged = set(json.loads(row.acknowledged_json)) if row.acknowledged_json else set()
        new_warnings = [
            f for f in findings if f.code in warning_codes(findings) and f.code not in acknowledged
        ]
        if new_stops or new_warnings:
            back_to_draft(row)
            audit_rx(
                session,
                self._clock(),
                actor,
                AuditAction.RX_PRINT_REFUSED,
                row,
                detail="chart changed since approval",
            )
            sync_patient_followups(session, row.patient_id, self._clock())
            session.commit()
            texts = " ".join(f.message for f in [*new_stops, *new_warnings])
            raise SafetyStopError(
                "Not printed: the chart changed since approval and the prescription is back in draft for "
                "the prescriber. " + texts,
                tuple(f.code for f in [*new_stops, *new_warnings]),
            )
        now = self._clock()
        zone = clinic_zone(session)
        serial = row.serial or serial_for(row.id)
        document = build_document(
            session, row, calculation, serial=serial, issued_on=now.astimezone(zone).date(),
            printed_at=now.astimezone(zone),
        )  # fmt: skip
        missing = missing_elements(document)
        if missing:
            raise MissingElementsError(missing)
        pdf = self._render(document)
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
        self, session: Session, actor: Actor, row: Prescription, original: PrescriptionPrint, copy: bool
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
            if RxStatus(row.status) in (RxStatus.DRAFT, RxStatus.APPROVED, RxStatus.VOID):
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
                sent_on=self._clock().astimezone(clinic_zone(session)).date(),
                pages=2,
                callback=display_phone(clinic.phone),
                sender=f"{sender.first_name} {sender.last_name}",
                note=" ".join((note or "").split())[:500] or None,
            )
            audit_rx(session, self._clock(), actor, AuditAction.RX_VIEWED, row, detail="fax cover sheet made")
            pdf: bytes = render_fax_cover(cover)
            return pdf
