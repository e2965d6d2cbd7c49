"""Prescriptions from draft to sent: each call one transaction, permission-checked, audited.

draft -> approved (prescriber only, who becomes the prescriber on the script) -> printed
(serial assigned; the exact PDF and its SHA-256 archived) -> signed (the prescriber confirms
the wet signature) -> sent. Void with a reason at any point before sent. The safety screen
runs at save, approval and printing; only a prescriber overrides a hard stop, with a reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Formula as FormulaRow
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.records import by_id, existing
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    ValidationError,
)
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus, SendMethod
from ldnclinic.domain.prescriptions.supply import suggest_formulas
from ldnclinic.domain.text import clean_text, optional_clean_text
from ldnclinic.services.clinic.settings import clinic_today, clinic_zone
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.delivery import Deliver
from ldnclinic.services.prescriptions.approval import ApprovalDecision, PrescriptionApproval
from ldnclinic.services.prescriptions.checks import draft_problems
from ldnclinic.services.prescriptions.details import detail, summary
from ldnclinic.services.prescriptions.drafting import apply_input, formula_row_of
from ldnclinic.services.prescriptions.dto import (
    PrescriptionDetail,
    PrescriptionInput,
    PrescriptionSummary,
    PrintedPrescription,
    PrintQueue,
    RxPreview,
    ScriptPreview,
)
from ldnclinic.services.prescriptions.followup_sync import sync_patient_followups
from ldnclinic.services.prescriptions.formulary import domain_formula, formula_entry
from ldnclinic.services.prescriptions.printing import (
    PrescriptionPrinting,
    Renderer,
)
from ldnclinic.services.prescriptions.readiness import (
    print_blockers,
    unsaved_missing,
)
from ldnclinic.services.prescriptions.records import STALE, audit_rx, back_to_draft, load_patient, load_rx
from ldnclinic.services.prescriptions.screening import findings_for
from ldnclinic.services.prescriptions.snapshots import compute
from ldnclinic.services.prescriptions.start import DraftStart, draft_start
from ldnclinic.services.users.passwords import Passwords


class PrescriptionService:
    def __init__(
        self,
        db: Database,
        clock: Clock = system_clock,
        renderer: Renderer | None = None,
        passwords: Passwords | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._printing = PrescriptionPrinting(db, clock, renderer)
        self._approval = PrescriptionApproval(clock, passwords or Passwords())

    def _today(self, session: Session) -> date:
        return clinic_today(session, self._clock())

    # --- reading ----------------------------------------------------------------------------

    def get(self, actor: Actor, rx_id: int) -> PrescriptionDetail:
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            row = load_rx(session, rx_id)
            audit_rx(session, self._clock(), actor, AuditAction.RX_VIEWED, row)
            return detail(session, row, self._today(session))

    def for_patient(self, actor: Actor, patient_id: int) -> list[PrescriptionSummary]:
        """The patient's prescriptions, newest first."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            existing(session, Patient, patient_id, "patient")
            stmt = (
                select(Prescription)
                .where(Prescription.patient_id == patient_id)
                .order_by(Prescription.created_at.desc(), Prescription.id.desc())
            )
            return [summary(session, row) for row in session.scalars(stmt)]

    def query(
        self, actor: Actor, *, status: RxStatus | None = None, patient_id: int | None = None, limit: int = 500
    ) -> list[PrescriptionSummary]:
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            stmt = select(Prescription).order_by(Prescription.id.desc()).limit(max(1, min(limit, 5000)))
            if status is not None:
                stmt = stmt.where(Prescription.status == status.value)
            if patient_id is not None:
                stmt = stmt.where(Prescription.patient_id == patient_id)
            return [summary(session, row) for row in session.scalars(stmt)]

    def approval_queue(self, actor: Actor) -> list[PrescriptionSummary]:
        """Drafts awaiting a prescriber: assigned to this prescriber or to none, oldest first."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            stmt = select(Prescription).where(Prescription.status == RxStatus.DRAFT.value)
            if Role.PRESCRIBER in actor.roles:
                stmt = stmt.where(
                    (Prescription.prescriber_id == actor.user_id) | Prescription.prescriber_id.is_(None)
                )
            stmt = stmt.order_by(Prescription.created_at, Prescription.id)
            return [summary(session, row) for row in session.scalars(stmt)]

    def ready_to_print(self, actor: Actor) -> list[PrescriptionSummary]:
        """Approved scripts not printed yet that printing would not refuse, oldest first."""
        return self.print_queue(actor).ready

    def print_queue(self, actor: Actor) -> PrintQueue:
        """Approved scripts not printed yet, oldest first: those that can print, and those the
        printer would refuse now, each with its reasons (`cannot_print`, the print checks)."""
        require(actor, Permission.RX_PRINT)
        with self._db.transaction() as session:
            stmt = (
                select(Prescription)
                .where(Prescription.status == RxStatus.APPROVED.value)
                .order_by(Prescription.approved_at, Prescription.id)
            )
            today, now = self._today(session), self._clock().astimezone(clinic_zone(session))
            queue = PrintQueue([], [])
            for row in session.scalars(stmt):
                reasons = print_blockers(session, row, today=today, now=now)
                item = dataclasses.replace(summary(session, row), cannot_print=reasons)
                (queue.blocked if reasons else queue.ready).append(item)
            return queue

    def new_draft_for(self, actor: Actor, patient_id: int) -> DraftStart:
        """How a new prescription for this patient starts: from the live script, if any, with
        "continue the same plan" and "change the dose" prefilled (`start.py`)."""
        require(actor, Permission.RX_DRAFT)
        with self._db.transaction() as session:
            load_patient(session, patient_id)
            writer = actor.user_id if actor.can(Permission.RX_APPROVE) else None
            return draft_start(session, patient_id, self._today(session), writer)

    def preview(self, actor: Actor, data: PrescriptionInput) -> RxPreview:
        """Directions, quantity, findings and fitting formulas for an unsaved draft (no audit)."""
        require(actor, Permission.RX_DRAFT)
        with self._db.transaction() as session:
            patient = load_patient(session, data.patient_id)
            formula_row = formula_row_of(session, data.formula_id)
            formula = domain_formula(formula_row)
            today = self._today(session)
            start = data.start_date or today
            refills = max(data.refills, 0)
            calculation, problems = compute(formula, data.steps, data.supply_days, start, refills)
            rows = session.scalars(select(FormulaRow).where(FormulaRow.active.is_(True))).all()
            fitting = suggest_formulas([domain_formula(r) for r in rows], data.steps) if data.steps else []
            by_code = {r.code: r for r in rows}
            prescriber_id = data.prescriber_id
            if prescriber_id is None and actor.can(Permission.RX_APPROVE):
                prescriber_id = actor.user_id
            pharmacy_id = data.pharmacy_id if data.pharmacy_id is not None else patient.preferred_pharmacy_id
            field_problems = draft_problems(
                session,
                data,
                formula_row=formula_row,
                pharmacy_id=pharmacy_id,
                prescriber_id=prescriber_id,
                today=today,
                now=self._clock().astimezone(clinic_zone(session)),
            )
            missing: tuple[str, ...] = ()
            if calculation is not None:
                missing = unsaved_missing(
                    session,
                    data,
                    calculation,
                    formula_row=formula_row,
                    pharmacy_id=pharmacy_id,
                    prescriber_id=prescriber_id,
                    today=today,
                    now=self._clock().astimezone(clinic_zone(session)),
                )
            return RxPreview(
                calculation=calculation,
                problems=problems,
                findings=findings_for(patient, formula, data.steps, today=today),
                suggestions=tuple(formula_entry(by_code[f.code]) for f in fitting),
                field_problems=tuple(field_problems.items()),
                missing_elements=missing,
            )

    # --- drafts -----------------------------------------------------------------------------

    def create_draft(self, actor: Actor, data: PrescriptionInput) -> PrescriptionDetail:
        require(actor, Permission.RX_DRAFT)
        with self._db.transaction() as session:
            row = Prescription(
                status=RxStatus.DRAFT.value, created_by_id=actor.user_id, created_at=self._clock()
            )
            apply_input(session, actor, row, data, self._clock)
            session.add(row)
            session.flush()
            audit_rx(session, self._clock(), actor, AuditAction.RX_CREATED, row)
            return detail(session, row, self._today(session))

    def update_draft(
        self, actor: Actor, rx_id: int, data: PrescriptionInput, expected_version: int
    ) -> PrescriptionDetail:
        """Save edits; an approved script goes back to draft and must be approved again."""
        require(actor, Permission.RX_DRAFT)

        def change(session: Session, row: Prescription) -> None:
            status = RxStatus(row.status)
            if not status.editable:
                raise DomainError(
                    f"A {status.label.lower()} prescription cannot be edited; renew it instead."
                )
            if row.patient_id != data.patient_id:
                raise ValidationError({"patient_id": "A prescription cannot move to another patient."})
            apply_input(session, actor, row, data, self._clock)
            detail_text = None
            if status is RxStatus.APPROVED:
                back_to_draft(row)
                detail_text = "edited after approval: back to draft"
            audit_rx(session, self._clock(), actor, AuditAction.RX_UPDATED, row, detail=detail_text)

        return self._change(rx_id, expected_version, change)

    def renew(self, actor: Actor, rx_id: int) -> PrescriptionDetail:
        """A new draft with the same formula, plan, supply and refills, starting today."""
        require(actor, Permission.RX_DRAFT)
        with self._db.transaction() as session:
            old = load_rx(session, rx_id)
            if not RxStatus(old.status).renewable:
                raise DomainError("A draft is not renewed: edit it, or approve it first.")
            row = Prescription(
                status=RxStatus.DRAFT.value,
                created_by_id=actor.user_id,
                created_at=self._clock(),
                renewed_from_id=old.id,
            )
            for column in (
                "patient_id", "formula_id", "formula_code", "dosage_form", "strength_mg", "base", "flavour",
                "plan_code", "plan_name", "steps_json", "supply_days", "refills", "pharmacy_id",
                "diagnosis", "diagnosis_omitted", "pharmacist_note", "prescriber_id",
            ):  # fmt: skip
                setattr(row, column, getattr(old, column))
            row.start_date = self._today(session)
            row.updated_at = self._clock()
            session.add(row)
            session.flush()
            audit_rx(
                session,
                self._clock(),
                actor,
                AuditAction.RX_RENEWED,
                row,
                detail=f"renewed from prescription {old.id}",
            )
            return detail(session, row, self._today(session))

    # --- approval ---------------------------------------------------------------------------

    def approve(
        self,
        actor: Actor,
        rx_id: int,
        expected_version: int,
        *,
        acknowledged: frozenset[str] = frozenset(),
        override_reason: str | None = None,
        overridden: frozenset[str] = frozenset(),
        password: str | None = None,
    ) -> PrescriptionDetail:
        """The prescriber approves and becomes the prescriber on the script.

        `acknowledged` and `overridden` are the keys of the findings the prescriber saw and
        decided on (`Finding.key`): a warning or hard stop that is not among them, because it
        appeared after the prescriber looked, refuses the approval and names it. Overriding a
        hard stop needs a reason a reviewer can read and the prescriber's password.
        """
        require(actor, Permission.RX_APPROVE)
        decision = ApprovalDecision(
            acknowledged=acknowledged,
            overridden=overridden,
            reason=optional_clean_text(override_reason),
            password=password,
        )
        return self._change(
            rx_id, expected_version, lambda session, row: self._approval.apply(session, actor, row, decision)
        )

    # --- printing ---------------------------------------------------------------------------

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

        Recorded only once `deliver` (the printer, a file) returned: see PrescriptionPrinting.print."""
        return self._printing.print(actor, rx_id, copy=copy, deliver=deliver, expect=expect)

    def script_preview(self, actor: Actor, rx_id: int, *, copy: bool = False) -> ScriptPreview:
        """The script as printing it now would make it, watermarked PREVIEW, recorded nowhere."""
        return self._printing.script_preview(actor, rx_id, copy=copy)

    def archived_pdf(self, actor: Actor, rx_id: int) -> tuple[bytes, str]:
        """The original as printed, and its SHA-256 (checked against the stored digest)."""
        return self._printing.archived_pdf(actor, rx_id)

    def fax_cover(self, actor: Actor, rx_id: int, *, note: str | None = None) -> bytes:
        """A cover sheet for faxing a printed script to its pharmacy."""
        return self._printing.fax_cover(actor, rx_id, note=note)

    # --- after printing -----------------------------------------------------------------------

    def sign(self, actor: Actor, rx_id: int, expected_version: int) -> PrescriptionDetail:
        """The prescriber on the script confirms they wet-signed the printed original."""
        require(actor, Permission.RX_APPROVE)

        def change(session: Session, row: Prescription) -> None:
            if not RxStatus(row.status).signable:
                raise DomainError(f"Only a printed prescription can be signed; this one is {row.status}.")
            if row.prescriber_id != actor.user_id:
                raise PermissionDeniedError(
                    "Only the prescriber named on the script can confirm its signature."
                )
            row.status = RxStatus.SIGNED.value
            row.signed_by_id = actor.user_id
            row.signed_at = row.updated_at = self._clock()
            audit_rx(session, self._clock(), actor, AuditAction.RX_SIGNED, row)

        return self._change(rx_id, expected_version, change)

    def send(
        self,
        actor: Actor,
        rx_id: int,
        expected_version: int,
        *,
        method: SendMethod,
        pharmacy_id: int | None,
        sent_at: datetime | None = None,
    ) -> PrescriptionDetail:
        require(actor, Permission.RX_PRINT)

        def change(session: Session, row: Prescription) -> None:
            if not RxStatus(row.status).sendable:
                raise DomainError(f"Only a signed prescription can be sent; this one is {row.status}.")
            if method is not SendMethod.HANDED_TO_PATIENT and pharmacy_id is None:
                raise ValidationError({"pharmacy_id": "Choose the pharmacy it was sent to."})
            if pharmacy_id is not None and by_id(session, Pharmacy, pharmacy_id) is None:
                raise ValidationError({"pharmacy_id": "That pharmacy is not in the directory."})
            now = self._clock()
            if sent_at is not None and (sent_at.tzinfo is None or sent_at > now):
                raise ValidationError({"sent_at": "The time sent cannot be in the future."})
            row.status = RxStatus.SENT.value
            row.sent_method = method.value
            row.sent_to_pharmacy_id = pharmacy_id
            row.sent_by_id = actor.user_id
            row.sent_at = sent_at or now
            row.updated_at = now
            audit_rx(
                session,
                self._clock(),
                actor,
                AuditAction.RX_SENT,
                row,
                detail=f"{method.value} to pharmacy {pharmacy_id}",
            )

        return self._change(rx_id, expected_version, change)

    def void(self, actor: Actor, rx_id: int, expected_version: int, reason: str) -> PrescriptionDetail:
        """Void before sending; staff may void drafts, a prescriber any unsent script."""
        require(actor, Permission.RX_DRAFT)
        text = clean_text(reason)
        if len(text) < limits.REASON_MIN_CHARS:
            raise ValidationError(
                {
                    "reason": "Say why the prescription is voided "
                    f"(at least {limits.REASON_MIN_CHARS} characters)."
                }
            )

        def change(session: Session, row: Prescription) -> None:
            status = RxStatus(row.status)
            if not status.voidable:
                raise DomainError(f"A {status.label.lower()} prescription cannot be voided.")
            if status.void_needs_prescriber and not actor.can(Permission.RX_APPROVE):
                raise PermissionDeniedError("Only a prescriber can void an approved or printed prescription.")
            now = self._clock()
            row.status = RxStatus.VOID.value
            row.void_reason = text[: limits.RX_VOID_REASON.chars]
            row.voided_by_id = actor.user_id
            row.voided_at = row.updated_at = now
            audit_rx(
                session,
                self._clock(),
                actor,
                AuditAction.RX_VOIDED,
                row,
                detail=f"was {status.value}: {text[:300]}",
            )

        return self._change(rx_id, expected_version, change)

    # --- helpers ------------------------------------------------------------------------------

    def _change(
        self, rx_id: int, expected_version: int, change: Callable[[Session, Prescription], None]
    ) -> PrescriptionDetail:
        try:
            with self._db.transaction() as session:
                row = load_rx(session, rx_id)
                if row.version != expected_version:
                    raise ConflictError(STALE, current=detail(session, row, self._today(session)))
                change(session, row)
                session.flush()
                sync_patient_followups(session, row.patient_id, self._clock())
                return detail(session, row, self._today(session))
        except StaleDataError:
            with self._db.transaction() as session:
                current = detail(session, load_rx(session, rx_id), self._today(session))
            raise ConflictError(STALE, current=current) from None
