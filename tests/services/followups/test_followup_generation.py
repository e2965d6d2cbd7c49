"""Generated follow-ups through the real services: approving, renewing, changing, voiding and
editing prescriptions, the patient's status, and the clinic's own rules.

Today is 11/21/2026 in Austin (the FakeClock). Every expected date is worked out by hand in
the comments: 11/21 + 9 days = 11/30, + 31 more = 12/31 (day 40), + 31 more = 1/31 (day 71).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ldnclinic.domain.enums import PatientStatus
from ldnclinic.domain.errors import PermissionDeniedError, ValidationError
from ldnclinic.domain.followups.rules import FollowupRules, FollowupType
from ldnclinic.domain.followups.worklist import (
    Bucket,
    CalendarDetail,
    ContactMethod,
    ContactOutcome,
    FollowupStatus,
)
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import PrescriptionDetail
from tests.services.followup_support import item_of, open_items
from tests.services.rx_support import add_patient, allow_start_dates, approved_rx, clean_patient, rx_input
from tests.support.clock import FakeClock

T = FollowupType
EFFICACY_FROM_TODAY = date(2027, 1, 30)  # 11/21 + 70: + 9 = 11/30, + 31 = 12/31 (40), + 30 = 1/30
ROUTINE_FROM_TODAY = [  # 11/21/2026 + 3, 6, 9 and 12 months
    (T.ROUTINE_REVIEW, date(2027, 2, 21)),
    (T.ROUTINE_REVIEW, date(2027, 5, 21)),
    (T.ROUTINE_REVIEW, date(2027, 8, 21)),
    (T.ROUTINE_REVIEW, date(2027, 11, 21)),
]


@pytest.fixture
def patient_id(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff)


def dated(services: Services, actor: Actor, patient_id: int) -> list[tuple[FollowupType, date]]:
    """The patient's open items as (type, due date), by due date."""
    return [(kind, due) for kind, due, _ in open_items(services, actor, patient_id)]


def by_script(
    services: Services, actor: Actor, patient_id: int
) -> list[tuple[FollowupType, date, int | None]]:
    return open_items(services, actor, patient_id)


# --- approval generates the plan's items ----------------------------------------------------------


