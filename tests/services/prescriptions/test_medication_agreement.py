"""The chart and the safety screen can never disagree about a medication (issue 10 §1).

Generated medication lists (term-list names in disguise, split between name and dose as an
import splits them, and arbitrary Unicode) are stored through the real services on SQLite and
PostgreSQL; the chart's badge (`PatientDetail.opioids`) must name exactly the entries the
screen stops for at save (a draft's findings), and a CSV import reads "Tylenol 3" the way the
chart and the screen do.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.text import match_text
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import MedicationInput
from tests.domain.medications.test_medication_properties import (
    BLOCKING_ANTAGONISTS,
    OPIOID_NAMES,
    disguised,
    split_entry,
)
from tests.services.patients.test_importing import row, write_csv
from tests.services.rx_support import add_pharmacy, clean_patient, rx_input

_names = (f"Agree{''.join(letters)}" for letters in itertools.product("abcdefghij", repeat=4))

TERM = st.sampled_from([name for name, _ingredient in OPIOID_NAMES] + BLOCKING_ANTAGONISTS)
FREE_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=60).filter(
    lambda text: match_text(text) != ""
)


@st.composite
def medication(draw: st.DrawFn) -> MedicationInput:
    if draw(st.booleans()):
        text = draw(disguised(draw(TERM)))
        text += draw(st.sampled_from(["", " 5 mg", " 10/325 1 tab q6h", " patch 25 mcg/hr", " 50 mg"]))
    else:
        text = draw(FREE_TEXT)
    name, dose = draw(split_entry(text))
    return MedicationInput(name, dose, draw(st.booleans()))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(medication(), min_size=1, max_size=4))
def test_the_chart_badge_and_the_screen_name_the_same_entries(
    initialized: Services, staff: Actor, entries: list[MedicationInput]
) -> None:
    pharmacy_id = add_pharmacy(initialized, staff, next(_names))
    try:
        patient = initialized.patients.create(
            staff, clean_patient(pharmacy_id, first_name=next(_names), medications=tuple(entries))
        )
    except ValidationError:
        return  # a name that cleans to nothing, or too long: refused with a message, nothing stored
    from_chart = set()
    for entry in patient.opioids:
        reading = entry.reading
        if reading.opioids:
            from_chart.add(("opioid", reading.subject))
        if reading.antagonist is not None and reading.antagonist.kind.blocks_ldn:
            from_chart.add(("antagonist", reading.subject))
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient.id))
    from_screen = {(f.code, f.subject) for f in draft.hard_stops if f.code in ("opioid", "antagonist")}
    assert from_screen == from_chart


def test_an_imported_tylenol_3_is_an_opioid_on_the_chart_and_on_the_screen(
    initialized: Services, staff: Actor, tmp_path: Path
) -> None:
    medications = "Tylenol 3; oxy\u200bcodone 5 mg; Nor\x00co 5/325; LDN 4.5 mg; Naltrexone 50 mg"
    source = write_csv(tmp_path / "patients.csv", [row(medications=medications, pharmacy="")])
    report = initialized.importing.import_csv(staff, source)
    assert report.imported == 1, report
    [summary] = initialized.patients.search(staff, "Peña", limit=5)
    chart = initialized.patients.get(staff, summary.id)
    stored = [(m.name, m.dose) for m in chart.medications]
    assert stored == [
        ("Tylenol", "3"),
        ("oxycodone", "5 mg"),
        ("Norco", "5/325"),
        ("LDN", "4.5 mg"),
        ("Naltrexone", "50 mg"),
    ]  # the zero-width space and the NUL are not stored
    assert [m.name for m in chart.opioids] == ["Tylenol", "oxycodone", "Norco", "Naltrexone"]
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, chart.id))
    stops = [(f.code, f.subject) for f in draft.hard_stops]
    assert stops == [
        ("opioid", "tylenol 3"),
        ("opioid", "oxycodone 5 mg"),
        ("opioid", "norco 5/325"),
        ("antagonist", "naltrexone 50 mg"),
    ]
