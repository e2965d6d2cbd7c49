"""The handout's step chart: the daily dose in mg over the weeks, drawn as a step line.

Each dose step is a level stretch of the line over a tinted area, its dose written above it
(left out where it would collide with the previous label); the weeks are numbered along the
bottom and the mg ticks run up the side in a few round steps. The last, open-ended step runs
on for a while, fading, with an arrow. Sizes and colours come from `styles`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from ldnclinic.domain.handouts.packet import DoseStep
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts

_MG_STEPS = tuple(Decimal(text) for text in ("0.1", "0.25", "0.5", "1", "2", "2.5", "5", "10", "25", "50"))


def step_chart(
    steps: Sequence[DoseStep],
    week_label: str,
    *,
    width: float = styles.HANDOUT_CHART_WIDTH,
    height: float = styles.HANDOUT_CHART_HEIGHT,
) -> Drawing:
    """The daily dose in mg over the days, the weeks numbered along the bottom; the last,
    open-ended step runs on for two more weeks, fading, with an arrow."""
    register_fonts()
    drawing = Drawing(
        width, height, initialFontName=styles.CHART_FONT, initialFontSize=styles.HANDOUT_CHART_TEXT_SIZE
    )
    ticks = mg_ticks(max(step.dose_mg for step in steps))
    plot = _ChartPlot.fit(steps, ticks, week_label, width, height)
    _draw_grid(drawing, plot, ticks, week_label)
    _draw_steps(drawing, plot, steps)
    _draw_dose_labels(drawing, plot, steps)
    return drawing


def mg_ticks(highest: Decimal) -> tuple[Decimal, ...]:
    """0 mg up to a round value at or above the highest dose, in at most a few even steps."""
    for step in _MG_STEPS:
        count = math.ceil(highest / step)
        if count <= styles.HANDOUT_CHART_MAX_TICKS:
            return tuple(step * index for index in range(max(count, 1) + 1))
    step = _MG_STEPS[-1]
    return tuple(step * index for index in range(math.ceil(highest / step) + 1))


def step_end(step: DoseStep) -> int:
    """The day after the step's last drawn day; an open step is drawn for two more weeks."""
    return step.first_day + (step.days if step.days is not None else 7 * styles.HANDOUT_CHART_OPEN_WEEKS)


@dataclass(frozen=True, slots=True)
class _ChartPlot:
    """Where the plot area sits in the drawing, and days and mg mapped onto it."""

    left: float
    right: float
    bottom: float
    top: float
    days: int
    high: Decimal

    @classmethod
    def fit(
        cls, steps: Sequence[DoseStep], ticks: Sequence[Decimal], week_label: str, width: float, height: float
    ) -> _ChartPlot:
        size = styles.HANDOUT_CHART_TEXT_SIZE
        texts = [format_mg(tick) for tick in ticks] + [week_label]
        left = max(stringWidth(text, styles.CHART_FONT, size) for text in texts) + 10
        weeks = max(1, math.ceil(max(step_end(step) for step in steps) / 7))
        bottom = 2 * size + 1  # the week numbers under the plot, clear of the "0 mg" label
        top = height - styles.HANDOUT_CHART_DOSE_SIZE - 8  # room for the label on the highest step
        return cls(left=left, right=width - 12, bottom=bottom, top=top, days=7 * weeks, high=ticks[-1])

    def x(self, day: float) -> float:
        return self.left + day / self.days * (self.right - self.left)

    def y(self, mg: Decimal) -> float:
        return self.bottom + float(mg / self.high) * (self.top - self.bottom)


def _text(
    x: float, y: float, text: str, *, size: float, anchor: str, bold: bool = False, colour: Any = None
) -> String:
    return String(
        x,
        y,
        text,
        fontName=styles.CHART_BOLD if bold else styles.CHART_FONT,
        fontSize=size,
        fillColor=colour or styles.MUTED,
        textAnchor=anchor,
    )


