"""Printing handouts for a patient: personalised from the chart (their prescription's dated
schedule, pharmacy, prescriber, next follow-ups), in their language, recorded with the exact
PDF, reprinted unchanged, refused when the chart cannot fill them. Checked in the PDF's text.

The FakeClock starts on Saturday 11/21/2026 (9:00 in Austin), so a prescription written in
the test starts that day.
"""

from __future__ import annotations

import hashlib

import pytest

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import DomainError, PermissionDeniedError, ValidationError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.handouts.service import NEW_PATIENT_PACKET
from tests.services.rx_support import add_patient, approved_rx, pdf_text


def flat(pdf: bytes) -> str:
    text = pdf_text(pdf)
    assert text is not None
    return " ".join(text.split())


@pytest.fixture
def english_patient(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff, preferred_language="en", first_name="Siobhán", last_name="O'Brien")


def test_the_standard_plan_in_english(
    initialized: Services, staff: Actor, prescriber: Actor, english_patient: int
) -> None:
    approved_rx(initialized, prescriber, english_patient)  # CAP-1.5, STD-1.5-14, from 11/21/2026
    printed = initialized.handouts.print(staff, english_patient, ["starting_ldn"])
    text = flat(printed.pdf)
    # 1.5 mg (1 capsule) 11/21-12/4, 3 mg (2 capsules) 12/5-12/18, 4.5 mg (3 capsules) from 12/19.
    assert "Sat, Nov 21, 2026 Fri, Dec 4, 2026 1.5 mg 1 capsule" in text
    assert "Sat, Dec 5, 2026 Fri, Dec 18, 2026 3 mg 2 capsules" in text
    assert "Sat, Dec 19, 2026 and after 4.5 mg 3 capsules" in text
    assert "Siobhán" in text or "Pepe" in text
    assert "Balcones Compounding Pharmacy" in text
    assert "Texas Medical Board" in text and "1-800-201-9353" in text
    assert ".5 mg" not in text.replace("0.5 mg", "").replace("1.5 mg", "").replace("4.5 mg", "")
    assert printed.record.language == "en"
    assert [(i.kind, i.version) for i in printed.record.items] == [("starting_ldn", 1)]
    assert printed.record.sha256 == hashlib.sha256(printed.pdf).hexdigest()


def test_a_spanish_speaking_patient_gets_spanish_by_default(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, staff)  # José Luis Peña prefers Spanish
    assert initialized.handouts.language_for(staff, patient_id) == "es"
    approved_rx(
        initialized,
        prescriber,
        patient_id,
        formula="LIQ-1",
        plan="STD-1.5-14",
        steps="0.5:7,1:7,1.5:7,2:7,3:7,4.5",
    )
    printed = initialized.handouts.print(staff, patient_id, ["starting_ldn", "ldn_and_opioids"])
    text = flat(printed.pdf)
    # 0.5 mg (0.5 mL) 11/21-11/27, ... 3 mg (3 mL) 12/19-12/25, 4.5 mg (4.5 mL) from 12/26.
    assert "sáb 21 nov 2026 vie 27 nov 2026 0.5 mg 0.5 mL" in text
    assert "sáb 26 dic 2026 en adelante 4.5 mg 4.5 mL" in text
    assert "Pepe" in text  # the preferred name greets
    assert text.count("Texas Medical Board") >= 2  # one notice per handout
    assert "Página 1 de" in text
    assert printed.record.language == "es"


def test_english_on_request_for_a_spanish_speaker(
    initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, staff)
    approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    text = flat(initialized.handouts.print(staff, patient_id, ["starting_ldn"], "en").pdf)
    assert "Sat, Nov 21, 2026 and after 4.5 mg 1 capsule" in text


def test_the_followup_plan_lists_the_next_followups(
    initialized: Services, staff: Actor, prescriber: Actor, english_patient: int
) -> None:
    approved_rx(initialized, prescriber, english_patient)
    text = flat(initialized.handouts.print(staff, english_patient, ["followup_plan"]).pdf)
    # Refill due 12/14 (a week before the 48 capsules run out on 12/21), titration check 12/19.
    assert "December 14, 2026" in text and "Time to refill" in text
    assert "December 19, 2026" in text and "Check on your new dose" in text


