"""Follow-up items as the clinic works them: statuses, contact attempts, the worklist buckets,
and which generated items a patient's prescriptions call for together.

A patient usually has several prescriptions over time (the first, renewals, dose changes).
`wanted_followups` reads them all, oldest first, and says which generated items should
exist now: the first prescription brings the efficacy review; a dose change brings its own
titration check; the newest live prescription alone carries the refill-due item and the
routine reviews. The service keeps every item someone has worked and replaces the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from ldnclinic.domain.followups.rules import (
    FollowupRules,
    FollowupType,
    PlannedFollowup,
    add_months,
    plan_followups,
)
from ldnclinic.domain.prescriptions.formulary import Formula
from ldnclinic.domain.prescriptions.supply import SupplyError
from ldnclinic.domain.prescriptions.titration import TitrationPlan


class FollowupStatus(StrEnum):
    OPEN = "open"
    SCHEDULED = "scheduled"
    SNOOZED = "snoozed"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_closed(self) -> bool:
        """Done, missed or cancelled: off the worklist."""
        return self in CLOSED_STATUSES

    @property
    def reopenable(self) -> bool:
        """Scheduled, snoozed, missed or cancelled: Reopen puts it back on the worklist as open
        (a done item stays done)."""
        return can_move(self, FollowupStatus.OPEN)


# On the worklist (open, or waiting for an appointment or the end of a snooze) or off it.
OPEN_STATUSES = frozenset({FollowupStatus.OPEN, FollowupStatus.SCHEDULED, FollowupStatus.SNOOZED})
CLOSED_STATUSES = frozenset({FollowupStatus.DONE, FollowupStatus.MISSED, FollowupStatus.CANCELLED})

# Which status may follow which. An item on the worklist may be scheduled (again), snoozed
# (again), done, missed or cancelled; Reopen undoes an appointment, a snooze, a cancel or a
# missed mark; a done item stays done. Attempts and assigning change no status.
FOLLOWUP_TRANSITIONS: Mapping[FollowupStatus, frozenset[FollowupStatus]] = {
    FollowupStatus.OPEN: frozenset(
        {
            FollowupStatus.SCHEDULED,
            FollowupStatus.SNOOZED,
            FollowupStatus.DONE,
            FollowupStatus.MISSED,
            FollowupStatus.CANCELLED,
        }
    ),
    FollowupStatus.SCHEDULED: frozenset(FollowupStatus),  # rescheduled, or reopened ...
    FollowupStatus.SNOOZED: frozenset(FollowupStatus),
    FollowupStatus.DONE: frozenset(),
    FollowupStatus.MISSED: frozenset({FollowupStatus.OPEN}),
    FollowupStatus.CANCELLED: frozenset({FollowupStatus.OPEN}),
}


def can_move(current: FollowupStatus, to: FollowupStatus) -> bool:
    """May a follow-up in status `current` go to status `to`?"""
    return to in FOLLOWUP_TRANSITIONS[current]


class ContactMethod(StrEnum):
    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    PORTAL = "portal"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    ContactMethod.PHONE: "Phone call",
    ContactMethod.TEXT: "Text message",
    ContactMethod.EMAIL: "Email",
    ContactMethod.PORTAL: "Portal message",
}


class ContactOutcome(StrEnum):
    REACHED = "reached"
    LEFT_MESSAGE = "left_message"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    SENT = "sent"
    REPLIED = "replied"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    ContactOutcome.REACHED: "Reached the patient",
    ContactOutcome.LEFT_MESSAGE: "Left a message",
    ContactOutcome.NO_ANSWER: "No answer",
    ContactOutcome.WRONG_NUMBER: "Wrong or disconnected number",
    ContactOutcome.SENT: "Message sent",
    ContactOutcome.REPLIED: "Patient replied",
}


class Bucket(StrEnum):
    """Where an open item sits on the worklist."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"

    @property
    def label(self) -> str:
        return _BUCKET_LABELS[self]


_BUCKET_LABELS = {
    Bucket.OVERDUE: "Overdue",
    Bucket.TODAY: "Due today",
    Bucket.THIS_WEEK: "This week",
    Bucket.LATER: "Later",
}

WEEK_DAYS = 7  # "this week" is the next seven days after today


def work_date(
    status: FollowupStatus, due: date, scheduled_on: date | None, snoozed_until: date | None
) -> date:
    """The day an item needs attention: its appointment, the end of a snooze, or its due date."""
    if status is FollowupStatus.SCHEDULED and scheduled_on is not None:
        return scheduled_on
    if status is FollowupStatus.SNOOZED and snoozed_until is not None:
        return snoozed_until
    return due


