"""The chart's Prescriptions tab: the history, the buttons by role and status, and every flow
(new, approve, print with the PDF preview, sign, send, reprint, chart copy, void, renew).

Real widgets on the real services (SQLite and PostgreSQL); questions are answered through
`prompts.answers`, printing runs on a worker thread and the tests wait for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus, SendMethod
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import MedicationInput
from ldnclinic.ui.handouts.packet_offer import PACKET_KEY
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.prescriptions.action_dialogs import SendDialog, VoidDialog
from ldnclinic.ui.prescriptions.action_rules import Action
from ldnclinic.ui.prescriptions.actions import RENEW_KEY, SIGN_KEY
from ldnclinic.ui.prescriptions.approve_dialog import ApproveDialog
from ldnclinic.ui.prescriptions.editor_dialog import DISCARD_KEY, PrescriptionEditor
from ldnclinic.ui.prescriptions.history_model import Column
from ldnclinic.ui.prescriptions.history_tab import PrescriptionsTab
from ldnclinic.ui.prescriptions.print_flows import REPRINT_KEY
from ldnclinic.ui.widgets import prompts, workers
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.widgets.tones import Tone, tone_colours
from tests.conftest import PASSWORD, signed_in
from tests.services.rx_support import add_patient, approved_rx, rx_input
from tests.support.clock import FakeClock
from tests.support.qt import type_text
from tests.ui.prescriptions.test_prescription_editor import opioid_draft, settle
from tests.ui.print_support import pdf_pages, print_on, save_to
from tests.ui.shell_support import unnamed_inputs


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """Closing an editor never opens a real question; no worker outlives the test."""
    prompts.answers[DISCARD_KEY] = True
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


# --- helpers (the screenshot tests use them too) ------------------------------------------------


def scripts_in_every_state(
    services: Services, prescriber: Actor, clock: FakeClock | None = None
) -> tuple[int, dict[RxStatus, int]]:
    """A patient with one script in each state, oldest first: sent, void, signed, printed,
    approved, and a draft with a slipped decimal point (45 mg: two hard stops)."""
    rx = services.prescriptions
    patient_id = add_patient(services, prescriber)
    ids: dict[RxStatus, int] = {}

    def later(days: int) -> None:
        if clock is not None:
            clock.advance(days=days)

    first = approved_rx(services, prescriber, patient_id, refills=1)
    rx.print(prescriber, first.id)
    signed = rx.sign(prescriber, first.id, rx.get(prescriber, first.id).version)
    rx.send(prescriber, first.id, signed.version, method=SendMethod.FAX, pharmacy_id=signed.pharmacy_id)
    ids[RxStatus.SENT] = first.id
    later(30)
    void = rx.create_draft(prescriber, rx_input(services, patient_id, "CAP-3", "MAINT-3"))
    rx.void(prescriber, void.id, void.version, "Dose changed at today's visit")
    ids[RxStatus.VOID] = void.id
    later(2)
    signed_rx = approved_rx(
        services, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5", supply_days=90
    )
    rx.print(prescriber, signed_rx.id)
    rx.sign(prescriber, signed_rx.id, rx.get(prescriber, signed_rx.id).version)
    ids[RxStatus.SIGNED] = signed_rx.id
    later(1)
    printed = approved_rx(
        services, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5", supply_days=60
    )
    rx.print(prescriber, printed.id)
    ids[RxStatus.PRINTED] = printed.id
    later(1)
    ids[RxStatus.APPROVED] = approved_rx(
        services, prescriber, patient_id, formula="LIQ-1", plan="LIQ-SLOW"
    ).id
    draft = rx.create_draft(prescriber, rx_input(services, patient_id, steps="1.5:14,3:14,45"))
    ids[RxStatus.DRAFT] = draft.id
    return patient_id, ids


def open_tab(qtbot: QtBot, services: Services, actor: Actor, patient_id: int) -> PrescriptionsTab:
    tab = PrescriptionsTab(services, actor, patient_id)
    qtbot.addWidget(tab)
    tab.show_detail(services.patients.get(actor, patient_id))
    tab.resize(1300, 520)
    tab.show()
    return tab


def statuses(tab: PrescriptionsTab) -> list[RxStatus]:
    return [rx.status for rx in tab.model.rows()]


def enabled(tab: PrescriptionsTab) -> set[Action]:
    return {
        action for action, button in tab.buttons.items() if button.isEnabled() and button.isVisibleTo(tab)
    }


def select(tab: PrescriptionsTab, rx_id: int) -> None:
    tab.select_rx(rx_id)
    selected = tab.selected()
    assert selected is not None
    assert selected.id == rx_id


def wait_for_pdf(
    qtbot: QtBot, tab: PrescriptionsTab, before: PdfPreviewDialog | None = None
) -> PdfPreviewDialog:
    """The PDF preview opened after printing (a new one, not `before`)."""
    qtbot.waitUntil(
        lambda: not tab.flows.printing and tab.flows.pdf_dialog not in (None, before), timeout=15_000
    )
    dialog = tab.flows.pdf_dialog
    assert isinstance(dialog, PdfPreviewDialog)
    assert dialog.isVisible()
    return dialog


# --- the list --------------------------------------------------------------------------------


def test_every_chart_shows_the_prescriptions_tab(qtbot: QtBot, initialized: Services, staff: Actor) -> None:
    patient_id = add_patient(initialized, staff)
    chart = ChartWindow(initialized, staff, initialized.patients.get(staff, patient_id))
    qtbot.addWidget(chart)
    titles = [chart.tabs.tabText(i) for i in range(chart.tabs.count())]
    assert titles == ["Demographics", "Clinical", "Prescriptions", "Visits && follow-ups", "Documents"]
    tab = chart.tabs.widget(2)
    assert isinstance(tab, PrescriptionsTab)
    assert tab.patient is not None
    assert tab.patient.id == patient_id
    assert tab.count_label.text() == "No prescriptions yet. “New prescription…” writes the first one."
    assert enabled(tab) == {Action.NEW}


def test_history_is_newest_first_with_the_status_in_colour(
    qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock, qtmodeltester: ModelTester
) -> None:
    patient_id, ids = scripts_in_every_state(initialized, prescriber, clock)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    qtmodeltester.check(tab.model)
    assert statuses(tab) == [
        RxStatus.DRAFT,
        RxStatus.APPROVED,
        RxStatus.PRINTED,
        RxStatus.SIGNED,
        RxStatus.VOID,
        RxStatus.SENT,
    ]
    assert tab.count_label.text() == "6 prescriptions, newest first."
    model = tab.model

    def cell(row: int, column: Column) -> str:
        return str(model.data(model.index(row, column)))

    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Status", "Medication", "Plan", "Target", "Supply", "Refills", "Serial", "Created", "Prescriber",
    ]  # fmt: skip
    assert cell(0, Column.STATUS) == "Draft · 2 hard stops"
    assert cell(0, Column.PLAN) == "1.5 mg × 14 d → 3 mg × 14 d → 45 mg"
    assert cell(0, Column.TARGET) == "45 mg"
    assert cell(0, Column.SERIAL) == "—"
    assert cell(1, Column.MEDICATION) == "Naltrexone HCl 1 mg/mL oral liquid (LIQ-1)"
    last = len(ids) - 1
    assert cell(last, Column.STATUS) == "Sent"
    assert cell(last, Column.SUPPLY) == "30 days"
    assert cell(last, Column.REFILLS) == "1"
    assert cell(last, Column.SERIAL).startswith("RX-")
    assert cell(last, Column.CREATED) == "11/21/2026 09:00"  # 15:00 UTC in the clinic's zone
    assert cell(last, Column.PRESCRIBER) == "Elena García, MD"
    brush = model.data(model.index(0, Column.STATUS), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush)
    assert brush.color().name() == tone_colours(Tone.WARNING)[0]
    void_brush = model.data(model.index(4, Column.STATUS), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(void_brush, QBrush)
    assert void_brush.color().name() == tone_colours(Tone.ALERT)[0]
    assert tab.selected() is not None  # the newest is selected
    assert tab.selected().id == ids[RxStatus.DRAFT]  # type: ignore[union-attr]


def test_the_status_line_says_where_the_script_stands(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, ids = scripts_in_every_state(initialized, prescriber)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    expected = {
        RxStatus.DRAFT: "waiting for approval by Elena García, MD. The safety screen finds 2 hard stops",
        RxStatus.APPROVED: "Approved by Elena García, MD on 11/21/2026 09:00; ready to print.",
        RxStatus.PRINTED: "printed on 11/21/2026 09:00; waiting for Elena García, MD to sign the original",
        RxStatus.SIGNED: "signed by Elena García, MD on 11/21/2026 09:00; ready to send to the pharmacy.",
        RxStatus.SENT: "sent on 11/21/2026 09:00.",
        RxStatus.VOID: "void since 11/21/2026 09:00: it can never be printed or sent.",
    }
    for status, text in expected.items():
        select(tab, ids[status])
        assert text in tab.status_line.text(), status


def test_buttons_follow_the_status(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    patient_id, ids = scripts_in_every_state(initialized, prescriber)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    expected = {
        RxStatus.DRAFT: {Action.NEW, Action.OPEN, Action.APPROVE, Action.VOID},
        RxStatus.APPROVED: {Action.NEW, Action.OPEN, Action.PRINT, Action.VOID, Action.RENEW},
        RxStatus.PRINTED: {
            Action.NEW, Action.OPEN, Action.PRINT, Action.CHART_COPY, Action.VIEW, Action.FAX_COVER,
            Action.SIGN, Action.VOID, Action.RENEW,
        },
        RxStatus.SIGNED: {
            Action.NEW, Action.OPEN, Action.PRINT, Action.CHART_COPY, Action.VIEW, Action.FAX_COVER,
            Action.SEND, Action.VOID, Action.RENEW,
        },
        RxStatus.SENT: {
            Action.NEW, Action.OPEN, Action.PRINT, Action.CHART_COPY, Action.VIEW, Action.FAX_COVER,
            Action.RENEW,
        },
        RxStatus.VOID: {Action.NEW, Action.OPEN, Action.RENEW},
    }  # fmt: skip
    for status, actions in expected.items():
        select(tab, ids[status])
        assert enabled(tab) == actions, status
    select(tab, ids[RxStatus.DRAFT])
    assert tab.buttons[Action.OPEN].text() == "Edit…"
    assert tab.buttons[Action.PRINT].text() == "Print…"
    select(tab, ids[RxStatus.SENT])
    assert tab.buttons[Action.OPEN].text() == "Open…"
    assert tab.buttons[Action.PRINT].text() == "Reprint…"


def test_staff_never_see_approve_or_sign(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient_id, ids = scripts_in_every_state(initialized, prescriber)
    tab = open_tab(qtbot, initialized, staff, patient_id)
    assert not tab.buttons[Action.APPROVE].isVisibleTo(tab)
    assert not tab.buttons[Action.SIGN].isVisibleTo(tab)
    select(tab, ids[RxStatus.DRAFT])
    assert enabled(tab) == {Action.NEW, Action.OPEN, Action.VOID}
    assert tab.run(Action.APPROVE) is None
    assert tab.flows.approve(ids[RxStatus.DRAFT]) is None
    select(tab, ids[RxStatus.APPROVED])
    assert Action.VOID not in enabled(tab)  # staff void drafts only
    select(tab, ids[RxStatus.PRINTED])
    assert enabled(tab) == {
        Action.NEW,
        Action.OPEN,
        Action.PRINT,
        Action.CHART_COPY,
        Action.VIEW,
        Action.FAX_COVER,
        Action.RENEW,
    }


def test_only_the_prescriber_on_the_script_confirms_its_signature(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, ids = scripts_in_every_state(initialized, prescriber)
    pa = signed_in(initialized, "pajones")
    tab = open_tab(qtbot, initialized, pa, patient_id)
    assert tab.buttons[Action.SIGN].isVisibleTo(tab)
    select(tab, ids[RxStatus.PRINTED])
    assert Action.SIGN not in enabled(tab)


# --- the flows -------------------------------------------------------------------------------


def test_from_new_prescription_to_sent(
    qtbot: QtBot, initialized: Services, prescriber: Actor, admin: Actor, tmp_path: Path
) -> None:
    prompts.answers[PACKET_KEY] = False  # the new-patient packet offered after the original
    patient_id = add_patient(initialized, prescriber)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    editor = tab.run(Action.NEW)
    assert isinstance(editor, PrescriptionEditor)
    settle(qtbot, editor)
    editor.save_button.click()
    assert statuses(tab) == [RxStatus.DRAFT]
    assert tab.banner.text() == "Draft saved. Approve it when you are ready."
    rx_id = tab.model.rows()[0].id
    assert "waiting for approval by Elena García, MD" in tab.status_line.text()

    dialog = tab.run(Action.APPROVE)
    assert isinstance(dialog, ApproveDialog)
    assert dialog.findings.findings == ()
    assert dialog.approve_button.isEnabled()
    dialog.approve_button.click()
    assert statuses(tab) == [RxStatus.APPROVED]
    assert tab.status_line.text() == "Approved by Elena García, MD on 11/21/2026 09:00; ready to print."

    assert tab.run(Action.PRINT) is True
    assert not tab.buttons[Action.PRINT].isEnabled()  # while the preview is being made
    preview = wait_for_pdf(qtbot, tab)
    assert preview.windowTitle() == "Prescription preview — original (not printed yet)"
    assert preview.page_count() == 1
    assert statuses(tab) == [RxStatus.APPROVED]  # a preview issues nothing
    paper = tmp_path / "original.pdf"
    print_on(qtbot, preview, paper)
    assert pdf_pages(paper) == 1
    serial = tab.model.rows()[0].serial
    assert serial is not None
    assert statuses(tab) == [RxStatus.PRINTED]
    assert tab.banner.text().startswith(f"Printed the original {serial} (sent 1 page to original.pdf).")
    assert "waiting for Elena García, MD to sign" in tab.status_line.text()
    qtbot.waitUntil(lambda: tab.flows.pdf_dialog is None)  # the preview closed once it was printed
    pdf = preview

    prompts.answers[SIGN_KEY] = True
    tab.run(Action.SIGN)
    assert statuses(tab) == [RxStatus.SIGNED]

    send = tab.run(Action.SEND)
    assert isinstance(send, SendDialog)
    assert unnamed_inputs(send) == []
    assert send.method.currentData() == SendMethod.FAX.value
    send.accept_button.click()
    assert statuses(tab) == [RxStatus.SENT]
    assert tab.banner.text() == f"{serial} marked faxed to Balcones Compounding Pharmacy."

    prompts.answers[REPRINT_KEY] = True
    tab.run(Action.PRINT)
    reprint = wait_for_pdf(qtbot, tab, pdf)
    assert reprint.windowTitle() == f"Prescription {serial} — reprint (preview)"
    print_on(qtbot, reprint, tmp_path / "reprint.pdf")
    assert pdf_pages(tmp_path / "reprint.pdf") == 1
    assert tab.banner.text() == f"Printed a reprint of {serial} (sent 1 page to reprint.pdf)."
    tab.run(Action.CHART_COPY)
    copy = wait_for_pdf(qtbot, tab, reprint)
    assert copy.windowTitle() == f"Prescription {serial} — chart copy (preview)"
    save_to(qtbot, copy, tmp_path / "copy.pdf")
    assert pdf_pages(tmp_path / "copy.pdf") == 1
    assert tab.banner.text() == f"Printed a chart copy of {serial} (saved to {tmp_path / 'copy.pdf'})."
    tab.run(Action.VIEW)
    archived = wait_for_pdf(qtbot, tab, copy)
    assert archived.windowTitle() == f"Prescription {serial} — archived original"
    assert not archived.print_button.isVisibleTo(archived)  # a second original is never printed
    archived.close()
    tab.run(Action.FAX_COVER)
    cover = wait_for_pdf(qtbot, tab, archived)
    assert cover.windowTitle() == f"Fax cover sheet for {serial}"
    cover.close()
    detail = initialized.prescriptions.get(prescriber, rx_id)
    assert [p.kind for p in detail.prints] == [PrintKind.ORIGINAL, PrintKind.REPRINT, PrintKind.CHART_COPY]
    actions = {e.action for e in initialized.audit.recent(admin, record_type="prescription", limit=100)}
    assert {
        AuditAction.RX_APPROVED,
        AuditAction.RX_PRINTED,
        AuditAction.RX_SIGNED,
        AuditAction.RX_SENT,
    } <= actions


def test_approval_needs_every_finding_ticked_a_sentence_and_the_password_for_a_hard_stop(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    draft = opioid_draft(initialized, prescriber)
    tab = open_tab(qtbot, initialized, prescriber, draft.patient_id)
    assert unnamed_inputs(tab) == []
    dialog = tab.run(Action.APPROVE)
    assert isinstance(dialog, ApproveDialog)
    assert unnamed_inputs(dialog) == []
    panel = dialog.findings
    [stop] = panel.hard_stops()
    assert stop.code == "opioid"
    warnings = [f.code for f in panel.warnings()]
    assert warnings == ["thyroid_hormone", "consent_missing_tmb_complaint_notice"]
    assert panel.rows[0].reviewed is not None
    assert panel.rows[0].reviewed.text() == "I override this hard stop"
    assert dialog.override_box.isVisibleTo(dialog)
    assert "write why in a sentence, and confirm with your password" in dialog.override_explanation.text()
    assert not dialog.approve_button.isEnabled()
    assert "(1 left)" in dialog.status.text() and "(2 left)" in dialog.status.text()
    panel.checkbox(stop.key).setChecked(True)
    panel.checkbox(warnings[0]).setChecked(True)
    assert "(1 left)" in dialog.status.text()
    panel.checkbox(warnings[1]).setChecked(True)
    assert not dialog.approve_button.isEnabled()
    assert dialog.status.text().startswith("Write the reason for the override as a sentence")
    type_text(dialog.reason, "xxxxxxxxxx yyyyyyy zzzzzzz")  # no words
    assert not dialog.approve_button.isEnabled()
    assert "at least 3 real words" in dialog.reason_message.text()
    dialog.reason.clear()
    type_text(dialog.reason, "Norco stopped 11/10, confirmed with the patient and pharmacy")
    assert dialog.reason_message.text() == ""
    assert dialog.status.text() == "Type your password to confirm the override."
    type_text(dialog.password, "not my password")
    assert dialog.approve_button.isEnabled()
    dialog.approve_button.click()
    assert dialog.isVisible()
    assert "not your password" in dialog.password_message.text()
    assert dialog.password.text() == ""  # cleared, the reason and the ticks are kept
    assert dialog.reason.toPlainText() == "Norco stopped 11/10, confirmed with the patient and pharmacy"
    assert not dialog.approve_button.isEnabled()
    type_text(dialog.password, PASSWORD)
    dialog.approve_button.click()
    assert statuses(tab) == [RxStatus.APPROVED]
    detail = initialized.prescriptions.get(prescriber, draft.id)
    assert detail.override_reason == "Norco stopped 11/10, confirmed with the patient and pharmacy"
    assert detail.override_codes == (stop.key,)
    assert {key.split(":")[0] for key in detail.acknowledged} == set(warnings)


def test_approval_is_refused_for_a_script_the_pharmacy_cannot_make(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    draft = initialized.prescriptions.create_draft(
        prescriber, rx_input(initialized, patient_id, plan="HALF-WEEKLY")
    )
    dialog = ApproveDialog(initialized, prescriber, initialized.prescriptions.get(prescriber, draft.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.blocked.isVisibleTo(dialog)
    assert dialog.blocked.text().startswith("This prescription cannot be approved")
    type_text(dialog.reason, "I know what I am doing here")
    assert not dialog.approve_button.isEnabled()
    assert dialog.approve() is None


def test_a_chart_change_during_approval_shows_the_new_findings(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    dialog = ApproveDialog(initialized, prescriber, initialized.prescriptions.get(prescriber, draft.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.approve_button.isEnabled()
    chart = initialized.patients.get(staff, patient_id)
    initialized.patients.update(
        staff,
        patient_id,
        dataclasses.replace(chart.to_input(), medications=(MedicationInput("Oxycodone", "5 mg"),)),
        chart.version,
    )
    assert dialog.approve() is None
    assert dialog.isVisible()
    assert dialog.banner.text().startswith("Not approved: Hard stop:")
    assert [f.code for f in dialog.findings.hard_stops()] == ["opioid"]
    assert dialog.override_box.isVisibleTo(dialog)
    assert not dialog.approve_button.isEnabled()


def test_void_needs_a_reason(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved = approved_rx(initialized, prescriber, patient_id)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    dialog = tab.run(Action.VOID)
    assert isinstance(dialog, VoidDialog)
    assert unnamed_inputs(dialog) == []
    assert not dialog.accept_button.isEnabled()
    type_text(dialog.reason, "oops")
    assert dialog.accept_button.isEnabled()
    dialog.accept_button.click()
    assert dialog.isVisible()
    assert dialog.message.problem == "Say why the prescription is voided (at least 5 characters)."
    assert statuses(tab) == [RxStatus.APPROVED]
    type_text(dialog.reason, ": wrong patient’s plan")
    dialog.accept_button.click()
    assert not dialog.isVisible()
    assert statuses(tab) == [RxStatus.VOID]
    assert tab.status_line.text().endswith("it can never be printed or sent.")
    assert enabled(tab) == {Action.NEW, Action.OPEN, Action.RENEW}
    assert initialized.prescriptions.get(prescriber, approved.id).void_reason == "oops: wrong patient’s plan"


def test_renew_writes_a_new_draft_and_selects_it(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved = approved_rx(initialized, prescriber, patient_id)
    initialized.prescriptions.print(prescriber, approved.id)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    prompts.answers[RENEW_KEY] = False
    assert tab.run(Action.RENEW) is None
    assert len(tab.model.rows()) == 1
    prompts.answers[RENEW_KEY] = True
    tab.run(Action.RENEW)
    assert statuses(tab) == [RxStatus.DRAFT, RxStatus.PRINTED]
    selected = tab.selected()
    assert selected is not None
    assert selected.status is RxStatus.DRAFT
    assert tab.banner.text().startswith("Renewed RX-")


def test_a_chart_change_after_approval_stops_printing(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor, tmp_path: Path
) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved_rx(initialized, prescriber, patient_id)
    tab = open_tab(qtbot, initialized, staff, patient_id)
    chart = initialized.patients.get(staff, patient_id)
    initialized.patients.update(
        staff,
        patient_id,
        dataclasses.replace(chart.to_input(), medications=(MedicationInput("Norco", "5/325 mg"),)),
        chart.version,
    )
    tab.run(Action.PRINT)
    preview = wait_for_pdf(qtbot, tab)  # the preview is only a look: the check runs when printing
    print_on(qtbot, preview, tmp_path / "refused.pdf")
    qtbot.waitUntil(lambda: tab.flows.pdf_dialog is None)
    assert not (tmp_path / "refused.pdf").exists()
    assert tab.banner.text().startswith("Not printed: the chart ")
    assert "back in draft" in tab.banner.text()
    assert statuses(tab) == [RxStatus.DRAFT]
    assert tab.banner.property("tone") == Tone.DANGER


def test_edit_from_the_tab_updates_the_history(qtbot: QtBot, initialized: Services, staff: Actor) -> None:
    patient_id = add_patient(initialized, staff)
    initialized.prescriptions.create_draft(staff, rx_input(initialized, patient_id))
    tab = open_tab(qtbot, initialized, staff, patient_id)
    editor = tab.run(Action.OPEN)
    assert isinstance(editor, PrescriptionEditor)
    settle(qtbot, editor)
    editor.supply_days.setValue(60)
    editor.save_button.click()
    assert tab.model.rows()[0].supply_days == 60
    assert "waiting for approval by a prescriber" in tab.status_line.text()
