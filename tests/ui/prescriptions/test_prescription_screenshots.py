"""Screenshots of the prescription screens at 1366x768 (saved to screenshots/ for people to look at).

Nothing is asserted about pixels; each test checks that the screen shows what the picture is
meant to show, so a screenshot never silently depicts the wrong state. SQLite only: what is
looked at here does not depend on the database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.prescriptions.approve_dialog import ApproveDialog
from ldnclinic.ui.prescriptions.editor_dialog import DISCARD_KEY, PrescriptionEditor
from ldnclinic.ui.prescriptions.history_tab import PrescriptionsTab
from ldnclinic.ui.widgets import prompts, workers
from tests.support.clock import FakeClock
from tests.support.qt import screenshot, type_text
from tests.ui.prescriptions.test_prescription_editor import (
    choose_plan,
    open_editor,
    settle,
    warned_patient,
)
from tests.ui.prescriptions.test_prescription_tab import scripts_in_every_state
from tests.ui.shell_support import dark_palette

pytestmark = [pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]
SIZE = (1366, 768)


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """Closing an editor never opens a real question; no worker outlives the test."""
    prompts.answers[DISCARD_KEY] = True
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(before)


def shot(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    path = screenshot(widget, name)
    assert path.stat().st_size > 0


def chart_on_prescriptions(qtbot: QtBot, services: Services, actor: Actor, patient_id: int) -> ChartWindow:
    chart = ChartWindow(services, actor, services.patients.get(actor, patient_id))
    qtbot.addWidget(chart)
    chart.resize(*SIZE)
    chart.show()
    tab = next(
        chart.tabs.widget(i) for i in range(chart.tabs.count()) if chart.tabs.tabText(i) == "Prescriptions"
    )
    chart.tabs.setCurrentWidget(tab)
    return chart


def test_tab_with_scripts_in_every_state(
    qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock
) -> None:
    patient_id, _ids = scripts_in_every_state(initialized, prescriber, clock)
    chart = chart_on_prescriptions(qtbot, initialized, prescriber, patient_id)
    tab = chart.tabs.currentWidget()
    assert isinstance(tab, PrescriptionsTab)
    statuses = {rx.status for rx in tab.model.rows()}
    assert statuses == set(RxStatus)
    tab.select_rx(next(rx.id for rx in tab.model.rows() if rx.status is RxStatus.APPROVED))
    assert tab.status_line.text().startswith("Approved by Elena García, MD on 12/25/2026 ")
    shot(chart, "rx-tab-history")


def test_editor_with_live_preview(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    editor = open_editor(qtbot, initialized, prescriber, warned_patient(initialized, prescriber))
    editor.resize(*SIZE)
    choose_plan(editor, "STD-1.5-14")
    settle(qtbot, editor)
    assert "48 (forty-eight) capsules" in editor.preview.text()
    shot(editor, "rx-editor-preview")


def test_editor_with_a_plan_that_does_not_fit(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    editor = open_editor(qtbot, initialized, prescriber, warned_patient(initialized, prescriber))
    editor.resize(*SIZE)
    choose_plan(editor, "HALF-WEEKLY")
    settle(qtbot, editor)
    assert "LIQ-1" in editor.preview.suggestion_buttons
    shot(editor, "rx-editor-not-fitting")


def test_editor_with_a_hard_stop(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    editor = open_editor(qtbot, initialized, prescriber, warned_patient(initialized, prescriber))
    editor.resize(*SIZE)
    choose_plan(editor, "MAINT-4.5")
    dose = editor.builder.dose_edit(0)
    dose.clear()
    type_text(dose, "45")
    settle(qtbot, editor)
    assert any(
        text.startswith("Hard stop: The highest daily dose, 45 mg")
        for text in editor.preview.findings.texts()
    )
    shot(editor, "rx-editor-hard-stop")


def test_approve_dialog_with_warnings_and_a_hard_stop(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    from tests.ui.prescriptions.test_prescription_editor import opioid_draft

    detail = opioid_draft(initialized, prescriber)
    dialog = ApproveDialog(initialized, prescriber, detail)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 720)
    dialog.show()
    assert dialog.findings.hard_stops() and dialog.findings.warnings()
    dialog.findings.checkbox(dialog.findings.warnings()[0].key).setChecked(True)
    dialog.findings.checkbox(dialog.findings.hard_stops()[0].key).setChecked(True)
    type_text(dialog.reason, "Stopped Norco in October, confirmed with the pharmacy")
    assert not dialog.approve_button.isEnabled()
    shot(dialog, "rx-approve-dialog")


def test_dark_editor(qtbot: QtBot, initialized: Services, prescriber: Actor, dark: None) -> None:
    editor = open_editor(qtbot, initialized, prescriber, warned_patient(initialized, prescriber))
    editor.resize(*SIZE)
    choose_plan(editor, "HALF-WEEKLY")
    settle(qtbot, editor)
    shot(editor, "rx-editor-dark")
    assert isinstance(editor, PrescriptionEditor)
