"""Telemedicine visit notes: drafted by staff or the prescriber, signed by a prescriber, then
read-only; corrections are dated addenda by their author, below the original text.

Each call is one transaction, checks the caller's permission and writes the audit trail.
Saving a visit for a follow-up marks that follow-up done. A visit's outcome measures feed
the chart of outcomes against the dose over time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.followups import Followup, Visit, VisitAddendum
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.records import by_id
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from ldnclinic.domain.followups.documents import AddendumText, VisitSummaryDocument
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import FollowupStatus
from ldnclinic.domain.geography import is_texas
from ldnclinic.domain.identifiers import is_record_id
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.visits.note import (
    Modality,
    Scores,
    SideEffect,
    VisitNote,
    VisitStatus,
    addendum_problems,
    visit_problems,
)
from ldnclinic.domain.visits.outcomes import OutcomeSeries
from ldnclinic.services import audit
from ldnclinic.services.clinic.settings import clinic_header, clinic_zone
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.followups.records import refresh_work_date
from ldnclinic.services.prescriptions.followup_sync import sync_patient_followups
from ldnclinic.services.prescriptions.in_force import current_prescription
from ldnclinic.services.visits.dto import VisitDetail, VisitInput, VisitSummary
from ldnclinic.services.visits.notes import STALE_VISIT, load_visit, visit_detail, visit_summary, write_note
from ldnclinic.services.visits.outcomes import dose_on, outcome_series


def _audit(
    session: Session, at: datetime, actor: Actor, action: AuditAction, row: Visit, *, detail: str = ""
) -> None:
    audit.record(
        session,
        at=at,
        action=action,
        actor=actor,
        record_type="visit",
        record_id=row.id,
        detail=f"patient {row.patient_id}" + (f": {detail}" if detail else ""),
    )


class VisitService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    # --- reading ----------------------------------------------------------------------------

    def get(self, actor: Actor, visit_id: int) -> VisitDetail:
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            row = load_visit(session, visit_id)
            _audit(session, self._clock(), actor, AuditAction.VISIT_VIEWED, row)
            return visit_detail(session, row, clinic_zone(session))

    def for_patient(self, actor: Actor, patient_id: int) -> list[VisitSummary]:
        """The patient's visits, newest first."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            self._patient(session, patient_id)
            zone = clinic_zone(session)
            rows = session.scalars(
                select(Visit)
                .where(Visit.patient_id == patient_id)
                .order_by(Visit.visit_at.desc(), Visit.id.desc())
            )
            return [visit_summary(session, row, zone) for row in rows]

    def outcomes(self, actor: Actor, patient_id: int) -> OutcomeSeries:
        """Each outcome measure over time and the daily dose on the same timeline."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            self._patient(session, patient_id)
            return outcome_series(session, patient_id, clinic_zone(session))

    def summary_pdf(self, actor: Actor, visit_id: int, *, for_patient: bool = False) -> bytes:
        """The visit summary with the outcome chart: for the record, or a copy for the patient."""
        from ldnclinic.printing.visit_summary import render_visit_summary

        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            row = load_visit(session, visit_id)
            zone = clinic_zone(session)
            detail = visit_detail(session, row, zone)
            patient = session.get_one(Patient, row.patient_id)
            document = VisitSummaryDocument(
                clinic=clinic_header(session),
                patient_name=" ".join(
                    p for p in (patient.first_name, patient.middle_name, patient.last_name) if p
                ),
                date_of_birth=patient.date_of_birth,
                mrn=patient.mrn,
                visit_at=detail.note.visit_at,
                modality=detail.note.modality,
                location=f"{detail.note.location_city}, {detail.note.location_state}",
                consent_confirmed=detail.note.consent_confirmed,
                status=detail.status,
                author=detail.created_by,
                signed_by=detail.signed_by,
                signed_at=detail.signed_at,
                subjective=detail.note.subjective,
                objective=detail.note.objective,
                assessment=detail.note.assessment,
                plan=detail.note.plan,
                current_dose_mg=detail.note.current_dose_mg,
                adherence=detail.note.adherence,
                side_effects=tuple(e for e in SideEffect if e in detail.note.side_effects),
                side_effect_other=detail.note.side_effect_other,
                scores=detail.note.scores,
                decision=detail.note.decision,
                medication=detail.medication,
                addenda=tuple(AddendumText(a.author, a.written_at, a.text) for a in detail.addenda),
                outcomes=outcome_series(session, row.patient_id, zone),
                printed_at=self._clock().astimezone(zone),
                for_patient=for_patient,
            )
            _audit(
                session,
                self._clock(),
                actor,
                AuditAction.VISIT_PRINTED,
                row,
                detail="patient copy" if for_patient else "summary",
            )
        return render_visit_summary(document)

    def new_visit(self, actor: Actor, patient_id: int, *, followup_id: int | None = None) -> VisitInput:
        """A blank note prefilled with what is known: now, the address city if in Texas, the
        current prescription and today's dose, and the last visit's condition score name.
        Consent is never prefilled: it is confirmed at every visit."""
        require(actor, Permission.VISIT_WRITE)
        with self._db.transaction() as session:
            patient = self._patient(session, patient_id)
            zone = clinic_zone(session)
            now = self._clock().astimezone(zone)
            series = outcome_series(session, patient_id, zone)
            script = current_prescription(session, patient_id)
            in_texas = is_texas(patient.state)
            return VisitInput(
                patient_id=patient_id,
                prescription_id=script.id if script else None,
                followup_id=followup_id,
                note=VisitNote(
                    visit_at=now.replace(second=0, microsecond=0),
                    modality=Modality.VIDEO,
                    location_state="TX" if in_texas else "",
                    location_city=(patient.city or "") if in_texas else "",
                    consent_confirmed=False,
                    current_dose_mg=dose_on(series, now.date()),
                    scores=Scores(condition_name=series.condition_name),
                ),
            )

    # --- writing ----------------------------------------------------------------------------

    def create(self, actor: Actor, data: VisitInput) -> VisitDetail:
        require(actor, Permission.VISIT_WRITE)
        self._check(data.note)
        with self._db.transaction() as session:
            self._patient(session, data.patient_id)
            self._check_prescription(session, data)
            now = self._clock()
            row = Visit(
                patient_id=data.patient_id,
                prescription_id=data.prescription_id,
                status=VisitStatus.DRAFT.value,
                created_by_id=actor.user_id,
                created_at=now,
                updated_by_id=actor.user_id,
                updated_at=now,
            )
            write_note(row, data.note)
            session.add(row)
            session.flush()
            _audit(session, now, actor, AuditAction.VISIT_CREATED, row)
            if data.followup_id is not None:
                self._complete_followup(session, actor, row, data.followup_id)
            return visit_detail(session, row, clinic_zone(session))

    def update(self, actor: Actor, visit_id: int, data: VisitInput, expected_version: int) -> VisitDetail:
        require(actor, Permission.VISIT_WRITE)
        self._check(data.note)

        def change(session: Session, row: Visit) -> None:
            if row.status == VisitStatus.SIGNED.value:
                raise DomainError("A signed visit cannot be changed. Add a dated addendum instead.")
            if data.patient_id != row.patient_id:
                raise ValidationError({"patient_id": "A visit cannot move to another patient."})
            self._check_prescription(session, data)
            write_note(row, data.note)
            row.prescription_id = data.prescription_id
            row.updated_by_id = actor.user_id
            row.updated_at = self._clock()
            _audit(session, self._clock(), actor, AuditAction.VISIT_UPDATED, row)
            if data.followup_id is not None:
                self._complete_followup(session, actor, row, data.followup_id)

        return self._change(visit_id, expected_version, change)

    def sign(self, actor: Actor, visit_id: int, expected_version: int) -> VisitDetail:
        """The prescriber signs: the note is then read-only."""
        require(actor, Permission.VISIT_SIGN)

        def change(session: Session, row: Visit) -> None:
            if row.status == VisitStatus.SIGNED.value:
                raise DomainError("This visit is already signed.")
            self._check(visit_detail(session, row, clinic_zone(session)).note)
            row.status = VisitStatus.SIGNED.value
            row.signed_by_id = actor.user_id
            row.signed_at = self._clock()
            _audit(session, self._clock(), actor, AuditAction.VISIT_SIGNED, row)

        return self._change(visit_id, expected_version, change)

    def add_addendum(self, actor: Actor, visit_id: int, text: str) -> VisitDetail:
        """A dated correction or addition by its author; the signed text is never changed."""
        require(actor, Permission.VISIT_WRITE)
        problems = addendum_problems(text)
        if problems:
            raise ValidationError(problems)
        with self._db.transaction() as session:
            row = load_visit(session, visit_id)
            if row.status != VisitStatus.SIGNED.value:
                raise DomainError("This visit is not signed yet: edit the note itself.")
            row.addenda.append(
                VisitAddendum(author_id=actor.user_id, written_at=self._clock(), text=text.strip())
            )
            session.flush()
            _audit(
                session,
                self._clock(),
                actor,
                AuditAction.VISIT_ADDENDUM,
                row,
                detail=f"addendum {len(row.addenda)}",
            )
            return visit_detail(session, row, clinic_zone(session))

    # --- helpers ----------------------------------------------------------------------------

    def _check(self, note: VisitNote) -> None:
        problems = visit_problems(note, self._clock())
        if problems:
            raise ValidationError(problems)

    @staticmethod
    def _patient(session: Session, patient_id: int) -> Row[int, str | None, str | None]:
        """The patient's id, state and city (one light query: no clinical lists loaded)."""
        if not is_record_id(patient_id):  # no row has it: the driver would refuse the number
            raise NotFoundError(f"There is no patient with id {patient_id}.")
        patient = session.execute(
            select(Patient.id, Patient.state, Patient.city).where(Patient.id == patient_id)
        ).first()
        if patient is None:
            raise NotFoundError(f"There is no patient with id {patient_id}.")
        return patient

    @staticmethod
    def _check_prescription(session: Session, data: VisitInput) -> None:
        if data.prescription_id is None:
            return
        script = session.get(Prescription, data.prescription_id)
        if script is None or script.patient_id != data.patient_id:
            raise ValidationError({"prescription_id": "That prescription is not this patient's."})

    def _complete_followup(self, session: Session, actor: Actor, row: Visit, followup_id: int) -> None:
        item = by_id(session, Followup, followup_id)
        if item is None or item.patient_id != row.patient_id:
            raise ValidationError({"followup_id": "That follow-up is not this patient's."})
        if FollowupStatus(item.status).is_closed:
            return  # already closed (done by an earlier save of this note, or by someone else)
        require(actor, Permission.FOLLOWUP_WORK)
        now = self._clock()
        item.status = FollowupStatus.DONE.value
        item.visit_id = row.id
        item.worked = True
        item.closed_at = item.updated_at = now
        item.closed_by_id = actor.user_id
        refresh_work_date(item, clinic_zone(session))
        if item.type == FollowupType.ROUTINE_REVIEW.value:
            sync_patient_followups(session, row.patient_id, now)  # plan the next review
        audit.record(
            session,
            at=now,
            action=AuditAction.FOLLOWUP_UPDATED,
            actor=actor,
            record_type="followup",
            record_id=item.id,
            detail=f"patient {item.patient_id}: done with visit {row.id}",
        )

    def _change(
        self, visit_id: int, expected_version: int, change: Callable[[Session, Visit], None]
    ) -> VisitDetail:
        try:
            with self._db.transaction() as session:
                row = load_visit(session, visit_id)
                zone = clinic_zone(session)
                if row.version != expected_version:
                    raise ConflictError(STALE_VISIT, current=visit_detail(session, row, zone))
                change(session, row)
                session.flush()
                return visit_detail(session, row, zone)
        except StaleDataError:
            with self._db.transaction() as session:
                current = visit_detail(session, load_visit(session, visit_id), clinic_zone(session))
            raise ConflictError(STALE_VISIT, current=current) from None
