"""The outcome chart: a patient's measures and daily LDN dose over time, on one date axis.

Panels stacked top to bottom share the dates: the 0-10 symptom measures (pain, fatigue,
sleep quality, mood), the global impression of change (1-7, "improved" at the top), the
condition score when there is one, and the daily dose as a step line labelled in mg.
Every line has its own colour, marker and dash, so the chart still reads in black and
white. Drawn by hand with `reportlab.graphics.shapes`; the result is a `Drawing`, which is
also a platypus flowable.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from ldnclinic.domain.prescriptions.doses import format_amount, format_mg
from ldnclinic.domain.visits.note import PGIC_LABELS, Measure
from ldnclinic.domain.visits.outcomes import DoseSegment, OutcomePoint, OutcomeSeries
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.styles import SeriesLook

EMPTY_MESSAGE = "No outcome measures recorded yet"
NO_DOSE_MESSAGE = "No dose history recorded"
DOSE_LABEL = "Daily dose (mg)"
SYMPTOMS = (Measure.PAIN, Measure.FATIGUE, Measure.SLEEP, Measure.MOOD)
SINGLE_DAY_PADDING = 3  # days either side of a chart that covers one day
DOSE_STEPS = tuple(Decimal(text) for text in ("0.25", "0.5", "1", "1.5", "2", "2.5", "5", "10", "25", "50"))
PANEL_WEIGHTS = {"symptoms": 3.2, "pgic": 1.15, "condition": 1.15, "dose": 1.7}


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """Days mapped onto x: `start` at `left`, `end` at `right`."""

    start: date
    end: date
    left: float
    right: float

    def x(self, day: date) -> float:
        share = (day - self.start).days / max((self.end - self.start).days, 1)
        return self.left + share * (self.right - self.left)


@dataclass(frozen=True, slots=True)
class Panel:
    """One band of the chart: its title, its box, its value range and the labelled values."""

    kind: str
    title: str
    bottom: float
    top: float
    low: float
    high: float
    ticks: tuple[float, ...]
    tick_text: Callable[[float], str]
    inverted: bool = False
    short_title: str | None = None  # printed instead when the title is wider than the panel

    def y(self, value: float) -> float:
        share = (value - self.low) / ((self.high - self.low) or 1)
        if self.inverted:
            share = 1 - share
        inner_bottom, inner_top = self.bottom + styles.CHART_INSET, self.top - styles.CHART_INSET
        return inner_bottom + share * (inner_top - inner_bottom)


def outcome_drawing(
    series: OutcomeSeries,
    *,
    today: date,
    width: float,
    height: float,
    measures: tuple[Measure, ...] | None = None,
) -> Drawing:
    """The chart as a Drawing of `width` x `height` points; open dose segments run to `today`."""
    register_fonts()
    # The renderer's starting font would otherwise be Helvetica, a standard font that is never embedded.
    drawing = Drawing(
        width, height, initialFontName=styles.CHART_FONT, initialFontSize=styles.CHART_TEXT_SIZE
    )
    shown = shown_measures(series, measures)
    span = series.span(today)
    if span is None or (not shown and not series.doses):
        _draw_empty(drawing, width, height)
        return drawing
    top = height - _draw_legend(drawing, legend_entries(shown, bool(series.doses)), width, height)
    axis = _time_axis(span, width)
    ticks = date_ticks(axis.start, axis.end, axis.right - axis.left)
    panels = _panels(series, shown, top)
    for panel in panels:
        _draw_panel(drawing, panel, axis, ticks)
        _draw_contents(drawing, panel, series, shown=shown, axis=axis, today=today)
    _draw_dates(drawing, axis, ticks, panels[-1].bottom)
    return drawing


def shown_measures(series: OutcomeSeries, measures: tuple[Measure, ...] | None) -> tuple[Measure, ...]:
    """The measures that get a line: those asked for (all by default) that have a point."""
    wanted = tuple(Measure) if measures is None else measures
    return tuple(measure for measure in Measure if measure in wanted and series.points.get(measure))


def legend_entries(shown: Sequence[Measure], has_doses: bool) -> list[tuple[str, SeriesLook]]:
    entries = [(measure.label, styles.CHART_LOOKS[measure]) for measure in shown]
    if has_doses:
        entries.append((DOSE_LABEL, styles.CHART_DOSE_LOOK))
    return entries


# --- layout -------------------------------------------------------------------------------


def _time_axis(span: tuple[date, date], width: float) -> TimeAxis:
    first, last = span
    days = (last - first).days
    padding = timedelta(days=SINGLE_DAY_PADDING if days == 0 else max(1, math.ceil(days * 0.02)))
    return TimeAxis(first - padding, last + padding, styles.CHART_AXIS_ROOM, width - styles.CHART_RIGHT_ROOM)


def _panels(series: OutcomeSeries, shown: Sequence[Measure], top: float) -> list[Panel]:
    kinds = ["symptoms"] if any(m in SYMPTOMS for m in shown) or not shown else []
    kinds += [
        kind
        for kind, measure in (("pgic", Measure.PGIC), ("condition", Measure.CONDITION))
        if measure in shown
    ]
    kinds.append("dose")
    room = top - styles.CHART_DATE_ROOM - len(kinds) * styles.CHART_TITLE_ROOM
    room -= (len(kinds) - 1) * styles.CHART_PANEL_GAP
    unit = room / sum(PANEL_WEIGHTS[kind] for kind in kinds)
    panels = []
    for kind in kinds:
        panel_top = top - styles.CHART_TITLE_ROOM
        bottom = panel_top - unit * PANEL_WEIGHTS[kind]
        panels.append(_panel(kind, series, bottom, panel_top))
        top = bottom - styles.CHART_PANEL_GAP
    return panels


def _panel(kind: str, series: OutcomeSeries, bottom: float, top: float) -> Panel:
    room = _intervals(bottom, top)
    if kind == "symptoms":
        step = next((s for s in (2, 5) if 10 / s <= room), 10)
        title = "Symptoms, 0-10: lower pain and fatigue are better; higher sleep quality and mood are better"
        return Panel(
            kind, title, bottom, top, 0, 10, _ticks(0, 10, step), _whole, short_title="Symptoms, 0-10"
        )
    if kind == "pgic":
        step = next((s for s in (1, 3) if 6 / s <= room), 6)
        ends = f"1 = {PGIC_LABELS[1].lower()}, 4 = {PGIC_LABELS[4].lower()}, 7 = {PGIC_LABELS[7].lower()}"
        title = f"{Measure.PGIC.label}: {ends}"
        short = Measure.PGIC.label
        return Panel(
            kind, title, bottom, top, 1, 7, _ticks(1, 7, step), _whole, inverted=True, short_title=short
        )
    if kind == "condition":
        return _condition_panel(series, bottom, top)
    return _dose_panel(series, bottom, top)


def _intervals(bottom: float, top: float) -> int:
    """How many value intervals fit a panel with the labels no closer than the minimum gap."""
    return max(1, int((top - bottom - 2 * styles.CHART_INSET) // styles.CHART_MIN_TICK_GAP))


def _ticks(low: float, high: float, step: float) -> tuple[float, ...]:
    return tuple(low + step * n for n in range(round((high - low) / step) + 1))


def _condition_panel(series: OutcomeSeries, bottom: float, top: float) -> Panel:
    values = [float(point.value) for point in series.points.get(Measure.CONDITION, ())]
    low, high = Measure.CONDITION.scale
    ceiling = float(high) if max(values, default=0) <= high else _nice_ceiling(max(values))
    ticks = _ticks(low, ceiling, ceiling / 2) if _intervals(bottom, top) >= 2 else (low, ceiling)
    title = Measure.CONDITION.label + (f": {series.condition_name}" if series.condition_name else "")
    return Panel("condition", title, bottom, top, low, ceiling, ticks, _number)


def _dose_panel(series: OutcomeSeries, bottom: float, top: float) -> Panel:
    """Ticks at round doses ending on the highest when they can (0, 1.5, 3, 4.5 mg); none with no doses."""
    if not series.doses:
        return Panel("dose", DOSE_LABEL, bottom, top, 0, 1, (), _milligrams)
    highest = max(segment.dose_mg for segment in series.doses) or Decimal(1)
    room = min(4, _intervals(bottom, top))
    exact = [s for s in (*DOSE_STEPS, highest) if highest % s == 0 and highest / s <= room]
    step = min(exact, default=None) or next((s for s in DOSE_STEPS if highest <= s * room), highest)
    ticks = _ticks(0, float(step * math.ceil(highest / step)), float(step))
    return Panel("dose", DOSE_LABEL, bottom, top, 0, ticks[-1], ticks, _milligrams)


def _nice_ceiling(value: float) -> float:
    magnitude = 10.0 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= value)


def _whole(value: float) -> str:
    return f"{value:.0f}"


def _number(value: float) -> str:
    return format_amount(Decimal(str(round(value, 3))))


def _milligrams(value: float) -> str:
    return format_mg(Decimal(str(round(value, 3))))


# --- drawing ------------------------------------------------------------------------------


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    anchor: str = "start",
    bold: bool = False,
    colour: Any = None,
) -> String:
    return String(
        x,
        y,
        text,
        fontName=styles.CHART_BOLD if bold else styles.CHART_FONT,
        fontSize=size,
        fillColor=colour or (styles.INK if bold else styles.CHART_AXIS_TEXT),
        textAnchor=anchor,
    )


def _draw_empty(drawing: Drawing, width: float, height: float) -> None:
    drawing.add(Rect(0.5, 0.5, width - 1, height - 1, fillColor=styles.ZEBRA, strokeColor=styles.RULE))
    message = _text(width / 2, height / 2 - 3, EMPTY_MESSAGE, size=styles.CHART_MESSAGE_SIZE, anchor="middle")
    drawing.add(message)


def _draw_legend(
    drawing: Drawing, entries: list[tuple[str, SeriesLook]], width: float, height: float
) -> float:
    """Entries left to right, wrapping onto more rows; returns the height used."""
    size, row, sample = styles.CHART_LEGEND_SIZE, styles.CHART_LEGEND_ROW, styles.CHART_LEGEND_SAMPLE
    x, y = styles.CHART_AXIS_ROOM, height - row + 3
    for label, look in entries:
        entry_width = sample + 4 + stringWidth(label, styles.CHART_FONT, size)
        if x + entry_width > width and x > styles.CHART_AXIS_ROOM:
            x, y = styles.CHART_AXIS_ROOM, y - row
        _draw_sample(drawing, look, x, y + size * 0.35, sample)
        drawing.add(_text(x + sample + 4, y, label, size=size, colour=styles.INK))
        x += entry_width + 14
    return height - y + 6


def _draw_sample(drawing: Drawing, look: SeriesLook, x: float, y: float, length: float) -> None:
    if look is styles.CHART_DOSE_LOOK:
        drawing.add(Rect(x, y - 4, length, 5, fillColor=styles.CHART_DOSE_FILL, strokeColor=None))
        drawing.add(
            Line(x, y + 1, x + length, y + 1, strokeColor=look.colour, strokeWidth=styles.CHART_DOSE_WIDTH)
        )
        return
    drawing.add(_line([(x, y), (x + length, y)], look))
    drawing.add(_marker(look, x + length / 2, y, styles.CHART_MARKER_SIZE))


def _draw_panel(drawing: Drawing, panel: Panel, axis: TimeAxis, ticks: Sequence[tuple[date, str]]) -> None:
    """The frame, the grid with the value labels, and the title above."""
    left, right = styles.CHART_AXIS_ROOM, axis.right
    for day, _ in ticks:
        x = axis.x(day)
        drawing.add(
            Line(x, panel.bottom, x, panel.top, strokeColor=styles.CHART_GRID, strokeWidth=styles.HAIRLINE)
        )
    for value in panel.ticks:
        y = panel.y(value)
        drawing.add(Line(left, y, right, y, strokeColor=styles.CHART_GRID, strokeWidth=styles.HAIRLINE))
        drawing.add(
            _text(left - 4, y - 2.5, panel.tick_text(value), size=styles.CHART_TEXT_SIZE, anchor="end")
        )
    frame = Rect(left, panel.bottom, right - left, panel.top - panel.bottom, fillColor=None)
    frame.strokeColor, frame.strokeWidth = styles.CHART_FRAME, styles.HAIRLINE
    drawing.add(frame)
    size = styles.CHART_TITLE_SIZE
    fits = stringWidth(panel.title, styles.CHART_BOLD, size) <= right - left
    drawing.add(
        _text(
            left,
            panel.top + 3,
            panel.title if fits else panel.short_title or panel.title,
            size=size,
            bold=True,
        )
    )


def _draw_contents(
    drawing: Drawing,
    panel: Panel,
    series: OutcomeSeries,
    *,
    shown: Sequence[Measure],
    axis: TimeAxis,
    today: date,
) -> None:
    if panel.kind == "dose":
        if series.doses:
            _draw_doses(drawing, panel, series.doses, axis, today)
        else:
            _draw_panel_message(drawing, panel, axis, NO_DOSE_MESSAGE)
        return
    measures = {"symptoms": SYMPTOMS, "pgic": (Measure.PGIC,), "condition": (Measure.CONDITION,)}[panel.kind]
    lines = [measure for measure in shown if measure in measures]
    if not lines:
        _draw_panel_message(drawing, panel, axis, EMPTY_MESSAGE)
    for measure in lines:
        _draw_measure(drawing, panel, series.points[measure], styles.CHART_LOOKS[measure], axis)


def _draw_panel_message(drawing: Drawing, panel: Panel, axis: TimeAxis, message: str) -> None:
    middle = (styles.CHART_AXIS_ROOM + axis.right) / 2
    y = (panel.bottom + panel.top) / 2 - 3
    drawing.add(_text(middle, y, message, size=styles.CHART_MESSAGE_SIZE - 1, anchor="middle"))


def _draw_measure(
    drawing: Drawing, panel: Panel, points: Sequence[OutcomePoint], look: SeriesLook, axis: TimeAxis
) -> None:
    ordered = sorted(points, key=lambda point: point.day)
    spots = [(axis.x(point.day), panel.y(float(point.value))) for point in ordered]
    if len(spots) > 1:
        drawing.add(_line(spots, look))
    size = _marker_size(spots)
    for x, y in spots:
        drawing.add(_marker(look, x, y, size))


def _marker_size(spots: Sequence[tuple[float, float]]) -> float:
    """Full size unless the visits crowd: then no smaller than the minimum."""
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(spots) if b[0] > a[0]]
    if not gaps:
        return styles.CHART_MARKER_SIZE
    return max(styles.CHART_MIN_MARKER_SIZE, min(styles.CHART_MARKER_SIZE, min(gaps) * 0.8))


def _draw_doses(
    drawing: Drawing, panel: Panel, doses: Sequence[DoseSegment], axis: TimeAxis, today: date
) -> None:
    """Each run of touching segments as one step line over a light fill, each step labelled."""
    for run in _runs(sorted(doses, key=lambda segment: segment.start), today):
        steps = _step_points(run, panel, axis, today)
        base = panel.y(0)
        area = [(steps[0][0], base), *steps, (steps[-1][0], base)]
        drawing.add(Polygon(_flatten(area), fillColor=styles.CHART_DOSE_FILL, strokeColor=None))
        look = styles.CHART_DOSE_LOOK
        drawing.add(PolyLine(_flatten(steps), strokeColor=look.colour, strokeWidth=styles.CHART_DOSE_WIDTH))
    for segment in doses:
        _label_step(drawing, panel, segment, axis, today)


def _runs(ordered: Sequence[DoseSegment], today: date) -> list[list[DoseSegment]]:
    runs: list[list[DoseSegment]] = []
    for segment in ordered:
        if runs and _segment_end(runs[-1][-1], today) == segment.start:
            runs[-1].append(segment)
        else:
            runs.append([segment])
    return runs


def _segment_end(segment: DoseSegment, today: date) -> date:
    return segment.end or max(today, segment.start)


def _step_points(
    run: Sequence[DoseSegment], panel: Panel, axis: TimeAxis, today: date
) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for segment in run:
        y = panel.y(float(segment.dose_mg))
        points += [(axis.x(segment.start), y), (axis.x(_segment_end(segment, today)), y)]
    return points


def _label_step(drawing: Drawing, panel: Panel, segment: DoseSegment, axis: TimeAxis, today: date) -> None:
    """The dose written on its step when the step is wide enough: inside the fill, or above a low step."""
    text = format_mg(segment.dose_mg)
    size = styles.CHART_TEXT_SIZE
    x0, x1 = axis.x(segment.start), axis.x(_segment_end(segment, today))
    if x1 - x0 < stringWidth(text, styles.CHART_BOLD, size) + 6:
        return
    y = panel.y(float(segment.dose_mg))
    y = y - size - 2 if y - panel.y(0) >= size + 4 else y + 3
    drawing.add(_text((x0 + x1) / 2, y, text, size=size, anchor="middle", bold=True, colour=styles.ACCENT))


def _draw_dates(drawing: Drawing, axis: TimeAxis, ticks: Sequence[tuple[date, str]], bottom: float) -> None:
    """The dates under the lowest panel; the year under the first date and wherever it changes."""
    previous_year = None
    for day, text in ticks:
        x = axis.x(day)
        drawing.add(
            Line(x, bottom, x, bottom - 3, strokeColor=styles.CHART_FRAME, strokeWidth=styles.HAIRLINE)
        )
        drawing.add(_text(x, bottom - 11, text, size=styles.CHART_TEXT_SIZE, anchor="middle"))
        if day.year != previous_year:
            drawing.add(_text(x, bottom - 19.5, str(day.year), size=styles.CHART_TEXT_SIZE, anchor="middle"))
            previous_year = day.year


def date_ticks(start: date, end: date, width: float) -> list[tuple[date, str]]:
    """Dates to label between `start` and `end`: days, weeks or months, never closer than the minimum gap."""
    days = max((end - start).days, 1)
    most = max(2, int(width // styles.CHART_MIN_DATE_GAP))
    for every in (1, 2, 7, 14):
        if days / every <= most:
            return _day_ticks(start, end, every)
    months = next(
        (m for m in (1, 2, 3, 6, 12) if days / (30.44 * m) <= most), 12 * math.ceil(days / 365 / most)
    )
    return _month_ticks(start, end, months)


def _day_ticks(start: date, end: date, every: int) -> list[tuple[date, str]]:
    day = start if every < 7 else start + timedelta(days=(7 - start.weekday()) % 7)
    ticks: list[tuple[date, str]] = []
    while day <= end:
        ticks.append((day, f"{day:%m/%d}"))
        day += timedelta(days=every)
    return ticks


def _month_ticks(start: date, end: date, months: int) -> list[tuple[date, str]]:
    year, month = start.year, start.month
    ticks: list[tuple[date, str]] = []
    while True:
        day = date(year, month, 1)
        if day > end:
            return ticks
        if day >= start and (month - 1) % months == 0:
            ticks.append((day, f"{day:%b}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# --- shapes -------------------------------------------------------------------------------


def _flatten(points: Sequence[tuple[float, float]]) -> list[float]:
    return [value for point in points for value in point]


def _line(points: Sequence[tuple[float, float]], look: SeriesLook) -> PolyLine:
    line = PolyLine(_flatten(points), strokeColor=look.colour, strokeWidth=styles.CHART_LINE_WIDTH)
    line.strokeLineJoin = 1
    if look.dash:
        line.strokeDashArray = list(look.dash)
    return line


def _marker(look: SeriesLook, x: float, y: float, size: float) -> Group:
    """A marker shape centred on (x, y); an unfilled one has a white middle so it stays hollow."""
    fill = look.colour if look.filled else styles.WHITE
    r = size / 2
    kind = look.marker
    if kind in ("cross", "plus"):
        r *= 1.2
        arms = [(-r, -r, r, r), (-r, r, r, -r)] if kind == "cross" else [(-r, 0, r, 0), (0, -r, 0, r)]
        return Group(
            *(
                Line(x + a, y + b, x + c, y + d, strokeColor=look.colour, strokeWidth=1.3)
                for a, b, c, d in arms
            )
        )
    if kind == "circle":
        shape = Circle(x, y, r)
    elif kind == "square":
        shape = Rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8)
    elif kind == "triangle":
        r *= 1.25
        shape = Polygon([x, y + r, x - r * 0.87, y - r / 2, x + r * 0.87, y - r / 2])
    else:
        r *= 1.25
        shape = Polygon([x, y + r, x + r, y, x, y - r, x - r, y])
    shape.fillColor, shape.strokeColor, shape.strokeWidth = fill, look.colour, 0.9
    return Group(shape)
