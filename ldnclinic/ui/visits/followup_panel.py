"""The follow-ups half of the chart's Visits & follow-ups tab.

The patient's follow-ups, open ones first, with a count ("2 open, 5 closed"), Add
follow-up… and a grid of the worklist's own actions, each enabled by the selected item's
status (and hidden, with Add follow-up…, from a role that may not work follow-ups). The
actions and dialogs belong to `ldnclinic.ui.followups` (shared with the Today worklist) and
are reached through `openers` (followup_actions, run_followup_action, new_followup); their
dialogs are parented to the tab.

The panel fetches nothing: the tab fills `model` and selects rows. After an action, or a new
follow-up, it emits `changed(followup_id)` and the tab fetches again and selects that item.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.ui.visits.tab_layout import header_row, push_button, select_row
from ldnclinic.ui.visits.visit_models import FollowupColumn, FollowupListModel
from ldnclinic.ui.widgets import openers
from ldnclinic.ui.widgets.sections import muted
from ldnclinic.ui.widgets.table_model import set_up_list_table, size_columns

NO_FOLLOWUPS = "No follow-ups."
ACTION_ROWS = (("attempt", "schedule", "snooze", "assign"), ("done", "missed", "cancel", "reopen"))


class FollowupPanel(QWidget):
    """The follow-up list, its count, Add follow-up… and the action buttons."""

    selection_changed = Signal()
    acting = Signal()  # an action is about to run (the tab clears its banner)
    changed = Signal(object)  # the follow-up (id) to select once the tab has fetched again
    dialog_opened = Signal(object)  # a window-modal dialog the panel just opened

    def __init__(
        self,
        services: Services,
        actor: Actor,
        patient_id: int,
        parent: QWidget,
        *,
        patient_label: Callable[[], str],
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._patient_id = patient_id
        self._patient_label = patient_label
        self._owner = parent  # the tab: dialogs are its children, as the visit dialogs are
        self.model = FollowupListModel(self)
        self.buttons: dict[str, QPushButton] = {}
        self._build()

    def _build(self) -> None:
        self.count = muted("", self)
        can_work = self._actor.can(Permission.FOLLOWUP_WORK)
        self.add_button = push_button("Add follow-up…", "Add a follow-up for this patient", self)
        self.add_button.clicked.connect(lambda _checked=False: self.add())
        self.add_button.setVisible(can_work)
        self.table = QTableView(self)
        set_up_list_table(self.table, self.model, "Follow-ups, open ones first")
        size_columns(
            self.table,
            {
                FollowupColumn.DATE: "00/00/0000 00:00",
                FollowupColumn.TYPE: "Efficacy review",
                FollowupColumn.STATUS: "Scheduled · overdue",
            },
            stretch=FollowupColumn.ATTEMPTS,
        )
        assignee = FollowupColumn.ASSIGNEE
        self.table.horizontalHeader().setSectionResizeMode(assignee, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(lambda _n, _o: self.selection_changed.emit())
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        if can_work:
            self._build_buttons(grid)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header_row("Follow-ups", self.count, self.add_button))
        layout.addWidget(self.table, 1)
        layout.addLayout(grid)

    def _build_buttons(self, grid: QGridLayout) -> None:
        states = openers.followup_actions(None, self._actor)
        for row, names in enumerate(ACTION_ROWS):
            for column, name in enumerate(names):
                state = states[name]
                button = push_button(state.label, state.tooltip, self)
                button.setAccessibleName(state.label.rstrip("…"))
                button.clicked.connect(lambda _checked=False, chosen=name: self.run_action(chosen))
                grid.addWidget(button, row, column)
                self.buttons[name] = button
        grid.setColumnStretch(len(ACTION_ROWS[0]), 1)

    # --- selection and state --------------------------------------------------------------

    def selected(self) -> FollowupItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select(self, followup_id: int) -> None:
        select_row(self.table, self.model.row_of(followup_id))

    def update_state(self) -> None:
        """The count line, and each action enabled (with its tooltip) for the selected item."""
        followups = self.model.rows()
        open_count = sum(1 for item in followups if item.bucket is not None)
        self.count.setText(
            f"{open_count} open, {len(followups) - open_count} closed" if followups else NO_FOLLOWUPS
        )
        if not self.buttons:
            return
        states = openers.followup_actions(self.selected(), self._actor)
        for name, button in self.buttons.items():
            button.setEnabled(states[name].enabled)
            button.setToolTip(states[name].tooltip)

    # --- actions --------------------------------------------------------------------------

    def run_action(self, action: str) -> object | None:
        """Run a worklist action (its key, e.g. "done") on the selected follow-up (its dialog
        is modal), then reload."""
        item = self.selected()
        if item is None:
            return None
        self.acting.emit()
        result = openers.run_followup_action(action, item, self._services, self._actor, self._owner)
        self.changed.emit(item.id)
        return result

    def add(self) -> QDialog | None:
        if not self._actor.can(Permission.FOLLOWUP_WORK):
            return None
        dialog = openers.new_followup(
            self._services,
            self._actor,
            self._patient_id,
            patient_label=self._patient_label(),
            parent=self._owner,
            on_created=lambda item: self.changed.emit(item.id),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog
