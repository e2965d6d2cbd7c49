"""Compounded LDN formulas: dosage forms, labels, and the checks that refuse unsafe ones."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from ldnclinic.domain.prescriptions.formulary import (
    DEFAULT_BASE,
    DEFAULT_FORMULARY,
    MAX_STRENGTH_MG,
    DosageForm,
    Formula,
    base_problem_text,
    formula_code,
    formula_problems,
)


def capsule(strength: str = "1.5", **changes: Any) -> Formula:
    formula = Formula(f"CAP-{strength}", DosageForm.CAPSULE, Decimal(strength))
    return dataclasses.replace(formula, **changes)


# --- dosage forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "label", "unit", "plural"),
    [
        (DosageForm.CAPSULE, "Capsule", "capsule", "capsules"),
        (DosageForm.ORAL_LIQUID, "Oral liquid", "mL", "mL"),
        (DosageForm.SUBLINGUAL_DROPS, "Sublingual drops", "drop", "drops"),
        (DosageForm.TROCHE, "Troche", "troche", "troches"),
        (DosageForm.TOPICAL_CREAM, "Topical cream", "mL", "mL"),
    ],
)
def test_dosage_form_words(form: DosageForm, label: str, unit: str, plural: str) -> None:
    assert form.label == label
    assert form.unit == unit
    assert form.plural == plural
    assert form.per_volume is (unit == "mL")
    assert form.measure_step == (Decimal("0.1") if unit == "mL" else Decimal(1))
    assert form.max_units > 0
    assert "{amount}" in form.action


@pytest.mark.parametrize(
    ("form", "count", "text"),
    [
        (DosageForm.CAPSULE, 1, "1 capsule"),
        (DosageForm.CAPSULE, Decimal("1.0"), "1 capsule"),
        (DosageForm.CAPSULE, 2, "2 capsules"),
        (DosageForm.CAPSULE, Decimal("3.00"), "3 capsules"),
        (DosageForm.ORAL_LIQUID, Decimal("0.5"), "0.5 mL"),
        (DosageForm.ORAL_LIQUID, Decimal("1.50"), "1.5 mL"),
        (DosageForm.ORAL_LIQUID, 1, "1 mL"),
        (DosageForm.SUBLINGUAL_DROPS, 1, "1 drop"),
        (DosageForm.SUBLINGUAL_DROPS, 3, "3 drops"),
        (DosageForm.TROCHE, 1, "1 troche"),
        (DosageForm.TROCHE, 2, "2 troches"),
        (DosageForm.TOPICAL_CREAM, Decimal("4.5"), "4.5 mL"),
    ],
)
def test_units_text(form: DosageForm, count: Decimal | int, text: str) -> None:
    assert form.units(count) == text


@pytest.mark.parametrize(
    ("form", "flavoured"),
    [
        (DosageForm.CAPSULE, False),
        (DosageForm.ORAL_LIQUID, True),
        (DosageForm.SUBLINGUAL_DROPS, True),
        (DosageForm.TROCHE, True),
        (DosageForm.TOPICAL_CREAM, False),
    ],
)
def test_only_liquids_drops_and_troches_have_a_flavour(form: DosageForm, flavoured: bool) -> None:
    assert form.flavoured is flavoured
    formula = Formula("X-1", form, Decimal(1), flavour="cherry")
    assert ("flavour" in formula_problems(formula)) is not flavoured
    assert "flavour" not in formula_problems(dataclasses.replace(formula, flavour=None))
    assert "flavour" not in formula_problems(dataclasses.replace(formula, flavour=""))


def test_flavour_message_names_the_form() -> None:
    assert formula_problems(capsule(flavour="mint"))["flavour"] == "A capsule has no flavour."


# --- bases ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "reason"),
    [
        ("calcium carbonate", "Calcium carbonate"),
        ("Calcium Carbonate", "Calcium carbonate"),
        ("CALCIUM CARBONATE USP", "Calcium carbonate"),
        ("calcium-carbonate", "Calcium carbonate"),
        ("Calcium  carbonate (precipitated)", "Calcium carbonate"),
        ("CaCO3", "Calcium carbonate"),
        ("methylcellulose", "Methylcellulose"),
        ("Methyl cellulose", "Methylcellulose"),
        ("methyl-cellulose", "Methylcellulose"),
        ("hydroxypropyl methylcellulose", "slows release"),
        ("Hydroxypropyl Methyl Cellulose", "slows release"),
        ("HPMC", "HPMC"),
        ("hpmc k100m", "HPMC"),
        ("MCC + HPMC", "HPMC"),
        ("hypromellose", "Hypromellose"),
        ("Hypromellóse", "Hypromellose"),  # accent
        ("HYPROMELLOSE 2208", "Hypromellose"),
        ("Methocel E4M", "Methocel"),
        ("SR base", "no SR, ER, XR or CR"),
        ("sr base", "no SR, ER, XR or CR"),
        ("Avicel (ER)", "no SR, ER, XR or CR"),
        ("XR filler", "no SR, ER, XR or CR"),
        ("CR-base", "no SR, ER, XR or CR"),
        ("sustained release", "immediate release"),
        ("Sustained-release base", "immediate release"),
        ("SUSTAINED RELEASE", "immediate release"),
        ("slow release", "immediate release"),
        ("slow-release filler", "immediate release"),
        ("extended release", "immediate release"),
        ("extended-release", "immediate release"),
        ("timed release", "immediate release"),
        ("controlled release", "immediate release"),
        ("Contrôlled reléase", "immediate release"),  # accents
    ],
)
def test_forbidden_bases(base: str, reason: str) -> None:
    text = base_problem_text(base)
    assert text is not None
    assert reason in text
    assert formula_problems(capsule(base=base))["base"] == text


@pytest.mark.parametrize(
    "base",
    [
        DEFAULT_BASE,
        "microcrystalline cellulose",
        "MCC",
        "Avicel",
        "Avicel PH-102",
        "MCC (Avicel PH 101)",
        "lactose",
        "lactose monohydrate",
        "Lactose-free MCC",
        "sucrose",
        "purified water with glycerin",
        "polyethylene glycol troche base",
        "hypoallergenic cream base",
        "Ørsted's filler",  # non-ASCII that folds to letters
    ],
)
def test_acceptable_bases(base: str) -> None:
    assert base_problem_text(base) is None
    assert "base" not in formula_problems(capsule(base=base))


@pytest.mark.parametrize("base", ["", "   ", "\t"])
def test_a_base_must_be_named(base: str) -> None:
    assert "Name the base" in (base_problem_text(base) or "")
    assert "base" in formula_problems(capsule(base=base))


# --- strength ---------------------------------------------------------------------------------


@pytest.mark.parametrize("strength", ["0.1", "0.5", "1", "4.5", "10", "10.0"])
def test_low_strengths_are_accepted(strength: str) -> None:
    assert "strength_mg" not in formula_problems(capsule(strength_mg=Decimal(strength)))


def test_strength_above_10_mg_is_refused_as_a_likely_decimal_error() -> None:
    assert Decimal(10) == MAX_STRENGTH_MG
    problem = formula_problems(capsule(strength_mg=Decimal("10.5")))["strength_mg"]
    assert "10.5 mg per unit is not a low-dose formula" in problem
    assert "at most 10 mg" in problem
    assert "decimal error" in problem
    assert "50 mg" in formula_problems(capsule(strength_mg=Decimal("50.0")))["strength_mg"]


@pytest.mark.parametrize("strength", ["0", "0.0", "-1"])
def test_strength_must_be_more_than_zero(strength: str) -> None:
    problem = formula_problems(capsule(strength_mg=Decimal(strength)))["strength_mg"]
    assert problem == "The strength must be more than 0 mg."


# --- code -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["CAP-1.5", "LIQ-1", "SL-0.5", "cap_4.5", "A", "X" * 30, " CAP-3 "])
def test_good_codes(code: str) -> None:
    assert "code" not in formula_problems(capsule(code=code))


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Give the formula a short code"),
        ("   ", "Give the formula a short code"),
        ("CAP 1.5", "no spaces"),
        ("-CAP", "no spaces"),
        (".CAP", "no spaces"),
        ("X" * 31, "up to 30"),
        ("CAP/1.5", "no spaces"),
        ("CAP-1.5\n", None),  # trailing whitespace is stripped, not an error
        ("CAP-1.5\nDROP", "no spaces"),
        ("CÁP-1", "no spaces"),
        ("'; DROP TABLE formulas;--", "no spaces"),
    ],
)
def test_code_rules(code: str, message: str | None) -> None:
    problems = formula_problems(capsule(code=code))
    if message is None:
        assert "code" not in problems
    else:
        assert message in problems["code"]


def test_every_problem_is_reported_at_once() -> None:
    formula = Formula("bad code", DosageForm.CAPSULE, Decimal(0), base="HPMC", flavour="mint")
    assert set(formula_problems(formula)) == {"code", "strength_mg", "base", "flavour"}


# --- the default formulary ----------------------------------------------------------------------


@pytest.mark.parametrize("formula", DEFAULT_FORMULARY, ids=lambda f: f.code)
def test_every_default_formula_is_acceptable(formula: Formula) -> None:
    assert formula_problems(formula) == {}
    assert formula.active
    assert formula.id is None


def test_default_formulary_codes_are_unique_and_cover_every_form() -> None:
    codes = [f.code for f in DEFAULT_FORMULARY]
    assert len(codes) == len(set(codes))
    assert {f.dosage_form for f in DEFAULT_FORMULARY} == set(DosageForm)
    assert {"CAP-0.5", "CAP-1", "CAP-1.5", "CAP-3", "CAP-4.5", "LIQ-1", "SL-0.5"} <= set(codes)


# --- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "strength_text", "label"),
    [
        ("CAP-0.5", "0.5 mg per capsule", "Naltrexone HCl 0.5 mg capsule"),
        ("CAP-1", "1 mg per capsule", "Naltrexone HCl 1 mg capsule"),
        ("CAP-1.5", "1.5 mg per capsule", "Naltrexone HCl 1.5 mg capsule"),
        ("CAP-4.5", "4.5 mg per capsule", "Naltrexone HCl 4.5 mg capsule"),
        ("LIQ-1", "1 mg/mL", "Naltrexone HCl 1 mg/mL oral liquid"),
        ("SL-0.5", "0.5 mg per drop", "Naltrexone HCl 0.5 mg sublingual drops"),
        ("TRO-1.5", "1.5 mg per troche", "Naltrexone HCl 1.5 mg troche"),
        ("CRM-1", "1 mg/mL", "Naltrexone HCl 1 mg/mL topical cream"),
    ],
)
def test_strength_text_and_label(code: str, strength_text: str, label: str) -> None:
    formula = next(f for f in DEFAULT_FORMULARY if f.code == code)
    assert formula.strength_text == strength_text
    assert formula.label == label


def test_labels_are_ismp_formatted_for_decimal_inputs() -> None:
    formula = Formula("CAP-4.5", DosageForm.CAPSULE, Decimal("4.50"))
    assert formula.strength_text == "4.5 mg per capsule"
    liquid = Formula("LIQ-2", DosageForm.ORAL_LIQUID, Decimal("2.0"))
    assert liquid.strength_text == "2 mg/mL"
    assert liquid.label == "Naltrexone HCl 2 mg/mL oral liquid"
    small = Formula("CAP-.5", DosageForm.CAPSULE, Decimal(".5"))
    assert small.label == "Naltrexone HCl 0.5 mg capsule"


def test_formula_equality_ignores_the_database_id() -> None:
    assert capsule() == dataclasses.replace(capsule(), id=42)
    assert capsule() != capsule(strength_mg=Decimal(3))


def test_a_formula_code_is_stored_and_found_in_capitals_without_stray_spaces() -> None:
    assert formula_code("  cap-1.5 ") == "CAP-1.5"
    assert formula_code("liq\t1") == "LIQ 1"  # formula_problems then refuses the space
