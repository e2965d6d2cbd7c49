"""The prescription editor's start date, refill and one-page messages, beside their fields, and
the clinic's start-date window on the Admin → Follow-up rules tab (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QGridLayout, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.domain.prescriptions.start_window import RxStartLimits
from ldnclinic.domain.prescriptions.titration import TimeOfDay, parse_steps
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.admin.followup_rules_view import FollowupRulesView
from ldnclinic.ui.prescriptions.editor_dialog import DISCARD_KEY, PrescriptionEditor
from ldnclinic.ui.widgets import prompts, workers
from tests.services.rx_support import rx_input
from tests.support.qt import screenshot
from tests.ui.prescriptions.test_prescription_editor import (
    choose_formula,
    choose_plan,
    clean_patient,
    open_editor,
    settle,
)
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs

TODAY = date(2026, 11, 21)  # the FakeClock's date in Austin


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    prompts.answers[DISCARD_KEY] = True
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def grid_row(form: QWidget, widget: QWidget) -> int:
    layout = form.layout()
    assert isinstance(layout, QGridLayout)
    index = layout.indexOf(widget)
    assert index >= 0
    position: tuple[int, int, int, int] = layout.getItemPosition(index)  # type: ignore[assignment]
    return position[0]


def row_of(editor: PrescriptionEditor, field: QWidget) -> int:
    """The form's grid row holding `field` (or the row widget it sits in)."""
    widget: QWidget | None = field
    while widget is not None and widget.parentWidget() is not editor.form:
        widget = widget.parentWidget()
    assert widget is not None
    return grid_row(editor.form, widget)


