"""The follow-up worklist and the actions staff take on an item: counts, filters, order, and
log / schedule / snooze / cancel / missed / complete / reopen / assign, with the audit trail.

Today is Saturday 11/21/2026 in Austin (FakeClock 15:00 UTC = 9:00 CST).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import ConflictError, DomainError, PermissionDeniedError, ValidationError
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import Bucket, ContactMethod, ContactOutcome, FollowupStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem, WorklistFilter
from ldnclinic.services.users.accounts import AccountSpec
from tests.services.followup_support import CHICAGO, TODAY, add_followup, days, other_patient, signed_visit
from tests.services.rx_support import add_patient
from tests.support.clock import FakeClock

T = FollowupType
REASON = "Wrong number on file; patient will call us."


@pytest.fixture
def patient_id(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff, visit=False)  # José Luis Peña


@pytest.fixture
def item(initialized: Services, staff: Actor, patient_id: int) -> FollowupItem:
    return add_followup(initialized, staff, patient_id, TODAY + days(3))


def ids(items: tuple[FollowupItem, ...] | list[FollowupItem]) -> list[int]:
    return [i.id for i in items]


def counts(services: Services, actor: Actor, wanted: WorklistFilter = WorklistFilter()) -> list[int]:
    found = services.followups.counts(actor, wanted)
    return [found[b] for b in (Bucket.OVERDUE, Bucket.TODAY, Bucket.THIS_WEEK, Bucket.LATER)]


# --- the worklist ---------------------------------------------------------------------------------


@pytest.fixture
def four(initialized: Services, staff: Actor, patient_id: int) -> list[FollowupItem]:
    """Items due yesterday, today, in 7 days and in 8 days."""
    return [add_followup(initialized, staff, patient_id, TODAY + days(n)) for n in (-1, 0, 7, 8)]


def test_counts_per_bucket(initialized: Services, staff: Actor, four: list[FollowupItem]) -> None:
    assert counts(initialized, staff) == [1, 1, 1, 1]
    worklist = initialized.followups.worklist(staff)
    assert (worklist.today, worklist.through) == (TODAY, date(2026, 11, 28))  # today + 7
    assert ids(worklist.items) == ids(four[:3])
    assert [i.bucket for i in worklist.items] == [Bucket.OVERDUE, Bucket.TODAY, Bucket.THIS_WEEK]
    assert [worklist.count(b) for b in Bucket] == [1, 1, 1, 1]


def test_counts_move_with_the_clock(
    initialized: Services, staff: Actor, four: list[FollowupItem], clock: FakeClock
) -> None:
    clock.advance(days=1)  # 11/22: 11/20 and 11/21 overdue, 11/28 and 11/29 within the week
    assert counts(initialized, staff) == [2, 0, 2, 0]
    clock.advance(days=7)  # 11/29: three overdue, the last one due today
    assert counts(initialized, staff) == [3, 1, 0, 0]
    assert len(initialized.followups.worklist(staff).items) == 4


def test_today_changes_at_midnight_in_austin_not_utc(
    initialized: Services, staff: Actor, four: list[FollowupItem], clock: FakeClock
) -> None:
    clock.now = datetime(2026, 11, 22, 5, 59, tzinfo=UTC)  # 11:59 pm on 11/21 in Austin
    assert counts(initialized, staff) == [1, 1, 1, 1]
    clock.now = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)  # midnight: 11/22
    assert counts(initialized, staff) == [2, 0, 2, 0]


def test_through_sets_how_far_ahead_the_list_goes(
    initialized: Services, staff: Actor, four: list[FollowupItem]
) -> None:
    only_today = initialized.followups.worklist(staff, WorklistFilter(through=TODAY))
    assert ids(only_today.items) == ids(four[:2])
    everything = initialized.followups.worklist(staff, WorklistFilter(through=TODAY + days(8)))
    assert ids(everything.items) == ids(four)
    assert everything.count(Bucket.LATER) == only_today.count(Bucket.LATER) == 1  # counts ignore `through`


def test_filter_by_type(initialized: Services, staff: Actor, patient_id: int) -> None:
    other = add_followup(initialized, staff, patient_id, TODAY)
    refill = add_followup(initialized, staff, patient_id, TODAY, "Refill soon.", kind=T.REFILL_DUE)
    wanted = WorklistFilter(types=frozenset({T.REFILL_DUE}))
    assert ids(initialized.followups.worklist(staff, wanted).items) == [refill.id]
    both = WorklistFilter(types=frozenset({T.REFILL_DUE, T.OTHER}))
    assert set(ids(initialized.followups.worklist(staff, both).items)) == {other.id, refill.id}
    assert counts(initialized, staff, wanted) == [0, 1, 0, 0]


def test_filter_by_assignee_and_unassigned(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    mine = add_followup(initialized, staff, patient_id, TODAY, assignee_id=staff.user_id)
    theirs = add_followup(initialized, staff, patient_id, TODAY, assignee_id=prescriber.user_id)
    nobody = add_followup(initialized, staff, patient_id, TODAY)
    listed = initialized.followups.worklist
    assert ids(listed(staff, WorklistFilter(assignee_id=staff.user_id)).items) == [mine.id]
    assert ids(listed(staff, WorklistFilter(assignee_id=prescriber.user_id)).items) == [theirs.id]
    assert ids(listed(staff, WorklistFilter(unassigned_only=True)).items) == [nobody.id]
    assert counts(initialized, staff, WorklistFilter(unassigned_only=True)) == [0, 1, 0, 0]
    assert mine.assignee_name == "María López"


def test_sort_by_work_date_then_type_then_patient_name(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    zamora = other_patient(initialized, staff, "Ana", "Zamora")
    alvarez = other_patient(initialized, staff, "Óscar", "Álvarez")  # sorts under A, accent or not
    later = add_followup(initialized, staff, alvarez, TODAY + days(2))
    z_other = add_followup(initialized, staff, zamora, TODAY)
    a_other = add_followup(initialized, staff, alvarez, TODAY)
    p_other = add_followup(initialized, staff, patient_id, TODAY)
    a_review = add_followup(initialized, staff, alvarez, TODAY, "Review.", kind=T.EFFICACY_REVIEW)
    overdue = add_followup(initialized, staff, zamora, TODAY - days(30))
    listed = initialized.followups.worklist(staff).items
    # efficacy_review sorts before other (the type's code); Álvarez, Peña, Zamora.
    assert ids(listed) == [overdue.id, a_review.id, a_other.id, p_other.id, z_other.id, later.id]


def test_a_small_limit_truncates_the_list(
    initialized: Services, staff: Actor, four: list[FollowupItem]
) -> None:
    cut = initialized.followups.worklist(staff, WorklistFilter(limit=2))
    assert (ids(cut.items), cut.truncated) == (ids(four[:2]), True)
    whole = initialized.followups.worklist(staff, WorklistFilter(limit=3))
    assert (ids(whole.items), whole.truncated) == (ids(four[:3]), False)
    assert cut.count(Bucket.LATER) == 1  # counts are for the whole filter


def test_an_admin_cannot_read_the_worklist(initialized: Services, admin: Actor) -> None:
    with pytest.raises(PermissionDeniedError):
        initialized.followups.worklist(admin)


# --- contact attempts -----------------------------------------------------------------------------


def test_log_an_attempt(initialized: Services, staff: Actor, item: FollowupItem) -> None:
    done = initialized.followups.log_attempt(
        staff,
        item.id,
        item.version,
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
        note="Rang 8×",
    )
    [attempt] = done.attempts
    assert (attempt.method, attempt.outcome, attempt.note, attempt.by) == (
        ContactMethod.PHONE,
        ContactOutcome.NO_ANSWER,
        "Rang 8×",
        "María López",
    )
    assert attempt.at == datetime(2026, 11, 21, 9, 0, tzinfo=CHICAGO)  # the clock, in Austin
    assert attempt.short == "11/21 Phone call: No answer"
    assert done.status is FollowupStatus.OPEN


def test_attempts_are_kept_in_time_order(
    initialized: Services, staff: Actor, prescriber: Actor, item: FollowupItem, clock: FakeClock
) -> None:
    first = initialized.followups.log_attempt(
        staff, item.id, item.version, method=ContactMethod.TEXT, outcome=ContactOutcome.SENT
    )
    clock.advance(hours=2)
    second = initialized.followups.log_attempt(
        prescriber, item.id, first.version, method=ContactMethod.PHONE, outcome=ContactOutcome.REACHED
    )
    assert [(a.outcome, a.by) for a in second.attempts] == [
        (ContactOutcome.SENT, "María López"),
        (ContactOutcome.REACHED, "Elena García, MD"),
    ]
    assert second.last_attempt is not None and second.last_attempt.at.hour == 11


def test_an_earlier_attempt_can_be_logged_but_not_a_future_one(
    initialized: Services, staff: Actor, item: FollowupItem
) -> None:
    earlier = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
    logged = initialized.followups.log_attempt(
        staff, item.id, item.version, method=ContactMethod.EMAIL, outcome=ContactOutcome.SENT, at=earlier
    )
    assert logged.attempts[0].at == earlier
    with pytest.raises(ValidationError) as caught:
        initialized.followups.log_attempt(
            staff,
            item.id,
            logged.version,
            method=ContactMethod.EMAIL,
            outcome=ContactOutcome.SENT,
            at=datetime(2026, 11, 21, 15, 6, tzinfo=UTC),
        )
    assert set(caught.value.field_errors) == {"at"}


# --- schedule and snooze --------------------------------------------------------------------------


def test_schedule_uses_the_appointments_day_in_austin(
    initialized: Services, staff: Actor, item: FollowupItem
) -> None:
    when = datetime(2026, 11, 26, 4, 30, tzinfo=UTC)  # 10:30 pm on 11/25 in Austin (CST)
    scheduled = initialized.followups.schedule(staff, item.id, item.version, when)
    assert scheduled.status is FollowupStatus.SCHEDULED
    assert scheduled.scheduled_at == when
    assert scheduled.scheduled_at is not None and scheduled.scheduled_at.tzinfo == CHICAGO
    assert scheduled.work_date == date(2026, 11, 25)
    assert scheduled.due_date == TODAY + days(3)  # the due date is kept
    assert scheduled.bucket is Bucket.THIS_WEEK


def test_schedule_refuses_a_time_without_zone_or_in_the_past(
    initialized: Services, staff: Actor, item: FollowupItem
) -> None:
    for when in (datetime(2026, 11, 25, 10, 0), datetime(2026, 11, 21, 5, 0, tzinfo=UTC)):  # 11/20 in Austin
        with pytest.raises(ValidationError) as caught:
            initialized.followups.schedule(staff, item.id, item.version, when)
        assert set(caught.value.field_errors) == {"when"}


def test_snooze_moves_the_work_date(initialized: Services, staff: Actor, item: FollowupItem) -> None:
    snoozed = initialized.followups.snooze(staff, item.id, item.version, date(2026, 12, 5))
    assert (snoozed.status, snoozed.snoozed_until, snoozed.work_date) == (
        FollowupStatus.SNOOZED,
        date(2026, 12, 5),
        date(2026, 12, 5),
    )
    assert snoozed.bucket is Bucket.LATER  # 12/5 is 14 days away
    assert item.id not in ids(initialized.followups.worklist(staff).items)


@pytest.mark.parametrize(
    "until",
    [TODAY, TODAY - days(1), date(2027, 11, 23)],  # today, yesterday, today + 367 days
)
def test_snooze_refuses_today_the_past_and_more_than_a_year(
    initialized: Services, staff: Actor, item: FollowupItem, until: date
) -> None:
    with pytest.raises(ValidationError) as caught:
        initialized.followups.snooze(staff, item.id, item.version, until)
    assert set(caught.value.field_errors) == {"until"}


def test_snooze_up_to_366_days(initialized: Services, staff: Actor, item: FollowupItem) -> None:
    # 11/21/2026 + 366 days = 11/22/2027 (no leap day in between).
    snoozed = initialized.followups.snooze(staff, item.id, item.version, date(2027, 11, 22))
    assert snoozed.work_date == date(2027, 11, 22)


def test_snoozing_a_scheduled_item_drops_the_appointment(
    initialized: Services, staff: Actor, item: FollowupItem
) -> None:
    scheduled = initialized.followups.schedule(
        staff, item.id, item.version, datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
    )
    snoozed = initialized.followups.snooze(staff, item.id, scheduled.version, date(2026, 12, 1))
    assert (snoozed.scheduled_at, snoozed.work_date) == (None, date(2026, 12, 1))


# --- closing and reopening ------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "    ", "no"])
def test_cancel_needs_a_reason(initialized: Services, staff: Actor, item: FollowupItem, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        initialized.followups.cancel(staff, item.id, item.version, reason)
    assert set(caught.value.field_errors) == {"reason"}


def test_cancel_closes_the_item_and_takes_it_off_the_worklist(
    initialized: Services, staff: Actor, item: FollowupItem
) -> None:
    cancelled = initialized.followups.cancel(staff, item.id, item.version, REASON)
    assert (cancelled.status, cancelled.bucket, cancelled.closed_reason, cancelled.closed_by) == (
        FollowupStatus.CANCELLED,
        None,
        REASON,
        "María López",
    )
    assert cancelled.closed_at == datetime(2026, 11, 21, 9, 0, tzinfo=CHICAGO)
    assert initialized.followups.worklist(staff).items == ()
    assert counts(initialized, staff) == [0, 0, 0, 0]


def test_mark_missed_closes_the_item(initialized: Services, staff: Actor, item: FollowupItem) -> None:
    missed = initialized.followups.mark_missed(staff, item.id, item.version, "No show at 3 pm.")
    assert (missed.status, missed.bucket, missed.closed_reason) == (
        FollowupStatus.MISSED,
        None,
        "No show at 3 pm.",
    )
    assert initialized.followups.worklist(staff).items == ()


def test_complete_with_a_visit_of_the_same_patient(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int, item: FollowupItem
) -> None:
    visit = signed_visit(initialized, prescriber, patient_id, datetime(2026, 11, 21, 14, 0, tzinfo=UTC))
    done = initialized.followups.complete(
        staff, item.id, item.version, visit_id=visit.id, note="Seen by video."
    )
    assert (done.status, done.visit_id, done.closed_reason, done.bucket) == (
        FollowupStatus.DONE,
        visit.id,
        "Seen by video.",
        None,
    )
    assert initialized.visits.get(staff, visit.id).followup_ids == (item.id,)


def test_complete_refuses_another_patients_visit(
    initialized: Services, staff: Actor, prescriber: Actor, item: FollowupItem
) -> None:
    someone_else = other_patient(initialized, staff, "Ana", "Zamora")
    visit = signed_visit(initialized, prescriber, someone_else, datetime(2026, 11, 21, 14, 0, tzinfo=UTC))
    with pytest.raises(ValidationError) as caught:
        initialized.followups.complete(staff, item.id, item.version, visit_id=visit.id)
    assert set(caught.value.field_errors) == {"visit_id"}
    assert initialized.followups.get(staff, item.id).status is FollowupStatus.OPEN


def test_complete_without_a_visit(initialized: Services, staff: Actor, item: FollowupItem) -> None:
    done = initialized.followups.complete(staff, item.id, item.version)
    assert (done.status, done.visit_id) == (FollowupStatus.DONE, None)


@pytest.mark.parametrize("close", ["cancel", "mark_missed", "snooze", "schedule"])
def test_reopen_undoes_a_close_a_snooze_or_an_appointment(
    initialized: Services, staff: Actor, item: FollowupItem, close: str
) -> None:
    actions = {
        "cancel": lambda: initialized.followups.cancel(staff, item.id, item.version, REASON),
        "mark_missed": lambda: initialized.followups.mark_missed(staff, item.id, item.version),
        "snooze": lambda: initialized.followups.snooze(staff, item.id, item.version, date(2026, 12, 20)),
        "schedule": lambda: initialized.followups.schedule(
            staff, item.id, item.version, datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
        ),
    }
    changed = actions[close]()
    reopened = initialized.followups.reopen(staff, item.id, changed.version)
    assert (reopened.status, reopened.work_date, reopened.bucket) == (
        FollowupStatus.OPEN,
        item.due_date,
        Bucket.THIS_WEEK,
    )
    assert (reopened.closed_reason, reopened.closed_at, reopened.scheduled_at, reopened.snoozed_until) == (
        None,
        None,
        None,
        None,
    )


def test_reopen_refuses_a_done_or_an_open_item(
    initialized: Services, staff: Actor, item: FollowupItem
) -> None:
    with pytest.raises(DomainError, match="already open"):
        initialized.followups.reopen(staff, item.id, item.version)
    done = initialized.followups.complete(staff, item.id, item.version)
    with pytest.raises(DomainError, match="stays done"):
        initialized.followups.reopen(staff, item.id, done.version)


def test_a_closed_item_refuses_changes(initialized: Services, staff: Actor, item: FollowupItem) -> None:
    cancelled = initialized.followups.cancel(staff, item.id, item.version, REASON)
    version = cancelled.version
    attempts: list[Callable[[], FollowupItem]] = [
        lambda: initialized.followups.log_attempt(
            staff, item.id, version, method=ContactMethod.PHONE, outcome=ContactOutcome.REACHED
        ),
        lambda: initialized.followups.schedule(
            staff, item.id, version, datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
        ),
        lambda: initialized.followups.snooze(staff, item.id, version, date(2026, 12, 20)),
        lambda: initialized.followups.cancel(staff, item.id, version, REASON),
        lambda: initialized.followups.mark_missed(staff, item.id, version),
        lambda: initialized.followups.complete(staff, item.id, version),
        lambda: initialized.followups.assign(staff, item.id, version, staff.user_id),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError, match="already cancelled; reopen it first"):
            attempt()
    assert initialized.followups.get(staff, item.id).version == version


# --- assigning ------------------------------------------------------------------------------------


def test_assign_and_unassign(
    initialized: Services, staff: Actor, prescriber: Actor, item: FollowupItem
) -> None:
    given = initialized.followups.assign(staff, item.id, item.version, prescriber.user_id)
    assert (given.assignee_id, given.assignee_name) == (prescriber.user_id, "Elena García, MD")
    taken_back = initialized.followups.assign(staff, item.id, given.version, None)
    assert (taken_back.assignee_id, taken_back.assignee_name) == (None, None)


def test_assign_refuses_an_unknown_or_inactive_user(
    initialized: Services, staff: Actor, admin: Actor, item: FollowupItem
) -> None:
    user = initialized.users.create_user(
        admin,
        AccountSpec(
            username="kodegard", first_name="Kari", last_name="Ødegård", roles=frozenset({Role.STAFF})
        ),
        "Summer-intern-2026!",
    )
    initialized.users.set_active(admin, user.id, False)
    for assignee in (user.id, 999_999):
        with pytest.raises(ValidationError) as caught:
            initialized.followups.assign(staff, item.id, item.version, assignee)
        assert set(caught.value.field_errors) == {"assignee_id"}
    assert initialized.followups.get(staff, item.id).assignee_id is None


def test_assignees_are_active_staff_and_prescribers(initialized: Services, staff: Actor) -> None:
    names = [a.name for a in initialized.followups.assignees(staff)]
    assert names == ["Elena García", "Sam Jones", "María López"]  # by last name; no admin


# --- versions and permissions ---------------------------------------------------------------------


def test_a_stale_version_is_a_conflict_with_the_current_item(
    initialized: Services, staff: Actor, prescriber: Actor, item: FollowupItem
) -> None:
    theirs = initialized.followups.assign(prescriber, item.id, item.version, prescriber.user_id)
    with pytest.raises(ConflictError) as caught:
        initialized.followups.snooze(staff, item.id, item.version, date(2026, 12, 5))
    current = caught.value.current
    assert isinstance(current, FollowupItem)
    assert (current.version, current.assignee_id, current.status) == (
        theirs.version,
        prescriber.user_id,
        FollowupStatus.OPEN,
    )


@pytest.mark.parametrize("who", ["staff", "prescriber"])
def test_staff_and_prescribers_work_items(
    initialized: Services, request: pytest.FixtureRequest, item: FollowupItem, who: str
) -> None:
    actor: Actor = request.getfixturevalue(who)
    logged = initialized.followups.log_attempt(
        actor, item.id, item.version, method=ContactMethod.PORTAL, outcome=ContactOutcome.REPLIED
    )
    assert logged.attempts[0].outcome is ContactOutcome.REPLIED


def test_an_admin_only_user_cannot_work_items(
    initialized: Services, admin: Actor, item: FollowupItem
) -> None:
    with pytest.raises(PermissionDeniedError):
        initialized.followups.log_attempt(
            admin, item.id, item.version, method=ContactMethod.PHONE, outcome=ContactOutcome.REACHED
        )
    with pytest.raises(PermissionDeniedError):
        initialized.followups.cancel(admin, item.id, item.version, REASON)


# --- the audit trail ------------------------------------------------------------------------------


def test_each_action_is_audited_without_the_patients_name(
    initialized: Services, staff: Actor, admin: Actor, patient_id: int, item: FollowupItem
) -> None:
    service = initialized.followups
    step = service.log_attempt(
        staff, item.id, item.version, method=ContactMethod.PHONE, outcome=ContactOutcome.NO_ANSWER
    )
    step = service.assign(staff, item.id, step.version, staff.user_id)
    step = service.schedule(staff, item.id, step.version, datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
    step = service.snooze(staff, item.id, step.version, date(2026, 12, 20))
    step = service.cancel(staff, item.id, step.version, "José Peña asked us to stop calling.")
    step = service.reopen(staff, item.id, step.version)
    step = service.mark_missed(staff, item.id, step.version)
    step = service.reopen(staff, item.id, step.version)
    service.complete(staff, item.id, step.version)

    entries = initialized.audit.recent(admin, record_type="followup", record_id=str(item.id))[::-1]
    assert [e.action for e in entries] == [
        AuditAction.FOLLOWUP_CREATED,
        AuditAction.FOLLOWUP_ATTEMPT,
        *[AuditAction.FOLLOWUP_UPDATED] * 8,
    ]
    assert {e.username for e in entries} == {"maria"}
    details = " | ".join(e.detail or "" for e in entries)
    assert f"patient {patient_id}" in details
    for phi in ("José", "Jose", "Peña", "Pena", "Pepe", "512", "stop calling"):
        assert phi not in details


# --- adding an item by hand -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "reason",
    [
        "Robert'); DROP TABLE followups;--",
        "1=1 OR 'a'='a'",
        "Ask about O'Brien's referral 💊😀",
        "Gọi lại cho bà Nguyễn Thị Hằng",
        "x" * 2000,
    ],
)
def test_a_hand_made_item_keeps_any_text(
    initialized: Services, staff: Actor, patient_id: int, reason: str
) -> None:
    made = add_followup(initialized, staff, patient_id, TODAY, reason)
    assert (made.type, made.generated, made.reason, made.status) == (
        T.OTHER,
        False,
        reason,
        FollowupStatus.OPEN,
    )
    assert initialized.followups.get(staff, made.id).reason == reason


def test_a_hand_made_items_reason_is_tidied(initialized: Services, staff: Actor, patient_id: int) -> None:
    made = add_followup(initialized, staff, patient_id, TODAY, "  Call back\n\tafter   lunch  ")
    assert made.reason == "Call back after lunch"


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_hand_made_item_needs_a_reason_of_at_most_2000_characters(
    initialized: Services, staff: Actor, patient_id: int, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        add_followup(initialized, staff, patient_id, TODAY, reason)
    assert set(caught.value.field_errors) == {"reason"}
    assert initialized.followups.for_patient(staff, patient_id) == []


# 11/21/2026 - 366 days = 11/20/2025. 3 x 366 = 1098 days ahead: + 365 = 11/21/2027,
# + 366 (leap day 2/29/2028) = 11/21/2028, + 365 = 11/21/2029 (1096 days), + 2 = 11/23/2029.
@pytest.mark.parametrize("due", [date(2025, 11, 20), date(2029, 11, 24)])
def test_a_hand_made_item_due_too_far_away_is_refused(
    initialized: Services, staff: Actor, patient_id: int, due: date
) -> None:
    with pytest.raises(ValidationError) as caught:
        add_followup(initialized, staff, patient_id, due)
    assert set(caught.value.field_errors) == {"due_date"}


@pytest.mark.parametrize("due", [date(2025, 11, 21), date(2029, 11, 23)])  # 365 back; 1098 ahead
def test_a_hand_made_item_due_at_the_limits_is_accepted(
    initialized: Services, staff: Actor, patient_id: int, due: date
) -> None:
    assert add_followup(initialized, staff, patient_id, due).due_date == due
