"""Write or edit a prescription: the form on the left, a live preview on the right.

The form (`editor_form.PrescriptionForm`) moves data only: `load()` fills it from a saved
script, `input()` reads it into a `PrescriptionInput`. Every change restarts a short timer;
when it fires, the service's `preview` runs on a worker thread and the right-hand pane
(`preview_pane.PreviewPane`) shows what the pharmacist will read (directions, quantity in
words, days supply, target dose and date, the schedule), why the plan cannot be made with
the chosen formula (with a button per formula that fits) and the safety findings. The GUI
never waits for it.

What saving would refuse (a start date outside the clinic's window, refills past the Texas
year, a script too long for one printed page) comes back with the preview and shows beside
its field before the user saves.

Save draft calls `create_draft` / `update_draft` (through `editor_save.DraftSaveFlow`). A
refused save keeps everything typed: field problems appear at their fields, a conflict
(someone else saved first) offers their version or saving over it, any other refusal is
shown in the banner. Closing with unsaved changes (Cancel, Esc, the window's X) asks Save,
Discard or Keep editing (`prompts.choose`, key DISCARD_KEY); Enter inside the plan's table
moves between its cells and never presses Save (`plan_builder`).

A new prescription for a patient with a live script starts from it (`start`, the service's
`new_draft_for`): the live script is shown above the form (`live_script_box`), the form is
filled to continue the same plan, and "Change the dose" fills it from today's dose instead.
What Texas requires on the printed script and this one would lack is listed with the
findings as blocking approval (the preview's `missing_elements`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.prescriptions.dto import PrescriptionDetail, PrescriptionInput, RxPreview
from ldnclinic.services.prescriptions.start import DraftStart
from ldnclinic.ui.prescriptions.editor_form import PrescriptionForm
from ldnclinic.ui.prescriptions.editor_save import DraftSaveFlow
from ldnclinic.ui.prescriptions.live_script_box import CHANGE_DOSE, SAME_PLAN, LiveScriptBox
from ldnclinic.ui.prescriptions.preview_pane import PreviewPane, muted_label
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.conflict import ConflictBar
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.tones import Banner, Tone, border_colour
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

PREVIEW_DELAY_MS = 150
DISCARD_KEY = "discard_prescription_edits"
PREFILL_KEY = "replace_prescription_edits"
# The answers to "close with unsaved changes?" (prompts.choose, DISCARD_KEY).
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class PrescriptionEditor(QDialog):
    """New (existing None) or saved prescription; read-only once printed, signed, sent or void."""

    saved = Signal(object)  # PrescriptionDetail

    def __init__(
        self,
        services: Services,
        actor: Actor,
        patient: PatientDetail,
        existing: PrescriptionDetail | None = None,
        parent: QWidget | None = None,
        *,
        start: DraftStart | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prescriptionEditor")
        self._services = services
        self._actor = actor
        self.patient = patient
        self._start = start if existing is None and start is not None and start.live is not None else None
        self.live_box: LiveScriptBox | None = None
        self._ticket = 0
        self._in_flight = 0
        self.last_preview: RxPreview | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._request_preview)
        self._build(existing, read_only=existing is not None and not existing.status.editable)
        self._connect()
        if existing is None:
            self._load_new()
        else:
            self.load(existing)
        self._baseline = self.form.snapshot()
        self.setWindowTitle(self._title())
        self.resize(1300, 730)

    # --- the state of the script (kept by the form and the save flow) -------------------------

    @property
    def read_only(self) -> bool:
        """True once the script is printed, signed, sent or void: nothing can be changed."""
        return self.form.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self.form.read_only = value

    @property
    def existing(self) -> PrescriptionDetail | None:
        """The saved script being edited (None until a new one is saved)."""
        return self._save_flow.existing

    @property
    def version(self) -> int:
        """The version the next save goes over."""
        return self._save_flow.version

    @property
    def theirs(self) -> PrescriptionDetail | None:
        """Someone else's version, after a save refused as a conflict."""
        return self._save_flow.theirs

    # --- building -----------------------------------------------------------------------------

    def _build(self, existing: PrescriptionDetail | None, *, read_only: bool) -> None:
        self.banner = Banner(Tone.INFO, self)
        self.banner.setObjectName("editorBanner")
        self.conflict_bar = ConflictBar(self)
        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form = PrescriptionForm(self._services, self._actor, self.patient, existing, read_only=read_only)
        self.form_area.setWidget(self.form)
        self._expose_fields()
        self._save_flow = DraftSaveFlow(
            self._services, self._actor, self.form, banner=self.banner, conflict_bar=self.conflict_bar
        )
        self._save_flow.editing(existing)
        self.preview = PreviewPane(self)
        self.preview.setMinimumWidth(520)
        divider = QFrame(self)
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setStyleSheet(f"color: {border_colour()};")
        left = QVBoxLayout()
        left.setSpacing(6)
        if self._start is not None and self._start.live is not None:
            self.live_box = LiveScriptBox(self._start.live, self._services.patients.today(), self)
            left.addWidget(self.live_box)
        left.addWidget(self.form_area, 1)
        columns = QHBoxLayout()
        columns.setSpacing(8)
        columns.addLayout(left, 11)
        columns.addWidget(divider)
        columns.addWidget(self.preview, 10)
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(self.conflict_bar)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def _expose_fields(self) -> None:
        """The form's fields as the editor's own attributes (callers and tests reach them here)."""
        form = self.form
        self.messages = form.messages
        self.patient_label = form.patient_label
        self.formula_combo = form.formula_combo
        self.plan_combo = form.plan_combo
        self.builder = form.builder
        self.start_date = form.start_date
        self.supply_days = form.supply_days
        self.refills = form.refills
        self.pharmacy_combo = form.pharmacy_combo
        self.prescriber_combo = form.prescriber_combo
        self.diagnosis = form.diagnosis
        self.omit_diagnosis = form.omit_diagnosis
        self.note = form.note

    def _build_buttons(self) -> QHBoxLayout:
        self.save_hint = muted_label("", self)
        self.save_button = QPushButton("Save draft", self)
        self.save_button.setAccessibleName("Save draft")
        self.save_button.setToolTip("Save this prescription as a draft (Ctrl+S)")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("Close" if self.read_only else "Cancel", self)
        self.cancel_button.setAccessibleName(self.cancel_button.text())
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_hint, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        return buttons

    def _connect(self) -> None:
        self.form.preview_stale.connect(self._schedule_preview)
        self.preview.use_formula.connect(self.choose_formula)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.conflict_bar.use_theirs.connect(self.use_theirs)
        self.conflict_bar.keep_mine.connect(self.keep_mine)
        if self.live_box is not None:
            self.live_box.chosen.connect(self.start_from_live)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    # --- loading ------------------------------------------------------------------------------

    def _load_new(self) -> None:
        self.form.load_new()
        if self._start is not None and self._start.same_plan is not None:
            self._fill_from_live(SAME_PLAN)
        self.save_hint.setText(
            "A prescriber approves the draft before it can be printed."
            if not self._actor.can(Permission.RX_APPROVE)
            else "Save the draft, then approve it from the Prescriptions tab."
        )
        self._schedule_preview()

    def start_from_live(self, kind: str) -> bool:
        """Fill the form to continue the live script's plan (SAME_PLAN) or to change its dose
        (CHANGE_DOSE); edits made since the form was last filled are replaced only if the
        user agrees. False when nothing changed."""
        if self.live_box is None or self._start is None:
            return False
        if self.form.snapshot() != self._baseline and not prompts.confirm(
            self,
            PREFILL_KEY,
            "Replace your changes?",
            "Fill the form again from the live prescription? What you changed on this one will be lost.",
            yes="Replace",
            no="Keep my changes",
        ):
            self.live_box.show_choice(CHANGE_DOSE if kind == SAME_PLAN else SAME_PLAN)
            return False
        self._fill_from_live(kind)
        self._schedule_preview()
        return True

    def _fill_from_live(self, kind: str) -> None:
        assert self._start is not None and self.live_box is not None
        prefill = self._start.same_plan if kind == SAME_PLAN else self._start.change_dose
        if prefill is None:
            return
        self.form.load_input(prefill)
        self.live_box.show_choice(kind)
        self._baseline = self.form.snapshot()  # a prefill is not an unsaved change
        if kind == CHANGE_DOSE:
            self.builder.add_step()  # the new dose goes here (the focus is in its dose cell)

    def load(self, detail: PrescriptionDetail) -> None:
        """Fill the form from a saved prescription (theirs, after a conflict, too)."""
        self._save_flow.editing(detail)
        self.form.load(detail)
        self._show_status_banner(detail)
        if self.read_only:
            self._set_read_only()
            self._show_saved_result(detail)
        else:
            self._schedule_preview()

    def _show_status_banner(self, detail: PrescriptionDetail) -> None:
        status = detail.status
        if status is RxStatus.APPROVED:
            self.banner.show_message(
                f"Approved by {detail.approved_by or 'a prescriber'}. Saving changes sends it back to "
                "draft: a prescriber must approve it again before it can be printed.",
                Tone.WARNING,
            )
        elif self.read_only:
            self.banner.show_message(
                f"This prescription is {status.label.lower()} and can no longer be changed. "
                "Use Renew on the Prescriptions tab to write a new one like it.",
                Tone.INFO,
            )
        else:
            self.banner.clear_message()
        self.save_hint.setText("" if self.read_only else "Saved as a draft for a prescriber to approve.")

    def _set_read_only(self) -> None:
        self.form.disable_editing()
        self.save_button.hide()

    def _show_saved_result(self, detail: PrescriptionDetail) -> None:
        entry = self.form.entry(detail.formula_id)
        self.preview.show_result(
            detail.calculation,
            detail.problems,
            detail.findings,
            (),
            form=entry.dosage_form if entry else detail.dosage_form,
            current_formula_id=detail.formula_id,
            start=detail.start_date,
        )
        self.preview.state.setText(
            f"As saved (starts {us_date(detail.start_date)}); the safety screen ran again on today's chart."
        )

    def _title(self) -> str:
        name = self.patient.display_name
        if self.existing is None:
            return f"New prescription — {name}"
        label = self.existing.serial or f"#{self.existing.id}"
        verb = "Prescription" if self.read_only else "Edit prescription"
        return f"{verb} {label} ({self.existing.status.label.lower()}) — {name}"

    def choose_formula(self, formula_id: int) -> None:
        """Switch to another formula (a suggestion button)."""
        self.form.choose_formula(formula_id)

    # --- live preview -------------------------------------------------------------------------

    def _schedule_preview(self) -> None:
        if not self.read_only:
            self._timer.start()

    def preview_pending(self) -> bool:
        """True while a change waits for the timer or its preview is being worked out."""
        return self._timer.isActive() or self._in_flight > 0

    def refresh_preview_now(self) -> None:
        self._timer.stop()
        self._request_preview()

    def _request_preview(self) -> None:
        data = self.input()
        if data is None:
            self._ticket += 1  # a result still on its way is out of date
            problems = self.builder.problems()
            self.preview.show_unavailable(
                "No preview until the plan can be read: " + problems[0]
                if problems
                else "Choose a formula and a plan to see the directions."
            )
            return
        self._ticket += 1
        ticket = self._ticket
        self._in_flight += 1
        services, actor = self._services, self._actor
        run_in_background(
            lambda: services.prescriptions.preview(actor, data),
            on_result=lambda result: self._preview_ready(ticket, data, result),
            on_error=lambda error: self._preview_failed(ticket, error),
            owner=self,
        )

    def _preview_ready(self, ticket: int, data: PrescriptionInput, result: RxPreview) -> None:
        self._in_flight -= 1
        if ticket != self._ticket:
            return
        self.last_preview = result
        entry = self.form.entry(data.formula_id)
        self.preview.show_result(
            result.calculation,
            result.problems,
            result.findings,
            result.suggestions,
            form=entry.dosage_form if entry else None,
            current_formula_id=data.formula_id,
            start=data.start_date,
        )
        self.preview.show_missing(result.missing_elements)
        self.form.show_checks(dict(result.field_problems))

    def _preview_failed(self, ticket: int, error: BaseException) -> None:
        self._in_flight -= 1
        if not isinstance(error, DomainError):
            report_unhandled(error)
            return
        if ticket == self._ticket:
            self.preview.show_unavailable(f"No preview: {error.message}")

    # --- reading and saving -------------------------------------------------------------------

    def input(self) -> PrescriptionInput | None:
        """The form as a command for the service; None while the plan cannot be read."""
        return self.form.read()

    def has_changes(self) -> bool:
        return not self.read_only and self.form.snapshot() != self._baseline

    def save(self) -> PrescriptionDetail | None:
        """Save the draft; None (and everything typed still on screen) when refused."""
        if self.read_only:
            return None
        detail = self._save_flow.save(self.input())
        if detail is not None:
            self._baseline = self.form.snapshot()
            self.saved.emit(detail)
            self.accept()
        return detail

    def keep_mine(self) -> PrescriptionDetail | None:
        """Save what is on screen over the version someone else saved."""
        if not self._save_flow.save_over_theirs():
            return None
        return self.save()

    def use_theirs(self) -> None:
        """Drop the edits on screen and show the version someone else saved."""
        theirs = self._save_flow.take_theirs()
        if theirs is None:
            return
        self.read_only = not theirs.status.editable
        self.load(theirs)
        self._baseline = self.form.snapshot()
        self.setWindowTitle(self._title())

    def reject(self) -> None:
        """Cancel, Esc and the window's X: with unsaved changes, ask Save, Discard or Keep
        editing; a save that is refused keeps the editor open with everything typed."""
        if self.has_changes():
            answer = prompts.choose(
                self,
                DISCARD_KEY,
                "Unsaved changes",
                "This prescription has changes that are not saved. Save them as a draft, discard "
                "them, or keep editing?",
                ((SAVE, "Save draft"), (DISCARD, "Discard"), (CANCEL, "Keep editing")),
                yes=DISCARD,
                cancel=CANCEL,
            )
            if answer == CANCEL:
                return
            if answer == SAVE:
                self.save()  # closes the editor once saved
                return
        self._timer.stop()
        super().reject()

    def field_message(self, key: str) -> str:
        """The problem shown at a field ("" when none)."""
        return self.form.field_message(key)


def edit_prescription_draft(
    services: Services,
    actor: Actor,
    patient: PatientDetail,
    draft: PrescriptionDetail,
    *,
    parent: QWidget,
    notice: str,
    on_saved: Callable[[object], None],
) -> PrescriptionEditor:
    """Open the editor on a draft made elsewhere (`openers.edit_prescription_draft`): window
    modal, deleted on close, `notice` in its banner, `on_saved` after each save."""
    editor = PrescriptionEditor(services, actor, patient, existing=draft, parent=parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.banner.show_message(notice, Tone.INFO)
    editor.saved.connect(on_saved)
    editor.open()
    return editor
