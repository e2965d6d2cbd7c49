"""Printing a prescription from the chart, and showing its PDFs.

`PrintFlows` prints the original (once approved), a reprint or a chart copy. It asks before
a reprint through `prompts`, renders the preview on a worker thread (watermarked PREVIEW, no
serial: nothing is issued or recorded yet) and shows it in `PdfPreviewDialog`, whose Print…
and Save PDF… issue the real document through the service: it is recorded (serial, archived
PDF, audit) only once every page was painted on the printer or the file was written. Once a
patient's first original has come out, it offers the new-patient handout packet. It also
shows the archived original and a fax cover sheet. Like `PrescriptionActions`, which owns
it, it never refreshes the list itself: it emits `changed(rx_id)` and `notice(text, tone)`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.prescriptions.status import PrintKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.delivery import Deliver, DeliveryError
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.prescriptions.dto import PrescriptionSummary, PrintedPrescription, ScriptPreview
from ldnclinic.services.prescriptions.printing import SafetyStopError
from ldnclinic.ui.widgets import openers, prompts
from ldnclinic.ui.widgets.pdf_preview import Issue, PdfPreviewDialog, PrintError
from ldnclinic.ui.widgets.tones import Tone
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

REPRINT_KEY = "reprint_prescription"
KIND_NAMES = {
    PrintKind.ORIGINAL: "original",
    PrintKind.REPRINT: "reprint",
    PrintKind.CHART_COPY: "chart copy",
}


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
        """Show the original (approved), a reprint or a chart copy as a preview to print from;
        the preview is rendered off the GUI thread.

        Returns False when nothing was started (the user said no, or a print is running)."""
        if self.printing:
            return False
        if (
            rx.status.was_printed
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
        self.notice.emit("Preparing the preview…", Tone.INFO)
        services, actor, rx_id = self._services, self._actor, rx.id
        run_in_background(
            lambda: services.prescriptions.script_preview(actor, rx_id, copy=copy),
            on_result=self._previewed,
            on_error=lambda error: self._print_failed(rx_id, error),
            owner=self._parent,
        )
        return True

    def _previewed(self, preview: ScriptPreview) -> None:
        """The preview, whose Print… and Save PDF… issue the document through the service."""
        self.printing = False
        self.notice.emit("", Tone.INFO)
        kind = KIND_NAMES[preview.kind]
        services, actor, rx_id = self._services, self._actor, preview.prescription_id
        copy = preview.kind is PrintKind.CHART_COPY
        expect = preview.kind if preview.kind is PrintKind.ORIGINAL else None

        def issue(deliver: Deliver) -> PrintedPrescription:
            return services.prescriptions.print(actor, rx_id, copy=copy, deliver=deliver, expect=expect)

        title = (
            f"Prescription {preview.serial} — {kind} (preview)"
            if preview.serial
            else "Prescription preview — original (not printed yet)"
        )
        dialog = self.show_pdf(
            preview.pdf,
            title,
            f"{preview.serial or f'prescription-{rx_id}'}-{kind.replace(' ', '-')}",
            issue=issue,
        )
        dialog.status.setText(_preview_note(preview, kind))
        if preview.missing:  # the service would refuse: say so now
            dialog.print_button.setEnabled(False)
            dialog.save_button.setEnabled(False)
        dialog.issued.connect(lambda printed, where: self._printed(dialog, printed, where))
        dialog.refused.connect(lambda error: self._print_failed(rx_id, error))

    def _printed(self, dialog: PdfPreviewDialog, printed: PrintedPrescription, where: str) -> None:
        kind = KIND_NAMES[printed.kind]
        if printed.kind is PrintKind.ORIGINAL:
            text = (
                f"Printed the original {printed.serial} ({where}). Have the prescriber sign it by hand, "
                "then use Confirm signature."
            )
        else:
            text = f"Printed a {kind} of {printed.serial} ({where})."
        self.notice.emit(text, Tone.CALM)
        self.changed.emit(printed.prescription_id)
        if printed.kind is PrintKind.ORIGINAL:
            # Queued: asked once the script's preview has closed, never inside its closing.
            dialog.finished.connect(self._offer_packet, Qt.ConnectionType.QueuedConnection)

    def _offer_packet(self, _result: int = 0) -> None:
        """After a patient's first prescription: the new-patient packet, if none was given."""
        patient = self._patient()
        if patient is not None and not self._dialog_open():
            offered = openers.offer_new_patient_packet(
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
        suffix = " Nothing was recorded." if isinstance(error, (PrintError, DeliveryError)) else ""
        self.notice.emit(prefix + error.message + suffix, Tone.DANGER)
        self.changed.emit(rx_id)

    def view(self, rx: PrescriptionSummary) -> PdfPreviewDialog | None:
        """The archived original exactly as printed, to look at or save (not to print: a second
        original would be unmarked and unrecorded; Reprint makes a marked, recorded one)."""
        try:
            pdf, _sha256 = self._services.prescriptions.archived_pdf(self._actor, rx.id)
        except DomainError as error:
            self.notice.emit(error.message, Tone.DANGER)
            return None
        dialog = self.show_pdf(pdf, f"Prescription {rx.serial} — archived original", f"{rx.serial}-original")
        # Printing the archived original again would make an unmarked, unrecorded second original.
        dialog.print_button.setVisible(False)
        dialog.status.setText("The original as printed, kept for the record. To print it again, use Reprint.")
        return dialog

    def fax_cover(self, rx: PrescriptionSummary) -> PdfPreviewDialog | None:
        """A cover sheet for faxing the printed script to its pharmacy, shown to print."""
        try:
            pdf = self._services.prescriptions.fax_cover(self._actor, rx.id)
        except DomainError as error:
            self.notice.emit(error.message, Tone.DANGER)
            return None
        return self.show_pdf(pdf, f"Fax cover sheet for {rx.serial}", f"{rx.serial}-fax-cover")

    def show_pdf(
        self, pdf: bytes, title: str, file_name: str, *, issue: Issue | None = None
    ) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title, self._parent, file_name=f"{file_name}.pdf", issue=issue)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: self._pdf_closed(dialog))
        dialog.resize(860, 720)
        dialog.open()
        self.pdf_dialog = dialog
        return dialog

    def _pdf_closed(self, dialog: PdfPreviewDialog) -> None:
        if self.pdf_dialog is dialog:
            self.pdf_dialog = None


def _preview_note(preview: ScriptPreview, kind: str) -> str:
    """The line under the preview: what Print… and Save PDF… will do, or why they cannot."""
    if preview.missing:
        return "Cannot be printed yet: the prescription is missing " + "; ".join(preview.missing) + "."
    if preview.kind is PrintKind.ORIGINAL:
        return (
            "Preview, not valid for dispensing. Print… or Save PDF… issues the original: it gets its "
            "serial and is recorded once it has printed or been saved."
        )
    return f"Preview. Print… or Save PDF… makes the {kind}; it is recorded once it has printed or been saved."
