"""The Prescriptions page: what waits for a prescriber, and what is ready to print.

Two tabs, each with its count in the title. "Awaiting approval" lists drafts (for a
prescriber: theirs and the unassigned ones) with the hard stops the safety screen finds;
opening one emits `open_prescription_requested(rx_id, patient_id)`, which by default opens
the patient's chart at its Prescriptions tab. "Ready to print" lists the approved scripts
that can print, with check boxes, and prints the checked ones (or all) as one batch; under
it, "Cannot print yet" lists approved scripts the printer would refuse now (missing Texas
elements, a chart that changed since approval), each with the service's reason
(`PrescriptionService.print_queue`, the print checks), and never puts them in a batch:

1. the printer is chosen once (QPrintDialog, through `choose_printer` so tests answer it);
2. a worker prints each script through the service, which renders it, has its pages painted
   on that printer and only then records it (serial, archived PDF), reporting progress to a
   cancellable QProgressDialog; stopping keeps what was printed printed;
3. a script the service refuses (missing Texas elements, a chart that changed since
   approval) is skipped with its message, and the others still print; a printer failure
   ends the batch, and the script it failed on is not recorded (still ready to print);
4. the result dialog lists what printed and what did not, and both lists are fetched again.

The worker's part and the result dialog live in `batch_print`; this page starts the batch,
shows its progress and handles Stop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QPageSize, QShowEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.status import PrintKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.delivery import Deliver
from ldnclinic.services.prescriptions.dto import PrescriptionSummary, PrintedPrescription, PrintQueue
from ldnclinic.ui.prescriptions.batch_print import (
    BatchOutcome,
    BatchProgress,
    BatchResultDialog,
    outcome_summary,
    plural,
    print_batch,
)
from ldnclinic.ui.prescriptions.queue_model import (
    APPROVAL_COLUMNS,
    BLOCKED_COLUMNS,
    PRINT_COLUMNS,
    PrescriptionQueueModel,
    QueueColumn,
)
from ldnclinic.ui.widgets import openers, prompts
from ldnclinic.ui.widgets.pdf_preview import PrinterQuestion, ask_printer
from ldnclinic.ui.widgets.table_model import set_up_list_table
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

OpenChart = Callable[[int, int], object]  # (rx_id, patient_id)

APPROVAL_TITLE = "Awaiting approval"
PRINT_TITLE = "Ready to print"
BLOCKED_TITLE = "Cannot print yet"


# --- the page -------------------------------------------------------------------------------


class PrescriptionQueueView(QWidget):
    """The clinic's prescription queues. `open_chart(rx_id, patient_id)` handles Open."""

    open_prescription_requested = Signal(int, int)  # rx_id, patient_id

    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        open_chart: OpenChart | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._open_chart = open_chart or self._open_in_chart
        self.choose_printer: PrinterQuestion = ask_printer
        self.may_print = actor.can(Permission.RX_PRINT)
        self.loaded = False
        self.progress: QProgressDialog | None = None
        self.result_dialog: BatchResultDialog | None = None
        self._stop: threading.Event | None = None
        self._batch_progress: BatchProgress | None = None
        zone = services.clinic.zone()
        self.approval_model = PrescriptionQueueModel(APPROVAL_COLUMNS, zone, parent=self)
        self.print_model = PrescriptionQueueModel(PRINT_COLUMNS, zone, checkable=True, parent=self)
        self.print_model.checked_changed.connect(self._update_buttons)
        self.blocked_model = PrescriptionQueueModel(BLOCKED_COLUMNS, zone, parent=self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Prescription queues")
        self.tabs.addTab(self._build_approval_tab(), APPROVAL_TITLE)
        if self.may_print:
            self.tabs.addTab(self._build_print_tab(), PRINT_TITLE)
        self.status = QLabel()
        self.status.setAccessibleName("Queue status")
        self.status.setWordWrap(True)
        set_role(self.status, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.open_prescription_requested.connect(self._open_requested)
        self._update_buttons()

    # --- building -----------------------------------------------------------------------------

    def _build_approval_tab(self) -> QWidget:
        if self._actor.can(Permission.RX_APPROVE):
            text = "Drafts for you, or for any prescriber, oldest first. Open one to review and approve it."
        else:
            text = "Drafts waiting for a prescriber, oldest first. A prescriber approves them from the chart."
        self.open_button = _button("Open in chart", "Open in chart", self.open_selected)
        self.refresh_button = _button("Refresh", "Refresh the lists", self.reload)
        self.approval_table = _table(self.approval_model, "Prescriptions awaiting approval", QueueColumn.PLAN)
        _size_columns(self.approval_table, self.approval_model)
        self.approval_table.doubleClicked.connect(self._approval_double_clicked)
        self.approval_table.selectionModel().selectionChanged.connect(
            lambda _new, _old: self._update_buttons()
        )
        self.approval_stack = _with_empty_state(self.approval_table, "Nothing is waiting for approval.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        return _tab_page(text, buttons, self.approval_stack)

    def _build_print_tab(self) -> QWidget:
        text = (
            "Approved prescriptions that can print, not printed yet, oldest first. "
            "Check the ones to print, or print them all."
        )
        self.check_all_button = _button(
            "Check all", "Check all", lambda: self.print_model.set_all_checked(True)
        )
        self.clear_button = _button(
            "Uncheck all", "Uncheck all", lambda: self.print_model.set_all_checked(False)
        )
        self.print_selected_button = _button("Print selected…", "Print selected", self.print_selected)
        self.print_all_button = _button("Print all approved…", "Print all approved", self.print_all)
        self.print_table = _table(self.print_model, "Prescriptions ready to print", QueueColumn.PLAN)
        _size_columns(self.print_table, self.print_model)
        self.print_table.doubleClicked.connect(self._print_double_clicked)
        self.print_stack = _with_empty_state(
            self.print_table, "Every approved prescription has been printed."
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_all_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_selected_button)
        buttons.addWidget(self.print_all_button)
        page = _tab_page(text, buttons, self.print_stack)
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.setStretchFactor(self.print_stack, 1)
        layout.addWidget(self._build_blocked())
        return page

    def _build_blocked(self) -> QWidget:
        """Approved scripts the printer would refuse now, each with why (never in a batch)."""
        self.blocked_heading = QLabel(BLOCKED_TITLE)
        self.blocked_heading.setAccessibleName(BLOCKED_TITLE)
        font = self.blocked_heading.font()
        font.setBold(True)
        self.blocked_heading.setFont(font)
        note = QLabel(
            "Approved, but printing would be refused now. Fix what is named (open the chart), "
            "then the script moves up to be printed."
        )
        note.setWordWrap(True)
        set_role(note, "muted")
        self.blocked_table = _table(self.blocked_model, "Prescriptions that cannot print", QueueColumn.REASON)
        _size_columns(self.blocked_table, self.blocked_model)
        self.blocked_table.doubleClicked.connect(self._blocked_double_clicked)
        self.blocked_section = QWidget()
        column = QVBoxLayout(self.blocked_section)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.blocked_heading)
        column.addWidget(note)
        column.addWidget(self.blocked_table, 1)
        self.blocked_section.hide()
        return self.blocked_section

    # --- data ---------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # every time the page is shown: others approve and print too

    def reload(self) -> None:
        services, actor, may_print = self._services, self._actor, self.may_print

        def fetch() -> tuple[list[PrescriptionSummary], PrintQueue]:
            queue = services.prescriptions.print_queue(actor) if may_print else PrintQueue([], [])
            return services.prescriptions.approval_queue(actor), queue

        run_in_background(fetch, on_result=self._show, owner=self)

    def _show(self, lists: tuple[list[PrescriptionSummary], PrintQueue]) -> None:
        awaiting, queue = lists
        ready = queue.ready
        self.approval_model.set_rows(awaiting)
        self.print_model.set_rows(ready)
        self.blocked_model.set_rows(queue.blocked)
        if self.may_print:
            self.blocked_heading.setText(f"{BLOCKED_TITLE} ({len(queue.blocked)})")
            self.blocked_section.setVisible(bool(queue.blocked))
            _fit_rows(self.blocked_table, len(queue.blocked), most=6)
        self.tabs.setTabText(0, f"{APPROVAL_TITLE} ({len(awaiting)})")
        if self.may_print:
            self.tabs.setTabText(1, f"{PRINT_TITLE} ({len(ready)})")
        self.approval_stack.setCurrentIndex(0 if awaiting else 1)
        if self.may_print:
            self.print_stack.setCurrentIndex(0 if ready else 1)
        self.loaded = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_draft() is not None)
        if not self.may_print:
            return
        busy = self.progress is not None
        checked, total = len(self.print_model.checked()), self.print_model.rowCount()
        self.print_selected_button.setText(f"Print selected ({checked})…" if checked else "Print selected…")
        self.print_all_button.setText(f"Print all approved ({total})…" if total else "Print all approved…")
        self.print_selected_button.setEnabled(bool(checked) and not busy)
        self.print_all_button.setEnabled(bool(total) and not busy)
        self.check_all_button.setEnabled(bool(total) and checked < total)
        self.clear_button.setEnabled(bool(checked))

    # --- opening ------------------------------------------------------------------------------

    def selected_draft(self) -> PrescriptionSummary | None:
        rows = self.approval_table.selectionModel().selectedRows()
        return self.approval_model.summary_at(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        rx = self.selected_draft()
        if rx is not None:
            self.open_prescription_requested.emit(rx.id, rx.patient_id)

    def _approval_double_clicked(self, index: QModelIndex) -> None:
        rx = self.approval_model.summary_at(index.row())
        if rx is not None:
            self.open_prescription_requested.emit(rx.id, rx.patient_id)

    def _blocked_double_clicked(self, index: QModelIndex) -> None:
        rx = self.blocked_model.summary_at(index.row())
        if rx is not None:
            self.open_prescription_requested.emit(rx.id, rx.patient_id)

    def _print_double_clicked(self, index: QModelIndex) -> None:
        rx = self.print_model.summary_at(index.row())
        if rx is not None and index.column() != 0:  # a double click on the check box only checks
            self.open_prescription_requested.emit(rx.id, rx.patient_id)

    def _open_requested(self, rx_id: int, patient_id: int) -> None:
        self._open_chart(rx_id, patient_id)

    def _open_in_chart(self, rx_id: int, patient_id: int) -> None:
        """Open the patient's chart at its Prescriptions tab, with this script selected (the
        chart windows opened from here are this page's own)."""
        openers.open_chart_at_prescription(self, self._services, self._actor, patient_id, rx_id)

    # --- batch printing -----------------------------------------------------------------------

    def print_selected(self) -> None:
        self.print_scripts(self.print_model.checked())

    def print_all(self) -> None:
        self.print_scripts(self.print_model.rows())

    def print_scripts(self, items: Sequence[PrescriptionSummary]) -> bool:
        """Choose the printer, then print `items` in a worker; False if nothing started."""
        if not items or self.progress is not None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # the scripts are US Letter
        printer.setDocName(f"Prescriptions ({len(items)})")
        if not self.choose_printer(printer, self):
            return False
        items = list(items)
        self._stop = stop = threading.Event()
        self._batch_progress = progress = BatchProgress()
        progress.step.connect(self._batch_step)
        self.progress = self._progress_dialog(len(items))
        self._update_buttons()
        print_one = self._print_one
        run_in_background(
            lambda: print_batch(print_one, items, printer, progress, stop),
            on_result=self._batch_done,
            on_error=self._batch_failed,
            owner=self,
        )
        return True

    def _print_one(self, rx_id: int, deliver: Deliver) -> PrintedPrescription:
        """The original, recorded once `deliver` has painted its pages on the batch's job."""
        return self._services.prescriptions.print(
            self._actor, rx_id, deliver=deliver, expect=PrintKind.ORIGINAL
        )

    def _progress_dialog(self, count: int) -> QProgressDialog:
        dialog = QProgressDialog(f"Printing {plural(count, 'prescription')}…", "Stop", 0, count, self)
        dialog.setWindowTitle("Printing prescriptions")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(460)
        dialog.setAccessibleName("Printing progress")
        dialog.canceled.connect(self.stop_printing)
        dialog.setValue(0)
        return dialog

    @Slot(int, str)
    def _batch_step(self, done: int, text: str) -> None:
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setLabelText(text)
            self.progress.setValue(done)

    def stop_printing(self) -> None:
        """Stop after the script being printed now; what is printed stays printed."""
        if self._stop is not None:
            self._stop.set()
            self.status.setText("Stopping after the prescription being printed now…")

    def _finish_batch(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.stop_printing)
            self.progress.close()
            self.progress.deleteLater()
        self.progress = None
        self._stop = None
        self._batch_progress = None

    def _batch_done(self, outcome: BatchOutcome) -> None:
        self._finish_batch()
        self.status.setText(outcome_summary(outcome))
        self.result_dialog = BatchResultDialog(outcome, self)
        self.result_dialog.open()
        self.reload()

    def _batch_failed(self, error: BaseException) -> None:
        self._finish_batch()
        self.status.setText("Printing stopped by an error. What was printed stays printed.")
        self.reload()
        if isinstance(error, DomainError):
            prompts.warn(self, "batch-print-failed", "Printing prescriptions", error.message)
        else:
            report_unhandled(error)


# --- small parts ---------------------------------------------------------------------------------


def _button(text: str, accessible_name: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _table(model: PrescriptionQueueModel, accessible_name: str, stretch: QueueColumn) -> QTableView:
    table = QTableView()
    set_up_list_table(table, model, accessible_name, row_padding=12)
    table.setShowGrid(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(model.column_of(stretch), QHeaderView.ResizeMode.Stretch)
    return table


_SAMPLES = {
    QueueColumn.PATIENT: "Nguyễn Thị, Hằng Maria",
    QueueColumn.MRN: "0000-0000",
    QueueColumn.MEDICATION: "Naltrexone HCl 1.5 mg capsule",
    QueueColumn.TARGET: "Target dose",
    QueueColumn.PRESCRIBER: "Elena García, MD",
    QueueColumn.CREATED: "00/00/0000 00:00",
    QueueColumn.APPROVED: "00/00/0000 00:00",
    QueueColumn.HARD_STOPS: "2 hard stops",
}


def _size_columns(table: QTableView, model: PrescriptionQueueModel) -> None:
    width = table.fontMetrics().horizontalAdvance
    header = table.horizontalHeader()
    for section in range(model.columnCount()):
        sample = _SAMPLES.get(model.column_at(section))
        if sample is not None:
            check_box = 36 if section == 0 and model.checkable else 0
            header.resizeSection(section, width(sample) + 24 + check_box)


def _fit_rows(table: QTableView, rows: int, *, most: int) -> None:
    """As tall as `rows` rows (at most `most`; it scrolls beyond), so a short list leaves the
    room to the list above it."""
    shown = max(1, min(rows, most))
    height = (
        table.horizontalHeader().sizeHint().height() + shown * table.verticalHeader().defaultSectionSize()
    )
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


def _with_empty_state(table: QTableView, text: str) -> QStackedWidget:
    empty = QLabel(text)
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setAccessibleName(text)
    set_role(empty, "muted")
    stack = QStackedWidget()
    stack.addWidget(table)
    stack.addWidget(empty)
    return stack


def _tab_page(text: str, buttons: QHBoxLayout, body: QWidget) -> QWidget:
    note = QLabel(text)
    note.setWordWrap(True)
    set_role(note, "muted")
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 12, 0, 0)
    layout.setSpacing(8)
    layout.addWidget(note)
    layout.addLayout(buttons)
    layout.addWidget(body, 1)
    return page
