"""Screenshots of every shell screen, light and dark, at 1366x768 and at 2x, for people to look at.

They land in screenshots/ (not asserted, not committed). Each screen is built from real
data (the demo clinic), on SQLite only: what is looked at here does not depend on the database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from ldnclinic.services.clinic.service import ClinicInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.admin.admin_view import AdminView
from ldnclinic.ui.admin.clinic_form import ClinicProfileEditor
from ldnclinic.ui.admin.pharmacy_dialog import PharmacyDialog
from ldnclinic.ui.admin.user_dialogs import NewUserDialog, ResetPasswordDialog
from ldnclinic.ui.admin.users_view import UsersView
from ldnclinic.ui.shell.first_run_wizard import FirstRunWizard
from ldnclinic.ui.shell.main_window import MainWindow
from ldnclinic.ui.shell.signin_dialog import SignInDialog
from ldnclinic.ui.widgets import theme
from ldnclinic.ui.widgets.errors import CrashDialog
from ldnclinic.ui.widgets.password_dialog import PasswordDialog
from tests.support.qt import SCREENSHOT_DIR, screenshot, type_text
from tests.ui.shell_support import Ui, dark_palette, ui_session

pytestmark = [pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]
DEMO_PASSWORD = "demo-password-2026"


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


@pytest.fixture(params=["light", "dark"])
def look(request: pytest.FixtureRequest, ui: Ui) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    saved = app.palette()
    if request.param == "dark":
        app.setPalette(dark_palette())
    theme.apply(app)
    try:
        yield str(request.param)
    finally:
        ui.close_all()
        app.setPalette(saved)
        theme.remove(app)


@pytest.fixture
def demo(services: Services) -> Services:
    services.demo.create(patients=400, seed=7, password=lambda: DEMO_PASSWORD)
    return services


def actor(services: Services, username: str) -> Actor:
    return services.users.sign_in(username, DEMO_PASSWORD).actor


def shot(widget: QWidget, name: str, look: str) -> None:
    path = screenshot(widget, f"{name}-{look}")
    assert path.stat().st_size > 0


def main_window(ui: Ui, services: Services, who: Actor) -> MainWindow:
    window = ui.show(MainWindow(services, who))
    window.resize(1366, 768)
    ui.settle()
    return window


def test_sign_in_and_password_screens(qtbot: QtBot, ui: Ui, look: str, demo: Services) -> None:
    dialog = ui.show(SignInDialog(demo, username="jwashington"))
    shot(dialog, "signin", look)
    dialog.password.setText("not the password")
    dialog.submit()
    qtbot.waitUntil(dialog.error.isVisible)
    shot(dialog, "signin-refused", look)
    dialog.close()
    change = ui.show(PasswordDialog(demo, "jwashington", current_password=DEMO_PASSWORD))
    type_text(change.new, "short")
    type_text(change.repeat, "shirt")
    shot(change, "password-forced", look)
    voluntary = ui.show(PasswordDialog(demo, "jwashington"))
    shot(voluntary, "password-change", look)


def test_first_run_wizard_pages(qtbot: QtBot, ui: Ui, look: str, services: Services) -> None:
    wizard = ui.show(FirstRunWizard(services))
    shot(wizard, "wizard-1-welcome", look)
    wizard.next()
    form = wizard.clinic.form
    type_text(form.line("name"), "Clínica Piney Woods LDN")
    type_text(form.line("street"), "12 Main St")
    type_text(form.line("zip"), "7596")
    wizard.next()  # refused: shows every problem
    shot(wizard, "wizard-2-clinic-problems", look)
    form.set_values({"city": "Nacogdoches", "zip": "75961", "phone": "936-555-0142"})
    wizard.next()
    prescriber = wizard.prescriber.form
    type_text(prescriber.line("first_name"), "Linh")
    type_text(prescriber.line("last_name"), "Nguyễn")
    prescriber.editor("credentials").setCurrentIndex(2)
    type_text(prescriber.line("npi"), "1932104099")
    shot(wizard, "wizard-3-prescriber", look)
    prescriber.set_values({"npi": "1932104098", "texas_license": "PA12345"})
    wizard.next()
    supervisor = wizard.supervisor.form
    type_text(supervisor.line("first_name"), "Elena")
    type_text(supervisor.line("last_name"), "García")
    supervisor.set_values({"npi": "1234567893", "texas_license": "Q1234"})
    shot(wizard, "wizard-4-supervisor", look)
    wizard.next()
    wizard.admin.other_choice.setChecked(True)
    type_text(wizard.admin.form.line("first_name"), "Rosa")
    type_text(wizard.admin.form.line("last_name"), "Díaz")
    shot(wizard, "wizard-5-admin", look)
    wizard.next()
    type_text(wizard.password.form.line("new"), "initial-pass-2026")
    shot(wizard, "wizard-6-password", look)
    wizard.password.form.set_values({"repeat": "initial-pass-2026"})
    wizard.next()
    shot(wizard, "wizard-7-review", look)
    assert wizard.currentPage() is wizard.review
    wizard.button(QWizard.WizardButton.CancelButton).click()


def test_main_window_pages(qtbot: QtBot, ui: Ui, look: str, demo: Services) -> None:
    window = main_window(ui, demo, actor(demo, "jwashington"))
    shot(window, "main-today", look)
    patients = window.show_page("patients")
    qtbot.waitUntil(patients.is_loaded)  # type: ignore[attr-defined]
    shot(window, "main-patients", look)
    window.show_page("pharmacies")
    ui.settle()
    shot(window, "main-pharmacies", look)
    window.show_page("pharmacies").add_button.click()  # type: ignore[attr-defined]
    shot(ui.visible(PharmacyDialog), "dialog-pharmacy", look)


def test_admin_pages(qtbot: QtBot, ui: Ui, look: str, demo: Services) -> None:
    admin = actor(demo, "admin")
    window = main_window(ui, demo, admin)
    shot(window, "admin-today", look)
    page = window.show_page("admin")
    assert isinstance(page, AdminView)
    users = page.show_area("Users")
    assert isinstance(users, UsersView)
    ui.settle()
    users.select("jwashington")
    shot(window, "admin-users", look)
    users.new_button.click()
    dialog = ui.visible(NewUserDialog)
    dialog.role_boxes[next(iter(dialog.role_boxes))].setChecked(False)
    dialog.role_boxes[list(dialog.role_boxes)[1]].setChecked(True)
    dialog.prescriber.credentials.setCurrentIndex(2)
    type_text(dialog.form.line("first_name"), "Thảo")
    type_text(dialog.form.line("last_name"), "Trần")
    type_text(dialog.form.line("npi"), "12345")
    shot(dialog, "dialog-new-user", look)
    dialog.close()
    users.reset_button.click()
    shot(ui.visible(ResetPasswordDialog), "dialog-reset-password", look)
    ui.visible(ResetPasswordDialog).close()
    clinic = page.show_area("Clinic profile")
    assert isinstance(clinic, ClinicProfileEditor)
    profile = demo.clinic.profile()
    assert profile is not None
    demo.clinic.update_profile(
        admin, ClinicInput(**{**clinic.form.values(), "phone": "512-555-0199"}), profile.version
    )
    type_text(clinic.form.line("name"), " · Austin")
    clinic.save()
    qtbot.waitUntil(clinic.conflict.isVisible)
    shot(window, "admin-clinic-conflict", look)
    page.show_area("Audit trail")
    ui.settle()
    shot(window, "admin-audit", look)


def test_crash_dialog(ui: Ui, look: str) -> None:
    dialog = ui.show(
        CrashDialog(
            "builtins.RuntimeError (message left out: it may hold patient data)\n"
            '  File "ldnclinic/ui/shell/main_window.py", line 10, in find_patient\n    page.focus_search()',
            SCREENSHOT_DIR / "ldnclinic.log",
        )
    )
    shot(dialog, "dialog-crash", look)


@pytest.mark.parametrize("look", ["light"], indirect=True)
def test_high_dpi_rendering(qtbot: QtBot, ui: Ui, look: str, demo: Services) -> None:
    window = main_window(ui, demo, actor(demo, "jwashington"))
    patients = window.show_page("patients")
    qtbot.waitUntil(patients.is_loaded)  # type: ignore[attr-defined]
    pixmap = QPixmap(QSize(1366, 768) * 2)
    pixmap.setDevicePixelRatio(2.0)
    window.render(pixmap)
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    assert pixmap.save(str(SCREENSHOT_DIR / "main-patients-2x.png"))
