"""Follow-up items as the clinic works them: statuses, work dates, worklist buckets, calendar
labels, and which generated items a patient's prescriptions call for together.

Every expected date is worked out by hand in the test (see the comments), never by the code
under test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ldnclinic.domain.followups.rules import FollowupRules, FollowupType
from ldnclinic.domain.followups.worklist import (
    Bucket,
    CalendarDetail,
    Course,
    FollowupStatus,
    LiveScript,
    WantedFollowup,
    bucket_for,
    calendar_label,
    course_of,
    wanted_followups,
    work_date,
)
from ldnclinic.domain.prescriptions.formulary import DEFAULT_FORMULARY, Formula
from ldnclinic.domain.prescriptions.titration import TitrationPlan, find_plan

T = FollowupType
START = date(2026, 3, 1)


def formula(code: str) -> Formula:
    return next(f for f in DEFAULT_FORMULARY if f.code == code)


def plan(code: str) -> TitrationPlan:
    found = find_plan(code)
    assert found is not None
    return found


def script(
    id: int,
    start: date,
    *,
    formula_code: str = "CAP-4.5",
    plan_code: str = "MAINT-4.5",
    quantity: int = 30,
    refills: int = 0,
    renewal: bool = False,
) -> LiveScript:
    return LiveScript(
        id=id,
        formula=formula(formula_code),
        plan=plan(plan_code),
        start=start,
        quantity=Decimal(quantity),
        refills=refills,
        renewal_of_same_plan=renewal,
    )


def keys(wanted: list[WantedFollowup]) -> list[tuple[int, FollowupType, date]]:
    """(prescription, type, due) of each item, by prescription then due date."""
    return sorted((item.key for item in wanted), key=lambda key: (key[0], key[2], key[1]))


def routine_dates(wanted: list[WantedFollowup]) -> list[date]:
    return [w.item.due for w in wanted if w.item.type is T.ROUTINE_REVIEW]


# --- statuses and dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "closed"),
    [
        (FollowupStatus.OPEN, False),
        (FollowupStatus.SCHEDULED, False),
        (FollowupStatus.SNOOZED, False),
        (FollowupStatus.DONE, True),
        (FollowupStatus.MISSED, True),
        (FollowupStatus.CANCELLED, True),
    ],
)
def test_done_missed_and_cancelled_are_closed(status: FollowupStatus, closed: bool) -> None:
    assert status.is_closed is closed


DUE = date(2026, 12, 1)
APPOINTMENT = date(2026, 12, 3)
SNOOZE_END = date(2026, 12, 10)


def test_a_scheduled_item_is_worked_on_its_appointment_day() -> None:
    assert work_date(FollowupStatus.SCHEDULED, DUE, APPOINTMENT, None) == APPOINTMENT


def test_a_snoozed_item_is_worked_when_the_snooze_ends() -> None:
    assert work_date(FollowupStatus.SNOOZED, DUE, None, SNOOZE_END) == SNOOZE_END


def test_an_open_item_is_worked_on_its_due_date_whatever_else_is_set() -> None:
    assert work_date(FollowupStatus.OPEN, DUE, APPOINTMENT, SNOOZE_END) == DUE
    assert work_date(FollowupStatus.DONE, DUE, APPOINTMENT, None) == DUE


def test_a_scheduled_or_snoozed_item_without_its_date_falls_back_to_the_due_date() -> None:
    assert work_date(FollowupStatus.SCHEDULED, DUE, None, SNOOZE_END) == DUE
    assert work_date(FollowupStatus.SNOOZED, DUE, APPOINTMENT, None) == DUE


TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("day", "bucket"),
    [
        (date(2026, 1, 1), Bucket.OVERDUE),
        (date(2026, 11, 20), Bucket.OVERDUE),  # yesterday
        (date(2026, 11, 21), Bucket.TODAY),
        (date(2026, 11, 22), Bucket.THIS_WEEK),  # tomorrow
        (date(2026, 11, 28), Bucket.THIS_WEEK),  # today + 7
        (date(2026, 11, 29), Bucket.LATER),  # today + 8
    ],
)
def test_bucket_boundaries(day: date, bucket: Bucket) -> None:
    assert bucket_for(day, TODAY) is bucket


def test_week_buckets_cross_a_year_end() -> None:
    # 12/28 + 7 = 1/4 (3 days to 12/31, 4 more); + 8 = 1/5.
    assert bucket_for(date(2027, 1, 4), date(2026, 12, 28)) is Bucket.THIS_WEEK
    assert bucket_for(date(2027, 1, 5), date(2026, 12, 28)) is Bucket.LATER


# --- calendar labels --------------------------------------------------------------------------


def test_the_default_calendar_label_is_initials_and_mrn() -> None:
    assert calendar_label(CalendarDetail.INITIALS_MRN, "José", "Peña", "1234-5678") == "J.P. · MRN 1234-5678"


def test_initials_are_upper_case_even_for_lowercase_accented_names() -> None:
    label = calendar_label(CalendarDetail.INITIALS_MRN, "élodie", "o'brien", "0000-0010")
    assert label == "É.O. · MRN 0000-0010"


def test_initials_ignore_surrounding_spaces_and_a_missing_name() -> None:
    assert calendar_label(CalendarDetail.INITIALS_MRN, "  ana ", "  ", "0000-0010") == "A. · MRN 0000-0010"


def test_mrn_only_shows_no_name_at_all() -> None:
    label = calendar_label(CalendarDetail.MRN_ONLY, "élodie", "o'brien", "0000-0010")
    assert label == "MRN 0000-0010"
    assert "é" not in label.casefold() and "o'" not in label


def test_full_name_keeps_the_name_as_entered() -> None:
    label = calendar_label(CalendarDetail.FULL_NAME, "élodie", "o'brien", "0000-0010")
    assert label == "élodie o'brien · MRN 0000-0010"


def test_every_calendar_detail_has_a_label() -> None:
    assert CalendarDetail.INITIALS_MRN.label == "Initials and MRN (recommended)"
    assert {d.label for d in CalendarDetail} >= {"MRN only", "Full name and MRN"}


# --- courses ------------------------------------------------------------------------------------


def test_the_first_script_starts_and_later_ones_renew_or_change() -> None:
    assert course_of(0, script(1, START, renewal=True)) is Course.START
    assert course_of(1, script(2, START, renewal=True)) is Course.RENEWAL
    assert course_of(1, script(2, START, renewal=False)) is Course.CHANGE


# --- wanted_followups: one script ---------------------------------------------------------------


def test_a_first_titration_script_wants_every_kind() -> None:
    # STD-1.5-14 from 3/1, 48 capsules of 1.5 mg, no refills: 14 + 28 = 42 capsules for the
    # titration (28 days), then 6 more / 3 a day = 2 days: the supply lasts to 3/30, out on 3/31.
    first = script(1, START, formula_code="CAP-1.5", plan_code="STD-1.5-14", quantity=48)
    wanted = wanted_followups([first], today=START, patient_active=True)
    assert keys(wanted) == [
        (1, T.REFILL_DUE, date(2026, 3, 24)),  # runs out 3/31 - 7 days
        (1, T.TITRATION_CHECK, date(2026, 3, 29)),  # 3/1 + 14 + 14 days
        (1, T.EFFICACY_REVIEW, date(2026, 5, 10)),  # 3/1 + 70: +30 = 3/31, +31 = 5/1, +9 = 5/10
        (1, T.ROUTINE_REVIEW, date(2026, 6, 1)),  # + 3 months
        (1, T.ROUTINE_REVIEW, date(2026, 9, 1)),  # + 6 months
        (1, T.ROUTINE_REVIEW, date(2026, 12, 1)),  # + 9 months
        (1, T.ROUTINE_REVIEW, date(2027, 3, 1)),  # + 12 months
    ]


def test_a_fixed_dose_is_checked_after_three_weeks() -> None:
    # MAINT-4.5 from 3/1: 3/1 + 21 days = 3/22. 30 capsules + 2 refills = 90 days: out on
    # 3/1 + 90 = 5/30 (30 to 3/31, 61 to 5/1, 29 more), refill due 5/23.
    first = script(1, START, refills=2)
    wanted = wanted_followups([first], today=START, patient_active=True)
    assert [(k[1], k[2]) for k in keys(wanted)[:3]] == [
        (T.TITRATION_CHECK, date(2026, 3, 22)),
        (T.EFFICACY_REVIEW, date(2026, 5, 10)),
        (T.REFILL_DUE, date(2026, 5, 23)),
    ]


def test_each_wanted_item_has_a_reason() -> None:
    wanted = wanted_followups([script(1, START)], today=START, patient_active=True)
    assert all(w.item.reason.strip() for w in wanted)
    [routine] = [w for w in wanted if w.item.due == date(2026, 6, 1)]
    assert routine.item.reason == "Routine review 3 months after the start on 03/01/2026."


# --- wanted_followups: several scripts ----------------------------------------------------------

RENEWED_ON = date(2026, 5, 23)  # the day the first script's refill reminder fell due


def test_a_renewal_brings_only_the_supply_and_routine_items() -> None:
    first = script(1, START, refills=2)
    renewal = script(2, RENEWED_ON, refills=2, renewal=True)
    wanted = wanted_followups([first, renewal], today=RENEWED_ON, patient_active=True)
    assert keys(wanted) == [
        (1, T.TITRATION_CHECK, date(2026, 3, 22)),  # kept from the start: 3/1 + 21
        (1, T.EFFICACY_REVIEW, date(2026, 5, 10)),  # kept from the start: 3/1 + 70
        # 90 capsules from 5/23: +8 = 5/31, +30 = 6/30, +31 = 7/31, +21 = 8/21 (90): out on 8/21.
        (2, T.REFILL_DUE, date(2026, 8, 14)),  # 8/21 - 7
        (2, T.ROUTINE_REVIEW, date(2026, 8, 23)),  # 5/23 + 3 months
        (2, T.ROUTINE_REVIEW, date(2026, 11, 23)),
        (2, T.ROUTINE_REVIEW, date(2027, 2, 23)),
        (2, T.ROUTINE_REVIEW, date(2027, 5, 23)),
    ]


def test_a_dose_change_brings_its_own_titration_check() -> None:
    first = script(1, START, refills=2)
    change = script(2, RENEWED_ON, formula_code="CAP-3", plan_code="MAINT-3")
    wanted = wanted_followups([first, change], today=RENEWED_ON, patient_active=True)
    assert keys(wanted) == [
        (1, T.TITRATION_CHECK, date(2026, 3, 22)),
        (1, T.EFFICACY_REVIEW, date(2026, 5, 10)),
        (2, T.TITRATION_CHECK, date(2026, 6, 13)),  # 5/23 + 21: +8 = 5/31, +13 = 6/13
        (2, T.REFILL_DUE, date(2026, 6, 15)),  # 30 capsules from 5/23: out 6/22 (8 + 22), - 7
        (2, T.ROUTINE_REVIEW, date(2026, 8, 23)),
        (2, T.ROUTINE_REVIEW, date(2026, 11, 23)),
        (2, T.ROUTINE_REVIEW, date(2027, 2, 23)),
        (2, T.ROUTINE_REVIEW, date(2027, 5, 23)),
    ]


def test_only_the_newest_script_carries_refill_and_routine_items() -> None:
    scripts = [
        script(1, START),
        script(2, date(2026, 4, 1), renewal=True),
        script(3, date(2026, 5, 1), renewal=True),
    ]
    wanted = wanted_followups(scripts, today=date(2026, 5, 1), patient_active=True)
    supply_and_routine = {
        w.prescription_id for w in wanted if w.item.type in (T.REFILL_DUE, T.ROUTINE_REVIEW)
    }
    assert supply_and_routine == {3}
    # 30 capsules from 5/1: out on 5/31, reminder 5/24.
    assert [w.item.due for w in wanted if w.item.type is T.REFILL_DUE] == [date(2026, 5, 24)]
    assert {w.prescription_id for w in wanted if w.item.type is T.TITRATION_CHECK} == {1}


def test_an_inactive_patient_gets_no_refill_or_routine_items() -> None:
    first = script(1, START, refills=2)
    change = script(2, RENEWED_ON, formula_code="CAP-3", plan_code="MAINT-3")
    wanted = wanted_followups([first, change], today=RENEWED_ON, patient_active=False)
    assert keys(wanted) == [
        (1, T.TITRATION_CHECK, date(2026, 3, 22)),
        (1, T.EFFICACY_REVIEW, date(2026, 5, 10)),
        (2, T.TITRATION_CHECK, date(2026, 6, 13)),
    ]


def test_no_scripts_want_nothing() -> None:
    assert wanted_followups([], today=START, patient_active=True) == []


# --- routine reviews ------------------------------------------------------------------------------


def test_routine_reviews_keep_four_ahead_and_the_earlier_ones() -> None:
    # From 3/1: 6/1 and 9/1 are past on 10/15; four more after today: 12/1, 3/1, 6/1, 9/1.
    wanted = wanted_followups([script(1, START)], today=date(2026, 10, 15), patient_active=True)
    assert routine_dates(wanted) == [
        date(2026, 6, 1),
        date(2026, 9, 1),
        date(2026, 12, 1),
        date(2027, 3, 1),
        date(2027, 6, 1),
        date(2027, 9, 1),
    ]


def test_a_routine_review_due_today_is_not_one_of_those_ahead() -> None:
    # Today 9/1 is the second review: four more after it (12/1 .. 9/1/2027).
    wanted = wanted_followups([script(1, START)], today=date(2026, 9, 1), patient_active=True)
    assert routine_dates(wanted)[1:] == [
        date(2026, 9, 1),
        date(2026, 12, 1),
        date(2027, 3, 1),
        date(2027, 6, 1),
        date(2027, 9, 1),
    ]


def test_the_clinic_rules_set_the_routine_interval_and_how_many_ahead() -> None:
    rules = FollowupRules(routine_review_months=6, routine_reviews_ahead=2)
    wanted = wanted_followups([script(1, START)], today=START, patient_active=True, rules=rules)
    assert routine_dates(wanted) == [date(2026, 9, 1), date(2027, 3, 1)]  # + 6 and + 12 months


def test_routine_reviews_clamp_to_the_end_of_a_short_month() -> None:
    # From 1/31: April has 30 days, so + 3 months is 4/30; each review counts from the start,
    # not from the clamped date, so + 6 months is 7/31 again.
    wanted = wanted_followups([script(1, date(2026, 1, 31))], today=date(2026, 1, 31), patient_active=True)
    assert routine_dates(wanted) == [
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2026, 10, 31),
        date(2027, 1, 31),
    ]


def test_monthly_reviews_from_the_31st_land_on_each_months_last_day() -> None:
    rules = FollowupRules(routine_review_months=1, routine_reviews_ahead=4)
    wanted = wanted_followups(
        [script(1, date(2026, 1, 31))], today=date(2026, 1, 31), patient_active=True, rules=rules
    )
    # 2026 is not a leap year: February ends on the 28th.
    assert routine_dates(wanted) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_a_review_from_the_end_of_november_lands_on_a_leap_day() -> None:
    # 11/30/2027 + 3 months: February 2028 has 29 days.
    wanted = wanted_followups([script(1, date(2027, 11, 30))], today=date(2027, 11, 30), patient_active=True)
    assert routine_dates(wanted)[0] == date(2028, 2, 29)
