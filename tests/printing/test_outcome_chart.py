"""The outcome chart: one date axis for the measures and the dose; it draws empty, tiny and long histories."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String

from ldnclinic.domain.visits.note import Measure
from ldnclinic.domain.visits.outcomes import DoseSegment, OutcomePoint, OutcomeSeries
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import SANS, SANS_BOLD
from ldnclinic.printing.outcome_chart import (
    DOSE_LABEL,
    EMPTY_MESSAGE,
    NO_DOSE_MESSAGE,
    date_ticks,
    outcome_drawing,
)
from tests.printing import builders as b

START = date(2026, 6, 1)
TODAY = date(2026, 12, 1)
WIDTH, HEIGHT = 525.0, 295.0
VISIT_DAYS = (0, 14, 30, 58, 100, 160)
SIX_VISITS = {
    Measure.PAIN: (8, 7, 6, 5, 4, 3),
    Measure.FATIGUE: (7, 7, 6, 6, 5, 4),
    Measure.SLEEP: (3, 4, 4, 5, 6, 7),
    Measure.MOOD: (4, 4, 5, 6, 6, 7),
    Measure.PGIC: (4, 4, 3, 3, 2, 2),
    Measure.CONDITION: (68, 66, 60, 52, 45, 39),
}


def three_step_doses(start: date = START) -> tuple[DoseSegment, ...]:
    """1.5 mg for 14 days, 3 mg for 14 days, then 4.5 mg from then on."""
    return (
        DoseSegment(start, start + timedelta(days=14), Decimal("1.5")),
        DoseSegment(start + timedelta(days=14), start + timedelta(days=28), Decimal(3)),
        DoseSegment(start + timedelta(days=28), None, Decimal("4.5")),
    )


def six_visit_series() -> OutcomeSeries:
    """Six visits over five months, every measure recorded, FIQR as the condition score."""
    points = {
        measure: tuple(
            OutcomePoint(START + timedelta(days=day), Decimal(value), visit_id=index + 1)
            for index, (day, value) in enumerate(zip(VISIT_DAYS, values, strict=True))
        )
        for measure, values in SIX_VISITS.items()
    }
    return OutcomeSeries(points=points, doses=three_step_doses(), condition_name="FIQR")


def long_series(visits: int = 40) -> OutcomeSeries:
    """Weekly visits for `visits` weeks with the four 0-10 measures and a 0.5 mg titration."""
    points = {
        measure: tuple(
            OutcomePoint(START + timedelta(days=7 * week), Decimal((week * 3 + offset) % 11))
            for week in range(visits)
        )
        for offset, measure in enumerate((Measure.PAIN, Measure.FATIGUE, Measure.SLEEP, Measure.MOOD))
    }
    doses = tuple(
        DoseSegment(
            START + timedelta(days=7 * n), START + timedelta(days=7 * n + 7), Decimal("0.5") * (n + 1)
        )
        for n in range(8)
    )
    tail = DoseSegment(START + timedelta(days=56), None, Decimal("4.5"))
    return OutcomeSeries(points=points, doses=(*doses, tail))


def strings_of(drawing: Any) -> list[str]:
    """Every piece of text in a drawing, groups included."""
    found: list[str] = []
    for item in drawing.getContents():
        if isinstance(item, String):
            found.append(item.text)
        elif isinstance(item, Group):
            found += strings_of(item)
    return found


def render(drawing: Drawing, tmp_path: Path) -> str:
    """The drawing as a one-page PDF, read back as text."""
    path = tmp_path / "chart.pdf"
    renderPDF.drawToFile(drawing, str(path))
    return b.pdf_text(path.read_bytes(), tmp_path, layout=False)


def test_the_legend_names_every_measure_and_the_dose(tmp_path: Path) -> None:
    drawing = outcome_drawing(six_visit_series(), today=TODAY, width=WIDTH, height=HEIGHT)
    texts = strings_of(drawing)
    for measure in Measure:
        assert measure.label in texts, measure
    assert DOSE_LABEL in texts
    assert "Condition score: FIQR" in texts
    flat = b.flat(render(drawing, tmp_path))
    assert "Pain (0-10)" in flat
    assert "Global impression of change (1-7)" in flat


def test_the_dose_axis_and_steps_read_in_ismp_milligrams() -> None:
    texts = strings_of(outcome_drawing(six_visit_series(), today=TODAY, width=WIDTH, height=HEIGHT))
    for dose in ("0 mg", "1.5 mg", "3 mg", "4.5 mg"):
        assert dose in texts, dose
    assert not any(re.search(r"(^|\s)\.\d|\.\d*0 mg", text) for text in texts)  # no ".5", no "4.50"
    small = OutcomeSeries(doses=(DoseSegment(START, None, Decimal("0.5")),))
    small_texts = strings_of(outcome_drawing(small, today=TODAY, width=WIDTH, height=HEIGHT))
    assert "0.5 mg" in small_texts
    assert ".5 mg" not in small_texts


def test_an_empty_series_says_so(tmp_path: Path) -> None:
    drawing = outcome_drawing(OutcomeSeries(), today=TODAY, width=WIDTH, height=HEIGHT)
    assert strings_of(drawing) == [EMPTY_MESSAGE]
    assert EMPTY_MESSAGE in render(drawing, tmp_path)


def test_a_single_visit_gets_a_padded_axis(tmp_path: Path) -> None:
    series = OutcomeSeries(points={Measure.PAIN: (OutcomePoint(START, Decimal(6)),)})
    drawing = outcome_drawing(series, today=START, width=WIDTH, height=HEIGHT)
    texts = strings_of(drawing)
    assert "Pain (0-10)" in texts
    assert NO_DOSE_MESSAGE in texts
    assert {"05/29", "06/01", "06/04"} <= set(texts)  # three days either side of the one visit
    assert "2026" in texts
    assert "Pain (0-10)" in render(drawing, tmp_path)


def test_doses_without_measures_still_chart_the_dose() -> None:
    series = OutcomeSeries(doses=three_step_doses())
    texts = strings_of(outcome_drawing(series, today=TODAY, width=WIDTH, height=HEIGHT))
    assert EMPTY_MESSAGE in texts
    assert DOSE_LABEL in texts
    assert "4.5 mg" in texts


def test_forty_visits_render(tmp_path: Path) -> None:
    drawing = outcome_drawing(long_series(40), today=TODAY, width=WIDTH, height=HEIGHT)
    texts = strings_of(drawing)
    assert [label for label in texts if "(0-10)" in label][:4] == [
        "Pain (0-10)",
        "Fatigue (0-10)",
        "Sleep quality (0-10)",
        "Mood (0-10)",
    ]
    assert "2027" in texts  # the year is shown again where it changes
    assert "Pain (0-10)" in render(drawing, tmp_path)


def test_only_the_measures_asked_for_are_drawn() -> None:
    drawing = outcome_drawing(
        six_visit_series(), today=TODAY, width=WIDTH, height=HEIGHT, measures=(Measure.PAIN, Measure.PGIC)
    )
    texts = strings_of(drawing)
    assert "Pain (0-10)" in texts
    assert Measure.PGIC.label in texts
    assert "Fatigue (0-10)" not in texts
    assert "Condition score: FIQR" not in texts


def test_every_line_looks_different_in_black_and_white() -> None:
    looks = [styles.CHART_LOOKS[measure] for measure in Measure]
    assert len({(look.marker, look.dash, look.filled) for look in looks}) == len(looks)
    assert len({look.marker for look in looks}) == len(looks)


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (0, r"\d\d/\d\d"),
        (6, r"\d\d/\d\d"),
        (60, r"\d\d/\d\d"),
        (400, r"[A-Z][a-z]{2}"),
        (3000, r"[A-Z][a-z]{2}"),
    ],
)
def test_date_ticks_stay_apart(days: int, label: str) -> None:
    width = 480.0
    ticks = date_ticks(START, START + timedelta(days=days), width)
    assert 1 <= len(ticks) <= width // styles.CHART_MIN_DATE_GAP + 1
    assert all(re.fullmatch(label, text) for _, text in ticks)
    assert all(START <= day <= START + timedelta(days=days) for day, _ in ticks)


def test_the_chart_embeds_its_fonts(tmp_path: Path) -> None:
    """No standard font sneaks in: the renderer's starting font is set to the embedded one."""
    for series in (six_visit_series(), OutcomeSeries()):
        path = tmp_path / "chart.pdf"
        renderPDF.drawToFile(outcome_drawing(series, today=TODAY, width=WIDTH, height=HEIGHT), str(path))
        fonts = b.pdf_fonts(path.read_bytes(), tmp_path)
        assert fonts
        assert all(embedded for _, embedded in fonts)
        assert {name.split("+")[-1] for name, _ in fonts} <= {SANS, SANS_BOLD}


def test_a_narrow_chart_shortens_the_panel_titles() -> None:
    texts = strings_of(outcome_drawing(six_visit_series(), today=TODAY, width=300, height=HEIGHT))
    assert "Symptoms, 0-10" in texts
    assert Measure.PGIC.label in texts
