"""The follow-up worklist on the Today page: counts, filters, the table, opening a chart,
exports, the empty state and hostile text; on the real services and both databases."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import Bucket, FollowupStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import WorklistFilter
from ldnclinic.ui.followups.exports import EXPORT_FAILED_KEY, SaveQuestion
from ldnclinic.ui.followups.worklist_filters import ME, UNASSIGNED
from ldnclinic.ui.followups.worklist_model import (
    WorklistColumn,
    WorklistModel,
    attempts_text,
    when_text,
)
from ldnclinic.ui.followups.worklist_panel import WorklistPanel
from ldnclinic.ui.patients.patients_view import PatientsView
from ldnclinic.ui.shell.main_window import MainWindow
from ldnclinic.ui.shell.today_view import TodayView
from ldnclinic.ui.widgets import prompts
from tests.conftest import signed_in
from tests.services.rx_support import add_pharmacy
from tests.support.clock import FakeClock
from tests.ui.followup_support import (
    AUSTIN,
    TODAY,
    Board,
    add_item,
    busy_board,
    column,
    patient,
    show_panel,
    wait_loaded,
)
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


@pytest.fixture
def board(initialized: Services, staff: Actor, prescriber: Actor, clock: FakeClock) -> Board:
    return busy_board(initialized, staff, prescriber, clock)


def ids(panel: WorklistPanel) -> list[int]:
    return [item.id for item in panel.model.rows()]


def card_counts(panel: WorklistPanel) -> dict[Bucket, int]:
    return {bucket: card.count for bucket, card in panel.cards.items()}


def service_counts(services: Services, actor: Actor, wanted: WorklistFilter) -> dict[Bucket, int]:
    counts = services.followups.counts(actor, wanted)
    return {bucket: counts.get(bucket, 0) for bucket in (Bucket.OVERDUE, Bucket.TODAY, Bucket.THIS_WEEK)}


# --- what the list shows --------------------------------------------------------------------------


def test_the_counts_and_rows_are_the_services(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board, qtmodeltester: ModelTester
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    qtmodeltester.check(panel.model)
    worklist = initialized.followups.worklist(staff, WorklistFilter())
    assert card_counts(panel) == {Bucket.OVERDUE: 5, Bucket.TODAY: 3, Bucket.THIS_WEEK: 5}
    assert card_counts(panel) == service_counts(initialized, staff, WorklistFilter())
    assert ids(panel) == [item.id for item in worklist.items]
    assert panel.hint.text() == "13 follow-ups: overdue and due through Sat 11/28."
    assert panel.cards[Bucket.OVERDUE].accessibleName() == "Overdue: 5"
    assert panel.stack.currentIndex() == 0
    assert panel.selected_item() is not None and panel.selected_item() == worklist.items[0]
    assert unnamed_inputs(panel) == []


def test_the_cells_say_when_in_words(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    model = panel.model
    whens = dict(zip(ids(panel), column(panel, WorklistColumn.WHEN), strict=True))
    assert whens[board.items["pena_refill"]] == "Overdue 28 d · 10/24"
    assert whens[board.items["obrien_other"]] == "Overdue 2 d · 11/19"
    assert whens[board.items["smith_routine"]] == "Today 2:30 PM"  # the appointment time
    assert whens[board.items["washington_refill"]] == "Today"
    assert whens[board.items["hernandez_routine"]] == "Mon 11/23"
    row = model.row_of(board.items["pena_refill"])
    assert model.index(row, WorklistColumn.PATIENT).data().startswith("Peña, José Luis · ")
    assert model.index(row, WorklistColumn.ATTEMPTS).data() == "2 · 11/20 Left message"
    assert model.index(row, WorklistColumn.ASSIGNEE).data() == "Unassigned"
    assert model.index(row, WorklistColumn.STATUS).data() == "Open"
    assert "Voicemail: asked him to call the clinic." in model.index(row, WorklistColumn.ATTEMPTS).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "Goes by “Pepe”" in model.index(row, WorklistColumn.PATIENT).data(Qt.ItemDataRole.ToolTipRole)
    # Overdue rows are tinted and bold, but the words say it too.
    tint = model.index(row, WorklistColumn.WHEN).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(tint, QBrush)
    assert model.index(row, WorklistColumn.WHEN).data(Qt.ItemDataRole.FontRole).bold()
    week = model.row_of(board.items["hernandez_routine"])
    assert model.index(week, WorklistColumn.WHEN).data(Qt.ItemDataRole.BackgroundRole) is None
    alsayed = model.row_of(board.items["alsayed_efficacy"])
    assert model.index(alsayed, WorklistColumn.ATTEMPTS).data() == "3 · 11/20 Sent (email)"
    assert model.index(alsayed, WorklistColumn.ASSIGNEE).data() == "María López"
    # the detail line below the table tells the selected item's reason in full
    panel.select(board.items["pena_refill"])
    assert panel.details.text().startswith("Refill due for Peña, José Luis: The dispensed supply")
    assert "Last contact: Phone call, left a message, 11/20" in panel.details.text()


def test_an_empty_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = WorklistModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.item_at(0) is None and model.row_of(1) == -1


# --- filters ---------------------------------------------------------------------------------------


def test_filters_ask_the_service_again(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    panel.set_type_filter(FollowupType.REFILL_DUE)
    wait_loaded(qtbot, panel)
    assert set(column(panel, WorklistColumn.TYPE)) == {"Refill due"}
    assert len(ids(panel)) == 4
    refill = WorklistFilter(types=frozenset({FollowupType.REFILL_DUE}))
    assert card_counts(panel) == service_counts(initialized, staff, refill)
    panel.set_type_filter(None)
    panel.set_assignee_filter(ME)
    wait_loaded(qtbot, panel)
    assert set(column(panel, WorklistColumn.ASSIGNEE)) == {"María López"}
    assert card_counts(panel) == service_counts(initialized, staff, WorklistFilter(assignee_id=staff.user_id))
    panel.set_assignee_filter(UNASSIGNED)
    wait_loaded(qtbot, panel)
    assert set(column(panel, WorklistColumn.ASSIGNEE)) == {"Unassigned"}
    assert len(ids(panel)) == 7
    jones = next(p.id for p in initialized.followups.assignees(staff) if p.name == "Sam Jones")
    panel.set_assignee_filter(jones)
    wait_loaded(qtbot, panel)
    assert ids(panel) == [board.items["hernandez_titration"]]
    panel.set_assignee_filter("everyone")
    panel.set_through(30)
    wait_loaded(qtbot, panel)
    later = [item for item in panel.model.rows() if item.bucket is Bucket.LATER]
    assert later and all(item.work_date <= TODAY + timedelta(days=30) for item in later)
    assert panel.worklist is not None and panel.worklist.through.isoformat() == "2026-12-21"
    assert "later than this week" in panel.hint.text()


def test_a_card_shows_only_its_bucket(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    qtbot.mouseClick(panel.cards[Bucket.OVERDUE], Qt.MouseButton.LeftButton)
    assert panel.bucket is Bucket.OVERDUE and panel.cards[Bucket.OVERDUE].isChecked()
    assert all(text.startswith("Overdue") for text in column(panel, WorklistColumn.WHEN))
    assert len(ids(panel)) == 5
    assert panel.hint.text() == "Showing 5 overdue of 13 follow-ups through Sat 11/28."
    qtbot.mouseClick(panel.cards[Bucket.TODAY], Qt.MouseButton.LeftButton)
    assert panel.bucket is Bucket.TODAY and not panel.cards[Bucket.OVERDUE].isChecked()
    assert len(ids(panel)) == 3
    qtbot.mouseClick(panel.cards[Bucket.TODAY], Qt.MouseButton.LeftButton)  # again: everything
    assert panel.bucket is None and len(ids(panel)) == 13


def test_the_newest_filter_wins(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    """Filters changed quickly one after another: the list ends on the last choice."""
    panel = show_panel(qtbot, ui, initialized, staff)
    panel.set_type_filter(FollowupType.OTHER)
    panel.set_type_filter(FollowupType.EFFICACY_REVIEW)
    panel.set_assignee_filter(UNASSIGNED)
    wait_loaded(qtbot, panel)
    ui.settle()
    assert ids(panel) == [board.items["odegard_efficacy"]]


def test_the_selection_stays_on_reload(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    assert panel.select(board.items["kim_other"])
    panel.reload()
    wait_loaded(qtbot, panel)
    selected = panel.selected_item()
    assert selected is not None and selected.id == board.items["kim_other"]


def test_empty_states(qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    assert panel.stack.currentIndex() == 1
    assert panel.empty_title.text() == "Nothing due this week"
    assert "No follow-up is overdue or due through Sat 11/28/2026" in panel.empty_text.text()
    assert not panel.clear_button.isVisibleTo(panel)
    assert not panel.action_buttons[next(iter(panel.action_buttons))].isEnabled()
    pharmacy = add_pharmacy(initialized, staff)
    someone = patient(initialized, staff, pharmacy, "Ana", "Smith")
    add_item(initialized, staff, someone, FollowupType.OTHER, TODAY, "Call about the pharmacy.")
    panel.set_type_filter(FollowupType.REFILL_DUE)
    wait_loaded(qtbot, panel)
    assert panel.stack.currentIndex() == 1
    assert "chosen filters" in panel.empty_text.text()
    assert panel.clear_button.isVisibleTo(panel)
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, panel)
    assert panel.stack.currentIndex() == 0 and len(ids(panel)) == 1
    panel.set_bucket(Bucket.OVERDUE)
    assert panel.stack.currentIndex() == 1 and panel.empty_title.text() == "Nothing overdue"


# --- on the Today page --------------------------------------------------------------------------------


def test_today_embeds_the_worklist_and_a_double_click_opens_the_chart(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    window = ui.show(MainWindow(initialized, staff))
    window.resize(1366, 768)
    today = window.pages["today"]
    assert isinstance(today, TodayView) and today.worklist is not None
    worklist = today.worklist
    qtbot.waitUntil(lambda: worklist.loaded_once and today.loaded_once)
    ui.settle()
    assert today.subtitle.text().startswith("Saturday, November 21, 2026")  # the day the list counts from
    cards = [*today.status_cards.values(), *worklist.cards.values()]
    qtbot.waitUntil(lambda: all(card.width() >= card.sizeHint().width() for card in cards))  # none clipped
    assert unnamed_inputs(today) == []
    row = worklist.model.row_of(board.items["obrien_other"])
    rect = worklist.table.visualRect(worklist.model.index(row, WorklistColumn.PATIENT))
    qtbot.mouseClick(worklist.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(worklist.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    patients = window.pages["patients"]
    assert isinstance(patients, PatientsView)
    chart = patients.charts.window_for(board.patients["obrien"])
    assert chart is not None
    qtbot.waitUntil(chart.isVisible)
    assert "O'Brien" in chart.windowTitle()
    chart.close()
    worklist.select(board.items["kim_other"])
    worklist.open_chart_action.trigger()
    assert patients.charts.window_for(board.patients["kim"]) is not None


def test_an_admin_sees_no_worklist(qtbot: QtBot, ui: Ui, initialized: Services) -> None:
    admin = signed_in(initialized, "admin")
    window = ui.show(MainWindow(initialized, admin))
    today = window.pages["today"]
    assert isinstance(today, TodayView)
    assert today.worklist is None
    assert today.findChildren(WorklistPanel) == []


# --- exports ----------------------------------------------------------------------------------------


def save_to(path: Path) -> SaveQuestion:
    """Answers the save question with `path` (as a person choosing it would)."""

    def answer(_parent: QWidget | None, _title: str, _suggested: str, _filter: str) -> str:
        return str(path)

    return answer


def test_the_spreadsheet_export_parses(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board, tmp_path: Path
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    panel.exports.choose_save_path = save_to(tmp_path / "week")
    panel.set_type_filter(FollowupType.REFILL_DUE)
    wait_loaded(qtbot, panel)
    with qtbot.waitSignal(panel.exports.finished, timeout=15_000):
        panel.export_actions["csv"].trigger()
    saved = tmp_path / "week.csv"
    with saved.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 and {row["Type"] for row in rows} == {"Refill due"}
    assert {row["Patient"] for row in rows} >= {"Peña, José Luis", "Nguyễn, Hằng Thị"}
    assert panel.notice.text() == f"Saved 4 follow-ups to {saved}."


def test_the_calendar_export_parses(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board, tmp_path: Path
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    later = board.item(initialized, staff, "hernandez_titration")  # booked for January
    initialized.followups.schedule(
        staff, later.id, later.version, datetime(2027, 1, 12, 11, 0, tzinfo=AUSTIN)
    )
    panel.exports.choose_save_path = save_to(tmp_path / "appointments.ics")
    with qtbot.waitSignal(panel.exports.finished, timeout=15_000):
        panel.export_actions["ics"].trigger()
    calendar = Calendar.from_ical((tmp_path / "appointments.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    starts = sorted(event.decoded("dtstart").astimezone(AUSTIN) for event in events)
    # today's 2:30 PM appointment and the one in January, beyond the week the list shows
    assert starts == [
        datetime(2026, 11, 21, 14, 30, tzinfo=AUSTIN),
        datetime(2027, 1, 12, 11, 0, tzinfo=AUSTIN),
    ]
    assert all("Smith" not in str(event.get("summary")) for event in events)  # initials and MRN by default
    assert panel.notice.text().startswith("Saved 2 appointments to ")


def test_the_call_list_is_a_pdf_in_a_preview(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    panel.set_assignee_filter(ME)
    wait_loaded(qtbot, panel)
    with qtbot.waitSignal(panel.exports.finished, timeout=20_000):
        panel.export_actions["pdf"].trigger()
    preview = panel.exports.preview
    assert preview is not None and preview.isVisible()
    assert preview.pdf.startswith(b"%PDF")
    assert preview.page_count() >= 1
    assert panel.scope_text() == "Overdue and due through Sat 11/28/2026 · assigned to María López"
    preview.close()


def test_an_export_that_cannot_be_written_says_so(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board, tmp_path: Path
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    prompts.answers[EXPORT_FAILED_KEY] = True
    panel.exports.choose_save_path = save_to(tmp_path / "missing" / "list.csv")
    assert panel.export_csv()
    qtbot.waitUntil(lambda: not panel.exports.busy)
    key, text = prompts.shown[-1]
    assert key == EXPORT_FAILED_KEY and text.startswith(
        f"Could not save to {tmp_path / 'missing' / 'list.csv'}"
    )
    panel.exports.choose_save_path = lambda *_args: None  # cancelled: nothing happens
    assert not panel.export_ics()


# --- hostile text -------------------------------------------------------------------------------------


def test_hostile_text_shows_as_typed(qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor) -> None:
    pharmacy = add_pharmacy(initialized, staff)
    who = patient(initialized, staff, pharmacy, "Zoë Ånne-Marie", "O'Connor-Nguyễn")
    sql = 'Robert\'); DROP TABLE followups;-- call back re: "dose" & <script>alert(1)</script>'
    long_reason = ("Ça va? Überprüfen Sie die Dosis — 日本語のテキスト. " * 60)[:2000]
    first = add_item(initialized, staff, who, FollowupType.OTHER, TODAY, sql)
    second = add_item(initialized, staff, who, FollowupType.OTHER, TODAY, long_reason)
    panel = show_panel(qtbot, ui, initialized, staff)
    model = panel.model
    row = model.row_of(first)
    assert model.index(row, WorklistColumn.REASON).data() == sql
    assert model.index(row, WorklistColumn.PATIENT).data().startswith("O'Connor-Nguyễn, Zoë Ånne-Marie · ")
    tooltip = model.index(row, WorklistColumn.REASON).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;script&gt;" in tooltip and "<script>" not in tooltip
    long_row = model.row_of(second)
    shown = model.index(long_row, WorklistColumn.REASON).data()
    assert len(shown) == 301 and shown.endswith("…")
    panel.select(second)
    assert len(panel.details.text()) < 400
    assert initialized.followups.get(staff, first).status is FollowupStatus.OPEN  # nothing was run


def test_when_text_for_items_off_the_list(initialized: Services, staff: Actor, board: Board) -> None:
    done = board.item(initialized, staff, "kim_other")
    closed = initialized.followups.complete(staff, done.id, done.version, note="Diary received.")
    assert closed.bucket is None
    assert when_text(closed, TODAY) == "Thu 11/26"
    assert attempts_text(closed) == "1 · 11/21 Sent (portal)"
