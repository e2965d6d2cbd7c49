"""Start dates, refills, one page and a PA's supervising physician, through the prescription
service on SQLite and PostgreSQL: what a draft save refuses (each at its field), what the live
preview shows before saving, and what printing refuses."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ldnclinic.db.models.users import User
from ldnclinic.domain.errors import DomainError, ValidationError
from ldnclinic.domain.followups.rules import FollowupRules, FollowupType
from ldnclinic.domain.followups.worklist import CalendarDetail
from ldnclinic.domain.prescriptions.start_window import RxStartLimits
from ldnclinic.domain.prescriptions.supply import OUT_OF_CALENDAR
from ldnclinic.domain.prescriptions.titration import MAX_STEPS, TimeOfDay, TitrationStep
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.printing import MissingElementsError
from tests.conftest import signed_in
from tests.services.rx_support import add_patient, approved_rx, rx_input
from tests.support.pdf_pages import assert_one_page

TODAY = date(2026, 11, 21)  # the FakeClock's date in Austin
NOTE = (
    "Please compound without calcium carbonate; the patient reports lactose intolerance. Dye-free, "
    "Avicel filler only. Patient prefers pick-up after 5 PM. "
) * 8
USE = ("Fibromyalgia with chronic widespread pain and fatigue (M79.7); " * 6)[:300].strip()


@pytest.fixture
def patient_id(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff)


def refused(services: Services, actor: Actor, **changes: object) -> dict[str, str]:
    """The fields a draft save refuses, with their messages."""
    patient_id = changes.pop("patient_id")
    assert isinstance(patient_id, int)
    with pytest.raises(ValidationError) as caught:
        services.prescriptions.create_draft(actor, rx_input(services, patient_id, **changes))  # type: ignore[arg-type]
    return caught.value.field_errors


def uneven_steps(
    count: int = MAX_STEPS, times: tuple[TimeOfDay, ...] = (TimeOfDay.BEDTIME,)
) -> tuple[TitrationStep, ...]:
    return tuple(
        TitrationStep(
            Decimal("0.1") * (1 + (i * 7) % 45), 7 if i < count - 1 else None, times[i % len(times)]
        )
        for i in range(count)
    )


# --- start dates --------------------------------------------------------------------------------------


def test_a_start_date_outside_the_window_is_refused_at_its_field(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    errors = refused(initialized, staff, patient_id=patient_id, start_date=TODAY - timedelta(days=31))
    assert list(errors) == ["start_date"]
    assert errors["start_date"].startswith("The start date 10/21/2026 is 31 days before today (11/21/2026)")
    errors = refused(initialized, staff, patient_id=patient_id, start_date=TODAY + timedelta(days=91))
    assert "at most 90 days ahead, on 02/19/2027 or earlier" in errors["start_date"]
    for edge in (TODAY - timedelta(days=30), TODAY, TODAY + timedelta(days=90)):
        draft = initialized.prescriptions.create_draft(
            staff, rx_input(initialized, patient_id, start_date=edge)
        )
        assert draft.start_date == edge


def test_an_edit_is_checked_too_and_the_renewal_starts_today(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    with pytest.raises(ValidationError) as caught:
        initialized.prescriptions.update_draft(
            staff, draft.id, rx_input(initialized, patient_id, start_date=date(2062, 11, 21)), draft.version
        )
    assert list(caught.value.field_errors) == ["start_date"]
    renewed = initialized.prescriptions.renew(staff, approved_rx(initialized, prescriber, patient_id).id)
    assert renewed.start_date == TODAY


def test_the_clinic_sets_its_window(
    initialized: Services, admin: Actor, staff: Actor, patient_id: int
) -> None:
    settings_now = initialized.followup_settings.get()
    assert settings_now.start_limits == RxStartLimits(30, 90)
    with pytest.raises(ValidationError) as caught:
        initialized.followup_settings.update(
            admin,
            FollowupRules(),
            CalendarDetail.INITIALS_MRN,
            settings_now.version,
            start_limits=RxStartLimits(181, 400),
        )
    assert set(caught.value.field_errors) == {"rx_start_days_past", "rx_start_days_ahead"}
    saved = initialized.followup_settings.update(
        admin,
        FollowupRules(),
        CalendarDetail.INITIALS_MRN,
        settings_now.version,
        start_limits=RxStartLimits(60, 14),
    )
    assert saved.start_limits == RxStartLimits(60, 14)
    assert initialized.followup_settings.get().start_limits == RxStartLimits(60, 14)
    initialized.prescriptions.create_draft(
        staff, rx_input(initialized, patient_id, start_date=TODAY - timedelta(days=45))
    )
    errors = refused(initialized, staff, patient_id=patient_id, start_date=TODAY + timedelta(days=20))
    assert "at most 14 days ahead" in errors["start_date"]
    # saving the follow-up rules alone keeps the clinic's window
    kept = initialized.followup_settings.update(
        admin, FollowupRules(), CalendarDetail.MRN_ONLY, saved.version
    )
    assert kept.start_limits == RxStartLimits(60, 14)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.dates(min_value=date.min, max_value=date.max))
@example(start=date.max)
@example(start=date.min)
@example(start=date(9999, 12, 1))
@example(start=TODAY)
def test_any_calendar_date_is_saved_or_refused_never_a_crash(
    initialized: Services, staff: Actor, patient_id: int, start: date
) -> None:
    data = rx_input(initialized, patient_id, start_date=start, refills=2)
    preview = initialized.prescriptions.preview(staff, data)  # the editor's live preview
    in_window = -30 <= (start - TODAY).days <= 90
    assert ("start_date" in dict(preview.field_problems)) is not in_window
    try:
        draft = initialized.prescriptions.create_draft(staff, data)
    except ValidationError as error:
        assert not in_window
        assert list(error.field_errors) == ["start_date"]
        return
    except DomainError:  # any other refusal is a message too
        assert not in_window
        return
    assert in_window
    assert draft.start_date == start
    assert draft.calculation is not None


def test_the_preview_of_a_date_at_the_calendar_end_explains_both_problems(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    preview = initialized.prescriptions.preview(staff, rx_input(initialized, patient_id, start_date=date.max))
    assert preview.calculation is None
    assert preview.problems == (OUT_OF_CALENDAR,)
    assert dict(preview.field_problems)["start_date"].startswith("The start date 12/31/9999 is ")


# --- refills ------------------------------------------------------------------------------------------


def test_refills_past_one_year_are_refused_with_the_most_that_fit(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    errors = refused(
        initialized,
        staff,
        patient_id=patient_id,
        formula="CAP-4.5",
        plan="MAINT-4.5",
        supply_days=90,
        refills=4,
    )
    assert list(errors) == ["refills"]
    assert "(22 TAC 291.34)" in errors["refills"]
    assert errors["refills"].endswith("At most 3 refills fit (360 days).")
    monthly = rx_input(
        initialized, patient_id, formula="CAP-4.5", plan="MAINT-4.5", supply_days=30, refills=11
    )
    assert initialized.prescriptions.create_draft(staff, monthly).refills == 11
    preview = initialized.prescriptions.preview(
        staff, dataclasses.replace(monthly, supply_days=90, refills=4)
    )
    assert "At most 3 refills" in dict(preview.field_problems)["refills"]


def test_a_titration_with_refills_says_what_one_refill_is_and_the_follow_up_agrees(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    approved = approved_rx(initialized, prescriber, patient_id, refills=2)
    assert approved.calculation is not None
    assert approved.calculation.refill_text == "Each refill: 48 capsules, 16 days at 4.5 mg a day"
    assert approved.calculation.coverage is not None
    covered = approved.calculation.coverage.days_covered
    assert covered == 30 + 2 * 16
    printed = initialized.prescriptions.print(staff, approved.id)
    assert_one_page(printed.pdf)
    from tests.services.rx_support import pdf_text

    text = pdf_text(printed.pdf)
    if text is not None:
        assert "Each refill: 48 capsules, 16 days at 4.5 mg a day." in " ".join(text.split())
    items = initialized.followups.for_patient(staff, patient_id)
    refill = next(i for i in items if i.type is FollowupType.REFILL_DUE)
    assert refill.due_date == TODAY + timedelta(days=covered - FollowupRules().refill_lead_days)


# --- one page -----------------------------------------------------------------------------------------


def test_the_fullest_script_is_saved_approved_and_printed_on_one_page(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    data = rx_input(
        initialized,
        patient_id,
        formula="LIQ-1",
        steps=uneven_steps(),
        supply_days=90,
        refills=3,
        diagnosis=USE,
        pharmacist_note=NOTE[:1000],
    )
    draft = initialized.prescriptions.create_draft(staff, data)
    assert initialized.prescriptions.preview(staff, data).field_problems == ()
    current = initialized.prescriptions.get(prescriber, draft.id)
    approved = initialized.prescriptions.approve(
        prescriber, draft.id, current.version, acknowledged=frozenset(f.key for f in current.warnings)
    )
    printed = initialized.prescriptions.print(staff, approved.id)
    assert_one_page(printed.pdf)


def test_a_script_too_long_for_one_page_is_refused_before_approval(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    errors = refused(
        initialized,
        staff,
        patient_id=patient_id,
        formula="LIQ-1",
        steps=uneven_steps(times=(TimeOfDay.MORNING, TimeOfDay.BEDTIME)),
        supply_days=90,
        diagnosis=USE,
        pharmacist_note=NOTE[:1000],
    )
    assert list(errors) == ["pharmacist_note"]  # with a shorter note the 24 steps would fit
    assert errors["pharmacist_note"].startswith(
        "This prescription would not fit on one printed page with everything else on it: shorten the "
        "note to the pharmacist to about "
    )
    assert errors["pharmacist_note"].endswith("characters (it has 1,000).")


# --- a PA's supervising physician -----------------------------------------------------------------------


def pa_draft_errors(services: Services, staff: Actor, patient_id: int) -> dict[str, str]:
    pa = next(u for u in services.users.prescribers() if u.username == "pajones")
    return refused(services, staff, patient_id=patient_id, prescriber_id=pa.id)


def test_a_deactivated_supervising_physician_blocks_the_pa_by_name(
    initialized: Services, staff: Actor, admin: Actor, patient_id: int
) -> None:
    pa = next(u for u in initialized.users.prescribers() if u.username == "pajones")
    initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id, prescriber_id=pa.id))
    garcia = next(u for u in initialized.users.prescribers() if u.username == "drgarcia")
    initialized.users.set_active(admin, garcia.id, False)
    errors = pa_draft_errors(initialized, staff, patient_id)
    assert list(errors) == ["prescriber_id"]
    assert errors["prescriber_id"] == (
        "Sam Jones, PA-C prescribes as a physician assistant, under a supervising physician: the script "
        "needs an active supervising physician (Elena García, MD is deactivated). An administrator fixes "
        "this under Admin → Users."
    )


@pytest.mark.parametrize(("column", "named"), [("npi", "NPI"), ("texas_license", "Texas license number")])
def test_a_supervising_physician_without_licence_data_blocks_the_pa(
    initialized: Services, staff: Actor, patient_id: int, column: str, named: str
) -> None:
    with initialized.db.transaction() as session:
        garcia = session.scalar(select(User).where(User.username == "drgarcia"))
        assert garcia is not None
        setattr(garcia, column, None)
    errors = pa_draft_errors(initialized, staff, patient_id)
    assert (
        f"the supervising physician's {named} (none on file for Elena García, MD)" in errors["prescriber_id"]
    )


def test_printing_a_pa_script_is_refused_once_the_supervisor_is_deactivated(
    initialized: Services, staff: Actor, admin: Actor, patient_id: int
) -> None:
    pa = signed_in(initialized, "pajones")
    draft = initialized.prescriptions.create_draft(pa, rx_input(initialized, patient_id))
    assert draft.prescriber_name == "Sam Jones, PA-C"
    current = initialized.prescriptions.get(pa, draft.id)
    approved = initialized.prescriptions.approve(
        pa, draft.id, current.version, acknowledged=frozenset(f.key for f in current.warnings)
    )
    garcia = next(u for u in initialized.users.prescribers() if u.username == "drgarcia")
    initialized.users.set_active(admin, garcia.id, False)
    with pytest.raises(MissingElementsError) as caught:
        initialized.prescriptions.print(staff, approved.id)
    assert "an active supervising physician (Elena García, MD is deactivated)" in caught.value.message
