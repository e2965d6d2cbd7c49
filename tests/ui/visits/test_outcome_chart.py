"""The outcome chart: one line per measure with a point per visit, the dose as a step line on
its own mg axis (ISMP labels), the empty state, and hiding or showing a measure.

The chart draws an `OutcomeSeries` (plain data), so these tests build one by hand; the
visits tab and screenshot tests draw the service's own series.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCharts import QCategoryAxis, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ldnclinic.domain.visits.note import Measure
from ldnclinic.domain.visits.outcomes import DoseSegment, OutcomePoint, OutcomeSeries
from ldnclinic.ui.visits.outcome_chart import (
    DOSE_NAME,
    EMPTY_TEXT,
    OutcomeChartView,
    day_msecs,
    dose_steps,
    msecs_day,
)

TODAY = date(2026, 11, 21)
VISIT_DAYS = (date(2026, 8, 4), date(2026, 9, 1), date(2026, 10, 6), date(2026, 11, 17))


def points(*values: int | str | None) -> tuple[OutcomePoint, ...]:
    return tuple(
        OutcomePoint(day, Decimal(value), index)
        for index, (day, value) in enumerate(zip(VISIT_DAYS, values, strict=True))
        if value is not None
    )


def titration() -> tuple[DoseSegment, ...]:
    """1.5 mg for two weeks, 3 mg for two weeks, then 4.5 mg (still going)."""
    return (
        DoseSegment(date(2026, 8, 5), date(2026, 8, 19), Decimal("1.5")),
        DoseSegment(date(2026, 8, 19), date(2026, 9, 2), Decimal(3)),
        DoseSegment(date(2026, 9, 2), None, Decimal("4.5")),
    )


def sample_series() -> OutcomeSeries:
    return OutcomeSeries(
        points={
            Measure.PAIN: points(8, 6, 5, 3),
            Measure.FATIGUE: points(7, 7, 5, 4),
            Measure.SLEEP: points(3, None, 6, 7),
            Measure.PGIC: points(None, 3, 2, 2),
        },
        doses=titration(),
    )


def shown(qtbot: QtBot, series: OutcomeSeries) -> OutcomeChartView:
    view = OutcomeChartView()
    qtbot.addWidget(view)
    view.resize(900, 420)
    view.show_series(series, TODAY)
    view.show()
    return view


def line_series(view: OutcomeChartView) -> list[QLineSeries]:
    return [s for s in view.chart().series() if isinstance(s, QLineSeries)]


def ys(line: QLineSeries) -> list[float]:
    return [line.at(i).y() for i in range(line.count())]


def test_each_measure_is_a_line_with_a_point_per_visit_and_the_dose_a_step_line(qtbot: QtBot) -> None:
    view = shown(qtbot, sample_series())
    lines = line_series(view)
    assert len(lines) == 5  # four measures and the dose
    assert set(view.measures) == {Measure.PAIN, Measure.FATIGUE, Measure.SLEEP, Measure.PGIC}
    assert [
        view.measures[m].count() for m in (Measure.PAIN, Measure.FATIGUE, Measure.SLEEP, Measure.PGIC)
    ] == [
        4,
        4,
        3,
        3,
    ]
    pain = view.measures[Measure.PAIN]
    assert ys(pain) == [8, 6, 5, 3]
    assert [msecs_day(pain.at(i).x()) for i in range(pain.count())] == list(VISIT_DAYS)
    assert pain.name() == "Pain (0-10)"
    # Three dose steps: six corners, each step flat, ending today.
    dose = view.dose_series
    assert dose is not None and dose in lines
    assert dose.name() == DOSE_NAME
    assert dose.count() == 6
    assert ys(dose) == [1.5, 1.5, 3, 3, 4.5, 4.5]
    assert msecs_day(dose.at(5).x()) == TODAY
    assert dose.at(1).x() == dose.at(2).x()  # the step up is vertical


def test_the_axes_dates_scores_and_dose_in_mg_written_the_ismp_way(qtbot: QtBot) -> None:
    view = shown(qtbot, sample_series())
    pain_axes = view.measures[Measure.PAIN].attachedAxes()
    dose_axes = view.dose_series.attachedAxes() if view.dose_series else []
    dates = next(a for a in pain_axes if isinstance(a, QDateTimeAxis))
    scores = next(a for a in pain_axes if isinstance(a, QValueAxis))
    mg = next(a for a in dose_axes if isinstance(a, QCategoryAxis))
    assert dates in dose_axes  # one timeline for both
    assert (scores.min(), scores.max()) == (0, 10)
    assert scores.alignment() == Qt.AlignmentFlag.AlignLeft
    assert mg.alignment() == Qt.AlignmentFlag.AlignRight
    assert mg.categoriesLabels() == ["0 mg", "1.5 mg", "3 mg", "4.5 mg"]
    assert msecs_day(dates.min().toMSecsSinceEpoch()) < VISIT_DAYS[0]
    assert msecs_day(dates.max().toMSecsSinceEpoch()) > TODAY


def test_a_half_milligram_dose_is_labelled_with_its_leading_zero(qtbot: QtBot) -> None:
    series = OutcomeSeries(
        points={Measure.PAIN: points(6, 5, None, None)},
        doses=(DoseSegment(date(2026, 8, 5), None, Decimal("0.5")),),
    )
    view = shown(qtbot, series)
    mg = next(a for a in view.dose_series.attachedAxes() if isinstance(a, QCategoryAxis))  # type: ignore[union-attr]
    assert mg.categoriesLabels() == ["0 mg", "0.5 mg"]


def test_a_condition_score_gets_its_own_axis_named_after_it(qtbot: QtBot) -> None:
    series = OutcomeSeries(
        points={Measure.PAIN: points(8, 6, 5, 3), Measure.CONDITION: points(68, 61, 52, 44)},
        doses=titration(),
        condition_name="FIQR",
    )
    view = shown(qtbot, series)
    condition = view.measures[Measure.CONDITION]
    assert condition.name() == "FIQR"
    axis = next(a for a in condition.attachedAxes() if isinstance(a, QValueAxis))
    assert axis.titleText() == "FIQR"
    assert (axis.min(), axis.max()) == (0, 100)
    assert "FIQR" in view.legend_labels()


def test_nothing_recorded_shows_the_empty_state(qtbot: QtBot) -> None:
    view = shown(qtbot, OutcomeSeries())
    assert view.empty_label.isVisibleTo(view)
    assert view.empty_label.text() == EMPTY_TEXT == "No outcome measures recorded yet"
    assert view.chart().series() == []
    assert view.chart().axes() == []
    # Measures arriving later replace the empty state.
    view.show_series(sample_series(), TODAY)
    assert not view.empty_label.isVisibleTo(view)
    assert len(line_series(view)) == 5


def test_a_dose_history_without_measures_still_says_none_were_recorded(qtbot: QtBot) -> None:
    view = shown(qtbot, OutcomeSeries(doses=titration()))
    assert view.empty_label.isVisibleTo(view)
    assert view.measures == {}
    assert view.dose_series is not None and view.dose_series.count() == 6


def test_toggling_a_measure_hides_its_line_and_keeps_its_legend_entry(qtbot: QtBot) -> None:
    view = shown(qtbot, sample_series())
    pain = view.measures[Measure.PAIN]
    marker = view.chart().legend().markers(pain)[0]
    with qtbot.waitSignal(view.visibility_changed):
        marker.clicked.emit()  # a click on "Pain (0-10)" in the legend
    assert not pain.isVisible()
    assert not view.measure_visible(Measure.PAIN)
    assert marker.isVisible()  # still there, to click again
    assert marker.font().strikeOut()
    assert view.measures[Measure.FATIGUE].isVisible()
    # Hidden stays hidden when the chart is drawn again (after a save, say).
    view.show_series(sample_series(), TODAY)
    assert not view.measures[Measure.PAIN].isVisible()
    view.chart().legend().markers(view.measures[Measure.PAIN])[0].clicked.emit()
    assert view.measures[Measure.PAIN].isVisible()


def test_focusing_on_one_measure_and_back(qtbot: QtBot) -> None:
    view = shown(qtbot, sample_series())
    view.show_only(Measure.FATIGUE)
    assert {m for m, line in view.measures.items() if line.isVisible()} == {Measure.FATIGUE}
    assert view.dose_series is not None and view.dose_series.isVisible()
    view.set_dose_visible(False)
    assert not view.dose_series.isVisible()
    view.show_all()
    view.set_dose_visible(True)
    assert all(line.isVisible() for line in view.measures.values())
    assert view.dose_series.isVisible()


def test_a_single_visit_gets_room_on_either_side(qtbot: QtBot) -> None:
    series = OutcomeSeries(points={Measure.PAIN: (OutcomePoint(TODAY, Decimal(5), 1),)})
    view = shown(qtbot, series)
    dates = next(a for a in view.measures[Measure.PAIN].attachedAxes() if isinstance(a, QDateTimeAxis))
    assert (TODAY - msecs_day(dates.min().toMSecsSinceEpoch())).days == 7
    assert (msecs_day(dates.max().toMSecsSinceEpoch()) - TODAY).days == 7


def test_dose_steps_and_day_positions() -> None:
    corners = dose_steps(titration(), TODAY)
    assert corners[0] == (date(2026, 8, 5), Decimal("1.5"))
    assert corners[-1] == (TODAY, Decimal("4.5"))
    assert msecs_day(day_msecs(date(2026, 3, 8))) == date(2026, 3, 8)  # a daylight-saving day
