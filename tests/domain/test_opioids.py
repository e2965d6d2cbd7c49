"""The opioid screen: every opioid the issue names is flagged; look-alikes are not."""

from __future__ import annotations

import pytest

from ldnclinic.domain.opioids import OpioidKind, is_opioid, screen_medication

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


@pytest.mark.parametrize(("entry", "ingredient"), FLAGGED)
def test_opioids_are_flagged(entry: str, ingredient: str) -> None:
    match = screen_medication(entry)
    assert match is not None, entry
    assert match.ingredient == ingredient
    assert is_opioid(entry)


@pytest.mark.parametrize(
    "entry",
    ["TRAMADOL", "Trámadol", "OXYCODONE", "Óxycodone", "MORPHINE", "Mórphine", "fentanyl", "FENTANYL"],
)
def test_case_and_accents_do_not_hide_an_opioid(entry: str) -> None:
    assert is_opioid(entry)


@pytest.mark.parametrize(
    "entry",
    [
        "naltrexone",
        "Naltrexone 4.5 mg (LDN)",
        "low-dose naltrexone",
        "NALTREXONE",
        "naloxone",
        "Narcan (naloxone) nasal spray",
        "methylnaltrexone",
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
        "codeinex",
        "morphinex",
        "heroine",
        "metformin 500 mg a.c.",
        "",
        "   ",
        "'; DROP TABLE patient_medications;--",
    ],
)
def test_non_opioids_are_not_flagged(entry: str) -> None:
    assert screen_medication(entry) is None, screen_medication(entry)


def test_no_opioid_name_flags_inside_a_longer_word() -> None:
    # e.g. "morphine" inside "hydromorphone" is its own opioid, not a false match.
    assert screen_medication("hydromorphone").ingredient == "hydromorphone"  # type: ignore[union-attr]
    assert screen_medication("dihydrocodeine").ingredient == "dihydrocodeine"  # type: ignore[union-attr]
    assert screen_medication("diacetylmorphine").ingredient == "heroin"  # type: ignore[union-attr]


def test_kinds() -> None:
    assert screen_medication("Suboxone").kind is OpioidKind.PARTIAL_AGONIST  # type: ignore[union-attr]
    assert screen_medication("kratom").kind is OpioidKind.KRATOM  # type: ignore[union-attr]
    assert screen_medication("Percocet").kind is OpioidKind.AGONIST  # type: ignore[union-attr]
    assert screen_medication("nalbuphine").kind is OpioidKind.MIXED  # type: ignore[union-attr]


def test_summary_names_the_ingredient() -> None:
    match = screen_medication("Percocet 5/325")
    assert match is not None
    assert match.summary == "percocet: contains oxycodone (opioid agonist)"
    direct = screen_medication("tramadol")
    assert direct is not None
    assert direct.summary == "tramadol (opioid agonist)"
