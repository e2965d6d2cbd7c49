"""Generated medication entries: one reading, whatever the disguise, and the screen agrees with it.

Hypothesis builds entries from the term list itself (every opioid and antagonist name and
abbreviation), then disguises them the ways a hostile tester or a messy import does: case,
full-width letters, zero-width and control characters inside words, Cyrillic look-alike
letters, the entry split between name and dose at any space, text around it. The reading
must not change. Arbitrary text (any Unicode) never crashes the reader, and the safety
screen's hard stops are exactly the entries whose reading stops LDN.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib import resources

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ldnclinic.domain.enums import ConsentKind
from ldnclinic.domain.medications.reading import classify_medication, term_count, terms_version
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula
from ldnclinic.domain.prescriptions.titration import TitrationStep
from ldnclinic.domain.safety.findings import Severity
from ldnclinic.domain.safety.screen import RULES_VERSION, MedicationFact, SafetyInput, screen
from ldnclinic.domain.text import clean_text

TERMS = tomllib.loads(
    resources.files("ldnclinic.domain.data").joinpath("medication_terms.toml").read_text("utf-8")
)
OPIOID_NAMES = sorted(
    {
        (name, group["ingredient"])
        for group in TERMS["opioid"]
        for name in (*group["names"], *group["shorthand"])
    }
)
BLOCKING_ANTAGONISTS = sorted(
    {
        name
        for group in TERMS["antagonist"]
        if group["kind"] != "rescue"
        for name in (*group["names"], *group["shorthand"])
    }
)
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00", "\x1b", "\x7f", "\u202e"]
LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}
AROUND = st.sampled_from(
    ["", "1 tab q6h prn", "10/325 mg", "(as needed)", "from Dr. Lee", "patch", "PRN pain"]
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def disguised(draw: st.DrawFn, name: str) -> str:
    """The name with its letters disguised: case, width, look-alikes, invisible characters."""
    chars = []
    for letter in name:
        style = draw(st.sampled_from(["plain", "upper", "wide", "lookalike", "hidden"]))
        shown = letter
        if style == "upper":
            shown = letter.upper()
        elif style == "wide" and "!" <= letter <= "~":
            shown = chr(ord(letter) + 0xFEE0)  # full-width form; NFKC reads it back
        elif style == "lookalike":
            shown = LOOKALIKE.get(letter, letter)
        chars.append(shown)
        if style == "hidden":
            chars.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(chars)


@st.composite
def split_entry(draw: st.DrawFn, text: str) -> tuple[str, str]:
    """(name, dose) as an import splits an entry: at one of its spaces, or not at all."""
    words = text.split(" ")
    cut = draw(st.integers(min_value=1, max_value=max(1, len(words))))
    return " ".join(words[:cut]), " ".join(words[cut:])


@SETTINGS
@given(data=st.data(), entry=st.sampled_from(OPIOID_NAMES), before=AROUND, after=AROUND)
def test_a_disguised_opioid_is_still_an_opioid(
    data: st.DataObject, entry: tuple[str, str], before: str, after: str
) -> None:
    name, ingredient = entry
    text = " ".join(part for part in (before, data.draw(disguised(name)), after) if part)
    medication, dose = data.draw(split_entry(text))
    reading = classify_medication(medication, dose)
    assert ingredient in {match.ingredient for match in reading.opioids}, (medication, dose, reading)
    assert reading.blocks_ldn


@SETTINGS
@given(data=st.data(), name=st.sampled_from(BLOCKING_ANTAGONISTS), after=AROUND)
def test_a_disguised_antagonist_still_stops_ldn(data: st.DataObject, name: str, after: str) -> None:
    text = f"{data.draw(disguised(name))} {after}".strip()
    reading = classify_medication(text)
    assert reading.blocks_ldn, (text, reading)


@SETTINGS
@given(
    entry=st.sampled_from(OPIOID_NAMES),
    negation=st.sampled_from(["non-{}", "no {}", "without {}", "{}-free"]),
)
def test_a_negated_opioid_is_not_an_opioid(entry: tuple[str, str], negation: str) -> None:
    name, ingredient = entry
    reading = classify_medication(negation.format(name) + " cough syrup")
    assert ingredient not in {match.ingredient for match in reading.opioids}, reading


@SETTINGS
@given(text=st.text(max_size=120), dose=st.text(max_size=40), note=st.text(max_size=40))
@example(text="Tylenol", dose="3", note="")
@example(text="Nor\x00co", dose="", note="")
@example(text="oxy\u200bcodone", dose="", note="")
def test_any_text_is_read_the_same_by_the_chart_and_the_screen(text: str, dose: str, note: str) -> None:
    """The screen's hard stops for an entry are exactly what the chart's badge shows."""
    reading = classify_medication(text, dose, note)
    findings = screen(safety_input(MedicationFact(text, dose, True, note)))
    stops = {f.code for f in findings if f.severity is Severity.HARD_STOP}
    assert ("opioid" in stops) == bool(reading.opioids)
    antagonist = reading.antagonist is not None and reading.antagonist.kind.blocks_ldn
    assert ("antagonist" in stops) == antagonist
    not_taken = screen(safety_input(MedicationFact(text, dose, False, note)))
    assert not {f.code for f in not_taken} & {"opioid", "antagonist"}


@SETTINGS
@given(text=st.text(max_size=80), hidden=st.lists(st.sampled_from(INVISIBLE), max_size=5), data=st.data())
def test_invisible_characters_never_change_a_reading(
    text: str, hidden: list[str], data: st.DataObject
) -> None:
    mixed = list(text)
    for char in hidden:
        mixed.insert(data.draw(st.integers(min_value=0, max_value=len(mixed))), char)
    assert classify_medication("".join(mixed)).labels() == classify_medication(text).labels()


def test_the_reading_is_stored_text_independent() -> None:
    """What is stored (cleaned) reads the same as what was typed."""
    for typed in ("oxy\u200bcodone 5 mg", "Nor\x00co", "ＴＲＡＭＡＤＯＬ", "Tylenol\u00a0#3"):
        assert classify_medication(clean_text(typed)).labels() == classify_medication(typed).labels()


def test_the_term_list_is_versioned_with_the_rules() -> None:
    assert terms_version() == RULES_VERSION
    assert term_count() >= 300


def safety_input(*medications: MedicationFact) -> SafetyInput:
    return SafetyInput(
        medications=medications,
        conditions=(),
        allergies=(),
        patient_state="TX",
        consents=frozenset(ConsentKind),
        formula=Formula("CAP-1.5", DosageForm.CAPSULE, Decimal("1.5"), "microcrystalline cellulose"),
        steps=(TitrationStep(Decimal("1.5"), None),),
    )
