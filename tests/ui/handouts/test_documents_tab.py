"""The chart's Documents tab: what the patient was given (newest first, in the clinic's
zone), the empty state, loading only when on screen, printing from the tab, and View /
Reprint… showing the kept copy byte for byte.

Real widgets on the real services and the real PDF renderer (SQLite and PostgreSQL); the
tab loads on a worker thread and each test waits for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.handouts.service import NEW_PATIENT_PACKET, HandoutItem, HandoutRecord
from ldnclinic.ui.handouts.documents_model import DocumentColumn, DocumentsModel
from ldnclinic.ui.handouts.documents_tab import NO_DOCUMENTS, DocumentsTab
from ldnclinic.ui.handouts.handout_dialog import HandoutDialog
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.widgets import prompts, workers
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog, PrinterQuestion
from tests.services.rx_support import add_patient, approved_rx
from tests.support.clock import FakeClock
from tests.ui.print_support import pdf_pages
from tests.ui.shell_support import unnamed_inputs


@pytest.fixture(autouse=True)
def _settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """No worker outlives the test."""
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


def three_prints(services: Services, actor: Actor, clock: FakeClock, patient_id: int) -> list[HandoutRecord]:
    """The packet in Spanish (day 1), an English side-effects sheet (day 8), the Spanish
    follow-up plan with a condition note (day 36); returned newest first."""
    handouts = services.handouts
    handouts.print(actor, patient_id, [*NEW_PATIENT_PACKET, "condition_fibromyalgia"], packet="new_patient")
    clock.advance(days=7, hours=2)
    handouts.print(actor, patient_id, ["side_effects"], "en")
    clock.advance(days=28, hours=-4)
    handouts.print(actor, patient_id, ["followup_plan", "condition_fibromyalgia"])
    return handouts.documents(actor, patient_id)


def open_tab(qtbot: QtBot, services: Services, actor: Actor, patient_id: int) -> DocumentsTab:
    tab = DocumentsTab(services, actor, patient_id)
    qtbot.addWidget(tab)
    tab.show_detail(services.patients.get(actor, patient_id))
    tab.resize(1300, 520)
    tab.show()
    settle(qtbot, tab)
    return tab


def settle(qtbot: QtBot, tab: DocumentsTab) -> None:
    qtbot.waitUntil(lambda: tab.loaded and not tab.loading, timeout=10_000)


def cell(model: DocumentsModel, row: int, column: DocumentColumn) -> str:
    return str(model.data(model.index(row, column)))


def to_pdf_file(path: Path) -> PrinterQuestion:
    def answer(printer: QPrinter, _parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return answer


# --- the model -------------------------------------------------------------------------------


def test_the_model_formats_each_print(qtmodeltester: ModelTester) -> None:
    model = DocumentsModel(ZoneInfo("America/Chicago"))
    record = HandoutRecord(
        id=7,
        patient_id=1,
        printed_at=datetime(2026, 11, 21, 15, 5, tzinfo=UTC),
        printed_by="María López",
        language="es",
        items=(
            HandoutItem("what_is_ldn", "Qué es la LDN y cómo funciona", 1),
            HandoutItem("starting_ldn", "Cómo empezar la LDN: su plan de dosis", 2),
        ),
        packet="new_patient",
        sha256="0" * 64,
    )
    plain = HandoutRecord(8, 1, datetime(2026, 12, 1, 2, 30, tzinfo=UTC), "", "en", (), None, "1" * 64)
    model.set_rows([plain, record])
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in DocumentColumn] == [
        "Date",
        "Handouts",
        "Language",
        "Packet",
        "Printed by",
    ]
    assert cell(model, 1, DocumentColumn.DATE) == "11/21/2026 09:05"
    assert cell(model, 0, DocumentColumn.DATE) == "11/30/2026 20:30"  # the evening before, in Texas
    assert cell(model, 1, DocumentColumn.HANDOUTS) == (
        "Qué es la LDN y cómo funciona (v1); Cómo empezar la LDN: su plan de dosis (v2)"
    )
    assert cell(model, 1, DocumentColumn.LANGUAGE) == "Español"
    assert cell(model, 0, DocumentColumn.LANGUAGE) == "English"
    assert cell(model, 1, DocumentColumn.PACKET) == "New-patient packet"
    assert cell(model, 0, DocumentColumn.PACKET) == ""
    assert cell(model, 1, DocumentColumn.PRINTED_BY) == "María López"
    assert cell(model, 0, DocumentColumn.PRINTED_BY) == "—"
    tip = model.data(model.index(1, DocumentColumn.HANDOUTS), Qt.ItemDataRole.ToolTipRole)
    assert (
        tip
        == "2 handouts:\n• Qué es la LDN y cómo funciona (v1)\n• Cómo empezar la LDN: su plan de dosis (v2)"
    )
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole) == 7
    assert model.row_of(7) == 1
    assert model.row_of(99) == -1


# --- the list --------------------------------------------------------------------------------


def test_the_tab_lists_what_the_patient_was_given(
    qtbot: QtBot, initialized: Services, prescriber: Actor, clock: FakeClock, qtmodeltester: ModelTester
) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved_rx(initialized, prescriber, patient_id)
    records = three_prints(initialized, prescriber, clock, patient_id)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    assert unnamed_inputs(tab) == []
    qtmodeltester.check(tab.model)
    assert tab.model.rows() == records
    assert tab.count_label.text() == "3 prints, newest first"
    assert tab.stack.currentWidget() is tab.table
    model = tab.model
    assert cell(model, 0, DocumentColumn.DATE) == "12/26/2026 07:00"
    assert cell(model, 0, DocumentColumn.HANDOUTS) == (
        "Su plan de seguimiento (v1); La LDN y la fibromialgia: una nota breve (v1)"
    )
    assert cell(model, 1, DocumentColumn.HANDOUTS) == "Side effects and when to call us (v1)"
    assert cell(model, 1, DocumentColumn.LANGUAGE) == "English"
    assert cell(model, 2, DocumentColumn.DATE) == "11/21/2026 09:00"
    assert cell(model, 2, DocumentColumn.PACKET) == "New-patient packet"
    assert cell(model, 2, DocumentColumn.PRINTED_BY) == "Elena García, MD"
    selected = tab.selected()
    assert selected is not None and selected.id == records[0].id  # the newest is selected
    assert tab.view_button.isEnabled() and tab.reprint_button.isEnabled()
    assert tab.details_title.text() == "Printed 12/26/2026 07:00 by Elena García, MD · Español"
    tab.select_record(records[-1].id)
    assert tab.details_title.text() == (
        "Printed 11/21/2026 09:00 by Elena García, MD · Español · New-patient packet"
    )
    assert tab.details_items.text().splitlines() == [
        "•  Qué es la LDN y cómo funciona (v1)",
        "•  Cómo empezar la LDN: su plan de dosis (v1)",
        "•  Efectos secundarios y cuándo llamarnos (v1)",
        "•  La LDN y las medicinas opioides para el dolor (v1)",
        "•  Su plan de seguimiento (v1)",
        "•  La LDN y la fibromialgia: una nota breve (v1)",
    ]


def test_nothing_given_yet_shows_the_empty_state(qtbot: QtBot, initialized: Services, staff: Actor) -> None:
    patient_id = add_patient(initialized, staff)
    tab = open_tab(qtbot, initialized, staff, patient_id)
    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.text() == NO_DOCUMENTS
    assert tab.count_label.text() == ""
    assert not tab.view_button.isVisibleTo(tab)
    assert not tab.reprint_button.isVisibleTo(tab)
    assert tab.print_button.isVisibleTo(tab)
    assert not tab.kept_hint.isVisibleTo(tab)
    assert not tab.details.isVisibleTo(tab)


def test_every_chart_has_the_tab_last_and_it_loads_only_when_shown(
    qtbot: QtBot, initialized: Services, staff: Actor
) -> None:
    patient_id = add_patient(initialized, staff)
    initialized.handouts.print(staff, patient_id, ["what_is_ldn"])
    chart = ChartWindow(initialized, staff, initialized.patients.get(staff, patient_id))
    qtbot.addWidget(chart)
    chart.show()
    titles = [chart.tabs.tabText(i) for i in range(chart.tabs.count())]
    assert titles[-1] == "Documents"
    tab = chart.tabs.widget(titles.index("Documents"))
    assert isinstance(tab, DocumentsTab)
    assert not tab.loading and not tab.loaded  # nothing fetched while another tab is shown
    chart.tabs.setCurrentWidget(tab)
    settle(qtbot, tab)
    assert tab.model.rowCount() == 1
    assert tab.patient is not None and tab.patient.id == patient_id
    initialized.handouts.print(staff, patient_id, ["side_effects"])  # e.g. from another tab
    chart.tabs.setCurrentIndex(0)
    chart.tabs.setCurrentWidget(tab)  # shown again: fetched again
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)


# --- printing and the kept copy ----------------------------------------------------------------


def test_printing_from_the_tab_lists_the_new_record(
    qtbot: QtBot, initialized: Services, prescriber: Actor, tmp_path: Path
) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved_rx(initialized, prescriber, patient_id)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    paper = tmp_path / "handouts.pdf"
    tab.choose_printer = to_pdf_file(paper)
    dialog = tab.print_handouts()
    assert isinstance(dialog, HandoutDialog)
    assert tab.dialog is dialog
    assert dialog.current_language() == "es"
    assert dialog.patient_name == "Peña, José Luis"
    dialog.choose(["what_is_ldn", "starting_ldn"])
    dialog.print_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and not tab.loading, timeout=20_000)
    [record] = tab.model.rows()
    assert record.sha256 == hashlib.sha256(initialized.handouts.stored(prescriber, record.id)).hexdigest()
    assert paper.stat().st_size > 0  # it came out before it was recorded
    assert tab.banner.text() == "Gave 2 handouts in Español; the chart keeps a copy."
    assert tab.stack.currentWidget() is tab.table
    assert cell(tab.model, 0, DocumentColumn.HANDOUTS) == (
        "Qué es la LDN y cómo funciona (v1); Cómo empezar la LDN: su plan de dosis (v1)"
    )
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)


def test_view_and_reprint_show_the_kept_copy_byte_for_byte(
    qtbot: QtBot, initialized: Services, prescriber: Actor, admin: Actor, clock: FakeClock, tmp_path: Path
) -> None:
    patient_id = add_patient(initialized, prescriber)
    approved_rx(initialized, prescriber, patient_id)
    records = three_prints(initialized, prescriber, clock, patient_id)
    tab = open_tab(qtbot, initialized, prescriber, patient_id)
    oldest = records[-1]
    tab.select_record(oldest.id)
    view = tab.view()
    assert isinstance(view, PdfPreviewDialog)
    assert tab.pdf_dialog is view
    assert view.windowTitle() == "Handouts given 11/21/2026 09:00 — as given — Peña, José Luis"
    assert hashlib.sha256(view.pdf).hexdigest() == oldest.sha256
    assert view.page_count() >= 6
    view.close()
    assert tab.pdf_dialog is None

    out = tmp_path / "reprint.pdf"
    tab.choose_printer = to_pdf_file(out)
    tab.reprint_button.click()
    reprint = tab.pdf_dialog
    assert isinstance(reprint, PdfPreviewDialog)
    assert reprint.windowTitle() == "Handouts given 11/21/2026 09:00 — reprint — Peña, José Luis"
    assert hashlib.sha256(reprint.pdf).hexdigest() == oldest.sha256
    qtbot.waitUntil(lambda: tab.pdf_dialog is None, timeout=20_000)  # printed at once, then closed
    pages = pdf_pages(out)
    assert tab.banner.text() == (
        f"Reprinted the handouts given 11/21/2026 09:00 (sent {pages} pages to reprint.pdf)."
    )
    entries = initialized.audit.recent(admin, record_type="handout_print", record_id=str(oldest.id), limit=10)
    assert [e.action for e in entries] == [  # newest first: the reprint, once printed, then the views
        AuditAction.HANDOUTS_REPRINTED,
        AuditAction.HANDOUTS_VIEWED,
        AuditAction.HANDOUTS_VIEWED,
        AuditAction.HANDOUTS_PRINTED,
    ]
    assert tab.model.rowCount() == 3  # nothing new was recorded


def test_a_cancelled_reprint_leaves_the_copy_on_screen(
    qtbot: QtBot, initialized: Services, staff: Actor, admin: Actor
) -> None:
    patient_id = add_patient(initialized, staff)
    initialized.handouts.print(staff, patient_id, ["what_is_ldn"])
    tab = open_tab(qtbot, initialized, staff, patient_id)
    tab.choose_printer = lambda _printer, _parent: False
    reprint = tab.reprint()
    assert isinstance(reprint, PdfPreviewDialog)
    assert reprint.isVisible()
    assert reprint.status.text() == "The copy kept on 11/21/2026 09:00."
    reprint.close()
    assert prompts.shown == []
    trail = initialized.audit.recent(admin, record_type="handout_print", limit=10)
    assert AuditAction.HANDOUTS_REPRINTED not in {e.action for e in trail}  # nothing came out
