"""The "Print handouts" dialog: choose handouts for one patient, look at them, print them.

A checklist of the handout library (titles in the chosen language), with the handouts
suggested for the patient (the new-patient packet and the notes for their conditions)
ticked. Handouts that show the patient's own prescription are greyed out, with the reason in
their tooltip, while the patient has no approved prescription. The language defaults to
the patient's preferred one when handouts exist in it.

"Preview…" renders the packet on a worker thread and shows it, recording nothing; "Print…"
does the same and asks for the printer at once. From the preview, Print… and Save PDF… give
the handouts through the service, which records and archives them only once every page was
painted on the printer or the file was written; then `printed` carries the record and the
dialog closes. A cancelled printer or file dialog records nothing; a refusal or a printer
failure is shown in the dialog and nothing chosen is lost.

A print counts as the new-patient packet when every handout of the packet is in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError, ValidationError
from ldnclinic.domain.handouts.language import LANGUAGE_NAMES, LANGUAGES
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.status import LIVE_STATUSES
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.delivery import Deliver, DeliveryError
from ldnclinic.services.handouts.service import (
    NEW_PATIENT_PACKET,
    HandoutInfo,
    HandoutRecord,
    PrintedHandouts,
)
from ldnclinic.ui.handouts.documents_model import language_text
from ldnclinic.ui.widgets.pdf_preview import (
    Issue,
    PdfPreviewDialog,
    PrinterQuestion,
    PrintError,
    ask_printer,
)
from ldnclinic.ui.widgets.sections import heading, muted
from ldnclinic.ui.widgets.tones import Banner, Tone
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

PACKET = "new_patient"
NEEDS_RX_TIP = "Shows the patient's own prescription: it can be printed once a prescription is approved."
NEEDS_RX_NOTE = (
    "Greyed-out handouts show the patient's own prescription; they can be printed once a "
    "prescription is approved."
)
PACKET_NOTE = "These make up the new-patient packet; it is recorded as such."


def packet_for(kinds: Sequence[str]) -> str | None:
    """ "new_patient" when every handout of the new-patient packet is chosen."""
    return PACKET if set(NEW_PATIENT_PACKET) <= set(kinds) else None


def is_condition_note(kind: str) -> bool:
    return kind.startswith("condition_")


class HandoutDialog(QDialog):
    printed = Signal(object)  # the HandoutRecord, once the handouts came out and were recorded

    def __init__(
        self,
        services: Services,
        actor: Actor,
        patient_id: int,
        parent: QWidget | None = None,
        *,
        patient_name: str = "",
        kinds: Sequence[str] | None = None,
        packet: str | None = None,
    ) -> None:
        """`kinds` are ticked (default: the suggested ones); `packet="new_patient"` opens the
        dialog as the new-patient packet offer. Raises DomainError when the chart cannot be read."""
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.patient_id = patient_id
        self.patient_name = patient_name or "this patient"
        self.packet_offer = packet == PACKET
        handouts = services.handouts
        self.suggested = handouts.suggested(actor, patient_id)
        self.default_language = handouts.language_for(actor, patient_id)
        self.catalogs: dict[str, list[HandoutInfo]] = {code: handouts.catalog(code) for code in LANGUAGES}
        self.has_prescription = any(
            # a live prescription fills in the handouts that show the patient's own plan
            rx.status in LIVE_STATUSES
            for rx in services.prescriptions.for_patient(actor, patient_id)
        )
        self.busy = False
        self.record: HandoutRecord | None = None  # after printing
        self.pdf_dialog: PdfPreviewDialog | None = None  # the preview opened last (tests look at it)
        self.choose_printer: PrinterQuestion = ask_printer  # handed to the preview (tests answer here)
        self.boxes: dict[str, QCheckBox] = {}
        self._english_titles = {info.kind: info.title for info in self.catalogs.get("en", [])}
        self._blocked: set[str] = set()  # need a prescription the patient does not have
        self.setWindowTitle(
            f"New-patient packet — {self.patient_name}"
            if self.packet_offer
            else f"Print handouts — {self.patient_name}"
        )
        self._build()
        self.choose(self.suggested if kinds is None else kinds)
        self._update_state()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.setMinimumWidth(620)
        intro = (
            f"The first prescription for {self.patient_name} is printed. The new-patient packet is ticked, "
            "with the notes for the patient's conditions."
            if self.packet_offer
            else f"Choose the handouts for {self.patient_name}. The ones suggested for the patient "
            "are ticked."
        )
        self.intro = muted(
            f"{intro} They are filled in from the chart and print together as one PDF; "
            "the chart keeps a copy.",
            self,
        )
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.language = QComboBox(self)
        self.language.setAccessibleName("Language")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(self.language.findData(self.default_language), 0))
        self.language.currentIndexChanged.connect(lambda _i: self._language_changed())
        language_label = QLabel("&Language:", self)
        language_label.setBuddy(self.language)
        language_row = QHBoxLayout()
        language_row.setSpacing(8)
        language_row.addWidget(language_label)
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        self.rx_note = muted(NEEDS_RX_NOTE, self)
        self.rx_note.setVisible(False)
        self.packet_note = muted(PACKET_NOTE, self)
        self.summary = muted("", self)
        self.summary.setAccessibleName("Handouts chosen")
        self.banner = Banner(Tone.DANGER, self)
        self.banner.setObjectName("handoutBanner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        layout.addWidget(self.intro)
        layout.addLayout(language_row)
        self.checklist = self._build_checklist()
        layout.addWidget(self.checklist)
        layout.addWidget(self.rx_note)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addWidget(self._build_buttons())

    def _build_checklist(self) -> QWidget:
        """Two groups in a container widget: the handouts for everyone, then condition notes."""
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(3)
        catalog = self.catalogs[self.current_language()]
        groups = (
            ("Handouts", [info for info in catalog if not is_condition_note(info.kind)]),
            ("Condition notes", [info for info in catalog if is_condition_note(info.kind)]),
        )
        for title, infos in groups:
            if not infos:
                continue
            label = heading(title, panel)
            column.addSpacing(4)
            column.addWidget(label)
            for info in infos:
                box = QCheckBox(panel)
                box.setObjectName(f"handout_{info.kind}")
                box.toggled.connect(lambda _on: self._update_state())
                if info.needs_prescription and not self.has_prescription:
                    self._blocked.add(info.kind)
                    box.setEnabled(False)
                column.addWidget(box)
                self.boxes[info.kind] = box
        self._label_boxes()
        return panel

    def _build_buttons(self) -> QWidget:
        row = QWidget(self)
        self.packet_button = _button(
            "New-patient packet",
            "Tick the new-patient packet and the notes for the patient's conditions (and nothing else)",
            row,
        )
        self.packet_button.clicked.connect(lambda _checked=False: self.choose(self.suggested))
        self.clear_button = _button("Clear", "Untick every handout", row)
        self.clear_button.clicked.connect(lambda _checked=False: self.choose(()))
        self.preview_button = _button(
            "Preview…", "Look at the handouts as they will print (nothing is recorded until printed)", row
        )
        self.preview_button.clicked.connect(lambda _checked=False: self.preview())
        self.print_button = _button(
            "Print…", "Print the handouts; once printed, the chart keeps a copy of what was given", row
        )
        self.print_button.setDefault(True)
        self.print_button.setVisible(self._actor.can(Permission.HANDOUT_PRINT))
        self.print_button.clicked.connect(lambda _checked=False: self.print_handouts())
        self.close_button = _button("Close", "Close without printing", row)
        self.close_button.clicked.connect(lambda _checked=False: self.reject())
        info = QVBoxLayout()
        info.setContentsMargins(0, 0, 0, 0)
        info.setSpacing(2)
        info.addWidget(self.summary)
        info.addWidget(self.packet_note)
        left = QHBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.packet_button)
        left.addWidget(self.clear_button)
        right = QHBoxLayout()
        right.setSpacing(6)
        right.addStretch(1)
        for button in (self.preview_button, self.print_button, self.close_button):
            right.addWidget(button)
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(info)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addLayout(left)
        bar.addLayout(right, 1)
        layout.addLayout(bar)
        return row

    def _label_boxes(self) -> None:
        """Titles in the chosen language; a greyed-out handout says why in its tooltip."""
        for info in self.catalogs[self.current_language()]:
            box = self.boxes.get(info.kind)
            if box is None:
                continue
            box.setText(info.title.replace("&", "&&"))
            box.setAccessibleName(info.title)
            english = self._english_titles.get(info.kind, "")
            tip = (
                f"Version {info.version}" if english == info.title else f"{english} (version {info.version})"
            )
            if info.kind in self.suggested:
                tip += " · suggested for this patient"
            box.setToolTip(NEEDS_RX_TIP if info.kind in self._blocked else tip)

    # --- state ----------------------------------------------------------------------------

    def current_language(self) -> str:
        return str(self.language.currentData())

    def chosen(self) -> list[str]:
        """The ticked handouts, in library order."""
        return [kind for kind, box in self.boxes.items() if kind not in self._blocked and box.isChecked()]

    def choose(self, kinds: Sequence[str]) -> None:
        """Tick exactly `kinds` (those that can be printed for this patient)."""
        wanted = set(kinds)
        for kind, box in self.boxes.items():
            box.setChecked(kind not in self._blocked and kind in wanted)
        self._update_state()

    def blocked(self) -> list[str]:
        """Handouts greyed out because the patient has no approved prescription."""
        return [kind for kind in self.boxes if kind in self._blocked]

    def packet(self) -> str | None:
        return packet_for(self.chosen())

    def _language_changed(self) -> None:
        self.banner.clear_message()
        self._label_boxes()

    def _update_state(self) -> None:
        chosen = self.chosen()
        count = len(chosen)
        self.summary.setText(
            f"{count} handout{'s' if count != 1 else ''} chosen" if count else "No handouts chosen"
        )
        self.packet_note.setVisible(self.packet() is not None)
        self.rx_note.setVisible(bool(self.blocked()))
        for button in (self.preview_button, self.print_button):
            button.setEnabled(bool(chosen) and not self.busy)
        for widget in (self.packet_button, self.clear_button, self.language, self.checklist):
            widget.setEnabled(not self.busy)

    # --- preview and print ----------------------------------------------------------------

    def preview(self) -> bool:
        """Render the chosen handouts on a worker; the preview opens when they are ready."""
        return self._render(print_now=False)

    def print_handouts(self) -> bool:
        """Render the chosen handouts on a worker, show them and ask for the printer; they are
        recorded once printed (or saved from the preview)."""
        if not self._actor.can(Permission.HANDOUT_PRINT):
            return False
        return self._render(print_now=True)

    def _render(self, *, print_now: bool) -> bool:
        kinds, language, packet = self.chosen(), self.current_language(), self.packet()
        if not kinds or self.busy:
            return False
        services, actor, patient_id = self._services, self._actor, self.patient_id
        self._start("Preparing the handouts…" if print_now else "Preparing the preview…")
        run_in_background(
            lambda: services.handouts.preview(actor, patient_id, kinds, language),
            on_result=lambda pdf: self._previewed(pdf, kinds, language, packet, print_now=print_now),
            on_error=self._failed,
            owner=self,
        )
        return True

    def _start(self, text: str) -> None:
        self.busy = True
        self.banner.show_message(text, Tone.INFO)
        self._update_state()

    def _finish(self) -> None:
        self.busy = False
        self.banner.clear_message()
        self._update_state()

    def _previewed(
        self, pdf: bytes, kinds: list[str], language: str, packet: str | None, *, print_now: bool
    ) -> None:
        self._finish()
        services, actor, patient_id = self._services, self._actor, self.patient_id

        def give(deliver: Deliver) -> PrintedHandouts:
            return services.handouts.print(actor, patient_id, kinds, language, packet=packet, deliver=deliver)

        can_print = self._actor.can(Permission.HANDOUT_PRINT)
        self.pdf_dialog = dialog = _show_pdf(
            pdf,
            f"Handouts ({language_text(language)}) — {self.patient_name}",
            "handouts.pdf",
            self,
            "Nothing is recorded until the handouts are printed or saved; then the chart keeps a copy."
            if can_print
            else "Preview only.",
            issue=give if can_print else None,
        )
        dialog.choose_printer = self.choose_printer
        dialog.issued.connect(self._printed)
        dialog.refused.connect(self._failed)
        if print_now:
            dialog.print_document()

    def _printed(self, result: PrintedHandouts, _where: str) -> None:
        self.record = result.record
        self.printed.emit(result.record)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, ValidationError):
            self.banner.show_message(" ".join(error.field_errors.values()), Tone.DANGER)
        elif isinstance(error, (PrintError, DeliveryError)):
            self.banner.show_message(f"Not printed: {error.message} Nothing was recorded.", Tone.DANGER)
        elif isinstance(error, DomainError):
            self.banner.show_message(error.message, Tone.DANGER)
        else:
            report_unhandled(error)

    def reject(self) -> None:
        if self.busy:
            return  # the service is writing the record: let it finish, then close
        super().reject()


def _show_pdf(
    pdf: bytes, title: str, file_name: str, parent: QWidget | None, status: str, *, issue: Issue | None
) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(pdf, title, parent, file_name=file_name, issue=issue)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.status.setText(status)
    if issue is None:  # a preview only: printing it would give handouts the chart does not know of
        dialog.print_button.setVisible(False)
        dialog.save_button.setVisible(False)
    dialog.resize(860, 720)
    dialog.open()
    return dialog


def _button(text: str, tooltip: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tooltip)
    button.setAutoDefault(False)
    return button
