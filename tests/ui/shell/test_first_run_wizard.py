"""The first-run wizard: it sets up what `ldnclinic init` would, checking as you type."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from ldnclinic.app import Launcher
from ldnclinic.domain.enums import Role
from ldnclinic.services.container import Services
from ldnclinic.ui.shell.first_run_wizard import (
    ADMIN,
    CLINIC,
    PASSWORD,
    PRESCRIBER,
    REVIEW,
    SUPERVISOR,
    FirstRunWizard,
)
from ldnclinic.ui.shell.signin_dialog import SignInDialog
from tests.conftest import INITIAL_PASSWORD
from tests.conftest import PASSWORD as OWN_PASSWORD
from tests.support.qt import type_text
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs

CLINIC_VALUES = {
    "name": "Clínica Piney Woods LDN",
    "street": "12 Main St",
    "city": "Nacogdoches",
    "state": "tx",
    "zip": "75961",
    "phone": "936-555-0142",
    "fax": "",
}
DOCTOR = {
    "first_name": "Elena",
    "last_name": "García",
    "npi": "1234567893",
    "texas_license": "Q1234",
}


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


def fill(page_form: object, values: dict[str, str]) -> None:
    from ldnclinic.ui.widgets.form import Form

    assert isinstance(page_form, Form)
    for key, value in values.items():
        page_form.line(key).setText(value)


def go_next(wizard: FirstRunWizard) -> int:
    wizard.button(QWizard.WizardButton.NextButton).click()
    return wizard.currentId()


def through_clinic(wizard: FirstRunWizard) -> None:
    assert go_next(wizard) == CLINIC
    fill(wizard.clinic.form, CLINIC_VALUES)
    assert go_next(wizard) == PRESCRIBER


def finish(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    with qtbot.waitSignal(wizard.accepted, timeout=15_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()


def test_a_physician_who_is_also_the_administrator(qtbot: QtBot, ui: Ui, services: Services) -> None:
    wizard = ui.show(FirstRunWizard(services))
    through_clinic(wizard)
    fill(wizard.prescriber.form, DOCTOR)
    assert wizard.prescriber.form.values()["username"] == ""  # only typing suggests one
    wizard.prescriber.form.line("username").setText("drgarcia")
    assert go_next(wizard) == ADMIN
    assert wizard.admin.prescriber_choice.isChecked()
    assert "Elena García, MD" in wizard.admin.prescriber_choice.text()
    assert wizard.admin.supervisor_choice.isHidden()
    assert go_next(wizard) == PASSWORD
    fill(wizard.password.form, {"new": INITIAL_PASSWORD, "repeat": INITIAL_PASSWORD})
    assert go_next(wizard) == REVIEW
    assert "drgarcia: Elena García, MD, NPI 1234567893 (Prescriber, Admin)" in wizard.review.summary.text()
    assert unnamed_inputs(wizard) == []
    finish(qtbot, wizard)

    assert not services.setup.needs_setup()
    assert wizard.admin_username() == "drgarcia"
    clinic = services.clinic.profile()
    assert clinic is not None
    assert (clinic.name, clinic.state, clinic.phone, clinic.timezone) == (
        "Clínica Piney Woods LDN",
        "TX",
        "(936) 555-0142",
        "America/Chicago",
    )
    result = services.users.sign_in("drgarcia", INITIAL_PASSWORD)
    assert result.must_change_password
    assert result.actor.roles == {Role.PRESCRIBER, Role.ADMIN}


def test_a_pa_needs_a_supervising_physician_and_the_admin_may_be_someone_else(
    qtbot: QtBot, ui: Ui, services: Services
) -> None:
    wizard = ui.show(FirstRunWizard(services))
    through_clinic(wizard)
    form = wizard.prescriber.form
    type_text(form.line("first_name"), "Sam")
    type_text(form.line("last_name"), "Nguyễn")
    assert form.values()["username"] == "snguyen"  # suggested from the name
    form.editor("credentials").setCurrentIndex(2)
    assert form.values()["credentials"] == "PA-C"
    fill(form, {"npi": "1932104098", "texas_license": "PA12345"})
    assert go_next(wizard) == SUPERVISOR
    fill(wizard.supervisor.form, {**DOCTOR, "username": "snguyen"})
    assert go_next(wizard) == SUPERVISOR  # the same user name twice is refused
    assert wizard.supervisor.form.message("username") == "The first prescriber already has this user name."
    wizard.supervisor.form.line("username").setText("drgarcia")
    assert go_next(wizard) == ADMIN
    assert wizard.admin.supervisor_choice.isVisibleTo(wizard)
    wizard.admin.other_choice.setChecked(True)
    assert go_next(wizard) == ADMIN  # the separate account needs its fields
    assert wizard.admin.form.message("username").startswith("A user name is 2-32 characters")
    type_text(wizard.admin.form.line("first_name"), "Rosa")
    type_text(wizard.admin.form.line("last_name"), "Díaz")
    assert go_next(wizard) == PASSWORD
    fill(wizard.password.form, {"new": INITIAL_PASSWORD, "repeat": INITIAL_PASSWORD})
    assert go_next(wizard) == REVIEW
    finish(qtbot, wizard)

    assert wizard.admin_username() == "rdiaz"
    admin = services.users.change_password("rdiaz", INITIAL_PASSWORD, OWN_PASSWORD)
    users = {u.username: u for u in services.users.list_users(admin)}
    assert set(users) == {"snguyen", "drgarcia", "rdiaz"}
    assert users["snguyen"].supervising_username == "drgarcia"
    assert users["rdiaz"].roles == {Role.ADMIN}
    assert users["drgarcia"].roles == {Role.PRESCRIBER}


def test_messages_appear_as_you_type_and_nothing_typed_is_lost(
    qtbot: QtBot, ui: Ui, services: Services
) -> None:
    wizard = ui.show(FirstRunWizard(services))
    assert go_next(wizard) == CLINIC
    form = wizard.clinic.form
    type_text(form.line("name"), "Clínica Ñandú")
    type_text(form.line("zip"), "7870")
    assert form.message("zip") == "A ZIP code is 5 digits, or 5+4 like 78701-1234."
    assert form.message("city") == ""  # not touched: no message yet
    assert go_next(wizard) == CLINIC  # refused: every problem is shown now
    assert form.message("city") == "This is required."
    assert form.message("street") == "This is required."
    assert form.message("fax") == ""  # optional
    assert form.values()["name"] == "Clínica Ñandú"
    assert form.values()["zip"] == "7870"
    type_text(form.line("zip"), "1")
    assert form.message("zip") == ""
    fill(form, {"street": "1 Elm", "city": "Austin", "phone": "512 555 0100"})
    form.refresh()
    assert go_next(wizard) == PRESCRIBER

    npi = wizard.prescriber.form.line("npi")
    type_text(npi, "1234567890")
    assert (
        wizard.prescriber.form.message("npi") == "This NPI's check digit is wrong: look for a mistyped digit."
    )
    npi.clear()
    type_text(npi, "12345")
    assert wizard.prescriber.form.message("npi") == "An NPI has 10 digits; this one has 5."
    type_text(npi, "67893")
    assert wizard.prescriber.form.message("npi") == ""

    # Going back keeps the clinic page as it was.
    wizard.back()
    assert wizard.currentId() == CLINIC
    assert form.values()["name"] == "Clínica Ñandú"


def test_the_initial_password_is_checked_and_repeated(qtbot: QtBot, ui: Ui, services: Services) -> None:
    wizard = ui.show(FirstRunWizard(services))
    through_clinic(wizard)
    fill(wizard.prescriber.form, {**DOCTOR, "username": "drgarcia"})
    go_next(wizard)
    assert go_next(wizard) == PASSWORD
    form = wizard.password.form
    qtbot.keyClicks(form.line("new"), "aaaaaaaaaaaaa")
    assert form.message("new") == "This password repeats too few different characters."
    form.line("new").clear()
    qtbot.keyClicks(form.line("new"), INITIAL_PASSWORD)
    qtbot.keyClicks(form.line("repeat"), INITIAL_PASSWORD + "x")
    assert form.message("repeat") == "The two new passwords are not the same."
    assert go_next(wizard) == PASSWORD


def test_an_empty_database_opens_the_wizard_then_sign_in(qtbot: QtBot, ui: Ui, services: Services) -> None:
    quits: list[bool] = []
    launcher = Launcher(services, quit_app=lambda: quits.append(True))
    launcher.start()
    wizard = ui.visible(FirstRunWizard)
    through_clinic(wizard)
    fill(wizard.prescriber.form, {**DOCTOR, "username": "drgarcia"})
    go_next(wizard)
    go_next(wizard)
    fill(wizard.password.form, {"new": INITIAL_PASSWORD, "repeat": INITIAL_PASSWORD})
    go_next(wizard)
    finish(qtbot, wizard)
    dialog = ui.visible(SignInDialog)
    assert dialog.username.text() == "drgarcia"
    assert quits == []


def test_cancelling_the_wizard_quits(qtbot: QtBot, ui: Ui, services: Services) -> None:
    quits: list[bool] = []
    launcher = Launcher(services, quit_app=lambda: quits.append(True))
    launcher.start()
    ui.visible(FirstRunWizard).reject()
    assert quits == [True]
    assert services.setup.needs_setup()
