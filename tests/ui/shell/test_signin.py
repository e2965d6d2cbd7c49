"""Sign-in dialog, password-change dialog, and the way in (sign-in -> forced change -> window)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from ldnclinic.app import GEOMETRY_KEY, Launcher
from ldnclinic.domain.enums import AuditAction
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.shell.main_window import MainWindow
from ldnclinic.ui.shell.signin_dialog import SignInDialog
from ldnclinic.ui.widgets.password_dialog import PasswordDialog
from tests.conftest import INITIAL_PASSWORD, PASSWORD
from tests.support.qt import type_text
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


def sign_in(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.sign_in_button.isEnabled)


def test_sign_in_succeeds_and_reports_the_result(
    qtbot: QtBot, ui: Ui, staff: Actor, initialized: Services
) -> None:
    dialog = ui.show(SignInDialog(initialized))
    assert unnamed_inputs(dialog) == []
    with qtbot.waitSignal(dialog.signed_in) as signal:
        dialog.username.setText("maria")
        dialog.password.setText(PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    result, password = signal.args
    assert result.actor.username == "maria"
    assert not result.must_change_password
    assert password == PASSWORD
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_wrong_password_keeps_the_user_name_and_clears_the_password(
    qtbot: QtBot, ui: Ui, staff: Actor, initialized: Services
) -> None:
    dialog = ui.show(SignInDialog(initialized))
    sign_in(qtbot, dialog, "maria", "not my password")
    assert dialog.error.isVisible()
    assert dialog.error.text() == "The user name or password is not right."
    assert dialog.username.text() == "maria"
    assert dialog.password.text() == ""
    assert dialog.isVisible()
    # Typing the right password and pressing Enter signs in (Enter is not taken by Quit).
    with qtbot.waitSignal(dialog.signed_in):
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_tab_goes_from_user_name_to_password_to_the_buttons(ui: Ui, initialized: Services) -> None:
    dialog = ui.show(SignInDialog(initialized))
    dialog.username.setFocus()
    order = [dialog.focusWidget()]
    for _ in range(3):
        dialog.focusNextChild()
        order.append(dialog.focusWidget())
    assert order == [dialog.username, dialog.password, dialog.sign_in_button, dialog.quit_button]


def test_empty_fields_are_named_at_the_field(qtbot: QtBot, ui: Ui, initialized: Services) -> None:
    dialog = ui.show(SignInDialog(initialized, username="maria"))
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.form.message("password") == "Type your password."
    assert dialog.form.message("username") == ""


def test_five_failures_show_the_warning_then_the_lock_out(
    qtbot: QtBot, ui: Ui, staff: Actor, initialized: Services
) -> None:
    dialog = ui.show(SignInDialog(initialized))
    messages = []
    for _ in range(5):
        sign_in(qtbot, dialog, "maria", "wrong password!!")
        messages.append(dialog.error.text())
    assert "2 more failed attempts will lock the account" in messages[2]
    assert "1 more failed attempt will lock" in messages[3]
    assert messages[4] == "Too many failed sign-ins: this account is locked for 15 minutes."
    sign_in(qtbot, dialog, "maria", PASSWORD)
    assert "locked. Try again in 15 minutes" in dialog.error.text()
    admin = initialized.users.change_password("admin", INITIAL_PASSWORD, PASSWORD)
    assert AuditAction.ACCOUNT_LOCKED in [e.action for e in initialized.audit.recent(admin)]


def test_password_dialog_checks_as_you_type(
    qtbot: QtBot, ui: Ui, staff: Actor, initialized: Services
) -> None:
    dialog = ui.show(PasswordDialog(initialized, "maria"))
    assert dialog.current is not None
    assert unnamed_inputs(dialog) == []
    qtbot.keyClicks(dialog.new, "short")
    assert dialog.form.message("new") == "A password needs at least 12 characters."
    assert dialog.form.message("repeat") == ""  # not touched yet
    qtbot.keyClicks(dialog.new, "-but-maria-inside")
    assert dialog.form.message("new") == "A password must not contain the user name."
    dialog.new.clear()
    type_text(dialog.new, "señora lópez 2026")
    assert dialog.form.message("new") == ""
    type_text(dialog.repeat, "señora lópez 2025")
    assert dialog.form.message("repeat") == "The two new passwords are not the same."
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.form.message("current") == "Type the password you use now."
    assert dialog.new.text() == "señora lópez 2026"  # nothing typed is lost
    assert dialog.isVisible()


def test_a_wrong_current_password_is_refused_without_losing_anything(
    qtbot: QtBot, ui: Ui, staff: Actor, initialized: Services
) -> None:
    dialog = ui.show(PasswordDialog(initialized, "maria"))
    assert dialog.current is not None
    dialog.current.setText("not the password")
    dialog.new.setText("a brand new password")
    dialog.repeat.setText("a brand new password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text().startswith("The user name or password is not right.")
    assert dialog.form.message("current") == "This password was not accepted."
    assert (dialog.current.text(), dialog.new.text(), dialog.repeat.text()) == (
        "not the password",
        "a brand new password",
        "a brand new password",
    )
    dialog.current.clear()
    qtbot.keyClicks(dialog.current, PASSWORD)  # typing clears the field's message
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert initialized.users.sign_in("maria", "a brand new password").actor.username == "maria"


def test_the_service_refuses_the_same_password_again(
    qtbot: QtBot, ui: Ui, staff: Actor, initialized: Services
) -> None:
    dialog = ui.show(PasswordDialog(initialized, "maria", current_password=PASSWORD))
    assert dialog.current is None
    dialog.new.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.message("new") != "")
    assert dialog.form.message("new") == "The new password must differ from the old one."
    assert dialog.new.text() == PASSWORD


def test_the_way_in_forces_a_password_change_before_the_main_window(
    qtbot: QtBot, ui: Ui, initialized: Services
) -> None:
    quits: list[bool] = []
    launcher = Launcher(initialized, quit_app=lambda: quits.append(True))
    launcher.start()
    dialog = ui.visible(SignInDialog)
    sign_in(qtbot, dialog, "maria", INITIAL_PASSWORD)
    change = ui.visible(PasswordDialog)
    assert change.current is None  # the password just typed is the current one
    change.new.setText("my own password 2026")
    change.repeat.setText("my own password 2026")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.window is not None and launcher.window.isVisible())
    assert launcher.window is not None
    assert launcher.window.actor.username == "maria"
    assert not initialized.users.sign_in("maria", "my own password 2026").must_change_password
    # Sign out comes back to the sign-in dialog with the user name filled in.
    launcher.window.sign_out_action.trigger()
    again = ui.visible(SignInDialog)
    assert again.username.text() == "maria"
    assert quits == []
    qtbot.mouseClick(again.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [True]


def test_closing_the_main_window_quits(qtbot: QtBot, ui: Ui, staff: Actor, initialized: Services) -> None:
    quits: list[bool] = []
    launcher = Launcher(initialized, quit_app=lambda: quits.append(True))
    launcher.start()
    sign_in(qtbot, ui.visible(SignInDialog), "maria", PASSWORD)
    window = ui.visible(MainWindow)
    window.close()
    assert quits == [True]
    # Its place and size are kept for next time (QSettings, in the test's own config folder).
    assert QSettings().value(GEOMETRY_KEY) == window.saveGeometry()
