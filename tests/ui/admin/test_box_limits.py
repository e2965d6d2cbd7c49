"""The Admin pages' entry boxes take what the domain's field limits say (issue 11): each
QLineEdit's maximum is the Limit's box, or a named entry-box size, never a number of its own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.field_limits import Limit
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.admin.clinic_form import ClinicProfileEditor
from ldnclinic.ui.admin.followup_rules_view import LIMIT_NAMES, RULE_NAMES, FollowupRulesView
from ldnclinic.ui.admin.formula_dialog import FormulaDialog
from ldnclinic.ui.admin.pharmacy_dialog import PharmacyDialog
from ldnclinic.ui.admin.user_dialogs import NewUserDialog, ResetPasswordDialog
from ldnclinic.ui.widgets.form import Form
from tests.ui.shell_support import Ui, ui_session

ADDRESS = {
    "street": limits.ADDRESS_STREET,
    "city": limits.ADDRESS_CITY,
    "state": limits.ADDRESS_STATE,
    "zip": limits.ZIP_CODE,
    "phone": limits.PHONE_NUMBER,
    "fax": limits.PHONE_NUMBER,
}
PERSON = {
    "first_name": limits.PERSON_NAME,
    "last_name": limits.PERSON_NAME,
    "username": limits.USER_NAME,
    "npi": limits.NPI,
    "texas_license": limits.TEXAS_LICENSE,
    "new": limits.PASSWORD,
    "repeat": limits.PASSWORD,
}


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


def box_sizes(form: Form, keys: Iterable[str]) -> dict[str, int]:
    return {key: form.line(key).maxLength() for key in keys}


def expected(fields: dict[str, Limit]) -> dict[str, int]:
    return {key: limit.box for key, limit in fields.items()}


def test_the_clinic_profile_boxes(ui: Ui, initialized: Services, admin: Actor) -> None:
    editor = ui.show(ClinicProfileEditor(initialized, admin))
    fields = {"name": limits.CLINIC_NAME, **ADDRESS}
    assert box_sizes(editor.form, fields) == expected(fields)


def test_the_pharmacy_boxes(ui: Ui, initialized: Services, staff: Actor) -> None:
    dialog = ui.show(PharmacyDialog(initialized, staff))
    fields = {"name": limits.PHARMACY_NAME, **ADDRESS, "npi": limits.NPI}
    assert box_sizes(dialog.form, fields) == expected(fields)


def test_the_account_boxes(ui: Ui, initialized: Services, admin: Actor) -> None:
    dialog = ui.show(NewUserDialog(initialized, admin))
    assert box_sizes(dialog.form, PERSON) == expected(PERSON)
    user = initialized.users.list_users(admin)[0]
    reset = ui.show(ResetPasswordDialog(initialized, admin, user))
    assert box_sizes(reset.form, ("new", "repeat")) == expected(
        {"new": limits.PASSWORD, "repeat": limits.PASSWORD}
    )


def test_the_formula_boxes(ui: Ui, initialized: Services, admin: Actor) -> None:
    dialog = ui.show(FormulaDialog(initialized, admin))
    assert box_sizes(dialog.form, ("code", "strength_mg", "base", "flavour")) == {
        "code": limits.FORMULA_CODE.box,
        "strength_mg": limits.STRENGTH_BOX,
        "base": limits.FORMULA_BASE.box,
        "flavour": limits.FORMULA_FLAVOUR.box,
    }


def test_the_settings_number_boxes(ui: Ui, initialized: Services, admin: Actor) -> None:
    view = ui.show(FollowupRulesView(initialized, admin))
    names = (*RULE_NAMES, *LIMIT_NAMES)
    assert box_sizes(view.form, names) == dict.fromkeys(names, limits.SETTING_NUMBER_BOX)
