"""Screenshots of every patient screen (saved to screenshots/ for people to look at).

Nothing is asserted about pixels; each test only checks that the screen shows what the
picture is meant to show, so a screenshot never silently depicts the wrong state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import ConsentKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import ConditionInput, MedicationInput
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.patients.form.list_rows import MedicationRow
from ldnclinic.ui.widgets import prompts, workers
from tests.support.qt import screenshot, type_text
from tests.ui.patient_support import (
    add_many,
    add_norco_patient,
    add_patient,
    add_pharmacy,
    loaded_view,
    search,
)

SIZE = (1366, 768)


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    """A dark palette, as a desktop in dark mode gives the app."""
    before = qapp.palette()
    palette = QPalette()
    role = QPalette.ColorRole
    for which, colour in (
        (role.Window, "#202124"),
        (role.WindowText, "#e8eaed"),
        (role.Base, "#2b2c30"),
        (role.AlternateBase, "#323338"),
        (role.Text, "#e8eaed"),
        (role.Button, "#303134"),
        (role.ButtonText, "#e8eaed"),
        (role.Highlight, "#8ab4f8"),
        (role.HighlightedText, "#202124"),
        (role.ToolTipBase, "#303134"),
        (role.ToolTipText, "#e8eaed"),
        (role.PlaceholderText, "#9aa0a6"),
        (role.Mid, "#5f6368"),
        (role.Dark, "#17181a"),
        (role.Light, "#3c4043"),
    ):
        palette.setColor(which, QColor(colour))
    qapp.setPalette(palette)
    yield
    qapp.setPalette(before)


@pytest.fixture
def clinic(services: Services, staff: Actor) -> Services:
    pharmacy = add_pharmacy(services, staff)
    add_norco_patient(services, staff)
    add_patient(
        services,
        staff,
        "Siobhán",
        "O'Brien",
        "1988-12-24",
        state="TX",
        city="Dallas",
        street="12 Elm St",
        zip="75201",
        status="active",
        preferred_pharmacy_id=pharmacy.id,
    )
    add_patient(
        services,
        staff,
        "Hằng",
        "Nguyễn",
        "5/17/1990",
        middle_name="Thị",
        city="Houston",
        state="TX",
        street="9 Bellaire Blvd",
        zip="77036",
        preferred_language="vi",
    )
    add_patient(services, staff, "Ana", "Peñaloza", "2/1/1979", status="paused")
    add_many(services, staff, 140)
    return services


def shot(widget: QWidget, name: str) -> Path:
    """Let pending layout requests run, so the picture shows the settled screen."""
    QApplication.processEvents()
    return screenshot(widget, name)


def rich_chart(qtbot: QtBot, services: Services, staff: Actor) -> ChartWindow:
    view = loaded_view(qtbot, services, staff)
    search(qtbot, view, "pena jose")
    chart = view.open_row(0)
    assert chart is not None
    chart.start_editing()
    form = chart.form
    form.consents.dates[ConsentKind.TELEMEDICINE].set_text("11/2/2026")
    form.emergency.name.set_text("Ana Peña")
    form.emergency.relationship.set_text("Wife")
    form.emergency.phone.set_text("(505) 555-0143")
    typed = form.save()
    form.clinical.load(
        dataclasses.replace(
            typed,
            conditions=(
                ConditionInput("Fibromyalgia"),
                ConditionInput("Long COVID (post COVID-19 condition)"),
            ),
            medications=(
                *typed.medications,
                MedicationInput("Kratom", "2 g daily"),
                MedicationInput("Vivitrol", "380 mg monthly"),
            ),
        )
    )
    chart.save()
    assert not chart.editing
    chart.resize(*SIZE)
    return chart


def test_patient_list(qtbot: QtBot, clinic: Services, staff: Actor) -> None:
    view = loaded_view(qtbot, clinic, staff)
    view.resize(*SIZE)
    assert view.model.rowCount() == 100
    shot(view, "patients-list")
    search(qtbot, view, "pena")
    shot(view, "patients-search-pena")
    search(qtbot, view, "zzyzx")
    assert view.stack.currentWidget() is view.empty
    shot(view, "patients-search-empty")


def test_chart_tabs(qtbot: QtBot, clinic: Services, staff: Actor) -> None:
    chart = rich_chart(qtbot, clinic, staff)
    assert chart.header.opioids.text().startswith("OPIOID: Norco")
    assert "ANTAGONIST: Vivitrol 380 mg monthly — naltrexone at a full dose" in chart.header.opioids.text()
    for index in range(chart.tabs.count()):
        chart.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)  # a tab that loads on a worker
        name = chart.tabs.tabText(index).lower().replace("&&", "and").replace(" ", "-")
        shot(chart, f"chart-tab-{name}")
    chart.tabs.setCurrentIndex(1)
    chart.start_editing()
    row = chart.form.clinical.medications.add_row()
    assert isinstance(row, MedicationRow)
    type_text(row.name, "Percocet")
    second = chart.form.clinical.medications.add_row()
    assert isinstance(second, MedicationRow)
    type_text(second.name, "Naltrexone")
    type_text(second.dose, "50 mg")
    assert second.opioid_text is not None and "50 mg is not a low dose" in second.opioid_text
    shot(chart, "chart-clinical-editing")


def test_new_patient_form_with_messages(qtbot: QtBot, clinic: Services, staff: Actor) -> None:
    view = loaded_view(qtbot, clinic, staff)
    dialog = view.new_patient()
    assert dialog is not None
    dialog.resize(1100, 700)
    identity = dialog.form.identity
    type_text(identity.first_name.edit, "Robert'); DROP TABLE patients;--")
    type_text(identity.last_name.edit, "O'Brien")
    type_text(identity.date_of_birth.edit, "2/30/1990")
    type_text(dialog.form.address.state.edit, "Oklahoma")
    type_text(dialog.form.contact.phones[next(iter(dialog.form.contact.phones))].edit, "555")
    clinical = dialog.form.clinical
    clinical.conditions.add_button.click()
    clinical.medications.add_button.click()
    row = clinical.medication_rows()[-1]
    type_text(row.dose, "Tramadol 50 mg at night")
    assert dialog.save() is None
    shot(dialog, "new-patient-validation")
    dialog.tabs.setCurrentWidget(dialog.form.clinical_page)
    shot(dialog, "new-patient-clinical")


def test_duplicate_display(qtbot: QtBot, clinic: Services, staff: Actor) -> None:
    view = loaded_view(qtbot, clinic, staff)
    dialog = view.new_patient()
    assert dialog is not None
    dialog.resize(1100, 700)
    identity = dialog.form.identity
    type_text(identity.first_name.edit, "Jose")
    type_text(identity.last_name.edit, "Pena")
    type_text(identity.date_of_birth.edit, "03/02/1961")
    identity.sex.combo.setCurrentIndex(1)
    prompts.answers["duplicate_patient"] = False
    assert dialog.save() is None
    assert dialog.duplicates.isVisible()
    shot(dialog, "new-patient-duplicate")


def test_conflict_display(qtbot: QtBot, clinic: Services, staff: Actor, prescriber: Actor) -> None:
    chart = rich_chart(qtbot, clinic, staff)
    theirs = dataclasses.replace(chart.detail.to_input(), preferred_name="Joe", city="Santa Fe", zip="87501")
    clinic.patients.update(prescriber, chart.detail.id, theirs, chart.detail.version)
    chart.start_editing()
    chart.form.identity.preferred_name.set_text("Pepito")
    chart.form.address.street.set_text("2300 Central Ave SE")
    assert chart.save() is None
    assert chart.conflict.isVisible()
    shot(chart, "chart-conflict")


def test_dark_palette(qtbot: QtBot, clinic: Services, staff: Actor, dark: None) -> None:
    view = loaded_view(qtbot, clinic, staff)
    view.resize(*SIZE)
    shot(view, "dark-patients-list")
    chart = rich_chart(qtbot, clinic, staff)
    shot(chart, "dark-chart-demographics")
    chart.tabs.setCurrentIndex(1)
    shot(chart, "dark-chart-clinical")
