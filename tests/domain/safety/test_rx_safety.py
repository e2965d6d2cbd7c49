"""The prescription safety screen: every hard stop and warning, its look-alikes, and hostile input."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest

from ldnclinic.domain.enums import ConsentKind
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula
from ldnclinic.domain.prescriptions.titration import TitrationStep
from ldnclinic.domain.safety.findings import Finding, Severity, hard_stops, warnings
from ldnclinic.domain.safety.screen import RULES_VERSION, MedicationFact, SafetyInput, screen

CAPSULE_1_5 = Formula("CAP-1.5", DosageForm.CAPSULE, Decimal("1.5"))
LIQUID_1 = Formula("LIQ-1", DosageForm.ORAL_LIQUID, Decimal(1), base="purified water with glycerin")
STANDARD_STEPS = (
    TitrationStep(Decimal("1.5"), 14),
    TitrationStep(Decimal(3), 14),
    TitrationStep(Decimal("4.5")),
)
ALL_CONSENTS = frozenset(ConsentKind)
HOSTILE = [
    "",
    "   ",
    "'; DROP TABLE patients; --",
    "1=1 OR 'a'='a'",
    "Robert'); DELETE FROM prescriptions;--",
    "💊💊💊",
    "😀 ✨ 🚀",
    "x" * 5000,
    "a " * 2500,
    "\x00\x1b[31m\u202e",
    "%s %d {0} {name}",
    "<script>alert(1)</script>",
    "Ⅳ ﬁ ℌ 𝔥𝔢𝔩𝔩𝔬",
    "テスト 测试 اختبار",
]


def clean(**changes: object) -> SafetyInput:
    """A prescription that passes every rule; each test changes one thing."""
    base = SafetyInput(
        medications=(MedicationFact("Vitamin D3 2000 IU"), MedicationFact("Metformin 500 mg")),
        conditions=(("Fibromyalgia", "M79.7"),),
        allergies=("Penicillin",),
        patient_state="TX",
        consents=ALL_CONSENTS,
        formula=CAPSULE_1_5,
        steps=STANDARD_STEPS,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def steps(*doses: str) -> tuple[TitrationStep, ...]:
    *leading, last = (Decimal(dose) for dose in doses)
    return (*(TitrationStep(dose, 7) for dose in leading), TitrationStep(last))


def codes(data: SafetyInput) -> list[str]:
    return [finding.code for finding in screen(data)]


def only(data: SafetyInput, code: str) -> Finding:
    found = [finding for finding in screen(data) if finding.code == code]
    assert len(found) == 1, found
    return found[0]


def meds(*names: str, taking_now: bool = True) -> tuple[MedicationFact, ...]:
    return tuple(MedicationFact(name, taking_now=taking_now) for name in names)


def conditions(*labels: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((label, None) for label in labels)


# --- the shape of the screen ---------------------------------------------------------------------


def test_a_clean_prescription_has_no_findings() -> None:
    assert screen(clean()) == ()


def test_rules_version_is_set() -> None:
    assert re.fullmatch(r"\d{4}\.\d{2}-\d+", RULES_VERSION)


def test_severity_values_are_stable() -> None:
    assert Severity.HARD_STOP.value == "hard_stop"
    assert Severity.WARNING.value == "warning"
    assert Severity.HARD_STOP.label == "Hard stop"
    assert Severity.WARNING.label == "Warning"


def everything() -> SafetyInput:
    return clean(
        medications=meds("Norco 10/325", "Synthroid 75 mcg", "Tramadol 50 mg", "Prograf 1 mg"),
        conditions=(("Pregnancy", "Z34.90"), ("Cirrhosis", "K74.60"), ("Kidney transplant", "Z94.0")),
        allergies=("Naltrexone", "Calcium carbonate"),
        patient_state="OK",
        consents=frozenset(),
        formula=dataclasses.replace(CAPSULE_1_5, base="calcium carbonate"),
        steps=steps("0.25", "45"),
    )


def test_hard_stops_come_first_then_warnings_in_rule_order() -> None:
    assert codes(everything()) == [
        "opioid",
        "opioid",
        "dose_above_10",
        "cannot_make",
        "dose_below_0_5",
        "pregnancy",
        "liver",
        "transplant_immunosuppressant",
        "thyroid_hormone",
        "allergy_naltrexone",
        "allergy_filler",
        "outside_texas",
        "consent_missing_telemedicine_consent",
        "consent_missing_privacy_notice_ack",
        "consent_missing_tmb_complaint_notice",
    ]


def test_the_screen_is_deterministic() -> None:
    first = screen(everything())
    assert all(screen(everything()) == first for _ in range(5))


def test_hard_stops_and_warnings_split_the_findings() -> None:
    findings = screen(everything())
    assert hard_stops(findings) + warnings(findings) == findings
    assert {f.severity for f in hard_stops(findings)} == {Severity.HARD_STOP}
    assert {f.severity for f in warnings(findings)} == {Severity.WARNING}
    assert hard_stops(screen(clean())) == () == warnings(screen(clean()))


def test_the_same_medication_twice_gives_one_finding() -> None:
    assert codes(clean(medications=meds("Tramadol", "Tramadol"))) == ["opioid"]


def test_findings_are_frozen() -> None:
    finding = screen(everything())[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "other"  # type: ignore[misc]


# --- hard stop: opioids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ingredient"),
    [
        ("Tramadol 50 mg", "tramadol"),
        ("Norco 10/325", "hydrocodone"),
        ("OxyContin ER 20 mg", "oxycodone"),
        ("Tylenol #3", "codeine"),
        ("Suboxone film", "buprenorphine"),
        ("fentanyl patch 25 mcg/hr", "fentanyl"),
        ("METHADONE", "methadone"),
        ("Kratom capsules", "kratom"),
        ("Lomotil", "diphenoxylate"),
    ],
)
def test_an_opioid_taken_now_is_a_hard_stop(name: str, ingredient: str) -> None:
    finding = only(clean(medications=meds(name)), "opioid")
    assert finding.severity is Severity.HARD_STOP
    assert f"“{name}”" in finding.message
    assert ingredient in finding.message
    assert "withdrawal" in finding.message
    assert "block" in finding.message
    assert "prescriber must review" in finding.message


def test_each_opioid_gets_its_own_finding() -> None:
    findings = screen(clean(medications=meds("Tramadol", "Vitamin C", "Percocet")))
    assert [f.code for f in findings] == ["opioid", "opioid"]
    assert "Tramadol" in findings[0].message
    assert "Percocet" in findings[1].message


@pytest.mark.parametrize("name", ["Tramadol 50 mg", "Norco", "Methadone 10 mg"])
def test_an_opioid_no_longer_taken_is_not_a_stop(name: str) -> None:
    assert codes(clean(medications=meds(name, taking_now=False))) == []


@pytest.mark.parametrize(
    "name", ["Loperamide", "Naloxone", "Hydrocortisone cream", "Tylenol 3 times a day", "Ibuprofen"]
)
def test_look_alikes_are_not_opioid_stops(name: str) -> None:
    assert "opioid" not in codes(clean(medications=meds(name)))


def test_a_long_medication_name_is_cut_in_the_message() -> None:
    name = "Tramadol " + "extra words " * 40
    message = only(clean(medications=meds(name)), "opioid").message
    assert "…" in message
    assert name not in message
    assert len(message) < 400


# --- hard stop: dose above 10 mg -----------------------------------------------------------------


@pytest.mark.parametrize("dose", ["10.5", "11", "15", "45", "50", "450", "999"])
def test_a_dose_above_10_mg_is_a_hard_stop(dose: str) -> None:
    finding = only(clean(steps=steps("1.5", dose)), "dose_above_10")
    assert finding.severity is Severity.HARD_STOP
    assert "not a low dose" in finding.message
    assert "decimal" in finding.message


@pytest.mark.parametrize("dose", ["10", "10.0", "9.999", "4.5"])
def test_10_mg_and_below_is_not_a_hard_stop(dose: str) -> None:
    assert "dose_above_10" not in codes(clean(steps=steps(dose)))


@pytest.mark.parametrize(
    ("dose", "meant"), [("45", "4.5 mg"), ("15", "1.5 mg"), ("30", "3 mg"), ("450", "4.5 mg")]
)
def test_the_decimal_error_message_suggests_the_dose_meant(dose: str, meant: str) -> None:
    message = only(clean(steps=steps(dose)), "dose_above_10").message
    assert f"{dose} mg" in message
    assert f"was {meant} meant?" in message


def test_an_odd_dose_above_10_gives_the_general_example() -> None:
    message = only(clean(steps=steps("10.5")), "dose_above_10").message
    assert "10.5 mg" in message
    assert "45 mg typed for 4.5 mg" in message


def test_a_dose_above_10_does_not_also_warn_above_4_5() -> None:
    assert "dose_above_4_5" not in codes(clean(steps=steps("45")))


# --- hard stop: the pharmacy cannot make it -----------------------------------------------------


@pytest.mark.parametrize(
    ("base", "words"),
    [
        ("calcium carbonate", "Calcium carbonate"),
        ("Methocel", "immediate release"),
        ("hypromellose", "immediate release"),
        ("microcrystalline cellulose SR", "immediate release"),
        ("slow release base", "immediate release"),
    ],
)
def test_a_refused_base_cannot_be_made(base: str, words: str) -> None:
    formula = dataclasses.replace(CAPSULE_1_5, base=base)
    finding = only(clean(formula=formula), "cannot_make")
    assert finding.severity is Severity.HARD_STOP
    assert words in finding.message
    assert "CAP-1.5" in finding.message


def test_doses_the_formula_cannot_measure_cannot_be_made() -> None:
    finding = only(clean(steps=steps("1.5", "2", "4.5")), "cannot_make")
    assert "2 mg cannot be given in whole capsules" in finding.message
    # The problems it lists are also data, so a screen that shows them can point here.
    assert finding.headline == "The pharmacy cannot make CAP-1.5 as written"
    assert finding.message == f"{finding.headline}. " + " ".join(finding.restates)
    assert any("2 mg" in problem for problem in finding.restates)


def test_formula_and_fit_problems_share_one_finding() -> None:
    formula = dataclasses.replace(CAPSULE_1_5, base="calcium carbonate")
    finding = only(clean(formula=formula, steps=steps("1", "4.5")), "cannot_make")
    assert "Calcium carbonate" in finding.message
    assert "1 mg cannot be given" in finding.message


@pytest.mark.parametrize("strength", ["0", "-1", "12"])
def test_an_impossible_strength_is_a_stop_and_not_a_crash(strength: str) -> None:
    formula = dataclasses.replace(CAPSULE_1_5, strength_mg=Decimal(strength))
    assert "cannot_make" in codes(clean(formula=formula))


def test_a_liquid_fits_any_tenth_of_a_mg() -> None:
    assert codes(clean(formula=LIQUID_1, steps=steps("0.5", "1.2", "4.5"))) == []


# --- warnings: dose range ------------------------------------------------------------------------


@pytest.mark.parametrize("dose", ["4.6", "6", "9", "10"])
def test_a_dose_above_4_5_mg_is_a_warning(dose: str) -> None:
    finding = only(clean(formula=LIQUID_1, steps=steps("1", dose)), "dose_above_4_5")
    assert finding.severity is Severity.WARNING
    assert f"{dose} mg" in finding.message
    assert "4.5 mg" in finding.message


@pytest.mark.parametrize("dose", ["4.5", "4.50", "3", "0.5"])
def test_4_5_mg_and_below_is_no_warning(dose: str) -> None:
    assert "dose_above_4_5" not in codes(clean(formula=LIQUID_1, steps=steps(dose)))


@pytest.mark.parametrize("dose", ["0.4", "0.25", "0.1", "0.001"])
def test_a_dose_below_0_5_mg_is_a_warning(dose: str) -> None:
    finding = only(clean(formula=LIQUID_1, steps=steps(dose, "1")), "dose_below_0_5")
    assert finding.severity is Severity.WARNING
    assert f"{Decimal(dose).normalize():f} mg" in finding.message
    assert "0.5 mg" in finding.message


@pytest.mark.parametrize("dose", ["0.5", "0.50", "1"])
def test_0_5_mg_and_above_is_no_warning(dose: str) -> None:
    assert "dose_below_0_5" not in codes(clean(formula=LIQUID_1, steps=steps(dose)))


@pytest.mark.parametrize("doses", [("0.25", "6"), (".25", "4.60"), ("0.10", "45.0"), ("4.500", "10.50")])
def test_doses_in_messages_follow_ismp(doses: tuple[str, str]) -> None:
    findings = screen(clean(formula=LIQUID_1, steps=steps(*doses)))
    assert findings
    for finding in findings:
        assert not re.search(r"(?<![\d])\.\d", finding.message), finding.message
        assert not re.search(r"\d\.\d*0 mg", finding.message), finding.message
        assert not re.search(r"\d\.0\b", finding.message), finding.message


def test_no_steps_means_no_dose_findings() -> None:
    assert codes(clean(steps=())) == []


# --- warnings: pregnancy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Pregnancy",
        "pregnant",
        "Currently PREGNANT, 12 weeks",
        "Breastfeeding",
        "breast-feeding",
        "Breast feeding her infant",
        "breastfed baby at home",
        "Lactation",
        "Lactating mother",
        "Nursing mother",
        "Embarazada? no: pregnancy confirmed",
    ],
)
def test_pregnancy_or_breastfeeding_in_a_condition_is_a_warning(label: str) -> None:
    finding = only(clean(conditions=conditions(label)), "pregnancy")
    assert finding.severity is Severity.WARNING
    assert label[:40] in finding.message


@pytest.mark.parametrize("code", ["Z33.1", "Z34.00", "Z34.90", "O09.90", "O80", "o26.891", "Z39.1", "Z3A.12"])
def test_pregnancy_codes_are_a_warning(code: str) -> None:
    finding = only(clean(conditions=(("Visit", code),)), "pregnancy")
    assert code in finding.message


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Not pregnant", None),
        ("Nursing home resident", "Z59.3"),
        ("Lactose intolerance", "E73.9"),
        ("Lactic acidosis", "E87.2"),
        ("Fibromyalgia", "M79.7"),
        ("Elective termination", "Z33.2"),
        ("Obesity", "E66.9"),
    ],
)
def test_look_alikes_are_not_pregnancy(label: str, code: str | None) -> None:
    assert codes(clean(conditions=((label, code),))) == []


def test_a_pregnancy_code_wins_over_a_negative_label() -> None:
    assert "pregnancy" in codes(clean(conditions=(("Not pregnant", "Z34.90"),)))


def test_prenatal_vitamins_alone_are_not_a_pregnancy_warning() -> None:
    assert codes(clean(medications=meds("Prenatal vitamin"))) == []


# --- warnings: liver -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Hepatitis C",
        "Chronic hepatitis B",
        "Cirrhosis",
        "Liver failure",
        "Fatty liver",
        "NAFLD",
        "NASH",
        "MASLD",
        "Hepatic steatosis",
        "Alcoholic liver disease",
        "HCV",
        "Hep C, treated",
    ],
)
def test_liver_disease_is_a_warning(label: str) -> None:
    finding = only(clean(conditions=conditions(label)), "liver")
    assert finding.severity is Severity.WARNING
    assert label in finding.message


@pytest.mark.parametrize("code", ["K70.30", "K72.90", "K74.60", "K76.0", "K77", "B15.9", "B18.2", "b19.20"])
def test_liver_codes_are_a_warning(code: str) -> None:
    assert "liver" in codes(clean(conditions=(("Diagnosis", code),)))


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Liver spots", "L81.4"),
        ("Crohn's disease", "K50.90"),
        ("Celiac disease", "K90.0"),
        ("Gallstones", "K80.20"),
        ("Delivery planned", None),
        ("Oliver syndrome", None),
        ("Lyme disease", "A69.20"),
        ("Herpes zoster", "B02.9"),
    ],
)
def test_look_alikes_are_not_liver_disease(label: str, code: str | None) -> None:
    assert "liver" not in codes(clean(conditions=((label, code),)))


# --- warnings: transplant and immunosuppressants ------------------------------------------------


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Kidney transplant", None),
        ("Liver transplantation 2019", None),
        ("s/p heart transplant", None),
        ("History", "Z94.0"),
        ("Bone marrow", "Z94.81"),
        ("Graft problem", "T86.10"),
    ],
)
def test_a_transplant_is_a_warning(label: str, code: str | None) -> None:
    finding = only(clean(conditions=((label, code),)), "transplant_immunosuppressant")
    assert finding.severity is Severity.WARNING
    assert label in finding.message


@pytest.mark.parametrize(
    "name",
    [
        "Tacrolimus 1 mg",
        "Prograf",
        "Cyclosporine 100 mg",
        "Neoral",
        "Sandimmune",
        "Mycophenolate mofetil 500 mg",
        "CellCept",
        "Myfortic",
        "Sirolimus",
        "Rapamune",
        "Everolimus",
        "Zortress",
        "Azathioprine 50 mg",
        "Imuran",
        "Belatacept infusion",
    ],
)
def test_an_immunosuppressant_taken_now_is_a_warning(name: str) -> None:
    finding = only(clean(medications=meds(name)), "transplant_immunosuppressant")
    assert f"“{name}”" in finding.message


@pytest.mark.parametrize(
    "name",
    [
        "Cyclosporine ophthalmic emulsion",
        "cyclosporine eye drops",
        "Tacrolimus ointment 0.1%",
        "Restasis",
        "Prednisone 5 mg",
        "Hydroxychloroquine",
    ],
)
def test_eye_drops_creams_and_other_drugs_are_not_immunosuppressant_warnings(name: str) -> None:
    assert codes(clean(medications=meds(name))) == []


@pytest.mark.parametrize("label", ["Hair transplant", "Fecal microbiota transplant", "Faecal transplant"])
def test_hair_and_stool_transplants_are_not_warnings(label: str) -> None:
    assert codes(clean(conditions=conditions(label))) == []


def test_an_immunosuppressant_no_longer_taken_is_no_warning() -> None:
    assert codes(clean(medications=meds("Tacrolimus", taking_now=False))) == []


def test_transplant_and_drugs_share_one_finding() -> None:
    data = clean(
        medications=meds("Tacrolimus", "Mycophenolate", "Prednisone"),
        conditions=conditions("Kidney transplant"),
    )
    message = only(data, "transplant_immunosuppressant").message
    assert "“Kidney transplant”, “Tacrolimus” and “Mycophenolate”" in message


def test_a_long_list_is_shortened() -> None:
    data = clean(medications=meds("Tacrolimus", "Sirolimus", "Everolimus", "Imuran", "CellCept"))
    message = only(data, "transplant_immunosuppressant").message
    assert "and 2 more" in message
    assert "CellCept" not in message


# --- warnings: thyroid hormone -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Levothyroxine 50 mcg",
        "levothyroxine50mcg",
        "LEVOTHYROXINE",
        "Synthroid",
        "Levoxyl 75",
        "Unithroid",
        "Tirosint",
        "Euthyrox",
        "Levo-T",
        "Liothyronine 5 mcg",
        "Cytomel",
        "Armour Thyroid 60 mg",
        "NP Thyroid",
        "Desiccated thyroid",
        "Thyroid 30 mg",
    ],
)
def test_thyroid_hormone_taken_now_is_a_warning(name: str) -> None:
    finding = only(clean(medications=meds(name)), "thyroid_hormone")
    assert finding.severity is Severity.WARNING
    assert f"“{name}”" in finding.message
    assert "LDN can lower the thyroid dose" in finding.message
    assert "Tylenol" not in finding.message


@pytest.mark.parametrize("name", ["T3", "T3 5 mcg", "t-3", "T4 100 mcg"])
def test_bare_t3_is_thyroid_hormone_with_a_codeine_note(name: str) -> None:
    message = only(clean(medications=meds(name)), "thyroid_hormone").message
    assert "Tylenol with codeine" in message
    assert "confirm which" in message


def test_the_codeine_note_names_only_the_shorthand_entry() -> None:
    message = only(clean(medications=meds("Synthroid", "T3")), "thyroid_hormone").message
    assert message.count("“Synthroid”") == 1
    assert message.endswith(
        "“T3” could also be shorthand for Tylenol with codeine, an opioid: confirm which medicine it is."
    )


@pytest.mark.parametrize(
    "name",
    [
        "Methimazole",
        "Antithyroid drug",
        "PTU (propylthiouracil)",
        "Vitamin D3",
        "B12",
        "Part 3 of plan",
        "Hydrocortisone",
    ],
)
def test_look_alikes_are_not_thyroid_hormone(name: str) -> None:
    assert codes(clean(medications=meds(name))) == []


def test_thyroid_hormone_no_longer_taken_is_no_warning() -> None:
    assert codes(clean(medications=meds("Synthroid", taking_now=False))) == []


def test_a_thyroid_condition_alone_is_no_warning() -> None:
    assert codes(clean(conditions=(("Hashimoto's thyroiditis", "E06.3"),))) == []


# --- warnings: allergies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "allergy",
    ["Naltrexone", "naltrexone (hives)", "NALTREXONE HCL", "Revia", "Vivitrol", "LDN", "Low-dose naltrexone"],
)
def test_an_allergy_to_naltrexone_is_a_warning(allergy: str) -> None:
    finding = only(clean(allergies=(allergy,)), "allergy_naltrexone")
    assert finding.severity is Severity.WARNING
    assert f"“{allergy}”" in finding.message


@pytest.mark.parametrize(
    "allergy", ["No known allergies", "NKDA", "None", "Naloxone", "Sulfa", "Codeine", ""]
)
def test_other_allergies_are_no_warning(allergy: str) -> None:
    assert codes(clean(allergies=(allergy,))) == []


@pytest.mark.parametrize(
    ("base", "allergy"),
    [
        ("microcrystalline cellulose (Avicel)", "Cellulose"),
        ("microcrystalline cellulose (Avicel)", "avicel"),
        ("lactose monohydrate", "Lactose"),
        ("lactose monohydrate", "lactose intolerance"),
        ("sucrose", "SUCROSE"),
        ("fractionated coconut oil", "Coconut"),
        ("purified water with glycerin", "Glycerin"),
        ("polyethylene glycol troche base", "Polyethylene glycol"),
    ],
)
def test_an_allergy_to_the_base_is_a_warning(base: str, allergy: str) -> None:
    formula = dataclasses.replace(LIQUID_1, base=base)
    finding = only(clean(formula=formula, allergies=(allergy,)), "allergy_filler")
    assert finding.severity is Severity.WARNING
    assert f"“{allergy}”" in finding.message
    assert f"“{base}”" in finding.message
    assert "LIQ-1" in finding.message


def test_an_allergy_to_the_flavour_is_a_warning() -> None:
    formula = dataclasses.replace(LIQUID_1, flavour="cherry")
    message = only(clean(formula=formula, allergies=("Cherry",)), "allergy_filler").message
    assert "“cherry”" in message


@pytest.mark.parametrize(
    ("base", "allergy"),
    [
        ("hypoallergenic cream base", "cream"),
        ("hypoallergenic cream base", "Base"),
        ("purified water with a sugar-free suspending vehicle", "Sugar"),
        ("purified water with a sugar-free suspending vehicle", "water"),
        ("fractionated coconut oil", "Fish oil"),
        ("polyethylene glycol troche base", "Propylene glycol"),
        ("microcrystalline cellulose (Avicel)", "Methylcellulose"),
        ("microcrystalline cellulose (Avicel)", "No known allergies"),
        ("microcrystalline cellulose (Avicel)", "with"),
    ],
)
def test_general_words_do_not_match_the_base(base: str, allergy: str) -> None:
    formula = dataclasses.replace(LIQUID_1, base=base)
    assert codes(clean(formula=formula, allergies=(allergy,))) == []


def test_unflavoured_does_not_match() -> None:
    formula = dataclasses.replace(LIQUID_1, flavour="unflavoured")
    assert codes(clean(formula=formula, allergies=("Unflavoured",))) == []


# --- warnings: Texas -----------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["TX", "tx", " Tx ", "Texas"])
def test_a_texas_address_is_fine(state: str) -> None:
    assert codes(clean(patient_state=state)) == []


@pytest.mark.parametrize(
    ("state", "name"), [("OK", "Oklahoma"), ("nm", "New Mexico"), ("Louisiana", "Louisiana")]
)
def test_an_address_in_another_state_is_a_warning(state: str, name: str) -> None:
    finding = only(clean(patient_state=state), "outside_texas")
    assert finding.severity is Severity.WARNING
    assert name in finding.message
    assert "outside Texas" in finding.message
    assert "in Texas during the visit" in finding.message


@pytest.mark.parametrize("state", [None, "", "   "])
def test_an_address_without_a_state_is_a_warning(state: str | None) -> None:
    message = only(clean(patient_state=state), "outside_texas").message
    assert "has no state" in message


@pytest.mark.parametrize("state", ["ZZ", "Tejas", "'; DROP TABLE patients;--"])
def test_an_unknown_state_is_named_as_entered(state: str) -> None:
    message = only(clean(patient_state=state), "outside_texas").message
    assert f"“{state}”" in message
    assert "is not Texas" in message


# --- warnings: consents --------------------------------------------------------------------------


@pytest.mark.parametrize("missing", list(ConsentKind))
def test_each_missing_consent_is_its_own_warning(missing: ConsentKind) -> None:
    finding = only(clean(consents=ALL_CONSENTS - {missing}), f"consent_missing_{missing.value}")
    assert finding.severity is Severity.WARNING
    assert missing.label in finding.message
    assert codes(clean(consents=ALL_CONSENTS - {missing})) == [finding.code]


def test_no_consents_gives_three_warnings_in_a_fixed_order() -> None:
    assert codes(clean(consents=frozenset())) == [f"consent_missing_{kind.value}" for kind in ConsentKind]


# --- hostile and unusual input -------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_everywhere_does_not_crash_or_match(text: str) -> None:
    data = clean(
        medications=(MedicationFact(text, dose=text),),
        conditions=((text, text),),
        allergies=(text,),
    )
    assert codes(data) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_the_state_is_a_quoted_warning(text: str) -> None:
    message = only(clean(patient_state=text), "outside_texas").message
    assert len(message) < 300
    assert "\x00" not in message
    assert "\u202e" not in message
    assert "\n" not in message


def test_a_match_at_the_end_of_long_text_is_found() -> None:
    name = "x " * 2500 + "tramadol"
    message = only(clean(medications=meds(name)), "opioid").message
    assert len(message) < 400


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("LÉVOTHYROXINE", "thyroid_hormone"),
        ("Tacrólimus", "transplant_immunosuppressant"),
        ("💊 Synthroid 💊", "thyroid_hormone"),
        ("ＳＹＮＴＨＲＯＩＤ", "thyroid_hormone"),
        ("Trámadol", "opioid"),
    ],
)
def test_accents_and_unicode_forms_still_match(name: str, code: str) -> None:
    assert codes(clean(medications=meds(name))) == [code]


@pytest.mark.parametrize(
    ("label", "code"),
    [("Hépatite C chronique, hepatitis", "liver"), ("Embarazo — pregnancy", "pregnancy"), ("Cirrhose", "")],
)
def test_unicode_condition_labels(label: str, code: str) -> None:
    assert codes(clean(conditions=conditions(label))) == ([code] if code else [])


@pytest.mark.parametrize("code", ["O", "O0", "ZZZZZZZZZZ", "K7", "K7A.1", "'; --", "Ｏ09.90"])
def test_odd_icd_codes_do_not_crash(code: str) -> None:
    result = codes(clean(conditions=(("Visit", code),)))
    assert result in ([], ["pregnancy"])


def test_a_fullwidth_pregnancy_code_is_read() -> None:
    assert codes(clean(conditions=(("Visit", "Ｏ09.90"),))) == ["pregnancy"]


@pytest.mark.parametrize("dose", ["NaN", "Infinity", "-1", "0", "1E+30"])
def test_strange_doses_do_not_crash(dose: str) -> None:
    data = clean(formula=LIQUID_1, steps=(TitrationStep(Decimal("1"), 7), TitrationStep(Decimal(dose))))
    result = screen(data)
    assert all(isinstance(finding, Finding) for finding in result)
