"""The chart's "Documents" tab: the handouts the patient was given, newest first.

Each row is one print: when (in the clinic's zone), which handouts and versions, in which
language, whether it was the new-patient packet, and who printed it. "View" shows the copy
kept when it was printed, exactly as given; "Reprint…" shows it and asks for the printer
at once. Printed or saved from either, it is a reprint, audited once it came out. "Print handouts…"
opens the Print handouts dialog, and the list is fetched again after it printed.

The list is fetched on a worker thread, and only while the tab is on screen: a chart opened
on another tab fetches it when this one is shown (and again each time it is shown, so
handouts printed from another tab, such as the new-patient packet offered after the first
prescription, are listed).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.delivery import Deliver
from ldnclinic.services.handouts.service import HandoutRecord
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.ui.handouts.documents_model import (
    DocumentColumn,
    DocumentsModel,
    item_text,
    language_text,
    packet_text,
)
from ldnclinic.ui.handouts.handout_dialog import HandoutDialog
from ldnclinic.ui.widgets.chart_tabs import ChartTabContext
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog, PrinterQuestion, ask_printer
from ldnclinic.ui.widgets.sections import heading, muted
from ldnclinic.ui.widgets.table_model import set_up_list_table, size_columns
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.tones import Banner, Tone, hint_colour
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

NO_DOCUMENTS = (
    "No handouts given yet.\n“Print handouts…” prints them, and a copy of what was given is kept here."
)
KEPT_HINT = (
    "View and Reprint show the copy kept when the handouts were printed, exactly as the patient got them."
)


class DocumentsTab(QWidget):
    def __init__(
        self, services: Services, actor: Actor, patient_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentsTab")
        self._services = services
        self._actor = actor
        self.patient_id = patient_id
        self.patient: PatientDetail | None = None
        self.can_print = actor.can(Permission.HANDOUT_PRINT)
        self.choose_printer: PrinterQuestion = ask_printer  # tests answer the printer dialog here
        self._ticket = 0
        self._wanted: int | None = None
        self.loading = False
        self.loaded = False
        self.dialog: HandoutDialog | None = None  # the Print handouts dialog opened last
        self.pdf_dialog: PdfPreviewDialog | None = None  # the copy shown last (View / Reprint…)
        self.model = DocumentsModel(services.clinic.zone(), self)
        self._build()
        self._update_state()

    @classmethod
    def from_context(cls, context: ChartTabContext) -> DocumentsTab:
        return cls(context.services, context.actor, context.patient_id)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.count_label = muted("", self)
        self.count_label.setWordWrap(False)
        self.print_button = _button(
            "Print handouts…", "Choose handouts for this patient, preview and print them", self
        )
        self.print_button.clicked.connect(lambda _checked=False: self.print_handouts())
        self.print_button.setVisible(self.can_print)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(heading("Handouts given", self))
        top.addWidget(self.count_label, 1)
        top.addWidget(self.print_button)
        self.banner = Banner(Tone.INFO, self)
        self.banner.setObjectName("documentsBanner")
        self.table = self._make_table()
        self.empty = QLabel(NO_DOCUMENTS, self)
        self.empty.setObjectName("documentsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(NO_DOCUMENTS)
        self.empty.setStyleSheet(f"color: {hint_colour()}; font-size: 12pt; padding: 40px;")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.view_button = _button("View", "Show the selected handouts as they were printed", self)
        self.view_button.clicked.connect(lambda _checked=False: self.view())
        self.reprint_button = _button(
            "Reprint…", "Print the selected handouts again, exactly as they were given", self
        )
        self.reprint_button.clicked.connect(lambda _checked=False: self.reprint())
        for button in (self.view_button, self.reprint_button):
            # the kept copy is read with the print permission; a button never stretches
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.kept_hint = muted(KEPT_HINT, self)
        self.details = self._make_details()
        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.view_button)
        actions.addWidget(self.reprint_button)
        actions.addSpacing(10)
        actions.addWidget(self.kept_hint, 1)
        actions.addStretch(0)  # holds the row left when the hint is hidden
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.details)
        layout.addLayout(actions)

    def _make_details(self) -> QFrame:
        """Under the table, the selected print in full: one line per handout, with its version."""
        frame = QFrame(self)
        frame.setObjectName("documentDetails")
        set_role(frame, "card")
        self.details_title = QLabel(frame)
        self.details_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.details_title.font()
        font.setBold(True)
        self.details_title.setFont(font)
        self.details_items = QLabel(frame)
        self.details_items.setTextFormat(Qt.TextFormat.PlainText)
        self.details_items.setWordWrap(True)
        self.details_items.setAccessibleName("Handouts in the selected print")
        self.details_items.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.details_title)
        layout.addWidget(self.details_items)
        return frame

    def _show_details(self, record: HandoutRecord | None) -> None:
        self.details.setVisible(record is not None)
        if record is None:
            return
        who = f" by {record.printed_by}" if record.printed_by else ""
        parts = [f"Printed {self.model.local_time(record.printed_at)}{who}", language_text(record.language)]
        parts.append(packet_text(record))
        self.details_title.setText(" · ".join(part for part in parts if part))
        self.details_items.setText("\n".join(f"•  {item_text(item)}" for item in record.items))

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        set_up_list_table(table, self.model, "Handouts given, newest first")
        samples = {
            DocumentColumn.DATE: "00/00/0000 00:00",
            DocumentColumn.LANGUAGE: "Language",
            DocumentColumn.PACKET: "New-patient packet",
            DocumentColumn.PRINTED_BY: "Elena García, MD",
        }
        size_columns(table, samples, stretch=DocumentColumn.HANDOUTS, padding=24)
        table.selectionModel().selectionChanged.connect(lambda _new, _old: self._update_state())
        table.doubleClicked.connect(self._double_clicked)
        return table

    # --- data -----------------------------------------------------------------------------

    def show_detail(self, detail: PatientDetail) -> None:
        """The chart was (re)loaded: fetch the list now if the tab is on screen, else when it
        is shown."""
        self.patient = detail
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Fetch the list again on a worker; then select `select_id` (else the same record)."""
        current = self.selected()
        self._wanted = select_id if select_id is not None else (current.id if current else None)
        self._ticket += 1
        ticket = self._ticket
        self.loading = True
        services, actor, patient_id = self._services, self._actor, self.patient_id
        run_in_background(
            lambda: services.handouts.documents(actor, patient_id),
            on_result=lambda records: self._loaded(ticket, records),
            on_error=lambda error: self._load_failed(ticket, error),
            owner=self,
        )

    def _loaded(self, ticket: int, records: list[HandoutRecord]) -> None:
        if ticket != self._ticket:
            return  # a newer fetch is on its way
        self.loading = False
        self.loaded = True
        self.model.set_rows(records)
        row = self.model.row_of(self._wanted) if self._wanted is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._update_state()

    def _load_failed(self, ticket: int, error: BaseException) -> None:
        if ticket != self._ticket:
            return
        self.loading = False
        if isinstance(error, DomainError):
            self.banner.show_message(error.message, Tone.DANGER)
        else:
            report_unhandled(error)

    def selected(self) -> HandoutRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_record(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.table.selectRow(row)

    # --- state ----------------------------------------------------------------------------

    def _update_state(self) -> None:
        count = self.model.rowCount()
        self.stack.setCurrentWidget(self.table if count or not self.loaded else self.empty)
        if count:
            self.count_label.setText(f"{count} print{'s' if count != 1 else ''}, newest first")
        else:
            self.count_label.setText("")
        record = self.selected()
        for button in (self.view_button, self.reprint_button):
            button.setEnabled(record is not None)
            button.setVisible(self.can_print and bool(count))  # nothing to show in the empty state
        self._show_details(record)
        self.kept_hint.setVisible(bool(count) and self.can_print)

    # --- printing -------------------------------------------------------------------------

    def print_handouts(self) -> HandoutDialog | None:
        """Open the Print handouts dialog; the list is fetched again after it printed."""
        if not self.can_print:
            return None
        self.banner.clear_message()
        name = self.patient.display_name if self.patient is not None else ""
        try:
            dialog = HandoutDialog(self._services, self._actor, self.patient_id, self, patient_name=name)
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.choose_printer = self.choose_printer
        dialog.printed.connect(self._printed)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _printed(self, record: object) -> None:
        if not isinstance(record, HandoutRecord):
            return
        count = len(record.items)
        self.banner.show_message(
            f"Gave {count} handout{'s' if count != 1 else ''} in {language_text(record.language)}; "
            "the chart keeps a copy.",
            Tone.CALM,
        )
        self.refresh(select_id=record.id)

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None  # window-modal: only one at a time

    # --- the kept copy --------------------------------------------------------------------

    def view(self) -> PdfPreviewDialog | None:
        """The selected print exactly as it was given (to look at, print or save)."""
        record = self.selected()
        if record is None:
            return None
        return self._show_copy(record, reprint=False)

    def reprint(self) -> PdfPreviewDialog | None:
        """The selected print exactly as it was given, with the printer dialog opened at once."""
        record = self.selected()
        if record is None:
            return None
        dialog = self._show_copy(record, reprint=True)
        if dialog is not None:
            dialog.print_document()
        return dialog

    def _show_copy(self, record: HandoutRecord, *, reprint: bool) -> PdfPreviewDialog | None:
        """The kept copy; for a reprint, Print… and Save PDF… go through the service, which
        audits the reprint once it came out."""
        self.banner.clear_message()
        handouts, actor, record_id = self._services.handouts, self._actor, record.id
        try:
            pdf = handouts.stored(actor, record_id)
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
            return None

        def again(deliver: Deliver) -> bytes:
            return handouts.reprint(actor, record_id, deliver=deliver)

        name = self.patient.display_name if self.patient is not None else ""
        when = self.model.local_time(record.printed_at)
        kind = "reprint" if reprint else "as given"
        title = " — ".join(part for part in (f"Handouts given {when}", kind, name) if part)
        dialog = PdfPreviewDialog(
            pdf,
            title,
            self,
            file_name=f"handouts-{record.id}{'-reprint' if reprint else ''}.pdf",
            issue=again,  # printed from View too, it is a reprint: recorded once it came out
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.choose_printer = self.choose_printer
        dialog.status.setText(f"The copy kept on {when}.")
        dialog.issued.connect(
            lambda _pdf, where: self.banner.show_message(
                f"Reprinted the handouts given {when} ({where}).", Tone.CALM
            )
        )
        dialog.resize(860, 720)
        dialog.finished.connect(self._pdf_closed)
        self.pdf_dialog = dialog
        dialog.open()
        return dialog

    def _pdf_closed(self, _result: int) -> None:
        self.pdf_dialog = None

    def _double_clicked(self, index: QModelIndex) -> None:
        record = self.model.row_at(index.row())
        if record is not None and self.can_print:
            self.select_record(record.id)
            self.view()


def _button(text: str, tooltip: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tooltip)
    button.setAutoDefault(False)
    return button
