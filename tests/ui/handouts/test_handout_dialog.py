"""The Print handouts dialog and the new-patient packet offer: suggested handouts ticked,
prescription handouts greyed out for a patient without a prescription, the patient's
language by default, preview (nothing recorded) and print (recorded once printed or saved;
a cancelled, failed printer or an unwritable file records nothing), refusals shown in the
dialog, and the packet offered after the first prescription is printed from the chart (not
merely previewed), and only then.

Real widgets on the real services and the real PDF renderer (SQLite and PostgreSQL);
rendering runs on a worker thread and the tests wait for it; questions are answered through
`prompts.answers`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.handouts.service import NEW_PATIENT_PACKET
from ldnclinic.ui.handouts.handout_dialog import NEEDS_RX_TIP, PACKET, HandoutDialog, packet_for
from ldnclinic.ui.handouts.packet_offer import PACKET_KEY
from ldnclinic.ui.prescriptions.action_rules import Action
from ldnclinic.ui.prescriptions.editor_dialog import DISCARD_KEY
from ldnclinic.ui.prescriptions.history_tab import PrescriptionsTab
from ldnclinic.ui.widgets import prompts, workers
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.services.rx_support import add_patient, approved_rx, rx_input
from tests.ui.prescriptions.test_prescription_tab import open_tab as open_rx_tab
from tests.ui.prescriptions.test_prescription_tab import wait_for_pdf
from tests.ui.print_support import pdf_pages, print_on, save_to, to_pdf_file
from tests.ui.shell_support import unnamed_inputs

SUGGESTED = [*NEW_PATIENT_PACKET, "condition_fibromyalgia"]  # full_patient has fibromyalgia
NEEDS_RX = {"starting_ldn", "ldn_and_opioids"}


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """Closing an editor never opens a real question; no worker outlives the test."""
    prompts.answers[DISCARD_KEY] = True
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


def open_dialog(
    qtbot: QtBot, services: Services, actor: Actor, patient_id: int, *, kinds: list[str] | None = None
) -> HandoutDialog:
    dialog = HandoutDialog(services, actor, patient_id, patient_name="Peña, José Luis", kinds=kinds)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def titles(dialog: HandoutDialog) -> dict[str, str]:
    return {kind: box.text() for kind, box in dialog.boxes.items()}


def wait_for_preview(qtbot: QtBot, dialog: HandoutDialog) -> PdfPreviewDialog:
    qtbot.waitUntil(lambda: not dialog.busy and dialog.pdf_dialog is not None, timeout=15_000)
    preview = dialog.pdf_dialog
    assert isinstance(preview, PdfPreviewDialog)
    return preview


# --- choosing --------------------------------------------------------------------------------


def test_suggested_handouts_are_ticked_in_the_patients_language(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)  # prefers Spanish, has fibromyalgia
    approved_rx(initialized, prescriber, patient_id)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    assert unnamed_inputs(dialog) == []
    assert dialog.windowTitle() == "Print handouts — Peña, José Luis"
    assert dialog.current_language() == "es"
    assert dialog.language.currentText() == "Español"
    assert dialog.chosen() == SUGGESTED
    assert dialog.blocked() == []
    assert titles(dialog)["starting_ldn"] == "Cómo empezar la LDN: su plan de dosis"
    assert dialog.summary.text() == "6 handouts chosen"
    assert dialog.packet() == PACKET
    assert dialog.packet_note.isVisibleTo(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert titles(dialog)["starting_ldn"] == "Starting LDN: your dose schedule"
    assert titles(dialog)["condition_ibd"] == "LDN and Crohn's disease or ulcerative colitis: a short note"
    assert dialog.chosen() == SUGGESTED  # the choice is kept across languages
    dialog.clear_button.click()
    assert dialog.chosen() == []
    assert dialog.summary.text() == "No handouts chosen"
    assert not dialog.preview_button.isEnabled()
    assert not dialog.print_button.isEnabled()
    assert not dialog.packet_note.isVisibleTo(dialog)
    dialog.boxes["side_effects"].setChecked(True)
    assert dialog.chosen() == ["side_effects"]
    assert dialog.packet() is None
    assert dialog.print_button.isEnabled()
    dialog.packet_button.click()
    assert dialog.chosen() == SUGGESTED


def test_an_english_speaker_without_conditions_gets_the_packet_in_english(
    qtbot: QtBot, initialized: Services, staff: Actor
) -> None:
    patient_id = add_patient(initialized, staff, preferred_language="en", conditions=())
    dialog = open_dialog(qtbot, initialized, staff, patient_id)
    assert dialog.current_language() == "en"
    assert dialog.chosen() == [kind for kind in NEW_PATIENT_PACKET if kind not in NEEDS_RX]


def test_prescription_handouts_are_greyed_out_without_a_prescription(
    qtbot: QtBot, initialized: Services, staff: Actor
) -> None:
    patient_id = add_patient(initialized, staff)
    dialog = open_dialog(qtbot, initialized, staff, patient_id)
    assert set(dialog.blocked()) == NEEDS_RX
    for kind in NEEDS_RX:
        box = dialog.boxes[kind]
        assert not box.isEnabled()
        assert not box.isChecked()
        assert box.toolTip() == NEEDS_RX_TIP
    assert dialog.rx_note.isVisibleTo(dialog)
    assert dialog.chosen() == [kind for kind in SUGGESTED if kind not in NEEDS_RX]
    assert dialog.packet() is None  # not the whole packet: the dose schedule is missing
    dialog.choose(NEW_PATIENT_PACKET)
    assert dialog.chosen() == [kind for kind in NEW_PATIENT_PACKET if kind not in NEEDS_RX]
    dialog.boxes["starting_ldn"].setChecked(True)  # a disabled box ticked by code is still left out
    assert "starting_ldn" not in dialog.chosen()
    assert dialog.boxes["what_is_ldn"].toolTip() == (
        "What LDN is and how it works (version 1) · suggested for this patient"
    )
    assert dialog.boxes["condition_ibd"].toolTip().endswith("(version 1)")


def test_a_draft_is_not_a_prescription_for_the_handouts(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    assert set(dialog.blocked()) == NEEDS_RX


def test_preset_kinds_replace_the_suggestions(qtbot: QtBot, initialized: Services, staff: Actor) -> None:
    patient_id = add_patient(initialized, staff)
    dialog = open_dialog(qtbot, initialized, staff, patient_id, kinds=["followup_plan", "condition_ibd"])
    assert dialog.chosen() == ["followup_plan", "condition_ibd"]


# --- preview and print -----------------------------------------------------------------------


def test_preview_records_nothing_and_print_records_the_packet(
    qtbot: QtBot, initialized: Services, prescriber: Actor, admin: Actor, tmp_path: Path
) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved_rx(initialized, prescriber, patient_id)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    printed: list[object] = []
    dialog.printed.connect(printed.append)

    assert dialog.preview() is True
    assert not dialog.print_button.isEnabled()  # while the PDF is being made
    preview = wait_for_preview(qtbot, dialog)
    assert preview.windowTitle() == "Handouts (Español) — Peña, José Luis"
    assert preview.page_count() >= 6
    assert preview.status.text().startswith("Nothing is recorded until the handouts are printed or saved")
    preview.close()
    assert initialized.handouts.documents(prescriber, patient_id) == []
    assert dialog.isVisible()

    dialog.pdf_dialog = None
    dialog.choose_printer = lambda _printer, _parent: False  # the printer dialog is cancelled
    dialog.print_button.click()
    cancelled = wait_for_preview(qtbot, dialog)
    assert cancelled.isVisible() and dialog.isVisible()
    assert initialized.handouts.documents(prescriber, patient_id) == []
    cancelled.close()

    paper = tmp_path / "packet.pdf"
    dialog.choose_printer = to_pdf_file(paper)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: bool(printed), timeout=20_000)
    assert not dialog.isVisible()  # done: printed and recorded
    assert pdf_pages(paper) >= 6
    [record] = initialized.handouts.documents(prescriber, patient_id)
    assert printed == [record]
    assert record.language == "es"
    assert record.packet == PACKET
    assert [item.kind for item in record.items] == SUGGESTED
    kept = initialized.handouts.stored(prescriber, record.id)
    assert record.sha256 == hashlib.sha256(kept).hexdigest()
    actions = [e.action for e in initialized.audit.recent(admin, record_type="handout_print", limit=10)]
    assert actions == [AuditAction.HANDOUTS_VIEWED, AuditAction.HANDOUTS_PRINTED]  # newest first


def test_a_print_in_english_without_the_whole_packet_is_not_the_packet(
    qtbot: QtBot, initialized: Services, staff: Actor, tmp_path: Path
) -> None:
    patient_id = add_patient(initialized, staff)
    dialog = open_dialog(qtbot, initialized, staff, patient_id)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.choose(["side_effects", "condition_fibromyalgia"])
    dialog.choose_printer = to_pdf_file(tmp_path / "two.pdf")
    assert dialog.print_handouts() is True
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=20_000)
    [record] = initialized.handouts.documents(staff, patient_id)
    assert record.language == "en"
    assert record.packet is None
    assert [item.title for item in record.items] == [
        "Side effects and when to call us",
        "LDN and fibromyalgia: a short note",
    ]


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # the printer that fails, on purpose
def test_a_printer_that_fails_or_a_file_that_cannot_be_written_records_nothing(
    qtbot: QtBot, initialized: Services, staff: Actor, tmp_path: Path
) -> None:
    patient_id = add_patient(initialized, staff)
    dialog = open_dialog(qtbot, initialized, staff, patient_id, kinds=["what_is_ldn"])
    prompts.answers["print-failed"] = True
    prompts.answers["save-pdf-failed"] = True
    dialog.choose_printer = to_pdf_file(tmp_path / "no-such-folder" / "out.pdf")  # cannot start
    dialog.print_button.click()
    preview = wait_for_preview(qtbot, dialog)
    qtbot.waitUntil(
        lambda: not preview.busy and any(k == "print-failed" for k, _ in prompts.shown), timeout=20_000
    )
    assert prompts.shown[-1] == (
        "print-failed",
        "The printer could not be started. Check that it is on and try again. "
        "Nothing was printed or recorded.",
    )
    assert preview.isVisible() and dialog.isVisible()  # try again, or another printer
    save_to(qtbot, preview, tmp_path / "missing" / "handouts.pdf")
    assert prompts.shown[-1][0] == "save-pdf-failed"
    assert "does not exist" in prompts.shown[-1][1] and prompts.shown[-1][1].endswith("Nothing was recorded.")
    assert preview.isVisible()
    assert initialized.handouts.documents(staff, patient_id) == []
    assert dialog.banner.text().startswith("Not printed: The PDF could not be saved to")

    save_to(qtbot, preview, tmp_path / "handouts.pdf")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    [record] = initialized.handouts.documents(staff, patient_id)
    assert record.sha256 == hashlib.sha256((tmp_path / "handouts.pdf").read_bytes()).hexdigest()


def test_a_refusal_is_shown_in_the_dialog_and_the_choice_is_kept(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    rx = approved_rx(initialized, prescriber, patient_id)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    dialog.choose_printer = lambda _printer, _parent: False
    assert "starting_ldn" in dialog.chosen()
    initialized.prescriptions.void(prescriber, rx.id, rx.version, "Wrong patient's plan")  # meanwhile
    dialog.print_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert dialog.isVisible()
    assert dialog.banner.isVisibleTo(dialog)
    assert (
        dialog.banner.text()
        == "“Cómo empezar la LDN: su plan de dosis” shows the patient's own prescription; approve one first."
    )
    assert dialog.chosen() == SUGGESTED
    assert dialog.print_button.isEnabled()
    assert initialized.handouts.documents(prescriber, patient_id) == []


def test_packet_for() -> None:
    assert packet_for(NEW_PATIENT_PACKET) == PACKET
    assert packet_for([*NEW_PATIENT_PACKET, "condition_ibd"]) == PACKET
    assert packet_for(NEW_PATIENT_PACKET[1:]) is None


# --- the packet offer ------------------------------------------------------------------------


def print_from_the_tab(qtbot: QtBot, tab: PrescriptionsTab, rx_id: int) -> PdfPreviewDialog:
    """The script's preview (nothing issued yet)."""
    tab.select_rx(rx_id)
    assert tab.run(Action.PRINT) is True
    return wait_for_pdf(qtbot, tab)


