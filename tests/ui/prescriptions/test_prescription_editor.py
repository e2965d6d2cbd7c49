"""The prescription editor: the plan builder, the live preview, suggestions, findings and saving.

Real widgets on the real services (SQLite and PostgreSQL); the preview runs on a worker
thread, so each test waits until it has been delivered (`settle`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import ConsentKind
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.domain.prescriptions.titration import TimeOfDay, TitrationStep, find_plan
from ldnclinic.domain.safety.findings import Severity
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import MedicationInput, PatientDetail
from ldnclinic.services.prescriptions.dto import PrescriptionDetail
from ldnclinic.ui.prescriptions.editor_dialog import DISCARD_KEY, PrescriptionEditor
from ldnclinic.ui.prescriptions.editor_form import CUSTOM_PLAN
from ldnclinic.ui.widgets import prompts, workers
from tests.services.rx_support import ALL_CONSENTS, add_patient, approved_rx, formula_id, rx_input
from tests.support.qt import type_text
from tests.ui.shell_support import unnamed_inputs

HOSTILE = (
    "Síndrome de fatiga crónica <b>bold</b> '; DROP TABLE prescriptions;-- Nguyễn Thị Hằng \u202edlrow 😊"
)


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """Closing an editor with edits never opens a real question; no worker outlives the test."""
    prompts.answers[DISCARD_KEY] = True
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


# --- helpers (the tab and screenshot tests use them too) -----------------------------------


def warned_patient(services: Services, actor: Actor) -> PatientDetail:
    """José Luis Peña taking Levothyroxine (a thyroid warning), without the TMB complaint notice
    (a consent warning); his preferred pharmacy is in the directory."""
    patient_id = add_patient(
        services,
        actor,
        medications=(
            MedicationInput("Levothyroxine", "50 mcg daily"),
            MedicationInput("Tramadol", "50 mg", False),
        ),
        consents={**ALL_CONSENTS, ConsentKind.TMB_COMPLAINT_NOTICE: ""},
    )
    return services.patients.get(actor, patient_id)


def clean_patient(services: Services, actor: Actor) -> PatientDetail:
    """Nothing for the safety screen to say (every consent on file, no interacting medicine)."""
    return services.patients.get(actor, add_patient(services, actor))


def opioid_draft(services: Services, prescriber: Actor) -> PrescriptionDetail:
    """A draft for a patient taking Norco (a hard stop) and Levothyroxine, without the TMB
    complaint notice (two warnings)."""
    patient_id = add_patient(
        services,
        prescriber,
        medications=(
            MedicationInput("Norco", "5/325 mg every 6 hours as needed"),
            MedicationInput("Levothyroxine", "50 mcg daily"),
        ),
        consents={**ALL_CONSENTS, ConsentKind.TMB_COMPLAINT_NOTICE: ""},
    )
    return services.prescriptions.create_draft(prescriber, rx_input(services, patient_id))


def open_editor(
    qtbot: QtBot,
    services: Services,
    actor: Actor,
    patient: PatientDetail,
    existing: PrescriptionDetail | None = None,
) -> PrescriptionEditor:
    editor = PrescriptionEditor(services, actor, patient, existing)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()  # typing needs real focus (a cell keeps its selection only then)
    qtbot.waitUntil(editor.isActiveWindow)
    settle(qtbot, editor)
    return editor


def settle(qtbot: QtBot, editor: PrescriptionEditor) -> None:
    """Wait until the debounced preview has run and been shown."""
    qtbot.waitUntil(lambda: not editor.preview_pending(), timeout=10_000)
    QApplication.processEvents()


def choose_plan(editor: PrescriptionEditor, code: str) -> None:
    """Pick a plan template as a user does (the combo's `activated`)."""
    index = editor.plan_combo.findData(code)
    assert index >= 0, code
    editor.plan_combo.setCurrentIndex(index)
    editor.plan_combo.activated.emit(index)


def choose_formula(editor: PrescriptionEditor, services: Services, code: str) -> None:
    editor.formula_combo.setCurrentIndex(editor.formula_combo.findData(formula_id(services, code)))


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace a cell's text as a user does: select it all, then type over it."""
    edit.setFocus()
    edit.selectAll()
    if text:
        type_text(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)


def saved(qtbot: QtBot, editor: PrescriptionEditor) -> PrescriptionDetail:
    with qtbot.waitSignal(editor.saved, timeout=5000) as signal:
        editor.save_button.click()
    detail = signal.args[0]
    assert isinstance(detail, PrescriptionDetail)
    return detail


# --- opening -----------------------------------------------------------------------------------


def test_new_prescription_starts_from_the_chart(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient = warned_patient(initialized, prescriber)
    editor = open_editor(qtbot, initialized, prescriber, patient)
    assert editor.patient_label.text().startswith("Peña, José Luis · MRN ")
    assert editor.windowTitle() == "New prescription — Peña, José Luis"
    assert editor.formula_combo.currentText() == "Naltrexone HCl 1.5 mg capsule (CAP-1.5)"
    assert editor.plan_combo.currentData() == "STD-1.5-14"
    assert editor.plan_combo.count() == 8  # seven templates and "Custom plan"
    assert editor.plan_combo.itemData(7) == CUSTOM_PLAN
    assert editor.supply_days.value() == 30
    assert patient.pharmacy is not None
    assert editor.pharmacy_combo.currentData() == patient.pharmacy.id
    assert "patient's preferred" in editor.pharmacy_combo.currentText()
    assert editor.diagnosis.currentText() == "Fibromyalgia (M79.7)"  # the first condition, with its code
    assert [editor.diagnosis.itemText(i) for i in range(editor.diagnosis.count())] == [
        "Fibromyalgia (M79.7)",
        "Restless legs syndrome (G25.81)",
    ]
    assert editor.prescriber_combo.currentText() == "Elena García, MD"  # a prescriber writes for themself
    assert not editor.has_changes()


def test_preview_reads_as_the_pharmacist_will(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    editor = open_editor(qtbot, initialized, prescriber, warned_patient(initialized, prescriber))
    choose_formula(editor, initialized, "CAP-1.5")
    choose_plan(editor, "STD-1.5-14")
    settle(qtbot, editor)
    pane = editor.preview
    text = pane.text()
    assert "at bedtime" in text
    assert "48 (forty-eight) capsules" in text
    assert pane.directions.text() == (
        "Take 1 capsule (1.5 mg) by mouth once a day at bedtime for 14 days, then take 2 capsules (3 mg) "
        "by mouth once a day at bedtime for 14 days, then take 3 capsules (4.5 mg) by mouth once a day "
        "at bedtime from then on."
    )
    assert pane.facts["quantity"].text() == "48 (forty-eight) capsules"
    assert pane.facts["days"].text() == "30 days"
    assert pane.facts["target"].text() == "4.5 mg from 12/19/2026 (day 29)"
    assert pane.schedule.rowCount() == 3
    assert pane.schedule.item(0, 3).text() == "11/21/2026 – 12/04/2026"
    assert pane.schedule.item(2, 3).text() == "from 12/19/2026"
    assert pane.schedule.item(2, 4).text() == "2 days"
    assert not pane.problems.isVisibleTo(pane)
    codes = [f.code for f in pane.findings.findings]
    assert codes == ["thyroid_hormone", "consent_missing_tmb_complaint_notice"]
    assert all(f.severity is Severity.WARNING for f in pane.findings.findings)
    assert pane.findings.heading.text() == "Safety screen: 2 warnings"
    editor.supply_days.setValue(14)
    settle(qtbot, editor)
    assert pane.facts["quantity"].text() == "14 (fourteen) capsules"


def test_preview_waits_for_a_pause_and_never_blocks(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    before = editor.preview.facts["quantity"].text()
    editor.supply_days.setValue(60)
    editor.supply_days.setValue(90)
    assert editor.preview_pending()  # the timer runs; nothing was computed on the GUI thread yet
    assert editor.preview.facts["quantity"].text() == before
    settle(qtbot, editor)
    assert editor.preview.facts["quantity"].text() == "228 (two hundred twenty-eight) capsules"


def test_a_plan_that_does_not_fit_offers_formulas_that_do(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    choose_formula(editor, initialized, "CAP-1.5")
    choose_plan(editor, "HALF-WEEKLY")
    settle(qtbot, editor)
    pane = editor.preview
    assert pane.problems.isVisibleTo(pane)
    assert pane.problems.text() == (
        "• 0.5 mg, 1 mg, 2 mg, 2.5 mg, 3.5 mg and 4 mg cannot be given in whole capsules of 1.5 mg per "
        "capsule (CAP-1.5); choose a formula that fits."
    )  # six problems that differ only in the dose, said once
    assert not pane.directions.isVisibleTo(pane)
    assert list(pane.suggestion_buttons) == ["LIQ-1", "SL-0.5"]
    assert [f.code for f in pane.findings.findings] == ["cannot_make"]
    assert unnamed_inputs(editor) == []
    assert pane.suggestion_buttons["LIQ-1"].text() == "Use LIQ-1 (1 mg/mL oral liquid)"
    pane.suggestion_buttons["LIQ-1"].click()
    assert editor.formula_combo.currentData() == formula_id(initialized, "LIQ-1")
    settle(qtbot, editor)
    assert not pane.problems.isVisibleTo(pane)
    assert pane.suggestion_buttons == {}
    assert pane.directions.text().startswith("Take 0.5 mL (0.5 mg) by mouth once a day at bedtime for 7 days")
    assert pane.findings.findings == ()
    assert editor.plan_combo.currentData() == "HALF-WEEKLY"  # the plan itself was not touched


def test_dose_cells_are_checked_as_typed(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    editor = open_editor(qtbot, initialized, prescriber, warned_patient(initialized, prescriber))
    choose_plan(editor, "MAINT-4.5")
    settle(qtbot, editor)
    assert editor.preview.problems.text() == ""
    builder = editor.builder
    retype(qtbot, builder.dose_edit(0), "abc")
    assert builder.message.isVisibleTo(editor)
    assert builder.message.text() == "Step 1 dose: “abc” is not a dose in mg; type a number such as 1.5."
    assert builder.steps() is None
    settle(qtbot, editor)
    assert "No preview until the plan can be read" in editor.preview.state.text()
    retype(qtbot, builder.dose_edit(0), "45")
    assert builder.message.text().startswith("Step 1: 45 mg is more than 10 mg, which is not a low dose.")
    assert "did you mean 4.5 mg?" in builder.message.text()
    assert builder.steps() == (TitrationStep(Decimal(45), None, TimeOfDay.BEDTIME),)
    settle(qtbot, editor)
    stops = editor.preview.findings.hard_stops()
    assert [f.code for f in stops] == ["dose_above_10", "cannot_make"]
    rows = editor.preview.findings.rows
    assert rows[0].badge.text() == "HARD STOP"
    assert rows[0].property("severity") == "hard_stop"
    assert editor.plan_combo.currentData() == CUSTOM_PLAN  # an edited template is a custom plan
    retype(qtbot, builder.dose_edit(0), "4.5")
    assert builder.message.problem is None
    settle(qtbot, editor)
    assert editor.preview.findings.hard_stops() == ()


def test_days_and_structure_problems_name_the_step(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    builder = editor.builder
    retype(qtbot, builder.days_edit(0), "two weeks")
    assert "Step 1 days: “two weeks” is not a whole number of days." in builder.message.text()
    retype(qtbot, builder.days_edit(0), "14")
    retype(qtbot, builder.days_edit(2), "30")
    assert builder.message.text() == (
        "Step 3: the last step continues until the next review; leave its days empty."
    )
    retype(qtbot, builder.days_edit(2), "")
    assert builder.message.problem is None
    plan = find_plan("STD-1.5-14")
    assert plan is not None
    assert builder.steps() == plan.steps


def test_steps_are_added_removed_and_moved(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    choose_formula(editor, initialized, "CAP-1")
    choose_plan(editor, "COVID-1-2")
    builder = editor.builder
    assert builder.cells() == [("1", "30", "bedtime"), ("2", "", "bedtime")]
    builder.add_button.click()
    assert len(builder.rows) == 3
    assert "Step 3: type the dose in mg" in builder.message.text()
    type_text(builder.dose_edit(2), "3")
    assert builder.message.text() == "Step 2: only the last step may go on without an end; give its days."
    type_text(builder.days_edit(1), "30")
    assert builder.message.problem is None
    assert editor.plan_combo.currentData() == CUSTOM_PLAN
    builder.select_step(2)
    builder.up_button.click()
    assert builder.cells() == [("1", "30", "bedtime"), ("3", "", "bedtime"), ("2", "30", "bedtime")]
    builder.down_button.click()
    assert builder.cells()[1:] == [("2", "30", "bedtime"), ("3", "", "bedtime")]
    builder.time_combo(2).setCurrentIndex(builder.time_combo(2).findData("morning"))
    builder.time_combo(2).activated.emit(builder.time_combo(2).currentIndex())
    builder.select_step(0)
    builder.remove_button.click()
    assert builder.cells() == [("2", "30", "bedtime"), ("3", "", "morning")]
    settle(qtbot, editor)
    assert "in the morning from then on" in editor.preview.directions.text()
    detail = saved(qtbot, editor)
    assert detail.plan_code is None
    assert detail.plan_name == "Custom plan"
    assert detail.steps == (
        TitrationStep(Decimal(2), 30, TimeOfDay.BEDTIME),
        TitrationStep(Decimal(3), None, TimeOfDay.MORNING),
    )


# --- saving ------------------------------------------------------------------------------------


def test_unicode_and_hostile_text_is_saved_as_typed_without_invisible_characters(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    line = editor.diagnosis.lineEdit()
    assert line is not None
    line.clear()
    type_text(line, HOSTILE)
    type_text(editor.note, "Sin colorantes, por favor — “José” prefers pick-up; <script>alert(1)</script>")
    editor.refills.setValue(2)
    detail = saved(qtbot, editor)
    assert detail.diagnosis == HOSTILE.replace("\u202e", "")  # a right-to-left override is dropped
    assert detail.pharmacist_note == (
        "Sin colorantes, por favor — “José” prefers pick-up; <script>alert(1)</script>"
    )
    assert detail.refills == 2
    assert detail.status is RxStatus.DRAFT
    assert detail.prescriber_name == "Elena García, MD"
    assert detail.plan_code == "STD-1.5-14"
    again = open_editor(
        qtbot, initialized, prescriber, editor.patient, initialized.prescriptions.get(prescriber, detail.id)
    )
    assert again.diagnosis.currentText() == HOSTILE.replace("\u202e", "")
    assert not again.has_changes()


def test_diagnosis_can_be_left_off(qtbot: QtBot, initialized: Services, staff: Actor) -> None:
    editor = open_editor(qtbot, initialized, staff, clean_patient(initialized, staff))
    editor.omit_diagnosis.setChecked(True)
    assert not editor.diagnosis.isEnabled()
    detail = saved(qtbot, editor)
    assert detail.diagnosis_omitted
    assert detail.diagnosis == "Fibromyalgia (M79.7)"  # kept on file, left off the printed script


def test_a_refused_save_keeps_everything_typed(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    line = editor.diagnosis.lineEdit()
    assert line is not None
    line.clear()
    type_text(line, "Crohn’s disease (K50.90)")
    retype(qtbot, editor.builder.days_edit(0), "21")
    editor.note.setPlainText("x" * 1001)
    editor.save_button.click()
    assert editor.isVisible()
    assert editor.field_message("pharmacist_note") == "Keep the note to the pharmacist to 1,000 characters."
    assert editor.banner.text().startswith("Not saved: please correct the 1 problem")
    assert editor.diagnosis.currentText() == "Crohn’s disease (K50.90)"
    assert editor.builder.cells()[0] == ("1.5", "21", "bedtime")
    assert len(editor.note.toPlainText()) == 1001
    assert initialized.prescriptions.for_patient(prescriber, editor.patient.id) == []
    editor.note.setPlainText("Dye-free capsules, please.")
    assert editor.field_message("pharmacist_note") == ""
    detail = saved(qtbot, editor)
    assert detail.diagnosis == "Crohn’s disease (K50.90)"
    assert detail.steps[0].days == 21


def test_an_unreadable_plan_is_not_sent_and_not_lost(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    retype(qtbot, editor.builder.dose_edit(1), "3,5")
    assert editor.save() is None
    assert editor.banner.text().startswith("Not saved: the plan needs fixing first")
    assert editor.builder.cells()[1][0] == "3,5"
    assert initialized.prescriptions.for_patient(prescriber, editor.patient.id) == []


def test_a_conflict_keeps_the_edits_and_offers_both_versions(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient = clean_patient(initialized, prescriber)
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient.id))
    editor = open_editor(
        qtbot, initialized, prescriber, patient, initialized.prescriptions.get(prescriber, draft.id)
    )
    initialized.prescriptions.update_draft(
        staff, draft.id, rx_input(initialized, patient.id, supply_days=60), draft.version
    )
    editor.supply_days.setValue(45)
    editor.refills.setValue(1)
    assert editor.save() is None
    assert editor.conflict_bar.isVisible()
    assert "Someone else changed this prescription" in editor.conflict_bar.message.text()
    assert "60 days" in editor.conflict_bar.message.text()
    assert editor.supply_days.value() == 45
    assert editor.refills.value() == 1
    with qtbot.waitSignal(editor.saved) as signal:
        editor.conflict_bar.mine_button.click()
    assert signal.args[0].supply_days == 45


def test_taking_their_version_after_a_conflict(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient = clean_patient(initialized, prescriber)
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient.id))
    editor = open_editor(
        qtbot, initialized, prescriber, patient, initialized.prescriptions.get(prescriber, draft.id)
    )
    initialized.prescriptions.update_draft(
        staff, draft.id, rx_input(initialized, patient.id, supply_days=60), draft.version
    )
    editor.supply_days.setValue(45)
    assert editor.save() is None
    editor.conflict_bar.theirs_button.click()
    assert editor.supply_days.value() == 60
    assert not editor.has_changes()
    assert editor.isVisible()


def test_staff_may_leave_the_prescriber_for_approval(
    qtbot: QtBot, initialized: Services, staff: Actor
) -> None:
    editor = open_editor(qtbot, initialized, staff, clean_patient(initialized, staff))
    assert editor.prescriber_combo.currentText() == "Leave for a prescriber to approve"
    assert [editor.prescriber_combo.itemText(i) for i in range(editor.prescriber_combo.count())] == [
        "Leave for a prescriber to approve",
        "Elena García, MD",
        "Sam Jones, PA-C",
    ]
    detail = saved(qtbot, editor)
    assert detail.prescriber_id is None
    editor = open_editor(
        qtbot, initialized, staff, editor.patient, initialized.prescriptions.get(staff, detail.id)
    )
    editor.prescriber_combo.setCurrentIndex(2)
    assert saved(qtbot, editor).prescriber_name == "Sam Jones, PA-C"


def test_editing_an_approved_script_warns_it_goes_back_to_draft(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient = clean_patient(initialized, prescriber)
    approved = approved_rx(initialized, prescriber, patient.id)
    editor = open_editor(
        qtbot, initialized, prescriber, patient, initialized.prescriptions.get(prescriber, approved.id)
    )
    assert "Saving changes sends it back to draft" in editor.banner.text()
    editor.refills.setValue(3)
    assert saved(qtbot, editor).status is RxStatus.DRAFT


def test_a_printed_script_opens_read_only(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    patient = clean_patient(initialized, prescriber)
    approved = approved_rx(initialized, prescriber, patient.id)
    initialized.prescriptions.print(prescriber, approved.id)
    editor = open_editor(
        qtbot, initialized, prescriber, patient, initialized.prescriptions.get(prescriber, approved.id)
    )
    assert editor.read_only
    assert not editor.save_button.isVisibleTo(editor)
    assert not editor.formula_combo.isEnabled()
    assert editor.builder.dose_edit(0).isReadOnly()
    assert not editor.builder.add_button.isVisibleTo(editor)
    assert "can no longer be changed" in editor.banner.text()
    assert editor.preview.facts["quantity"].text() == "48 (forty-eight) capsules"
    assert editor.save() is None


def test_closing_with_changes_asks_first(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    editor = open_editor(qtbot, initialized, prescriber, clean_patient(initialized, prescriber))
    editor.refills.setValue(1)
    prompts.answers[DISCARD_KEY] = False
    editor.cancel_button.click()
    assert editor.isVisible()
    assert prompts.shown[-1][0] == DISCARD_KEY
    prompts.answers[DISCARD_KEY] = True
    editor.cancel_button.click()
    assert not editor.isVisible()


def test_a_prescriber_opening_an_unassigned_draft_sees_who_it_will_be(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient = clean_patient(initialized, staff)
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient.id))
    assert draft.prescriber_id is None
    editor = open_editor(
        qtbot, initialized, prescriber, patient, initialized.prescriptions.get(prescriber, draft.id)
    )
    assert editor.prescriber_combo.currentText() == "Elena García, MD"  # as the service would save it
    assert editor.pharmacy_combo.currentData() == draft.pharmacy_id
    assert editor.pharmacy_combo.findData(None) < 0  # the patient has a preferred pharmacy
