"""The first-run wizard's and the sign-in's entry boxes take what the domain's field limits
say (issue 11)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ldnclinic.domain import field_limits as limits
from ldnclinic.services.container import Services
from ldnclinic.ui.shell.first_run_wizard import FirstRunWizard
from ldnclinic.ui.shell.signin_dialog import SignInDialog
from ldnclinic.ui.widgets.password_dialog import PasswordDialog
from tests.ui.shell_support import Ui, ui_session


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


def test_the_wizard_boxes(ui: Ui, services: Services) -> None:
    wizard = ui.show(FirstRunWizard(services))
    clinic = {
        "name": limits.CLINIC_NAME,
        "street": limits.ADDRESS_STREET,
        "city": limits.ADDRESS_CITY,
        "state": limits.ADDRESS_STATE,
        "zip": limits.ZIP_CODE,
        "phone": limits.PHONE_NUMBER,
        "fax": limits.PHONE_NUMBER,
    }
    assert {key: wizard.clinic.form.line(key).maxLength() for key in clinic} == {
        key: limit.box for key, limit in clinic.items()
    }
    person = {
        "first_name": limits.PERSON_NAME,
        "last_name": limits.PERSON_NAME,
        "username": limits.USER_NAME,
        "npi": limits.NPI,
        "texas_license": limits.TEXAS_LICENSE,
    }
    assert {key: wizard.prescriber.form.line(key).maxLength() for key in person} == {
        key: limit.box for key, limit in person.items()
    }
    password = wizard.password.form
    assert password.line("new").maxLength() == password.line("repeat").maxLength() == limits.PASSWORD.box


def test_the_sign_in_takes_a_longer_user_name_than_an_account_may_have(ui: Ui, initialized: Services) -> None:
    dialog = ui.show(SignInDialog(initialized))
    assert dialog.username.maxLength() == limits.SIGN_IN_USER_NAME.box == 64
    assert limits.SIGN_IN_USER_NAME.box > limits.USER_NAME.chars
    assert dialog.password.maxLength() == limits.PASSWORD.box


def test_every_password_box_takes_the_longest_password(ui: Ui, initialized: Services) -> None:
    dialog = ui.show(PasswordDialog(initialized, "maria"))
    for key in ("current", "new", "repeat"):
        assert dialog.form.line(key).maxLength() == limits.PASSWORD.box, key
