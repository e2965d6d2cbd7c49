"""Printing a prescription from the chart records only what really came out.

"Print" on an approved script shows a watermarked preview (no serial, nothing recorded); its
Print… and Save PDF… issue the original through the service, which records it only once the
pages were painted on the printer (a QPrinter writing a PDF file) or the file was written.
A cancelled printer dialog, a printer that cannot start and a file that cannot be written
record nothing and leave the script ready to print. Real widgets on the real services
(SQLite and PostgreSQL).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import PrescriptionDetail
from ldnclinic.ui.handouts.packet_offer import PACKET_KEY
from ldnclinic.ui.prescriptions.action_rules import Action
from ldnclinic.ui.prescriptions.history_tab import PrescriptionsTab
from ldnclinic.ui.widgets import prompts, workers
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.widgets.tones import Tone
from tests.services.rx_support import add_patient, approved_rx, audit_trail, pdf_text
from tests.ui.prescriptions.test_prescription_tab import open_tab, wait_for_pdf
from tests.ui.print_support import pdf_pages, print_on, save_to, to_pdf_file


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    prompts.answers[PACKET_KEY] = False
    prompts.answers["print-failed"] = True
    prompts.answers["save-pdf-failed"] = True
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


@pytest.fixture
def approved(initialized: Services, prescriber: Actor, staff: Actor) -> PrescriptionDetail:
    return approved_rx(initialized, prescriber, add_patient(initialized, staff))


@pytest.fixture
def tab(qtbot: QtBot, initialized: Services, staff: Actor, approved: PrescriptionDetail) -> PrescriptionsTab:
    opened = open_tab(qtbot, initialized, staff, approved.patient_id)
    opened.select_rx(approved.id)
    return opened


def preview_of(qtbot: QtBot, tab: PrescriptionsTab) -> PdfPreviewDialog:
    assert tab.run(Action.PRINT) is True
    return wait_for_pdf(qtbot, tab)


def nothing_recorded(services: Services, staff: Actor, admin: Actor, rx_id: int) -> None:
    after = services.prescriptions.get(staff, rx_id)
    assert (after.status, after.serial, after.prints) == (RxStatus.APPROVED, None, ())
    assert AuditAction.RX_PRINTED not in {e.action for e in audit_trail(services, admin, rx_id)}


def packet_offered() -> bool:
    return any(key == PACKET_KEY for key, _text in prompts.shown)


def test_the_preview_is_watermarked_and_issues_nothing(
    qtbot: QtBot,
    tab: PrescriptionsTab,
    initialized: Services,
    staff: Actor,
    admin: Actor,
    approved: PrescriptionDetail,
) -> None:
    preview = preview_of(qtbot, tab)
    assert preview.page_count() == 1
    text = " ".join((pdf_text(preview.pdf) or "").split())
    assert "PREVIEW · NOT VALID FOR DISPENSING" in text and "Assigned when printed" in text
    assert preview.status.text().startswith("Preview, not valid for dispensing. Print… or Save PDF… issues")
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()
    preview.close()
    nothing_recorded(initialized, staff, admin, approved.id)
    looks = [e for e in audit_trail(initialized, admin, approved.id) if e.detail == "preview"]
    assert [e.action for e in looks] == [AuditAction.RX_VIEWED]
    assert not packet_offered()


def test_a_cancelled_printer_dialog_records_nothing(
    qtbot: QtBot,
    tab: PrescriptionsTab,
    initialized: Services,
    staff: Actor,
    admin: Actor,
    approved: PrescriptionDetail,
) -> None:
    preview = preview_of(qtbot, tab)
    asked: list[object] = []
    preview.choose_printer = lambda printer, _parent: asked.append(printer) is not None  # "Cancel"
    preview.print_button.click()
    assert len(asked) == 1
    assert not preview.busy and preview.isVisible()
    preview.choose_save_path = lambda _parent, _name: None  # the save dialog is cancelled too
    preview.save_button.click()
    assert preview.isVisible()
    nothing_recorded(initialized, staff, admin, approved.id)
    preview.close()
    assert not packet_offered()


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # the printer that fails, on purpose
def test_a_printer_that_cannot_start_records_nothing_and_says_so(
    qtbot: QtBot,
    tab: PrescriptionsTab,
    initialized: Services,
    staff: Actor,
    admin: Actor,
    approved: PrescriptionDetail,
    tmp_path: Path,
) -> None:
    preview = preview_of(qtbot, tab)
    print_on(qtbot, preview, tmp_path / "no-such-folder" / "printer.pdf")  # the printer cannot start
    assert prompts.shown[-1] == (
        "print-failed",
        "The printer could not be started. Check that it is on and try again. "
        "Nothing was printed or recorded.",
    )
    assert preview.isVisible()  # to try again, or another printer
    assert tab.banner.text() == (
        "Not printed: The printer could not be started. Check that it is on and try again. "
        "Nothing was recorded."
    )
    assert tab.banner.property("tone") == Tone.DANGER
    nothing_recorded(initialized, staff, admin, approved.id)

    paper = tmp_path / "printer.pdf"
    print_on(qtbot, preview, paper)  # the next try is still the original
    assert pdf_pages(paper) == 1
    after = initialized.prescriptions.get(staff, approved.id)
    assert (after.status, [p.kind for p in after.prints]) == (RxStatus.PRINTED, [PrintKind.ORIGINAL])
    assert tab.banner.text().startswith(f"Printed the original {after.serial} (sent 1 page to printer.pdf).")
    qtbot.waitUntil(packet_offered, timeout=5_000)  # after a successful original only


def test_saving_to_a_place_that_cannot_be_written_records_nothing(
    qtbot: QtBot,
    tab: PrescriptionsTab,
    initialized: Services,
    staff: Actor,
    admin: Actor,
    approved: PrescriptionDetail,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    preview = preview_of(qtbot, tab)
    for place, why in ((out / "missing" / "rx.pdf", "does not exist"), (out / "folder.pdf", "is a folder")):
        if why == "is a folder":
            place.mkdir()
        save_to(qtbot, preview, place)
        key, message = prompts.shown[-1]
        assert key == "save-pdf-failed" and why in message and message.endswith("Nothing was recorded.")
        assert preview.isVisible()
        nothing_recorded(initialized, staff, admin, approved.id)
    assert [p.name for p in out.iterdir()] == ["folder.pdf"]  # and nothing inside it
    assert list((out / "folder.pdf").iterdir()) == []
    assert not packet_offered()

    target = out / "original.pdf"
    save_to(qtbot, preview, target)
    after = initialized.prescriptions.get(staff, approved.id)
    assert after.status is RxStatus.PRINTED and after.serial is not None
    archived, digest = initialized.prescriptions.archived_pdf(staff, approved.id)
    assert target.read_bytes() == archived and hashlib.sha256(archived).hexdigest() == digest
    assert pdf_pages(target) == 1
    assert after.serial in " ".join((pdf_text(archived) or "").split())
    assert tab.banner.text().startswith(f"Printed the original {after.serial} (saved to {target}).")


def test_an_original_printed_at_another_desk_meanwhile_is_not_printed_again(
    qtbot: QtBot,
    tab: PrescriptionsTab,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    approved: PrescriptionDetail,
    tmp_path: Path,
) -> None:
    preview = preview_of(qtbot, tab)
    elsewhere = initialized.prescriptions.print(prescriber, approved.id, deliver=lambda _pdf: None)
    paper = tmp_path / "desk-a.pdf"
    preview.choose_printer = to_pdf_file(paper)
    preview.print_button.click()
    qtbot.waitUntil(lambda: tab.flows.pdf_dialog is None, timeout=20_000)  # refused: the preview closed
    assert not paper.exists()
    assert tab.banner.text().startswith(
        f"Not printed: The original of {elsewhere.serial} was printed already, on 11/21/2026 at 09:00 "
        "by Elena García, MD."
    )
    kinds = [p.kind for p in initialized.prescriptions.get(staff, approved.id).prints]
    assert kinds == [PrintKind.ORIGINAL]
    assert not packet_offered()
