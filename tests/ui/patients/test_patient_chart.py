"""The chart window: header badges, tabs built from specs, audited opening, edit mode."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction, PhoneKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import AllergyInput, PatientDetail
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.patients.form.list_rows import MedicationRow
from ldnclinic.ui.widgets import chart_tabs, prompts
from ldnclinic.ui.widgets.chart_tabs import ChartTabContext, ChartTabSpec
from ldnclinic.ui.widgets.tones import Tone
from tests.support.qt import type_text
from tests.ui.patient_support import add_norco_patient, add_patient, loaded_view


def open_chart(qtbot: QtBot, services: Services, actor: Actor, detail: PatientDetail) -> ChartWindow:
    chart = ChartWindow(services, actor, detail)
    qtbot.addWidget(chart, before_close_func=lambda widget: chart.discard_edits())
    chart.show()
    return chart


def test_header_shows_who_and_the_badges_nobody_may_miss(
    qtbot: QtBot, services: Services, staff: Actor
) -> None:
    chart = open_chart(qtbot, services, staff, add_norco_patient(services, staff))
    header = chart.header
    assert header.name.text() == "Peña, José Luis"
    assert header.preferred.text() == "prefers “Pepe”"
    assert header.facts.text().startswith("DOB 03/02/1961 · Age 65 y · MRN ")
    assert "Male · Language: Spanish (Español)" in header.facts.text()
    assert header.status.text() == "Active"
    assert header.opioids.isVisible()
    assert header.opioids.property("tone") == Tone.DANGER
    assert header.opioids.text() == (
        "OPIOID: Norco 5/325 mg every 6 hours as needed — contains hydrocodone (opioid agonist)"
    )  # the stopped tramadol is not an active opioid
    assert header.allergies.text() == "Allergies: Penicillin (hives); Sulfa drugs (rash)"
    assert header.allergies.property("tone") == Tone.ALERT
    assert header.out_of_texas.isVisible()
    assert "outside Texas" in header.out_of_texas.text()
    assert chart.windowTitle().startswith("Peña, José Luis · MRN ")


def test_allergy_badge_says_none_known_or_not_recorded(
    qtbot: QtBot, services: Services, staff: Actor
) -> None:
    nka = add_patient(
        services,
        staff,
        "Ana",
        "Smith",
        "1/2/1970",
        no_known_allergies=True,
        state="TX",
        street="1 Main St",
        city="Austin",
        zip="78701",
    )
    unknown = add_patient(services, staff, "Bo", "Smith", "1/2/1971")
    first = open_chart(qtbot, services, staff, nka)
    assert first.header.allergies.text() == "No known allergies"
    assert first.header.allergies.property("tone") == Tone.CALM
    assert not first.header.opioids.isVisible()
    assert not first.header.out_of_texas.isVisible()  # a Texas address
    second = open_chart(qtbot, services, staff, unknown)
    assert second.header.allergies.text() == "Allergies not recorded"
    assert second.header.allergies.property("tone") == Tone.WARNING
    assert not second.header.out_of_texas.isVisible()  # no address at all: nothing to warn about


def test_opening_from_the_list_fetches_and_audits_the_view(
    qtbot: QtBot, services: Services, staff: Actor, admin: Actor
) -> None:
    detail = add_norco_patient(services, staff)
    view = loaded_view(qtbot, services, staff)
    chart = view.open_chart(detail.id)
    assert chart is not None
    assert chart.detail == detail
    views = services.audit.recent(admin, action=AuditAction.PATIENT_VIEWED)
    assert [(v.username, v.record_id) for v in views] == [("maria", str(detail.id))]
    assert view.open_chart(detail.id) is chart  # one window per patient
    chart.close()
    qtbot.waitUntil(lambda: view.charts.window_for(detail.id) is None)
    again = view.open_chart(detail.id)
    assert again is not None
    assert again is not chart


def test_tabs_come_from_specs_so_later_features_add_their_own(
    qtbot: QtBot, services: Services, staff: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    class NotesTab(QLabel):
        def show_detail(self, detail: PatientDetail) -> None:
            shown.append(detail.mrn)
            self.setText(f"Notes for {detail.display_name}")

    def notes(context: ChartTabContext) -> QWidget:
        assert context.actor == staff
        return NotesTab()

    spec = ChartTabSpec("notes", "Notes", notes, order=15)
    monkeypatch.setitem(chart_tabs._REGISTRY, "notes", spec)
    detail = add_norco_patient(services, staff)
    chart = open_chart(qtbot, services, staff, detail)
    assert [chart.tabs.tabText(i) for i in range(chart.tabs.count())] == [
        "Demographics",
        "Notes",
        "Clinical",
        "Prescriptions",
        "Visits && follow-ups",
        "Documents",
    ]
    assert shown == [detail.mrn]
    chart.reload()
    assert shown == [detail.mrn, detail.mrn]
    only_clinical = ChartWindow(services, staff, detail, tab_specs=[chart_tabs.CLINICAL_TAB])
    qtbot.addWidget(only_clinical)
    assert only_clinical.tabs.count() == 1


def test_staff_edit_and_save_from_the_chart(
    qtbot: QtBot, services: Services, staff: Actor, admin: Actor
) -> None:
    detail = add_norco_patient(services, staff)
    chart = open_chart(qtbot, services, staff, detail)
    assert chart.edit_button.isVisible()
    assert chart.form.identity.first_name.edit.isReadOnly()
    chart.start_editing()
    assert not chart.form.identity.first_name.edit.isReadOnly()
    assert chart.save_button.isVisible()
    phones = chart.form.contact.phones
    phones[PhoneKind.HOME].edit.clear()
    type_text(phones[PhoneKind.HOME].edit, "505.555.0177")
    address = chart.form.address
    address.state.edit.clear()
    type_text(address.state.edit, "Texas")
    address.city.set_text("El Paso")
    address.zip.set_text("79901")
    with qtbot.waitSignal(chart.saved) as saved:
        chart.save_button.click()
    after: PatientDetail = saved.args[0]
    assert after.version == detail.version + 1
    assert after.phone(PhoneKind.HOME) == "(505) 555-0177"
    assert after.state == "TX"
    assert not chart.editing
    assert not chart.header.out_of_texas.isVisible()
    assert chart.banner.text() == "Saved."
    assert phones[PhoneKind.HOME].text() == "(505) 555-0177"  # shown as stored
    updates = services.audit.recent(admin, action=AuditAction.PATIENT_UPDATED)
    assert updates[0].username == "maria"


def test_prescribers_edit_too_and_others_never_see_edit(
    qtbot: QtBot, services: Services, staff: Actor, prescriber: Actor
) -> None:
    detail = add_norco_patient(services, staff)
    chart = open_chart(qtbot, services, prescriber, detail)
    assert chart.can_edit
    assert chart.edit_button.isVisible()
    no_roles = dataclasses.replace(staff, roles=frozenset())
    reader = open_chart(qtbot, services, no_roles, detail)
    assert not reader.edit_button.isVisible()
    reader.start_editing()
    assert not reader.editing
    assert "cannot change" in reader.mode_hint.text()


def test_opioid_flag_appears_while_typing_a_medication(
    qtbot: QtBot, services: Services, staff: Actor
) -> None:
    chart = open_chart(qtbot, services, staff, add_patient(services, staff, "Ana", "Lee", "1/2/1970"))
    chart.start_editing()
    chart.tabs.setCurrentWidget(chart.form.clinical_page)
    chart.form.clinical.medications.add_button.click()
    row = chart.form.clinical.medication_rows()[-1]
    assert isinstance(row, MedicationRow)
    type_text(row.name, "Tylenol")
    assert row.opioid_text is None
    type_text(row.name, " No. 3")
    assert row.opioid_text == "tylenol #3: contains codeine (opioid agonist)"
    assert row.flag.property("tone") == Tone.DANGER
    row.active.setChecked(False)
    assert row.flag.property("tone") == Tone.INFO
    assert "not taking" in row.flag.text()
    row.name.clear()
    type_text(row.name, "Levothyroxine")
    assert row.opioid_text is None
    type_text(row.dose, "with Percocet 5/325 as needed")
    assert row.opioid_text == "percocet: contains oxycodone (opioid agonist)"


def test_cancel_asks_before_dropping_edits(qtbot: QtBot, services: Services, staff: Actor) -> None:
    chart = open_chart(qtbot, services, staff, add_norco_patient(services, staff))
    chart.start_editing()
    type_text(chart.form.identity.preferred_name.edit, "ito")
    prompts.answers["discard_patient_edits"] = False
    assert not chart.cancel_editing()
    assert chart.editing
    assert chart.form.identity.preferred_name.text() == "Pepeito"
    chart.close()
    assert chart.isVisible()  # closing asked too, and was refused
    prompts.answers["discard_patient_edits"] = True
    assert chart.cancel_editing()
    assert not chart.editing
    assert chart.form.identity.preferred_name.text() == "Pepe"


def test_allergy_list_added_in_the_chart_updates_the_badge(
    qtbot: QtBot, services: Services, staff: Actor
) -> None:
    detail = add_patient(services, staff, "Ana", "Lee", "1/2/1970")
    chart = open_chart(qtbot, services, staff, detail)
    chart.start_editing()
    chart.form.clinical.load(
        dataclasses.replace(chart.form.save(), allergies=(AllergyInput("Latex", "rash"),))
    )
    assert chart.save() is not None
    assert chart.header.allergies.text() == "Allergies: Latex (rash)"


def test_keyboard_edit_and_escape(qtbot: QtBot, services: Services, staff: Actor) -> None:
    chart = open_chart(qtbot, services, staff, add_patient(services, staff, "Ana", "Lee", "1/2/1970"))
    chart.activateWindow()
    qtbot.waitUntil(chart.isActiveWindow)
    qtbot.keyClick(chart, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert chart.editing
    assert chart.form.identity.first_name.edit.hasFocus()
    qtbot.keyClick(chart.form.identity.first_name.edit, Qt.Key.Key_Escape)
    assert not chart.editing  # nothing was changed, so nothing to ask about
