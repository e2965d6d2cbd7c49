"""Write, sign and read a telemedicine visit note.

A new note starts from the service's `new_visit` (now, video, the patient's Texas city, the
prescription under review and today's dose; consent is confirmed at every visit). Save
draft keeps it as a draft; a prescriber's Sign saves, asks for confirmation and signs. A
signed note opens read-only under a "Signed by … on …" banner, with its dated addenda below
and "Add addendum…". Summary PDF… shows the visit summary (or a patient copy) to print.

A refused save keeps everything typed (`visit_save.VisitSaveFlow`). When a saved visit
decides to increase or decrease the dose of a reviewed prescription, the user is offered a
new draft prescription from the current one, opened in the prescription editor
(`dose_change`).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.visits.dto import VisitDetail, VisitInput
from ldnclinic.ui.visits.addenda import AddendaPanel, AddendumDialog
from ldnclinic.ui.visits.dose_change import offer_new_prescription, offers_new_prescription
from ldnclinic.ui.visits.summary_pdf import show_summary_pdf, summary_title
from ldnclinic.ui.visits.visit_form import VisitForm
from ldnclinic.ui.visits.visit_save import VisitSaveFlow
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.conflict import ConflictBar
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.widgets.sections import muted
from ldnclinic.ui.widgets.tones import Banner, Tone
from ldnclinic.ui.widgets.workers import report_unhandled

DISCARD_KEY = "discard_visit_edits"
SIGN_KEY = "sign_visit"


def moment_text(moment: datetime) -> str:
    """ "11/21/2026 09:00" (already in the clinic's zone)."""
    return f"{us_date(moment.date())} {moment:%H:%M}"


class VisitDialog(QDialog):
    """A new visit (visit_id None) or a saved one; read-only once signed."""

    saved = Signal(object)  # VisitDetail, after a save, a signature or an addendum
    prescription_drafted = Signal(object)  # PrescriptionDetail drafted for a dose change

    def __init__(
        self,
        services: Services,
        actor: Actor,
        patient_id: int,
        *,
        visit_id: int | None = None,
        followup_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visitDialog")
        self._services = services
        self._actor = actor
        self.patient_id = patient_id
        self.can_sign = actor.can(Permission.VISIT_SIGN)
        self.rx_editor: QDialog | None = None
        self.pdf_dialog: PdfPreviewDialog | None = None
        self.addendum_dialog: AddendumDialog | None = None
        self._rx_offered = False
        self._pdf_pending = False
        self._build(services)
        if visit_id is None:
            self._base = services.visits.new_visit(actor, patient_id, followup_id=followup_id)
            self._load_new()
        else:
            detail = services.visits.get(actor, visit_id)
            self._base = VisitInput(detail.patient_id, detail.note, detail.prescription_id, followup_id)
            self.load(detail)
        self._baseline = self.form.snapshot()
        self.resize(1320, 760)

    # --- state ----------------------------------------------------------------------------

    @property
    def detail(self) -> VisitDetail | None:
        """The saved note shown (None until a new one is saved)."""
        return self._flow.existing

    @property
    def read_only(self) -> bool:
        return self.form.read_only

    # --- building -------------------------------------------------------------------------

    def _build(self, services: Services) -> None:
        self.patient_label = QLabel(self)
        self.patient_label.setAccessibleName("Patient")
        self.patient_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.patient_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.patient_label.setFont(font)
        self.context_label = muted("", self)
        self.context_label.setAccessibleName("About this visit")
        self.signed_banner = Banner(Tone.CALM, self)
        self.signed_banner.setObjectName("signedBanner")
        self.banner = Banner(Tone.INFO, self)
        self.banner.setObjectName("visitBanner")
        self.conflict_bar = ConflictBar(self)
        self.form = VisitForm(services.clinic.zone(), self)
        self.form.edited.connect(self._edited)
        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setWidget(self.form)
        self.addenda = AddendaPanel(self)
        self.addenda.add_requested.connect(self.add_addendum)
        self.addenda.hide()
        self._flow = VisitSaveFlow(
            services, self._actor, self.form, banner=self.banner, conflict_bar=self.conflict_bar
        )
        self.conflict_bar.use_theirs.connect(self.use_theirs)
        self.conflict_bar.keep_mine.connect(self.keep_mine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.patient_label)
        header.addWidget(self.context_label)
        layout.addLayout(header)
        for widget in (self.signed_banner, self.banner, self.conflict_bar):
            layout.addWidget(widget)
        layout.addWidget(self.form_area, 1)
        layout.addWidget(self.addenda)
        layout.addLayout(self._build_buttons())

    def _build_buttons(self) -> QHBoxLayout:
        self.pdf_button = _button("Summary PDF…", "Summary PDF", self)
        self.pdf_button.setToolTip("The visit summary with the outcome chart, to print or save")
        self.patient_copy = QCheckBox("Patient copy", self)
        self.patient_copy.setAccessibleName("Patient copy")
        self.patient_copy.setToolTip(
            "A copy for the patient: what they reported and the plan, without the findings and assessment"
        )
        self.hint = muted("", self)
        self.save_button = _button("Save draft", "Save draft", self)
        self.save_button.setToolTip("Save the note as a draft (Ctrl+S)")
        self.save_button.setDefault(True)
        self.sign_button = _button("Sign…", "Sign", self)
        self.sign_button.setToolTip("Save and sign the note; a signed note can no longer change")
        self.sign_button.setVisible(self.can_sign)
        self.close_button = _button("Cancel", "Cancel", self)
        self.pdf_button.clicked.connect(self.show_summary)
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self.sign)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.pdf_button)
        row.addWidget(self.patient_copy)
        row.addSpacing(12)
        row.addWidget(self.hint, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.sign_button)
        row.addWidget(self.close_button)
        return row

    # --- loading --------------------------------------------------------------------------

    def _load_new(self) -> None:
        patient = self._services.patients.get(self._actor, self.patient_id)
        self.patient_label.setText(
            f"{patient.display_name} · MRN {patient.mrn} · DOB {us_date(patient.date_of_birth)}"
        )
        self.form.load(self._base.note)
        self.form.decision.offers_prescription = self._base.prescription_id is not None and self._actor.can(
            Permission.RX_DRAFT
        )
        self._context(self._medication_of(self._base.prescription_id), None)
        self._show_state()

    def _medication_of(self, rx_id: int | None) -> str | None:
        if rx_id is None:
            return None
        scripts = self._services.prescriptions.for_patient(self._actor, self.patient_id)
        script = next((rx for rx in scripts if rx.id == rx_id), None)
        return script.medication if script else None

    def load(self, detail: VisitDetail) -> None:
        """Show a saved note (theirs too, after a conflict); read-only once signed."""
        self._flow.editing(detail)
        self.patient_label.setText(
            f"{detail.patient_name} · MRN {detail.mrn} · DOB {us_date(detail.date_of_birth)}"
        )
        self.form.load(detail.note)
        self.form.decision.offers_prescription = detail.prescription_id is not None and self._actor.can(
            Permission.RX_DRAFT
        )
        self.form.set_read_only(detail.read_only)
        self._context(detail.medication, detail)
        self.addenda.setVisible(detail.read_only)
        if detail.read_only:
            self.addenda.show_addenda(detail.addenda)
            self.addenda.add_button.setVisible(self._actor.can(Permission.VISIT_WRITE))
        self._show_state()

    def _context(self, medication: str | None, detail: VisitDetail | None) -> None:
        parts = []
        if medication:
            parts.append(f"Reviewing: {medication}")
        if self._base.followup_id is not None and (detail is None or not detail.read_only):
            parts.append("Saving this visit marks its follow-up done")
        if detail is not None and not detail.read_only:
            parts.append(f"Draft by {detail.created_by}, last saved {moment_text(detail.updated_at)}")
        self.context_label.setText(" · ".join(parts))
        self.context_label.setVisible(bool(parts))

    def _show_state(self) -> None:
        detail = self.detail
        read_only = self.read_only
        if detail is not None and read_only:
            when = moment_text(detail.signed_at) if detail.signed_at else "an unknown date"
            self.signed_banner.show_message(
                f"Signed by {detail.signed_by or 'a prescriber'} on {when}. A signed note cannot change: "
                "add a dated addendum below to correct or add to it.",
                Tone.CALM,
            )
        else:
            self.signed_banner.clear_message()
        self.save_button.setVisible(not read_only)
        self.sign_button.setVisible(self.can_sign and not read_only)
        self.close_button.setText("Close" if read_only else "Cancel")
        self.close_button.setDefault(read_only)
        if read_only:
            self.close_button.setFocus()
        self.close_button.setAccessibleName(self.close_button.text())
        self.pdf_button.setEnabled(detail is not None and not self._pdf_pending)
        self.pdf_button.setToolTip(
            "The visit summary with the outcome chart, to print or save"
            if detail is not None
            else "Save the visit first to print its summary"
        )
        self.patient_copy.setEnabled(detail is not None)
        if read_only:
            self.hint.setText("")
        elif self.can_sign:
            self.hint.setText("Sign when the note is complete; it can no longer change after that.")
        else:
            self.hint.setText("Save the draft; a prescriber reviews and signs it.")
        self.setWindowTitle(self._title())

    def _title(self) -> str:
        detail = self.detail
        name = self.patient_label.text().split(" · ")[0]
        if detail is None:
            return f"New visit — {name}"
        status = detail.status.label.lower()
        return f"Visit {us_date(detail.note.visit_at.date())} ({status}) — {name}"

    # --- editing --------------------------------------------------------------------------

    def _edited(self, _key: str) -> None:
        if self.banner.isVisible() and self.banner.property("tone") == Tone.CALM.value:
            self.banner.clear_message()

    def has_changes(self) -> bool:
        return not self.read_only and self.form.snapshot() != self._baseline

    def field_message(self, key: str) -> str:
        """The problem shown at a field ("" when none)."""
        return self.form.field_message(key)

    # --- saving and signing ---------------------------------------------------------------

    def save(self) -> VisitDetail | None:
        """Save the note as a draft; None (and everything typed still on screen) when refused."""
        if self.read_only:
            return None
        self.banner.clear_message()
        detail = self._flow.save(self._base)
        if detail is None:
            return None
        self._saved(detail, "Draft saved.")
        self._offer_prescription(detail)
        return detail

    def sign(self) -> VisitDetail | None:
        """Save what is typed, ask, then sign; None when refused or not confirmed."""
        if self.read_only or not self.can_sign:
            return None
        if not prompts.confirm(
            self,
            SIGN_KEY,
            "Sign visit note",
            f"Sign this visit note as {self._actor.display_name}? A signed note can no longer be "
            "changed; corrections are added as dated addenda.",
            yes="Sign note",
            no="Not yet",
        ):
            return None
        self.banner.clear_message()
        if self.detail is None or self.has_changes():
            saved = self._flow.save(self._base)
            if saved is None:
                return None
            self._saved(saved, "Draft saved.")
        signed = self._flow.sign()
        if signed is None:
            return None
        self.load(signed)
        self._saved(signed, "Signed. The note is now read-only.")
        self._offer_prescription(signed)
        return signed

    def _saved(self, detail: VisitDetail, text: str) -> None:
        self._base = VisitInput(
            detail.patient_id, detail.note, detail.prescription_id, self._base.followup_id
        )
        self._baseline = self.form.snapshot()
        self._context(detail.medication, detail)
        self._show_state()
        self.banner.show_message(text, Tone.CALM)
        self.saved.emit(detail)

    def _offer_prescription(self, detail: VisitDetail) -> None:
        if self._rx_offered or not offers_new_prescription(self._actor, detail):
            return
        self._rx_offered = True
        editor = offer_new_prescription(
            self._services, self._actor, detail, self, on_drafted=self.prescription_drafted.emit
        )
        if editor is None:
            return
        self.rx_editor = editor
        editor.finished.connect(self._rx_editor_closed)

    def _rx_editor_closed(self, _result: int) -> None:
        self.rx_editor = None  # window-modal: only one at a time

    def keep_mine(self) -> VisitDetail | None:
        """Save what is on screen over the version someone else saved."""
        if not self._flow.save_over_theirs():
            return None
        return self.save()

    def use_theirs(self) -> None:
        """Drop the edits on screen and show the version someone else saved."""
        theirs = self._flow.take_theirs()
        if theirs is None:
            return
        self.load(theirs)
        self._baseline = self.form.snapshot()
        self.banner.show_message(
            "Showing the version saved by someone else; your edits were dropped.", Tone.INFO
        )

    # --- addenda --------------------------------------------------------------------------

    def add_addendum(self) -> AddendumDialog | None:
        detail = self.detail
        if detail is None or not detail.read_only:
            return None
        dialog = AddendumDialog(self._services, self._actor, detail, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self._addendum_added)
        dialog.finished.connect(self._addendum_closed)
        self.addendum_dialog = dialog
        dialog.open()
        return dialog

    def _addendum_added(self, detail: VisitDetail) -> None:
        self.load(detail)
        self.banner.show_message("Addendum added below the signed note.", Tone.CALM)
        self.saved.emit(detail)

    def _addendum_closed(self, _result: int) -> None:
        self.addendum_dialog = None  # window-modal: only one at a time

    # --- the summary PDF ------------------------------------------------------------------

    def show_summary(self) -> bool:
        """Render the summary (or the patient copy) and show it; False when nothing started."""
        detail = self.detail
        if detail is None or self._pdf_pending:
            return False
        if self.has_changes():
            self.banner.show_message(
                "The summary shows the note as last saved: save your changes to include them.", Tone.INFO
            )
        for_patient = self.patient_copy.isChecked()
        self._pdf_pending = True
        self._show_state()
        show_summary_pdf(
            self._services,
            self._actor,
            detail.id,
            for_patient=for_patient,
            title=summary_title(
                detail.patient_name, us_date(detail.note.visit_at.date()), for_patient=for_patient
            ),
            parent=self,
            shown=self._pdf_shown,
            failed=self._pdf_failed,
        )
        return True

    def _pdf_shown(self, dialog: PdfPreviewDialog) -> None:
        self._pdf_pending = False
        self.pdf_dialog = dialog
        dialog.finished.connect(self._pdf_closed)
        self._show_state()

    def _pdf_closed(self, _result: int) -> None:
        self.pdf_dialog = None  # window-modal: only one at a time

    def _pdf_failed(self, error: BaseException) -> None:
        self._pdf_pending = False
        self._show_state()
        if isinstance(error, DomainError):
            self.banner.show_message(f"No summary: {error.message}", Tone.DANGER)
        else:
            report_unhandled(error)

    # --- closing --------------------------------------------------------------------------

    def reject(self) -> None:
        if self.has_changes() and not prompts.confirm(
            self,
            DISCARD_KEY,
            "Discard visit note?",
            "Close without saving? What you typed in this visit note will be lost.",
            yes="Discard",
            no="Keep editing",
        ):
            return
        super().reject()


def write_followup_visit(
    services: Services, actor: Actor, patient_id: int, followup_id: int, parent: QWidget
) -> object | None:
    """The visit note for a follow-up, modal (`openers.write_followup_visit`); the visit
    service marks the follow-up done on save. The saved VisitDetail, or None."""
    dialog = VisitDialog(services, actor, patient_id, followup_id=followup_id, parent=parent)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
    return saved[-1] if saved else None


def _button(text: str, accessible_name: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible_name)
    button.setAutoDefault(False)
    return button
