"""The Formulary admin tab: the list, and the formula dialog that checks as you type."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.prescriptions.formulary import DosageForm
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.admin.admin_view import AdminView
from ldnclinic.ui.admin.formula_dialog import FormulaDialog, formula_input
from ldnclinic.ui.admin.formulary_view import FormularyView
from ldnclinic.ui.shell.main_window import MainWindow
from ldnclinic.ui.widgets import theme
from tests.services.rx_support import add_pharmacy
from tests.support.qt import screenshot, type_text
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs

CALCIUM = "Calcium carbonate is reported to reduce absorption; choose another filler."


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


@pytest.fixture
def view(qtbot: QtBot, ui: Ui, initialized: Services, admin: Actor) -> FormularyView:
    formulary = ui.show(FormularyView(initialized, admin))
    formulary.resize(1100, 560)
    qtbot.waitUntil(lambda: formulary.loaded)
    return formulary


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def row_of(view: FormularyView, code: str) -> list[str]:
    model = view.model
    for row, line in enumerate(model.rows()):
        if line.formula.code == code:
            return [model.index(row, c).data() for c in range(model.columnCount())]
    raise AssertionError(code)


def open_new(qtbot: QtBot, ui: Ui, view: FormularyView) -> FormulaDialog:
    click(qtbot, view.new_button)
    return ui.visible(FormulaDialog)


# --- the list -------------------------------------------------------------------------------


def test_the_formulary_lists_every_formula(view: FormularyView, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(view.model)
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Code", "Dosage form", "Strength", "Base", "Flavour", "Pharmacy", "Active"]
    assert [line.formula.code for line in model.rows()][:3] == ["CAP-0.5", "CAP-1", "CAP-1.5"]
    assert model.rowCount() == 9
    assert row_of(view, "CAP-1.5") == [
        "CAP-1.5",
        "Capsule",
        "1.5 mg per capsule",
        "microcrystalline cellulose (Avicel)",
        "",
        "Any",
        "Yes",
    ]
    assert row_of(view, "LIQ-1")[2] == "1 mg/mL"
    assert row_of(view, "LIQ-1")[4] == "unflavoured"
    assert unnamed_inputs(view) == []
    assert not view.edit_button.isEnabled()


def test_only_those_who_manage_the_formulary_see_the_tab(ui: Ui, initialized: Services, admin: Actor) -> None:
    page = ui.show(AdminView(initialized, admin))
    assert "Formulary" in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert isinstance(page.show_area("Formulary"), FormularyView)


# --- a new formula --------------------------------------------------------------------------


def test_a_forbidden_base_is_named_at_its_field_and_nothing_typed_is_lost(
    qtbot: QtBot, ui: Ui, view: FormularyView, initialized: Services, admin: Actor
) -> None:
    dialog = open_new(qtbot, ui, view)
    assert unnamed_inputs(dialog) == []
    form = dialog.form
    qtbot.keyClicks(form.line("code"), "cap-2")
    qtbot.keyClicks(form.line("strength_mg"), "2")
    assert form.values()["base"] == "microcrystalline cellulose (Avicel)"  # the usual filler
    form.line("base").clear()
    qtbot.keyClicks(form.line("base"), "calcium carbonate")
    assert form.message("base") == CALCIUM
    assert form.message("code") == ""
    click(qtbot, dialog.save_button)  # refused before the service is asked
    assert dialog.isVisible()
    assert form.values()["base"] == "calcium carbonate" and form.values()["code"] == "cap-2"
    assert "CAP-2" not in [f.code for f in initialized.formulary.list(include_inactive=True)]

    form.line("base").clear()
    type_text(form.line("base"), "microcrystalline cellulose (Avicel®)")
    assert form.message("base") == ""
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: view.selected() is not None and view.selected().code == "CAP-2")  # type: ignore[union-attr]
    assert view.status.text() == "Formula CAP-2 saved."
    assert row_of(view, "CAP-2")[:3] == ["CAP-2", "Capsule", "2 mg per capsule"]
    [logged] = initialized.audit.recent(admin, action=AuditAction.FORMULA_CREATED)
    assert logged.username == "admin"


def test_strength_and_flavour_are_checked_for_the_dosage_form(
    qtbot: QtBot, ui: Ui, view: FormularyView
) -> None:
    dialog = open_new(qtbot, ui, view)
    form = dialog.form
    assert dialog.strength.placeholderText() == "per capsule, e.g. 1.5"
    qtbot.keyClicks(form.line("strength_mg"), "abc")
    assert form.message("strength_mg") == "“abc” is not a dose in mg; type a number such as 1.5."
    form.line("strength_mg").clear()
    qtbot.keyClicks(form.line("strength_mg"), "45")
    assert form.message("strength_mg").startswith("45 mg per unit is not a low-dose formula")
    qtbot.keyClicks(form.line("flavour"), "cherry")
    assert form.message("flavour") == "A capsule has no flavour."
    dialog.dosage_form.setCurrentIndex(dialog.dosage_form.findData(DosageForm.ORAL_LIQUID.value))
    assert form.message("flavour") == ""
    assert dialog.strength.placeholderText() == "per mL, e.g. 1"


def test_a_code_already_taken_is_refused_by_the_service_at_its_field(
    qtbot: QtBot, ui: Ui, view: FormularyView, initialized: Services
) -> None:
    dialog = open_new(qtbot, ui, view)
    form = dialog.form
    form.set_values({"code": "cap-1.5", "strength_mg": "1.5"})
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: form.message("code") != "")
    assert form.message("code") == "The code CAP-1.5 is already in the formulary."
    assert dialog.isVisible() and form.values()["code"] == "cap-1.5"
    assert dialog.save_button.isEnabled()


# --- editing --------------------------------------------------------------------------------


def test_edit_a_formula_and_choose_its_pharmacy(
    qtbot: QtBot, ui: Ui, initialized: Services, admin: Actor, staff: Actor
) -> None:
    pharmacy_id = add_pharmacy(initialized, staff, "Balcones Compounding Pharmacy")
    formulary = ui.show(FormularyView(initialized, admin))
    qtbot.waitUntil(lambda: formulary.loaded)
    formulary.select("LIQ-1")
    click(qtbot, formulary.edit_button)
    dialog = ui.visible(FormulaDialog)
    assert dialog.windowTitle() == "Edit formula LIQ-1"
    values = dialog.form.values()
    assert (values["code"], values["strength_mg"], values["flavour"]) == ("LIQ-1", "1", "unflavoured")
    dialog.form.line("flavour").setText("cherry")
    pharmacy = dialog.form.editor("pharmacy_id")
    pharmacy.setCurrentIndex(pharmacy.findData(str(pharmacy_id)))  # type: ignore[union-attr]
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: row_of(formulary, "LIQ-1")[4] == "cherry")
    assert row_of(formulary, "LIQ-1")[5] == "Balcones Compounding Pharmacy"
    saved = initialized.formulary.by_code("LIQ-1")
    assert (saved.flavour, saved.pharmacy_id, saved.version) == ("cherry", pharmacy_id, 2)


def test_a_formula_made_inactive_stays_listed(
    qtbot: QtBot, ui: Ui, view: FormularyView, initialized: Services
) -> None:
    view.select("CAP-0.5")
    click(qtbot, view.edit_button)
    dialog = ui.visible(FormulaDialog)
    active = dialog.form.editor("active")
    active.setCurrentIndex(active.findData("no"))  # type: ignore[union-attr]
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: row_of(view, "CAP-0.5")[6] == "No")
    assert "CAP-0.5" not in [f.code for f in initialized.formulary.list()]


def test_someone_else_saved_first_both_versions_are_kept(
    qtbot: QtBot, ui: Ui, view: FormularyView, initialized: Services, admin: Actor
) -> None:
    view.select("CAP-1")
    click(qtbot, view.edit_button)
    dialog = ui.visible(FormulaDialog)
    theirs = initialized.formulary.by_code("CAP-1")
    mine = formula_input({**dialog.form.values(), "notes": "Their note for the pharmacy."})
    initialized.formulary.update(admin, theirs.id, mine, theirs.version)
    dialog.form.line("base").setText("microcrystalline cellulose")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(dialog.conflict.isVisible)
    assert dialog.conflict.message.text().startswith("Someone else changed this formula")
    assert dialog.form.other_text("notes") == "Saved by someone else: Their note for the pharmacy."
    assert dialog.form.values()["base"] == "microcrystalline cellulose"  # mine is kept
    assert not dialog.save_button.isEnabled()  # choose first
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog.conflict.mine_button)
    saved = initialized.formulary.by_code("CAP-1")
    assert (saved.base, saved.notes, saved.version) == ("microcrystalline cellulose", None, 3)


# --- how it looks ---------------------------------------------------------------------------


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_screenshots_of_the_formulary(qtbot: QtBot, ui: Ui, initialized: Services, admin: Actor) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app)
    try:
        window = ui.show(MainWindow(initialized, admin))
        window.resize(1366, 768)
        admin_page = window.show_page("admin")
        assert isinstance(admin_page, AdminView)
        formulary = admin_page.show_area("Formulary")
        assert isinstance(formulary, FormularyView)
        qtbot.waitUntil(lambda: formulary.loaded)
        formulary.select("CAP-1.5")
        screenshot(window, "formulary-tab")
        click(qtbot, formulary.new_button)
        dialog = ui.visible(FormulaDialog)
        qtbot.keyClicks(dialog.form.line("code"), "CAP-2")
        qtbot.keyClicks(dialog.form.line("strength_mg"), "2")
        dialog.form.line("base").clear()
        qtbot.keyClicks(dialog.form.line("base"), "calcium carbonate")
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: bool(dialog.form.message("base")))
        ui.settle()
        screenshot(dialog, "formula-dialog-field-error")
    finally:
        ui.close_all()
        theme.remove(app)
