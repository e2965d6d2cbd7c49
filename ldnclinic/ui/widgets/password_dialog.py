"""Choosing a new password: checked as you type, beside each field, by the domain's rules.

Opened from the File menu (current, new, repeat), or forced right after signing in with an
initial or temporary password; then the current password is the one just typed, and the
dialog only asks for the new one twice.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.errors import AuthenticationError, DomainError, ValidationError
from ldnclinic.domain.passwords import MIN_PASSWORD_LENGTH, password_problem
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.widgets.dialogs import button_row, error_banner, show_banner
from ldnclinic.ui.widgets.form import Form
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

# The service names fields in words; the form's keys are short.
_SERVICE_FIELDS = {"new password": "new", "password": "new"}


def new_password_problems(values: Mapping[str, str], username: str) -> dict[str, str]:
    """Problems with a new password typed twice (the rules come from the domain)."""
    problems: dict[str, str] = {}
    problem = password_problem(values.get("new", ""), username)
    if problem:
        problems["new"] = problem
    if values.get("repeat", "") != values.get("new", ""):
        problems["repeat"] = "The two new passwords are not the same."
    return problems


class PasswordDialog(QDialog):
    """Emits `changed(actor)` once the service has accepted the new password."""

    changed = Signal(object)

    def __init__(
        self,
        services: Services,
        username: str,
        *,
        current_password: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._username = username
        self._current = current_password
        forced = current_password is not None
        self.setWindowTitle("Choose your password · ldnclinic" if forced else "Change password · ldnclinic")
        self.setMinimumWidth(520)
        title = QLabel("Choose your own password" if forced else "Change your password")
        set_role(title, "title")
        intro = QLabel(
            (
                f"You signed in as {username} with a temporary password. Choose a password "
                "that only you know to continue. "
                if forced
                else ""
            )
            + f"A password needs at least {MIN_PASSWORD_LENGTH} characters; a short sentence "
            "is easy to remember and hard to guess."
        )
        intro.setWordWrap(True)
        set_role(intro, "muted")

        self.form = Form(check=self._check)
        self.current = (
            None
            if forced
            else self.form.add_line(
                "current", "Current password", password=True, max_length=limits.PASSWORD.box
            )
        )
        self.new = self.form.add_line("new", "New password", password=True, max_length=limits.PASSWORD.box)
        self.repeat = self.form.add_line(
            "repeat", "Repeat new password", password=True, max_length=limits.PASSWORD.box
        )

        self.error = error_banner("Password message")
        buttons, self.ok_button, self.cancel_button = button_row(
            "Save and continue" if forced else "Save password", "Cancel", self.submit, self.reject
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.current or self.new).setFocus()

    def _check(self, values: Mapping[str, str]) -> dict[str, str]:
        problems = new_password_problems(values, self._username)
        if self.current is not None and not values.get("current"):
            problems["current"] = "Type the password you use now."
        return problems

    def submit(self) -> None:
        if not self.form.reveal_all():
            return
        values = self.form.values()
        current = self._current if self._current is not None else values["current"]
        new = values["new"]
        self._set_busy(True)
        self.error.hide()
        run_in_background(
            lambda: self._services.users.change_password(self._username, current, new),
            on_result=self._succeeded,
            on_error=self._failed,
            owner=self,
        )

    def _succeeded(self, actor: Actor) -> None:
        self._set_busy(False)
        self.changed.emit(actor)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationError):
            self.form.show_problems({_SERVICE_FIELDS.get(k, k): v for k, v in error.field_errors.items()})
        elif isinstance(error, DomainError):
            show_banner(self.error, error.message)
            if isinstance(error, AuthenticationError) and self.current is not None:
                self.form.show_problems({"current": "This password was not accepted."})
        else:
            report_unhandled(error)

    def _set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