def test_a_prescription_handout_is_refused_without_a_prescription(
    initialized: Services, staff: Actor, english_patient: int
) -> None:
    with pytest.raises(DomainError, match="approve one first"):
        initialized.handouts.print(staff, english_patient, ["what_is_ldn", "starting_ldn"])
    assert initialized.handouts.documents(staff, english_patient) == []
    text = flat(initialized.handouts.print(staff, english_patient, ["what_is_ldn", "followup_plan"]).pdf)
    assert "We will call you to set the date of your next visit." in text


def test_bad_choices_are_clear(initialized: Services, staff: Actor, english_patient: int) -> None:
    with pytest.raises(ValidationError) as no_kind:
        initialized.handouts.print(staff, english_patient, ["  "])
    assert no_kind.value.field_errors == {"kinds": "Choose at least one handout."}
    with pytest.raises(ValidationError) as language:
        initialized.handouts.print(staff, english_patient, ["what_is_ldn"], "fr")
    assert "English (en) and Spanish (es)" in language.value.field_errors["language"]
    with pytest.raises(DomainError, match="There is no handout “'; DROP TABLE handout_prints;--”"):
        initialized.handouts.print(staff, english_patient, ["'; DROP TABLE handout_prints;--"])


def test_documents_record_each_print_and_reprint_is_the_same_pdf(
    initialized: Services, staff: Actor, prescriber: Actor, admin: Actor, english_patient: int
) -> None:
    approved_rx(initialized, prescriber, english_patient)
    first = initialized.handouts.print(staff, english_patient, list(NEW_PATIENT_PACKET), packet="new_patient")
    second = initialized.handouts.print(prescriber, english_patient, ["side_effects"], "es")
    documents = initialized.handouts.documents(staff, english_patient)
    assert [d.id for d in documents] == [second.record.id, first.record.id]
    assert [i.kind for i in documents[1].items] == list(NEW_PATIENT_PACKET)
    assert documents[1].packet == "new_patient" and documents[0].packet is None
    assert (documents[1].printed_by, documents[0].printed_by) == ("María López", "Elena García, MD")
    assert initialized.handouts.stored(staff, first.record.id) == first.pdf
    assert initialized.handouts.reprint(staff, first.record.id) == first.pdf
    entries = initialized.audit.recent(admin, record_type="handout_print")
    assert [e.action for e in entries][:4] == [
        AuditAction.HANDOUTS_REPRINTED,
        AuditAction.HANDOUTS_VIEWED,
        AuditAction.HANDOUTS_PRINTED,
        AuditAction.HANDOUTS_PRINTED,
    ]
    assert all("O'Brien" not in (e.detail or "") and "Siobhán" not in (e.detail or "") for e in entries)
    assert "side_effects v1" in (entries[2].detail or "")


def test_an_admin_cannot_print_or_read_handouts(
    initialized: Services, staff: Actor, admin: Actor, english_patient: int
) -> None:
    with pytest.raises(PermissionDeniedError):
        initialized.handouts.print(admin, english_patient, ["what_is_ldn"])
    with pytest.raises(PermissionDeniedError):
        initialized.handouts.documents(admin, english_patient)


def test_suggestions_and_the_packet_offer(initialized: Services, staff: Actor, prescriber: Actor) -> None:
    patient_id = add_patient(initialized, staff)  # fibromyalgia (M79.7 by name) and restless legs
    assert initialized.handouts.suggested(staff, patient_id) == [
        *NEW_PATIENT_PACKET,
        "condition_fibromyalgia",
    ]
    assert not initialized.handouts.offer_new_patient_packet(staff, patient_id)  # nothing printed yet
    rx = approved_rx(initialized, prescriber, patient_id)
    initialized.prescriptions.print(staff, rx.id)
    assert initialized.handouts.offer_new_patient_packet(staff, patient_id)
    initialized.handouts.print(staff, patient_id, list(NEW_PATIENT_PACKET), packet="new_patient")
    assert not initialized.handouts.offer_new_patient_packet(staff, patient_id)


def test_the_catalog_lists_every_handout_in_order(initialized: Services) -> None:
    english = initialized.handouts.catalog("en")
    assert [h.kind for h in english][:5] == list(NEW_PATIENT_PACKET)
    assert len(english) == 11
    spanish = {h.kind: h.title for h in initialized.handouts.catalog("es")}
    assert spanish["what_is_ldn"] != english[0].title  # written in Spanish
