"""Screenshots of the follow-up worklist at 1366x768 (saved to screenshots/ for people to look at).

Nothing is asserted about pixels; each test checks that the screen shows what the picture is
meant to show. SQLite only: what is looked at here does not depend on the database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.domain.followups.worklist import Bucket, ContactMethod, ContactOutcome
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.followups.actions import FollowupAction
from ldnclinic.ui.followups.contact_dialogs import AttemptDialog, ScheduleDialog
from ldnclinic.ui.shell.main_window import MainWindow
from ldnclinic.ui.shell.today_view import TodayView
from ldnclinic.ui.widgets import theme
from tests.support.clock import FakeClock
from tests.support.qt import screenshot, type_text
from tests.ui.followup_support import answering, busy_board
from tests.ui.shell_support import Ui, ui_session

pytestmark = [pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]
SIZE = (1366, 768)


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


@pytest.fixture
def styled(ui: Ui) -> Iterator[None]:
    """The app's own style sheet, so the pictures look like the running app."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app)
    try:
        yield
    finally:
        ui.close_all()
        theme.remove(app)


def shot(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    path = screenshot(widget, name)
    assert path.stat().st_size > 0


def today_page(qtbot: QtBot, ui: Ui, services: Services, actor: Actor) -> tuple[MainWindow, TodayView]:
    window = ui.show(MainWindow(services, actor))
    window.resize(*SIZE)
    today = window.pages["today"]
    assert isinstance(today, TodayView) and today.worklist is not None
    worklist = today.worklist
    qtbot.waitUntil(lambda: worklist.loaded_once and today.loaded_once)
    ui.settle()
    return window, today


def test_worklist_with_a_busy_week(
    qtbot: QtBot,
    ui: Ui,
    styled: None,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    clock: FakeClock,
) -> None:
    busy_board(initialized, staff, prescriber, clock)
    window, today = today_page(qtbot, ui, initialized, staff)
    worklist = today.worklist
    assert worklist is not None
    assert worklist.cards[Bucket.OVERDUE].count == 5
    assert worklist.model.rowCount() == 13
    worklist.table.selectRow(1)
    shot(window, "worklist-today")


def test_attempt_dialog(
    qtbot: QtBot,
    ui: Ui,
    styled: None,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    clock: FakeClock,
) -> None:
    board = busy_board(initialized, staff, prescriber, clock)
    _window, today = today_page(qtbot, ui, initialized, staff)
    worklist = today.worklist
    assert worklist is not None
    worklist.select(board.items["pena_refill"])

    def fill(dialog: AttemptDialog) -> None:
        dialog.set_choice(ContactMethod.PHONE, ContactOutcome.REACHED)
        type_text(
            dialog.note, "Reached him: he is doing well on 4.5 mg and wants the refill sent to Balcones."
        )
        shot(dialog, "worklist-attempt-dialog")

    with answering(AttemptDialog, fill):
        worklist.run_action(FollowupAction.ATTEMPT)


def test_schedule_dialog(
    qtbot: QtBot,
    ui: Ui,
    styled: None,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    clock: FakeClock,
) -> None:
    board = busy_board(initialized, staff, prescriber, clock)
    _window, today = today_page(qtbot, ui, initialized, staff)
    worklist = today.worklist
    assert worklist is not None
    worklist.select(board.items["odegard_efficacy"])

    def fill(dialog: ScheduleDialog) -> None:
        shot(dialog, "worklist-schedule-dialog")

    with answering(ScheduleDialog, fill):
        worklist.run_action(FollowupAction.SCHEDULE)


def test_empty_worklist(qtbot: QtBot, ui: Ui, styled: None, initialized: Services, staff: Actor) -> None:
    window, today = today_page(qtbot, ui, initialized, staff)
    worklist = today.worklist
    assert worklist is not None
    assert worklist.stack.currentIndex() == 1
    assert worklist.empty_title.text() == "Nothing due this week"
    shot(window, "worklist-empty")
