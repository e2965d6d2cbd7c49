"""Printing a prescription from the chart, and showing its PDFs.

`PrintFlows` prints the original (once approved), a reprint or a chart copy on a worker
thread (rendering the PDF is the slow part), asks before a reprint through `prompts`, shows
the result in `PdfPreviewDialog` and, once a patient's first original has been previewed,
offers the new-patient handout packet. It also shows the archived original and a fax cover
sheet. Like `PrescriptionActions`, which owns it, it never refreshes the list itself: it
emits `changed(rx_id)` and `notice(text, tone)`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.prescription_status import PrintKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patient_dto import PatientDetail
from ldnclinic.services.prescription_dto import PrescriptionSummary, PrintedPrescription
from ldnclinic.services.prescriptions import SafetyStopError
from ldnclinic.ui import prompts
from ldnclinic.ui.patients.style import Tone
from ldnclinic.ui.prescriptions.action_rules import PRINTED_STATES
from ldnclinic.ui.prescriptions.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.workers import report_unhandled, run_in_background

REPRINT_KEY = "reprint_prescription"


class PrintFlows(QObject):
    """Print, show the archived original or a fax cover, and offer the new-patient packet."""

    changed = Signal(object)  # the id of the prescription to select after the list is reloaded
    notice = Signal(str, object)  # a message and its Tone, for the tab's banner

    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget,
        patient: Callable[[], PatientDetail | None],
        *,
        dialog_open: Callable[[], bool],
        open_dialog: Callable[[QDialog], object],
    ) -> None:
        """`dialog_open` says whether the owner shows a dialog already (then no packet is
        offered); `open_dialog` opens the offered packet dialog as the owner's own."""
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._parent = parent
        self._patient = patient
        self._dialog_open = dialog_open
        self._open_dialog = open_dialog
        self.pdf_dialog: PdfPreviewDialog | None = None
        self.printing = False

    def print(self, rx: PrescriptionSummary, *, copy: bool = False) -> bool:
        """Print the original (approved), a reprint or a chart copy, off the GUI thread.

        Returns False when nothing was started (the user said no, or a print is running)."""
        if self.printing:
            return False
        if (
            rx.status in PRINTED_STATES
            and not copy
            and not prompts.confirm(
                self._parent,
                REPRINT_KEY,
                "Reprint prescription",
                f"The original of {rx.serial} was printed already. Print a reprint, marked REPRINT, "
                "from the archived original?",
                yes="Print reprint",
                no="Cancel",
            )
        ):
            return False
        self.printing = True
        self.notice.emit("Preparing the prescription…", Tone.INFO)
        services, actor, rx_id = self._services, self._actor, rx.id
        run_in_background(
            lambda: services.prescriptions.print(actor, rx_id, copy=copy),
            on_result=self._printed,
            on_error=lambda error: self._print_failed(rx_id, error),
            owner=self._parent,
        )
        return True

    def _printed(self, printed: PrintedPrescription) -> None:
        self.printing = False
        kind = {
            PrintKind.ORIGINAL: "original",
            PrintKind.REPRINT: "reprint",
            PrintKind.CHART_COPY: "chart copy",
        }[printed.kind]
        if printed.kind is PrintKind.ORIGINAL:
            text = (
                f"Issued {printed.serial}. Print it from the preview, have the prescriber sign it by hand, "
                "then use Confirm signature."
            )
        else:
            text = f"{printed.serial}: {kind} ready; print it from the preview."
        self.notice.emit(text, Tone.CALM)
        self.changed.emit(printed.prescription_id)
        pdf = self.show_pdf(
            printed.pdf, f"Prescription {printed.serial} — {kind}", f"{printed.serial}-{kind}"
        )
        if printed.kind is PrintKind.ORIGINAL:
            # Queued: asked once the script's preview has closed, never inside its closing.
            pdf.finished.connect(self._offer_packet, Qt.ConnectionType.QueuedConnection)

    def _offer_packet(self, _result: int = 0) -> None:
        """After a patient's first prescription: the new-patient packet, if none was given."""
        from ldnclinic.ui.handouts.packet_offer import offer_new_patient_packet

        patient = self._patient()
        if patient is not None and not self._dialog_open():
            offered = offer_new_patient_packet(
                self._services, self._actor, patient.id, patient.display_name, self._parent
            )
            if offered is not None:
                self._open_dialog(offered)

    def _print_failed(self, rx_id: int, error: BaseException) -> None:
        self.printing = False
        if not isinstance(error, DomainError):
            self.notice.emit("", Tone.INFO)
            report_unhandled(error)
            return
        prefix = "" if isinstance(error, SafetyStopError) else "Not printed: "
        self.notice.emit(prefix + error.message, Tone.DANGER)
        self.changed.emit(rx_id)

    def view(self, rx: PrescriptionSummary) -> PdfPreviewDialog | None:
        """The archived original exactly as printed (nothing new is printed or recorded)."""
        try:
            pdf, _sha256 = self._services.prescriptions.archived_pdf(self._actor, rx.id)
        except DomainError as error:
            self.notice.emit(error.message, Tone.DANGER)
            return None
        return self.show_pdf(pdf, f"Prescription {rx.serial} — archived original", f"{rx.serial}-original")

    def fax_cover(self, rx: PrescriptionSummary) -> PdfPreviewDialog | None:
        """A cover sheet for faxing the printed script to its pharmacy, shown to print."""
        try:
            pdf = self._services.prescriptions.fax_cover(self._actor, rx.id)
        except DomainError as error:
            self.notice.emit(error.message, Tone.DANGER)
            return None
        return self.show_pdf(pdf, f"Fax cover sheet for {rx.serial}", f"{rx.serial}-fax-cover")

    def show_pdf(self, pdf: bytes, title: str, file_name: str) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title, self._parent, file_name=f"{file_name}.pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: self._pdf_closed(dialog))
        dialog.resize(860, 720)
        dialog.open()
        self.pdf_dialog = dialog
        return dialog

    def _pdf_closed(self, dialog: PdfPreviewDialog) -> None:
        if self.pdf_dialog is dialog:
            self.pdf_dialog = None
