"""What can be done to a prescription from the chart: the flows behind the tab's buttons.

`allowed()` says which actions a user may take on a script in its present state (the
buttons are hidden by role and enabled by status; the service checks again; the rules are
in `action_rules`). The `PrescriptionActions` object runs each flow: it opens the editor or
the approve dialog, asks the questions through `prompts`, and opens the small dialogs of
`action_dialogs`; printing and showing PDFs are `print_flows.PrintFlows`, which it owns. It
never refreshes the list itself: it emits `changed(rx_id)` and `notice(text, tone)` and the
tab does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.prescriptions.dto import PrescriptionDetail, PrescriptionSummary
from ldnclinic.ui.prescriptions.action_dialogs import SendDialog, VoidDialog
from ldnclinic.ui.prescriptions.action_rules import rx_label
from ldnclinic.ui.prescriptions.approve_dialog import ApproveDialog
from ldnclinic.ui.prescriptions.editor_dialog import PrescriptionEditor
from ldnclinic.ui.prescriptions.print_flows import PrintFlows
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.widgets.tones import Tone

D = TypeVar("D", bound=QDialog)
SIGN_KEY = "confirm_prescription_signature"
RENEW_KEY = "renew_prescription"


class PrescriptionActions(QObject):
    changed = Signal(object)  # the id of the prescription to select after the list is reloaded
    notice = Signal(str, object)  # a message and its Tone, for the tab's banner

    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget,
        patient: Callable[[], PatientDetail | None],
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._parent = parent
        self._patient = patient
        self.dialog: QDialog | None = None  # the dialog opened last (tests look at it)
        self.printer = PrintFlows(
            services,
            actor,
            parent,
            patient,
            dialog_open=lambda: self.dialog is not None,
            open_dialog=self._open,
        )
        self.printer.changed.connect(self.changed)
        self.printer.notice.connect(self.notice)

    # --- writing -------------------------------------------------------------------------------

    def new(self) -> PrescriptionEditor | None:
        """The editor for a new script; for a patient with a live script it starts from that
        one (continue the same plan, or change the dose), never from a fresh titration."""
        patient = self._patient()
        if patient is None or not self._actor.can(Permission.RX_DRAFT):
            return None
        try:
            start = self._services.prescriptions.new_draft_for(self._actor, patient.id)
        except DomainError as error:
            self.notice.emit(error.message, Tone.DANGER)
            return None
        editor = PrescriptionEditor(self._services, self._actor, patient, None, self._parent, start=start)
        editor.saved.connect(lambda detail: self._saved(detail, "Draft saved."))
        return self._open(editor)

    def open(self, rx_id: int) -> PrescriptionEditor | None:
        patient = self._patient()
        detail = self._get(rx_id)
        if patient is None or detail is None:
            return None
        editor = PrescriptionEditor(self._services, self._actor, patient, detail, self._parent)
        editor.saved.connect(lambda saved: self._saved(saved, "Changes saved."))
        return self._open(editor)

    def _saved(self, detail: PrescriptionDetail, text: str) -> None:
        if detail.status is not RxStatus.DRAFT:
            waiting = ""
        elif self._actor.can(Permission.RX_APPROVE):
            waiting = " Approve it when you are ready."
        else:
            waiting = " It waits for a prescriber's approval."
        self.notice.emit(f"{text}{waiting}", Tone.CALM)
        self.changed.emit(detail.id)

    def renew(self, rx: PrescriptionSummary) -> PrescriptionDetail | None:
        if not prompts.confirm(
            self._parent,
            RENEW_KEY,
            "Renew prescription",
            f"Write a new draft like {rx_label(rx)} ({rx.plan_text}; {rx.supply_days} days, "
            f"{rx.refills} refills), starting today? A prescriber approves it before it is printed.",
            yes="Renew",
            no="Cancel",
        ):
            return None
        try:
            detail = self._services.prescriptions.renew(self._actor, rx.id)
        except DomainError as error:
            self.notice.emit(error.message, Tone.DANGER)
            return None
        self.notice.emit(
            f"Renewed {rx_label(rx)} as draft #{detail.id}, starting today. Open it to check it, "
            "then a prescriber approves it.",
            Tone.CALM,
        )
        self.changed.emit(detail.id)
        return detail

    # --- approving and signing -----------------------------------------------------------------

    def approve(self, rx_id: int) -> ApproveDialog | None:
        detail = self._get(rx_id)
        if detail is None or not self._actor.can(Permission.RX_APPROVE):
            return None
        dialog = ApproveDialog(self._services, self._actor, detail, self._parent)
        dialog.approved.connect(self._approved)
        return self._open(dialog)

    def _approved(self, detail: PrescriptionDetail) -> None:
        self.notice.emit(f"Approved {rx_label(detail)}: ready to print.", Tone.CALM)
        self.changed.emit(detail.id)

    def sign(self, rx: PrescriptionSummary) -> PrescriptionDetail | None:
        if not prompts.confirm(
            self._parent,
            SIGN_KEY,
            "Confirm signature",
            f"Confirm that you have signed the printed original of {rx_label(rx)} by hand?",
            yes="I signed it",
            no="Not yet",
        ):
            return None
        detail = self._get(rx.id)
        if detail is None:
            return None
        try:
            signed = self._services.prescriptions.sign(self._actor, rx.id, detail.version)
        except DomainError as error:
            self.notice.emit(error.message, Tone.DANGER)
            self.changed.emit(rx.id)
            return None
        self.notice.emit(f"Signature confirmed on {rx_label(signed)}: ready to send.", Tone.CALM)
        self.changed.emit(rx.id)
        return signed

    def send(self, rx_id: int) -> SendDialog | None:
        detail = self._get(rx_id)
        if detail is None:
            return None
        dialog = SendDialog(self._services, self._actor, detail, self._parent)
        dialog.done_with.connect(lambda sent: self._finished(sent, f"{rx_label(sent)} {_sent_text(sent)}."))
        return self._open(dialog)

    def void(self, rx_id: int) -> VoidDialog | None:
        detail = self._get(rx_id)
        if detail is None:
            return None
        dialog = VoidDialog(self._services, self._actor, detail, self._parent)
        dialog.done_with.connect(lambda voided: self._finished(voided, f"{rx_label(voided)} is void."))
        return self._open(dialog)

    def _finished(self, detail: PrescriptionDetail, text: str) -> None:
        self.notice.emit(text, Tone.CALM)
        self.changed.emit(detail.id)

    # --- printing (print_flows.PrintFlows) ----------------------------------------------------

    @property
    def printing(self) -> bool:
        """A print is running on a worker thread."""
        return self.printer.printing

    @property
    def pdf_dialog(self) -> PdfPreviewDialog | None:
        """The PDF preview shown last, while it is open."""
        return self.printer.pdf_dialog

    def print(self, rx: PrescriptionSummary, *, copy: bool = False) -> bool:
        """Print the original (approved), a reprint or a chart copy, off the GUI thread.

        Returns False when nothing was started (the user said no, or a print is running)."""
        return self.printer.print(rx, copy=copy)

    def view(self, rx: PrescriptionSummary) -> PdfPreviewDialog | None:
        """The archived original exactly as printed (nothing new is printed or recorded)."""
        return self.printer.view(rx)

    def fax_cover(self, rx: PrescriptionSummary) -> PdfPreviewDialog | None:
        """A cover sheet for faxing the printed script to its pharmacy, shown to print."""
        return self.printer.fax_cover(rx)

    def show_pdf(self, pdf: bytes, title: str, file_name: str) -> PdfPreviewDialog:
        return self.printer.show_pdf(pdf, title, file_name)

    # --- helpers -------------------------------------------------------------------------------

    def _get(self, rx_id: int) -> PrescriptionDetail | None:
        try:
            return self._services.prescriptions.get(self._actor, rx_id)
        except DomainError as error:
            self.notice.emit(error.message, Tone.DANGER)
            return None

    def _open(self, dialog: D) -> D:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def _sent_text(detail: PrescriptionDetail) -> str:
    method = detail.sent_method.label.lower() if detail.sent_method else "sent"
    where = f" to {detail.sent_to_pharmacy_name}" if detail.sent_to_pharmacy_name else ""
    return f"marked {method}{where}"
