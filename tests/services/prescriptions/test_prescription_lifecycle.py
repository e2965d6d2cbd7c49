"""After approval: print (original, reprint, chart copy), sign, send, void, renew, and the audit trail.

Most tests print through a recording renderer, so they can check exactly which document was
printed; one prints a real PDF through the default renderer.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.prescriptions import Prescription, PrescriptionPrint
from ldnclinic.db.models.users import User
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from ldnclinic.domain.identifiers import luhn_check_digit
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus, SendMethod
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import ConditionInput, MedicationInput
from ldnclinic.services.prescriptions.dto import PrescriptionDetail
from ldnclinic.services.prescriptions.printing import MissingElementsError, SafetyStopError
from ldnclinic.services.prescriptions.service import PrescriptionService
from tests.conftest import PASSWORD, signed_in
from tests.services.rx_support import (
    FAKE_PDF_HEADER,
    RecordingRenderer,
    add_patient,
    add_pharmacy,
    approved_rx,
    audit_trail,
    clean_patient,
    pdf_text,
    rx_input,
)
from tests.support.clock import FakeClock

SERIAL = re.compile(r"RX-(\d{7})-(\d)")
ISSUED = "11/21/2026"  # the FakeClock's date in Austin
REASON = "Patient changed her mind about LDN."


@pytest.fixture
def renderer() -> RecordingRenderer:
    return RecordingRenderer()


@pytest.fixture
def rx(initialized: Services, clock: FakeClock, renderer: RecordingRenderer) -> PrescriptionService:
    """The prescription service, printing through the recording renderer."""
    return PrescriptionService(initialized.db, clock, renderer=renderer)


@pytest.fixture
def patient_id(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff)


@pytest.fixture
def approved(initialized: Services, prescriber: Actor, patient_id: int) -> PrescriptionDetail:
    return approved_rx(initialized, prescriber, patient_id, refills=2)


def printed(rx: PrescriptionService, staff: Actor, rx_id: int) -> PrescriptionDetail:
    rx.print(staff, rx_id)
    return rx.get(staff, rx_id)


def signed(rx: PrescriptionService, staff: Actor, prescriber: Actor, rx_id: int) -> PrescriptionDetail:
    done = printed(rx, staff, rx_id)
    return rx.sign(prescriber, rx_id, done.version)


# --- the original ----------------------------------------------------------------------------


def test_a_draft_is_never_printed(
    rx: PrescriptionService, initialized: Services, staff: Actor, patient_id: int, renderer: RecordingRenderer
) -> None:
    draft = rx.create_draft(staff, rx_input(initialized, patient_id))
    with pytest.raises(DomainError, match="A draft cannot be printed"):
        rx.print(staff, draft.id)
    with pytest.raises(DomainError):
        rx.print(staff, draft.id, copy=True)
    assert (renderer.documents, rx.get(staff, draft.id).prints) == ([], ())


def test_printing_the_original(
    rx: PrescriptionService, staff: Actor, approved: PrescriptionDetail, renderer: RecordingRenderer
) -> None:
    result = rx.print(staff, approved.id)
    match = SERIAL.fullmatch(result.serial)
    assert match is not None
    assert int(match[1]) == approved.id and int(match[2]) == luhn_check_digit(match[1])
    assert (result.prescription_id, result.kind) == (approved.id, PrintKind.ORIGINAL)
    assert result.pdf.startswith(FAKE_PDF_HEADER)
    assert result.sha256 == hashlib.sha256(result.pdf).hexdigest()
    assert rx.archived_pdf(staff, approved.id) == (result.pdf, result.sha256)

    [document] = renderer.documents
    assert (document.serial, document.issued_on.strftime("%m/%d/%Y")) == (result.serial, ISSUED)
    assert (document.reprint_of, document.chart_copy, document.override_reasons) == (None, False, ())
    assert document.patient.name == "José Luis Peña"
    assert (document.patient.street, document.patient.city_line) == (
        "1400 S Congress Ave",
        "Austin, TX 78704",
    )
    assert document.prescriber.signature_name == "Elena García, MD"
    assert document.pharmacy is not None and document.pharmacy.name == "Balcones Compounding Pharmacy"
    assert (document.medication.quantity, document.medication.refills) == (
        "48 (forty-eight) capsules",
        "2 (two)",
    )
    assert len(document.medication.steps) == 3
    assert "José Luis Peña" in result.pdf.decode()

    after = rx.get(staff, approved.id)
    assert (after.status, after.serial) == (RxStatus.PRINTED, result.serial)
    assert [(p.kind, p.sha256, p.printed_by) for p in after.prints] == [
        (PrintKind.ORIGINAL, result.sha256, "María López")
    ]
    assert rx.ready_to_print(staff) == []


def test_each_script_gets_its_own_serial(
    rx: PrescriptionService, initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    scripts = [approved_rx(initialized, prescriber, patient_id, refills=n) for n in range(3)]
    serials = [rx.print(staff, script.id).serial for script in reversed(scripts)]
    assert serials == ["RX-0000003-4", "RX-0000002-6", "RX-0000001-8"]  # the id and a Luhn digit
    assert [rx.get(staff, script.id).serial for script in scripts] == serials[::-1]


def test_a_physician_assistants_script_names_the_supervising_physician(
    rx: PrescriptionService, initialized: Services, staff: Actor, patient_id: int, renderer: RecordingRenderer
) -> None:
    pa = signed_in(initialized, "pajones")
    script = approved_rx(initialized, pa, patient_id)
    rx.print(staff, script.id)
    prescriber = renderer.documents[-1].prescriber
    assert (prescriber.signature_name, prescriber.supervising_name) == ("Sam Jones, PA-C", "Elena García")
    assert prescriber.supervising_address == "100 Congress Ave, Suite 200, Austin, TX 78701"


def test_an_override_reason_is_printed(
    rx: PrescriptionService,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    renderer: RecordingRenderer,
) -> None:
    patient_id = add_patient(initialized, staff, medications=(MedicationInput("Norco 5/325", "", True),))
    draft = rx.create_draft(staff, rx_input(initialized, patient_id))
    rx.approve(
        prescriber,
        draft.id,
        draft.version,
        override_reason="Norco stopped a week ago.",
        overridden=frozenset(f.key for f in draft.hard_stops),
        password=PASSWORD,
    )
    rx.print(staff, draft.id)
    assert renderer.documents[-1].override_reasons == ("Norco stopped a week ago.",)


# --- reprints and chart copies ---------------------------------------------------------------


def test_a_reprint_shows_what_the_original_showed(
    rx: PrescriptionService,
    initialized: Services,
    staff: Actor,
    approved: PrescriptionDetail,
    clock: FakeClock,
    renderer: RecordingRenderer,
) -> None:
    original = rx.print(staff, approved.id)
    # The patient marries and moves after the original was printed.
    chart = initialized.patients.get(staff, approved.patient_id)
    assert chart.pharmacy is not None
    initialized.patients.update(
        staff,
        chart.id,
        clean_patient(chart.pharmacy.id, last_name="Ruiz", street="77 Rainey St", zip="78701"),
        chart.version,
    )
    assert rx.get(staff, approved.id).patient_name == "Ruiz, José Luis"
    clock.advance(days=3)

    reprint = rx.print(staff, approved.id)
    assert (reprint.kind, reprint.serial) == (PrintKind.REPRINT, original.serial)
    assert reprint.sha256 == hashlib.sha256(reprint.pdf).hexdigest() != original.sha256
    first, again = renderer.documents
    assert again.patient == first.patient
    assert (again.patient.name, again.patient.street) == ("José Luis Peña", "1400 S Congress Ave")
    assert again.reprint_of == original.serial
    assert again.issued_on == first.issued_on
    assert again.printed_at - first.printed_at == timedelta(days=3)
    assert dataclasses.replace(again, printed_at=first.printed_at, reprint_of=None) == first
    assert "Ruiz" not in reprint.pdf.decode()
    assert rx.archived_pdf(staff, approved.id) == (original.pdf, original.sha256)  # still the original
    assert [p.kind for p in rx.get(staff, approved.id).prints] == [PrintKind.ORIGINAL, PrintKind.REPRINT]


def test_a_chart_copy_is_marked(
    rx: PrescriptionService, staff: Actor, approved: PrescriptionDetail, renderer: RecordingRenderer
) -> None:
    with pytest.raises(DomainError, match="Print the original first"):
        rx.print(staff, approved.id, copy=True)
    original = rx.print(staff, approved.id)
    copy = rx.print(staff, approved.id, copy=True)
    assert (copy.kind, copy.serial) == (PrintKind.CHART_COPY, original.serial)
    assert renderer.documents[-1].chart_copy is True
    assert renderer.documents[-1].reprint_of is None  # a copy has its own banner, not "REPRINT"
    assert renderer.documents[0].chart_copy is False
    after = rx.get(staff, approved.id)
    assert [p.kind for p in after.prints] == [PrintKind.ORIGINAL, PrintKind.CHART_COPY]
    assert after.status is RxStatus.PRINTED  # a copy changes nothing


# --- refusals before printing ----------------------------------------------------------------


def _no_address_or_phone(services: Services, staff: Actor, prescriber: Actor) -> int:
    """Approved complete (approval refuses a script that lacks them); the chart lost them since."""
    patient_id = add_patient(services, staff)
    rx_id = approved_rx(services, prescriber, patient_id).id
    with services.db.transaction() as session:
        patient = session.get_one(Patient, patient_id)
        patient.street = ""  # the state stays: a patient outside Texas is a new warning
        patient.phones.clear()
    return rx_id


def _prescriber_without_npi(services: Services, staff: Actor, prescriber: Actor) -> int:
    rx_id = approved_rx(services, prescriber, add_patient(services, staff)).id
    with services.db.transaction() as session:
        session.get_one(User, prescriber.user_id).npi = None
    return rx_id


def _no_diagnosis(services: Services, staff: Actor, prescriber: Actor) -> int:
    rx_id = approved_rx(services, prescriber, add_patient(services, staff)).id
    with services.db.transaction() as session:
        session.get_one(Prescription, rx_id).diagnosis = None
    return rx_id


MISSING = {
    "patient without address or phone": (
        _no_address_or_phone,
        (
            "the patient's street address",
            "the patient's phone number",
        ),
    ),
    "prescriber without NPI": (_prescriber_without_npi, ("the prescriber's NPI",)),
    "no diagnosis": (_no_diagnosis, ("the intended use (diagnosis), or a choice to leave it off",)),
}


@pytest.mark.parametrize(("make", "missing"), MISSING.values(), ids=MISSING.keys())
def test_missing_elements_refuse_printing(
    rx: PrescriptionService,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    renderer: RecordingRenderer,
    make: Callable[[Services, Actor, Actor], int],
    missing: tuple[str, ...],
) -> None:
    rx_id = make(initialized, staff, prescriber)
    with pytest.raises(MissingElementsError) as caught:
        rx.print(staff, rx_id)
    assert caught.value.missing == missing
    assert all(item in caught.value.message for item in missing)
    after = rx.get(staff, rx_id)
    assert (after.status, after.serial, after.prints) == (RxStatus.APPROVED, None, ())
    assert renderer.documents == []
    with pytest.raises(NotFoundError):
        rx.archived_pdf(staff, rx_id)


def test_a_diagnosis_left_off_on_purpose_prints(
    rx: PrescriptionService, initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    script = approved_rx(initialized, prescriber, patient_id, diagnosis=None, diagnosis_omitted=True)
    assert rx.print(staff, script.id).kind is PrintKind.ORIGINAL


CHART_CHANGES = {
    "opioid added": ({"medications": (MedicationInput("Norco 5/325", "", True),)}, "opioid"),
    "liver disease added": ({"conditions": (ConditionInput("Cirrhosis of liver"),)}, "liver"),
}


@pytest.mark.parametrize(("change", "code"), CHART_CHANGES.values(), ids=CHART_CHANGES.keys())
def test_a_chart_change_after_approval_sends_it_back_to_draft(
    rx: PrescriptionService,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    admin: Actor,
    approved: PrescriptionDetail,
    renderer: RecordingRenderer,
    change: dict[str, Any],
    code: str,
) -> None:
    chart = initialized.patients.get(staff, approved.patient_id)
    assert chart.pharmacy is not None
    initialized.patients.update(staff, chart.id, clean_patient(chart.pharmacy.id, **change), chart.version)
    with pytest.raises(SafetyStopError, match="back in draft") as caught:
        rx.print(staff, approved.id)
    assert caught.value.codes == (code,)
    after = rx.get(staff, approved.id)
    assert (after.status, after.serial, after.prints, after.approved_by) == (RxStatus.DRAFT, None, (), None)
    assert renderer.documents == []
    [refusal] = initialized.audit.recent(admin, action=AuditAction.RX_PRINT_REFUSED)
    assert refusal.detail == f"new since approval: {code}"
    # The prescriber reviews it again; then it prints.
    rx.approve(
        prescriber,
        after.id,
        after.version,
        acknowledged=frozenset(f.key for f in after.warnings),
        override_reason="Reviewed with the patient today.",
        overridden=frozenset(f.key for f in after.hard_stops),
        password=PASSWORD,
    )
    assert rx.print(staff, approved.id).kind is PrintKind.ORIGINAL


def test_a_printed_script_is_not_edited(
    rx: PrescriptionService, initialized: Services, staff: Actor, approved: PrescriptionDetail
) -> None:
    done = printed(rx, staff, approved.id)
    with pytest.raises(DomainError, match="renew it instead"):
        rx.update_draft(staff, done.id, rx_input(initialized, done.patient_id), done.version)


# --- sign and send ---------------------------------------------------------------------------


def test_only_the_prescriber_on_the_script_signs(
    rx: PrescriptionService,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    approved: PrescriptionDetail,
) -> None:
    with pytest.raises(DomainError, match="Only a printed prescription can be signed"):
        rx.sign(prescriber, approved.id, approved.version)
    done = printed(rx, staff, approved.id)
    pa = signed_in(initialized, "pajones")
    with pytest.raises(PermissionDeniedError, match="prescriber named on the script"):
        rx.sign(pa, done.id, done.version)
    with pytest.raises(PermissionDeniedError):
        rx.sign(staff, done.id, done.version)
    result = rx.sign(prescriber, done.id, done.version)
    assert (result.status, result.signed_by) == (RxStatus.SIGNED, "Elena García, MD")
    assert result.signed_at is not None


def test_sending_needs_a_signed_script(
    rx: PrescriptionService, staff: Actor, approved: PrescriptionDetail
) -> None:
    done = printed(rx, staff, approved.id)
    with pytest.raises(DomainError, match="Only a signed prescription can be sent"):
        rx.send(staff, done.id, done.version, method=SendMethod.FAX, pharmacy_id=done.pharmacy_id)


def test_faxed_to_the_pharmacy(
    rx: PrescriptionService,
    staff: Actor,
    prescriber: Actor,
    approved: PrescriptionDetail,
    clock: FakeClock,
) -> None:
    done = signed(rx, staff, prescriber, approved.id)
    with pytest.raises(ValidationError) as caught:
        rx.send(staff, done.id, done.version, method=SendMethod.FAX, pharmacy_id=None)
    assert list(caught.value.field_errors) == ["pharmacy_id"]
    with pytest.raises(ValidationError) as caught:
        rx.send(staff, done.id, done.version, method=SendMethod.MAIL, pharmacy_id=999_999)
    assert list(caught.value.field_errors) == ["pharmacy_id"]
    with pytest.raises(ValidationError) as caught:
        rx.send(
            staff, done.id, done.version, method=SendMethod.FAX, pharmacy_id=done.pharmacy_id,
            sent_at=clock() + timedelta(hours=1),
        )  # fmt: skip
    assert list(caught.value.field_errors) == ["sent_at"]
    earlier = clock() - timedelta(hours=2)
    sent = rx.send(
        staff, done.id, done.version, method=SendMethod.FAX, pharmacy_id=done.pharmacy_id, sent_at=earlier
    )
    assert (sent.status, sent.sent_method, sent.sent_by) == (RxStatus.SENT, SendMethod.FAX, "María López")
    assert (sent.sent_at, sent.sent_to_pharmacy_name) == (earlier, "Balcones Compounding Pharmacy")


def test_handed_to_the_patient_needs_no_pharmacy(
    rx: PrescriptionService, staff: Actor, prescriber: Actor, approved: PrescriptionDetail, clock: FakeClock
) -> None:
    done = signed(rx, staff, prescriber, approved.id)
    sent = rx.send(staff, done.id, done.version, method=SendMethod.HANDED_TO_PATIENT, pharmacy_id=None)
    assert (sent.status, sent.sent_to_pharmacy_name, sent.sent_at) == (RxStatus.SENT, None, clock())


# --- void ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "oops", " no \n "])
def test_void_needs_a_reason(
    rx: PrescriptionService, prescriber: Actor, approved: PrescriptionDetail, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        rx.void(prescriber, approved.id, approved.version, reason)
    assert list(caught.value.field_errors) == ["reason"]
    assert rx.get(prescriber, approved.id).status is RxStatus.APPROVED


def test_staff_voids_only_drafts(
    rx: PrescriptionService,
    initialized: Services,
    staff: Actor,
    patient_id: int,
    approved: PrescriptionDetail,
) -> None:
    draft = rx.create_draft(staff, rx_input(initialized, patient_id))
    voided = rx.void(staff, draft.id, draft.version, "  Entered for the wrong   patient. ")
    assert (voided.status, voided.void_reason, voided.voided_by) == (
        RxStatus.VOID,
        "Entered for the wrong patient.",
        "María López",
    )
    with pytest.raises(PermissionDeniedError, match="Only a prescriber"):
        rx.void(staff, approved.id, approved.version, REASON)
    assert rx.get(staff, approved.id).status is RxStatus.APPROVED


def test_nothing_is_voided_once_sent(
    rx: PrescriptionService, staff: Actor, prescriber: Actor, approved: PrescriptionDetail
) -> None:
    done = signed(rx, staff, prescriber, approved.id)
    sent = rx.send(staff, done.id, done.version, method=SendMethod.HANDED_TO_PATIENT, pharmacy_id=None)
    with pytest.raises(DomainError, match="A sent prescription cannot be voided"):
        rx.void(prescriber, sent.id, sent.version, REASON)
    assert rx.get(staff, sent.id).status is RxStatus.SENT


@pytest.mark.parametrize("print_first", [False, True], ids=["voided when approved", "voided after printing"])
def test_a_voided_script_never_prints(
    rx: PrescriptionService,
    staff: Actor,
    prescriber: Actor,
    approved: PrescriptionDetail,
    renderer: RecordingRenderer,
    print_first: bool,
) -> None:
    current = printed(rx, staff, approved.id) if print_first else approved
    voided = rx.void(prescriber, current.id, current.version, REASON)
    assert voided.status is RxStatus.VOID
    for copy in (False, True):
        with pytest.raises(DomainError, match="void and can never be printed"):
            rx.print(staff, approved.id, copy=copy)
    assert len(renderer.documents) == int(print_first)
    with pytest.raises(DomainError, match="cannot be voided"):
        rx.void(prescriber, voided.id, voided.version, REASON)


# --- renew -----------------------------------------------------------------------------------


def test_renew_makes_a_new_draft(
    rx: PrescriptionService,
    staff: Actor,
    prescriber: Actor,
    approved: PrescriptionDetail,
    clock: FakeClock,
) -> None:
    done = signed(rx, staff, prescriber, approved.id)
    rx.send(staff, done.id, done.version, method=SendMethod.FAX, pharmacy_id=done.pharmacy_id)
    clock.advance(days=30)
    renewal = rx.renew(staff, approved.id)
    assert renewal.id != approved.id
    assert (renewal.status, renewal.renewed_from_id, renewal.serial, renewal.prints) == (
        RxStatus.DRAFT,
        approved.id,
        None,
        (),
    )
    assert renewal.start_date == approved.start_date + timedelta(days=30)
    same = ("formula_code", "steps", "plan_code", "supply_days", "refills", "pharmacy_id", "diagnosis")
    assert [getattr(renewal, name) for name in same] == [getattr(approved, name) for name in same]
    assert (renewal.prescriber_id, renewal.created_by) == (prescriber.user_id, "María López")
    assert rx.get(staff, approved.id).status is RxStatus.SENT  # the old script is untouched
    assert [s.id for s in rx.for_patient(staff, approved.patient_id)] == [renewal.id, approved.id]


def test_a_draft_is_edited_not_renewed(
    rx: PrescriptionService, initialized: Services, staff: Actor, patient_id: int
) -> None:
    """The same rule as the chart's Renew button (RxStatus.renewable), so the command line
    cannot renew what the screen does not offer to."""
    draft = rx.create_draft(staff, rx_input(initialized, patient_id))
    with pytest.raises(DomainError, match="A draft is not renewed"):
        rx.renew(staff, draft.id)
    assert [s.id for s in rx.for_patient(staff, patient_id)] == [draft.id]


def test_renew_of_an_unknown_script(rx: PrescriptionService, staff: Actor) -> None:
    with pytest.raises(NotFoundError):
        rx.renew(staff, 999_999)


# --- stale versions, tampering, the audit trail ----------------------------------------------


def test_every_step_refuses_a_stale_version(
    rx: PrescriptionService, initialized: Services, staff: Actor, prescriber: Actor, patient_id: int
) -> None:
    opened = rx.create_draft(staff, rx_input(initialized, patient_id))
    edited = rx.update_draft(staff, opened.id, rx_input(initialized, patient_id, refills=1), opened.version)
    with pytest.raises(ConflictError):
        rx.approve(prescriber, opened.id, opened.version)
    approved = rx.approve(prescriber, opened.id, edited.version)
    done = printed(rx, staff, opened.id)
    with pytest.raises(ConflictError):
        rx.sign(prescriber, opened.id, approved.version)
    with pytest.raises(ConflictError):
        rx.void(prescriber, opened.id, approved.version, REASON)
    signed_now = rx.sign(prescriber, opened.id, done.version)
    with pytest.raises(ConflictError) as caught:
        rx.send(staff, opened.id, done.version, method=SendMethod.HANDED_TO_PATIENT, pharmacy_id=None)
    assert caught.value.current == signed_now
    assert rx.get(staff, opened.id).status is RxStatus.SIGNED


def test_an_altered_archive_is_detected(
    rx: PrescriptionService, initialized: Services, staff: Actor, approved: PrescriptionDetail
) -> None:
    with pytest.raises(NotFoundError, match="has not been printed"):
        rx.archived_pdf(staff, approved.id)
    original = rx.print(staff, approved.id)
    tampered = original.pdf.replace(b"Balcones", b"Shady Oak")
    assert tampered != original.pdf
    with initialized.db.transaction() as session:
        session.execute(
            update(PrescriptionPrint)
            .where(PrescriptionPrint.prescription_id == approved.id, PrescriptionPrint.kind == "original")
            .values(pdf=tampered)
        )
    with pytest.raises(DomainError, match="has been altered"):
        rx.archived_pdf(staff, approved.id)


def test_every_step_is_audited_without_patient_data(
    rx: PrescriptionService,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    admin: Actor,
    patient_id: int,
) -> None:
    draft = rx.create_draft(staff, rx_input(initialized, patient_id))
    approved = rx.approve(prescriber, draft.id, draft.version)
    original = rx.print(staff, draft.id)
    rx.print(staff, draft.id)
    rx.print(staff, draft.id, copy=True)
    signed_now = rx.sign(prescriber, draft.id, rx.get(staff, draft.id).version)
    rx.send(staff, draft.id, signed_now.version, method=SendMethod.FAX, pharmacy_id=approved.pharmacy_id)
    renewal = rx.renew(staff, draft.id)
    rx.void(staff, renewal.id, renewal.version, "Duplicate of last month's renewal.")

    entries = audit_trail(initialized, admin, draft.id)
    assert [(e.username, e.action.value) for e in entries if e.action is not AuditAction.RX_VIEWED] == [
        ("maria", "rx_created"),
        ("drgarcia", "rx_approved"),
        ("maria", "rx_printed"),
        ("maria", "rx_reprinted"),
        ("maria", "rx_copy_printed"),
        ("drgarcia", "rx_signed"),
        ("maria", "rx_sent"),
    ]
    printed_entry = next(e for e in entries if e.action is AuditAction.RX_PRINTED)
    assert printed_entry.detail == f"serial {original.serial}, sha256 {original.sha256[:16]}"
    renewal_entries = audit_trail(initialized, admin, renewal.id)
    assert [e.action.value for e in renewal_entries] == ["rx_renewed", "rx_voided"]
    assert renewal_entries[0].detail == f"renewed from prescription {draft.id}"
    assert renewal_entries[1].detail == "was draft: Duplicate of last month's renewal."
    chart = initialized.patients.get(staff, patient_id)
    private = [chart.first_name, chart.middle_name, chart.last_name, chart.mrn, "1961", "Congress"]
    for entry in [*entries, *renewal_entries]:
        assert entry.record_type == "prescription"
        assert not any(word and word in (entry.detail or "") for word in private), entry


# --- the real renderer -----------------------------------------------------------------------


def test_printing_with_the_default_renderer(
    initialized: Services, staff: Actor, approved: PrescriptionDetail
) -> None:
    result = initialized.prescriptions.print(staff, approved.id)
    assert result.pdf.startswith(b"%PDF-")
    assert result.sha256 == hashlib.sha256(result.pdf).hexdigest()
    assert initialized.prescriptions.archived_pdf(staff, approved.id) == (result.pdf, result.sha256)
    copy = initialized.prescriptions.print(staff, approved.id, copy=True)
    assert copy.pdf.startswith(b"%PDF-") and copy.sha256 != result.sha256
    text = pdf_text(result.pdf)
    if text is None:
        return  # poppler not installed: the bytes and digests above are all we can check
    words = " ".join(text.split())
    for expected in (result.serial, "José Luis Peña", "Elena García", "Balcones Compounding Pharmacy"):
        assert expected in words
    copy_words = " ".join((pdf_text(copy.pdf) or "").split())
    assert "CHART COPY" in copy_words and "REPRINT" not in copy_words


def test_printing_with_another_pharmacy(
    rx: PrescriptionService, initialized: Services, staff: Actor, prescriber: Actor, patient_id: int,
    renderer: RecordingRenderer,
) -> None:  # fmt: skip
    other = add_pharmacy(initialized, staff, "Hyde Park Compounding")
    script = approved_rx(initialized, prescriber, patient_id, pharmacy_id=other)
    rx.print(staff, script.id)
    pharmacy = renderer.documents[-1].pharmacy
    assert pharmacy is not None and pharmacy.name == "Hyde Park Compounding"
