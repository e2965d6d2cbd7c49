"""The outcome chart on screen: each measure over time against the daily LDN dose.

One date axis; the measures as lines with point markers on the left-hand score axis (0-10;
the global impression of change, 1-7, reads on the same axis), a condition score (FIQR,
EDSS ...) on its own outer left axis, and the daily dose as a step line on the right-hand
axis, labelled in mg the ISMP way ("4.5 mg", never "4.50"). So the prescriber sees at a
glance whether pain and fatigue fell as the dose went up, and whether to go up, hold or
step down.

Clicking a name in the legend hides or shows that line (its name is dimmed while hidden),
so one measure can be looked at alone; what is hidden stays hidden when the chart is
refreshed. Hovering a point shows its value and date. With no measure recorded yet, a
label says so instead of an empty grid.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from PySide6.QtCharts import (
    QAbstractAxis,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLegend,
    QLegendMarker,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, QRectF, Qt, QTime, Signal
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QImage, QPainter, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

from ldnclinic.domain.prescriptions.doses import format_amount, format_mg
from ldnclinic.domain.visits.note import PGIC_LABELS, Measure
from ldnclinic.domain.visits.outcomes import DoseSegment, OutcomePoint, OutcomeSeries
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.tones import hint_colour, is_dark

EMPTY_TEXT = "No outcome measures recorded yet"
HINT = "Click a name in the legend to hide or show that line; hover a point to read it."
DOSE_NAME = "Daily dose (mg)"
SCORE_TITLE = "Score (0-10)"
SINGLE_DAY_PADDING = 7  # days either side of a chart that covers one day
EDGE_PADDING_DAYS = 4  # so the first and last markers are not cut by the plot's edge
HIDDEN_ALPHA = 70


class Shape(StrEnum):
    CIRCLE = "circle"
    SQUARE = "square"
    TRIANGLE = "triangle"
    DIAMOND = "diamond"
    CROSS = "cross"
    PLUS = "plus"


@dataclass(frozen=True, slots=True)
class Look:
    """How one line reads in colour and in black and white: colour, dash and marker shape."""

    colour: str
    dash: Qt.PenStyle
    shape: Shape
    width: float = 2.0


# Okabe-Ito colours (safe for colour-blind readers), as on the printed summary.
LOOKS: dict[Measure, Look] = {
    Measure.PAIN: Look("#C4451C", Qt.PenStyle.SolidLine, Shape.CIRCLE),
    Measure.FATIGUE: Look("#0067A5", Qt.PenStyle.DashLine, Shape.SQUARE),
    Measure.SLEEP: Look("#007F5F", Qt.PenStyle.DotLine, Shape.TRIANGLE),
    Measure.MOOD: Look("#A3488A", Qt.PenStyle.DashDotLine, Shape.DIAMOND),
    Measure.PGIC: Look("#8A5A00", Qt.PenStyle.SolidLine, Shape.CROSS),
    Measure.CONDITION: Look("#5A5A5A", Qt.PenStyle.DashLine, Shape.PLUS),
}
MARKER_SIZE = 11
LOOKS_DARK: dict[Measure, str] = {
    Measure.PAIN: "#FF8A65",
    Measure.FATIGUE: "#64B5F6",
    Measure.SLEEP: "#4DD0A1",
    Measure.MOOD: "#E29AD0",
    Measure.PGIC: "#E0B050",
    Measure.CONDITION: "#C8C8C8",
}
DOSE_COLOUR = ("#1F3A5F", "#9DB8DE")  # light, dark
ON_SCORE_AXIS = (Measure.PAIN, Measure.FATIGUE, Measure.SLEEP, Measure.MOOD, Measure.PGIC)


def day_msecs(day: date) -> float:
    """A day as the chart's x value: local noon, so no zone offset moves it to another day."""
    moment = QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))
    return float(moment.toMSecsSinceEpoch())


def msecs_day(value: float) -> date:
    moment = QDateTime.fromMSecsSinceEpoch(round(value)).date()
    return date(moment.year(), moment.month(), moment.day())


