"""The printed prescription is ONE page, whatever the editor allows.

Generated worst cases (24 dose steps, long Unicode names and addresses, a 1,000-character
note, a 300-character intended use, a PA with a supervising physician) either print on one
page, in the regular or the compact look, or are refused: by the domain's page check before
approval (`page_problems`), which the editor shows, and never by a second page. Every page
carries the patient, the drug and the serial with the signature line.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from ldnclinic.domain.prescriptions.document import MedicationBlock, PrescriptionDocument
from ldnclinic.domain.prescriptions.formulary import DEFAULT_FORMULARY, Formula
from ldnclinic.domain.prescriptions.page import (
    COMPACT_PAGE,
    PageOverflowError,
    estimated_height,
    page_problems,
)
from ldnclinic.domain.prescriptions.supply import calculate
from ldnclinic.domain.prescriptions.titration import MAX_STEPS, TimeOfDay, TitrationPlan, TitrationStep
from ldnclinic.printing import prescription, styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.prescription import render_prescription
from ldnclinic.services.prescriptions.documents import short_step_lines, step_lines
from tests.printing import builders as b
from tests.support.pdf_pages import assert_one_page, page_count

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = (
    "Please compound without calcium carbonate; the patient reports lactose intolerance. "
    "Dye-free capsules, Avicel filler only. Patient prefers pick-up after 5 PM, call first. "
)
USE = "Fibromyalgia with chronic widespread pain and fatigue (M79.7); "


def formula(code: str) -> Formula:
    return next(f for f in DEFAULT_FORMULARY if f.code == code)


def medication_for(
    chosen: Formula, steps: tuple[TitrationStep, ...], *, refills: int = 3, note: str | None, use: str | None
) -> MedicationBlock:
    """The medication block as the service builds it, from a real supply calculation."""
    calculation = calculate(chosen, TitrationPlan("X", "x", steps), 90, b.ISSUED, refills)
    titration = len(steps) > 1
    short, dose_time = short_step_lines(calculation, chosen.dosage_form.value) if titration else ((), None)
    return b.medication(
        strength=chosen.strength_text,
        dosage_form=chosen.dosage_form.label.lower(),
        base=chosen.base,
        quantity=calculation.quantity_text,
        days_supply=90,
        directions=calculation.sig,
        steps=step_lines(calculation, chosen.dosage_form.value) if titration else (),
        short_steps=short,
        dose_time=dose_time,
        refills=f"{refills}",
        refill_note=calculation.refill_text,
        diagnosis=use,
        pharmacist_note=note,
    )


def long_steps(
    count: int = MAX_STEPS, times: tuple[TimeOfDay, ...] = (TimeOfDay.BEDTIME,)
) -> tuple[TitrationStep, ...]:
    """`count` uneven liquid steps of a week (the last goes on)."""
    return tuple(
        TitrationStep(
            Decimal("0.1") * (1 + (i * 7) % 45), 7 if i < count - 1 else None, times[i % len(times)]
        )
        for i in range(count)
    )


def worst_case(**changes: object) -> PrescriptionDocument:
    """The fullest script a clinic writes: a PA, 24 uneven steps, a 1,000-character note, a
    300-character intended use, long Unicode names and addresses."""
    medication = medication_for(
        formula("LIQ-1"), long_steps(), note=(WORDS * 8)[:1000].strip(), use=(USE * 6)[:300].strip()
    )
    document = b.pa_prescription_with_long_plan(
        medication=medication,
        patient=b.patient(
            name="María Guadalupe Nguyễn Thị Hằng-Villarreal",
            street="14000 South Congress Avenue, Apartment 3B",
            city_line="Austin, TX 78704",
        ),
        pharmacy=b.pharmacy(
            name="Peña & Sons Compounding Pharmacy of Central Texas",
            address="2200 Guadalupe Street, Suite 100, Austin, TX 78705",
        ),
        prescriber=b.physician_assistant(
            name="Kari Ødegård-Johansen", supervising_name="Elena García-Montemayor"
        ),
    )
    return dataclasses.replace(document, **changes)  # type: ignore[arg-type]


def rendered_height(document: PrescriptionDocument) -> float:
    """The compact page's story height, as ReportLab lays it out."""
    register_fonts()
    story = prescription._story(document, styles.RX_COMPACT)
    return float(sum(flowable.wrap(styles.LETTER_PAGE.frame_width, 1e6)[1] for flowable in story))