def test_the_packet_is_offered_after_the_first_prescription_only(
    qtbot: QtBot, initialized: Services, prescriber: Actor, tmp_path: Path
) -> None:
    patient_id = add_patient(initialized, prescriber)
    first = approved_rx(initialized, prescriber, patient_id)
    tab = open_rx_tab(qtbot, initialized, prescriber, patient_id)
    prompts.answers[PACKET_KEY] = True
    print_from_the_tab(qtbot, tab, first.id).close()  # looked at, not printed: nothing to offer
    QApplication.processEvents()
    assert [key for key, _text in prompts.shown if key == PACKET_KEY] == []

    script = print_from_the_tab(qtbot, tab, first.id)
    print_on(qtbot, script, tmp_path / "rx.pdf")
    assert pdf_pages(tmp_path / "rx.pdf") == 1
    qtbot.waitUntil(lambda: isinstance(tab.flows.dialog, HandoutDialog), timeout=5_000)
    [(_key, question)] = [shown for shown in prompts.shown if shown[0] == PACKET_KEY]
    assert question.startswith(
        "This was the first prescription printed for Peña, José Luis. Print the new-patient packet now?"
    )
    dialog = tab.flows.dialog
    assert isinstance(dialog, HandoutDialog)
    assert dialog.isVisible()
    assert dialog.packet_offer
    assert dialog.windowTitle() == "New-patient packet — Peña, José Luis"
    assert dialog.chosen() == SUGGESTED
    assert dialog.current_language() == "es"
    dialog.choose_printer = to_pdf_file(tmp_path / "packet.pdf")
    dialog.print_button.click()
    qtbot.waitUntil(lambda: tab.flows.dialog is None, timeout=20_000)
    [record] = initialized.handouts.documents(prescriber, patient_id)
    assert record.packet == PACKET
    assert pdf_pages(tmp_path / "packet.pdf") >= 6

    prompts.shown.clear()
    second = approved_rx(initialized, prescriber, patient_id, formula="CAP-4.5", plan="MAINT-4.5")
    tab.refresh(second.id)
    print_on(qtbot, print_from_the_tab(qtbot, tab, second.id), tmp_path / "second.pdf")
    assert pdf_pages(tmp_path / "second.pdf") == 1
    QApplication.processEvents()  # delivers the queued offer, which must ask nothing now
    assert [key for key, _text in prompts.shown if key == PACKET_KEY] == []
    assert tab.flows.dialog is None


def test_declining_the_offer_prints_nothing(
    qtbot: QtBot, initialized: Services, staff: Actor, prescriber: Actor, tmp_path: Path
) -> None:
    patient_id = add_patient(initialized, prescriber)
    first = approved_rx(initialized, prescriber, patient_id)
    tab = open_rx_tab(qtbot, initialized, staff, patient_id)
    prompts.answers[PACKET_KEY] = False
    print_on(qtbot, print_from_the_tab(qtbot, tab, first.id), tmp_path / "rx.pdf")
    assert pdf_pages(tmp_path / "rx.pdf") == 1
    qtbot.waitUntil(lambda: any(key == PACKET_KEY for key, _text in prompts.shown), timeout=5_000)
    assert tab.flows.dialog is None
    assert initialized.handouts.documents(staff, patient_id) == []
