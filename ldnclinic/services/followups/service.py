"""Follow-ups as staff work them: the worklist, contact attempts, schedule, snooze, close.

Each call is one transaction, checks the caller's permission and writes the audit trail
(record ids and what changed, never names). Any action marks the item as worked, so a
later regeneration of the prescription's items never removes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import ClinicProfile
from ldnclinic.db.models.followups import ContactAttempt, Followup, Visit
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.users import User
from ldnclinic.db.records import by_id, existing
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.dates import today_in
from ldnclinic.domain.enums import AuditAction, Role, stored_values
from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import (
    OPEN_STATUSES,
    WEEK_DAYS,
    Bucket,
    ContactMethod,
    ContactOutcome,
    FollowupStatus,
)
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.text import collapse_spaces
from ldnclinic.services import audit
from ldnclinic.services.clinic.settings import clinic_header, clinic_settings, clinic_today, clinic_zone
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.followups.dto import Assignee, FollowupItem, NewFollowup, Worklist, WorklistFilter
from ldnclinic.services.followups.exports import call_list_document, csv_text, ics_bytes
from ldnclinic.services.followups.items import bucket_counts, followup_item, followup_items
from ldnclinic.services.followups.records import (
    STALE_FOLLOWUP,
    audit_followup,
    load_followup,
    refresh_work_date,
)
from ldnclinic.services.prescriptions.followup_sync import sync_patient_followups

MAX_WORKLIST = 1_000_000  # the most rows one worklist reads (a larger limit means all of them)


def _text(value: str | None, limit: int, field: str, errors: dict[str, str]) -> str | None:
    text = collapse_spaces(value)
    if len(text) > limit:
        errors[field] = f"Keep it to {limit:,} characters."
    return text or None


class FollowupService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def today(self) -> date:
        """Today in the clinic's time zone, by the service's clock (what the checks use)."""
        with self._db.transaction() as session:
            return clinic_today(session, self._clock())

    # --- reading ----------------------------------------------------------------------------

    def worklist(self, actor: Actor, wanted: WorklistFilter = WorklistFilter()) -> Worklist:
        """Open items needing attention up to `through` (overdue ones always), soonest first."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            zone = clinic_zone(session)
            today = today_in(zone, self._clock())
            through = wanted.through or today + timedelta(days=WEEK_DAYS)
            base = self._filtered(wanted)
            counts = bucket_counts(session, base, today)
            limit = max(1, min(wanted.limit, MAX_WORKLIST))  # a huge --limit means "all of them"
            stmt = (
                base.join(Patient, Patient.id == Followup.patient_id)
                .where(Followup.work_date <= through)
                .order_by(Followup.work_date, Followup.type, Patient.sort_key, Followup.id)
                .limit(limit + 1)
                .options(lazyload(Followup.attempts))  # read in one query with the patients
            )
            rows = list(session.scalars(stmt))
            truncated = len(rows) > limit
            items = tuple(followup_items(session, rows[:limit], today, zone))
            return Worklist(today, through, items, counts, truncated)

    def counts(self, actor: Actor, wanted: WorklistFilter = WorklistFilter()) -> dict[Bucket, int]:
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            zone = clinic_zone(session)
            today = today_in(zone, self._clock())
            return bucket_counts(session, self._filtered(wanted), today)

    def for_patient(self, actor: Actor, patient_id: int) -> list[FollowupItem]:
        """Every follow-up of the patient, open ones first by date, then closed ones newest first."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            existing(session, Patient, patient_id, "patient")
            zone = clinic_zone(session)
            today = today_in(zone, self._clock())
            rows = session.scalars(
                select(Followup).where(Followup.patient_id == patient_id).options(lazyload(Followup.attempts))
            ).all()
            items = followup_items(session, rows, today, zone)
            open_items = sorted((i for i in items if i.bucket is not None), key=lambda i: (i.work_date, i.id))
            closed = sorted(
                (i for i in items if i.bucket is None), key=lambda i: (i.work_date, i.id), reverse=True
            )
            return open_items + closed

    def get(self, actor: Actor, followup_id: int) -> FollowupItem:
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            zone = clinic_zone(session)
            today = today_in(zone, self._clock())
            return followup_item(session, load_followup(session, followup_id), today, zone)

    def assignees(self, actor: Actor) -> list[Assignee]:
        """Active staff and prescribers, by name: who follow-ups can be given to."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            users = session.scalars(
                select(User).where(User.active.is_(True)).order_by(User.last_name, User.first_name)
            )
            return [
                Assignee(u.id, f"{u.first_name} {u.last_name}", u.username)
                for u in users
                if {r.role for r in u.roles} & {Role.STAFF.value, Role.PRESCRIBER.value}
            ]

    # --- exports ----------------------------------------------------------------------------

    def export_csv(self, actor: Actor, wanted: WorklistFilter = WorklistFilter()) -> str:
        """The worklist (overdue and due through `through`) as CSV for a spreadsheet."""
        worklist = self.worklist(actor, wanted)
        self._audit_export(actor, f"csv, {len(worklist.items)} items")
        return csv_text(worklist.items)

    def export_ics(self, actor: Actor, wanted: WorklistFilter = WorklistFilter()) -> bytes:
        """Scheduled follow-ups as an iCalendar file (through a year ahead unless `through`)."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            _, detail, zone = clinic_settings(session)
            clinic = session.scalar(select(ClinicProfile))
            today = today_in(zone, self._clock())
        through = wanted.through or today + timedelta(days=limits.CALENDAR_EXPORT_DAYS)
        worklist = self.worklist(actor, replace(wanted, through=through, limit=MAX_WORKLIST))
        data, count = ics_bytes(
            worklist.items, detail=detail, clinic_name=clinic.name if clinic else "Clinic", now=self._clock()
        )
        self._audit_export(actor, f"ics, {count} events, {detail.value}")
        return data

    def call_list_pdf(
        self, actor: Actor, wanted: WorklistFilter = WorklistFilter(), *, scope: str = ""
    ) -> bytes:
        """A printable call list of the worklist, grouped overdue / today / this week / later."""
        from ldnclinic.printing.call_list import render_call_list

        worklist = self.worklist(actor, wanted)
        with self._db.transaction() as session:
            zone = clinic_zone(session)
            header = clinic_header(session)
        document = call_list_document(
            worklist.items,
            clinic=header,
            scope=scope or f"Overdue and due through {worklist.through:%m/%d/%Y}",
            printed_at=self._clock().astimezone(zone),
            printed_by=actor.display_name,
        )
        self._audit_export(actor, f"call list, {len(worklist.items)} items")
        return render_call_list(document)

    def _audit_export(self, actor: Actor, detail: str) -> None:
        with self._db.transaction() as session:
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.FOLLOWUPS_EXPORTED,
                actor=actor,
                record_type="followup",
                detail=detail,
            )

    # --- creating ---------------------------------------------------------------------------

    def create(self, actor: Actor, data: NewFollowup) -> FollowupItem:
        """A follow-up added by hand (any type; "other" for anything the rules do not cover)."""
        require(actor, Permission.FOLLOWUP_WORK)
        errors: dict[str, str] = {}
        reason = _text(data.reason, limits.FOLLOWUP_NOTE.chars, "reason", errors)
        if not reason:
            errors["reason"] = "Say what the follow-up is for."
        with self._db.transaction() as session:
            existing(session, Patient, data.patient_id, "patient")
            zone = clinic_zone(session)
            now = self._clock()
            today = today_in(zone, now)
            earliest = today - timedelta(days=limits.NEW_FOLLOWUP_DAYS_BACK)
            latest = today + timedelta(days=limits.NEW_FOLLOWUP_DAYS_AHEAD)
            if not earliest <= data.due_date <= latest:
                errors["due_date"] = "Choose a due date within a year back and three years ahead."
            self._check_assignee(session, data.assignee_id, errors)
            if errors:
                raise ValidationError(errors)
            row = Followup(
                patient_id=data.patient_id,
                type=data.type.value,
                due_date=data.due_date,
                work_date=data.due_date,
                reason=reason or "",
                generated=False,
                assignee_id=data.assignee_id,
                status=FollowupStatus.OPEN.value,
                worked=True,
                created_by_id=actor.user_id,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            audit_followup(
                session, now, actor, AuditAction.FOLLOWUP_CREATED, row, detail=f"{data.type.value} added"
            )
            return followup_item(session, row, today, zone)

    # --- working an item --------------------------------------------------------------------

    def log_attempt(
        self,
        actor: Actor,
        followup_id: int,
        expected_version: int,
        *,
        method: ContactMethod,
        outcome: ContactOutcome,
        note: str | None = None,
        at: datetime | None = None,
    ) -> FollowupItem:
        errors: dict[str, str] = {}
        text = _text(note, limits.FOLLOWUP_NOTE.chars, "note", errors)
        now = self._clock()
        if at is not None and (at.tzinfo is None or at > now + timedelta(minutes=5)):
            errors["at"] = "An attempt cannot be logged in the future."
        if errors:
            raise ValidationError(errors)

        def change(session: Session, row: Followup) -> str:
            self._require_open(row)
            row.attempts.append(
                ContactAttempt(
                    at=at or now, method=method.value, outcome=outcome.value, note=text, by_id=actor.user_id
                )
            )
            return f"attempt by {method.value}: {outcome.value}"

        return self._change(actor, followup_id, expected_version, change, AuditAction.FOLLOWUP_ATTEMPT)

    def schedule(self, actor: Actor, followup_id: int, expected_version: int, when: datetime) -> FollowupItem:
        """An appointment for the follow-up (the visit happens then)."""
        if when.tzinfo is None:
            raise ValidationError({"when": "The appointment time needs a time zone."})

        def change(session: Session, row: Followup) -> str:
            self._require_open(row)
            zone = clinic_zone(session)
            today = today_in(zone, self._clock())
            if when.astimezone(zone).date() < today:
                raise ValidationError({"when": "An appointment cannot be in the past."})
            if when.astimezone(zone).date() > today + timedelta(days=limits.FOLLOWUP_DAYS_AHEAD):
                raise ValidationError({"when": "Schedule within the next year."})
            row.status = FollowupStatus.SCHEDULED.value
            row.scheduled_at = when
            row.snoozed_until = None
            return "scheduled"

        return self._change(actor, followup_id, expected_version, change)

    def snooze(self, actor: Actor, followup_id: int, expected_version: int, until: date) -> FollowupItem:
        """Off the worklist until `until` (after today, within a year)."""

        def change(session: Session, row: Followup) -> str:
            self._require_open(row)
            today = clinic_today(session, self._clock())
            if until <= today:
                raise ValidationError({"until": "Snooze until a day after today."})
            if until > today + timedelta(days=limits.FOLLOWUP_DAYS_AHEAD):
                raise ValidationError({"until": "Snooze for at most a year."})
            row.status = FollowupStatus.SNOOZED.value
            row.snoozed_until = until
            row.scheduled_at = None
            return f"snoozed {(until - today).days} days"

        return self._change(actor, followup_id, expected_version, change)

    def cancel(self, actor: Actor, followup_id: int, expected_version: int, reason: str) -> FollowupItem:
        text = collapse_spaces(reason)
        if len(text) < limits.REASON_MIN_CHARS:
            raise ValidationError(
                {"reason": f"Say why it is cancelled (at least {limits.REASON_MIN_CHARS} characters)."}
            )
        if len(text) > limits.FOLLOWUP_NOTE.chars:
            raise ValidationError(
                {"reason": f"Keep the reason to {limits.FOLLOWUP_NOTE.chars:,} characters."}
            )

        def change(session: Session, row: Followup) -> str:
            self._require_open(row)
            self._close(row, actor, FollowupStatus.CANCELLED, text)
            return "cancelled"

        return self._change(actor, followup_id, expected_version, change)

    def mark_missed(
        self, actor: Actor, followup_id: int, expected_version: int, note: str | None = None
    ) -> FollowupItem:
        """The patient did not come or could not be reached in time."""
        errors: dict[str, str] = {}
        text = _text(note, limits.FOLLOWUP_NOTE.chars, "note", errors)
        if errors:
            raise ValidationError(errors)

        def change(session: Session, row: Followup) -> str:
            self._require_open(row)
            self._close(row, actor, FollowupStatus.MISSED, text)
            return "missed"

        return self._change(actor, followup_id, expected_version, change)

    def complete(
        self,
        actor: Actor,
        followup_id: int,
        expected_version: int,
        *,
        visit_id: int | None = None,
        note: str | None = None,
    ) -> FollowupItem:
        """Done, with the visit note that documents it when there is one."""
        errors: dict[str, str] = {}
        text = _text(note, limits.FOLLOWUP_NOTE.chars, "note", errors)
        if errors:
            raise ValidationError(errors)

        def change(session: Session, row: Followup) -> str:
            self._require_open(row)
            if visit_id is not None:
                visit = by_id(session, Visit, visit_id)
                if visit is None or visit.patient_id != row.patient_id:
                    raise ValidationError({"visit_id": "That visit is not this patient's."})
                row.visit_id = visit_id
            self._close(row, actor, FollowupStatus.DONE, text)
            if row.type == FollowupType.ROUTINE_REVIEW.value:
                sync_patient_followups(session, row.patient_id, self._clock())  # plan the next ones
            return "done" + (f" with visit {visit_id}" if visit_id else "")

        return self._change(actor, followup_id, expected_version, change)

    def reopen(self, actor: Actor, followup_id: int, expected_version: int) -> FollowupItem:
        """Undo a snooze, an appointment, a cancel or a missed mark: the item is open again."""

        def change(session: Session, row: Followup) -> str:
            if not FollowupStatus(row.status).reopenable:
                if row.status == FollowupStatus.OPEN.value:
                    raise DomainError("This follow-up is already open.")
                raise DomainError("A follow-up marked done stays done; add a new follow-up instead.")
            was = row.status
            row.status = FollowupStatus.OPEN.value
            row.scheduled_at = None
            row.snoozed_until = None
            row.closed_reason = None
            row.closed_at = None
            row.closed_by_id = None
            return f"reopened (was {was})"

        return self._change(actor, followup_id, expected_version, change)

    def assign(
        self, actor: Actor, followup_id: int, expected_version: int, assignee_id: int | None
    ) -> FollowupItem:
        def change(session: Session, row: Followup) -> str:
            self._require_open(row)
            errors: dict[str, str] = {}
            self._check_assignee(session, assignee_id, errors)
            if errors:
                raise ValidationError(errors)
            row.assignee_id = assignee_id
            return f"assigned to user {assignee_id}" if assignee_id else "unassigned"

        return self._change(actor, followup_id, expected_version, change)

    # --- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _filtered(wanted: WorklistFilter) -> Select[Followup]:
        stmt = select(Followup).where(Followup.status.in_(stored_values(OPEN_STATUSES)))
        if wanted.types:
            stmt = stmt.where(Followup.type.in_([t.value for t in wanted.types]))
        if wanted.unassigned_only:
            stmt = stmt.where(Followup.assignee_id.is_(None))
        elif wanted.assignee_id is not None:
            stmt = stmt.where(Followup.assignee_id == wanted.assignee_id)
        return stmt

    @staticmethod
    def _require_open(row: Followup) -> None:
        status = FollowupStatus(row.status)
        if status.is_closed:
            raise DomainError(f"This follow-up is already {status.label.lower()}; reopen it first.")

    def _close(self, row: Followup, actor: Actor, status: FollowupStatus, reason: str | None) -> None:
        row.status = status.value
        row.closed_reason = reason
        row.closed_at = self._clock()
        row.closed_by_id = actor.user_id
        row.scheduled_at = row.scheduled_at if status is FollowupStatus.DONE else None
        row.snoozed_until = None

    @staticmethod
    def _check_assignee(session: Session, assignee_id: int | None, errors: dict[str, str]) -> None:
        if assignee_id is None:
            return
        user = by_id(session, User, assignee_id)
        if user is None or not user.active:
            errors["assignee_id"] = "Choose an active member of staff."

    def _change(
        self,
        actor: Actor,
        followup_id: int,
        expected_version: int,
        change: Callable[[Session, Followup], str],
        action: AuditAction = AuditAction.FOLLOWUP_UPDATED,
    ) -> FollowupItem:
        require(actor, Permission.FOLLOWUP_WORK)
        try:
            with self._db.transaction() as session:
                row = load_followup(session, followup_id)
                zone = clinic_zone(session)
                today = today_in(zone, self._clock())
                if row.version != expected_version:
                    raise ConflictError(STALE_FOLLOWUP, current=followup_item(session, row, today, zone))
                what = change(session, row)
                row.worked = True
                row.updated_at = self._clock()
                refresh_work_date(row, zone)
                session.flush()
                audit_followup(session, self._clock(), actor, action, row, detail=what)
                return followup_item(session, row, today, zone)
        except StaleDataError:
            with self._db.transaction() as session:
                zone = clinic_zone(session)
                today = today_in(zone, self._clock())
                current = followup_item(session, load_followup(session, followup_id), today, zone)
            raise ConflictError(STALE_FOLLOWUP, current=current) from None