# --- the fullest script fits ------------------------------------------------------------------


def test_the_fullest_script_the_editor_allows_fits_on_one_page(tmp_path: Path) -> None:
    document = worst_case()
    assert len(document.medication.steps) == MAX_STEPS
    assert len(document.medication.pharmacist_note or "") == 1000
    assert len(document.medication.diagnosis or "") == 300
    assert page_problems(document) == {}
    pdf = render_prescription(document, invariant=True)
    assert_one_page(pdf)
    text = b.flat(b.pdf_text(pdf, tmp_path))
    for needed in (
        document.patient.name,
        "Naltrexone HCl 1 mg/mL",
        document.serial,
        "Prescriber's signature",
        "Kari Ødegård-Johansen, PA-C",
        "Elena García-Montemayor, MD",
        "NPI 1234567893 Texas license R4821",
        "EVERY DOSE AT BEDTIME",
        "24.",
        "Each refill:",
        document.medication.pharmacist_note[-60:],  # type: ignore[index]
        "Page 1 of 1",
    ):
        assert b.flat(needed) in text, needed


def test_the_compact_look_keeps_what_the_law_needs_at_8_pt_or_more() -> None:
    look = styles.RX_COMPACT
    for style in (
        look.card_name,
        look.card_line,
        look.drug,
        look.drug_detail,
        look.figure,
        look.body,
        look.step_cell,
    ):
        assert style.fontSize >= styles.COMPACT_MIN_SIZE, style.name
        assert style.leading >= style.fontSize * 1.15, style.name  # readable, not crammed
    assert look.signature_space >= 0.35 * 72  # room for a real signature


def test_an_ordinary_script_keeps_the_regular_look(tmp_path: Path) -> None:
    pdf = render_prescription(b.prescription(), invariant=True)
    assert_one_page(pdf)
    assert "DIRECTIONS\n" in b.pdf_text(pdf, tmp_path, layout=False)  # the label on its own line


def test_the_estimate_never_promises_more_than_the_page_gives() -> None:
    """The domain's estimate is at least the real height, close enough to be useful."""
    documents = [
        worst_case(),
        worst_case(prescriber=b.physician()),
        b.prescription(),
        b.pa_prescription_with_long_plan(),
        worst_case(medication=medication_for(formula("LIQ-1"), long_steps(8), note=None, use="Crohn's")),
    ]
    for document in documents:
        real, estimate = rendered_height(document), estimated_height(document)
        assert real <= estimate <= real + 30, (real, estimate)


def test_a_script_too_long_is_refused_at_the_field_to_shorten() -> None:
    mixed = medication_for(
        formula("LIQ-1"),
        long_steps(times=(TimeOfDay.MORNING, TimeOfDay.BEDTIME)),
        note=(WORDS * 8)[:1000],
        use=(USE * 6)[:300],
    )
    problems = page_problems(worst_case(medication=mixed))
    assert list(problems) == ["steps"]
    assert problems["steps"].startswith("This prescription would not fit on one printed page")
    long_names = worst_case(patient=b.patient(name="Ana María " * 30, street="Calle " * 30))
    problems = page_problems(long_names)
    assert list(problems) == ["pharmacist_note"]
    assert "shorten the note to the pharmacist to about" in problems["pharmacist_note"]
    with pytest.raises(PageOverflowError):
        huge = worst_case(medication=dataclasses.replace(mixed, steps=mixed.steps * 3))
        render_prescription(huge, invariant=True)


# --- generated worst cases ---------------------------------------------------------------------

NAME_LETTERS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzÁÉÍÑÓÚáéíñóúüøåæŁłĐđễệằịồươ ABCDEFGHMW-'"))
NAMES = st.text(NAME_LETTERS, min_size=1, max_size=100).map(lambda text: text.strip() or "A")
HOSTILE = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=100)
NOTES = st.one_of(
    st.none(),
    st.integers(1, 1000).map(lambda length: (WORDS * 8)[:length].strip() or "x"),
    st.text(NAME_LETTERS, min_size=1, max_size=1000),
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=1000),
)
USES = st.one_of(st.none(), st.integers(1, 300).map(lambda length: (USE * 6)[:length].strip() or "x"))


