"""What the follow-up documents print, as plain data: the call list and the visit summary.

Services fill these from the database; `ldnclinic.printing` turns them into PDFs without
seeing a session. Times are already in the clinic's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import Bucket, FollowupStatus
from ldnclinic.domain.visits.note import Adherence, Decision, Modality, Scores, SideEffect, VisitStatus
from ldnclinic.domain.visits.outcomes import OutcomeSeries


@dataclass(frozen=True, slots=True)
class ClinicHeader:
    name: str
    address: str  # one line: "100 Main St, Austin, TX 78701"
    phone: str
    fax: str | None = None


@dataclass(frozen=True, slots=True)
class CallListRow:
    bucket: Bucket
    work_date: date
    type: FollowupType
    status: FollowupStatus
    patient_name: str  # "Peña, José"
    mrn: str
    phone: str | None
    date_of_birth: date | None
    assignee: str | None
    reason: str
    attempts: int
    last_attempt: str | None  # "11/28 phone: no answer"
    scheduled_at: datetime | None


@dataclass(frozen=True, slots=True)
class CallListDocument:
    clinic: ClinicHeader
    title: str  # "Follow-up call list"
    scope: str  # "Overdue and due through 12/08/2026 · all types · all staff"
    printed_at: datetime
    printed_by: str
    rows: tuple[CallListRow, ...]


@dataclass(frozen=True, slots=True)
class AddendumText:
    author: str
    written_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class VisitSummaryDocument:
    clinic: ClinicHeader
    patient_name: str  # reading order: "José Peña"
    date_of_birth: date | None
    mrn: str
    visit_at: datetime
    modality: Modality
    location: str  # "Austin, TX"
    consent_confirmed: bool
    status: VisitStatus
    author: str
    signed_by: str | None
    signed_at: datetime | None
    subjective: str
    objective: str
    assessment: str
    plan: str
    current_dose_mg: Decimal | None
    adherence: Adherence | None
    side_effects: tuple[SideEffect, ...]
    side_effect_other: str
    scores: Scores
    decision: Decision | None
    medication: str | None  # "Naltrexone HCl 4.5 mg capsule (compounded)" from the current script
    addenda: tuple[AddendumText, ...]
    outcomes: OutcomeSeries
    printed_at: datetime
    for_patient: bool = False  # a patient copy leaves out the objective and assessment sections
