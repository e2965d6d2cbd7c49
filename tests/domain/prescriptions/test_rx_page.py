"""The one-page check before approval: text widths, line counts and what it asks to shorten.

Whether the estimate really matches the printed page is tested in
tests/printing/test_prescription_one_page.py, against ReportLab's own layout.
"""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldnclinic.domain.prescriptions.page import char_width, line_count, page_problems, text_width
from tests.printing import builders as b


def test_ascii_widths_are_dejavu_sans_widths() -> None:
    assert char_width("m") == 0.974
    assert char_width("i") == 0.278
    assert char_width(" ") == 0.318
    assert char_width("W", bold=True) == 1.103
    assert text_width("mmmm", 10) > text_width("iiii", 10) * 3


def test_other_letters_are_read_as_their_base_letter_a_little_wider() -> None:
    assert char_width("é") > char_width("e")
    assert char_width("ễ") > char_width("e")
    assert char_width("中") >= 1.0  # wide letters and symbols take a full em or more
    assert char_width("😊") >= 1.0


def test_lines_break_at_spaces_and_long_words_are_cut() -> None:
    assert line_count("", 100, 8) == 0
    assert line_count("one", 100, 8) == 1
    word = "a" * 10  # about 50 pt at 8 pt
    assert line_count(" ".join([word] * 4), 120, 8) == 2
    assert line_count("x" * 200, 100, 8) >= 9  # one word, cut across lines
    assert line_count("short", 100, 8, lead=90) == 2  # after a label that fills the line


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), width=st.floats(20, 500))
def test_any_text_has_a_line_count(text: str, width: float) -> None:
    lines = line_count(text, width, 8)
    assert lines >= (1 if text.strip() else 0)
    assert lines <= max(1, len(text)) * 2


def test_an_ordinary_script_passes() -> None:
    assert page_problems(b.prescription()) == {}
    assert page_problems(b.pa_prescription_with_long_plan()) == {}


def test_the_message_names_the_text_to_shorten() -> None:
    long_plan = b.long_plan_medication()
    steps = long_plan.steps * 2
    crowded = dataclasses.replace(long_plan, steps=steps, pharmacist_note="Dye-free capsules, please. " * 36)
    problems = page_problems(b.pa_prescription_with_long_plan(medication=crowded))
    assert list(problems) == ["pharmacist_note"]
    assert "shorten the note to the pharmacist to about" in problems["pharmacist_note"]

    no_note = dataclasses.replace(
        crowded, pharmacist_note=None, diagnosis="Fibromyalgia, widespread pain. " * 40
    )
    problems = page_problems(b.pa_prescription_with_long_plan(medication=no_note))
    assert list(problems) == ["diagnosis"]
    assert "shorten the intended use to about" in problems["diagnosis"]


def test_with_nothing_to_shorten_it_asks_for_fewer_steps_or_shorter_names() -> None:
    long_plan = b.long_plan_medication()
    many = dataclasses.replace(long_plan, steps=long_plan.steps * 5, pharmacist_note=None, diagnosis=None)
    problems = page_problems(b.pa_prescription_with_long_plan(medication=many))
    assert list(problems) == ["steps"]
    one_step = b.medication(steps=(), pharmacist_note=None, diagnosis=None, diagnosis_omitted=True)
    names = b.pa_prescription_with_long_plan(  # far past what the clinic and chart forms allow
        medication=one_step,
        practice=b.practice(name="Hill Country Low Dose Naltrexone Clinic " * 10),
        patient=b.patient(name="Ana " * 150, street="Calle Larga " * 32),
        pharmacy=b.pharmacy(name="Farmacia " * 44, address="Avenida " * 50),
    )
    problems = page_problems(names)
    assert list(problems) == ["prescriber_id"]
    assert "names and addresses on it are too long" in problems["prescriber_id"]
