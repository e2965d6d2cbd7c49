"""Prescriptions before printing: drafts, the live preview, validation, approval and overrides."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ldnclinic.domain.enums import AuditAction, ConsentKind
from ldnclinic.domain.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.domain.safety.findings import Severity
from ldnclinic.domain.safety.screen import RULES_VERSION
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import MedicationInput
from ldnclinic.services.prescriptions.printing import SafetyStopError
from tests.conftest import signed_in
from tests.services.rx_support import (
    ALL_CONSENTS,
    add_patient,
    add_pharmacy,
    approve_overriding,
    approved_rx,
    audit_trail,
    rx_input,
)
from tests.support.patient_data import full_patient

TODAY = date(2026, 11, 21)  # the FakeClock's date in Austin
NORCO = MedicationInput("Norco 5/325", "1 tablet as needed", True)
STANDARD_SIG = (
    "Take 1 capsule (1.5 mg) by mouth once a day at bedtime for 14 days, then take 2 capsules (3 mg) "
    "by mouth once a day at bedtime for 14 days, then take 3 capsules (4.5 mg) by mouth once a day "
    "at bedtime from then on."
)


@pytest.fixture
def patient_id(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff)


# --- drafts ----------------------------------------------------------------------------------


def test_staff_prepares_a_draft_for_any_prescriber(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id, refills=2))
    assert draft.status is RxStatus.DRAFT
    assert draft.prescriber_id is None  # left for whoever approves it
    assert draft.created_by == "María López"
    assert (draft.patient_name, draft.medication) == ("Peña, José Luis", "Naltrexone HCl 1.5 mg capsule")
    assert (draft.plan_code, draft.plan_name) == (
        "STD-1.5-14",
        "Standard: 1.5 → 3 → 4.5 mg, two weeks a step",
    )
    assert (draft.start_date, draft.supply_days, draft.refills) == (TODAY, 30, 2)
    assert draft.pharmacy_name == "Balcones Compounding Pharmacy"  # the patient's preferred pharmacy
    assert draft.calculation is not None
    assert (draft.calculation.sig, draft.calculation.quantity) == (STANDARD_SIG, Decimal(48))
    assert (draft.findings, draft.problems, draft.serial, draft.version) == ((), (), None, 1)
    assert initialized.prescriptions.get(staff, draft.id) == draft
    assert [s.id for s in initialized.prescriptions.for_patient(staff, patient_id)] == [draft.id]


def test_a_prescriber_drafting_becomes_its_prescriber(
    initialized: Services, prescriber: Actor, patient_id: int
) -> None:
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    assert (draft.prescriber_id, draft.prescriber_name) == (prescriber.user_id, "Elena García, MD")


def test_staff_may_name_the_prescriber(initialized: Services, staff: Actor, patient_id: int) -> None:
    pa = signed_in(initialized, "pajones")
    draft = initialized.prescriptions.create_draft(
        staff, rx_input(initialized, patient_id, prescriber_id=pa.user_id)
    )
    assert draft.prescriber_name == "Sam Jones, PA-C"


def test_edited_template_steps_are_a_custom_plan(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    draft = initialized.prescriptions.create_draft(
        staff, rx_input(initialized, patient_id, steps="1.5:7,3:7,4.5", supply_days=14)
    )
    assert (draft.plan_code, draft.plan_name) == (None, "Custom plan")
    assert draft.calculation is not None and draft.calculation.quantity == Decimal(21)


def test_admin_cannot_draft(initialized: Services, admin: Actor, staff: Actor, patient_id: int) -> None:
    with pytest.raises(PermissionDeniedError, match="prepare prescriptions"):
        initialized.prescriptions.create_draft(admin, rx_input(initialized, patient_id))


def test_a_draft_for_an_unknown_patient(initialized: Services, staff: Actor) -> None:
    with pytest.raises(NotFoundError):
        initialized.prescriptions.create_draft(staff, rx_input(initialized, 999_999))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"supply_days": 0}, "supply_days", "from 1 to 366 days"),
        ({"supply_days": 400}, "supply_days", "from 1 to 366 days"),
        ({"refills": 12}, "refills", "from 0 to 11"),
        ({"refills": -1}, "refills", "from 0 to 11"),
        ({"diagnosis": "Fibromyalgia " * 30}, "diagnosis", "300 characters"),
        ({"pharmacist_note": "n" * 1001}, "pharmacist_note", "1,000 characters"),
        ({"pharmacy_id": 999_999}, "pharmacy_id", "not in the directory"),
        ({"prescriber_id": 999_999}, "prescriber_id", "active prescriber"),
        ({"formula_id": 999_999}, "formula_id", "from the formulary"),
        ({"steps": ()}, "steps", "at least one dose step"),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_saved(
    initialized: Services, staff: Actor, patient_id: int, changes: dict[str, Any], field: str, words: str
) -> None:
    data = dataclasses.replace(rx_input(initialized, patient_id), **changes)
    with pytest.raises(ValidationError) as caught:
        initialized.prescriptions.create_draft(staff, data)
    assert list(caught.value.field_errors) == [field]
    assert words in caught.value.field_errors[field]
    assert initialized.prescriptions.for_patient(staff, patient_id) == []


def test_every_bad_field_is_reported_at_once(initialized: Services, staff: Actor, patient_id: int) -> None:
    data = rx_input(initialized, patient_id, supply_days=400, refills=12, diagnosis="d" * 301)
    with pytest.raises(ValidationError) as caught:
        initialized.prescriptions.create_draft(staff, data)
    assert set(caught.value.field_errors) == {"supply_days", "refills", "diagnosis"}


def test_a_staff_user_is_not_a_prescriber(initialized: Services, staff: Actor, patient_id: int) -> None:
    with pytest.raises(ValidationError) as caught:
        initialized.prescriptions.create_draft(
            staff, rx_input(initialized, patient_id, prescriber_id=staff.user_id)
        )
    assert caught.value.field_errors == {"prescriber_id": "Choose an active prescriber."}


def test_a_deactivated_prescriber_cannot_be_named(
    initialized: Services, admin: Actor, staff: Actor, patient_id: int
) -> None:
    pa = signed_in(initialized, "pajones")
    initialized.users.set_active(admin, pa.user_id, False)
    with pytest.raises(ValidationError) as caught:
        initialized.prescriptions.create_draft(
            staff, rx_input(initialized, patient_id, prescriber_id=pa.user_id)
        )
    assert list(caught.value.field_errors) == ["prescriber_id"]


@pytest.mark.parametrize(
    "text",
    [
        "Robert'); DROP TABLE prescriptions;--",
        "1' OR '1'='1",
        "Fibromialgia — dolor crónico (M79.7)",
        "Hội chứng đau cơ xơ hoá",
        "線維筋痛症",
        "Long COVID 🙂 «post-viral» fatigue",
    ],
)
def test_text_is_stored_as_entered(initialized: Services, staff: Actor, patient_id: int, text: str) -> None:
    draft = initialized.prescriptions.create_draft(
        staff, rx_input(initialized, patient_id, diagnosis=text, pharmacist_note=text)
    )
    again = initialized.prescriptions.get(staff, draft.id)
    assert (again.diagnosis, again.pharmacist_note) == (text, text)
    assert [s.id for s in initialized.prescriptions.query(staff, patient_id=patient_id)] == [draft.id]


def test_whitespace_is_tidied(initialized: Services, staff: Actor, patient_id: int) -> None:
    draft = initialized.prescriptions.create_draft(
        staff,
        rx_input(initialized, patient_id, diagnosis="  Fibromyalgia \n (M79.7) ", pharmacist_note="  \n "),
    )
    assert (draft.diagnosis, draft.pharmacist_note) == ("Fibromyalgia (M79.7)", None)


# --- the live preview ------------------------------------------------------------------------


def test_preview_computes_without_saving_or_auditing(
    initialized: Services, staff: Actor, admin: Actor, patient_id: int
) -> None:
    before = initialized.audit.recent(admin)
    preview = initialized.prescriptions.preview(staff, rx_input(initialized, patient_id))
    assert preview.calculation is not None and preview.calculation.sig == STANDARD_SIG
    assert (preview.problems, preview.findings) == ((), ())
    assert "CAP-1.5" in [f.code for f in preview.suggestions]
    assert initialized.prescriptions.for_patient(staff, patient_id) == []
    assert initialized.audit.recent(admin) == before


def test_preview_of_a_plan_the_formula_cannot_give(
    initialized: Services, staff: Actor, patient_id: int
) -> None:
    preview = initialized.prescriptions.preview(
        staff, rx_input(initialized, patient_id, "CAP-1.5", "HALF-WEEKLY")
    )
    assert preview.calculation is None
    assert any("0.5 mg cannot be given in whole capsules" in p for p in preview.problems)
    assert [f.code for f in preview.findings] == ["cannot_make"]
    assert {f.code for f in preview.suggestions} == {"LIQ-1", "SL-0.5"}


def test_preview_shows_the_safety_findings(initialized: Services, staff: Actor) -> None:
    patient_id = add_patient(initialized, staff, medications=(NORCO,))
    preview = initialized.prescriptions.preview(staff, rx_input(initialized, patient_id))
    assert [(f.code, f.severity) for f in preview.findings] == [("opioid", Severity.HARD_STOP)]
    assert "Norco 5/325" in preview.findings[0].message


# --- approval --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_only_a_prescriber_approves(
    initialized: Services, request: pytest.FixtureRequest, staff: Actor, patient_id: int, who: str
) -> None:
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    actor: Actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError, match="approve"):
        initialized.prescriptions.approve(actor, draft.id, draft.version)
    with pytest.raises(PermissionDeniedError):
        initialized.prescriptions.approve(actor, draft.id, draft.version, override_reason="I am sure of this")
    assert initialized.prescriptions.get(staff, draft.id).status is RxStatus.DRAFT


def test_approval_records_the_rules_and_the_prescriber(
    initialized: Services, staff: Actor, admin: Actor, patient_id: int
) -> None:
    pa = signed_in(initialized, "pajones")
    drgarcia = signed_in(initialized, "drgarcia")
    draft = initialized.prescriptions.create_draft(
        staff, rx_input(initialized, patient_id, prescriber_id=drgarcia.user_id)
    )
    assert [s.id for s in initialized.prescriptions.approval_queue(drgarcia)] == [draft.id]
    assert initialized.prescriptions.approval_queue(pa) == []  # assigned to Dr García
    done = initialized.prescriptions.approve(pa, draft.id, draft.version)
    assert done.status is RxStatus.APPROVED
    assert (done.prescriber_id, done.approved_by) == (pa.user_id, "Sam Jones, PA-C")  # the approver
    assert (done.rules_version, done.acknowledged, done.override_reason) == (RULES_VERSION, (), None)
    assert done.version == draft.version + 1
    assert [s.id for s in initialized.prescriptions.ready_to_print(staff)] == [draft.id]
    assert initialized.prescriptions.approval_queue(drgarcia) == []
    [approval] = [e for e in audit_trail(initialized, admin, draft.id) if e.action is AuditAction.RX_APPROVED]
    assert (approval.username, approval.detail) == ("pajones", f"rules {RULES_VERSION}")


def test_only_a_draft_is_approved(initialized: Services, prescriber: Actor, patient_id: int) -> None:
    done = approved_rx(initialized, prescriber, patient_id)
    with pytest.raises(DomainError, match="Only a draft can be approved"):
        initialized.prescriptions.approve(prescriber, done.id, done.version)


def test_a_stale_approval_is_a_conflict(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    opened = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    edited = initialized.prescriptions.update_draft(
        staff, opened.id, rx_input(initialized, patient_id, refills=1), opened.version
    )
    with pytest.raises(ConflictError, match="Nothing was overwritten") as caught:
        initialized.prescriptions.approve(prescriber, opened.id, opened.version)
    assert caught.value.current == edited
    assert initialized.prescriptions.get(staff, opened.id).status is RxStatus.DRAFT


HARD_STOPS = {
    "an opioid taken now": ({"medications": (NORCO,)}, {}, "opioid", "Norco 5/325"),
    "a 45 mg step": ({}, {"steps": "1.5:14,3:14,45"}, "dose_above_10", "was 4.5 mg meant?"),
    "a plan that cannot be made": ({}, {"plan": "HALF-WEEKLY"}, "cannot_make", "whole capsules"),
}


@pytest.mark.parametrize(("chart", "order", "code", "words"), HARD_STOPS.values(), ids=HARD_STOPS.keys())
def test_a_hard_stop_blocks_approval(
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    chart: dict[str, Any],
    order: dict[str, Any],
    code: str,
    words: str,
) -> None:
    patient_id = add_patient(initialized, staff, **chart)
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id, **order))
    assert code in [f.code for f in draft.hard_stops]
    with pytest.raises(SafetyStopError) as caught:
        initialized.prescriptions.approve(prescriber, draft.id, draft.version)
    assert code in caught.value.codes
    assert words in caught.value.message
    assert initialized.prescriptions.get(staff, draft.id).status is RxStatus.DRAFT


@pytest.mark.parametrize(
    "order", [{"steps": "1.5:14,3:14,45"}, {"plan": "HALF-WEEKLY"}], ids=["45 mg", "HALF-WEEKLY"]
)
def test_no_reason_overrides_a_script_the_pharmacy_cannot_make(
    initialized: Services, staff: Actor, prescriber: Actor, patient_id: int, order: dict[str, Any]
) -> None:
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id, **order))
    with pytest.raises(SafetyStopError, match="Cannot approve") as caught:
        approve_overriding(initialized, prescriber, draft.id, "Discussed with the compounding pharmacist.")
    assert "cannot_make" in caught.value.codes
    assert initialized.prescriptions.get(staff, draft.id).status is RxStatus.DRAFT


@pytest.fixture
def opioid_draft(initialized: Services, staff: Actor) -> int:
    patient_id = add_patient(initialized, staff, medications=(NORCO,))
    return initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id)).id


def test_a_prescriber_overrides_with_a_reason(
    initialized: Services, staff: Actor, prescriber: Actor, admin: Actor, opioid_draft: int
) -> None:
    draft = initialized.prescriptions.get(staff, opioid_draft)
    reason = "Norco  stopped\n last week;\u200b pharmacy told."
    done = approve_overriding(initialized, prescriber, draft.id, reason)
    assert done.status is RxStatus.APPROVED
    assert (done.override_reason, done.override_codes) == (
        "Norco stopped last week; pharmacy told.",
        ("opioid: norco 5/325 1 tablet as needed",),
    )
    actions = [e.action for e in audit_trail(initialized, admin, draft.id)]
    assert actions[-2:] == [AuditAction.RX_OVERRIDDEN, AuditAction.RX_APPROVED]
    [override] = initialized.audit.recent(admin, action=AuditAction.RX_OVERRIDDEN)
    assert override.action.value == "rx_safety_overridden"
    assert override.username == "drgarcia"
    assert override.detail == "overrode 1 (opioid): Norco stopped last week; pharmacy told."


def test_staff_cannot_override(initialized: Services, staff: Actor, opioid_draft: int) -> None:
    draft = initialized.prescriptions.get(staff, opioid_draft)
    with pytest.raises(PermissionDeniedError):
        initialized.prescriptions.approve(
            staff,
            draft.id,
            draft.version,
            override_reason="The doctor said so.",
            overridden=frozenset(f.key for f in draft.hard_stops),
        )


@pytest.mark.parametrize(
    "reason", ["ok", "fine now", "  too   short  ", "123456789", "..........", "xxxxxxxxxx", "asdf asdf asdf"]
)
def test_an_override_needs_a_real_reason(
    initialized: Services, staff: Actor, prescriber: Actor, opioid_draft: int, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        approve_overriding(initialized, prescriber, opioid_draft, reason)
    assert list(caught.value.field_errors) == ["override_reason"]
    assert initialized.prescriptions.get(staff, opioid_draft).status is RxStatus.DRAFT


@pytest.mark.parametrize("reason", [None, "", "   \n\t "])
def test_a_blank_reason_is_no_override(
    initialized: Services, staff: Actor, prescriber: Actor, opioid_draft: int, reason: str | None
) -> None:
    draft = initialized.prescriptions.get(staff, opioid_draft)
    with pytest.raises(SafetyStopError, match="with a reason and their password") as caught:
        initialized.prescriptions.approve(
            prescriber,
            draft.id,
            draft.version,
            override_reason=reason,
            overridden=frozenset(f.key for f in draft.hard_stops),
        )
    assert caught.value.codes == ("opioid",)


def test_a_reason_without_a_hard_stop_is_not_kept(
    initialized: Services, prescriber: Actor, patient_id: int
) -> None:
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    done = initialized.prescriptions.approve(
        prescriber, draft.id, draft.version, override_reason="Nothing to override here."
    )
    assert (done.status, done.override_reason, done.override_codes) == (RxStatus.APPROVED, None, ())


WARNINGS = {
    "thyroid_hormone",
    "consent_missing_tmb_complaint_notice",
    "no_recent_visit",
}  # no visit on file yet


def test_each_warning_must_be_acknowledged(initialized: Services, staff: Actor, prescriber: Actor) -> None:
    # The test patient takes Levothyroxine and has no TMB complaint notice on file.
    pharmacy_id = add_pharmacy(initialized, staff)
    patient = initialized.patients.create(staff, full_patient(preferred_pharmacy_id=pharmacy_id))
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient.id))
    assert {f.code for f in draft.warnings} == WARNINGS
    with pytest.raises(SafetyStopError, match="Acknowledge each warning") as caught:
        initialized.prescriptions.approve(prescriber, draft.id, draft.version)
    assert set(caught.value.codes) == WARNINGS
    thyroid = next(f.key for f in draft.warnings if f.code == "thyroid_hormone")
    with pytest.raises(SafetyStopError) as caught:
        initialized.prescriptions.approve(
            prescriber, draft.id, draft.version, acknowledged=frozenset({thyroid})
        )
    assert caught.value.codes == ("consent_missing_tmb_complaint_notice", "no_recent_visit")
    with pytest.raises(SafetyStopError) as caught:  # the code alone is not the finding's key
        initialized.prescriptions.approve(
            prescriber, draft.id, draft.version, acknowledged=frozenset(WARNINGS)
        )
    assert caught.value.codes == ("thyroid_hormone",)
    keys = frozenset(f.key for f in draft.warnings)
    done = initialized.prescriptions.approve(prescriber, draft.id, draft.version, acknowledged=keys)
    assert done.status is RxStatus.APPROVED
    assert set(done.acknowledged) == keys


def test_an_override_does_not_acknowledge_warnings(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    consents = {**ALL_CONSENTS, ConsentKind.TMB_COMPLAINT_NOTICE: ""}
    patient_id = add_patient(initialized, staff, medications=(NORCO,), consents=consents)
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    with pytest.raises(SafetyStopError) as caught:
        approve_overriding(initialized, prescriber, draft.id, "Opioid stopped, confirmed by phone.")
    assert caught.value.codes == ("consent_missing_tmb_complaint_notice",)


# --- editing ---------------------------------------------------------------------------------


def test_editing_an_approved_script_sends_it_back_to_draft(
    initialized: Services, staff: Actor, prescriber: Actor, admin: Actor, opioid_draft: int
) -> None:
    draft = initialized.prescriptions.get(staff, opioid_draft)
    done = approve_overriding(initialized, prescriber, draft.id, "Opioid stopped, confirmed by phone.")
    edited = initialized.prescriptions.update_draft(
        staff,
        done.id,
        rx_input(initialized, done.patient_id, refills=3, prescriber_id=done.prescriber_id),
        done.version,
    )
    assert (edited.status, edited.refills) == (RxStatus.DRAFT, 3)
    assert (edited.approved_by, edited.approved_at) == (None, None)
    assert (edited.override_reason, edited.override_codes, edited.acknowledged) == (None, (), ())
    assert edited.prescriber_id == prescriber.user_id  # still named; approves again
    [update] = initialized.audit.recent(admin, action=AuditAction.RX_UPDATED)
    assert update.detail == "edited after approval: back to draft"
    with pytest.raises(SafetyStopError):
        initialized.prescriptions.approve(prescriber, edited.id, edited.version)


def test_a_draft_stays_with_its_patient(initialized: Services, staff: Actor, patient_id: int) -> None:
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    other = initialized.patients.create(staff, full_patient(first_name="Ana", date_of_birth="1980-01-15"))
    with pytest.raises(ValidationError) as caught:
        initialized.prescriptions.update_draft(
            staff, draft.id, rx_input(initialized, other.id), draft.version
        )
    assert list(caught.value.field_errors) == ["patient_id"]


def test_a_stale_edit_is_a_conflict(initialized: Services, staff: Actor, patient_id: int) -> None:
    opened = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    first = initialized.prescriptions.update_draft(
        staff, opened.id, rx_input(initialized, patient_id, refills=1), opened.version
    )
    with pytest.raises(ConflictError) as caught:
        initialized.prescriptions.update_draft(
            staff, opened.id, rx_input(initialized, patient_id, refills=5), opened.version
        )
    assert caught.value.current == first
    assert initialized.prescriptions.get(staff, opened.id).refills == 1


def test_an_unknown_prescription(initialized: Services, staff: Actor) -> None:
    with pytest.raises(NotFoundError):
        initialized.prescriptions.get(staff, 999_999)
