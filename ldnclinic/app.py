"""Composition root: settings -> database -> services -> first run, sign-in, main window.

The front door (ldnclinic.entry) calls `run_gui()` when the command line names no command.
Qt and the database layers are imported only when the GUI starts, so command-line use
stays quick. The smoke test measures from the start of the process.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ldnclinic.config import APP_AUTHOR, APP_NAME, PASSWORD_ENV, Settings, data_dir

STARTED_AT = time.perf_counter()
SMOKE_TEST_TIMEOUT_MS = 120_000
GEOMETRY_KEY = "main_window/geometry"  # QSettings, per user and machine

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from ldnclinic.services.container import Services
    from ldnclinic.services.context import Actor
    from ldnclinic.services.users.service import SignInResult
    from ldnclinic.ui.shell.main_window import MainWindow


def run_gui(
    settings: Settings,
    *,
    user: str | None = None,
    smoke_test: bool = False,
    started_at: float | None = None,
) -> int:
    """Open the app on `settings.database_url`; returns the process exit status.

    With `smoke_test`, nothing is asked: `user` signs in with the password from
    LDNCLINIC_PASSWORD, the main window opens, and once the patient list has its first page
    the time since `started_at` (a perf_counter value; default: since the process began)
    is printed.
    """
    from sqlalchemy.exc import OperationalError

    from ldnclinic.db.engine import Database
    from ldnclinic.services.container import build_services
    from ldnclinic.ui.widgets import errors, theme, workers

    app = _application()
    settings.ensure_local_folder()
    db = Database(settings.database_url)
    uninstall_error_handler = errors.install(data_dir() / "logs")
    try:
        services = build_services(db)
        try:
            services.setup.migrate()
        except OperationalError as error:
            return _cannot_open(services.database_name, error, smoke_test)
        if smoke_test:
            return _smoke_test(services, user or "", started_at)
        theme.apply(app)
        launcher = Launcher(services, username=user or "", quit_app=app.quit)
        launcher.start()
        return app.exec()
    finally:
        workers.wait_for_all()
        uninstall_error_handler()
        db.dispose()


def seconds_since_start(started_at: float | None = None) -> float:
    """Seconds since `started_at` (a perf_counter value) or else since the process began
    (from /proc on Linux, so interpreter start-up counts too; elsewhere since STARTED_AT)."""
    if started_at is not None:
        return time.perf_counter() - started_at
    try:
        after_name = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(after_name[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - STARTED_AT


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    import ldnclinic

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(ldnclinic.__version__)
    app.setQuitOnLastWindowClosed(False)  # the launcher decides: dialogs come and go
    return app


def _cannot_open(database: str, error: Exception, smoke_test: bool) -> int:
    reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
    message = f"Cannot open the database {database}: {reason}"
    if smoke_test:
        sys.stderr.write(message + "\n")
    else:
        from ldnclinic.ui.widgets import prompts

        prompts.warn(None, "database-error", "ldnclinic", message)
    return 1


class Launcher:
    """The way into the app: first-run wizard if needed, sign-in, a forced password change
    for an initial or temporary password, then the main window; Sign out comes back here."""

    def __init__(self, services: Services, *, username: str = "", quit_app: Callable[[], None]) -> None:
        self.services = services
        self.username = username
        self._quit_app = quit_app
        self.current: QWidget | None = None  # the dialog or window being shown
        self.window: MainWindow | None = None

    def start(self) -> None:
        if self.services.setup.needs_setup():
            self.first_run()
        else:
            self.sign_in()

    def first_run(self) -> None:
        from ldnclinic.ui.shell.first_run_wizard import FirstRunWizard

        wizard = FirstRunWizard(self.services)
        wizard.accepted.connect(lambda: self.sign_in(wizard.admin_username()))
        wizard.rejected.connect(self._quit_app)
        self._show(wizard)

    def sign_in(self, username: str = "") -> None:
        from ldnclinic.ui.shell.signin_dialog import SignInDialog

        dialog = SignInDialog(self.services, username=username or self.username)
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(self._quit_app)
        self._show(dialog)

    def _signed_in(self, result: SignInResult, password: str) -> None:
        from ldnclinic.ui.widgets.password_dialog import PasswordDialog

        self.username = result.actor.username
        if not result.must_change_password:
            self.open_main_window(result.actor)
            return
        dialog = PasswordDialog(self.services, result.actor.username, current_password=password)
        dialog.changed.connect(self.open_main_window)
        dialog.rejected.connect(lambda: self.sign_in(result.actor.username))
        self._show(dialog)

    def open_main_window(self, actor: Actor) -> None:
        from PySide6.QtCore import QByteArray, QSettings, Qt
        from PySide6.QtGui import QGuiApplication

        from ldnclinic.ui.shell.main_window import MainWindow

        window = MainWindow(self.services, actor)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.signed_out.connect(lambda: self._remember(window))
        window.signed_out.connect(lambda: self.sign_in(actor.username))
        window.closed.connect(lambda: self._remember(window))
        window.closed.connect(self._quit_app)
        self.window = window
        saved = QSettings().value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray) and window.restoreGeometry(saved):
            self._show(window)
            return
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        if available is not None and available.width() <= 1440:  # a laptop: use all of it
            window.resize(available.size())
            self._show(window)
            window.showMaximized()
        else:
            window.resize(1366, 860)
            self._show(window)

    @staticmethod
    def _remember(window: QWidget) -> None:
        from PySide6.QtCore import QSettings

        QSettings().setValue(GEOMETRY_KEY, window.saveGeometry())

    def _show(self, widget: QWidget) -> None:
        self.current = widget
        widget.show()


def _smoke_test(services: Services, username: str, started_at: float | None) -> int:
    """Sign in without asking, open the main window, wait for the patient list, report."""
    from PySide6.QtCore import QEventLoop, QTimer

    from ldnclinic.domain.errors import DomainError
    from ldnclinic.ui.shell.main_window import MainWindow
    from ldnclinic.ui.widgets.errors import phi_free_traceback

    password = os.environ.get(PASSWORD_ENV)
    if not username or password is None:
        sys.stderr.write(f"The smoke test needs --user NAME and the password in {PASSWORD_ENV}.\n")
        return 2
    if services.setup.needs_setup():
        sys.stderr.write("This database is not set up yet: run `ldnclinic init --clinic FILE.toml` first.\n")
        return 2
    try:
        actor = services.users.sign_in_for_command_line(username, password)
    except DomainError as error:
        sys.stderr.write(f"Sign-in refused: {error.message}\n")
        return 2

    loop = QEventLoop()
    crashed: list[BaseException] = []

    def crash(_kind: type[BaseException], error: BaseException, _tb: object) -> None:
        crashed.append(error)
        sys.stderr.write("The smoke test hit an unexpected error:\n" + phi_free_traceback(error) + "\n")
        loop.quit()

    sys.excepthook = crash  # restored by run_gui's error-handler uninstall
    window = MainWindow(services, actor)
    window.resize(1366, 768)
    window.show()
    page = window.patients_page()
    if page is not None and not page.is_loaded():
        window.pages["patients"].first_page_loaded.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(SMOKE_TEST_TIMEOUT_MS, loop.quit)
        loop.exec()
    else:
        QTimer.singleShot(0, loop.quit)
        loop.exec()
    elapsed = seconds_since_start(started_at)
    try:
        if crashed:
            return 1
        if page is not None and not page.is_loaded():
            sys.stderr.write(f"The patient list did not load within {SMOKE_TEST_TIMEOUT_MS // 1000} s.\n")
            return 1
        what = (
            "main window loaded" if page is not None else "main window (no patient list for this role) shown"
        )
        sys.stdout.write(f"{what} in {elapsed:.2f} s\n")
        sys.stdout.flush()
        return 0
    finally:
        window.close()
