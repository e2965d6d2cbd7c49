"""What can be done to a prescription from the chart, and the small dialogs those steps need.

`allowed()` says which actions a user may take on a script in its present state (the
buttons are hidden by role and enabled by status; the service checks again). The
`PrescriptionActions` object runs each flow: it opens the editor or the approve dialog,
asks the questions through `prompts`, prints on a worker thread (rendering a PDF is the slow
part) and shows the result in `PdfPreviewDialog`. It never refreshes the list itself: it
emits `changed(rx_id)` and `notice(text, tone)` and the tab does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescription_status import PrintKind, RxStatus, SendMethod
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patient_dto import PatientDetail
from ldnclinic.services.prescription_dto import PrescriptionDetail, PrescriptionSummary, PrintedPrescription
from ldnclinic.services.prescriptions import SafetyStopError
from ldnclinic.ui import prompts
from ldnclinic.ui.patients.style import Banner, FieldMessage, Tone
from ldnclinic.ui.prescriptions.approve_dialog import ApproveDialog
from ldnclinic.ui.prescriptions.editor_dialog import PrescriptionEditor
from ldnclinic.ui.prescriptions.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.widgets.dialog_parts import button_row
from ldnclinic.ui.workers import report_unhandled, run_in_background

D = TypeVar("D", bound=QDialog)
REPRINT_KEY = "reprint_prescription"
SIGN_KEY = "confirm_prescription_signature"
RENEW_KEY = "renew_prescription"
PRINTED_STATES = (RxStatus.PRINTED, RxStatus.SIGNED, RxStatus.SENT)


class Action(StrEnum):
    NEW = "new"
    OPEN = "open"
    APPROVE = "approve"
    PRINT = "print"
    CHART_COPY = "chart_copy"
    VIEW = "view"
    FAX_COVER = "fax_cover"
    SIGN = "sign"
    SEND = "send"
    VOID = "void"
    RENEW = "renew"


def visible_actions(actor: Actor) -> frozenset[Action]:
    """The buttons a user's roles may ever use (others are not shown at all)."""
    shown = {Action.OPEN, Action.VIEW}
    if actor.can(Permission.RX_DRAFT):
        shown |= {Action.NEW, Action.VOID, Action.RENEW}
    if actor.can(Permission.RX_PRINT):
        shown |= {Action.PRINT, Action.CHART_COPY, Action.FAX_COVER, Action.SEND}
    if actor.can(Permission.RX_APPROVE):
        shown |= {Action.APPROVE, Action.SIGN}
    return frozenset(shown)


def allowed(actor: Actor, rx: PrescriptionSummary | None) -> frozenset[Action]:
    """What this user may do now with this script (None: nothing selected)."""
    shown = visible_actions(actor)
    if rx is None:
        return frozenset(shown & {Action.NEW})
    status = rx.status
    possible = {Action.NEW, Action.OPEN}
    if status is RxStatus.DRAFT:
        possible.add(Action.APPROVE)
    if status is RxStatus.APPROVED or status in PRINTED_STATES:
        possible.add(Action.PRINT)
    if status in PRINTED_STATES:
        possible |= {Action.CHART_COPY, Action.FAX_COVER}
    if rx.serial is not None:
        possible.add(Action.VIEW)
    if status is RxStatus.PRINTED and rx.prescriber_name == actor.display_name:
        possible.add(Action.SIGN)
    if status is RxStatus.SIGNED:
        possible.add(Action.SEND)
    if status.voidable and (status is RxStatus.DRAFT or actor.can(Permission.RX_APPROVE)):
        possible.add(Action.VOID)
    if status is not RxStatus.DRAFT:
        possible.add(Action.RENEW)
    return frozenset(shown & possible)


def rx_label(rx: PrescriptionSummary | PrescriptionDetail) -> str:
    """ "RX-0000001-8" once printed, else "draft #12" (or "approved #12")."""
    return rx.serial or f"{rx.status.label.lower()} prescription #{rx.id}"


# --- small dialogs ---------------------------------------------------------------------------


