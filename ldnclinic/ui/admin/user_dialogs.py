"""Admin → Users dialogs: a new account, and a temporary password for an existing one.

Accounts are checked by the same rules as `ldnclinic init` (services.users.accounts.parse_account);
every new or reset account must choose its own password at its next sign-in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.enums import Role
from ldnclinic.domain.errors import DomainError, ValidationError
from ldnclinic.domain.text import username_key
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.users.accounts import PHYSICIAN_CREDENTIALS, PRESCRIBER_CREDENTIALS, parse_account
from ldnclinic.services.users.service import UserSummary
from ldnclinic.ui.widgets.account_fields import PersonRows, PrescriberRows
from ldnclinic.ui.widgets.dialogs import button_row, error_banner, show_banner
from ldnclinic.ui.widgets.form import Form, validation_problems
from ldnclinic.ui.widgets.password_dialog import new_password_problems
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

_PRESCRIBER_KEYS = ("credentials", "npi", "texas_license")
_SERVICE_FIELDS = {"password": "new"}


class _ServiceDialog(QDialog):
    """A dialog with a form, an error banner and Save/Cancel; saving runs in a worker."""

    done_with = Signal(object)

    def __init__(self, title: str, save_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.form = Form()
        self.error = error_banner("Message")
        buttons, self.save_button, _cancel = button_row(save_text, "Cancel", self.save, self.reject)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 12)
        self.body.addWidget(self.form)
        self.body.addWidget(self.error)
        self.body.addWidget(buttons)

    def save(self) -> None:
        raise NotImplementedError

    def _run(self, work: Callable[[], object]) -> None:
        self.save_button.setEnabled(False)
        self.error.hide()
        run_in_background(work, on_result=self._succeeded, on_error=self._failed, owner=self)

    def _succeeded(self, result: object) -> None:
        self.save_button.setEnabled(True)
        self.done_with.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.form.show_problems({_SERVICE_FIELDS.get(k, k): v for k, v in error.field_errors.items()})
        elif isinstance(error, DomainError):
            show_banner(self.error, error.message)
        else:
            report_unhandled(error)


class NewUserDialog(_ServiceDialog):
    """Emits `done_with(UserSummary)` for the account created."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__("New user account", "Create account", parent)
        self._services = services
        self._actor = actor
        intro = QLabel(
            "The new colleague signs in with the temporary password below and must then choose their own."
        )
        intro.setWordWrap(True)
        set_role(intro, "muted")
        self.body.insertWidget(0, intro)
        self.role_boxes: dict[Role, QCheckBox] = {}
        row = QWidget()
        roles = QHBoxLayout(row)
        roles.setContentsMargins(0, 0, 0, 0)
        for role in (Role.STAFF, Role.PRESCRIBER, Role.ADMIN):
            box = QCheckBox(role.label)
            box.setAccessibleName(f"Role: {role.label}")
            box.toggled.connect(self._roles_changed)
            self.role_boxes[role] = box
            roles.addWidget(box)
        roles.addStretch(1)
        self.form.add_widget("Roles", row)
        self.person = PersonRows(self.form)
        self.prescriber = PrescriberRows(self.form, PRESCRIBER_CREDENTIALS)
        physicians = [
            (u.username, u.display_name)
            for u in services.users.prescribers()
            if u.credentials in PHYSICIAN_CREDENTIALS
        ]
        self.supervising = self.form.add_combo(
            "supervising", "Supervising physician", [("", "Choose a physician…"), *physicians]
        )
        self.prescriber.credentials.currentIndexChanged.connect(self._roles_changed)
        self.form.add_line("new", "Temporary password", password=True, max_length=limits.PASSWORD.box)
        self.form.add_line("repeat", "Repeat it", password=True, max_length=limits.PASSWORD.box)
        self.form.set_check(self._check)
        self.role_boxes[Role.STAFF].setChecked(True)
        self._roles_changed()

    def roles(self) -> list[Role]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def raw(self, values: Mapping[str, str] | None = None) -> dict[str, Any]:
        values = values if values is not None else self.form.values()
        raw: dict[str, Any] = {k: values[k] for k in ("username", "first_name", "last_name")}
        if Role.PRESCRIBER in self.roles():
            raw.update({k: values[k] for k in _PRESCRIBER_KEYS})
            if values["credentials"] == "PA-C":
                raw["supervising"] = values["supervising"]
        raw["roles"] = [role.value for role in self.roles()]
        return raw

    def _check(self, values: Mapping[str, str]) -> dict[str, str]:
        return {
            **validation_problems(lambda: parse_account(self.raw(values))),
            **new_password_problems(values, username_key(values["username"])),
        }

    def _roles_changed(self) -> None:
        prescriber = Role.PRESCRIBER in self.roles()
        for key in _PRESCRIBER_KEYS:
            self.form.set_row_visible(key, prescriber)
        self.form.set_row_visible("supervising", prescriber and self.form.values()["credentials"] == "PA-C")
        self.form.refresh()

    def save(self) -> None:
        if not self.form.reveal_all():
            return
        spec = parse_account(self.raw())
        password = self.form.values()["new"]
        self._run(lambda: self._services.users.create_user(self._actor, spec, password))


class ResetPasswordDialog(_ServiceDialog):
    """Emits `done_with(None)` once the temporary password is set."""

    def __init__(
        self, services: Services, actor: Actor, user: UserSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Reset password of {user.username}", "Set temporary password", parent)
        self._services = services
        self._actor = actor
        self._user = user
        intro = QLabel(
            f"Give {user.display_name} a temporary password. They must choose their own at "
            "their next sign-in. This also unlocks the account."
        )
        intro.setWordWrap(True)
        set_role(intro, "muted")
        self.body.insertWidget(0, intro)
        self.form.add_line("new", "Temporary password", password=True, max_length=limits.PASSWORD.box)
        self.form.add_line("repeat", "Repeat it", password=True, max_length=limits.PASSWORD.box)
        self.form.set_check(lambda values: new_password_problems(values, user.username))

    def save(self) -> None:
        if not self.form.reveal_all():
            return
        password = self.form.values()["new"]
        user_id = self._user.id
        self._run(lambda: self._services.users.reset_password(self._actor, user_id, password))
