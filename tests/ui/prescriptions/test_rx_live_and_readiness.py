"""A new prescription starts from the patient's live script; what Texas requires blocks
approval; "Ready to print" holds only scripts that can print, the others say why; Sign
follows the prescriber's user id, not their name (real widgets, SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ldnclinic.db.models.patients import Patient
from ldnclinic.domain.enums import Role
from ldnclinic.domain.identifiers import luhn_check_digit
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.users.accounts import AccountSpec
from ldnclinic.ui.prescriptions.action_rules import Action, allowed
from ldnclinic.ui.prescriptions.approve_dialog import ApproveDialog
from ldnclinic.ui.prescriptions.editor_dialog import DISCARD, DISCARD_KEY, PREFILL_KEY, PrescriptionEditor
from ldnclinic.ui.prescriptions.queue_model import QueueColumn
from ldnclinic.ui.prescriptions.queue_view import PrescriptionQueueView
from ldnclinic.ui.widgets import prompts, workers
from tests.conftest import INITIAL_PASSWORD, signed_in
from tests.services.rx_support import add_patient, add_pharmacy, approved_rx, rx_input
from tests.support.clock import FakeClock
from tests.support.qt import type_text
from tests.ui.prescriptions.test_prescription_editor import open_editor, settle
from tests.ui.prescriptions.test_prescription_tab import enabled, open_tab, select
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs

NO_PHONE = "the patient's phone number"


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    prompts.answers[DISCARD_KEY] = DISCARD
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


def without_phone(services: Services, patient_id: int) -> None:
    with services.db.transaction() as session:
        patient = session.get_one(Patient, patient_id)
        patient.phones.clear()


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


# --- the live script ------------------------------------------------------------------------------


def test_new_prescription_continues_the_live_script_or_changes_its_dose(
    qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock
) -> None:
    patient_id = add_patient(initialized, prescriber)
    live = approved_rx(initialized, prescriber, patient_id)  # the standard plan, from 11/21/2026
    clock.advance(days=20)  # 12/11/2026: day 21, on 3 mg
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    editor = tab.run(Action.NEW)
    assert isinstance(editor, PrescriptionEditor)
    settle(qtbot, editor)
    box = editor.live_box
    assert box is not None and box.isVisibleTo(editor)
    assert box.title.text() == f"Live prescription #{live.id} (approved): start from it"
    assert box.facts["medication"].text() == "Naltrexone HCl 1.5 mg capsule (CAP-1.5)"
    assert box.facts["plan"].text().endswith(": 1.5 mg × 14 d → 3 mg × 14 d → 4.5 mg")
    assert box.facts["dose"].text() == "3 mg at bedtime (on 12/11/2026)"
    assert box.facts["supply"].text() == "30 days, no refills"
    assert box.facts["start"].text() == "11/21/2026; the supply runs out on 12/21/2026"
    # Continue the same plan: a renewal on the target dose from the day the supply runs out.
    assert box.same_button.isChecked() and not box.change_button.isChecked()
    assert editor.builder.cells() == [("4.5", "", "bedtime")]
    assert editor.plan_combo.currentData() == "MAINT-4.5"
    assert editor.formula_combo.currentData() == live.formula_id
    assert editor.start_date.date() == qdate(date(2026, 12, 21))
    assert not editor.has_changes()  # a prefill is not an unsaved change
    assert unnamed_inputs(editor) == []
    # Change the dose: today's dose first, then the new dose to type.
    qtbot.mouseClick(box.change_button, Qt.MouseButton.LeftButton)
    assert box.change_button.isChecked()
    assert editor.builder.cells() == [("3", "", "bedtime"), ("", "", "bedtime")]
    assert editor.start_date.date() == qdate(date(2026, 12, 11))
    assert QApplication.focusWidget() is editor.builder.dose_edit(1)
    type_text(editor.builder.dose_edit(1), "4.5")
    type_text(editor.builder.days_edit(0), "7")
    # Going back now would lose those edits: asked first; "keep my changes" keeps them.
    prompts.answers[PREFILL_KEY] = False
    qtbot.mouseClick(box.same_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][0] == PREFILL_KEY
    assert box.change_button.isChecked()
    assert editor.builder.cells() == [("3", "7", "bedtime"), ("4.5", "", "bedtime")]
    settle(qtbot, editor)
    with qtbot.waitSignal(editor.saved, timeout=5000) as signal:
        editor.save_button.click()
    detail = signal.args[0]
    assert [(str(s.dose_mg), s.days) for s in detail.steps] == [("3", 7), ("4.5", None)]
    assert (detail.start_date, detail.status) == (date(2026, 12, 11), RxStatus.DRAFT)


def test_without_a_live_script_the_editor_starts_a_fresh_plan(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))  # a draft: not live
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    editor = tab.run(Action.NEW)
    assert isinstance(editor, PrescriptionEditor)
    assert editor.live_box is None
    assert editor.plan_combo.currentData() == "STD-1.5-14"


# --- what Texas requires blocks approval --------------------------------------------------------


def test_missing_elements_are_listed_in_the_editor_and_block_approval(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    without_phone(initialized, patient_id)
    patient = initialized.patients.get(prescriber, patient_id)
    editor = open_editor(qtbot, initialized, prescriber, patient)
    assert editor.preview.missing_lines() == [NO_PHONE]
    assert "BLOCKS APPROVAL" in editor.preview.text()
    line = editor.diagnosis.lineEdit()
    assert line is not None
    line.clear()  # no intended use, not left off on purpose: missing too
    settle(qtbot, editor)
    assert editor.preview.missing_lines() == [
        NO_PHONE,
        "the intended use (diagnosis), or a choice to leave it off",
    ]
    editor.omit_diagnosis.setChecked(True)
    settle(qtbot, editor)
    assert editor.preview.missing_lines() == [NO_PHONE]
    with qtbot.waitSignal(editor.saved, timeout=5000) as signal:
        editor.save_button.click()  # a draft may be incomplete; approval may not
    detail = signal.args[0]
    dialog = ApproveDialog(initialized, prescriber, initialized.prescriptions.get(prescriber, detail.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.blocked.isVisible()
    assert f"• {NO_PHONE}" in dialog.blocked.text()
    assert not dialog.approve_button.isEnabled()
    assert "Add what the printed script lacks (1 listed in red above)." in dialog.status.text()
    assert dialog.approve() is None
    assert initialized.prescriptions.get(prescriber, detail.id).status is RxStatus.DRAFT


def test_the_approvers_own_missing_details_are_shown_when_the_service_refuses(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    from ldnclinic.db.models.users import User

    patient_id = add_patient(initialized, staff)
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))  # any prescriber
    with initialized.db.transaction() as session:
        session.get_one(User, prescriber.user_id).texas_license = None
    dialog = ApproveDialog(initialized, prescriber, initialized.prescriptions.get(prescriber, draft.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.approve_button.isEnabled()  # the approver is not on the script yet
    assert dialog.approve() is None
    assert "the prescriber's Texas license number" in dialog.blocked.text()
    assert not dialog.approve_button.isEnabled()
    assert dialog.banner.text().startswith("Not approved: the printed script would lack")


# --- Ready to print --------------------------------------------------------------------------------


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


def test_ready_to_print_lists_only_printable_scripts_and_the_others_say_why(
    qtbot: QtBot, ui: Ui, initialized: Services, prescriber: Actor, staff: Actor, qtmodeltester: ModelTester
) -> None:
    pharmacy = add_pharmacy(initialized, staff)
    good = approved_rx(
        initialized, prescriber, add_patient(initialized, staff, preferred_pharmacy_id=pharmacy)
    )
    lee = add_patient(initialized, staff, preferred_pharmacy_id=pharmacy, first_name="Lee", middle_name="")
    blocked = approved_rx(initialized, prescriber, lee)
    without_phone(initialized, lee)
    view = ui.show(PrescriptionQueueView(initialized, staff))
    view.resize(1100, 640)
    qtbot.waitUntil(lambda: view.loaded)
    ui.settle()
    view.tabs.setCurrentIndex(1)
    qtmodeltester.check(view.blocked_model)
    assert view.tabs.tabText(1) == "Ready to print (1)"
    assert [rx.id for rx in view.print_model.rows()] == [good.id]
    assert view.print_all_button.text() == "Print all approved (1)…"
    assert view.blocked_section.isVisibleTo(view)
    assert view.blocked_heading.text() == "Cannot print yet (1)"
    model = view.blocked_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Patient", "MRN", "Medication", "Prescriber", "Why it cannot print"]
    reason = model.index(0, model.column_of(QueueColumn.REASON))
    assert reason.data() == f"Missing what Texas requires: {NO_PHONE}."
    assert reason.data(Qt.ItemDataRole.ToolTipRole) == f"Missing what Texas requires: {NO_PHONE}."
    assert model.index(0, model.column_of(QueueColumn.PATIENT)).data() == "Peña, Lee"
    opened: list[tuple[int, int]] = []
    view.open_prescription_requested.connect(lambda rx, patient: opened.append((rx, patient)))
    view.blocked_table.doubleClicked.emit(model.index(0, 1))
    assert opened[0] == (blocked.id, lee)
    assert unnamed_inputs(view) == []


# --- Sign follows the prescriber's id -----------------------------------------------------------


def test_sign_follows_the_prescribers_id_not_a_shared_name(
    qtbot: QtBot, initialized: Services, prescriber: Actor, admin: Actor
) -> None:
    body = "187654321"
    npi = body + str(luhn_check_digit("80840" + body))
    twin_spec = AccountSpec(
        "egarcia2", "Elena", "García", frozenset({Role.PRESCRIBER}), "MD", npi, "Q98765"
    )  # another Dr Elena García, MD
    initialized.users.create_user(admin, twin_spec, INITIAL_PASSWORD)
    twin = signed_in(initialized, "egarcia2")
    assert twin.display_name == prescriber.display_name and twin.user_id != prescriber.user_id
    patient_id = add_patient(initialized, prescriber)
    script = approved_rx(initialized, prescriber, patient_id)
    initialized.prescriptions.print(prescriber, script.id)
    [summary] = initialized.prescriptions.for_patient(prescriber, patient_id)
    assert summary.prescriber_id == prescriber.user_id
    assert Action.SIGN in allowed(prescriber, summary)
    assert Action.SIGN not in allowed(twin, summary)  # same name, another person
    twin_tab = open_tab(qtbot, initialized, twin, patient_id)
    select(twin_tab, script.id)
    assert twin_tab.buttons[Action.SIGN].isVisibleTo(twin_tab)
    assert Action.SIGN not in enabled(twin_tab)
    own_tab = open_tab(qtbot, initialized, prescriber, patient_id)
    select(own_tab, script.id)
    assert Action.SIGN in enabled(own_tab)
