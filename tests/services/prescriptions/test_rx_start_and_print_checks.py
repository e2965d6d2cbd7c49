"""Where a new prescription starts (the live script), what Texas requires before approval,
which approved scripts can print, and ids no record can have (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.users import User
from ldnclinic.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from ldnclinic.domain.identifiers import MAX_RECORD_ID
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.domain.prescriptions.titration import TimeOfDay, TitrationStep, find_plan
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import MedicationInput
from ldnclinic.services.prescriptions.printing import MissingElementsError
from ldnclinic.services.prescriptions.readiness import IncompleteScriptError
from tests.services.rx_support import add_patient, add_pharmacy, approved_rx, clean_patient, rx_input
from tests.support.clock import FakeClock

TODAY = date(2026, 11, 21)  # the FakeClock's day in the clinic's zone
NO_PHONE = "the patient's phone number"
NO_DIAGNOSIS = "the intended use (diagnosis), or a choice to leave it off"


def _take_off_the_chart(
    services: Services, patient_id: int, *, phone: bool = False, street: bool = False
) -> None:
    with services.db.transaction() as session:
        patient = session.get_one(Patient, patient_id)
        if phone:
            patient.phones.clear()
        if street:
            patient.street = ""


# --- where a new prescription starts ---------------------------------------------------------------


def test_a_patient_without_a_live_script_starts_fresh(initialized: Services, prescriber: Actor) -> None:
    patient_id = add_patient(initialized, prescriber)
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    void = approved_rx(initialized, prescriber, patient_id)
    initialized.prescriptions.void(prescriber, void.id, void.version, "Entered twice by mistake")
    start = initialized.prescriptions.new_draft_for(prescriber, patient_id)
    assert (start.live, start.same_plan, start.change_dose) == (
        None,
        None,
        None,
    )  # a draft and a void: not live
    assert draft.status is RxStatus.DRAFT


def test_mid_titration_the_renewal_goes_on_from_the_day_the_supply_runs_out(
    initialized: Services, prescriber: Actor, clock: FakeClock
) -> None:
    patient_id = add_patient(initialized, prescriber)
    live = approved_rx(initialized, prescriber, patient_id, refills=0, pharmacist_note="Dye-free capsules")
    clock.advance(days=20)  # day 21 of the standard plan: 3 mg
    start = initialized.prescriptions.new_draft_for(prescriber, patient_id)
    assert start.live is not None
    info = start.live
    assert (info.id, info.status, info.formula_code) == (live.id, RxStatus.APPROVED, "CAP-1.5")
    assert info.dose_today == "3 mg at bedtime"
    assert info.plan_text == "1.5 mg × 14 d → 3 mg × 14 d → 4.5 mg"
    assert (info.start_date, info.runs_out) == (TODAY, TODAY + timedelta(days=30))  # 48 capsules: 30 days
    same = start.same_plan
    assert same is not None
    maintenance = find_plan("MAINT-4.5")
    assert maintenance is not None
    assert (same.steps, same.plan_code) == (maintenance.steps, "MAINT-4.5")  # on the target dose by then
    assert same.start_date == TODAY + timedelta(days=30)
    assert (same.formula_id, same.supply_days, same.refills) == (live.formula_id, 30, 0)
    assert (same.pharmacy_id, same.diagnosis, same.pharmacist_note) == (
        live.pharmacy_id,
        live.diagnosis,
        "Dye-free capsules",
    )
    assert same.prescriber_id == prescriber.user_id
    change = start.change_dose
    assert change is not None
    assert change.steps == (TitrationStep(Decimal(3), None, TimeOfDay.BEDTIME),)
    assert change.start_date == TODAY + timedelta(days=20)  # today
    saved = initialized.prescriptions.create_draft(prescriber, same)  # the prefill is a valid draft
    assert saved.steps == maintenance.steps


def test_early_in_the_titration_the_renewal_keeps_the_steps_left(
    initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved_rx(initialized, prescriber, patient_id, supply_days=10)  # 10 capsules last 10 days
    start = initialized.prescriptions.new_draft_for(prescriber, patient_id)
    assert start.same_plan is not None
    assert start.same_plan.start_date == TODAY + timedelta(days=10)
    assert start.same_plan.steps == (
        TitrationStep(Decimal("1.5"), 4),
        TitrationStep(Decimal(3), 14),
        TitrationStep(Decimal("4.5"), None),
    )
    assert start.same_plan.plan_code is None  # not a template any more: a custom plan


def test_a_supply_that_ran_out_long_ago_renews_from_today_and_staff_keep_the_prescriber(
    initialized: Services, prescriber: Actor, staff: Actor, clock: FakeClock
) -> None:
    patient_id = add_patient(initialized, prescriber)
    live = approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5", refills=2)
    clock.advance(days=200)  # 3 fills of 30 days ran out long ago
    start = initialized.prescriptions.new_draft_for(staff, patient_id)
    assert start.live is not None and start.same_plan is not None
    assert start.live.runs_out == TODAY + timedelta(days=90)
    assert start.same_plan.start_date == TODAY + timedelta(days=200)
    assert start.same_plan.prescriber_id == live.prescriber_id  # staff write for the live script's prescriber


def test_the_newest_live_script_is_the_one_in_force(initialized: Services, prescriber: Actor) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved_rx(initialized, prescriber, patient_id)
    newer = approved_rx(
        initialized,
        prescriber,
        patient_id,
        formula="CAP-3",
        plan="MAINT-3",
        start_date=TODAY + timedelta(days=5),
    )
    start = initialized.prescriptions.new_draft_for(prescriber, patient_id)
    assert start.live is not None
    assert (start.live.id, start.live.dose_today) == (
        newer.id,
        "3 mg at bedtime",
    )  # not started yet: its first dose


def test_new_draft_for_an_unknown_patient(initialized: Services, prescriber: Actor) -> None:
    for patient_id in (10**6, MAX_RECORD_ID + 1, 10**21, 0, -1):
        with pytest.raises(NotFoundError):
            initialized.prescriptions.new_draft_for(prescriber, patient_id)


# --- what Texas requires, before approval ---------------------------------------------------------


def test_approval_is_refused_while_the_script_lacks_what_texas_requires(
    initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient_id = add_patient(initialized, staff)
    _take_off_the_chart(initialized, patient_id, phone=True)
    data = rx_input(initialized, patient_id, diagnosis=None)
    preview = initialized.prescriptions.preview(staff, data)
    assert preview.missing_elements == (NO_PHONE, NO_DIAGNOSIS)  # staff: no prescriber yet, not listed
    draft = initialized.prescriptions.create_draft(staff, data)  # a draft may be incomplete
    assert draft.missing_elements == (NO_PHONE, NO_DIAGNOSIS)
    with pytest.raises(IncompleteScriptError) as refused:
        initialized.prescriptions.approve(prescriber, draft.id, draft.version)
    assert refused.value.missing == (NO_PHONE, NO_DIAGNOSIS)
    assert refused.value.message.startswith("Cannot approve: the prescription is missing the patient's phone")
    after = initialized.prescriptions.get(prescriber, draft.id)
    assert (after.status, after.prescriber_id, after.version) == (RxStatus.DRAFT, None, draft.version)
    omitted = initialized.prescriptions.update_draft(
        staff,
        draft.id,
        rx_input(initialized, patient_id, diagnosis=None, diagnosis_omitted=True),
        after.version,
    )
    assert omitted.missing_elements == (NO_PHONE,)  # left off on purpose: allowed


def test_the_approver_becomes_the_prescriber_and_their_own_details_are_checked(
    initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient_id = add_patient(initialized, staff)
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    assert draft.missing_elements == ()
    with initialized.db.transaction() as session:
        session.get_one(User, prescriber.user_id).npi = None
    with pytest.raises(IncompleteScriptError) as refused:
        initialized.prescriptions.approve(prescriber, draft.id, draft.version)
    assert refused.value.missing == ("the prescriber's NPI",)
    mine = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    assert mine.missing_elements == ("the prescriber's NPI",)  # named on it: listed at once


def test_a_complete_script_is_approved_and_its_summary_names_the_prescriber_by_id(
    initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    done = approved_rx(initialized, prescriber, patient_id)
    assert (done.status, done.missing_elements) == (RxStatus.APPROVED, ())
    [summary] = initialized.prescriptions.for_patient(prescriber, patient_id)
    assert (summary.prescriber_id, summary.prescriber_name) == (prescriber.user_id, "Elena García, MD")


# --- which approved scripts can print ----------------------------------------------------------------


def test_ready_to_print_holds_only_what_can_print_and_the_rest_says_why(
    initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    rx = initialized.prescriptions
    pharmacy = add_pharmacy(initialized, staff)

    def patient(first_name: str) -> int:
        return add_patient(initialized, staff, preferred_pharmacy_id=pharmacy, first_name=first_name)

    good = approved_rx(initialized, prescriber, patient("Ana"))
    no_street_id = patient("Bea")
    no_street = approved_rx(initialized, prescriber, no_street_id)
    _take_off_the_chart(initialized, no_street_id, street=True)
    changed_id = patient("Cruz")
    changed = approved_rx(initialized, prescriber, changed_id)
    chart = initialized.patients.get(staff, changed_id)
    opioid = (MedicationInput("Norco", "5/325 mg", True),)
    initialized.patients.update(
        staff, changed_id, clean_patient(pharmacy, first_name="Cruz", medications=opioid), chart.version
    )
    queue = rx.print_queue(staff)
    assert [s.id for s in queue.ready] == [good.id]
    assert [s.id for s in rx.ready_to_print(staff)] == [good.id]
    assert queue.ready[0].cannot_print == ()
    reasons = {s.id: s.cannot_print for s in queue.blocked}
    assert list(reasons) == [no_street.id, changed.id]  # oldest approval first
    assert reasons[no_street.id] == ("Missing what Texas requires: the patient's street address.",)
    [new] = reasons[changed.id]
    assert new.startswith("New on the chart since approval (printing sends it back to the prescriber): ")
    assert "Norco" in new
    # The printer refuses exactly those, for the same reasons.
    with pytest.raises(MissingElementsError):
        rx.print(staff, no_street.id)
    with pytest.raises(Exception, match="something new since approval"):
        rx.print(staff, changed.id)
    assert rx.print(staff, good.id).serial


def test_only_a_preparer_sees_the_print_queue(initialized: Services, admin: Actor) -> None:
    with pytest.raises(PermissionDeniedError):
        initialized.prescriptions.print_queue(admin)


# --- ids no record can have -------------------------------------------------------------------------


@pytest.mark.parametrize("record_id", [MAX_RECORD_ID + 1, 2**63, 10**21, 0, -5])
def test_an_id_out_of_range_is_not_found_never_a_database_error(
    initialized: Services, prescriber: Actor, record_id: int
) -> None:
    s = initialized
    calls = [
        lambda: s.prescriptions.get(prescriber, record_id),
        lambda: s.prescriptions.for_patient(prescriber, record_id),
        lambda: s.prescriptions.approve(prescriber, record_id, 1),
        lambda: s.prescriptions.print(prescriber, record_id),
        lambda: s.prescriptions.sign(prescriber, record_id, 1),
        lambda: s.patients.get(prescriber, record_id),
        lambda: s.followups.get(prescriber, record_id),
        lambda: s.followups.for_patient(prescriber, record_id),
        lambda: s.visits.get(prescriber, record_id),
        lambda: s.visits.for_patient(prescriber, record_id),
    ]
    for call in calls:
        with pytest.raises(NotFoundError):
            call()
    data = dataclasses.replace(rx_input(s, add_patient(s, prescriber)), formula_id=record_id)
    with pytest.raises(ValidationError) as refused:  # an id in an input is a field's problem
        s.prescriptions.preview(prescriber, data)
    assert refused.value.field_errors == {"formula_id": "Choose a formula from the formulary."}
