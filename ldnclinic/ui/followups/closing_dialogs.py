"""The dialogs that end a follow-up or hand it on: cancel with a reason, mark missed or done
with a note, assign to someone.

Each is a `FollowupDialog` (see `dialog_base`): it shows whom it is about, calls the service
when its accept button is pressed and keeps what was typed when the service refuses.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.text import collapse_spaces
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.ui.followups.dialog_base import (
    FollowupDialog,
    note_editor,
    side_by_side,
)

# --- cancel -------------------------------------------------------------------------------------------------


class CancelDialog(FollowupDialog):
    """Cancel with a reason; the button waits for a few words (the service wants 5 characters)."""

    def __init__(
        self, services: Services, actor: Actor, item: FollowupItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            services,
            actor,
            item,
            title="Cancel follow-up",
            accept="Cancel follow-up",
            reject="Keep it",
            parent=parent,
        )
        self.reason_edit = note_editor("Reason for cancelling", "e.g. Patient moved out of state")
        self.add_field(
            "reason",
            "&Reason",
            self.reason_edit,
            f"Required (at least {limits.REASON_MIN_CHARS} characters): kept with the follow-up and in the "
            "audit trail.",
        )
        self.reason_edit.textChanged.connect(self._typed)
        self.accept_button.setEnabled(False)
        self.reason_edit.setFocus()

    def _typed(self) -> None:
        self.messages["reason"].show_problem(None)
        enough = len(collapse_spaces(self.reason_edit.toPlainText())) >= limits.REASON_MIN_CHARS
        self.accept_button.setEnabled(enough and not self.item.status.is_closed)

    def call(self) -> FollowupItem:
        return self._services.followups.cancel(
            self._actor, self.item.id, self.item.version, self.reason_edit.toPlainText()
        )


# --- close with a note: missed, done ------------------------------------------------------------------------


class CloseDialog(FollowupDialog):
    """Mark missed, or done without a visit: an optional note, kept as the closing reason."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        item: FollowupItem,
        *,
        done: bool,
        parent: QWidget | None = None,
    ) -> None:
        self.marks_done = done
        super().__init__(
            services,
            actor,
            item,
            title="Mark follow-up done" if done else "Mark follow-up missed",
            accept="Mark done" if done else "Mark missed",
            parent=parent,
        )
        intro = QLabel(
            "It leaves the worklist and stays in the chart as done."
            if done
            else "The patient did not come or could not be reached in time. It leaves the worklist; "
            "Reopen brings it back."
        )
        intro.setWordWrap(True)
        self.note = note_editor(
            "Note",
            "Optional, e.g. Refill sent to the pharmacy" if done else "Optional, e.g. Three calls, no answer",
        )
        self.form.addRow(intro)
        self.add_field(
            "note", "&Note", self.note, f"Optional; up to {limits.FOLLOWUP_NOTE.chars:,} characters."
        )
        self.note.textChanged.connect(lambda: self.messages["note"].show_problem(None))
        self.note.setFocus()

    def call(self) -> FollowupItem:
        note = self.note.toPlainText() or None
        if self.marks_done:
            return self._services.followups.complete(self._actor, self.item.id, self.item.version, note=note)
        return self._services.followups.mark_missed(self._actor, self.item.id, self.item.version, note)


# --- assign ------------------------------------------------------------------------------------------


class AssignDialog(FollowupDialog):
    """Give the follow-up to someone (or to no one)."""

    def __init__(
        self, services: Services, actor: Actor, item: FollowupItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, actor, item, title="Assign follow-up", accept="Assign", parent=parent)
        self.person = QComboBox()
        self.person.setAccessibleName("Assign to")
        self.person.addItem("No one (unassigned)", None)
        for person in services.followups.assignees(actor):
            me = " (me)" if person.id == actor.user_id else ""
            self.person.addItem(f"{person.name}{me}", person.id)
        if item.assignee_id is not None and self.person.findData(item.assignee_id) < 0:
            self.person.addItem(item.assignee_name or f"User #{item.assignee_id}", item.assignee_id)
        wanted = item.assignee_id if item.assignee_id is not None else actor.user_id
        self.person.setCurrentIndex(max(self.person.findData(wanted), 0))
        self.me_button = QPushButton("Me")
        self.me_button.setAccessibleName("Assign to me")
        self.me_button.setAutoDefault(False)
        self.me_button.clicked.connect(self._to_me)
        self.me_button.setVisible(self.person.findData(actor.user_id) >= 0)
        row = side_by_side(self, self.person, self.me_button, grow=self.person)
        self.person.currentIndexChanged.connect(lambda _i: self.messages["assignee_id"].show_problem(None))
        self.add_field("assignee_id", "&Assign to", row, buddy=self.person)

    def _to_me(self) -> None:
        self.person.setCurrentIndex(max(self.person.findData(self._actor.user_id), 0))

    def choose(self, assignee_id: int | None) -> None:
        self.person.setCurrentIndex(self.person.findData(assignee_id))

    def chosen(self) -> int | None:
        value = self.person.currentData()
        return int(value) if value is not None else None

    def call(self) -> FollowupItem:
        return self._services.followups.assign(self._actor, self.item.id, self.item.version, self.chosen())
