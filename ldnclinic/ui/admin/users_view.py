"""Admin → Users: every account with its roles and state, and what an administrator does
with them (create, unlock, reset the password, deactivate or activate again)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.users.service import UserSummary
from ldnclinic.ui.admin.user_dialogs import NewUserDialog, ResetPasswordDialog
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.table_model import Column, DtoTableModel, table_view, yes_no
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import run_in_background

COLUMNS: tuple[Column[UserSummary], ...] = (
    Column("User name", lambda u: u.username),
    Column("Name", lambda u: u.display_name),
    Column("Roles", lambda u: ", ".join(r.label for r in sorted(u.roles))),
    Column("Active", lambda u: yes_no(u.active)),
    Column("Locked", lambda u: "Locked" if u.locked else ""),
    Column("Must change password", lambda u: yes_no(u.must_change_password)),
    Column("NPI", lambda u: u.npi or ""),
    Column("Supervised by", lambda u: u.supervising_username or ""),
)


class UsersView(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.loaded = False
        self.dialog: NewUserDialog | ResetPasswordDialog | None = None
        self.model: DtoTableModel[UserSummary] = DtoTableModel(COLUMNS, self)
        self.table = table_view(self.model, "User accounts")
        self.new_button = self._button("New user…", "New user account", self.new_user)
        self.unlock_button = self._button("Unlock", "Unlock account", self.unlock)
        self.reset_button = self._button("Reset password…", "Reset password", self.reset_password)
        self.active_button = self._button("Deactivate", "Deactivate account", self.toggle_active)
        self.status = QLabel()
        self.status.setWordWrap(True)
        set_role(self.status, "muted")
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.unlock_button, self.reset_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 14, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        run_in_background(
            lambda: self._services.users.list_users(self._actor), on_result=self._show, owner=self
        )

    def _show(self, users: list[UserSummary]) -> None:
        chosen = self.selected()
        self.model.set_rows(users)
        self.loaded = True
        if chosen is not None:
            self.select(chosen.username)
        self._update_buttons()

    def select(self, username: str) -> None:
        for row, user in enumerate(self.model.rows()):
            if user.username == username:
                self.table.selectRow(row)

    def selected(self) -> UserSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        self.unlock_button.setEnabled(user is not None and user.locked)
        self.reset_button.setEnabled(user is not None)
        self.active_button.setEnabled(user is not None and user.id != self._actor.user_id)
        activate = user is not None and not user.active
        self.active_button.setText("Activate" if activate else "Deactivate")
        self.active_button.setAccessibleName("Activate account" if activate else "Deactivate account")

    # --- actions ------------------------------------------------------------------------

    def _act(self, work: Callable[[], object], done: str) -> None:
        run_in_background(work, on_result=lambda _result: self._after(done), owner=self)

    def _after(self, message: str) -> None:
        self.status.setText(message)
        self.reload()

    def new_user(self) -> None:
        dialog = NewUserDialog(self._services, self._actor, self)
        dialog.done_with.connect(self._created)
        self.dialog = dialog
        dialog.open()

    def _created(self, user: object) -> None:
        if isinstance(user, UserSummary):
            self._after(
                f"Account {user.username} created. Give them the temporary password; they choose "
                "their own at their first sign-in."
            )

    def unlock(self) -> None:
        user = self.selected()
        if user is not None:
            self._act(
                lambda: self._services.users.unlock(self._actor, user.id), f"{user.username} is unlocked."
            )

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = ResetPasswordDialog(self._services, self._actor, user, self)
        dialog.done_with.connect(lambda _none: self._after(f"{user.username} has a temporary password now."))
        self.dialog = dialog
        dialog.open()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active and not prompts.confirm(
            self,
            "deactivate-user",
            "Deactivate account",
            f"Deactivate {user.display_name} ({user.username})? They can no longer sign in; "
            "their records and audit trail stay.",
            yes="Deactivate",
            no="Keep active",
        ):
            return
        active = not user.active
        self._act(
            lambda: self._services.users.set_active(self._actor, user.id, active),
            f"{user.username} is {'active again' if active else 'deactivated'}.",
        )
