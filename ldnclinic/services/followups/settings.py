"""The clinic's follow-up rules, what its calendar exports show, and how far a prescription's
start date may be from today (admin only to change)."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import ClinicProfile
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.followups.rules import FollowupRules, rules_problems
from ldnclinic.domain.followups.worklist import CalendarDetail
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.start_window import RxStartLimits, limits_problems
from ldnclinic.services import audit
from ldnclinic.services.clinic.settings import clinic_settings, start_limits_of
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.followups.dto import FollowupSettings

STALE_SETTINGS = "Someone else changed the clinic profile since you opened it. Nothing was overwritten."
LIMITS = {  # generous upper bounds that still catch a slipped digit
    "fixed_dose_check_days": 180,
    "efficacy_review_days": 365,
    "refill_lead_days": 60,
    "routine_review_months": 24,
    "routine_reviews_ahead": 12,
}


def settings_problems(rules: FollowupRules) -> dict[str, str]:
    """What is wrong with the rules, by field (each a whole number from 1 up to its limit)."""
    problems = rules_problems(rules)
    for item in fields(rules):
        limit = LIMITS[item.name]
        if item.name not in problems and getattr(rules, item.name) > limit:
            problems[item.name] = f"At most {limit}, please."
    return problems


class FollowupSettingsService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def get(self) -> FollowupSettings:
        """Readable by anyone signed in: the rules decide what the worklist shows."""
        with self._db.transaction() as session:
            rules, detail, _ = clinic_settings(session)
            clinic = session.scalar(select(ClinicProfile))
            if clinic is None:
                return FollowupSettings(rules, detail, 0)
            return FollowupSettings(rules, detail, clinic.version, start_limits_of(clinic))

    def update(
        self,
        actor: Actor,
        rules: FollowupRules,
        detail: CalendarDetail,
        expected_version: int,
        *,
        start_limits: RxStartLimits | None = None,
    ) -> FollowupSettings:
        """New rules apply to items generated from now on; items already made keep their dates.
        New start-date limits apply to drafts saved from now on (None keeps the current ones)."""
        require(actor, Permission.CLINIC_MANAGE)
        problems = settings_problems(rules)
        if start_limits is not None:
            problems |= limits_problems(start_limits)
        if problems:
            raise ValidationError(problems)
        try:
            with self._db.transaction() as session:
                clinic = session.scalar(select(ClinicProfile))
                if clinic is None:
                    raise DomainError("Set up the clinic profile first.")
                if clinic.version != expected_version:
                    raise ConflictError(STALE_SETTINGS, current=self._settings(clinic))
                for item in fields(rules):
                    setattr(clinic, item.name, getattr(rules, item.name))
                clinic.calendar_detail = detail.value
                if start_limits is not None:
                    for item in fields(start_limits):
                        setattr(clinic, item.name, getattr(start_limits, item.name))
                session.flush()
                audit.record(
                    session,
                    at=self._clock(),
                    action=AuditAction.CLINIC_UPDATED,
                    actor=actor,
                    record_type="clinic",
                    record_id=clinic.id,
                    detail="follow-up rules and calendar detail"
                    + (", prescription start-date limits" if start_limits is not None else ""),
                )
                return self._settings(clinic)
        except StaleDataError:
            raise ConflictError(STALE_SETTINGS, current=self.get()) from None

    @staticmethod
    def _settings(clinic: ClinicProfile) -> FollowupSettings:
        rules = FollowupRules(**{item.name: getattr(clinic, item.name) for item in fields(FollowupRules)})
        return FollowupSettings(
            rules, CalendarDetail(clinic.calendar_detail), clinic.version, start_limits_of(clinic)
        )
