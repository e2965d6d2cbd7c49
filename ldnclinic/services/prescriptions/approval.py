"""A prescriber's approval of a draft (PrescriptionService.approve delegates here).

The checks run in the order a prescriber should hear them: the start date still allowed
today, what the pharmacy cannot make, then safety (each hard stop overridden by its key,
with a readable reason and the prescriber's password; each warning acknowledged by its
key), then the elements Texas requires now that the approver is the prescriber. Anything
that appeared after the prescriber looked is not among the keys they decided on, so it
refuses the approval and is named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.clinic import ClinicProfile
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.models.users import User
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import DomainError, ValidationError
from ldnclinic.domain.prescriptions.start_window import start_date_problem
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.domain.reasons import reason_problem
from ldnclinic.domain.safety.findings import Finding, hard_stops, uncovered, warnings
from ldnclinic.domain.safety.screen import RULES_VERSION
from ldnclinic.services.clinic.settings import clinic_today, clinic_zone, start_limits_of
from ldnclinic.services.context import Actor, Clock
from ldnclinic.services.prescriptions.printing import SafetyStopError
from ldnclinic.services.prescriptions.readiness import IncompleteScriptError, texas_missing
from ldnclinic.services.prescriptions.records import audit_rx, load_patient
from ldnclinic.services.prescriptions.screening import findings_for
from ldnclinic.services.prescriptions.snapshots import compute, rx_formula, steps_from_json
from ldnclinic.services.users.passwords import Passwords


@dataclass(frozen=True, slots=True)
class ApprovalDecision:
    """What the prescriber decided: the keys of the findings they acknowledged and overrode."""

    acknowledged: frozenset[str]
    overridden: frozenset[str]
    reason: str | None  # cleaned
    password: str | None


class PrescriptionApproval:
    def __init__(self, clock: Clock, passwords: Passwords) -> None:
        self._clock = clock
        self._passwords = passwords

    def _today(self, session: Session) -> date:
        return clinic_today(session, self._clock())

    def apply(self, session: Session, actor: Actor, row: Prescription, decision: ApprovalDecision) -> None:
        """Approve `row` (a draft) for `actor`, or raise the reason it cannot be approved."""
        if not RxStatus(row.status).approvable:
            raise DomainError(f"Only a draft can be approved; this one is {row.status}.")
        today = self._today(session)
        late = start_date_problem(
            row.start_date, today, start_limits_of(session.scalar(select(ClinicProfile)))
        )
        if late:  # a draft saved long ago: its start date is checked again today
            raise ValidationError({"start_date": f"{late} Edit the start date, then approve."})
        patient = load_patient(session, row.patient_id)
        formula = rx_formula(row)
        steps = steps_from_json(row.steps_json)
        calculation, problems = compute(formula, steps, row.supply_days, row.start_date)
        findings = findings_for(patient, formula, steps, today=today)
        stops = hard_stops(findings)
        if calculation is None:
            # Other hard stops first: for 45 mg, "was 4.5 mg meant?" matters more than
            # "choose a stronger formula".
            other = [f for f in stops if f.code != "cannot_make"]
            raise SafetyStopError(
                "Cannot approve: " + " ".join([*(f.message for f in other), *problems]),
                tuple(dict.fromkeys([*(f.code for f in other), "cannot_make"])),
                tuple(dict.fromkeys([*(f.key for f in other), "cannot_make"])),
            )
        if stops:
            self._check_override(session, actor, stops, decision)
        new_warnings = uncovered(warnings(findings), decision.overridden, decision.acknowledged)
        if new_warnings:
            raise SafetyStopError(
                "Acknowledge each warning first: " + " ".join(f.message for f in new_warnings),
                tuple(dict.fromkeys(f.code for f in new_warnings)),
                tuple(f.key for f in new_warnings),
            )
        # The approver becomes the prescriber: the script must then have every element
        # Texas requires (the printer's own check), or it could never print.
        with session.no_autoflush:  # one UPDATE (and one version) for the approval
            row.prescriber_id = actor.user_id
            zone_now = self._clock().astimezone(clinic_zone(session))
            missing = texas_missing(session, row, calculation, today=today, now=zone_now)
        if missing:
            raise IncompleteScriptError(missing)
        self._record(session, actor, row, findings, reason=decision.reason)

    def _record(
        self,
        session: Session,
        actor: Actor,
        row: Prescription,
        findings: tuple[Finding, ...],
        *,
        reason: str | None,
    ) -> None:
        stops = hard_stops(findings)
        now = self._clock()
        row.status = RxStatus.APPROVED.value
        row.prescriber_id = actor.user_id
        row.approved_by_id = actor.user_id
        row.approved_at = now
        row.updated_at = now
        row.rules_version = RULES_VERSION
        row.acknowledged_json = json.dumps(sorted(f.key for f in warnings(findings)))
        row.override_reason = reason if stops else None
        row.override_codes = json.dumps(sorted(f.key for f in stops)) if stops else None
        row.overridden_by_id = actor.user_id if stops else None
        if stops:
            codes = ", ".join(dict.fromkeys(f.code for f in stops))
            detail = f"overrode {len(stops)} ({codes}): {reason}"
            audit_rx(session, now, actor, AuditAction.RX_OVERRIDDEN, row, detail=detail)
        audit_rx(session, now, actor, AuditAction.RX_APPROVED, row, detail=f"rules {RULES_VERSION}")

    def _check_override(
        self, session: Session, actor: Actor, stops: tuple[Finding, ...], decision: ApprovalDecision
    ) -> None:
        """An override covers exactly the hard stops the prescriber saw, with a readable reason,
        confirmed by the prescriber's password."""
        if not decision.reason:
            raise SafetyStopError(
                "Hard stop: "
                + " ".join(f.message for f in stops)
                + " To approve anyway, the prescriber overrides each hard stop with a reason and "
                "their password.",
                tuple(dict.fromkeys(f.code for f in stops)),
                tuple(f.key for f in stops),
            )
        unseen = uncovered(stops, decision.overridden, ())
        if unseen:
            raise SafetyStopError(
                "Not approved: new since the override was written, review it first: "
                + " ".join(f.message for f in unseen),
                tuple(dict.fromkeys(f.code for f in unseen)),
                tuple(f.key for f in unseen),
            )
        problem = reason_problem(
            decision.reason, what="The override reason", answering=[f.message for f in stops]
        )
        if problem:
            raise ValidationError({"override_reason": problem})
        user = session.get(User, actor.user_id)
        password = decision.password
        if user is None or not password or not self._passwords.verify(user.password_hash, password):
            raise ValidationError({"password": "That is not your password: the override needs it."})
