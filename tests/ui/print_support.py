"""Printing from the UI in tests: a QPrinter writing a PDF file is a real printer, and the
printer and save dialogs are answered through the dialog's `choose_printer` and
`choose_save_path` (real hooks, as the app's own tests use)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog, PrinterQuestion


def to_pdf_file(path: Path) -> PrinterQuestion:
    """Answers the printer dialog: 'print' into a PDF file."""

    def answer(printer: QPrinter, _parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return answer


def pdf_pages(path: Path) -> int:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^Pages:\s*(\d+)$", output, flags=re.MULTILINE)
    assert found is not None, output
    return int(found.group(1))


def print_on(qtbot: QtBot, dialog: PdfPreviewDialog, path: Path) -> None:
    """Print… from the preview onto a 'printer' writing `path`; waits until the service is done."""
    dialog.choose_printer = to_pdf_file(path)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def save_to(qtbot: QtBot, dialog: PdfPreviewDialog, path: Path) -> None:
    """Save PDF… from the preview to `path`; waits until the service is done."""
    dialog.choose_save_path = lambda _parent, _name: str(path)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
