"""The prescription editor at the keyboard and mouse: Enter inside the plan moves between its
cells and never saves or closes; a click takes a cell's whole value; closing with changes asks
Save / Discard / Keep editing, and nothing typed is lost (real widgets, SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.prescriptions.editor_dialog import CANCEL, DISCARD, DISCARD_KEY, SAVE, PrescriptionEditor
from ldnclinic.ui.widgets import prompts, workers
from tests.support.qt import type_text
from tests.ui.prescriptions.test_prescription_editor import clean_patient, open_editor, settle


@pytest.fixture(autouse=True)
def _settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """A question left unanswered fails loudly (no real dialog); no worker outlives the test."""
    yield
    prompts.answers[DISCARD_KEY] = DISCARD  # closing at the end of the test
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def new_editor(qtbot: QtBot, services: Services, actor: Actor) -> PrescriptionEditor:
    return open_editor(qtbot, services, actor, clean_patient(services, actor))


def nothing_saved(services: Services, actor: Actor, editor: PrescriptionEditor) -> bool:
    return services.prescriptions.for_patient(actor, editor.patient.id) == []


# --- Enter in the plan table --------------------------------------------------------------------


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_moves_through_the_cells_and_never_saves(
    qtbot: QtBot, initialized: Services, prescriber: Actor, key: Qt.Key
) -> None:
    editor = new_editor(qtbot, initialized, prescriber)
    builder = editor.builder
    assert editor.save_button.isDefault()  # Enter elsewhere still saves: not from the table
    saves: list[object] = []
    editor.saved.connect(saves.append)
    builder.dose_edit(0).setFocus()
    path = [builder.days_edit(0), builder.time_combo(0), builder.dose_edit(1), builder.days_edit(1)]
    for expected in path:
        qtbot.keyClick(focused(), key)
        assert focused() is expected
        assert editor.isVisible()
    assert builder.days_edit(1).selectedText() == "14"  # entered with its value selected
    qtbot.keyClicks(builder.days_edit(1), "21")  # typing replaces it
    qtbot.keyClick(builder.days_edit(1), key)
    assert focused() is builder.time_combo(1)
    qtbot.keyClick(builder.time_combo(1), key)
    qtbot.keyClick(builder.dose_edit(2), key)
    qtbot.keyClick(builder.days_edit(2), key)
    assert focused() is builder.time_combo(2)
    qtbot.keyClick(builder.time_combo(2), key)  # the very last cell: back to the first
    assert focused() is builder.dose_edit(0)
    settle(qtbot, editor)
    assert editor.isVisible() and saves == []
    assert nothing_saved(initialized, prescriber, editor)
    assert builder.cells()[1] == ("3", "21", "bedtime")
    assert editor.has_changes()


def test_enter_on_the_table_itself_goes_into_a_cell(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = new_editor(qtbot, initialized, prescriber)
    builder = editor.builder
    builder.select_step(1)
    QTest.keyClick(builder.table.viewport(), Qt.Key.Key_Return)
    assert focused() is builder.dose_edit(1)
    builder.table.setFocus()
    QTest.keyClick(builder.table, Qt.Key.Key_Enter)
    assert isinstance(focused(), QWidget) and builder.cell_at(focused()) is not None
    assert editor.isVisible()
    assert nothing_saved(initialized, prescriber, editor)


def test_a_click_into_a_cell_selects_its_value_so_typing_replaces_it(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = new_editor(qtbot, initialized, prescriber)
    builder = editor.builder
    qtbot.mouseClick(builder.days_edit(0), Qt.MouseButton.LeftButton)
    assert focused() is builder.days_edit(0)
    assert builder.days_edit(0).selectedText() == "14"
    qtbot.keyClicks(builder.days_edit(0), "10")
    assert builder.days_edit(0).text() == "10"
    # A second click into the cell being typed in places the cursor (no new selection).
    qtbot.mouseClick(builder.days_edit(0), Qt.MouseButton.LeftButton)
    assert builder.days_edit(0).selectedText() == ""
    # A click that lands on the table between the cells' widgets takes the cell's value too.
    table = builder.table
    center = table.visualRect(table.model().index(2, 0)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center)
    assert focused() is builder.dose_edit(2)
    assert builder.dose_edit(2).selectedText() == "4.5"
    type_text(builder.dose_edit(2), "3")
    assert builder.cells()[2][0] == "3"


# --- closing with changes -------------------------------------------------------------------------


def test_every_way_of_closing_asks_and_keep_editing_keeps_everything(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = new_editor(qtbot, initialized, prescriber)
    editor.refills.setValue(2)
    type_text(editor.note, "Dye-free, please")
    before = editor.form.snapshot()
    prompts.answers[DISCARD_KEY] = CANCEL
    closers = {
        "Esc": lambda: qtbot.keyClick(editor, Qt.Key.Key_Escape),
        "Esc in a cell": lambda: qtbot.keyClick(editor.builder.days_edit(0), Qt.Key.Key_Escape),
        "the window's X": editor.close,
        "Cancel": editor.cancel_button.click,
    }
    for name, close in closers.items():
        count = len(prompts.shown)
        close()
        assert prompts.shown[count:] and prompts.shown[-1][0] == DISCARD_KEY, name
        assert editor.isVisible(), name
        assert editor.form.snapshot() == before, name
    assert "not saved" in prompts.shown[-1][1]
    assert nothing_saved(initialized, prescriber, editor)
    prompts.answers[DISCARD_KEY] = DISCARD
    editor.close()
    assert not editor.isVisible()
    assert nothing_saved(initialized, prescriber, editor)


def test_closing_without_changes_does_not_ask(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    editor = new_editor(qtbot, initialized, prescriber)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert prompts.shown == []


def test_save_from_the_question_saves_and_a_refused_save_stays_open_with_everything(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = new_editor(qtbot, initialized, prescriber)
    editor.note.setPlainText("x" * 1001)  # too long: the service refuses the save
    editor.refills.setValue(1)
    prompts.answers[DISCARD_KEY] = SAVE
    editor.cancel_button.click()
    assert editor.isVisible()
    assert editor.field_message("pharmacist_note") == "Keep the note to the pharmacist to 1,000 characters."
    assert (len(editor.note.toPlainText()), editor.refills.value()) == (1001, 1)
    assert nothing_saved(initialized, prescriber, editor)
    editor.note.setPlainText("Dye-free capsules, please.")
    with qtbot.waitSignal(editor.saved, timeout=5000) as signal:
        editor.close()  # the window's X, answered Save
    assert not editor.isVisible()
    assert signal.args[0].refills == 1
    assert [rx.id for rx in initialized.prescriptions.for_patient(prescriber, editor.patient.id)] == [
        signal.args[0].id
    ]
