"""The sign-in dialog: user name and password, with the service's message shown inside it.

A refused sign-in keeps the user name, clears the password and says why (the service
counts failures and locks an account after five; this dialog only shows its words).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.errors import DomainError
from ldnclinic.services.container import Services
from ldnclinic.services.users.service import SignInResult
from ldnclinic.ui.widgets.dialogs import button_row, error_banner, show_banner
from ldnclinic.ui.widgets.form import Form
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background


class SignInDialog(QDialog):
    """Emits `signed_in(result, password)`; the password is needed for a forced change."""

    signed_in = Signal(object, str)

    def __init__(self, services: Services, *, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle("Sign in · ldnclinic")
        self.setMinimumWidth(460)
        profile = services.clinic.profile()
        title = QLabel(profile.name if profile else "ldnclinic")
        set_role(title, "title")
        title.setWordWrap(True)
        where = QLabel(f"Database: {services.database_name}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(where, "muted")

        self.form = Form()
        # More than an account's user name may have: a long mistyped name gets a message, not a cut.
        self.username = self.form.add_line("username", "User name", max_length=limits.SIGN_IN_USER_NAME.box)
        self.password = self.form.add_line(
            "password", "Password", password=True, max_length=limits.PASSWORD.box
        )
        self.username.setText(username)

        self.error = error_banner("Sign-in message")
        buttons, self.sign_in_button, self.quit_button = button_row(
            "Sign in", "Quit", self.submit, self.reject
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addSpacing(6)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def submit(self) -> None:
        values = self.form.values()
        missing = {
            key: text
            for key, text in (("username", "Type your user name."), ("password", "Type your password."))
            if not values[key]
        }
        if missing:
            self.form.show_problems(missing)
            return
        self._set_busy(True)
        self.error.hide()
        username, password = values["username"], values["password"]
        run_in_background(
            lambda: self._services.users.sign_in(username, password),
            on_result=lambda result: self._succeeded(result, password),
            on_error=self._failed,
            owner=self,
        )

    def _succeeded(self, result: SignInResult, password: str) -> None:
        self._set_busy(False)
        self.signed_in.emit(result, password)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(error, DomainError):
            report_unhandled(error)
            return
        show_banner(self.error, error.message)
        self.password.clear()
        self.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        # Only the button: disabling the fields would move the focus (and Enter) to Quit.
        self.sign_in_button.setEnabled(not busy)
        self.sign_in_button.setText("Signing in…" if busy else "Sign in")
