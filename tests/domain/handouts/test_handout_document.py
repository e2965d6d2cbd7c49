"""Personalising a handout: the patient's values, dated schedule and chart steps, in English
and Spanish, computed from the real supply calculation (expected values worked by hand)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.handouts.language import amount_text, long_date, short_date
from ldnclinic.domain.handouts.packet import (
    DoseStep,
    HandoutContext,
    HandoutPrescription,
    NeedsPrescriptionError,
    ScheduleRow,
    build_packet,
    fill_handout,
    handout_values,
)
from ldnclinic.domain.handouts.texts import Paragraph, WalletCard, parse_handout
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula
from ldnclinic.domain.prescriptions.supply import calculate
from ldnclinic.domain.prescriptions.titration import TimeOfDay, TitrationPlan, find_plan, parse_steps

CAPSULE = Formula("CAP-1.5", DosageForm.CAPSULE, Decimal("1.5"), "microcrystalline cellulose")
LIQUID = Formula("LIQ-1", DosageForm.ORAL_LIQUID, Decimal(1), "purified water", "unflavoured")
START = date(2026, 12, 1)  # a Tuesday
NOTICE = parse_handout("= Call us\n{clinic_name}, {clinic_phone}", language="en", name="n", header=False)
TEXT = parse_handout(
    "kind: starting_ldn\nversion: 2\ntitle: Your plan, {greeting_name}\nneeds: prescription\n---\n"
    "Take {medication} {dose_time} from {start_date}. Your target is {target_dose} on {target_date}.\n"
    "Pharmacy: {pharmacy_name}, {pharmacy_phone}.\n\n[[schedule_table]]\n\n[[step_chart]]\n\n"
    "[[wallet_card]]\nName: {patient_name}\n[[/wallet_card]]",
    language="en",
    name="en/starting_ldn.txt",
)


def prescription(
    formula: Formula, plan: TitrationPlan, time: TimeOfDay = TimeOfDay.BEDTIME
) -> HandoutPrescription:
    return HandoutPrescription(
        formula=formula,
        calculation=calculate(formula, plan, 30, START),
        start=START,
        pharmacy_name="Balcones Compounding Pharmacy",
        pharmacy_phone="(512) 555-0177",
        prescriber_name="Elena García, MD",
        time_of_day=time,
    )


def context(rx: HandoutPrescription | None = None, **changes: object) -> HandoutContext:
    base: dict[str, object] = {
        "first_name": "José",
        "preferred_name": "Pepe",
        "full_name": "José Luis Peña",
        "clinic_name": "Hill Country LDN Clinic",
        "clinic_phone": "(512) 555-0100",
        "clinic_address": "100 Congress Ave, Austin, TX 78701",
        "print_date": date(2026, 12, 1),
        "prescription": rx,
        "followups": ((date(2026, 12, 29), FollowupType.TITRATION_CHECK),),
    }
    base.update(changes)
    return HandoutContext(**base)  # type: ignore[arg-type]


def standard() -> TitrationPlan:
    plan = find_plan("STD-1.5-14")
    assert plan is not None
    return plan


def test_dates_in_both_languages() -> None:
    assert long_date(date(2026, 12, 1), "en") == "December 1, 2026"
    assert long_date(date(2026, 12, 1), "es") == "1 de diciembre de 2026"
    assert short_date(date(2026, 12, 1), "en") == "Tue, Dec 1, 2026"
    assert short_date(date(2026, 12, 1), "es") == "mar 1 dic 2026"


def test_amounts_are_written_the_safe_way() -> None:
    assert amount_text(DosageForm.CAPSULE, Decimal(1), "en") == "1 capsule"
    assert amount_text(DosageForm.CAPSULE, Decimal(3), "es") == "3 cápsulas"
    assert amount_text(DosageForm.ORAL_LIQUID, Decimal("0.5"), "en") == "0.5 mL"
    assert amount_text(DosageForm.ORAL_LIQUID, Decimal("4.50"), "es") == "4.5 mL"


def test_the_standard_capsule_plan_in_english() -> None:
    values = handout_values(context(prescription(CAPSULE, standard())), "en")
    # 1.5 mg for 14 days from 12/1, 3 mg for 14 days from 12/15, then 4.5 mg from 12/29.
    assert values["greeting_name"] == "Pepe"
    assert values["medication"] == "naltrexone 1.5 mg capsules (made for you by a compounding pharmacy)"
    assert (values["strength"], values["dosage_form"], values["dose_time"]) == (
        "1.5 mg",
        "capsules",
        "at bedtime",
    )
    assert (values["start_date"], values["target_dose"], values["target_date"]) == (
        "December 1, 2026",
        "4.5 mg",
        "December 29, 2026",
    )
    assert values["prescriber_name"] == "Elena García, MD"
    filled = fill_handout(TEXT, NOTICE, context(prescription(CAPSULE, standard())), "en")
    assert filled.schedule == (
        ScheduleRow("Tue, Dec 1, 2026", "Mon, Dec 14, 2026", "1.5 mg", "1 capsule"),
        ScheduleRow("Tue, Dec 15, 2026", "Mon, Dec 28, 2026", "3 mg", "2 capsules"),
        ScheduleRow("Tue, Dec 29, 2026", "and after", "4.5 mg", "3 capsules"),
    )
    assert filled.dose_steps == (
        DoseStep(0, 14, Decimal("1.5")),
        DoseStep(14, 14, Decimal(3)),
        DoseStep(28, None, Decimal("4.5")),
    )
    assert filled.title == "Your plan, Pepe"
    assert filled.blocks[0] == Paragraph(
        "Take naltrexone 1.5 mg capsules (made for you by a compounding pharmacy) at bedtime from "
        "December 1, 2026. Your target is 4.5 mg on December 29, 2026. "
        "Pharmacy: Balcones Compounding Pharmacy, (512) 555-0177."
    )
    assert WalletCard(("Name: José Luis Peña",)) in filled.blocks
    assert filled.followups == (("December 29, 2026", "Check on your new dose"),)
    assert filled.notice[1] == Paragraph("Hill Country LDN Clinic, (512) 555-0100")


def test_a_slow_liquid_plan_in_spanish() -> None:
    plan = TitrationPlan("CUSTOM", "", parse_steps("0.5:7,1:7,1.5:7,2:7,3:7,4.5"))
    rx = prescription(LIQUID, plan, TimeOfDay.MORNING)
    values = handout_values(context(rx), "es")
    # Five 7-day steps from 12/1: 4.5 mg starts on 12/1 + 35 days = 1/5/2027.
    assert (
        values["medication"]
        == "naltrexona de 1 mg/mL en líquido oral (preparada en una farmacia de compuestos)"
    )
    assert values["dose_time"] == "por la mañana"
    assert values["target_date"] == "5 de enero de 2027"
    filled = fill_handout(TEXT, NOTICE, context(rx), "es")
    assert [row.amount for row in filled.schedule] == ["0.5 mL", "1 mL", "1.5 mL", "2 mL", "3 mL", "4.5 mL"]
    assert filled.schedule[0] == ScheduleRow("mar 1 dic 2026", "lun 7 dic 2026", "0.5 mg", "0.5 mL")
    assert filled.schedule[-1].ends == "en adelante"
    assert filled.followups == (("29 de diciembre de 2026", "Revisar su nueva dosis"),)


def test_the_first_name_greets_when_there_is_no_preferred_name() -> None:
    assert handout_values(context(preferred_name="  "), "en")["greeting_name"] == "José"


def test_a_prescription_handout_needs_a_prescription() -> None:
    with pytest.raises(NeedsPrescriptionError, match="approve one first"):
        fill_handout(TEXT, NOTICE, context(None), "en")
    assert "strength" not in handout_values(context(None), "en")


def test_a_packet_keeps_the_library_order() -> None:
    later = parse_handout("kind: bb\nversion: 1\norder: 50\ntitle: B\n---\nHi", language="en", name="b")
    sooner = parse_handout("kind: aa\nversion: 1\norder: 10\ntitle: A\n---\nHi", language="en", name="a")
    packet = build_packet([later, sooner], NOTICE, context(None), "en")
    assert [h.kind for h in packet.handouts] == ["aa", "bb"]
    assert packet.title == "A · B"
    assert packet.printed_on == "December 1, 2026"
