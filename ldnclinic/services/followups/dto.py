"""What the follow-up service hands out and takes in: frozen dataclasses, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ldnclinic.domain.followups.rules import FollowupRules, FollowupType
from ldnclinic.domain.followups.worklist import (
    Bucket,
    CalendarDetail,
    ContactMethod,
    ContactOutcome,
    FollowupStatus,
)
from ldnclinic.domain.prescriptions.start_window import RxStartLimits


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    id: int
    at: datetime  # in the clinic's zone
    method: ContactMethod
    outcome: ContactOutcome
    note: str | None
    by: str

    @property
    def short(self) -> str:
        """ "11/28 Phone call: No answer"."""
        return f"{self.at:%m/%d} {self.method.label}: {self.outcome.label}"


@dataclass(frozen=True, slots=True)
class FollowupItem:
    id: int
    patient_id: int
    patient_name: str  # "Last, First Middle"
    patient_first: str
    patient_last: str
    preferred_name: str | None
    mrn: str
    date_of_birth: date
    phone: str | None  # display form of the first number on file
    prescription_id: int | None
    type: FollowupType
    due_date: date
    work_date: date  # appointment day, end of snooze, or due date
    reason: str
    generated: bool
    assignee_id: int | None
    assignee_name: str | None
    status: FollowupStatus
    scheduled_at: datetime | None  # in the clinic's zone
    snoozed_until: date | None
    closed_reason: str | None
    closed_at: datetime | None
    closed_by: str | None
    visit_id: int | None
    attempts: tuple[AttemptRecord, ...]
    bucket: Bucket | None  # None once closed
    version: int

    @property
    def last_attempt(self) -> AttemptRecord | None:
        return self.attempts[-1] if self.attempts else None


@dataclass(frozen=True, slots=True)
class WorklistFilter:
    """Which open items to list. `through` None: the end of this week (today + 7 days)."""

    through: date | None = None
    types: frozenset[FollowupType] = frozenset()  # empty: every type
    assignee_id: int | None = None
    unassigned_only: bool = False
    limit: int = 2000


@dataclass(frozen=True, slots=True)
class Worklist:
    today: date
    through: date
    items: tuple[FollowupItem, ...]
    counts: dict[Bucket, int] = field(default_factory=dict)  # for the filter, whatever `through`
    truncated: bool = False

    def count(self, bucket: Bucket) -> int:
        return self.counts.get(bucket, 0)


@dataclass(frozen=True, slots=True)
class NewFollowup:
    patient_id: int
    type: FollowupType
    due_date: date
    reason: str
    assignee_id: int | None = None


@dataclass(frozen=True, slots=True)
class Assignee:
    id: int
    name: str
    username: str = ""


@dataclass(frozen=True, slots=True)
class FollowupSettings:
    rules: FollowupRules
    calendar_detail: CalendarDetail
    version: int  # the clinic profile's version
    # How far a prescription's start date may be from today.
    start_limits: RxStartLimits = field(default_factory=RxStartLimits)
