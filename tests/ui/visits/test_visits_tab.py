"""The chart's "Visits & follow-ups" tab: the outcome chart, the visit and follow-up lists,
the buttons by role and by the selected follow-up's status, opening and writing visits, the
summary PDF and a follow-up action run from the chart.

Real widgets on the real services (SQLite and PostgreSQL); the tab loads on a worker thread
and each test waits for it; questions are answered through `prompts.answers`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ldnclinic.domain.followups.worklist import FollowupStatus
from ldnclinic.domain.visits.note import Measure, VisitStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.followups.actions import REOPEN_KEY, FollowupAction
from ldnclinic.ui.followups.new_followup_dialog import NewFollowupDialog
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.prescriptions.editor_dialog import DISCARD_KEY as RX_DISCARD_KEY
from ldnclinic.ui.visits.followup_panel import NO_FOLLOWUPS
from ldnclinic.ui.visits.visit_dialog import DISCARD_KEY, VisitDialog
from ldnclinic.ui.visits.visit_models import FollowupColumn, FollowupListModel, VisitColumn, VisitListModel
from ldnclinic.ui.visits.visits_tab import NO_VISITS, VisitsTab
from ldnclinic.ui.widgets import prompts, workers
from ldnclinic.ui.widgets.tones import Tone, tone_colours
from tests.services.rx_support import add_patient
from tests.support.clock import FakeClock
from tests.ui.shell_support import unnamed_inputs
from tests.ui.visit_support import History, patient_with_history


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """Closing a dialog never opens a real question; no worker outlives the test."""
    prompts.answers[DISCARD_KEY] = True
    prompts.answers[RX_DISCARD_KEY] = True
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


@pytest.fixture
def history(initialized: Services, prescriber: Actor, clock: FakeClock) -> History:
    return patient_with_history(initialized, prescriber, clock)


def open_tab(qtbot: QtBot, services: Services, actor: Actor, patient_id: int) -> VisitsTab:
    tab = VisitsTab(services, actor, patient_id)
    qtbot.addWidget(tab)
    tab.resize(1340, 640)
    tab.show()
    tab.show_detail(services.patients.get(actor, patient_id))
    settle(qtbot, tab)
    return tab


def settle(qtbot: QtBot, tab: VisitsTab) -> None:
    qtbot.waitUntil(lambda: tab.loaded and not tab.loading, timeout=10_000)


def cell(model: VisitListModel | FollowupListModel, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)))


def shown_buttons(tab: VisitsTab) -> set[str]:
    return {name for name, button in tab.followup_buttons.items() if button.isVisibleTo(tab)}


def enabled_actions(tab: VisitsTab) -> set[str]:
    return {name for name, button in tab.followup_buttons.items() if button.isEnabled()}


# --- the lists -----------------------------------------------------------------------------------


def test_the_visits_newest_first_and_the_chart(
    qtbot: QtBot, initialized: Services, prescriber: Actor, history: History
) -> None:
    tab = open_tab(qtbot, initialized, prescriber, history.patient_id)
    model = tab.visits_model
    assert model.rowCount() == 6
    assert [cell(model, r, VisitColumn.DATE) for r in range(6)] == [
        "11/19/2026 11:30",
        "10/27/2026 10:00",
        "09/29/2026 09:30",
        "08/25/2026 11:00",
        "07/21/2026 10:30",
        "06/23/2026 09:00",
    ]
    assert [cell(model, 0, c) for c in VisitColumn] == [
        "11/19/2026 11:30",
        "Video",
        "Draft",
        "Continue",
        "3 mg",
        "2 · Much improved",
        "",
    ]
    assert cell(model, 1, VisitColumn.ADDENDA) == "2"
    assert cell(model, 2, VisitColumn.MODALITY) == "Audio only"
    assert cell(model, 2, VisitColumn.DECISION) == "Decrease"
    assert cell(model, 3, VisitColumn.DOSE) == "4.5 mg"
    assert cell(model, 5, VisitColumn.PGIC) == "—"
    draft_colour = model.data(model.index(0, VisitColumn.STATUS), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(draft_colour, QBrush)
    assert draft_colour.color().name() == tone_colours(Tone.WARNING)[0]
    assert tab.visits_count.text() == "6 visits, newest first"
    assert tab.selected_visit() is not None and tab.selected_visit().status is VisitStatus.DRAFT  # type: ignore[union-attr]
    # The chart: every measure, the dose as a step line from the two prescriptions.
    assert set(tab.chart.measures) == set(Measure)
    assert tab.chart.measures[Measure.PAIN].count() == 6
    assert tab.chart.dose_series is not None and tab.chart.dose_series.count() == 8
    assert not tab.chart.empty_label.isVisibleTo(tab)


def test_the_follow_ups_open_ones_first(
    qtbot: QtBot, initialized: Services, prescriber: Actor, history: History
) -> None:
    tab = open_tab(qtbot, initialized, prescriber, history.patient_id)
    items = tab.followups_model.rows()
    expected = initialized.followups.for_patient(prescriber, history.patient_id)
    assert [i.id for i in items] == [i.id for i in expected]
    open_items = [i for i in items if i.bucket is not None]
    assert open_items and items[: len(open_items)] == open_items
    assert tab.followups_count.text() == f"{len(open_items)} open, {len(items) - len(open_items)} closed"
    first = tab.followups_model
    assert cell(first, 0, FollowupColumn.TYPE) == "Routine review"
    assert cell(first, 0, FollowupColumn.STATUS) == "Open"
    assert cell(first, 0, FollowupColumn.ATTEMPTS) == "1 · 11/21 Left a message"
    tooltip = first.data(first.index(0, FollowupColumn.ATTEMPTS), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "11/21 Phone call: Left a message"
    done_row = next(r for r, i in enumerate(items) if i.status is FollowupStatus.DONE)
    assert cell(first, done_row, FollowupColumn.STATUS) == "Done"


def test_the_models_follow_the_qt_rules(
    qtbot: QtBot, qtmodeltester: ModelTester, initialized: Services, prescriber: Actor, history: History
) -> None:
    tab = open_tab(qtbot, initialized, prescriber, history.patient_id)
    qtmodeltester.check(tab.visits_model)
    qtmodeltester.check(tab.followups_model)
    empty_visits, empty_followups = VisitListModel(), FollowupListModel()
    qtmodeltester.check(empty_visits)
    qtmodeltester.check(empty_followups)
    assert tab.visits_model.row_of(history.visits[0].id) == 5
    assert tab.visits_model.row_of(-1) == -1


def test_a_patient_without_visits(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    patient_id = add_patient(initialized, prescriber, visit=False)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    assert tab.visits_count.text() == NO_VISITS
    assert tab.followups_count.text() == NO_FOLLOWUPS
    assert tab.chart.empty_label.isVisibleTo(tab)
    assert not tab.open_button.isEnabled()
    assert not tab.pdf_button.isEnabled()
    assert tab.new_visit_button.isEnabled()
    assert unnamed_inputs(tab) == []


# --- buttons by role -----------------------------------------------------------------------------


def test_prescriber_and_staff_see_the_writing_buttons(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor, history: History
) -> None:
    every = {action.value for action in FollowupAction}
    for actor in (prescriber, staff):
        tab = open_tab(qtbot, initialized, actor, history.patient_id)
        assert tab.new_visit_button.isVisibleTo(tab)
        assert tab.add_followup_button.isVisibleTo(tab)
        assert shown_buttons(tab) == every
        assert {b.text() for b in tab.followup_buttons.values()} == {a.label for a in FollowupAction}
        assert unnamed_inputs(tab) == []


def test_follow_up_buttons_follow_the_selected_items_status(
    qtbot: QtBot, initialized: Services, staff: Actor, history: History
) -> None:
    tab = open_tab(qtbot, initialized, staff, history.patient_id)
    items = tab.followups_model.rows()
    open_item = next(i for i in items if i.status is FollowupStatus.OPEN)
    done_item = next(i for i in items if i.status is FollowupStatus.DONE)
    tab.select_followup(open_item.id)
    assert enabled_actions(tab) == {a.value for a in FollowupAction} - {FollowupAction.REOPEN.value}
    tab.select_followup(done_item.id)
    assert enabled_actions(tab) == set()


def test_the_admin_sees_no_chart_data_and_no_buttons(
    qtbot: QtBot, initialized: Services, admin: Actor, history: History
) -> None:
    tab = VisitsTab(initialized, admin, history.patient_id)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.loading, timeout=10_000)
    assert "not allowed to view patient records" in tab.banner.text()
    assert not tab.new_visit_button.isVisibleTo(tab)
    assert not tab.add_followup_button.isVisibleTo(tab)
    assert tab.followup_buttons == {}
    assert tab.visits_model.rowCount() == 0


# --- opening and writing visits ------------------------------------------------------------------


def test_opening_a_signed_visit_reads_it(
    qtbot: QtBot, initialized: Services, prescriber: Actor, history: History
) -> None:
    tab = open_tab(qtbot, initialized, prescriber, history.patient_id)
    assert tab.open_button.text() == "Edit…"  # the newest is a draft
    tab.select_visit(history.with_addenda.id)
    assert tab.open_button.text() == "Open…"
    tab.open_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, VisitDialog)
    assert dialog.read_only
    assert dialog.detail is not None and dialog.detail.id == history.with_addenda.id
    assert len(dialog.addenda.cards) == 2
    dialog.close()
    qtbot.waitUntil(lambda: tab.dialog is None)
    # A double-click opens the draft, editable.
    index = tab.visits_model.index(tab.visits_model.row_of(history.visits[-1].id), 0)
    tab.visits_table.doubleClicked.emit(index)
    draft = tab.dialog
    assert isinstance(draft, VisitDialog) and not draft.read_only


def test_a_new_visit_appears_in_the_list_once_saved(
    qtbot: QtBot, initialized: Services, prescriber: Actor, history: History
) -> None:
    tab = open_tab(qtbot, initialized, prescriber, history.patient_id)
    tab.new_visit_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, VisitDialog) and dialog.detail is None
    dialog.form.visit.consent.setChecked(True)
    dialog.form.outcomes.scores[Measure.PAIN].setValue(2)
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    settle(qtbot, tab)
    assert tab.visits_model.rowCount() == 7
    new = tab.selected_visit()
    assert new is not None and dialog.detail is not None and new.id == dialog.detail.id
    assert tab.chart.measures[Measure.PAIN].count() == 7


def test_summary_pdf_from_the_list(
    qtbot: QtBot, initialized: Services, prescriber: Actor, history: History
) -> None:
    tab = open_tab(qtbot, initialized, prescriber, history.patient_id)
    tab.select_visit(history.with_addenda.id)
    tab.patient_copy.setChecked(True)
    tab.pdf_button.click()
    qtbot.waitUntil(lambda: tab.pdf_dialog is not None, timeout=15_000)
    assert tab.pdf_dialog is not None
    assert tab.pdf_dialog.windowTitle() == "Visit 10/27/2026 — patient copy — Peña, José Luis"
    assert tab.pdf_dialog.page_count() >= 1


# --- follow-ups ----------------------------------------------------------------------------------


def test_reopening_a_snoozed_follow_up_from_the_chart(
    qtbot: QtBot, initialized: Services, staff: Actor, history: History
) -> None:
    item = next(
        i
        for i in initialized.followups.for_patient(staff, history.patient_id)
        if i.status is FollowupStatus.OPEN
    )
    initialized.followups.snooze(staff, item.id, item.version, date(2027, 1, 15))
    tab = open_tab(qtbot, initialized, staff, history.patient_id)
    tab.select_followup(item.id)
    assert FollowupAction.REOPEN.value in enabled_actions(tab)
    prompts.answers[REOPEN_KEY] = True
    tab.followup_buttons[FollowupAction.REOPEN.value].click()
    settle(qtbot, tab)
    reopened = tab.selected_followup()
    assert reopened is not None and reopened.id == item.id
    assert reopened.status is FollowupStatus.OPEN


def test_add_follow_up_is_for_this_patient(
    qtbot: QtBot, initialized: Services, staff: Actor, history: History
) -> None:
    tab = open_tab(qtbot, initialized, staff, history.patient_id)
    tab.add_followup_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, NewFollowupDialog)
    assert dialog.patient_id == history.patient_id


# --- in the chart --------------------------------------------------------------------------------


def test_every_chart_has_the_tab_after_prescriptions(
    qtbot: QtBot, initialized: Services, prescriber: Actor, history: History
) -> None:
    chart = ChartWindow(initialized, prescriber, initialized.patients.get(prescriber, history.patient_id))
    qtbot.addWidget(chart)
    chart.show()
    titles = [chart.tabs.tabText(i) for i in range(chart.tabs.count())]
    # "&&" is a literal "&" in a tab's title: it reads "Visits & follow-ups".
    assert titles[titles.index("Prescriptions") + 1] == "Visits && follow-ups"
    tab = chart.tabs.widget(titles.index("Visits && follow-ups"))
    assert isinstance(tab, VisitsTab)
    assert not tab.loading and not tab.loaded  # nothing fetched while another tab is shown
    chart.tabs.setCurrentWidget(tab)
    settle(qtbot, tab)
    assert tab.visits_model.rowCount() == 6
    assert tab.patient is not None and tab.patient.id == history.patient_id
