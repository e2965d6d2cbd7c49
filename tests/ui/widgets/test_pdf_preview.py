"""The PDF preview dialog and printing PDFs onto a QPrinter (a PDF file stands in for paper)."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.widgets import prompts, theme
from ldnclinic.ui.widgets.pdf_preview import (
    PdfPreviewDialog,
    PrintRun,
    print_pdf,
    render_page,
    set_paper_for,
)
from tests.services.rx_support import add_patient, approved_rx
from tests.support.qt import screenshot
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs

# The database only supplies a real prescription; what is tested here does not depend on it.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
pytestmark = [pytest.mark.usefixtures("qapp")]  # a QPrinter needs the application object


@pytest.fixture
def ui(qtbot: QtBot) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


@pytest.fixture
def prescription_pdf(initialized: Services, prescriber: Actor) -> bytes:
    """A real printed prescription (José Luis Peña, LDN 1.5 mg capsules)."""
    patient_id = add_patient(initialized, prescriber)
    rx = approved_rx(initialized, prescriber, patient_id)
    return initialized.prescriptions.print(prescriber, rx.id).pdf


def pages_pdf(count: int) -> bytes:
    """A plain Letter PDF with `count` numbered pages."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=letter, invariant=True)
    for number in range(1, count + 1):
        drawing.setFont("Helvetica", 48)
        drawing.drawString(72, 600, f"Page {number}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def pdfinfo(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", output, flags=re.MULTILINE))


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- printing ---------------------------------------------------------------------------------


@sqlite_only
def test_print_a_prescription_on_letter_paper(prescription_pdf: bytes, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    set_paper_for(printer, prescription_pdf)
    assert print_pdf(prescription_pdf, printer) == 1
    info = pdfinfo(out)
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("612 x 792 pts")  # US Letter, like the script


def test_every_page_is_printed_and_a_run_is_one_job(tmp_path: Path) -> None:
    out = tmp_path / "two.pdf"
    assert print_pdf(pages_pdf(2), pdf_printer(out)) == 2
    assert pdfinfo(out)["Pages"] == "2"

    batch = tmp_path / "batch.pdf"
    run = PrintRun(pdf_printer(batch))
    assert run.add(pages_pdf(2)) == 2
    assert run.add(pages_pdf(1)) == 1
    run.finish()
    assert run.pages == 3
    assert pdfinfo(batch)["Pages"] == "3"


def test_a_run_with_nothing_to_print_sends_nothing(tmp_path: Path) -> None:
    out = tmp_path / "nothing.pdf"
    run = PrintRun(pdf_printer(out))
    run.finish()
    assert run.pages == 0 and not out.exists()


@sqlite_only
def test_pages_are_rendered_on_white(prescription_pdf: bytes) -> None:
    image = render_page(prescription_pdf, 0, 400)
    assert image.width() == 400 and image.height() == round(400 * 792 / 612)
    assert image.pixelColor(2, 2) == QColor(Qt.GlobalColor.white)  # not transparent/black


def test_bytes_that_are_not_a_pdf_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a readable PDF"):
        print_pdf(b"%PDF-fake\nnot really", pdf_printer(tmp_path / "x.pdf"))


# --- the dialog -------------------------------------------------------------------------------


def test_preview_shows_pages_and_zooms(qtbot: QtBot, ui: Ui) -> None:
    dialog = ui.show(PdfPreviewDialog(pages_pdf(3), "Three pages"))
    assert unnamed_inputs(dialog) == []
    assert dialog.page_label.text() == "Page 1 of 3"
    assert not dialog.previous_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page_label.text() == "Page 2 of 3")
    dialog.go_to_page(99)
    qtbot.waitUntil(lambda: dialog.page_label.text() == "Page 3 of 3")
    assert not dialog.next_button.isEnabled()
    dialog.zoom.setCurrentIndex(dialog.zoom.findText("100%"))
    assert dialog.view.zoomFactor() == 1.0
    dialog.zoom.setCurrentIndex(dialog.zoom.findText("Whole page"))
    assert dialog.view.zoomMode() is dialog.view.ZoomMode.FitInView


@sqlite_only
def test_print_from_the_preview(qtbot: QtBot, ui: Ui, prescription_pdf: bytes, tmp_path: Path) -> None:
    dialog = ui.show(PdfPreviewDialog(prescription_pdf, "Prescription for Peña, José Luis"))
    asked: list[QPrinter] = []

    def cancel(printer: QPrinter, _parent: QWidget | None) -> bool:
        asked.append(printer)
        return False

    dialog.choose_printer = cancel
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and dialog.status.text() == ""
    assert asked[0].pageLayout().pageSize().id().name == "Letter"  # the paper matches the script

    out = tmp_path / "to-printer.pdf"

    def to_file(printer: QPrinter, _parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    dialog.choose_printer = to_file
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Sent 1 page to to-printer.pdf."
    assert pdfinfo(out)["Pages"] == "1"
    assert "NALTREXONE" in pdftotext(out).upper() or out.stat().st_size > 10_000  # drawn as an image


@sqlite_only
def test_save_pdf_writes_the_exact_bytes(
    qtbot: QtBot, ui: Ui, prescription_pdf: bytes, tmp_path: Path
) -> None:
    dialog = ui.show(PdfPreviewDialog(prescription_pdf, "Prescription RX-1"))
    suggested: list[str] = []

    def answer(_parent: QWidget | None, name: str) -> str:
        suggested.append(name)
        return str(tmp_path / "saved")

    dialog.choose_save_path = answer
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert suggested == ["Prescription-RX-1.pdf"]
    assert (tmp_path / "saved.pdf").read_bytes() == prescription_pdf
    assert dialog.status.text() == f"Saved to {tmp_path / 'saved.pdf'}."

    prompts.answers["save-pdf-failed"] = True
    dialog.choose_save_path = lambda _parent, _name: str(tmp_path / "no-such-folder" / "x.pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][0] == "save-pdf-failed"


def test_close_button_closes(qtbot: QtBot, ui: Ui) -> None:
    dialog = ui.show(PdfPreviewDialog(pages_pdf(1), "One page"))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


@sqlite_only
def test_screenshot_of_the_preview(qtbot: QtBot, ui: Ui, prescription_pdf: bytes) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app)
    try:
        _shoot_preview(qtbot, ui, prescription_pdf)
    finally:
        ui.close_all()
        theme.remove(app)


def _shows_ink(widget: QWidget) -> bool:
    """Some dark pixels in the middle of the widget: the rendered page has arrived."""
    image = widget.grab().toImage()
    width, height = image.width(), image.height()
    return any(
        image.pixelColor(x, y).lightness() < 128
        for x in range(width // 4, 3 * width // 4, 7)
        for y in range(height // 8, height // 2, 7)
    )


def _shoot_preview(qtbot: QtBot, ui: Ui, prescription_pdf: bytes) -> None:
    dialog = ui.show(PdfPreviewDialog(prescription_pdf, "Prescription for Peña, José Luis"))
    dialog.resize(900, 700)
    qtbot.waitUntil(lambda: dialog.page_count() >= 1)
    qtbot.waitUntil(lambda: _shows_ink(dialog))  # QPdfView renders pages in the background
    assert screenshot(dialog, "rx-pdf-preview").stat().st_size > 0
