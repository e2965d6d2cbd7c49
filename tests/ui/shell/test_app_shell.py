"""The main window (pages by role, status bar, shortcuts, sign-out), Today, and the smoke test."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ldnclinic.app import run_gui
from ldnclinic.config import PASSWORD_ENV, Settings
from ldnclinic.domain.enums import AuditAction, PatientStatus
from ldnclinic.services.clinic.setup import parse_setup
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.shell.main_window import PAGES, MainWindow
from ldnclinic.ui.shell.today_view import TodayView
from ldnclinic.ui.widgets import prompts
from tests.conftest import INITIAL_PASSWORD, PASSWORD, SAMPLE_SETUP, signed_in
from tests.support.clock import FakeClock
from tests.support.patient_data import minimal_patient
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


def open_window(ui: Ui, services: Services, actor: Actor) -> MainWindow:
    window = ui.show(MainWindow(services, actor))
    window.resize(1366, 768)
    ui.settle()
    return window


def add_patients(services: Services, actor: Actor, statuses: list[PatientStatus]) -> None:
    for number, status in enumerate(statuses):
        services.patients.create(
            actor, minimal_patient(f"Ana{chr(97 + number)}", "Peña", status=status.value)
        )


def test_status_bar_names_the_user_and_the_database(ui: Ui, initialized: Services, prescriber: Actor) -> None:
    window = open_window(ui, initialized, prescriber)
    assert window.user_label.text() == "Signed in: Elena García, MD (Prescriber)"
    assert window.database_label.text() == f"Database: {initialized.database_name}"


def test_staff_see_no_admin_page_and_admins_see_no_charts(
    ui: Ui, initialized: Services, staff: Actor
) -> None:
    staff_window = open_window(ui, initialized, staff)
    assert list(staff_window.pages) == ["today", "patients", "prescriptions", "pharmacies"]
    assert [staff_window.navigation.item(i).text() for i in range(4)] == [
        "Today",
        "Patients",
        "Prescriptions",
        "Pharmacies",
    ]
    admin = signed_in(initialized, "admin")
    admin_window = open_window(ui, initialized, admin)
    assert list(admin_window.pages) == ["today", "pharmacies", "admin"]
    assert admin_window.find_action is None and admin_window.new_patient_action is None


def test_pages_are_a_registry(ui: Ui, initialized: Services, staff: Actor) -> None:
    keys = [page.key for page in PAGES]
    assert keys[:5] == ["today", "patients", "prescriptions", "pharmacies", "admin"]
    window = open_window(ui, initialized, staff)
    window.show_page("pharmacies")
    assert window.current_page() == "pharmacies"
    assert window.pages["pharmacies"].isVisible() and not window.pages["today"].isVisible()


def test_ctrl_f_finds_a_patient_and_ctrl_n_registers_one(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor
) -> None:
    window = open_window(ui, initialized, staff)
    window.activateWindow()
    qtbot.waitActive(window)
    assert window.current_page() == "today"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "patients"
    page = window.pages["patients"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search_box)  # type: ignore[attr-defined]
    window.show_page("today")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "patients"
    from ldnclinic.ui.patients.new_patient_dialog import NewPatientDialog

    qtbot.waitUntil(lambda: ui.visible(NewPatientDialog).isVisible())
    ui.visible(NewPatientDialog).close()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "prescriptions"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "pharmacies"


def test_today_counts_patients_by_status(qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor) -> None:
    add_patients(initialized, staff, [PatientStatus.ACTIVE, PatientStatus.ACTIVE, PatientStatus.PAUSED])
    window = open_window(ui, initialized, staff)
    today = window.pages["today"]
    assert isinstance(today, TodayView)
    qtbot.waitUntil(lambda: today.loaded_once)
    assert today.status_cards[PatientStatus.ACTIVE].value.text() == "2"
    assert today.status_cards[PatientStatus.PAUSED].value.text() == "1"
    assert today.status_cards[PatientStatus.DISCHARGED].value.text() == "0"
    assert today.total_card is not None and today.total_card.value.text() == "3"
    assert today.title.text().endswith(", María")
    assert today.account_cards == {}  # staff do not manage accounts
    assert unnamed_inputs(today) == []


def test_today_greets_by_the_clinics_zone_and_the_services_clock(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor, clock: FakeClock
) -> None:
    """03:30 UTC on a Saturday is Friday evening in Texas: the greeting and the date say the
    clinic's day, the same day the worklist counts from."""
    clock.now = datetime(2026, 11, 21, 3, 30, tzinfo=UTC)
    today = open_window(ui, initialized, staff).pages["today"]
    assert isinstance(today, TodayView)
    assert today.title.text() == "Good evening, María"
    assert today.subtitle.text().startswith("Friday, November 20, 2026")


