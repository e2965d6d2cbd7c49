"""Reading a medication entry: every opioid and antagonist is found; look-alikes are not."""

from __future__ import annotations

import pytest

from ldnclinic.domain.medications.reading import AntagonistKind, OpioidKind, OpioidMatch, classify_medication
from tests.domain.medication_cases import ANTAGONIST_ENTRIES, NOT_OPIOID_ENTRIES, OPIOID_ENTRIES

FLAGGED = [
    ("tramadol", "tramadol"),
    ("Tramadol HCl 50 mg", "tramadol"),
    ("Ultram", "tramadol"),
    ("hydrocodone", "hydrocodone"),
    ("hydrocodone-acetaminophen 5-325", "hydrocodone"),
    ("Norco 10/325", "hydrocodone"),
    ("Vicodin ES", "hydrocodone"),
    ("oxycodone", "oxycodone"),
    ("OxyContin ER 20 mg", "oxycodone"),
    ("Percocet", "oxycodone"),
    ("codeine", "codeine"),
    ("codeine sulfate 30 mg", "codeine"),
    ("morphine", "morphine"),
    ("MS Contin", "morphine"),
    ("MS-Contin 15 mg", "morphine"),
    ("hydromorphone", "hydromorphone"),
    ("Dilaudid", "hydromorphone"),
    ("fentanyl", "fentanyl"),
    ("fentanyl patch 25 mcg/hr", "fentanyl"),
    ("Duragesic", "fentanyl"),
    ("methadone", "methadone"),
    ("Methadone 10mg", "methadone"),
    ("buprenorphine", "buprenorphine"),
    ("Butrans patch", "buprenorphine"),
    ("Suboxone", "buprenorphine"),
    ("Suboxone (buprenorphine/naloxone) film", "buprenorphine"),
    ("tapentadol", "tapentadol"),
    ("Nucynta", "tapentadol"),
    ("Tylenol #3", "codeine"),
    ("Tylenol#3", "codeine"),
    ("Tylenol # 3", "codeine"),
    ("Tylenol No. 3", "codeine"),
    ("Tylenol no 3", "codeine"),
    ("Tylenol No3", "codeine"),
    ("Tylenol 3", "codeine"),
    ("tylenol-3", "codeine"),
    ("TYLENOL #4", "codeine"),
    ("Tylenol with codeine", "codeine"),
    ("Tylenol w/ codeine", "codeine"),
    ("Tylenol w/codeine #3", "codeine"),
    ("Tylenol-Codeine No. 4", "codeine"),
    ("APAP/codeine", "codeine"),
    ("acetaminophen-codeine 300-30", "codeine"),
    ("promethazine w/ codeine", "codeine"),
    ("Promethazine with codeine syrup", "codeine"),
    ("promethazine-codeine", "codeine"),
    ("Phenergan w/ codeine", "codeine"),
    ("Cheratussin AC", "codeine"),
    ("Cheratussin A.C.", "codeine"),
    ("Robitussin AC", "codeine"),
    ("guaifenesin/codeine", "codeine"),
    ("kratom", "kratom"),
    ("Kratom powder (Mitragyna speciosa)", "kratom"),
    ("7-OH tablets", "kratom"),
    ("Lomotil", "diphenoxylate"),
    ("Demerol", "meperidine"),
    ("Opium tincture", "opium"),
    ("heroin (in recovery)", "heroin"),
]


def opioid(entry: str) -> OpioidMatch | None:
    return classify_medication(entry).opioid


@pytest.mark.parametrize(("entry", "ingredient"), FLAGGED)
def test_opioids_are_flagged(entry: str, ingredient: str) -> None:
    match = opioid(entry)
    assert match is not None, entry
    assert match.ingredient == ingredient
    assert classify_medication(entry).blocks_ldn


@pytest.mark.parametrize(
    "entry",
    ["TRAMADOL", "Trámadol", "OXYCODONE", "Óxycodone", "MORPHINE", "Mórphine", "fentanyl", "FENTANYL"],
)
def test_case_and_accents_do_not_hide_an_opioid(entry: str) -> None:
    assert opioid(entry) is not None


@pytest.mark.parametrize(
    "entry",
    [
        "Naltrexone 4.5 mg (LDN)",
        "low-dose naltrexone",
        "naloxone",
        "Narcan (naloxone) nasal spray",
        "Tylenol",
        "Tylenol Extra Strength 500 mg",
        "Tylenol PM",
        "Tylenol 8 HR",
        "Tylenol 325 mg",
        "Tylenol 3 times daily",
        "Tylenol 3x a day",
        "Tylenol 2 times a day",
        "acetaminophen",
        "acetaminophen 500 mg",
        "liothyronine",
        "T3",
        "liothyronine (T3) 5 mcg",
        "Cytomel",
        "Cytomel T3 25 mcg",
        "levothyroxine",
        "metformin",
        "loperamide",
        "Imodium",
        "gabapentin",
        "pregabalin",
        "ibuprofen",
        "Robitussin",
        "Robitussin DM",
        "dextromethorphan",
        "Fioricet",
        "vitamin D3",
        "Scopium",  # contains "opium" but is not a word for it
        "Opiumfree tea",
        "heroine",
        "metformin 500 mg a.c.",
        "",
        "   ",
        "'; DROP TABLE patient_medications;--",
    ],
)
def test_non_opioids_are_not_flagged(entry: str) -> None:
    reading = classify_medication(entry)
    assert not reading.blocks_ldn, reading