def test_standard_titration_without_refills(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    rx = approved_rx(initialized, prescriber, patient_id)  # STD-1.5-14, CAP-1.5, 30 days, no refills
    # 14 x 1 + 14 x 2 + 2 x 3 = 48 capsules for 30 days: the last dose on 12/20, out on 12/21.
    assert rx.calculation is not None and rx.calculation.quantity == 48
    assert dated(initialized, staff, patient_id) == [
        (T.REFILL_DUE, date(2026, 12, 14)),  # 12/21 - 7
        (T.TITRATION_CHECK, date(2026, 12, 19)),  # 11/21 + 28: + 9 = 11/30, + 19 = 12/19
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
        *ROUTINE_FROM_TODAY,
    ]
    assert {script for _, _, script in by_script(initialized, staff, patient_id)} == {rx.id}


def test_standard_titration_with_two_refills(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    approved_rx(initialized, prescriber, patient_id, refills=2)
    # 3 x 48 = 144 capsules: 42 for the 28 titration days, 102 / 3 = 34 days more: day 62.
    # 11/21 + 62: + 9 = 11/30, + 31 = 12/31 (40), + 22 = 1/22: out on 1/22, reminder 1/15.
    assert dated(initialized, staff, patient_id) == [
        (T.TITRATION_CHECK, date(2026, 12, 19)),
        (T.REFILL_DUE, date(2027, 1, 15)),
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
        *ROUTINE_FROM_TODAY,
    ]


def test_a_fixed_dose_is_checked_after_21_days(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    assert dated(initialized, staff, patient_id) == [
        (T.TITRATION_CHECK, date(2026, 12, 12)),  # 11/21 + 21: + 9 = 11/30, + 12 = 12/12
        (T.REFILL_DUE, date(2026, 12, 14)),  # 30 capsules: out on 12/21, - 7
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
        *ROUTINE_FROM_TODAY,
    ]


def test_a_liquid_with_a_custom_plan(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    rx = approved_rx(
        initialized, prescriber, patient_id, formula="LIQ-1", steps="0.5:7,1:7,1.5:7,2:7,3:7,4.5"
    )
    # 30 days at 1 mg/mL: 3.5 + 7 + 10.5 + 14 mL for four weeks, then 2 days of 3 mL = 41 mL.
    assert rx.calculation is not None and rx.calculation.quantity == 41
    assert dated(initialized, staff, patient_id) == [
        (T.REFILL_DUE, date(2026, 12, 14)),  # 41 mL last to 12/20 (28 + 2 days): out 12/21, - 7
        (T.TITRATION_CHECK, date(2026, 12, 26)),  # 4.5 mg from day 35: 11/21 + 35 = 12/26
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
        *ROUTINE_FROM_TODAY,
    ]


def test_the_half_weekly_plan(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    approved_rx(initialized, prescriber, patient_id, formula="LIQ-1", plan="HALF-WEEKLY")
    # Eight weekly steps (0.5 .. 4 mg) before 4.5 mg: 56 days. 11/21 + 56: + 9 = 11/30,
    # + 31 = 12/31 (40), + 16 = 1/16. 30 days: 3.5 + 7 + 10.5 + 14 + 2 x 2.5 = 40 mL, out 12/21.
    assert dated(initialized, staff, patient_id) == [
        (T.REFILL_DUE, date(2026, 12, 14)),
        (T.TITRATION_CHECK, date(2027, 1, 16)),
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
        *ROUTINE_FROM_TODAY,
    ]


def test_generated_items_are_open_unassigned_and_say_why(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    approved_rx(initialized, prescriber, patient_id)
    items = initialized.followups.for_patient(staff, patient_id)
    assert {(i.status, i.generated, i.assignee_id) for i in items} == {(FollowupStatus.OPEN, True, None)}
    assert all(i.work_date == i.due_date and i.attempts == () for i in items)
    refill = item_of(initialized, staff, patient_id, T.REFILL_DUE)
    assert refill.reason == (
        "The dispensed supply (first fill, no refills) runs out on 12/21/2026: "
        "renew the prescription in time."
    )


def test_a_draft_generates_nothing(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    assert open_items(initialized, staff, patient_id) == []


# --- a start date in the past ---------------------------------------------------------------------


def test_a_past_start_makes_items_overdue_but_never_creates_a_past_routine_review(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    allow_start_dates(initialized)  # 8/1 is more than the default 30 days back
    approved_rx(initialized, prescriber, patient_id, start_date=date(2026, 8, 1))
    assert dated(initialized, staff, patient_id) == [
        (T.REFILL_DUE, date(2026, 8, 24)),  # out on 8/31 (8/1 + 30), - 7
        (T.TITRATION_CHECK, date(2026, 8, 29)),  # 8/1 + 28
        (T.EFFICACY_REVIEW, date(2026, 10, 10)),  # 8/1 + 70: + 30 = 8/31, + 30 = 9/30, + 10 = 10/10
        # 11/1 (+ 3 months) has passed and is not created; four ahead from 2/1/2027.
        (T.ROUTINE_REVIEW, date(2027, 2, 1)),
        (T.ROUTINE_REVIEW, date(2027, 5, 1)),
        (T.ROUTINE_REVIEW, date(2027, 8, 1)),
        (T.ROUTINE_REVIEW, date(2027, 11, 1)),
    ]
    check = item_of(initialized, staff, patient_id, T.TITRATION_CHECK)
    assert check.bucket is Bucket.OVERDUE
    assert initialized.followups.counts(staff)[Bucket.OVERDUE] == 3


# --- renewals and dose changes --------------------------------------------------------------------


def renew_and_approve(services: Services, prescriber: Actor, rx: PrescriptionDetail) -> PrescriptionDetail:
    draft = services.prescriptions.renew(prescriber, rx.id)
    return services.prescriptions.approve(prescriber, draft.id, draft.version)


def test_a_renewal_moves_the_refill_and_routine_items_to_the_new_script(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int, clock: FakeClock
) -> None:
    first = approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    clock.advance(days=23)  # 12/14, the day the refill reminder falls due
    second = renew_and_approve(initialized, prescriber, first)
    assert second.start_date == date(2026, 12, 14)
    assert by_script(initialized, staff, patient_id) == [
        (T.TITRATION_CHECK, date(2026, 12, 12), first.id),  # kept: 11/21 + 21
        (T.REFILL_DUE, date(2027, 1, 6), second.id),  # 30 capsules from 12/14: out 1/13 (17 + 13), - 7
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY, first.id),  # kept: 11/21 + 70
        (T.ROUTINE_REVIEW, date(2027, 3, 14), second.id),  # 12/14 + 3, 6, 9, 12 months
        (T.ROUTINE_REVIEW, date(2027, 6, 14), second.id),
        (T.ROUTINE_REVIEW, date(2027, 9, 14), second.id),
        (T.ROUTINE_REVIEW, date(2027, 12, 14), second.id),
    ]


def test_a_renewal_keeps_a_worked_refill_item_of_the_old_script(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int, clock: FakeClock
) -> None:
    first = approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    refill = item_of(initialized, staff, patient_id, T.REFILL_DUE)
    initialized.followups.log_attempt(
        staff, refill.id, refill.version, method=ContactMethod.PHONE, outcome=ContactOutcome.LEFT_MESSAGE
    )
    clock.advance(days=23)
    second = renew_and_approve(initialized, prescriber, first)
    refills = [
        (due, rx) for kind, due, rx in by_script(initialized, staff, patient_id) if kind is T.REFILL_DUE
    ]
    assert refills == [(date(2026, 12, 14), first.id), (date(2027, 1, 6), second.id)]


def test_a_new_dose_plan_gets_its_own_titration_check(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int, clock: FakeClock
) -> None:
    first = approved_rx(initialized, prescriber, patient_id)  # STD-1.5-14 from 11/21
    clock.advance(days=28)  # 12/19: on 4.5 mg now, move to a 4.5 mg capsule
    second = approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    assert by_script(initialized, staff, patient_id) == [
        (T.TITRATION_CHECK, date(2026, 12, 19), first.id),  # kept: 11/21 + 28
        (T.TITRATION_CHECK, date(2027, 1, 9), second.id),  # 12/19 + 21: + 12 = 12/31, + 9 = 1/9
        (T.REFILL_DUE, date(2027, 1, 11), second.id),  # out on 1/18 (12/19 + 30), - 7
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY, first.id),
        (T.ROUTINE_REVIEW, date(2027, 3, 19), second.id),
        (T.ROUTINE_REVIEW, date(2027, 6, 19), second.id),
        (T.ROUTINE_REVIEW, date(2027, 9, 19), second.id),
        (T.ROUTINE_REVIEW, date(2027, 12, 19), second.id),
    ]


def test_a_renewal_edited_to_another_plan_counts_as_a_dose_change(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int, clock: FakeClock
) -> None:
    first = approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    clock.advance(days=23)  # 12/14
    draft = initialized.prescriptions.renew(prescriber, first.id)
    lower = rx_input(initialized, patient_id, formula="CAP-3", plan="MAINT-3", start_date=date(2026, 12, 14))
    draft = initialized.prescriptions.update_draft(prescriber, draft.id, lower, draft.version)
    second = initialized.prescriptions.approve(prescriber, draft.id, draft.version)
    checks = [
        (due, rx) for kind, due, rx in by_script(initialized, staff, patient_id) if kind is T.TITRATION_CHECK
    ]
    # 12/14 + 21: + 17 = 12/31, + 4 = 1/4.
    assert checks == [(date(2026, 12, 12), first.id), (date(2027, 1, 4), second.id)]


# --- voiding and editing --------------------------------------------------------------------------


def test_voiding_removes_untouched_items_and_keeps_worked_ones(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    rx = approved_rx(initialized, prescriber, patient_id)
    refill = item_of(initialized, staff, patient_id, T.REFILL_DUE)
    initialized.followups.log_attempt(
        staff, refill.id, refill.version, method=ContactMethod.PHONE, outcome=ContactOutcome.NO_ANSWER
    )
    check = item_of(initialized, staff, patient_id, T.TITRATION_CHECK)
    initialized.followups.schedule(staff, check.id, check.version, datetime(2026, 12, 18, 16, 0, tzinfo=UTC))
    current = initialized.prescriptions.get(prescriber, rx.id)
    initialized.prescriptions.void(prescriber, rx.id, current.version, "Wrong strength chosen.")

    kept = initialized.followups.for_patient(staff, patient_id)
    assert sorted((i.type, i.status) for i in kept) == [
        (T.REFILL_DUE, FollowupStatus.OPEN),
        (T.TITRATION_CHECK, FollowupStatus.SCHEDULED),
    ]
    assert {i.prescription_id for i in kept} == {rx.id}
    assert [a.outcome for a in item_of(initialized, staff, patient_id, T.REFILL_DUE).attempts] == [
        ContactOutcome.NO_ANSWER
    ]


def test_voiding_keeps_an_item_someone_assigned(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    rx = approved_rx(initialized, prescriber, patient_id)
    review = item_of(initialized, staff, patient_id, T.EFFICACY_REVIEW)
    initialized.followups.assign(staff, review.id, review.version, staff.user_id)
    current = initialized.prescriptions.get(prescriber, rx.id)
    initialized.prescriptions.void(prescriber, rx.id, current.version, "Patient declined LDN.")
    assert dated(initialized, staff, patient_id) == [(T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY)]


def test_editing_an_approved_script_removes_its_items_until_approved_again(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    rx = approved_rx(initialized, prescriber, patient_id)
    edited = initialized.prescriptions.update_draft(
        prescriber, rx.id, rx_input(initialized, patient_id, refills=2), rx.version
    )
    assert open_items(initialized, staff, patient_id) == []
    initialized.prescriptions.approve(prescriber, edited.id, edited.version)
    # The same dates as with two refills from the start: the refill reminder moves to 1/15.
    assert dated(initialized, staff, patient_id) == [
        (T.TITRATION_CHECK, date(2026, 12, 19)),
        (T.REFILL_DUE, date(2027, 1, 15)),
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
        *ROUTINE_FROM_TODAY,
    ]


def test_editing_keeps_a_snoozed_item(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    rx = approved_rx(initialized, prescriber, patient_id)
    check = item_of(initialized, staff, patient_id, T.TITRATION_CHECK)
    initialized.followups.snooze(staff, check.id, check.version, date(2026, 12, 23))
    initialized.prescriptions.update_draft(
        prescriber, rx.id, rx_input(initialized, patient_id, refills=1), rx.version
    )
    [kept] = initialized.followups.for_patient(staff, patient_id)
    assert (kept.id, kept.status, kept.work_date) == (check.id, FollowupStatus.SNOOZED, date(2026, 12, 23))


# --- the patient's status -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [PatientStatus.DISCHARGED, PatientStatus.PAUSED])
def test_an_inactive_patient_gets_no_refill_or_routine_items(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int, status: PatientStatus
) -> None:
    chart = initialized.patients.get(staff, patient_id)
    assert chart.pharmacy is not None
    initialized.patients.update(
        staff, patient_id, clean_patient(chart.pharmacy.id, status=status.value), chart.version
    )
    approved_rx(initialized, prescriber, patient_id)
    assert dated(initialized, staff, patient_id) == [
        (T.TITRATION_CHECK, date(2026, 12, 19)),
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
    ]


def test_a_prospective_patient_counts_as_active(
    initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient_id = add_patient(initialized, staff, status="prospective")
    approved_rx(initialized, prescriber, patient_id)
    assert len(open_items(initialized, staff, patient_id)) == 7


# --- the clinic's rules ---------------------------------------------------------------------------

CLINIC_RULES = FollowupRules(
    fixed_dose_check_days=14,
    efficacy_review_days=56,
    refill_lead_days=10,
    routine_review_months=6,
    routine_reviews_ahead=2,
)


def test_the_clinics_rules_set_the_dates(
    initialized: Services, admin: Actor, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    before = initialized.followup_settings.get()
    assert before.rules == FollowupRules()
    saved = initialized.followup_settings.update(
        admin, CLINIC_RULES, CalendarDetail.INITIALS_MRN, before.version
    )
    assert (saved.rules, saved.version) == (CLINIC_RULES, before.version + 1)
    approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    assert dated(initialized, staff, patient_id) == [
        (T.TITRATION_CHECK, date(2026, 12, 5)),  # 11/21 + 14
        (T.REFILL_DUE, date(2026, 12, 11)),  # out on 12/21, - 10
        (T.EFFICACY_REVIEW, date(2027, 1, 16)),  # 11/21 + 56: + 9 = 11/30, + 31 = 12/31, + 16
        (T.ROUTINE_REVIEW, date(2027, 5, 21)),  # + 6 months
        (T.ROUTINE_REVIEW, date(2027, 11, 21)),  # + 12 months
    ]


def test_new_rules_leave_items_already_made_alone(
    initialized: Services, admin: Actor, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    before = dated(initialized, staff, patient_id)
    version = initialized.followup_settings.get().version
    initialized.followup_settings.update(admin, CLINIC_RULES, CalendarDetail.INITIALS_MRN, version)
    assert dated(initialized, staff, patient_id) == before


@pytest.mark.parametrize("who", ["staff", "prescriber"])
def test_only_an_admin_changes_the_rules(
    initialized: Services, request: pytest.FixtureRequest, who: str
) -> None:
    actor: Actor = request.getfixturevalue(who)
    version = initialized.followup_settings.get().version
    with pytest.raises(PermissionDeniedError):
        initialized.followup_settings.update(actor, CLINIC_RULES, CalendarDetail.INITIALS_MRN, version)
    assert initialized.followup_settings.get().rules == FollowupRules()


def test_rules_out_of_range_name_each_field(initialized: Services, admin: Actor) -> None:
    version = initialized.followup_settings.get().version
    wrong = FollowupRules(
        fixed_dose_check_days=0,  # below 1
        efficacy_review_days=366,  # above 365
        refill_lead_days=61,  # above 60
        routine_review_months=25,  # above 24
        routine_reviews_ahead=-1,  # below 1
    )
    with pytest.raises(ValidationError) as caught:
        initialized.followup_settings.update(admin, wrong, CalendarDetail.INITIALS_MRN, version)
    assert set(caught.value.field_errors) == {
        "fixed_dose_check_days",
        "efficacy_review_days",
        "refill_lead_days",
        "routine_review_months",
        "routine_reviews_ahead",
    }
    assert caught.value.field_errors["refill_lead_days"] == "At most 60, please."
    assert initialized.followup_settings.get().rules == FollowupRules()


def test_the_largest_rules_allowed_are_accepted(initialized: Services, admin: Actor) -> None:
    version = initialized.followup_settings.get().version
    largest = FollowupRules(180, 365, 60, 24, 12)
    saved = initialized.followup_settings.update(admin, largest, CalendarDetail.MRN_ONLY, version)
    assert (saved.rules, saved.calendar_detail) == (largest, CalendarDetail.MRN_ONLY)


def set_status(services: Services, actor: Actor, patient_id: int, status: PatientStatus) -> None:
    chart = services.patients.get(actor, patient_id)
    assert chart.pharmacy is not None
    services.patients.update(
        actor, patient_id, clean_patient(chart.pharmacy.id, status=status.value), chart.version
    )


def test_discharging_a_patient_drops_untouched_refill_and_routine_items(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    approved_rx(initialized, prescriber, patient_id)
    refill = item_of(initialized, staff, patient_id, T.REFILL_DUE)
    initialized.followups.log_attempt(
        staff, refill.id, refill.version, method=ContactMethod.PHONE, outcome=ContactOutcome.NO_ANSWER
    )
    set_status(initialized, staff, patient_id, PatientStatus.DISCHARGED)
    assert dated(initialized, staff, patient_id) == [
        (T.REFILL_DUE, date(2026, 12, 14)),  # worked: kept
        (T.TITRATION_CHECK, date(2026, 12, 19)),
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
    ]


def test_reactivating_a_paused_patient_brings_the_routine_items_back(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int
) -> None:
    approved_rx(initialized, prescriber, patient_id)
    set_status(initialized, staff, patient_id, PatientStatus.PAUSED)
    assert len(open_items(initialized, staff, patient_id)) == 2
    set_status(initialized, staff, patient_id, PatientStatus.ACTIVE)
    assert dated(initialized, staff, patient_id) == [
        (T.REFILL_DUE, date(2026, 12, 14)),
        (T.TITRATION_CHECK, date(2026, 12, 19)),
        (T.EFFICACY_REVIEW, EFFICACY_FROM_TODAY),
        *ROUTINE_FROM_TODAY,
    ]


def test_completing_a_routine_review_plans_the_next_one(
    initialized: Services, prescriber: Actor, staff: Actor, patient_id: int, clock: FakeClock
) -> None:
    approved_rx(initialized, prescriber, patient_id)
    clock.advance(days=92)  # 2/21/2027: 9 + 31 + 31 + 21 days after 11/21, the first review
    first = item_of(initialized, staff, patient_id, T.ROUTINE_REVIEW)
    assert first.due_date == date(2027, 2, 21)
    initialized.followups.complete(staff, first.id, first.version)
    routine = [due for kind, due in dated(initialized, staff, patient_id) if kind is T.ROUTINE_REVIEW]
    # 2/21 is done and off the list; four remain ahead: 5/21, 8/21, 11/21 and now 2/21/2028.
    assert routine == [date(2027, 5, 21), date(2027, 8, 21), date(2027, 11, 21), date(2028, 2, 21)]
