"""The middle of the worklist: the buttons that work the selected item, the table of items (or
a page saying why there is none), the line that tells the selected item in full and the notice
line that says what was just done.

These only show things; the panel connects the buttons to the actions and the table's
clicks to the chart (see `worklist_panel`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.followups.worklist import WEEK_DAYS, Bucket
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.ui.followups.actions import FollowupAction, action_tooltip, allowed_actions
from ldnclinic.ui.followups.worklist_filters import bar_button
from ldnclinic.ui.followups.worklist_model import (
    WorklistColumn,
    WorklistModel,
    appointment_text,
    long_day_text,
    short_reason,
    time_text,
)
from ldnclinic.ui.widgets.table_model import set_up_list_table
from ldnclinic.ui.widgets.theme import set_role

BUTTON_ACTIONS = (
    FollowupAction.ATTEMPT,
    FollowupAction.SCHEDULE,
    FollowupAction.SNOOZE,
    FollowupAction.CANCEL,
    FollowupAction.DONE,
)
MENU_ACTIONS = (FollowupAction.MISSED, FollowupAction.REOPEN, FollowupAction.ASSIGN)

_EMPTY_TITLES = {
    Bucket.OVERDUE: "Nothing overdue",
    Bucket.TODAY: "Nothing due today",
    Bucket.THIS_WEEK: "Nothing else due this week",
}
_SAMPLES = {
    WorklistColumn.WHEN: "Overdue 365 d · 12/31",
    WorklistColumn.TYPE: "Titration check",
    WorklistColumn.PATIENT: "Hernández García, María · 0000-0000",
    WorklistColumn.PHONE: "(000) 000-0000",
    WorklistColumn.ASSIGNEE: "Elena García, MD",
    WorklistColumn.STATUS: "Scheduled",
    WorklistColumn.ATTEMPTS: "3 · 11/20 Left message",
}


# --- the action buttons -------------------------------------------------------------------------


class ActionBar(QWidget):
    """A button per common action and [More] with the rest and Open chart; the working
    actions are hidden from those who may only look."""

    def __init__(self, may_work: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action_buttons: dict[FollowupAction, QPushButton] = {}
        self.menu_actions: dict[FollowupAction, QAction] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for action in BUTTON_ACTIONS:
            button = bar_button(action.label, action.label.rstrip("…"))
            self.action_buttons[action] = button
            row.addWidget(button)
        self.more_button = bar_button("More", "More actions")
        menu = QMenu(self.more_button)
        for action in MENU_ACTIONS:
            self.menu_actions[action] = menu.addAction(action.label)
        menu.addSeparator()
        self.open_chart_action = menu.addAction("Open chart")
        self.more_button.setMenu(menu)
        row.addWidget(self.more_button)
        row.addStretch(1)
        for button in self.action_buttons.values():
            button.setVisible(may_work)
        for entry in self.menu_actions.values():
            entry.setVisible(may_work)

    def show_allowed(self, item: FollowupItem | None, actor: Actor) -> None:
        """Enable what may be done to `item` now, each with a tooltip saying why (or why not)."""
        allowed = allowed_actions(item, actor) if item is not None else frozenset()
        for action, button in self.action_buttons.items():
            button.setEnabled(action in allowed)
            button.setToolTip(action_tooltip(action, item, actor))
        for action, entry in self.menu_actions.items():
            entry.setEnabled(action in allowed)
            entry.setToolTip(action_tooltip(action, item, actor))
        self.open_chart_action.setEnabled(item is not None)
        self.more_button.setEnabled(item is not None)


# --- the table, or why it is empty -------------------------------------------------------------


def worklist_table(model: WorklistModel) -> QTableView:
    """The list of items, its columns as wide as their longest likely text."""
    table = QTableView()
    set_up_list_table(table, model, "Follow-up worklist", row_padding=12)
    table.setShowGrid(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionsClickable(False)
    bold = table.font()
    bold.setBold(True)  # the overdue and today cells are bold
    for column, sample in _SAMPLES.items():
        metrics = QFontMetrics(bold) if column is WorklistColumn.WHEN else table.fontMetrics()
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    header.setMinimumSectionSize(60)
    return table


class EmptyPage(QWidget):
    """Shown instead of an empty table: what is not due, and (when filtered) a way to show all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("worklistEmpty")
        self.title = QLabel("Nothing due this week")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.title, "heading")
        self.text = QLabel()
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.text, "muted")
        self.clear_button = bar_button("Show all follow-ups", "Show all follow-ups")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def explain(
        self, *, bucket: Bucket | None, through_days: int, through: date, filtered: bool, may_work: bool
    ) -> None:
        """Say what is not due (in the bucket shown, or the reach chosen) and why."""
        if bucket is not None:
            title = _EMPTY_TITLES[bucket]
        elif through_days == WEEK_DAYS:
            title = "Nothing due this week"
        else:
            title = f"Nothing due in the next {through_days} days"
        if filtered:
            text = "Nothing matches the chosen filters. Show all follow-ups to see everyone's."
        else:
            text = (
                f"No follow-up is overdue or due through {long_day_text(through)}. New ones appear "
                "here when a prescription is approved"
                + (", or add one with “New follow-up…”." if may_work else ".")
            )
        self.title.setText(title)
        self.text.setText(text)
        self.clear_button.setVisible(filtered)


# --- the lines under the table: the selected item in full, what was just done ---------------------


def detail_line() -> QLabel:
    details = QLabel()
    details.setAccessibleName("Selected follow-up")
    details.setTextFormat(Qt.TextFormat.PlainText)
    details.setWordWrap(True)
    return details


def notice_line() -> QLabel:
    notice = QLabel()
    notice.setAccessibleName("Worklist notice")
    notice.setTextFormat(Qt.TextFormat.PlainText)
    set_role(notice, "muted")
    return notice


def details_text(item: FollowupItem) -> str:
    """The selected item in full below the table: its reason and the last contact."""
    text = f"{item.type.label} for {item.patient_name}: {short_reason(item.reason)}"
    last = item.last_attempt
    if last is not None:
        note = f" — {short_reason(last.note)}" if last.note else ""
        when = f"{last.at.month:02d}/{last.at.day:02d} {time_text(last.at)}"
        text += (
            f"\nLast contact: {last.method.label}, {last.outcome.label.lower()}, {when} by {last.by}{note}"
        )
    return text


def done_text(action: FollowupAction, item: FollowupItem, result: object) -> str:
    """What the notice line says once `action` has worked `item` (`result` is what it returned)."""
    who = f"{item.type.label} for {item.patient_name}"
    if not isinstance(result, FollowupItem):
        return f"Visit note saved: the {item.type.label.lower()} for {item.patient_name} is done."
    if action is FollowupAction.ATTEMPT and result.last_attempt is not None:
        return f"Logged for {item.patient_name}: {result.last_attempt.short}."
    if action is FollowupAction.SCHEDULE and result.scheduled_at is not None:
        return f"Scheduled: {who} on {appointment_text(result.scheduled_at)}."
    if action is FollowupAction.SNOOZE and result.snoozed_until is not None:
        return f"Snoozed: {who} until {long_day_text(result.snoozed_until)}."
    if action is FollowupAction.ASSIGN:
        return (
            f"{who}: assigned to {result.assignee_name}." if result.assignee_name else f"{who}: unassigned."
        )
    return f"{who}: {result.status.label.lower()}."