def test_today_shows_admins_the_accounts_that_need_them(qtbot: QtBot, ui: Ui, initialized: Services) -> None:
    admin = signed_in(initialized, "admin")
    window = open_window(ui, initialized, admin)
    today = window.pages["today"]
    assert isinstance(today, TodayView)
    qtbot.waitUntil(lambda: today.account_cards["active"].value.text() != "…")
    assert today.account_cards["active"].value.text() == "4"
    assert today.account_cards["must_change"].value.text() == "3"
    assert today.account_cards["locked"].value.text() == "0"
    assert today.status_cards == {}  # no patient data for the admin role


def test_sign_out_and_quit_are_audited(ui: Ui, initialized: Services, staff: Actor) -> None:
    window = open_window(ui, initialized, staff)
    signals: list[str] = []
    window.signed_out.connect(lambda: signals.append("signed out"))
    window.closed.connect(lambda: signals.append("closed"))
    window.sign_out_action.trigger()
    assert signals == ["signed out"]
    admin = signed_in(initialized, "admin")
    events = initialized.audit.recent(admin, action=AuditAction.SIGN_OUT)
    assert [e.username for e in events] == ["maria"]


def test_about_names_the_version_and_database(ui: Ui, initialized: Services, staff: Actor) -> None:
    window = open_window(ui, initialized, staff)
    prompts.answers["about"] = True
    window.about()
    key, text = prompts.shown[-1]
    assert key == "about" and "ldnclinic 0.1.0" in text and initialized.database_name in text


def test_every_input_of_the_shell_has_an_accessible_name(ui: Ui, initialized: Services) -> None:
    admin = signed_in(initialized, "admin")
    window = open_window(ui, initialized, admin)
    for key in ("today", "pharmacies", "admin"):
        window.show_page(key)
        assert unnamed_inputs(window.pages[key]) == [], key


# --- the smoke test ---------------------------------------------------------------------


def test_smoke_test_in_process(
    ui: Ui,
    db_url: str,
    initialized: Services,
    staff: Actor,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_patients(initialized, staff, [PatientStatus.ACTIVE])
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    assert run_gui(Settings(db_url), user="maria", smoke_test=True) == 0
    out = capsys.readouterr().out
    assert out.startswith("main window loaded in ") and out.endswith(" s\n")


def test_smoke_test_refuses_an_initial_password(
    ui: Ui,
    db_url: str,
    initialized: Services,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    assert run_gui(Settings(db_url), user="maria", smoke_test=True) == 2
    assert "maria must choose a new password first" in capsys.readouterr().err


def test_smoke_test_refuses_a_wrong_password_or_an_empty_database(
    ui: Ui,
    db_url: str,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "whatever-password")
    assert run_gui(Settings(db_url), user="maria", smoke_test=True) == 2
    assert "not set up yet" in capsys.readouterr().err
    services.setup.initialize(parse_setup(SAMPLE_SETUP), lambda: INITIAL_PASSWORD)
    assert run_gui(Settings(db_url), user="maria", smoke_test=True) == 2
    assert "Sign-in refused: The user name or password is not right." in capsys.readouterr().err


def test_smoke_test_from_the_command_line(db_url: str, initialized: Services, staff: Actor) -> None:
    add_patients(initialized, staff, [PatientStatus.ACTIVE, PatientStatus.PROSPECTIVE])
    env = {**os.environ, PASSWORD_ENV: PASSWORD, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "ldnclinic", "--db", db_url, "--user", "maria", "--smoke-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("main window loaded in ")
    seconds = float(done.stdout.split()[4])
    assert 0 < seconds < 120


def test_a_database_that_cannot_be_opened_is_named_without_its_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql+psycopg://clinic:s3cret@127.0.0.1:1/ldnclinic"
    assert run_gui(Settings(url), user="maria", smoke_test=True) == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot open the database postgresql+psycopg://clinic:***@127.0.0.1:1/ldnclinic: ")
    assert "s3cret" not in err