NEAR_FULL_NOTES = st.one_of(
    st.integers(700, 1000).map(lambda length: (WORDS * 8)[:length].strip()),
    st.text(NAME_LETTERS, min_size=700, max_size=1000),
)
NEAR_FULL_USES = st.integers(200, 300).map(lambda length: (USE * 6)[:length].strip())
LONG_NAMES = st.text(NAME_LETTERS, min_size=30, max_size=100).map(lambda text: text.strip() or "A")


@st.composite
def scripts(draw: st.DrawFn, *, worst: bool = False) -> PrescriptionDocument:
    """Any script the editor allows; `worst`: many steps, a near-full note and intended use,
    long Unicode names, mostly a PA with a supervising physician."""
    count = draw(st.integers(18, MAX_STEPS) if worst else st.integers(1, MAX_STEPS))
    times = draw(st.sampled_from([(TimeOfDay.BEDTIME,), (TimeOfDay.MORNING,), tuple(TimeOfDay)]))
    note = draw(NEAR_FULL_NOTES if worst else NOTES)
    use = draw(NEAR_FULL_USES if worst else USES)
    medication = medication_for(formula("LIQ-1"), long_steps(count, times), note=note, use=use)
    names = LONG_NAMES if worst else NAMES
    name = " ".join(draw(st.lists(names, min_size=1, max_size=3)))
    pa = draw(st.booleans()) if not worst else draw(st.sampled_from([True, True, False]))
    prescriber = (
        b.physician_assistant(name=draw(names), supervising_name=draw(names))
        if pa
        else b.physician(name=draw(st.one_of(names, HOSTILE)).strip() or "X")
    )
    return b.prescription(
        medication=medication,
        patient=b.patient(name=name, street=draw(st.one_of(names, HOSTILE))),
        pharmacy=draw(st.one_of(st.none(), st.builds(lambda n: b.pharmacy(name=n), names))),
        prescriber=prescriber,
        preview=draw(st.booleans()),
        chart_copy=draw(st.booleans()),
    )


def check_one_page(document: PrescriptionDocument) -> None:
    """One page, or refused by the page check the editor shows (never a second page)."""
    problems = page_problems(document)
    event("refused by the page check" if problems else "passed by the page check")
    try:
        pdf = render_prescription(document, invariant=True)
    except PageOverflowError:
        assert problems, "the page check passed a script the printer could not fit"
        return
    assert page_count(pdf) == 1
    if not problems:
        assert rendered_height(document) <= COMPACT_PAGE.frame_height


@SETTINGS
@given(document=scripts())
@example(document=worst_case())
@example(document=worst_case(preview=True, reprint_of=b.SERIAL, chart_copy=True))
def test_generated_scripts_print_on_one_page_or_are_refused_before(document: PrescriptionDocument) -> None:
    check_one_page(document)


@SETTINGS
@given(document=scripts(worst=True))
def test_generated_worst_cases_print_on_one_page_or_are_refused_before(
    document: PrescriptionDocument,
) -> None:
    check_one_page(document)


def test_the_short_schedule_lines_spell_a_year_change_and_the_shared_time() -> None:
    steps = (TitrationStep(Decimal("1.5"), 7), TitrationStep(Decimal(3), 7), TitrationStep(Decimal("4.5")))
    calculation = calculate(formula("CAP-1.5"), TitrationPlan("X", "x", steps), 30, date(2026, 12, 27))
    assert short_step_lines(calculation, "capsule") == (
        (
            "12/27/2026-01/02/2027: 1.5 mg = 1 capsule",
            "01/03-01/09/2027: 3 mg = 2 capsules",
            "From 01/10/2027: 4.5 mg = 3 capsules",
        ),
        "at bedtime",
    )
    mixed = tuple(dataclasses.replace(step, time_of_day=TimeOfDay.MORNING) for step in steps[:1]) + steps[1:]
    calculation = calculate(formula("CAP-1.5"), TitrationPlan("X", "x", mixed), 30, date(2026, 12, 27))
    lines, shared = short_step_lines(calculation, "capsule")
    assert shared is None
    assert lines[0].endswith("1 capsule in the morning") and lines[1].endswith("2 capsules at bedtime")