def _draw_grid(drawing: Drawing, plot: _ChartPlot, ticks: Sequence[Decimal], week_label: str) -> None:
    """mg lines up the side; week boundaries and numbers along the bottom."""
    size = styles.HANDOUT_CHART_TEXT_SIZE
    for tick in ticks:
        y = plot.y(tick)
        colour = styles.RULE if tick == 0 else styles.CHART_GRID
        drawing.add(Line(plot.left, y, plot.right, y, strokeColor=colour, strokeWidth=styles.HAIRLINE))
        drawing.add(_text(plot.left - 6, y - size / 3, format_mg(tick), size=size, anchor="end"))
    weeks = plot.days // 7
    gap = (plot.right - plot.left) / weeks
    every = 1
    while gap * every < styles.HANDOUT_CHART_MIN_WEEK_GAP:
        every *= 2
    baseline = plot.bottom - size - 6
    drawing.add(_text(plot.left - 6, baseline, week_label, size=size, anchor="end"))
    for week in range(weeks + 1):
        x = plot.x(7 * week)
        drawing.add(
            Line(x, plot.bottom, x, plot.top, strokeColor=styles.CHART_GRID, strokeWidth=styles.HAIRLINE)
        )
        if week < weeks and (week % every == 0):
            drawing.add(_text(x + gap / 2, baseline, str(week + 1), size=size, anchor="middle"))


def _draw_steps(drawing: Drawing, plot: _ChartPlot, steps: Sequence[DoseStep]) -> None:
    """The tinted area under the dose and the step line over it; an open last step fades out."""
    zero = plot.y(Decimal(0))
    closed = [step for step in steps if step.days is not None]
    opened = [step for step in steps if step.days is None]
    line: list[float] = []
    area: list[float] = []
    for step in closed:
        y = plot.y(step.dose_mg)
        line += [plot.x(step.first_day), y, plot.x(step_end(step)), y]
    if closed:
        area = [plot.x(closed[0].first_day), zero, *line, plot.x(step_end(closed[-1])), zero]
        drawing.add(Polygon(area, fillColor=styles.CHART_DOSE_FILL, strokeColor=None, strokeWidth=0))
    for step in opened:
        start, end, y = plot.x(step.first_day), plot.x(step_end(step)), plot.y(step.dose_mg)
        _draw_fading_area(drawing, start, end, zero, y)
        arrow = 8.0
        line += [start, y, end - arrow + 1, y]
        drawing.add(
            Polygon(
                [end - arrow, y + 4.5, end, y, end - arrow, y - 4.5],
                fillColor=styles.ACCENT,
                strokeColor=None,
                strokeWidth=0,
            )
        )
    drawing.add(
        PolyLine(
            line,
            strokeColor=styles.ACCENT,
            strokeWidth=styles.HANDOUT_CHART_LINE_WIDTH,
            strokeLineJoin=0,
            strokeLineCap=0,
        )
    )


def _draw_fading_area(drawing: Drawing, start: float, end: float, zero: float, y: float) -> None:
    slices = 10
    width = (end - start) / slices
    for index in range(slices):
        opacity = 1 - 0.9 * index / (slices - 1)
        drawing.add(
            Rect(
                start + index * width,
                zero,
                width + 0.3,
                y - zero,
                fillColor=styles.CHART_DOSE_FILL,
                fillOpacity=opacity,
                strokeColor=None,
                strokeWidth=0,
            )
        )


def _draw_dose_labels(drawing: Drawing, plot: _ChartPlot, steps: Sequence[DoseStep]) -> None:
    """Each dose written above its step; a label that would collide with the previous one is left out."""
    previous: tuple[float, float, float, float] | None = None
    for step in steps:
        text = format_mg(step.dose_mg)
        x0, x1 = plot.x(step.first_day), plot.x(step_end(step))
        size = styles.HANDOUT_CHART_DOSE_SIZE
        if stringWidth(text, styles.CHART_BOLD, size) > x1 - x0 - 4:
            size = styles.HANDOUT_CHART_TEXT_SIZE
        half = stringWidth(text, styles.CHART_BOLD, size) / 2
        centre = (x0 + x1) / 2
        y = plot.y(step.dose_mg) + 5
        box = (centre - half, centre + half, y, y + size)
        if previous and box[0] < previous[1] + 2 and box[2] < previous[3] and previous[2] < box[3]:
            continue
        drawing.add(_text(centre, y, text, size=size, anchor="middle", bold=True, colour=styles.ACCENT))
        previous = box