def marker_image(shape: Shape, colour: QColor, size: int = MARKER_SIZE) -> QImage:
    """A point marker drawn once and stamped on every point of a line (`setLightMarker`)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 2.0))
    painter.setBrush(QBrush(colour))
    inner = QRectF(1.5, 1.5, size - 3.0, size - 3.0)
    middle = size / 2.0
    if shape is Shape.CIRCLE:
        painter.drawEllipse(inner)
    elif shape is Shape.SQUARE:
        painter.drawRect(inner.adjusted(0.5, 0.5, -0.5, -0.5))
    elif shape is Shape.TRIANGLE:
        painter.drawPolygon(
            QPolygonF([QPointF(middle, 1.0), QPointF(size - 1.0, size - 1.5), QPointF(1.0, size - 1.5)])
        )
    elif shape is Shape.DIAMOND:
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(middle, 0.5),
                    QPointF(size - 0.5, middle),
                    QPointF(middle, size - 0.5),
                    QPointF(0.5, middle),
                ]
            )
        )
    elif shape is Shape.CROSS:
        painter.drawLine(QPointF(2.0, 2.0), QPointF(size - 2.0, size - 2.0))
        painter.drawLine(QPointF(2.0, size - 2.0), QPointF(size - 2.0, 2.0))
    else:
        painter.drawLine(QPointF(middle, 1.0), QPointF(middle, size - 1.0))
        painter.drawLine(QPointF(1.0, middle), QPointF(size - 1.0, middle))
    painter.end()
    return image


def dose_steps(doses: Sequence[DoseSegment], last_day: date) -> list[tuple[date, Decimal]]:
    """The dose history as the corners of a step line: each segment's start and end at its
    dose (an open segment runs to `last_day`)."""
    corners: list[tuple[date, Decimal]] = []
    for segment in doses:
        end = segment.end or max(last_day, segment.start)
        corners.append((segment.start, segment.dose_mg))
        corners.append((end, segment.dose_mg))
    return corners


def nice_ceiling(value: float) -> float:
    """The axis top for a condition score: 100 for the usual 0-100 scores, else a round number."""
    if value <= 100:
        return 100.0
    step = 10 ** math.floor(math.log10(value))
    return float(math.ceil(value / step) * step)


def point_text(measure: Measure, point: OutcomePoint, name: str) -> str:
    value = format_amount(point.value)
    if measure is Measure.PGIC:
        value = f"{value} · {PGIC_LABELS.get(int(point.value), '')}"
    return f"{name}: {value} on {us_date(point.day)}"


class OutcomeChartView(QChartView):
    """The patient's outcome chart; `show_series` draws it (again) from an `OutcomeSeries`."""

    visibility_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeChart")
        self.setAccessibleName("Outcome measures and dose over time")
        self.setToolTip(HINT)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self._chart = QChart()
        self._chart.setBackgroundRoundness(0)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        self.setChart(self._chart)
        self._hidden: set[Measure] = set()
        self._dose_hidden = False
        self._centred_empty = True
        self._doses: tuple[DoseSegment, ...] = ()
        self.measures: dict[Measure, QLineSeries] = {}
        self.dose_series: QLineSeries | None = None
        self._points: dict[Measure, tuple[OutcomePoint, ...]] = {}
        self._names: dict[Measure, str] = {}
        self.empty_label = QLabel(EMPTY_TEXT, self)
        self.empty_label.setObjectName("outcomeChartEmpty")
        self.empty_label.setAccessibleName(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.empty_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.empty_label.setFont(font)
        self.empty_label.setStyleSheet(f"color: {hint_colour()}; background: transparent;")
        self.empty_label.hide()

    # --- drawing ------------------------------------------------------------------------------

    def show_series(self, series: OutcomeSeries, today: date) -> None:
        """Draw `series` up to `today` (an ongoing dose runs to today)."""
        self._clear()
        self._apply_theme()
        has_points = any(series.points.values())
        span = series.span(today)
        if series.is_empty or span is None:
            self._show_empty(centred=True)
            return
        x_axis = self._date_axis(*span)
        self._chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        score_axis = self._score_axis()
        self._chart.addAxis(score_axis, Qt.AlignmentFlag.AlignLeft)
        if series.doses:  # first, so the measures are drawn over it
            self._add_doses(series.doses, span[1], x_axis)
        for measure in ON_SCORE_AXIS:
            points = series.points.get(measure, ())
            if points:
                self._add_measure(measure, measure.label, points, x_axis, score_axis)
        self._add_condition(series, x_axis)
        self._connect_legend()
        if has_points:
            self.empty_label.hide()
        else:
            self._show_empty(centred=False)

    def _clear(self) -> None:
        self._chart.removeAllSeries()
        for axis in self._chart.axes():
            self._chart.removeAxis(axis)
            axis.deleteLater()
        self.measures = {}
        self.dose_series = None
        self._doses = ()
        self._points = {}
        self._names = {}

    def _apply_theme(self) -> None:
        dark = is_dark()
        self._chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
        self._chart.setBackgroundRoundness(0)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        self.empty_label.setStyleSheet(f"color: {hint_colour()}; background: transparent;")

    def _show_empty(self, *, centred: bool) -> None:
        self.empty_label.show()
        self.empty_label.raise_()
        self._centred_empty = centred
        self._place_empty_label()

    def _date_axis(self, first: date, last: date) -> QDateTimeAxis:
        padding = timedelta(days=SINGLE_DAY_PADDING if first == last else EDGE_PADDING_DAYS)
        first, last = first - padding, last + padding
        axis = QDateTimeAxis()
        axis.setFormat("MMM d" if first.year == last.year else "MMM d, yyyy")
        axis.setRange(
            QDateTime.fromMSecsSinceEpoch(round(day_msecs(first))),
            QDateTime.fromMSecsSinceEpoch(round(day_msecs(last))),
        )
        axis.setTickCount(max(3, min(8, (last - first).days // 21 + 2)))
        axis.setGridLineVisible(True)
        return axis

    def _score_axis(self) -> QValueAxis:
        axis = QValueAxis()
        axis.setRange(0, 10)
        axis.setTickCount(6)
        axis.setMinorTickCount(1)
        axis.setLabelFormat("%d")
        axis.setTitleText(SCORE_TITLE)
        return axis

    def _add_condition(self, series: OutcomeSeries, x_axis: QAbstractAxis) -> None:
        points = series.points.get(Measure.CONDITION, ())
        if not points:
            return
        name = series.condition_name or Measure.CONDITION.label
        axis = QValueAxis()
        axis.setRange(0, nice_ceiling(max(float(p.value) for p in points)))
        axis.setTickCount(6)
        axis.setLabelFormat("%g")
        axis.setTitleText(name)
        axis.setGridLineVisible(False)
        self._chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        self._add_measure(Measure.CONDITION, name, points, x_axis, axis)

    def _add_measure(
        self,
        measure: Measure,
        name: str,
        points: tuple[OutcomePoint, ...],
        x_axis: QAbstractAxis,
        y_axis: QAbstractAxis,
    ) -> None:
        look = LOOKS[measure]
        colour = QColor(LOOKS_DARK[measure] if is_dark() else look.colour)
        line = QLineSeries()
        line.setName(name)
        for point in points:
            line.append(QPointF(day_msecs(point.day), float(point.value)))
        pen = QPen(colour, look.width, look.dash)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        line.setPen(pen)
        line.setColor(colour)
        line.setMarkerSize(MARKER_SIZE)
        line.setLightMarker(marker_image(look.shape, colour))
        self._chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)
        line.hovered.connect(lambda at, state, chosen=measure: self._hovered(chosen, at, state))
        line.setVisible(measure not in self._hidden)
        self.measures[measure] = line
        self._points[measure] = points
        self._names[measure] = name

    def _add_doses(self, doses: tuple[DoseSegment, ...], last_day: date, x_axis: QAbstractAxis) -> None:
        corners = dose_steps(doses, last_day)
        line = QLineSeries()
        line.setName(DOSE_NAME)
        for day, dose in corners:
            line.append(QPointF(day_msecs(day), float(dose)))
        colour = QColor(DOSE_COLOUR[1] if is_dark() else DOSE_COLOUR[0])
        line.setPen(
            QPen(colour, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.MiterJoin)
        )
        line.setColor(colour)
        self._chart.addSeries(line)
        axis = self._dose_axis([dose for _day, dose in corners])
        self._chart.addAxis(axis, Qt.AlignmentFlag.AlignRight)
        line.attachAxis(x_axis)
        line.attachAxis(axis)
        line.hovered.connect(self._dose_hovered)
        line.setVisible(not self._dose_hidden)
        self.dose_series = line
        self._doses = doses

    def _dose_axis(self, doses: list[Decimal]) -> QCategoryAxis:
        """Labels only at the doses taken (and 0 mg), each written the ISMP way."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        top = max(doses) if doses else Decimal(1)
        axis.setRange(0, float(top) * 1.15 if top > 0 else 1.0)
        for value in sorted({Decimal(0), *doses}):
            axis.append(format_mg(value), float(value))
        axis.setTitleText(DOSE_NAME)
        axis.setGridLineVisible(False)
        axis.setLineVisible(True)
        return axis

    # --- legend toggles -----------------------------------------------------------------------

    def _connect_legend(self) -> None:
        for marker in self._chart.legend().markers():
            marker.clicked.connect(lambda chosen=marker: self._marker_clicked(chosen))
            self._style_marker(marker)

    def _marker_clicked(self, marker: QLegendMarker) -> None:
        series = marker.series()
        measure = next((m for m, line in self.measures.items() if line is series), None)
        if measure is not None:
            self.set_measure_visible(measure, not series.isVisible())
        elif series is self.dose_series:
            self.set_dose_visible(not series.isVisible())

    def set_measure_visible(self, measure: Measure, visible: bool) -> None:
        """Show or hide one measure's line (remembered across refreshes)."""
        if visible:
            self._hidden.discard(measure)
        else:
            self._hidden.add(measure)
        line = self.measures.get(measure)
        if line is not None:
            line.setVisible(visible)
            self._restyle_legend()
        self.visibility_changed.emit()

    def set_dose_visible(self, visible: bool) -> None:
        self._dose_hidden = not visible
        if self.dose_series is not None:
            self.dose_series.setVisible(visible)
            self._restyle_legend()
        self.visibility_changed.emit()

    def measure_visible(self, measure: Measure) -> bool:
        return measure not in self._hidden

    def show_only(self, measure: Measure) -> None:
        """Focus on one measure: every other measure is hidden (the dose stays)."""
        for other in Measure:
            if other is not measure:
                self._hidden.add(other)
        self._hidden.discard(measure)
        for other, line in self.measures.items():
            line.setVisible(other is measure)
        self._restyle_legend()
        self.visibility_changed.emit()

    def show_all(self) -> None:
        self._hidden.clear()
        for line in self.measures.values():
            line.setVisible(True)
        self._restyle_legend()
        self.visibility_changed.emit()

    def _restyle_legend(self) -> None:
        for marker in self._chart.legend().markers():
            self._style_marker(marker)

    def _style_marker(self, marker: QLegendMarker) -> None:
        """A hidden line keeps its legend entry (to click again), dimmed."""
        marker.setVisible(True)
        visible = marker.series().isVisible()
        for brush_of, set_brush in (
            (marker.labelBrush, marker.setLabelBrush),
            (marker.brush, marker.setBrush),
        ):
            colour = brush_of().color()
            colour.setAlpha(255 if visible else HIDDEN_ALPHA)
            set_brush(QBrush(colour))
        font = QFont(marker.font())
        font.setStrikeOut(not visible)
        marker.setFont(font)

    def legend_labels(self) -> list[str]:
        return [marker.label() for marker in self._chart.legend().markers()]

    # --- hovering -----------------------------------------------------------------------------

    def _hovered(self, measure: Measure, at: QPointF, state: bool) -> None:
        if not state:
            QToolTip.hideText()
            return
        points = self._points.get(measure, ())
        if not points:
            return
        nearest = min(points, key=lambda p: abs(day_msecs(p.day) - at.x()))
        QToolTip.showText(QCursor.pos(), point_text(measure, nearest, self._names[measure]), self)

    def _dose_hovered(self, at: QPointF, state: bool) -> None:
        if not state:
            QToolTip.hideText()
            return
        day = msecs_day(at.x())
        dose = next(
            (s.dose_mg for s in self._doses if s.start <= day and (s.end is None or day < s.end)),
            None,
        )
        if dose is not None:
            QToolTip.showText(QCursor.pos(), f"Daily dose {format_mg(dose)} on {us_date(day)}", self)

    # --- the empty-state label ----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_empty_label()

    def _place_empty_label(self) -> None:
        if self._centred_empty:
            self.empty_label.setGeometry(self.rect())
            return
        area = self._chart.plotArea().toRect()
        height = self.empty_label.sizeHint().height() + 8
        self.empty_label.setGeometry(area.left(), area.top() + 6, area.width(), height)
