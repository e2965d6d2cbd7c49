"""Working follow-ups from the worklist: each action through its dialog, refusals that keep
what was typed, conflicts, the visit note for a review, and adding a follow-up by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import (
    OPEN_STATUSES,
    ContactMethod,
    ContactOutcome,
    FollowupStatus,
    can_move,
)
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.services.visits.dto import VisitDetail
from ldnclinic.ui.followups.actions import (
    CONFLICT_KEY,
    REFUSED_KEY,
    REOPEN_KEY,
    FollowupAction,
    allowed_actions,
    run_followup_action,
)
from ldnclinic.ui.followups.closing_dialogs import AssignDialog, CancelDialog, CloseDialog
from ldnclinic.ui.followups.contact_dialogs import AttemptDialog, ScheduleDialog, SnoozeDialog
from ldnclinic.ui.followups.new_followup_dialog import NewFollowupDialog
from ldnclinic.ui.followups.worklist_model import WorklistColumn
from ldnclinic.ui.followups.worklist_panel import WorklistPanel
from ldnclinic.ui.visits.visit_dialog import DISCARD_KEY, VisitDialog
from ldnclinic.ui.widgets import prompts, theme
from tests.conftest import signed_in
from tests.support.clock import FakeClock
from tests.support.qt import type_text
from tests.ui.followup_support import AUSTIN, TODAY, Board, answering, busy_board, show_panel, wait_loaded
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs

ALL_BUT_REOPEN = frozenset(FollowupAction) - {FollowupAction.REOPEN}


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


@pytest.fixture
def board(initialized: Services, staff: Actor, prescriber: Actor, clock: FakeClock) -> Board:
    return busy_board(initialized, staff, prescriber, clock)


def work(qtbot: QtBot, panel: WorklistPanel, label_id: int, action: FollowupAction) -> object | None:
    """Select the item, run the action (its dialog is answered by the caller), wait for the reload."""
    assert panel.select(label_id)
    result = panel.run_action(action)
    wait_loaded(qtbot, panel)
    return result


def row_text(panel: WorklistPanel, followup_id: int, column: WorklistColumn) -> str:
    return str(panel.model.index(panel.model.row_of(followup_id), column).data())


# --- what is allowed ----------------------------------------------------------------------------------


def test_allowed_actions_follow_the_status_and_the_role(
    initialized: Services, staff: Actor, board: Board
) -> None:
    s = initialized
    open_item = board.item(s, staff, "kim_other")
    assert allowed_actions(open_item, staff) == ALL_BUT_REOPEN
    scheduled = board.item(s, staff, "smith_routine")
    assert allowed_actions(scheduled, staff) == frozenset(FollowupAction)
    missed = s.followups.mark_missed(staff, open_item.id, open_item.version)
    assert allowed_actions(missed, staff) == {FollowupAction.REOPEN}
    refill = board.item(s, staff, "washington_refill")
    done = s.followups.complete(staff, refill.id, refill.version)
    assert allowed_actions(done, staff) == frozenset()
    admin = signed_in(s, "admin")
    assert allowed_actions(scheduled, admin) == frozenset()
    assert {a.label for a in FollowupAction} >= {"Log attempt…", "Schedule…", "Snooze…", "Cancel…", "Done…"}


def test_a_closed_item_only_offers_reopen(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    item = board.item(initialized, staff, "kim_other")
    done = initialized.followups.complete(staff, item.id, item.version)
    prompts.answers[REFUSED_KEY] = True
    assert run_followup_action(FollowupAction.CANCEL, done, initialized, staff, panel) is None
    assert prompts.shown[-1] == (
        REFUSED_KEY,
        "“Cancel” is not possible for this follow-up now (done).",
    )


# --- logging an attempt --------------------------------------------------------------------------------


def test_log_an_attempt_and_keep_the_selection(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["odegard_efficacy"]

    def fill(dialog: AttemptDialog) -> None:
        assert unnamed_inputs(dialog) == []
        assert dialog.history.text() == "No contact attempt logged yet."
        assert "phone (737) 555-0103" in dialog.what.text()
        dialog.method.setCurrentIndex(dialog.method.findData(ContactMethod.TEXT.value))
        assert [dialog.outcome.itemData(i) for i in range(dialog.outcome.count())] == [
            "sent",
            "replied",
            "wrong_number",
        ]
        dialog.set_choice(ContactMethod.PHONE, ContactOutcome.LEFT_MESSAGE)
        type_text(dialog.note, "Left a voicemail — asked Ingrid to call back.")
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    with answering(AttemptDialog, fill):
        result = work(qtbot, panel, target, FollowupAction.ATTEMPT)
    assert isinstance(result, FollowupItem)
    last = result.last_attempt
    assert last is not None and last.outcome is ContactOutcome.LEFT_MESSAGE
    assert last.note == "Left a voicemail — asked Ingrid to call back."
    assert last.by == "María López"
    selected = panel.selected_item()
    assert selected is not None and selected.id == target  # still selected after the reload
    assert row_text(panel, target, WorklistColumn.ATTEMPTS) == "1 · 11/21 Left message"
    assert panel.notice.text() == "Logged for Ødegård, Ingrid: 11/21 Phone call: Left a message."


def test_a_refused_note_keeps_what_was_typed(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    too_long = "Überweisung an Dr. O'Neil; " * 80  # 2,160 characters

    def fill(dialog: AttemptDialog) -> None:
        dialog.note.setPlainText(too_long)
        dialog.accept_button.click()
        assert dialog.isVisible()
        assert dialog.message("note") == "Keep it to 2,000 characters."
        assert dialog.messages["note"].isVisible()
        assert dialog.note.toPlainText() == too_long  # nothing typed is lost
        dialog.note.setPlainText(too_long[:1500])
        assert dialog.message("note") == ""  # the message goes once the note is edited
        dialog.accept_button.click()

    with answering(AttemptDialog, fill):
        result = work(qtbot, panel, board.items["kim_other"], FollowupAction.ATTEMPT)
    assert isinstance(result, FollowupItem) and len(result.attempts) == 2


# --- scheduling, with a conflict ---------------------------------------------------------------------


def test_schedule_an_appointment(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["hernandez_routine"]

    def fill(dialog: ScheduleDialog) -> None:
        assert unnamed_inputs(dialog) == []
        assert dialog.when.minimumDate().toString("yyyy-MM-dd") == "2026-11-21"
        assert dialog.chosen() == datetime(2026, 11, 23, 10, 0, tzinfo=AUSTIN)  # its due day, 10 AM
        dialog.set_when(datetime(2026, 11, 24, 15, 45))
        dialog.accept_button.click()

    with answering(ScheduleDialog, fill):
        result = work(qtbot, panel, target, FollowupAction.SCHEDULE)
    assert isinstance(result, FollowupItem)
    assert result.status is FollowupStatus.SCHEDULED
    assert result.scheduled_at == datetime(2026, 11, 24, 15, 45, tzinfo=AUSTIN)
    assert row_text(panel, target, WorklistColumn.WHEN) == "Tue 11/24 3:45 PM"
    assert row_text(panel, target, WorklistColumn.STATUS) == "Scheduled"


def test_a_conflict_reloads_the_item_and_keeps_the_entry(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, prescriber: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["kim_other"]

    def fill(dialog: ScheduleDialog) -> None:
        dialog.set_when(datetime(2026, 11, 25, 9, 15))
        stale = dialog.item
        # Meanwhile the prescriber assigns it to herself.
        initialized.followups.assign(prescriber, stale.id, stale.version, prescriber.user_id)
        dialog.accept_button.click()
        assert dialog.isVisible()
        assert dialog.banner.text().startswith("Someone else changed this follow-up after you opened it.")
        assert "for Elena García, MD" in dialog.what.text()  # their version is shown
        assert dialog.item.version > stale.version
        assert dialog.chosen() == datetime(2026, 11, 25, 9, 15, tzinfo=AUSTIN)  # ours is kept
        dialog.accept_button.click()  # saved on top of theirs

    with answering(ScheduleDialog, fill):
        result = work(qtbot, panel, target, FollowupAction.SCHEDULE)
    assert isinstance(result, FollowupItem)
    assert result.scheduled_at == datetime(2026, 11, 25, 9, 15, tzinfo=AUSTIN)
    assert result.assignee_id == prescriber.user_id


def test_a_conflict_with_a_closed_item_stops_the_dialog(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, prescriber: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["kim_other"]

    def fill(dialog: CancelDialog) -> None:
        type_text(dialog.reason_edit, "Duplicate of the portal task")
        stale = dialog.item
        initialized.followups.complete(prescriber, stale.id, stale.version)
        dialog.accept_button.click()
        assert "It is done now" in dialog.banner.text()
        assert not dialog.accept_button.isEnabled()
        assert dialog.reason_edit.toPlainText() == "Duplicate of the portal task"

    with answering(CancelDialog, fill):
        result = work(qtbot, panel, target, FollowupAction.CANCEL)
    assert result is None
    assert panel.model.row_of(target) == -1  # the list was reloaded: it is done


# --- snooze, cancel, done, missed, reopen, assign ----------------------------------------------------


def test_snooze_moves_the_item_off_this_week(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["obrien_other"]
    row = panel.model.row_of(target)

    def fill(dialog: SnoozeDialog) -> None:
        assert unnamed_inputs(dialog) == []
        assert dialog.chosen() == TODAY + timedelta(days=7)  # one week is the default
        dialog.choose("two_weeks")
        dialog.accept_button.click()

    with answering(SnoozeDialog, fill):
        result = work(qtbot, panel, target, FollowupAction.SNOOZE)
    assert isinstance(result, FollowupItem)
    assert result.status is FollowupStatus.SNOOZED and result.snoozed_until == date(2026, 12, 5)
    assert panel.model.row_of(target) == -1
    selected = panel.selected_item()
    assert selected is not None and panel.model.row_of(selected.id) == row  # the next one, same place
    assert panel.notice.text() == "Snoozed: Other for O'Brien, Siobhán until Sat 12/05/2026."


def test_snooze_until_a_chosen_date(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)

    def fill(dialog: SnoozeDialog) -> None:
        dialog.choose_date(date(2027, 1, 4))
        assert dialog.pick.isChecked()
        dialog.accept_button.click()

    with answering(SnoozeDialog, fill):
        result = work(qtbot, panel, board.items["kim_other"], FollowupAction.SNOOZE)
    assert isinstance(result, FollowupItem) and result.snoozed_until == date(2027, 1, 4)


def test_cancel_needs_a_reason(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["alsayed_efficacy"]
    too_long = "x" * 2001

    def fill(dialog: CancelDialog) -> None:
        assert dialog.reject_button.text() == "Keep it"
        assert not dialog.accept_button.isEnabled()
        type_text(dialog.reason_edit, "Mo  v")
        assert not dialog.accept_button.isEnabled()  # 4 characters once spaces are collapsed
        type_text(dialog.reason_edit, "ed")
        assert dialog.accept_button.isEnabled()
        dialog.reason_edit.setPlainText(too_long)
        dialog.accept_button.click()
        assert dialog.message("reason") == "Keep the reason to 2,000 characters."
        assert dialog.reason_edit.toPlainText() == too_long
        dialog.reason_edit.setPlainText("Moved to Oklahoma; care transferred.")
        dialog.accept_button.click()

    with answering(CancelDialog, fill):
        result = work(qtbot, panel, target, FollowupAction.CANCEL)
    assert isinstance(result, FollowupItem)
    assert result.status is FollowupStatus.CANCELLED
    assert result.closed_reason == "Moved to Oklahoma; care transferred."
    assert panel.model.row_of(target) == -1


def test_done_with_a_note_for_a_refill(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)

    def fill(dialog: CloseDialog) -> None:
        assert dialog.accept_button.text() == "Mark done"
        type_text(dialog.note, "Renewal sent to Balcones.")
        dialog.accept_button.click()

    with answering(CloseDialog, fill):
        result = work(qtbot, panel, board.items["washington_refill"], FollowupAction.DONE)
    assert isinstance(result, FollowupItem)
    assert result.status is FollowupStatus.DONE and result.closed_reason == "Renewal sent to Balcones."


def test_done_for_a_review_opens_the_visit_note(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["pena_titration"]
    prompts.answers[DISCARD_KEY] = True
    panel.select(target)
    assert panel.action_buttons[FollowupAction.DONE].toolTip() == (
        "Write the visit note; saving it marks this follow-up done."
    )

    def fill(dialog: VisitDialog) -> None:
        assert "Saving this visit marks its follow-up done" in dialog.context_label.text()
        dialog.form.visit.consent.setChecked(True)
        assert dialog.save() is not None

    with answering(VisitDialog, fill):
        result = work(qtbot, panel, target, FollowupAction.DONE)
    assert isinstance(result, VisitDetail)
    assert target in result.followup_ids
    closed = initialized.followups.get(staff, target)
    assert closed.status is FollowupStatus.DONE and closed.visit_id == result.id
    assert panel.model.row_of(target) == -1
    assert panel.notice.text() == "Visit note saved: the titration check for Peña, José Luis is done."


def test_mark_missed_then_reopen_from_the_menu(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["alsayed_efficacy"]
    panel.select(target)
    assert not panel.menu_actions[FollowupAction.REOPEN].isEnabled()  # open already

    def fill(dialog: CloseDialog) -> None:
        assert dialog.accept_button.text() == "Mark missed"
        dialog.accept_button.click()

    with answering(CloseDialog, fill):
        panel.menu_actions[FollowupAction.MISSED].trigger()
    wait_loaded(qtbot, panel)
    missed = initialized.followups.get(staff, target)
    assert missed.status is FollowupStatus.MISSED
    prompts.answers[REOPEN_KEY] = True
    reopened = run_followup_action(FollowupAction.REOPEN, missed, initialized, staff, panel)
    assert isinstance(reopened, FollowupItem) and reopened.status is FollowupStatus.OPEN
    key, text = prompts.shown[-1]
    assert key == REOPEN_KEY and "It is missed. Put it back on the worklist as open?" in text


def test_reopen_clears_an_appointment_and_a_stale_one_says_so(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["smith_routine"]
    prompts.answers[REOPEN_KEY] = False
    assert work(qtbot, panel, target, FollowupAction.REOPEN) is None  # said no
    assert initialized.followups.get(staff, target).status is FollowupStatus.SCHEDULED
    assert "Clear the appointment on Sat 11/21/2026 at 2:30 PM" in prompts.shown[-1][1]
    prompts.answers[REOPEN_KEY] = True
    panel.select(target)
    panel.menu_actions[FollowupAction.REOPEN].trigger()
    wait_loaded(qtbot, panel)
    assert row_text(panel, target, WorklistColumn.WHEN) == "Today"
    assert row_text(panel, target, WorklistColumn.STATUS) == "Open"
    # A stale copy (another user reopened it meanwhile) is refused with the service's message.
    stale = replace(initialized.followups.get(staff, target), status=FollowupStatus.SNOOZED, version=1)
    prompts.answers[CONFLICT_KEY] = True
    assert run_followup_action(FollowupAction.REOPEN, stale, initialized, staff, panel) is None
    assert prompts.shown[-1][0] == CONFLICT_KEY
    assert prompts.shown[-1][1].startswith("Someone else changed this follow-up")


def test_assign_to_someone_else(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    target = board.items["odegard_efficacy"]
    jones = next(p.id for p in initialized.followups.assignees(staff) if p.name == "Sam Jones")

    def fill(dialog: AssignDialog) -> None:
        assert dialog.chosen() == staff.user_id  # unassigned: "me" is offered first
        assert dialog.person.currentText() == "María López (me)"
        dialog.choose(jones)
        dialog.accept_button.click()

    with answering(AssignDialog, fill):
        result = work(qtbot, panel, target, FollowupAction.ASSIGN)
    assert isinstance(result, FollowupItem) and result.assignee_id == jones
    assert row_text(panel, target, WorklistColumn.ASSIGNEE) == "Sam Jones, PA-C"

    def unassign(dialog: AssignDialog) -> None:
        dialog.choose(None)
        dialog.accept_button.click()

    with answering(AssignDialog, unassign):
        result = work(qtbot, panel, target, FollowupAction.ASSIGN)
    assert isinstance(result, FollowupItem) and result.assignee_id is None
    assert panel.notice.text() == "Efficacy review for Ødegård, Ingrid: unassigned."


def test_dialogs_one_after_another_under_the_style_sheet(
    qtbot: QtBot, ui: Ui, qapp: QApplication, initialized: Services, staff: Actor, board: Board
) -> None:
    """Regression: with the app's style sheet, a closed snooze dialog (nested layouts of its
    own) crashed the process when the next dialog opened."""
    theme.apply(qapp)
    try:
        panel = show_panel(qtbot, ui, initialized, staff)
        panel.select(board.items["obrien_other"])
        for kind, action in (
            (SnoozeDialog, FollowupAction.SNOOZE),
            (AssignDialog, FollowupAction.ASSIGN),
            (CancelDialog, FollowupAction.CANCEL),
            (ScheduleDialog, FollowupAction.SCHEDULE),
            (CloseDialog, FollowupAction.MISSED),
        ):
            with answering(kind, lambda dialog: dialog.grab()):
                assert panel.run_action(action) is None  # looked at, then closed
            wait_loaded(qtbot, panel)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert initialized.followups.get(staff, board.items["obrien_other"]).status is FollowupStatus.OPEN
    finally:
        ui.close_all()
        theme.remove(qapp)


# --- a new follow-up -----------------------------------------------------------------------------------


def test_add_a_follow_up_by_hand(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    panel = show_panel(qtbot, ui, initialized, staff)
    dialog = panel.new_followup()
    assert isinstance(dialog, NewFollowupDialog) and dialog.isVisible()
    assert unnamed_inputs(dialog) == []
    dialog.create_button.click()  # no patient yet
    assert dialog.message("patient_id") == "Choose the patient first."
    type_text(dialog.search, "peña")
    qtbot.waitUntil(lambda: not dialog.search_pending() and dialog.results.count() > 0)
    assert dialog.results.item(0).text().startswith("Peña, José Luis · MRN ")
    assert dialog.pick(board.patients["pena"])
    dialog.kind.setCurrentIndex(dialog.kind.findData(FollowupType.OTHER.value))
    dialog.due.setDate(dialog.due.date().addDays(-3))  # today + 4: Wed 11/25
    dialog.create_button.click()  # no reason: the service says so, at the field
    assert dialog.message("reason") == "Say what the follow-up is for."
    assert dialog.patient_id == board.patients["pena"]  # everything else kept
    type_text(dialog.reason, "Ask about vivid dreams since the dose went up.")
    dialog.assignee.setCurrentIndex(dialog.assignee.findData(staff.user_id))
    with qtbot.waitSignal(dialog.created):
        dialog.create_button.click()
    wait_loaded(qtbot, panel)
    created = dialog.result_item
    assert created is not None
    assert created.due_date == date(2026, 11, 25) and created.assignee_id == staff.user_id
    selected = panel.selected_item()
    assert selected is not None and selected.id == created.id
    assert panel.notice.text() == "Added: Other for Peña, José Luis, due Wed 11/25/2026."


def test_new_follow_up_for_a_given_patient_and_no_match(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, board: Board
) -> None:
    given = ui.show(
        NewFollowupDialog(
            initialized, staff, TODAY, patient_id=board.patients["kim"], patient_label="Kim, Daniel · MRN 1"
        )
    )
    assert not given.search.isVisibleTo(given) and given.chosen_label.isVisibleTo(given)
    type_text(given.reason, "Check the sleep diary.")
    given.create_button.click()
    assert given.result_item is not None and given.result_item.patient_id == board.patients["kim"]
    search = ui.show(NewFollowupDialog(initialized, staff, TODAY))
    type_text(search.search, "zzqx")
    qtbot.waitUntil(lambda: not search.search_pending())
    assert search.message("patient_id") == "No patient matches. Check the spelling, or search by MRN."


@pytest.mark.parametrize("status", list(FollowupStatus))
def test_the_actions_follow_the_domains_transitions(
    initialized: Services, staff: Actor, board: Board, status: FollowupStatus
) -> None:
    item = replace(board.item(initialized, staff, "kim_other"), status=status)
    can = allowed_actions(item, staff)
    assert (FollowupAction.REOPEN in can) is can_move(status, FollowupStatus.OPEN)
    assert (FollowupAction.SCHEDULE in can) is can_move(status, FollowupStatus.SCHEDULED)
    assert (FollowupAction.SNOOZE in can) is can_move(status, FollowupStatus.SNOOZED)
    assert (FollowupAction.DONE in can) is can_move(status, FollowupStatus.DONE)
    assert (FollowupAction.MISSED in can) is can_move(status, FollowupStatus.MISSED)
    assert (FollowupAction.CANCEL in can) is can_move(status, FollowupStatus.CANCELLED)
    assert (FollowupAction.ATTEMPT in can) is (status in OPEN_STATUSES)