def test_the_start_date_is_edited_and_its_window_shown_beside_it(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    assert unnamed_inputs(editor) == []
    assert editor.start_date.date().toPython() == TODAY
    assert editor.field_message("start_date") == ""
    message = editor.messages["start_date"]
    assert grid_row(editor.form, message) == row_of(editor, editor.start_date) + 1  # right under it
    editor.start_date.setDate(qdate(date(2062, 11, 21)))  # a slip of the keyboard
    settle(qtbot, editor)
    assert editor.field_message("start_date") == (
        "The start date 11/21/2062 is 13,149 days after today (11/21/2026); a prescription may start at "
        "most 90 days ahead, on 02/19/2027 or earlier."
    )
    assert message.isVisibleTo(editor)
    assert editor.preview.facts["start"].text() == "11/21/2062"
    screenshot(editor, "rx-editor-start-date-message")
    assert editor.save() is None  # refused, everything typed kept
    assert editor.start_date.date().toPython() == date(2062, 11, 21)
    assert "The start date 11/21/2062" in editor.field_message("start_date")
    editor.start_date.setDate(qdate(date.max))  # the calendar's last day: a message, never a crash
    settle(qtbot, editor)
    assert editor.field_message("start_date").startswith("The start date 12/31/9999 is ")
    assert "end of the calendar" in editor.preview.problems.text()
    editor.start_date.setDate(qdate(TODAY + timedelta(days=10)))
    settle(qtbot, editor)
    assert editor.field_message("start_date") == ""
    assert not message.isVisibleTo(editor)
    detail = editor.save()
    assert detail is not None
    assert detail.start_date == TODAY + timedelta(days=10)


def test_an_edit_keeps_its_start_date(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    patient = clean_patient(initialized, prescriber)
    draft = initialized.prescriptions.create_draft(
        prescriber, rx_input(initialized, patient.id, start_date=TODAY + timedelta(days=5))
    )
    editor = open_editor(qtbot, initialized, prescriber, patient, draft)
    assert editor.start_date.date().toPython() == TODAY + timedelta(days=5)
    assert not editor.has_changes()
    editor.start_date.setDate(qdate(TODAY + timedelta(days=6)))
    assert editor.has_changes()


def test_refills_past_the_texas_year_are_shown_beside_the_refills(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    choose_formula(editor, initialized, "CAP-4.5")
    choose_plan(editor, "MAINT-4.5")
    editor.supply_days.setValue(90)
    editor.refills.setValue(4)
    settle(qtbot, editor)
    text = editor.field_message("refills")
    assert "(22 TAC 291.34)" in text
    assert text.endswith("At most 3 refills fit (360 days).")
    message = editor.messages["refills"]
    assert grid_row(editor.form, message) == row_of(editor, editor.refills) + 1
    screenshot(editor, "rx-editor-refills-message")
    editor.refills.setValue(3)
    settle(qtbot, editor)
    assert editor.field_message("refills") == ""


def test_the_preview_says_what_one_refill_of_a_titration_is(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    choose_formula(editor, initialized, "CAP-1.5")
    choose_plan(editor, "STD-1.5-14")
    settle(qtbot, editor)
    pane = editor.preview
    assert not pane.facts["refill"].isVisibleTo(pane)  # no refills, no line
    editor.refills.setValue(2)
    settle(qtbot, editor)
    assert pane.facts["refill"].isVisibleTo(pane)
    assert pane.facts["refill"].text() == "48 capsules, 16 days at 4.5 mg a day"
    assert "refill: 48 capsules, 16 days at 4.5 mg a day" in pane.text()
    choose_formula(editor, initialized, "CAP-4.5")
    choose_plan(editor, "MAINT-4.5")  # a fixed dose: a refill is the first fill again
    settle(qtbot, editor)
    assert not pane.facts["refill"].isVisibleTo(pane)


def test_a_note_too_long_for_one_page_is_shown_beside_the_note(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    choose_formula(editor, initialized, "LIQ-1")
    steps = ",".join(f"{(1 + (i * 7) % 45) / 10:g}:7" for i in range(23)) + ",2.7"
    mixed = tuple(
        dataclasses.replace(step, time_of_day=TimeOfDay.MORNING if i % 2 else TimeOfDay.BEDTIME)
        for i, step in enumerate(parse_steps(steps))
    )
    editor.builder.set_steps(mixed)
    editor.diagnosis.setEditText(
        ("Fibromyalgia with chronic widespread pain and fatigue (M79.7); " * 6)[:300]
    )
    editor.note.setPlainText(("Please compound without calcium carbonate; dye-free. " * 20)[:1000])
    settle(qtbot, editor)
    text = editor.field_message("pharmacist_note")
    assert text.startswith("This prescription would not fit on one printed page")
    assert "shorten the note to the pharmacist to about" in text
    screenshot(editor, "rx-editor-one-page-message")


def test_the_clinic_sets_the_start_date_window_on_the_rules_tab(
    qtbot: QtBot, initialized: Services, admin: Actor
) -> None:
    with ui_session(qtbot) as ui:
        view = show_rules(ui, initialized, admin)
        form = view.form
        assert form.values()["rx_start_days_past"] == "30"
        assert form.values()["rx_start_days_ahead"] == "90"
        form.line("rx_start_days_past").clear()
        qtbot.keyClicks(form.line("rx_start_days_past"), "400")
        assert form.message("rx_start_days_past") == (
            "The days a start date may be in the past must be a whole number from 0 to 180."
        )
        form.line("rx_start_days_ahead").clear()
        qtbot.keyClicks(form.line("rx_start_days_ahead"), "two")
        assert form.message("rx_start_days_ahead") == "Enter a whole number, such as 21."
        view.save_button.click()
        assert view.status.text() == "Please correct the fields marked in red."
        form.line("rx_start_days_past").clear()
        qtbot.keyClicks(form.line("rx_start_days_past"), "60")
        form.line("rx_start_days_ahead").clear()
        qtbot.keyClicks(form.line("rx_start_days_ahead"), "14")
        view.save_button.click()
        qtbot.waitUntil(lambda: view.status.text().startswith("Saved."))
        assert initialized.followup_settings.get().start_limits == RxStartLimits(60, 14)
        screenshot(view.window(), "admin-rules-start-dates")


def show_rules(ui: Ui, services: Services, admin: Actor) -> FollowupRulesView:
    view = ui.show(FollowupRulesView(services, admin))
    assert unnamed_inputs(view) == []
    return view
