"""Screenshots of the visit screens at 1366x768 (saved to screenshots/ for people to look at).

Nothing is asserted about pixels; each test checks that the screen shows what the picture is
meant to show. SQLite only: what is looked at here does not depend on the database. The
patient has six visits over five months: pain and fatigue improve during a 1.5 -> 3 -> 4.5 mg
titration, and the dose is stepped down to 3 mg after vivid dreams and insomnia.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.domain.visits.note import Measure
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.visits.outcome_chart import OutcomeChartView
from ldnclinic.ui.visits.visit_dialog import DISCARD_KEY, VisitDialog
from ldnclinic.ui.visits.visits_tab import VisitsTab
from ldnclinic.ui.widgets import prompts, theme, workers
from tests.support.clock import FakeClock
from tests.support.qt import screenshot, type_text
from tests.ui.visit_support import patient_with_history

pytestmark = [pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]
SIZE = (1366, 768)


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """Closing a dialog never opens a real question; no worker outlives the test; the app's
    own style sheet, so the pictures look like the running app."""
    prompts.answers[DISCARD_KEY] = True
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app)
    try:
        yield
        qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)
    finally:
        theme.remove(app)


def shot(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    path = screenshot(widget, name)
    assert path.stat().st_size > 0


def test_new_visit(qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock) -> None:
    history = patient_with_history(initialized, prescriber, clock)
    dialog = VisitDialog(initialized, prescriber, history.patient_id)
    qtbot.addWidget(dialog)
    dialog.resize(*SIZE)
    dialog.show()
    form = dialog.form
    assert form.visit.city.text() == "Austin"
    assert form.treatment.dose.text() == "3 mg"
    assert form.outcomes.condition_name.text() == "FIQR"
    form.visit.consent.setChecked(True)
    form.outcomes.scores[Measure.PAIN].setValue(3)
    form.outcomes.scores[Measure.FATIGUE].setValue(2)
    type_text(
        form.soap.editors["subjective"],
        "Feels well on 3 mg. Sleeping 7 hours; no vivid dreams. Pain mostly in the shoulders, 3/10.",
    )
    shot(dialog, "visit-new")


def test_signed_visit_with_two_addenda(
    qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock
) -> None:
    history = patient_with_history(initialized, prescriber, clock)
    visit = history.with_addenda
    dialog = VisitDialog(initialized, prescriber, history.patient_id, visit_id=visit.id)
    qtbot.addWidget(dialog)
    dialog.resize(*SIZE)
    dialog.show()
    assert dialog.read_only
    assert dialog.signed_banner.text().startswith("Signed by Elena García, MD on 10/27/2026 ")
    assert len(dialog.addenda.cards) == 2
    shot(dialog, "visit-signed")


def test_outcome_chart(qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock) -> None:
    history = patient_with_history(initialized, prescriber, clock)
    view = OutcomeChartView()
    qtbot.addWidget(view)
    view.resize(1100, 460)
    view.show_series(initialized.visits.outcomes(prescriber, history.patient_id), clock.now.date())
    view.show()
    assert set(view.measures) == set(Measure)
    shot(view, "outcome-chart")


def test_chart_visits_tab(qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock) -> None:
    history = patient_with_history(initialized, prescriber, clock)
    chart = ChartWindow(initialized, prescriber, initialized.patients.get(prescriber, history.patient_id))
    qtbot.addWidget(chart)
    chart.resize(*SIZE)
    chart.show()
    tab = next(
        chart.tabs.widget(i)
        for i in range(chart.tabs.count())
        if chart.tabs.tabText(i) == "Visits && follow-ups"
    )
    assert isinstance(tab, VisitsTab)
    chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.loaded and not tab.loading, timeout=10_000)
    assert tab.visits_model.rowCount() == 6
    assert tab.followups_model.rowCount() > 0
    shot(chart, "chart-visits-tab")
