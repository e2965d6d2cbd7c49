"""An override is a decision about specific findings (issue 10 §2), on SQLite and PostgreSQL.

Every path: the override covers exactly the hard stops the prescriber saw; anything new (another
opioid, a higher dose, a new antagonist) appearing before the approval or after it refuses the
approval or the print, sends the script back to the prescriber and names what is new; the
reason must read as a sentence; the prescriber's password confirms it. Scripts approved under
the older rules (codes, not keys) go back to the prescriber when a finding has a subject.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus
from ldnclinic.domain.reasons import reason_problem
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import MedicationInput
from ldnclinic.services.prescriptions.dto import PrescriptionDetail
from ldnclinic.services.prescriptions.printing import SafetyStopError
from tests.conftest import PASSWORD
from tests.services.rx_support import add_patient, approve_overriding, rx_input
from tests.support.clock import FakeClock

TRAMADOL = MedicationInput("Tramadol", "50 mg", True)
REASON = "Tramadol stopped two weeks ago; the pharmacy confirmed the last fill."


def set_medications(services: Services, staff: Actor, patient_id: int, *entries: MedicationInput) -> None:
    chart = services.patients.get(staff, patient_id)
    update = dataclasses.replace(chart.to_input(), medications=entries)
    services.patients.update(staff, patient_id, update, chart.version)


def tramadol_draft(services: Services, staff: Actor) -> PrescriptionDetail:
    patient_id = add_patient(services, staff, medications=(TRAMADOL,))
    return services.prescriptions.create_draft(staff, rx_input(services, patient_id))


def test_the_override_records_exactly_the_findings_it_covers(
    initialized: Services, staff: Actor, prescriber: Actor, admin: Actor
) -> None:
    draft = tramadol_draft(initialized, staff)
    [stop] = draft.hard_stops
    assert stop.key == "opioid: tramadol 50 mg"
    done = approve_overriding(initialized, prescriber, draft.id, REASON)
    assert done.override_codes == ("opioid: tramadol 50 mg",)
    assert done.override_reason == REASON
    [entry] = initialized.audit.recent(admin, action=AuditAction.RX_OVERRIDDEN)
    assert entry.detail == f"overrode 1 (opioid): {REASON}"
    assert "tramadol 50" not in (entry.detail or "").replace("Tramadol stopped", "")


@pytest.mark.parametrize(
    ("added", "code", "named"),
    [
        (MedicationInput("Methadone", "10 mg", True), "opioid", "Methadone 10 mg"),
        (MedicationInput("Fentanyl patch", "25 mcg/hr", True), "opioid", "Fentanyl patch 25 mcg/hr"),
        (MedicationInput("Vivitrol", "380 mg monthly", True), "antagonist", "Vivitrol 380 mg monthly"),
        (MedicationInput("Contrave", "8/90 mg", True), "antagonist", "Contrave 8/90 mg"),
    ],
    ids=["methadone", "fentanyl patch", "vivitrol", "contrave"],
)
def test_something_new_after_approval_stops_the_print_and_names_it(
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    admin: Actor,
    added: MedicationInput,
    code: str,
    named: str,
) -> None:
    draft = tramadol_draft(initialized, staff)
    approve_overriding(initialized, prescriber, draft.id, REASON)
    set_medications(initialized, staff, draft.patient_id, TRAMADOL, added)
    with pytest.raises(SafetyStopError, match="back in draft for the prescriber") as caught:
        initialized.prescriptions.print(staff, draft.id)
    assert caught.value.codes == (code,)
    assert named in caught.value.message
    assert "Tramadol 50 mg" not in caught.value.message  # what was overridden is not new
    after = initialized.prescriptions.get(staff, draft.id)
    assert (after.status, after.serial, after.prints, after.override_codes) == (RxStatus.DRAFT, None, (), ())
    [refusal] = initialized.audit.recent(admin, action=AuditAction.RX_PRINT_REFUSED)
    assert refusal.detail == f"new since approval: {code}"


def test_a_higher_dose_of_the_same_opioid_is_new(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    draft = tramadol_draft(initialized, staff)
    approve_overriding(initialized, prescriber, draft.id, REASON)
    set_medications(initialized, staff, draft.patient_id, MedicationInput("Tramadol", "100 mg", True))
    with pytest.raises(SafetyStopError) as caught:
        initialized.prescriptions.print(staff, draft.id)
    assert caught.value.keys == ("opioid: tramadol 100 mg",)


def test_the_same_findings_still_print(initialized: Services, staff: Actor, prescriber: Actor) -> None:
    draft = tramadol_draft(initialized, staff)
    approve_overriding(initialized, prescriber, draft.id, REASON)
    # Retyped in another case, with a stray zero-width space: the same entry.
    set_medications(initialized, staff, draft.patient_id, MedicationInput("TRAMADOL\u200b", "50 MG", True))
    assert initialized.prescriptions.print(staff, draft.id).kind is PrintKind.ORIGINAL


def test_a_stop_that_appears_while_the_prescriber_reads_refuses_the_approval(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    draft = tramadol_draft(initialized, staff)
    seen = frozenset(f.key for f in draft.hard_stops)
    set_medications(
        initialized, staff, draft.patient_id, TRAMADOL, MedicationInput("Methadone", "10 mg", True)
    )
    with pytest.raises(SafetyStopError, match="new since the override was written") as caught:
        initialized.prescriptions.approve(
            prescriber, draft.id, draft.version, override_reason=REASON, overridden=seen, password=PASSWORD
        )
    assert caught.value.keys == ("opioid: methadone 10 mg",)
    assert "Methadone 10 mg" in caught.value.message
    assert initialized.prescriptions.get(staff, draft.id).status is RxStatus.DRAFT


@pytest.mark.parametrize("password", ["", "wrong password 2026", PASSWORD.upper()])
def test_an_override_needs_the_prescribers_password(
    initialized: Services, staff: Actor, prescriber: Actor, password: str
) -> None:
    draft = tramadol_draft(initialized, staff)
    with pytest.raises(ValidationError) as caught:
        approve_overriding(initialized, prescriber, draft.id, REASON, password=password)
    assert list(caught.value.field_errors) == ["password"]
    assert initialized.prescriptions.get(staff, draft.id).status is RxStatus.DRAFT


def test_scripts_approved_under_older_rules_go_back_when_a_finding_has_a_subject(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    draft = tramadol_draft(initialized, staff)
    approve_overriding(initialized, prescriber, draft.id, REASON)
    with initialized.db.transaction() as session:
        row = session.get(Prescription, draft.id)
        assert row is not None
        row.override_codes = json.dumps(["opioid"])  # as rules 2026.12-2 stored it
    with pytest.raises(SafetyStopError, match="back in draft"):
        initialized.prescriptions.print(staff, draft.id)


JUNK = st.one_of(
    st.text(alphabet=st.characters(categories=["P", "S", "Zs"]), max_size=60),
    st.builds(lambda ch, n: ch * n, st.characters(), st.integers(min_value=1, max_value=80)),
    st.builds(
        lambda word, n: " ".join([word] * n),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
        st.integers(min_value=1, max_value=12),
    ),
    st.builds(
        lambda a, b: f"{a} {b}",
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
    ),
    st.text(alphabet="bcdfghjklmnpqrstvwxz .,!?", max_size=60),  # no vowels: not words
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reason=JUNK)
def test_junk_is_never_a_reason(reason: str) -> None:
    assert reason_problem(reason) is not None, reason


def test_a_junk_reason_is_refused_by_the_service(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    draft = tramadol_draft(initialized, staff)
    with pytest.raises(SafetyStopError, match="with a reason and their password"):
        approve_overriding(initialized, prescriber, draft.id, "\u200b" * 20)  # nothing left once cleaned
    for junk in ("..........", "xxxxxxxxxx", "ok ok ok ok", "asdf qwer"):
        with pytest.raises(ValidationError) as caught:
            approve_overriding(initialized, prescriber, draft.id, junk)
        assert list(caught.value.field_errors) == ["override_reason"]


@pytest.mark.parametrize(
    "junk",
    [
        "lorem ipsum dolor sit amet",
        "asdfe qwera zxcva",
        "cat dog bird",
        "abcd efgh ijkl",
        "zyxw vuts rqpo",
        "xyzzy plugh foobar",
        "https://example.com/override/reason",
        "😀 😀 okay fine sure",
        "yes this is fine",
        "The reason is required.",
    ],
)
def test_junk_found_by_a_hostile_review_is_refused(junk: str) -> None:
    assert reason_problem(junk) is not None


def test_a_copy_of_the_hard_stop_message_is_not_a_reason(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    draft = tramadol_draft(initialized, staff)
    [stop] = draft.hard_stops
    with pytest.raises(ValidationError, match="repeats the message it answers"):
        approve_overriding(initialized, prescriber, draft.id, stop.message)


@pytest.mark.parametrize("dose", ["50mg", "50 mg.", "50-mg", " 50  MG "])
def test_the_same_entry_written_differently_is_not_new(
    initialized: Services, staff: Actor, prescriber: Actor, dose: str
) -> None:
    draft = tramadol_draft(initialized, staff)
    approve_overriding(initialized, prescriber, draft.id, REASON)
    set_medications(initialized, staff, draft.patient_id, MedicationInput("Tramadol,", dose, True))
    assert initialized.prescriptions.print(staff, draft.id).kind is PrintKind.ORIGINAL


def test_a_draft_saved_long_ago_is_not_approved_with_its_old_start_date(
    initialized: Services, staff: Actor, prescriber: Actor, clock: FakeClock
) -> None:
    patient_id = add_patient(initialized, staff)
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    clock.advance(days=45)  # the clinic allows a start up to 30 days back
    with pytest.raises(ValidationError) as caught:
        initialized.prescriptions.approve(prescriber, draft.id, draft.version)
    assert list(caught.value.field_errors) == ["start_date"]
    assert "Edit the start date" in caught.value.field_errors["start_date"]
