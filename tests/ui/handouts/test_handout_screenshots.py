"""Screenshots of the handout screens at 1366x768 (saved to screenshots/ for people to look at).

Nothing is asserted about pixels; each test checks that the screen shows what the picture is
meant to show. SQLite only: what is looked at here does not depend on the database. The
patient is José Luis Peña (prefers Spanish, has fibromyalgia) with an approved prescription.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.handouts.documents_tab import DocumentsTab
from ldnclinic.ui.handouts.handout_dialog import HandoutDialog
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.widgets import theme, workers
from tests.services.rx_support import add_patient, approved_rx
from tests.support.clock import FakeClock
from tests.support.qt import screenshot
from tests.ui.handouts.test_documents_tab import three_prints

pytestmark = [pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]
SIZE = (1366, 768)


@pytest.fixture(autouse=True)
def _styled_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """The app's own style sheet, so the pictures look like the running app; no worker
    outlives the test."""
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


def test_chart_documents_tab(
    qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock
) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved_rx(initialized, prescriber, patient_id)
    three_prints(initialized, prescriber, clock, patient_id)
    chart = ChartWindow(initialized, prescriber, initialized.patients.get(prescriber, patient_id))
    qtbot.addWidget(chart)
    chart.resize(*SIZE)
    chart.show()
    tab = next(
        chart.tabs.widget(i) for i in range(chart.tabs.count()) if chart.tabs.tabText(i) == "Documents"
    )
    assert isinstance(tab, DocumentsTab)
    chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.loaded and not tab.loading, timeout=10_000)
    assert tab.model.rowCount() == 3
    tab.select_record(tab.model.rows()[-1].id)  # the packet: its six handouts listed below
    assert tab.details_items.text().count("\n") == 5
    shot(chart, "chart-documents-tab")


def test_handout_dialog(qtbot: QtBot, initialized: Services, staff: Actor, prescriber: Actor) -> None:
    patient_id = add_patient(initialized, prescriber)
    dialog = HandoutDialog(initialized, staff, patient_id, patient_name="Peña, José Luis")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.current_language() == "es"
    assert dialog.blocked()  # no prescription yet: the dose schedule and opioid sheet are greyed out
    shot(dialog, "handout-dialog")
