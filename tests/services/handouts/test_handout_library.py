"""The handout library as shipped: every file reads, exists in English and Spanish with the
same shape, fills for real patients without a blank, carries the complaint notice, and is
written at an 8th-grade reading level or below (textstat, measured on the filled text)."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
import textstat

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.handouts.language import LANGUAGES
from ldnclinic.domain.handouts.packet import (
    HandoutContext,
    HandoutPrescription,
    fill_handout,
    handout_values,
)
from ldnclinic.domain.handouts.texts import Heading, ItemList, Paragraph, WalletCard, plain_text
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula
from ldnclinic.domain.prescriptions.supply import calculate
from ldnclinic.domain.prescriptions.titration import TimeOfDay, TitrationPlan, find_plan, parse_steps
from ldnclinic.services.handouts.library import bundled_handouts, load_library

KINDS = {
    "what_is_ldn", "starting_ldn", "side_effects", "ldn_and_opioids", "followup_plan",
    "condition_fibromyalgia", "condition_multiple_sclerosis", "condition_ibd", "condition_hashimotos",
    "condition_long_covid", "condition_chronic_pain",
}  # fmt: skip
LIBRARY = load_library()
START = date(2026, 12, 1)


def rx(formula: Formula, steps: str, time: TimeOfDay = TimeOfDay.BEDTIME) -> HandoutPrescription:
    return HandoutPrescription(
        formula=formula,
        calculation=calculate(formula, TitrationPlan("CUSTOM", "", parse_steps(steps)), 30, START),
        start=START,
        pharmacy_name="Farmacia O'Brien & Peña",
        pharmacy_phone="(512) 555-0177",
        prescriber_name="Elena García, MD",
        time_of_day=time,
    )


CAPSULES = Formula("CAP-1.5", DosageForm.CAPSULE, Decimal("1.5"), "microcrystalline cellulose")
LIQUID = Formula("LIQ-1", DosageForm.ORAL_LIQUID, Decimal(1), "purified water")
FIXED = Formula("CAP-4.5", DosageForm.CAPSULE, Decimal("4.5"), "microcrystalline cellulose")
PRESCRIPTIONS = {
    "standard capsules": rx(CAPSULES, "1.5:14,3:14,4.5"),
    "slow liquid, mornings": rx(LIQUID, "0.5:7,1:7,1.5:7,2:7,3:7,4.5", TimeOfDay.MORNING),
    "fixed 4.5 mg": rx(FIXED, "4.5"),
}


def context(prescription: HandoutPrescription | None) -> HandoutContext:
    return HandoutContext(
        first_name="Nguyễn Thị",
        preferred_name="Hằng",
        full_name="Nguyễn Thị Hằng",
        clinic_name="Hill Country LDN Clinic",
        clinic_phone="(512) 555-0100",
        clinic_address="100 Congress Ave, Suite 200, Austin, TX 78701",
        print_date=START,
        prescription=prescription,
        followups=((date(2026, 12, 29), FollowupType.TITRATION_CHECK),),
    )


def test_the_library_has_no_problems() -> None:
    assert LIBRARY.problems == ()
    assert set(LIBRARY.kinds()) == KINDS
    for language in LANGUAGES:
        assert {kind for lang, kind in LIBRARY.texts if lang == language} == KINDS
        assert language in LIBRARY.notices


# Every language, handout and plan; a handout that shows the prescription is not printed
# without one (the service refuses it: tests/services/handouts/test_handouts.py).
COMBINATIONS = [
    (language, kind, plan)
    for language in LANGUAGES
    for kind in sorted(KINDS)
    for plan in [*PRESCRIPTIONS, "no prescription"]
    if plan != "no prescription" or not LIBRARY.get(language, kind).needs_prescription
]


@pytest.mark.parametrize(("language", "kind", "plan"), COMBINATIONS)
def test_every_handout_fills_without_a_blank(language: str, kind: str, plan: str) -> None:
    text = LIBRARY.get(language, kind)
    prescription = PRESCRIPTIONS.get(plan)
    filled = fill_handout(text, LIBRARY.notices[language], context(prescription), language)
    strings = [filled.title]
    for block in (*filled.blocks, *filled.notice):
        if isinstance(block, Heading | Paragraph):
            strings.append(block.text)
        elif isinstance(block, ItemList):
            strings.extend(block.items)
        elif isinstance(block, WalletCard):
            strings.extend(block.lines)
    joined = "\n".join(strings)
    assert "{" not in joined and "}" not in joined
    assert "Nguyễn" in joined or "Hằng" in joined or not text.placeholders & {"greeting_name", "patient_name"}
    for bad in (" .5 mg", "0.50 mg", "4.50 mg", "1.0 mg"):
        assert bad not in joined


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_handout_ends_with_the_complaint_notice(language: str) -> None:
    notice = LIBRARY.notices[language]
    text = "\n".join(notice.texts())
    assert "Texas Medical Board" in text
    assert "P.O. Box 2018, MC-263, Austin, Texas 78768" in text
    assert "1-800-201-9353" in text
    assert "www.tmb.state.tx.us" in text
    for kind in KINDS:
        prescription = PRESCRIPTIONS["standard capsules"]
        filled = fill_handout(LIBRARY.get(language, kind), notice, context(prescription), language)
        assert filled.notice and "Texas Medical Board" in " ".join(
            b.text if isinstance(b, Heading | Paragraph) else " ".join(getattr(b, "items", ()))
            for b in filled.notice
        )


def reading_text(language: str, kind: str) -> str:
    """The running text a patient reads, filled for the standard capsule plan."""
    values = handout_values(context(PRESCRIPTIONS["standard capsules"]), language)
    return plain_text(LIBRARY.get(language, kind), values)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_english_is_at_an_eighth_grade_level_or_below(kind: str) -> None:
    textstat.set_lang("en")
    grade = textstat.flesch_kincaid_grade(reading_text("en", kind))
    assert grade <= 8.0, f"en/{kind}: Flesch-Kincaid grade {grade}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_spanish_is_at_the_same_level(kind: str) -> None:
    textstat.set_lang("es")
    text = reading_text("es", kind)
    years = textstat.crawford(text)
    ease = textstat.fernandez_huerta(text)
    assert years <= 8.0, f"es/{kind}: Crawford {years} years of schooling"
    assert ease >= 60, f"es/{kind}: Fernández Huerta {ease} (60-70 is plain, about 8th grade)"


def copy_library(tmp_path: Path) -> Path:
    target = tmp_path / "handouts"
    with resources.as_file(bundled_handouts()) as bundled:
        shutil.copytree(bundled, target)
    return target


def test_an_unknown_placeholder_is_found(tmp_path: Path) -> None:
    folder = copy_library(tmp_path)
    path = folder / "es" / "side_effects.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nLlame a {telefono_clinica}.\n", encoding="utf-8")
    problems = load_library(folder).problems
    assert "es/side_effects: {telefono_clinica} is not a placeholder the app knows." in problems


def test_a_missing_translation_is_found(tmp_path: Path) -> None:
    folder = copy_library(tmp_path)
    (folder / "es" / "condition_ibd.txt").unlink()
    problems = load_library(folder).problems
    assert "es/condition_ibd.txt is missing: every handout needs every language." in problems


def test_a_translation_with_another_version_is_found(tmp_path: Path) -> None:
    folder = copy_library(tmp_path)
    path = folder / "es" / "what_is_ldn.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1), encoding="utf-8")
    assert any(
        "es/what_is_ldn: its version (2) differ from en's (1)" in p for p in load_library(folder).problems
    )


def test_a_broken_library_refuses_to_print(tmp_path: Path) -> None:
    from ldnclinic.services.handouts.library import HandoutLibraryError

    folder = copy_library(tmp_path)
    (folder / "en" / "side_effects.txt").write_text("kind: side_effects\n", encoding="utf-8")
    with pytest.raises(HandoutLibraryError, match=r"en/side_effects\.txt: the header must end"):
        load_library(folder).checked()


def test_every_standard_plan_template_fills() -> None:
    for code in ("STD-1.5-14", "HALF-WEEKLY", "LIQ-SLOW", "MAINT-3"):
        plan = find_plan(code)
        assert plan is not None
        formula = LIQUID if code in ("HALF-WEEKLY", "LIQ-SLOW") else CAPSULES
        prescription = HandoutPrescription(
            formula, calculate(formula, plan, 30, START), START, "Pharmacy", "(512) 555-0177", "Dr. X"
        )
        filled = fill_handout(
            LIBRARY.get("es", "starting_ldn"), LIBRARY.notices["es"], context(prescription), "es"
        )
        assert filled.schedule and filled.dose_steps
