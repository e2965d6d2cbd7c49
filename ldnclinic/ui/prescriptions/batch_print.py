"""Batch printing for the Prescriptions page (`queue_view`): the worker's part and the result.

`print_batch` runs on a worker thread and touches no widget: it prints each script through
the service, which renders it, has its pages painted on the chosen printer (one job for the
batch) and only then records it (serial, archived PDF, audit); it reports each step through a
`BatchProgress` living on the GUI thread. A script the service refuses is skipped with its
message and the others still print; a printer failure ends the batch, and the script it
failed on stays unprinted (not recorded, still ready to print); Stop ends it after the script
being printed. What it did comes back as a `BatchOutcome`, which `outcome_summary` puts in
one sentence and `BatchResultDialog` lists in full.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.services.delivery import Deliver
from ldnclinic.services.prescriptions.dto import PrescriptionSummary, PrintedPrescription
from ldnclinic.ui.widgets.pdf_preview import PrintError, PrintRun
from ldnclinic.ui.widgets.theme import colors, set_role

PrintOne = Callable[[int, Deliver], PrintedPrescription]  # the service's print, with the delivery


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- batch printing (the worker's part: no widgets) -------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What a batch did. `refused` pairs a script with the reason it is not on paper."""

    asked: int
    printed: tuple[tuple[PrescriptionSummary, str], ...] = ()  # (script, serial)
    refused: tuple[tuple[PrescriptionSummary, str], ...] = ()
    not_reached: tuple[PrescriptionSummary, ...] = ()  # after Stop, or after a printer failure
    pages: int = 0
    printer: str = ""
    stopped: bool = False


class BatchProgress(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call over."""

    step = Signal(int, str)  # scripts handled so far, what is happening now


@dataclass(slots=True)
class _Collected:
    printed: list[tuple[PrescriptionSummary, str]] = field(default_factory=list)
    refused: list[tuple[PrescriptionSummary, str]] = field(default_factory=list)


def print_batch(
    print_one: PrintOne,
    items: Sequence[PrescriptionSummary],
    printer: QPrinter,
    progress: BatchProgress,
    stop: threading.Event,
) -> BatchOutcome:
    """Print each script through the service, which records it once its pages are on `printer`."""
    run = PrintRun(printer)

    def paint(pdf: bytes) -> None:  # the delivery: returns once every page is on the job
        run.add(pdf)

    done = _Collected()
    handled: set[int] = set()
    stopped = False
    try:
        for number, rx in enumerate(items):
            if stop.is_set():
                stopped = True
                break
            progress.step.emit(number, f"Printing {number + 1} of {len(items)}: {rx.patient_name}")
            handled.add(rx.id)
            try:
                document = print_one(rx.id, paint)
            except PrintError as error:  # the printer failed: this script was not recorded
                done.refused.append((rx, f"{error.message} It was not printed and is still ready to print."))
                break
            except DomainError as error:
                done.refused.append((rx, error.message))
                continue
            done.printed.append((rx, document.serial))
        progress.step.emit(len(handled), "Sending the pages to the printer…")
    finally:
        run.finish()
    return BatchOutcome(
        asked=len(items),
        printed=tuple(done.printed),
        refused=tuple(done.refused),
        not_reached=tuple(rx for rx in items if rx.id not in handled),
        pages=run.pages,
        printer=_printer_name(printer),
        stopped=stopped,
    )


def _printer_name(printer: QPrinter) -> str:
    if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat:
        return printer.outputFileName().rsplit("/", 1)[-1] or "a PDF file"
    return printer.printerName() or "the printer"


def outcome_summary(outcome: BatchOutcome) -> str:
    printed = len(outcome.printed)
    if not printed:
        return f"Nothing was printed ({plural(outcome.asked, 'prescription')} chosen)."
    where = f"on {outcome.printer}" if outcome.printer else ""
    pages = plural(outcome.pages, "page")
    if printed == outcome.asked:
        return f"Printed {plural(printed, 'prescription')} ({pages}) {where}.".replace("  ", " ")
    return f"Printed {printed} of {plural(outcome.asked, 'prescription')} ({pages}) {where}.".replace(
        "  ", " "
    )


# --- the result dialog ----------------------------------------------------------------------


class BatchResultDialog(QDialog):
    """The end of a batch: what printed, then each script not printed with its reason."""

    def __init__(self, outcome: BatchOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = outcome
        self.setWindowTitle("Batch printing finished")
        self.setMinimumWidth(620)
        self.summary = QLabel(outcome_summary(outcome))
        set_role(self.summary, "heading")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Batch summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addWidget(self.summary)
        if outcome.printed:
            serials = ", ".join(serial for _rx, serial in outcome.printed)
            if len(outcome.printed) == 1:
                text = f"Serial {serials}. The prescriber signs it in ink before it is sent."
            else:
                text = f"Serials {serials}. The prescriber signs each one in ink before they are sent."
            self.next_step = QLabel(text)
            self.next_step.setWordWrap(True)
            set_role(self.next_step, "muted")
            layout.addWidget(self.next_step)
        self.problems = QLabel(self._problems_html())
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.setWordWrap(True)
        self.problems.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setAccessibleName("Prescriptions not printed")
        if outcome.refused or outcome.not_reached:
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QScrollArea.Shape.NoFrame)
            area.setWidget(self.problems)
            area.setMinimumHeight(min(320, 90 * (len(outcome.refused) + len(outcome.not_reached))))
            layout.addWidget(area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _problems_html(self) -> str:
        parts: list[str] = []
        if self.outcome.refused:
            red = colors(self.palette()).error
            parts.append(f"<p style='color:{red}'><b>Not printed ({len(self.outcome.refused)}):</b></p>")
            parts.extend(
                f"<p style='margin-left:12px'><b>{escape(rx.patient_name)}</b> · MRN {escape(rx.patient_mrn)}"
                f" · {escape(rx.medication)}<br>{escape(message)}</p>"
                for rx, message in self.outcome.refused
            )
        if self.outcome.not_reached:
            why = "stopped before these" if self.outcome.stopped else "not reached"
            parts.append(f"<p><b>Still waiting ({why}, {len(self.outcome.not_reached)}):</b></p>")
            parts.extend(
                f"<p style='margin-left:12px'><b>{escape(rx.patient_name)}</b> · MRN {escape(rx.patient_mrn)}"
                f" · {escape(rx.medication)}</p>"
                for rx in self.outcome.not_reached
            )
        return "".join(parts)

    def not_printed(self) -> list[tuple[str, str]]:
        """(patient, reason) for every script not printed, in order."""
        rows = [(rx.patient_name, message) for rx, message in self.outcome.refused]
        return rows + [(rx.patient_name, "not printed yet") for rx in self.outcome.not_reached]