def bucket_for(day: date, today: date) -> Bucket:
    if day < today:
        return Bucket.OVERDUE
    if day == today:
        return Bucket.TODAY
    if day <= today + timedelta(days=WEEK_DAYS):
        return Bucket.THIS_WEEK
    return Bucket.LATER


class CalendarDetail(StrEnum):
    """How much of the patient a calendar (.ics) export shows: the clinic chooses."""

    INITIALS_MRN = "initials_mrn"
    MRN_ONLY = "mrn_only"
    FULL_NAME = "full_name"

    @property
    def label(self) -> str:
        return _CALENDAR_LABELS[self]


_CALENDAR_LABELS = {
    CalendarDetail.INITIALS_MRN: "Initials and MRN (recommended)",
    CalendarDetail.MRN_ONLY: "MRN only",
    CalendarDetail.FULL_NAME: "Full name and MRN",
}


def calendar_label(detail: CalendarDetail, first: str, last: str, mrn: str) -> str:
    """How a patient appears in a calendar export: "J.P. · MRN 000123" by default."""
    if detail is CalendarDetail.MRN_ONLY:
        return f"MRN {mrn}"
    if detail is CalendarDetail.FULL_NAME:
        return f"{first} {last} · MRN {mrn}"
    initials = "".join(f"{part[0].upper()}." for part in (first.strip(), last.strip()) if part)
    return f"{initials} · MRN {mrn}"


class Course(StrEnum):
    """How a prescription stands in the patient's treatment."""

    START = "start"  # the first prescription: every kind of follow-up
    RENEWAL = "renewal"  # the same plan again: supply and routine items only
    CHANGE = "change"  # a new dose plan: its own titration check too


@dataclass(frozen=True, slots=True)
class LiveScript:
    """A prescription that counts for follow-ups: approved or later, never void."""

    id: int
    formula: Formula
    plan: TitrationPlan
    start: date
    quantity: Decimal
    refills: int
    renewal_of_same_plan: bool


@dataclass(frozen=True, slots=True)
class WantedFollowup:
    prescription_id: int
    item: PlannedFollowup

    @property
    def key(self) -> tuple[int, FollowupType, date]:
        return (self.prescription_id, self.item.type, self.item.due)


def course_of(index: int, script: LiveScript) -> Course:
    if index == 0:
        return Course.START
    return Course.RENEWAL if script.renewal_of_same_plan else Course.CHANGE


def wanted_followups(
    scripts: Sequence[LiveScript],
    *,
    today: date,
    patient_active: bool,
    rules: FollowupRules = FollowupRules(),
) -> list[WantedFollowup]:
    """The generated items the patient's live prescriptions (oldest first) call for now.

    Routine reviews keep `rules.routine_reviews_ahead` reviews after today, counting every
    earlier review date since the newest start (so none already passed is forgotten).
    A patient who is not active (paused, discharged) gets no refill or routine items.
    """
    wanted: list[WantedFollowup] = []
    last = len(scripts) - 1
    for index, script in enumerate(scripts):
        course = course_of(index, script)
        try:
            items = plan_followups(
                script.formula, script.plan, script.start, script.quantity, script.refills, rules=rules
            )
        except SupplyError:
            continue  # its dates run off the calendar (a script saved before start dates were checked)
        for item in items:
            if item.type is FollowupType.EFFICACY_REVIEW and course is not Course.START:
                continue
            if item.type is FollowupType.TITRATION_CHECK and course is Course.RENEWAL:
                continue
            if item.type in (FollowupType.REFILL_DUE, FollowupType.ROUTINE_REVIEW) and (
                index != last or not patient_active
            ):
                continue
            if item.type is FollowupType.ROUTINE_REVIEW:
                continue  # added below, rolling forward from today
            wanted.append(WantedFollowup(script.id, item))
        if index == last and patient_active:
            wanted += _routine_reviews(script, today, rules)
    return wanted


def _routine_reviews(script: LiveScript, today: date, rules: FollowupRules) -> list[WantedFollowup]:
    reviews: list[WantedFollowup] = []
    ahead = 0
    number = 1
    while ahead < rules.routine_reviews_ahead:
        months = number * rules.routine_review_months
        try:
            due = add_months(script.start, months)
        except SupplyError:
            break  # past the calendar's end
        reason = f"Routine review {months} months after the start on {script.start:%m/%d/%Y}."
        reviews.append(WantedFollowup(script.id, PlannedFollowup(FollowupType.ROUTINE_REVIEW, due, reason)))
        if due > today:
            ahead += 1
        number += 1
    return reviews