def test_no_opioid_name_flags_inside_a_longer_word() -> None:
    # e.g. "morphine" inside "hydromorphone" is its own opioid, not a false match.
    assert opioid("hydromorphone").ingredient == "hydromorphone"  # type: ignore[union-attr]
    assert opioid("dihydrocodeine").ingredient == "dihydrocodeine"  # type: ignore[union-attr]
    assert opioid("diacetylmorphine").ingredient == "heroin"  # type: ignore[union-attr]


def test_kinds() -> None:
    assert opioid("Suboxone").kind is OpioidKind.PARTIAL_AGONIST  # type: ignore[union-attr]
    assert opioid("kratom").kind is OpioidKind.KRATOM  # type: ignore[union-attr]
    assert opioid("Percocet").kind is OpioidKind.AGONIST  # type: ignore[union-attr]
    assert opioid("nalbuphine").kind is OpioidKind.MIXED  # type: ignore[union-attr]


def test_summary_names_the_ingredient() -> None:
    match = opioid("Percocet 5/325")
    assert match is not None
    assert match.summary == "percocet: contains oxycodone (opioid agonist)"
    direct = opioid("tramadol")
    assert direct is not None
    assert direct.summary == "tramadol (opioid agonist)"


# --- the reference cases (built from the CDC opioid NDC file and drug labels) ------------------


@pytest.mark.parametrize(("name", "dose", "ingredient"), OPIOID_ENTRIES)
def test_reference_opioid_entries(name: str, dose: str | None, ingredient: str) -> None:
    reading = classify_medication(name, dose)
    assert ingredient in {match.ingredient for match in reading.opioids}, reading
    assert reading.blocks_ldn


@pytest.mark.parametrize(("name", "dose", "kind"), ANTAGONIST_ENTRIES)
def test_reference_antagonist_entries(name: str, dose: str | None, kind: str) -> None:
    reading = classify_medication(name, dose)
    assert reading.antagonist is not None, reading
    assert reading.antagonist.kind == AntagonistKind(kind)
    assert reading.blocks_ldn is AntagonistKind(kind).blocks_ldn


@pytest.mark.parametrize(("name", "dose"), NOT_OPIOID_ENTRIES)
def test_reference_entries_that_are_not_opioids(name: str, dose: str | None) -> None:
    reading = classify_medication(name, dose)
    assert not reading.opioids and not reading.blocks_ldn, reading


@pytest.mark.parametrize(
    ("name", "dose", "why"),
    [
        ("naltrexone", None, "no dose given"),
        ("Naltrexone", "50 mg", "50 mg is not a low dose"),
        ("naltrexone 12.5 mg", None, "12.5 mg is not a low dose"),
        ("LDN", "50 mg", "50 mg is not a low dose"),
        ("naltrexone extended-release injectable suspension", None, "a long-acting form"),
        ("naltrexone implant", None, "a long-acting form"),
        ("naltrexone injection", None, "a long-acting form"),
    ],
)
def test_naltrexone_that_is_not_ldn_is_another_antagonist(name: str, dose: str | None, why: str) -> None:
    reading = classify_medication(name, dose)
    assert reading.antagonist is not None and reading.antagonist.kind is AntagonistKind.NALTREXONE
    assert why in reading.antagonist.why
    assert not reading.ldn


@pytest.mark.parametrize(
    ("name", "dose"),
    [
        ("LDN", "4.5 mg"),
        ("naltrexone", "1.5 mg at bedtime"),
        ("Low-dose naltrexone", None),
        ("naltrexone", "500 mcg"),
    ],
)
def test_the_patients_own_ldn_is_not_a_stop(name: str, dose: str | None) -> None:
    reading = classify_medication(name, dose)
    assert reading.ldn and not reading.blocks_ldn and reading.antagonist is None
    assert reading.labels() == ("LDN",)


@pytest.mark.parametrize(
    ("entry", "ingredient"),
    [
        ("hydro codone 5/325", "hydrocodone"),
        ("Oxy-codone", "oxycodone"),
        ("perc 10", "oxycodone"),
        ("oxy 30s", "oxycodone"),
        ("sub 8mg film", "buprenorphine"),
        ("Norcos", "hydrocodone"),
        ("T#3", "codeine"),
        ("poppy seed tea", "opium"),
        ("Feel Free tonic", "kratom"),
        ("fent patch 25", "fentanyl"),
    ],
)
def test_split_names_shorthand_and_supplements(entry: str, ingredient: str) -> None:
    match = opioid(entry)
    assert match is not None and match.ingredient == ingredient, entry


@pytest.mark.parametrize(
    "entry",
    [
        "Oxy acne wash",
        "OXY 10 benzoyl peroxide",
        "hydro chlorothiazide",
        "Hydro 25",
        "pain free",
        "Hydro Flask water",
    ],
)
def test_shorthand_without_a_strength_is_not_an_opioid(entry: str) -> None:
    assert not classify_medication(entry).blocks_ldn


def test_naloxone_inside_an_opioid_product_is_not_a_rescue_kit() -> None:
    reading = classify_medication("Buprenorphine/naloxone", "8/2 mg film")
    assert reading.labels() == ("opioid: buprenorphine",)
