"""Registering a patient through the form: Unicode names, hostile input, the duplicate guard.

Every refusal leaves what was typed exactly as typed, with the message beside its field.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction, ConsentKind, Language, PhoneKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail, PatientInput
from ldnclinic.ui.patients.form.list_rows import AllergyRow, ConditionRow, MedicationRow
from ldnclinic.ui.patients.new_patient_dialog import NewPatientDialog
from ldnclinic.ui.patients.patients_view import PatientsView
from ldnclinic.ui.widgets import prompts
from tests.support.qt import type_text
from tests.ui.patient_support import add_norco_patient, add_pharmacy, loaded_view

SQL_NAME = "Robert'); DROP TABLE patients;--"


def new_dialog(qtbot: QtBot, services: Services, actor: Actor) -> tuple[PatientsView, NewPatientDialog]:
    view = loaded_view(qtbot, services, actor)
    dialog = view.new_patient()
    assert dialog is not None
    return view, dialog


def fill_required(dialog: NewPatientDialog, first: str, last: str, born: str) -> None:
    identity = dialog.form.identity
    type_text(identity.first_name.edit, first)
    type_text(identity.last_name.edit, last)
    type_text(identity.date_of_birth.edit, born)
    identity.sex.combo.setCurrentIndex(identity.sex.combo.findData("female"))


@pytest.mark.parametrize(
    ("first", "middle", "last"),
    [
        ("Hằng", "Thị", "Nguyễn"),
        ("Siobhán", "", "O'Brien"),
        ("José", "Luis", "Peña"),
        ("Zoë", "", "Ødegård-Núñez"),
    ],
)
def test_unicode_and_apostrophe_names_are_stored_as_typed(
    qtbot: QtBot, services: Services, staff: Actor, first: str, middle: str, last: str
) -> None:
    view, dialog = new_dialog(qtbot, services, staff)
    fill_required(dialog, first, last, "5/17/1990")
    type_text(dialog.form.identity.middle_name.edit, middle)
    assert dialog.form.problems() == {}
    with qtbot.waitSignal(dialog.created) as created:
        dialog.save_button.click()
    detail: PatientDetail = created.args[0]
    assert (detail.first_name, detail.middle_name or "", detail.last_name) == (first, middle, last)
    assert not dialog.isVisible()
    chart = view.charts.window_for(detail.id)
    assert chart is not None  # the new chart opens at once
    assert chart.header.name.text() == detail.display_name
    assert [view.model.summary_at(r).id for r in range(view.model.rowCount())] == [detail.id]


def test_a_complete_registration(qtbot: QtBot, services: Services, staff: Actor) -> None:
    pharmacy = add_pharmacy(services, staff)
    _view, dialog = new_dialog(qtbot, services, staff)
    form = dialog.form
    fill_required(dialog, "Hằng", "Nguyễn", "1990-05-17")
    assert form.identity.date_of_birth.message.text() == "May 17, 1990 · age 36"
    form.identity.preferred_language.combo.setCurrentIndex(
        form.identity.preferred_language.combo.findData("vi")
    )
    for field, text in (
        (form.address.street, "9 Bellaire Blvd, Apt 2"),
        (form.address.city, "Houston"),
        (form.address.state, "tx"),
        (form.address.zip, "77036"),
        (form.contact.phones[PhoneKind.MOBILE], "713 555 0188"),
        (form.contact.email, "hang@example.com"),
        (form.emergency.name, "Trần Văn Minh"),
        (form.emergency.relationship, "husband"),
        (form.emergency.phone, "(713) 555-0189"),
    ):
        type_text(field.edit, text)
    form.pharmacy.pharmacy.combo.setCurrentIndex(form.pharmacy.pharmacy.combo.findData(pharmacy.id))
    form.consents.today_buttons[ConsentKind.TELEMEDICINE].click()
    assert form.consents.dates[ConsentKind.TELEMEDICINE].text() == "11/21/2026"
    form.clinical.conditions.add_button.click()
    condition = form.clinical.conditions.rows[-1]
    assert isinstance(condition, ConditionRow)
    line = condition.label.lineEdit()
    assert line is not None
    type_text(line, "Fibromyalgia")
    assert condition.icd10.text() == "M79.7"  # filled from the pick-list
    form.clinical.allergies.add_button.click()
    allergy = form.clinical.allergies.rows[-1]
    assert isinstance(allergy, AllergyRow)
    type_text(allergy.substance, "Penicillin")
    form.clinical.medications.add_button.click()
    medication = form.clinical.medications.rows[-1]
    assert isinstance(medication, MedicationRow)
    type_text(medication.name, "Norco")
    assert medication.opioid_text == "norco: contains hydrocodone (opioid agonist)"
    with qtbot.waitSignal(dialog.created) as created:
        assert dialog.save() is not None
    detail: PatientDetail = created.args[0]
    assert detail.preferred_language is Language.VIETNAMESE
    assert detail.state == "TX"
    assert detail.out_of_texas_warning is None
    assert detail.phone(PhoneKind.MOBILE) == "(713) 555-0188"
    assert detail.pharmacy == pharmacy
    assert detail.consent_date(ConsentKind.TELEMEDICINE) is not None
    assert [(c.label, c.icd10) for c in detail.conditions] == [("Fibromyalgia", "M79.7")]
    assert [m.name for m in detail.opioids] == ["Norco"]


def test_sql_looking_name_gets_a_message_and_nothing_is_lost(
    qtbot: QtBot, services: Services, staff: Actor
) -> None:
    view, dialog = new_dialog(qtbot, services, staff)
    fill_required(dialog, SQL_NAME, "O'Brien", "3/2/1961")
    first = dialog.form.identity.first_name
    assert first.problem == "Names can hold letters, spaces, apostrophes, hyphens and periods."  # as typed
    typed_before = dialog.form.save()
    assert dialog.save() is None
    assert dialog.isVisible()
    assert dialog.form.save() == typed_before
    assert first.text() == SQL_NAME
    assert dialog.banner.text() == "Not saved: please correct the 1 field marked in red (Demographics)."
    assert services.patients.search(staff, "") == []  # nothing stored, the table is still there
    view.run_search()
    assert view.stack.currentWidget() is view.empty


def test_absurd_input_gets_messages_beside_each_field(qtbot: QtBot, services: Services, staff: Actor) -> None:
    _view, dialog = new_dialog(qtbot, services, staff)
    form = dialog.form
    huge = "A" * 5000
    fill_required(dialog, huge, "Smith", "2/30/1990")
    type_text(form.address.street.edit, "x" * 5000)
    type_text(form.address.city.edit, "Austin")
    type_text(form.address.state.edit, "Narnia")
    type_text(form.address.zip.edit, "7870")
    type_text(form.contact.phones[PhoneKind.MOBILE].edit, "999999999999999999999")
    type_text(form.contact.phones[PhoneKind.WORK].edit, "call me maybe")
    type_text(form.contact.email.edit, "not-an-email@")
    type_text(form.consents.dates[ConsentKind.PRIVACY_NOTICE].edit, "12/25/2026")
    typed = form.save()
    assert dialog.save() is None
    problems = form.problems()
    assert problems["first_name"] == "At most 100 characters, please."
    assert problems["date_of_birth"] == "“2/30/1990” is not a real calendar date."
    assert problems["street"] == "At most 200 characters, please."
    assert problems["state"] == "Use a US state's two-letter code, such as TX."
    assert problems["zip"].startswith("A ZIP code is 5 digits")
    assert "phone number" in problems["phone_mobile"]
    assert "phone number" in problems["phone_work"]
    assert problems["email"].startswith("This e-mail address is not valid")
    assert problems["consent_privacy_notice_ack"] == "A consent cannot be dated in the future."
    assert form.save() == typed  # every keystroke kept
    assert len(form.identity.first_name.text()) == 5000


def test_future_birth_date_is_refused(qtbot: QtBot, services: Services, staff: Actor) -> None:
    _view, dialog = new_dialog(qtbot, services, staff)
    fill_required(dialog, "Ana", "Lee", "1/1/2030")
    qtbot.waitUntil(lambda: dialog.form.identity.date_of_birth.problem is not None)
    assert dialog.form.identity.date_of_birth.problem == "The date of birth is in the future."
    assert dialog.save() is None
    assert dialog.form.identity.date_of_birth.text() == "1/1/2030"


def test_messages_come_as_you_type_and_go_when_fixed(qtbot: QtBot, services: Services, staff: Actor) -> None:
    _view, dialog = new_dialog(qtbot, services, staff)
    born = dialog.form.identity.date_of_birth
    type_text(born.edit, "13/45/19")
    qtbot.waitUntil(lambda: born.problem is not None)  # after a short pause, not mid-keystroke
    assert "not a real calendar date" in str(born.problem)
    born.edit.clear()
    type_text(born.edit, "3/2/1961")
    assert born.problem is None
    assert born.message.text() == "March 2, 1961 · age 65"
    first = dialog.form.identity.first_name
    type_text(first.edit, "Ana2")
    assert first.problem is not None  # a digit in a name is wrong at once
    first.edit.backspace()
    assert first.problem is None


def test_out_of_texas_warning_shows_in_the_form(qtbot: QtBot, services: Services, staff: Actor) -> None:
    _view, dialog = new_dialog(qtbot, services, staff)
    state = dialog.form.address.state
    warning = dialog.form.address.warning
    type_text(state.edit, "Oklahoma")
    assert warning.isVisibleTo(dialog)
    assert "outside Texas" in warning.text()
    state.edit.clear()
    type_text(state.edit, "TX")
    assert not warning.isVisibleTo(dialog)


def test_clinical_list_problems_show_beside_the_list(qtbot: QtBot, services: Services, staff: Actor) -> None:
    _view, dialog = new_dialog(qtbot, services, staff)
    fill_required(dialog, "Ana", "Lee", "1/2/1970")
    clinical = dialog.form.clinical
    clinical.medications.add_button.click()
    row = clinical.medications.rows[-1]
    assert isinstance(row, MedicationRow)
    type_text(row.dose, "50 mg daily")
    clinical.allergies.add_button.click()
    allergy = clinical.allergies.rows[-1]
    assert isinstance(allergy, AllergyRow)
    type_text(allergy.substance, "Latex")
    clinical.no_known_allergies.setChecked(True)
    assert clinical.allergies.message.problem is not None  # at once, before any save
    assert dialog.save() is None
    assert clinical.medications.message.problem == "Medication 1 has no name."
    assert "not both" in str(clinical.allergies.message.problem)
    assert dialog.tabs.currentWidget() is dialog.form.clinical_page  # taken to the problem
    assert row.dose.text() == "50 mg daily"
    assert allergy.substance.text() == "Latex"


def test_duplicate_shows_the_match_and_saves_only_when_confirmed(
    qtbot: QtBot, services: Services, staff: Actor, admin: Actor
) -> None:
    existing = add_norco_patient(services, staff)
    view, dialog = new_dialog(qtbot, services, staff)
    fill_required(dialog, "JOSE", "pena", "03/02/1961")
    prompts.answers["duplicate_patient"] = False
    assert dialog.save() is None
    key, text = prompts.shown[-1]
    assert key == "duplicate_patient"
    assert f"MRN {existing.mrn}" in text
    assert dialog.duplicates.isVisible()
    assert f"MRN {existing.mrn}" in [label.text() for label in dialog.duplicates.findChildren(QLabel)]
    assert dialog.isVisible()
    assert len(services.patients.search(staff, "pena jose")) == 1
    dialog.duplicates.open_buttons[0].click()
    assert view.charts.window_for(existing.id) is not None  # the existing chart, to compare
    prompts.answers["duplicate_patient"] = True
    with qtbot.waitSignal(dialog.created):
        assert dialog.save() is not None
    assert len(services.patients.search(staff, "pena jose")) == 2
    created = services.audit.recent(admin, action=AuditAction.PATIENT_CREATED, limit=1)[0]
    assert created.detail == "possible duplicate confirmed"


def test_different_person_button_saves_without_asking_again(
    qtbot: QtBot, services: Services, staff: Actor
) -> None:
    add_norco_patient(services, staff)
    _view, dialog = new_dialog(qtbot, services, staff)
    fill_required(dialog, "José", "Peña", "1961-03-02")
    prompts.answers["duplicate_patient"] = False
    dialog.save()
    with qtbot.waitSignal(dialog.created):
        dialog.duplicates.confirm_button.click()


def test_cancel_with_typed_data_asks_first(qtbot: QtBot, services: Services, staff: Actor) -> None:
    _view, dialog = new_dialog(qtbot, services, staff)
    type_text(dialog.form.identity.first_name.edit, "Ana")
    prompts.answers["discard_new_patient"] = False
    dialog.reject()
    assert dialog.isVisible()
    assert dialog.form.identity.first_name.text() == "Ana"
    prompts.answers["discard_new_patient"] = True
    dialog.cancel_button.click()
    assert not dialog.isVisible()


def test_every_input_has_an_accessible_name_and_tab_follows_the_page(
    qtbot: QtBot, services: Services, staff: Actor
) -> None:
    _view, dialog = new_dialog(qtbot, services, staff)
    for rows in dialog.form.clinical.lists:
        rows.add_button.click()
    inputs = [
        w
        for kind in (QLineEdit, QComboBox, QCheckBox, QAbstractButton)
        for w in dialog.findChildren(kind)
        if w.isVisibleTo(dialog) and w.parent() is not None and not isinstance(w.parent(), QComboBox)
    ]
    unnamed = [w for w in inputs if not w.accessibleName() and w.objectName() != "qt_spinbox_lineedit"]
    assert unnamed == []
    identity = dialog.form.identity
    expected = [
        identity.first_name.edit,
        identity.middle_name.edit,
        identity.last_name.edit,
        identity.preferred_name.edit,
        identity.date_of_birth.edit,
        identity.sex.combo,
    ]
    chain: list[QWidget] = []
    widget: QWidget | None = identity.first_name.edit
    while widget is not None and len(chain) < len(expected):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == expected


def test_typed_form_round_trips_through_load_and_save(qtbot: QtBot, services: Services, staff: Actor) -> None:
    detail = add_norco_patient(services, staff)
    _view, dialog = new_dialog(qtbot, services, staff)
    dialog.form.load(detail.to_input(), detail.pharmacy)
    again: PatientInput = dialog.form.save()
    assert again.first_name == "José"
    assert again.date_of_birth == "03/02/1961"
    assert [m.name for m in again.medications] == ["Norco", "Levothyroxine", "Tramadol"]
    assert not dialog.form.has_changes()
