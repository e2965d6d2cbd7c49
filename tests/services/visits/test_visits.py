"""Visit notes through the service: drafts, the prefilled new note, signing, addenda, the
follow-up a visit completes, the outcome series, the approval warning when no visit was
signed in the last 12 months, and the printed summary.

Today is 11/21/2026 in Austin (FakeClock 15:00 UTC = 9:00 CST).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from ldnclinic.domain.errors import ConflictError, DomainError, PermissionDeniedError, ValidationError
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import FollowupStatus
from ldnclinic.domain.visits.note import (
    Adherence,
    Decision,
    Measure,
    Modality,
    Scores,
    SideEffect,
    VisitNote,
    VisitStatus,
)
from ldnclinic.domain.visits.outcomes import DoseSegment, OutcomePoint
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.printing import SafetyStopError
from ldnclinic.services.visits.dto import VisitDetail, VisitInput
from tests.services.followup_support import (
    CHICAGO,
    TODAY,
    add_followup,
    add_visit,
    days,
    item_of,
    other_patient,
    signed_visit,
)
from tests.services.rx_support import add_patient, approved_rx, pdf_text, rx_input, sign_visit_now
from tests.support.clock import FakeClock

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
AN_HOUR_AGO = NOW - timedelta(hours=1)
FULL_NOTE = VisitNote(
    visit_at=AN_HOUR_AGO,
    modality=Modality.AUDIO_ONLY,
    location_state="TX",
    location_city="San Antonio",
    consent_confirmed=True,
    subjective="Sleeps better; pain 3/10. Says “it's the first good month in years” 😀",
    objective="Voice clear, no distress.",
    assessment="Fibromyalgia, improving on LDN 4.5 mg.",
    plan="Continue 4.5 mg at bedtime; routine review in 3 months.",
    current_dose_mg=Decimal("4.5"),
    adherence=Adherence.MISSED_SOME,
    side_effects=frozenset({SideEffect.VIVID_DREAMS, SideEffect.OTHER}),
    side_effect_other="Dry mouth",
    scores=Scores(
        pain=3, fatigue=4, sleep=7, mood=8, pgic=2, condition_name="FIQR", condition=Decimal("41.5")
    ),
    decision=Decision.CONTINUE,
)


@pytest.fixture
def patient_id(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff, visit=False)  # José Luis Peña, Austin TX


@pytest.fixture
def draft(initialized: Services, staff: Actor, patient_id: int) -> VisitDetail:
    return initialized.visits.create(staff, VisitInput(patient_id, FULL_NOTE))


# --- drafts ---------------------------------------------------------------------------------------


def test_a_draft_round_trips_every_field(draft: VisitDetail) -> None:
    assert draft.note == FULL_NOTE
    assert draft.note.visit_at.tzinfo == CHICAGO  # shown in the clinic's zone
    assert draft.note.current_dose_mg == Decimal("4.5")
    assert isinstance(draft.note.current_dose_mg, Decimal)
    assert draft.note.scores.condition == Decimal("41.5")
    assert (draft.status, draft.read_only, draft.created_by, draft.signed_by) == (
        VisitStatus.DRAFT,
        False,
        "María López",
        None,
    )
    assert (draft.patient_name, draft.addenda, draft.followup_ids) == ("Peña, José Luis", (), ())


def test_a_draft_reads_back_the_same_from_the_database(
    initialized: Services, staff: Actor, draft: VisitDetail
) -> None:
    assert initialized.visits.get(staff, draft.id).note == FULL_NOTE


def test_text_is_tidied_on_save(initialized: Services, staff: Actor, patient_id: int) -> None:
    note = dataclasses.replace(
        FULL_NOTE,
        location_state="tx",
        location_city="  San   Antonio ",
        subjective="  Robert'); DROP TABLE visits;--  ",
        side_effects=frozenset({SideEffect.HEADACHE}),
        side_effect_other="left over from an earlier choice",
    )
    saved = initialized.visits.create(staff, VisitInput(patient_id, note)).note
    assert (saved.location_state, saved.location_city) == ("TX", "San Antonio")
    assert saved.subjective == "Robert'); DROP TABLE visits;--"
    assert (saved.side_effects, saved.side_effect_other) == (frozenset({SideEffect.HEADACHE}), "")


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"location_state": "OK"}, {"location_state"}),
        ({"location_state": ""}, {"location_state"}),
        ({"location_city": " "}, {"location_city"}),
        ({"consent_confirmed": False}, {"consent_confirmed"}),
        ({"visit_at": NOW + timedelta(hours=1)}, {"visit_at"}),
        ({"scores": Scores(pain=11, pgic=0)}, {"pain", "pgic"}),
        ({"current_dose_mg": Decimal(0)}, {"current_dose_mg"}),
        (
            {"location_state": "NM", "location_city": "", "consent_confirmed": False},
            {"location_state", "location_city", "consent_confirmed"},
        ),
    ],
)
def test_a_note_with_problems_is_refused_field_by_field(
    initialized: Services, staff: Actor, patient_id: int, changes: dict[str, object], fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        initialized.visits.create(staff, VisitInput(patient_id, dataclasses.replace(FULL_NOTE, **changes)))  # type: ignore[arg-type]
    assert set(caught.value.field_errors) == fields
    assert initialized.visits.for_patient(staff, patient_id) == []


def test_a_visit_cannot_review_another_patients_prescription(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    someone_else = other_patient(initialized, staff, "Ana", "Zamora")
    sign_visit_now(initialized, someone_else)
    theirs = approved_rx(initialized, prescriber, someone_else)
    with pytest.raises(ValidationError) as caught:
        initialized.visits.create(staff, VisitInput(patient_id, FULL_NOTE, prescription_id=theirs.id))
    assert set(caught.value.field_errors) == {"prescription_id"}


def test_update_changes_a_draft(
    initialized: Services, staff: Actor, draft: VisitDetail, clock: FakeClock
) -> None:
    clock.advance(minutes=10)
    changed = dataclasses.replace(
        FULL_NOTE, plan="Increase to 6 mg? No: stay at 4.5 mg.", decision=Decision.HOLD
    )
    saved = initialized.visits.update(staff, draft.id, VisitInput(draft.patient_id, changed), draft.version)
    assert (saved.note.plan, saved.note.decision, saved.version) == (
        changed.plan,
        Decision.HOLD,
        draft.version + 1,
    )
    assert saved.updated_at == datetime(2026, 11, 21, 9, 10, tzinfo=CHICAGO)


def test_a_stale_update_is_a_conflict_with_the_current_note(
    initialized: Services, staff: Actor, prescriber: Actor, draft: VisitDetail
) -> None:
    theirs = dataclasses.replace(FULL_NOTE, objective="Their edit.")
    initialized.visits.update(prescriber, draft.id, VisitInput(draft.patient_id, theirs), draft.version)
    mine = dataclasses.replace(FULL_NOTE, objective="My edit.")
    with pytest.raises(ConflictError) as caught:
        initialized.visits.update(staff, draft.id, VisitInput(draft.patient_id, mine), draft.version)
    current = caught.value.current
    assert isinstance(current, VisitDetail)
    assert (current.note.objective, current.version) == ("Their edit.", draft.version + 1)


def test_a_visit_cannot_move_to_another_patient(
    initialized: Services, staff: Actor, draft: VisitDetail
) -> None:
    someone_else = other_patient(initialized, staff, "Ana", "Zamora")
    with pytest.raises(ValidationError) as caught:
        initialized.visits.update(staff, draft.id, VisitInput(someone_else, FULL_NOTE), draft.version)
    assert set(caught.value.field_errors) == {"patient_id"}


def test_an_admin_only_user_cannot_write_visits(initialized: Services, admin: Actor, patient_id: int) -> None:
    with pytest.raises(PermissionDeniedError):
        initialized.visits.create(admin, VisitInput(patient_id, FULL_NOTE))
    with pytest.raises(PermissionDeniedError):
        initialized.visits.new_visit(admin, patient_id)


# --- the new note ---------------------------------------------------------------------------------


def test_a_new_note_is_prefilled_from_the_chart(initialized: Services, staff: Actor, patient_id: int) -> None:
    blank = initialized.visits.new_visit(staff, patient_id)
    note = blank.note
    assert (blank.patient_id, blank.prescription_id, blank.followup_id) == (patient_id, None, None)
    assert (note.location_state, note.location_city, note.consent_confirmed) == ("TX", "Austin", False)
    assert note.visit_at == datetime(2026, 11, 21, 9, 0, tzinfo=CHICAGO)
    assert (note.modality, note.current_dose_mg, note.scores) == (Modality.VIDEO, None, Scores())


def test_a_new_note_carries_todays_dose_from_the_approved_script(
    initialized: Services, staff: Actor, prescriber: Actor, clock: FakeClock
) -> None:
    patient_id = add_patient(initialized, staff)  # seen today, so approval has no warning
    rx = approved_rx(initialized, prescriber, patient_id)  # STD-1.5-14 from 11/21
    clock.advance(days=14)  # 12/5 is day 15: 1.5 mg on days 1-14, 3 mg on days 15-28
    blank = initialized.visits.new_visit(staff, patient_id)
    assert (blank.prescription_id, blank.note.current_dose_mg) == (rx.id, Decimal(3))
    clock.advance(days=14)  # 12/19, day 29: 4.5 mg
    assert initialized.visits.new_visit(staff, patient_id).note.current_dose_mg == Decimal("4.5")


def test_a_new_note_keeps_the_last_condition_score_name(
    initialized: Services, staff: Actor, patient_id: int, draft: VisitDetail
) -> None:
    assert initialized.visits.new_visit(staff, patient_id).note.scores == Scores(condition_name="FIQR")


def test_a_patient_living_in_another_state_gets_no_location(initialized: Services, staff: Actor) -> None:
    patient_id = other_patient(initialized, staff, "Lena", "Ruiz", state="OK", city="Tulsa", zip="74103")
    note = initialized.visits.new_visit(staff, patient_id).note
    assert (note.location_state, note.location_city, note.consent_confirmed) == ("", "", False)


def test_a_new_note_for_a_follow_up_names_it(initialized: Services, staff: Actor, patient_id: int) -> None:
    item = add_followup(initialized, staff, patient_id, TODAY)
    assert initialized.visits.new_visit(staff, patient_id, followup_id=item.id).followup_id == item.id


# --- signing --------------------------------------------------------------------------------------


def test_staff_cannot_sign(initialized: Services, staff: Actor, draft: VisitDetail) -> None:
    with pytest.raises(PermissionDeniedError):
        initialized.visits.sign(staff, draft.id, draft.version)
    assert initialized.visits.get(staff, draft.id).status is VisitStatus.DRAFT


def test_a_prescriber_signs(
    initialized: Services, prescriber: Actor, draft: VisitDetail, clock: FakeClock
) -> None:
    clock.advance(minutes=30)
    signed = initialized.visits.sign(prescriber, draft.id, draft.version)
    assert (signed.status, signed.read_only, signed.signed_by) == (
        VisitStatus.SIGNED,
        True,
        "Elena García, MD",
    )
    assert signed.signed_at == datetime(2026, 11, 21, 9, 30, tzinfo=CHICAGO)
    assert signed.note == FULL_NOTE


def test_a_signed_visit_refuses_changes_and_a_second_signature(
    initialized: Services, staff: Actor, prescriber: Actor, draft: VisitDetail
) -> None:
    signed = initialized.visits.sign(prescriber, draft.id, draft.version)
    changed = dataclasses.replace(FULL_NOTE, assessment="Rewritten after signing.")
    with pytest.raises(DomainError, match="addendum"):
        initialized.visits.update(prescriber, draft.id, VisitInput(draft.patient_id, changed), signed.version)
    with pytest.raises(DomainError, match="already signed"):
        initialized.visits.sign(prescriber, draft.id, signed.version)
    assert initialized.visits.get(staff, draft.id).note.assessment == FULL_NOTE.assessment


def test_signing_with_a_stale_version_is_a_conflict(
    initialized: Services, staff: Actor, prescriber: Actor, draft: VisitDetail
) -> None:
    changed = dataclasses.replace(FULL_NOTE, objective="Added after the call.")
    edited = initialized.visits.update(staff, draft.id, VisitInput(draft.patient_id, changed), draft.version)
    with pytest.raises(ConflictError) as caught:
        initialized.visits.sign(prescriber, draft.id, draft.version)
    assert isinstance(caught.value.current, VisitDetail) and caught.value.current.version == edited.version


# --- addenda --------------------------------------------------------------------------------------


def test_an_addendum_needs_a_signed_visit(
    initialized: Services, prescriber: Actor, draft: VisitDetail
) -> None:
    with pytest.raises(DomainError, match="not signed yet"):
        initialized.visits.add_addendum(prescriber, draft.id, "Correction: 3 mg, not 4.5 mg.")


def test_addenda_keep_the_signed_text_their_authors_and_their_order(
    initialized: Services, staff: Actor, prescriber: Actor, draft: VisitDetail, clock: FakeClock
) -> None:
    initialized.visits.sign(prescriber, draft.id, draft.version)
    clock.advance(hours=2)
    initialized.visits.add_addendum(prescriber, draft.id, "  Correction: she takes it at 9 pm.  ")
    clock.advance(days=1)
    done = initialized.visits.add_addendum(staff, draft.id, "Pharmacy (O'Neil's) confirmed the refill 💊")
    assert [(a.author, a.author_id, a.written_at, a.text) for a in done.addenda] == [
        (
            "Elena García, MD",
            prescriber.user_id,
            datetime(2026, 11, 21, 11, 0, tzinfo=CHICAGO),
            "Correction: she takes it at 9 pm.",
        ),
        (
            "María López",
            staff.user_id,
            datetime(2026, 11, 22, 11, 0, tzinfo=CHICAGO),
            "Pharmacy (O'Neil's) confirmed the refill 💊",
        ),
    ]
    assert done.note == FULL_NOTE
    assert initialized.visits.for_patient(staff, draft.patient_id)[0].addenda_count == 2


@pytest.mark.parametrize("text", ["", "oops", "x" * 10_001])
def test_an_addendum_must_say_something_and_not_too_much(
    initialized: Services, prescriber: Actor, draft: VisitDetail, text: str
) -> None:
    initialized.visits.sign(prescriber, draft.id, draft.version)
    with pytest.raises(ValidationError) as caught:
        initialized.visits.add_addendum(prescriber, draft.id, text)
    assert set(caught.value.field_errors) == {"text"}


# --- the follow-up a visit completes ----------------------------------------------------------------


def test_saving_a_visit_for_a_follow_up_marks_it_done(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    item = add_followup(initialized, staff, patient_id, TODAY, kind=FollowupType.TITRATION_CHECK)
    visit = initialized.visits.create(staff, VisitInput(patient_id, FULL_NOTE, followup_id=item.id))
    done = initialized.followups.get(staff, item.id)
    assert (done.status, done.visit_id, done.bucket, done.closed_by) == (
        FollowupStatus.DONE,
        visit.id,
        None,
        "María López",
    )
    assert visit.followup_ids == (item.id,)
    assert initialized.followups.worklist(staff).items == ()


def test_updating_a_draft_for_a_follow_up_marks_it_done(
    initialized: Services, staff: Actor, patient_id: int, draft: VisitDetail
) -> None:
    item = add_followup(initialized, staff, patient_id, TODAY)
    saved = initialized.visits.update(
        staff, draft.id, VisitInput(patient_id, FULL_NOTE, followup_id=item.id), draft.version
    )
    assert saved.followup_ids == (item.id,)
    assert initialized.followups.get(staff, item.id).status is FollowupStatus.DONE


def test_a_generated_follow_up_done_by_a_visit_survives_regeneration(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, staff)
    rx = approved_rx(initialized, prescriber, patient_id)
    check = item_of(initialized, staff, patient_id, FollowupType.TITRATION_CHECK)
    visit = initialized.visits.create(staff, VisitInput(patient_id, FULL_NOTE, followup_id=check.id))
    current = initialized.prescriptions.get(prescriber, rx.id)
    initialized.prescriptions.void(prescriber, rx.id, current.version, "Replaced by a liquid.")
    [kept] = initialized.followups.for_patient(staff, patient_id)
    assert (kept.id, kept.status, kept.visit_id) == (check.id, FollowupStatus.DONE, visit.id)


def test_a_visit_cannot_complete_another_patients_follow_up(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    someone_else = other_patient(initialized, staff, "Ana", "Zamora")
    theirs = add_followup(initialized, staff, someone_else, TODAY)
    with pytest.raises(ValidationError) as caught:
        initialized.visits.create(staff, VisitInput(patient_id, FULL_NOTE, followup_id=theirs.id))
    assert set(caught.value.field_errors) == {"followup_id"}
    assert initialized.visits.for_patient(staff, patient_id) == []
    assert initialized.followups.get(staff, theirs.id).status is FollowupStatus.OPEN


# --- outcomes -------------------------------------------------------------------------------------


def test_outcomes_list_each_measure_in_visit_order_with_the_dose_timeline(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, staff)  # a signed visit now, no scores
    rx = approved_rx(initialized, prescriber, patient_id)  # STD-1.5-14 from 11/21
    later = add_visit(initialized, staff, patient_id, NOW - days(1), scores=Scores(pain=4, pgic=2))
    earlier = add_visit(initialized, staff, patient_id, NOW - days(20), scores=Scores(pain=7, sleep=3))
    initialized.prescriptions.create_draft(
        prescriber, rx_input(initialized, patient_id, formula="CAP-3", plan="MAINT-3")
    )
    series = initialized.visits.outcomes(staff, patient_id)
    assert series.points == {
        Measure.PAIN: (
            OutcomePoint(date(2026, 11, 1), Decimal(7), earlier.id),  # 11/21 - 20 days
            OutcomePoint(date(2026, 11, 20), Decimal(4), later.id),
        ),
        Measure.SLEEP: (OutcomePoint(date(2026, 11, 1), Decimal(3), earlier.id),),
        Measure.PGIC: (OutcomePoint(date(2026, 11, 20), Decimal(2), later.id),),
    }
    # From the approved script only (the draft does not count): 11/21 + 14 = 12/5, + 14 = 12/19.
    assert series.doses == (
        DoseSegment(date(2026, 11, 21), date(2026, 12, 5), Decimal("1.5")),
        DoseSegment(date(2026, 12, 5), date(2026, 12, 19), Decimal(3)),
        DoseSegment(date(2026, 12, 19), None, Decimal("4.5")),
    )
    assert rx.start_date == TODAY


def test_a_hold_decision_sets_the_dose_to_zero(
    initialized: Services, staff: Actor, prescriber: Actor, clock: FakeClock
) -> None:
    patient_id = add_patient(initialized, staff)
    approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")  # from 11/21
    clock.advance(days=10)  # 12/1
    visit = add_visit(initialized, staff, patient_id, clock(), decision=Decision.HOLD)
    still_going = (DoseSegment(date(2026, 11, 21), None, Decimal("4.5")),)
    assert initialized.visits.outcomes(staff, patient_id).doses == still_going  # a draft decides nothing yet
    initialized.visits.sign(prescriber, visit.id, visit.version)
    assert initialized.visits.outcomes(staff, patient_id).doses == (
        DoseSegment(date(2026, 11, 21), date(2026, 12, 1), Decimal("4.5")),
        DoseSegment(date(2026, 12, 1), None, Decimal(0)),
    )


def test_no_visits_and_no_scripts_give_empty_outcomes(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    series = initialized.visits.outcomes(staff, patient_id)
    assert series.is_empty and series.span(TODAY) is None


# --- the approval warning ---------------------------------------------------------------------------


def visit_warnings(services: Services, actor: Actor, rx_id: int) -> list[str]:
    return [
        f.message for f in services.prescriptions.get(actor, rx_id).warnings if f.code == "no_recent_visit"
    ]


def test_a_patient_never_seen_brings_the_visit_warning(
    initialized: Services, prescriber: Actor, patient_id: int
) -> None:
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    assert [f.code for f in draft.warnings] == ["no_recent_visit"]
    assert draft.warnings[0].message.startswith("No signed visit is on file.")
    with pytest.raises(SafetyStopError) as caught:
        initialized.prescriptions.approve(prescriber, draft.id, draft.version)
    assert caught.value.codes == ("no_recent_visit",)
    approved = initialized.prescriptions.approve(
        prescriber, draft.id, draft.version, acknowledged=frozenset({"no_recent_visit"})
    )
    assert approved.acknowledged == ("no_recent_visit",)


def test_a_draft_visit_does_not_count(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    add_visit(initialized, staff, patient_id, AN_HOUR_AGO)
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    assert len(visit_warnings(initialized, prescriber, draft.id)) == 1


def test_a_signed_visit_clears_the_warning(initialized: Services, prescriber: Actor, patient_id: int) -> None:
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    sign_visit_now(initialized, patient_id)
    assert visit_warnings(initialized, prescriber, draft.id) == []
    assert initialized.prescriptions.approve(prescriber, draft.id, draft.version).acknowledged == ()


def test_a_visit_signed_366_days_ago_brings_the_warning_back(
    initialized: Services, prescriber: Actor, patient_id: int
) -> None:
    # 11/21/2026 9:00 CST - 366 days = 11/20/2025 9:00 CST: one day older than 11/21/2025.
    signed_visit(initialized, prescriber, patient_id, NOW - days(366))
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    [message] = visit_warnings(initialized, prescriber, draft.id)
    assert message.startswith("The last signed visit was on 11/20/2025.")
    with pytest.raises(SafetyStopError):
        initialized.prescriptions.approve(prescriber, draft.id, draft.version)


def test_a_visit_signed_365_days_ago_is_still_recent(
    initialized: Services, prescriber: Actor, patient_id: int
) -> None:
    signed_visit(initialized, prescriber, patient_id, NOW - days(365))  # 11/21/2025
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    assert visit_warnings(initialized, prescriber, draft.id) == []


def test_the_visit_day_is_the_day_in_austin(
    initialized: Services, prescriber: Actor, patient_id: int
) -> None:
    # 11/21/2025 04:30 UTC is 10:30 pm on 11/20/2025 in Austin: 366 days before today there.
    signed_visit(initialized, prescriber, patient_id, datetime(2025, 11, 21, 4, 30, tzinfo=UTC))
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    [message] = visit_warnings(initialized, prescriber, draft.id)
    assert message.startswith("The last signed visit was on 11/20/2025.")


def test_the_warning_returns_as_the_visit_ages(
    initialized: Services, prescriber: Actor, patient_id: int, clock: FakeClock
) -> None:
    sign_visit_now(initialized, patient_id)
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    clock.advance(days=365)
    assert visit_warnings(initialized, prescriber, draft.id) == []
    clock.advance(days=1)
    assert len(visit_warnings(initialized, prescriber, draft.id)) == 1


# --- the printed summary ----------------------------------------------------------------------------


def test_the_summary_pdf_for_the_chart_and_for_the_patient(
    initialized: Services, staff: Actor, prescriber: Actor, draft: VisitDetail
) -> None:
    initialized.visits.sign(prescriber, draft.id, draft.version)
    chart = pdf_text(initialized.visits.summary_pdf(staff, draft.id))
    copy = pdf_text(initialized.visits.summary_pdf(staff, draft.id, for_patient=True))
    assert chart is not None and copy is not None, "poppler-utils (pdftotext) is needed to read the PDF"
    for text in (chart, copy):
        assert "José Luis Peña" in text
        assert "Subjective" in text and "Plan" in text
    assert "Assessment" in chart and "Objective" in chart
    assert "Assessment" not in copy and "Objective" not in copy
    assert FULL_NOTE.assessment not in copy


def test_a_visit_for_a_routine_review_plans_the_next_one(
    initialized: Services, staff: Actor, prescriber: Actor, clock: FakeClock
) -> None:
    patient_id = add_patient(initialized, staff)
    approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")  # from 11/21/2026
    routine = [
        i
        for i in initialized.followups.for_patient(staff, patient_id)
        if i.type is FollowupType.ROUTINE_REVIEW
    ]
    assert [i.due_date for i in routine] == [
        date(2027, 2, 21),
        date(2027, 5, 21),
        date(2027, 8, 21),
        date(2027, 11, 21),
    ]
    clock.advance(days=92)  # 2/21/2027: the first routine review is today
    add_visit(initialized, staff, patient_id, clock(), followup_id=routine[0].id)
    after = [
        i
        for i in initialized.followups.for_patient(staff, patient_id)
        if i.type is FollowupType.ROUTINE_REVIEW
    ]
    open_dates = sorted(i.due_date for i in after if not i.status.is_closed)
    # Four reviews after today again: 5/21, 8/21, 11/21/2027 and 2/21/2028 (12 months + 3).
    assert open_dates == [date(2027, 5, 21), date(2027, 8, 21), date(2027, 11, 21), date(2028, 2, 21)]


def test_a_dose_above_a_full_tablet_is_a_typing_error(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    with pytest.raises(ValidationError) as caught:
        add_visit(initialized, staff, patient_id, NOW, current_dose_mg=Decimal(45))
    assert "check for a typing error" in caught.value.field_errors["current_dose_mg"]
    assert add_visit(
        initialized, staff, patient_id, NOW, current_dose_mg=Decimal("4.5")
    ).note.current_dose_mg == Decimal("4.5")