class _ActionDialog(QDialog):
    """A question with a few inputs, a banner for refusals and [accept] [Cancel]."""

    done_with = Signal(object)  # PrescriptionDetail after the service accepted

    def __init__(self, title: str, intro: str, accept: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = Banner(Tone.DANGER, self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        buttons, self.accept_button, self.cancel_button = button_row(accept, "Cancel", self.run, self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)

    def run(self) -> None:
        try:
            detail = self.call()
        except ValidationError as error:
            self.show_field_errors(error.field_errors)
        except ConflictError as error:
            self.banner.show_message(f"{error.message} Close this and try again.", Tone.DANGER)
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
        else:
            self.done_with.emit(detail)
            self.accept()

    def call(self) -> PrescriptionDetail:
        raise NotImplementedError

    def show_field_errors(self, errors: dict[str, str]) -> None:
        self.banner.show_message(" ".join(errors.values()), Tone.DANGER)


class VoidDialog(_ActionDialog):
    """Void with a reason (the service wants at least a few words)."""

    def __init__(
        self, services: Services, actor: Actor, detail: PrescriptionDetail, parent: QWidget | None = None
    ) -> None:
        printed = detail.status in PRINTED_STATES
        intro = (
            f"Void {rx_label(detail)} for {detail.patient_name}? A void prescription can never be "
            "printed or sent again."
            + (" Destroy the printed original, or write VOID across it." if printed else "")
        )
        super().__init__("Void prescription", intro, "Void prescription", parent)
        self._services = services
        self._actor = actor
        self.detail = detail
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for voiding")
        self.reason.setPlaceholderText("e.g. Dose changed at today's visit")
        self.reason.setMaxLength(1000)
        self.reason.textChanged.connect(self._typed)
        self.message = FieldMessage(self)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.reason)
        column.addWidget(self.message)
        self.form.addRow("&Reason", column)
        self.accept_button.setEnabled(False)
        self.message.show_hint("Required: it is kept with the prescription and in the audit trail.")

    def _typed(self, text: str) -> None:
        self.message.show_problem(None)
        self.accept_button.setEnabled(bool(text.strip()))

    def call(self) -> PrescriptionDetail:
        return self._services.prescriptions.void(
            self._actor, self.detail.id, self.detail.version, self.reason.text()
        )

    def show_field_errors(self, errors: dict[str, str]) -> None:
        self.message.show_problem(errors.get("reason") or " ".join(errors.values()))


class SendDialog(_ActionDialog):
    """Record how the signed original left the clinic, and to which pharmacy."""

    def __init__(
        self, services: Services, actor: Actor, detail: PrescriptionDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Mark prescription sent",
            f"Record how the signed original of {rx_label(detail)} for {detail.patient_name} was sent.",
            "Mark sent",
            parent,
        )
        self._services = services
        self._actor = actor
        self.detail = detail
        self.method = QComboBox()
        self.method.setAccessibleName("How it was sent")
        for method in SendMethod:
            self.method.addItem(method.label, method.value)
        self.pharmacy = QComboBox()
        self.pharmacy.setAccessibleName("Pharmacy it was sent to")
        self.pharmacy.addItem("None (the patient took it)", None)
        for pharmacy in services.pharmacies.list():
            self.pharmacy.addItem(
                f"{pharmacy.name}, {pharmacy.city} · fax {pharmacy.fax or '—'}", pharmacy.id
            )
        index = self.pharmacy.findData(detail.pharmacy_id)
        self.pharmacy.setCurrentIndex(max(index, 0))
        self.pharmacy_message = FieldMessage(self)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.pharmacy)
        column.addWidget(self.pharmacy_message)
        self.form.addRow("&Method", self.method)
        self.form.addRow("&Pharmacy", column)
        self.method.currentIndexChanged.connect(lambda _i: self.pharmacy_message.show_problem(None))
        self.pharmacy.currentIndexChanged.connect(lambda _i: self.pharmacy_message.show_problem(None))

    def call(self) -> PrescriptionDetail:
        pharmacy = self.pharmacy.currentData()
        return self._services.prescriptions.send(
            self._actor,
            self.detail.id,
            self.detail.version,
            method=SendMethod(self.method.currentData()),
            pharmacy_id=int(pharmacy) if pharmacy is not None else None,
        )

    def show_field_errors(self, errors: dict[str, str]) -> None:
        self.pharmacy_message.show_problem(errors.get("pharmacy_id") or " ".join(errors.values()))


# --- the flows -------------------------------------------------------------------------------


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
        self.pdf_dialog: PdfPreviewDialog | None = None
        self.printing = False

    # --- writing -------------------------------------------------------------------------------

    def new(self) -> PrescriptionEditor | None:
        patient = self._patient()
        if patient is None or not self._actor.can(Permission.RX_DRAFT):
            return None
        editor = PrescriptionEditor(self._services, self._actor, patient, None, self._parent)
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

    # --- printing ------------------------------------------------------------------------------

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
        if patient is not None and self.dialog is None:
            offered = offer_new_patient_packet(
                self._services, self._actor, patient.id, patient.display_name, self._parent
            )
            if offered is not None:
                self._open(offered)

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
