"""The printed prescription's content check (`missing_elements`) and the prescription's states."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ldnclinic.domain.prescriptions.document import (
    MedicationBlock,
    PatientBlock,
    PharmacyBlock,
    PracticeBlock,
    PrescriberBlock,
    PrescriptionDocument,
    missing_elements,
    supervision_problems,
)
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus, SendMethod

PRACTICE = PracticeBlock(
    name="Hill Country LDN Clinic",
    street="100 Congress Ave, Suite 200",
    city="Austin",
    state="TX",
    zip="78701",
    phone="(512) 555-0100",
    fax="(512) 555-0101",
)
PHYSICIAN = PrescriberBlock(name="Elena García", credentials="MD", npi="1234567893", texas_license="Q1234")
PA = PrescriberBlock(
    name="Sam Ortiz",
    credentials="PA-C",
    npi="1932104098",
    texas_license="PA12345",
    supervising_name="Elena García",
    supervising_credentials="MD",
    supervising_address="100 Congress Ave, Suite 200, Austin, TX 78701",
    supervising_phone="(512) 555-0100",
    supervising_npi="1234567893",
    supervising_texas_license="R4821",
)
PATIENT = PatientBlock(
    name="José Peña",
    date_of_birth=date(1961, 3, 2),
    street="12 Oak St",
    city_line="Austin, TX 78702",
    phone="(512) 555-0199",
    mrn="000123",
)
MEDICATION = MedicationBlock(
    drug="Naltrexone HCl",
    strength="1.5 mg per capsule",
    dosage_form="capsule",
    release="compounded, immediate release",
    base="microcrystalline cellulose (Avicel)",
    flavour=None,
    quantity="48 (forty-eight) capsules",
    days_supply=30,
    directions="Take 1 capsule (1.5 mg) by mouth once a day at bedtime for 14 days, then ...",
    steps=("Days 1-14 (Mar 1-Mar 14): 1.5 mg = 1 capsule at bedtime",),
    refills="2 (two)",
    diagnosis="Fibromyalgia (M79.7)",
    diagnosis_omitted=False,
    pharmacist_note=None,
)
PHARMACY = PharmacyBlock(
    name="Town Compounding", address="5 Main St, Austin, TX", phone="512-555-0300", fax=None
)


def document(**changes: Any) -> PrescriptionDocument:
    base = PrescriptionDocument(
        serial="RX-2026-000123",
        issued_on=date(2026, 3, 1),
        printed_at=datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("America/Chicago")),
        practice=PRACTICE,
        prescriber=PHYSICIAN,
        patient=PATIENT,
        medication=MEDICATION,
        pharmacy=PHARMACY,
    )
    return dataclasses.replace(base, **changes)


def test_a_complete_document_lacks_nothing() -> None:
    assert missing_elements(document()) == []


def test_a_complete_pa_document_lacks_nothing() -> None:
    assert missing_elements(document(prescriber=PA)) == []


def test_optional_parts_may_be_absent() -> None:
    doc = document(
        pharmacy=None,
        medication=dataclasses.replace(MEDICATION, flavour=None, pharmacist_note=None, steps=()),
        prescriber=dataclasses.replace(PHYSICIAN, supervising_name=None),
        patient=dataclasses.replace(PATIENT, mrn=""),
    )
    assert missing_elements(doc) == []


REQUIRED = [
    ("practice", "name", "the clinic's name"),
    ("practice", "street", "the clinic's street address"),
    ("practice", "city", "the clinic's city"),
    ("practice", "state", "the clinic's state"),
    ("practice", "zip", "the clinic's ZIP code"),
    ("practice", "phone", "the clinic's phone number"),
    ("practice", "fax", "the clinic's fax number"),
    ("prescriber", "name", "the prescriber's name"),
    ("prescriber", "credentials", "the prescriber's credentials (MD, DO or PA-C)"),
    ("prescriber", "npi", "the prescriber's NPI"),
    ("prescriber", "texas_license", "the prescriber's Texas license number"),
    ("patient", "name", "the patient's full name"),
    ("patient", "date_of_birth", "the patient's date of birth"),
    ("patient", "street", "the patient's street address"),
    ("patient", "city_line", "the patient's city, state and ZIP code"),
    ("patient", "phone", "the patient's phone number"),
    ("medication", "drug", "the drug name"),
    ("medication", "strength", "the strength"),
    ("medication", "dosage_form", "the dosage form"),
    ("medication", "release", "the release (compounded, immediate release)"),
    ("medication", "base", "the base or filler"),
    ("medication", "quantity", "the quantity"),
    ("medication", "directions", "the directions"),
    ("medication", "refills", "the number of refills"),
    ("medication", "diagnosis", "the intended use (diagnosis), or a choice to leave it off"),
    (None, "serial", "the serial number"),
    (None, "issued_on", "the date issued"),
]


def without(block: str | None, name: str, value: object) -> PrescriptionDocument:
    if block is None:
        return document(**{name: value})
    original = getattr(document(), block)
    return document(**{block: dataclasses.replace(original, **{name: value})})


BLANKS = [
    pytest.param(block, name, label, blank, id=f"{block or 'document'}.{name}={blank!r}")
    for block, name, label in REQUIRED
    for blank in (None, "", "   ")
    if not (name == "credentials" and blank is None)  # typed str: always a string
    and not (name in ("date_of_birth", "issued_on") and blank)  # dates are None when missing
]


@pytest.mark.parametrize(("block", "name", "label", "blank"), BLANKS)
def test_each_missing_element_is_named(block: str | None, name: str, label: str, blank: object) -> None:
    assert missing_elements(without(block, name, blank)) == [label]


def test_every_missing_element_is_listed_together() -> None:
    doc = document(
        serial="",
        practice=dataclasses.replace(PRACTICE, phone=""),
        patient=dataclasses.replace(PATIENT, date_of_birth=None),
    )
    assert missing_elements(doc) == [
        "the clinic's phone number",
        "the patient's date of birth",
        "the serial number",
    ]


SUPERVISING = [
    ("supervising_name", "the supervising physician's name"),
    ("supervising_address", "the supervising physician's address"),
    ("supervising_phone", "the supervising physician's phone number"),
]


@pytest.mark.parametrize(("name", "label"), SUPERVISING)
@pytest.mark.parametrize("blank", [None, ""])
def test_a_pa_without_supervising_physician_details_is_flagged(
    name: str, label: str, blank: str | None
) -> None:
    changes: dict[str, Any] = {name: blank}
    doc = document(prescriber=dataclasses.replace(PA, **changes))
    assert missing_elements(doc) == [label]


def test_a_pa_with_no_supervising_physician_at_all() -> None:
    bare = PrescriberBlock(name="Sam Ortiz", credentials="PA-C", npi="1932104098", texas_license="PA12345")
    assert missing_elements(document(prescriber=bare)) == [label for _, label in SUPERVISING]


SUPERVISOR_LICENCE = [
    ("supervising_npi", "the supervising physician's NPI (none on file for Elena García, MD)"),
    (
        "supervising_texas_license",
        "the supervising physician's Texas license number (none on file for Elena García, MD)",
    ),
]


@pytest.mark.parametrize(("name", "label"), SUPERVISOR_LICENCE)
@pytest.mark.parametrize("blank", [None, "", "  "])
def test_a_supervising_physician_without_npi_or_texas_license_blocks_the_script(
    name: str, label: str, blank: str | None
) -> None:
    prescriber = dataclasses.replace(PA, **{name: blank})
    assert missing_elements(document(prescriber=prescriber)) == [label]
    assert supervision_problems(prescriber) == [label]


def test_a_deactivated_supervising_physician_blocks_the_script_by_name() -> None:
    prescriber = dataclasses.replace(PA, supervising_active=False, supervising_npi=None)
    assert missing_elements(document(prescriber=prescriber)) == [
        "an active supervising physician (Elena García, MD is deactivated)",
        "the supervising physician's NPI (none on file for Elena García, MD)",
    ]


def test_supervision_matters_only_for_a_pa() -> None:
    assert supervision_problems(dataclasses.replace(PHYSICIAN, supervising_active=False)) == []
    assert supervision_problems(PA) == []
    bare = PrescriberBlock(name="Sam Ortiz", credentials="PA-C", npi="1932104098", texas_license="PA12345")
    assert supervision_problems(bare) == ["a supervising physician (none is on file for Sam Ortiz, PA-C)"]


@pytest.mark.parametrize("credentials", ["PA-C", "PA", "pa-c", " PA-C"])
def test_physician_assistant_credentials(credentials: str) -> None:
    prescriber = dataclasses.replace(PHYSICIAN, credentials=credentials)
    assert prescriber.is_physician_assistant
    assert len(missing_elements(document(prescriber=prescriber))) == len(SUPERVISING)


@pytest.mark.parametrize("credentials", ["MD", "DO", "md"])
def test_physicians_need_no_supervisor(credentials: str) -> None:
    prescriber = dataclasses.replace(PHYSICIAN, credentials=credentials)
    assert not prescriber.is_physician_assistant
    assert missing_elements(document(prescriber=prescriber)) == []


def test_diagnosis_may_be_left_off_only_by_choice() -> None:
    no_diagnosis = dataclasses.replace(MEDICATION, diagnosis=None)
    assert missing_elements(document(medication=no_diagnosis)) == [
        "the intended use (diagnosis), or a choice to leave it off"
    ]
    chosen = dataclasses.replace(MEDICATION, diagnosis=None, diagnosis_omitted=True)
    assert missing_elements(document(medication=chosen)) == []
    blank_chosen = dataclasses.replace(MEDICATION, diagnosis="", diagnosis_omitted=True)
    assert missing_elements(document(medication=blank_chosen)) == []


def test_block_helpers() -> None:
    assert PRACTICE.city_line == "Austin, TX 78701"
    assert PHYSICIAN.signature_name == "Elena García, MD"
    assert PA.signature_name == "Sam Ortiz, PA-C"


def test_documents_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        document().serial = "RX-OTHER"  # type: ignore[misc]


# --- the prescription's states ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "editable", "voidable", "printable"),
    [
        (RxStatus.DRAFT, True, True, False),
        (RxStatus.APPROVED, True, True, True),
        (RxStatus.PRINTED, False, True, False),
        (RxStatus.SIGNED, False, True, False),
        (RxStatus.SENT, False, False, False),
        (RxStatus.VOID, False, False, False),
    ],
)
def test_status_rules(status: RxStatus, editable: bool, voidable: bool, printable: bool) -> None:
    assert status.editable is editable
    assert status.voidable is voidable
    assert status.printable is printable
    assert status.label == status.value.capitalize()


def test_send_method_and_print_kind_labels() -> None:
    assert [m.label for m in SendMethod] == ["Faxed", "Mailed", "Handed to the patient"]
    assert {k.value for k in PrintKind} == {"original", "reprint", "chart_copy"}
