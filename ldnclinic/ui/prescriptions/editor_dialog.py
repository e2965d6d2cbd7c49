"""Write or edit a prescription: the form on the left, a live preview on the right.

The form moves data only: `load()` fills it from a saved script, `input()` reads it into a
`PrescriptionInput`. Every change restarts a short timer; when it fires, the service's
`preview` runs on a worker thread and the right-hand pane shows what the pharmacist will
read (directions, quantity in words, days supply, target dose and date, the schedule),
why the plan cannot be made with the chosen formula (with a button per formula that fits)
and the safety findings. The GUI never waits for it.

Save draft calls `create_draft` / `update_draft`. A refused save keeps everything typed:
field problems appear at their fields, a conflict (someone else saved first) offers their
version or saving over it, any other refusal is shown in the banner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescription_status import RxStatus
from ldnclinic.domain.supply import MAX_SUPPLY_DAYS
from ldnclinic.domain.titration import PLAN_TEMPLATES, TitrationPlan, TitrationStep, find_plan
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patient_dto import PatientDetail
from ldnclinic.services.prescription_dto import FormulaEntry, PrescriptionDetail, PrescriptionInput, RxPreview
from ldnclinic.services.prescriptions import MAX_REFILLS
from ldnclinic.ui import prompts
from ldnclinic.ui.patients.formatting import us_date
from ldnclinic.ui.patients.style import Banner, FieldMessage, Tone, border_colour
from ldnclinic.ui.prescriptions.plan_builder import PlanBuilder
from ldnclinic.ui.prescriptions.preview_pane import PreviewPane, condition_text, muted_label, plain_label
from ldnclinic.ui.widgets.conflict import ConflictBar
from ldnclinic.ui.workers import report_unhandled, run_in_background

PREVIEW_DELAY_MS = 150
DISCARD_KEY = "discard_prescription_edits"
CUSTOM_PLAN = ""  # the plan combo's value for a custom plan
DEFAULT_PLAN = "STD-1.5-14"
DEFAULT_FORMULA = "CAP-1.5"
DEFAULT_SUPPLY_DAYS = 30


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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prescriptionEditor")
        self._services = services
        self._actor = actor
        self.patient = patient
        self.existing = existing
        self.version = existing.version if existing else 0
        self.read_only = existing is not None and not existing.status.editable
        self.theirs: PrescriptionDetail | None = None
        self._formulas = self._formula_entries()
        self._ticket = 0
        self._in_flight = 0
        self.last_preview: RxPreview | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._request_preview)
        self._build()
        self._connect()
        if existing is None:
            self._load_new()
        else:
            self.load(existing)
        self._baseline = self._snapshot()
        self.setWindowTitle(self._title())
        self.resize(1300, 730)

    # --- building -----------------------------------------------------------------------------

    def _formula_entries(self) -> list[FormulaEntry]:
        entries = self._services.formulary.list(include_inactive=True)
        keep = self.existing.formula_id if self.existing else None
        return [e for e in entries if e.active or e.id == keep]

    def _build(self) -> None:
        self.banner = Banner(Tone.INFO, self)
        self.banner.setObjectName("editorBanner")
        self.conflict_bar = ConflictBar(self)
        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        form = QWidget()
        form.setObjectName("rxForm")
        self.form_area.setWidget(form)
        self._grid = QGridLayout(form)
        self._grid.setContentsMargins(4, 4, 12, 4)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(3)
        self._grid.setColumnStretch(1, 1)
        self.messages: dict[str, FieldMessage] = {}
        self._build_fields(form)
        self.preview = PreviewPane(self)
        self.preview.setMinimumWidth(520)
        divider = QFrame(self)
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setStyleSheet(f"color: {border_colour()};")
        columns = QHBoxLayout()
        columns.setSpacing(8)
        columns.addWidget(self.form_area, 11)
        columns.addWidget(divider)
        columns.addWidget(self.preview, 10)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(self.conflict_bar)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def _row(self, caption: str, widget: QWidget, key: str | None = None, *, top: bool = False) -> None:
        row = self._grid.rowCount()
        label = QLabel(caption)
        label.setBuddy(widget)
        align = Qt.AlignmentFlag.AlignRight | (
            Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
        )
        label.setAlignment(align)
        if top:
            label.setContentsMargins(0, 4, 0, 0)
        self._grid.addWidget(label, row, 0)
        self._grid.addWidget(widget, row, 1)
        if key is not None:
            message = FieldMessage()
            message.setObjectName(f"{key}Message")
            self._grid.addWidget(message, row + 1, 1)
            self.messages[key] = message
        spacer = QWidget()
        spacer.setFixedHeight(4)
        self._grid.addWidget(spacer, row + 2, 1)

    def _build_fields(self, form: QWidget) -> None:
        patient = self.patient
        self.patient_label = plain_label(
            f"{patient.display_name} · MRN {patient.mrn} · DOB {us_date(patient.date_of_birth)}", form
        )
        self.patient_label.setAccessibleName("Patient")
        self.patient_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.patient_label.font()
        font.setBold(True)
        self.patient_label.setFont(font)
        self._row("Patient", self.patient_label)
        self._build_plan_fields(form)
        self._build_amounts(form)
        self.pharmacy_combo = QComboBox(form)
        self.pharmacy_combo.setAccessibleName("Pharmacy")
        self._fill_pharmacies()
        self._row("P&harmacy", self.pharmacy_combo, "pharmacy_id")
        self.prescriber_combo = QComboBox(form)
        self.prescriber_combo.setAccessibleName("Prescriber")
        self._fill_prescribers()
        self._row("Pr&escriber", self.prescriber_combo, "prescriber_id")
        self._build_text_fields(form)
        self._grid.setRowStretch(self._grid.rowCount(), 1)

    def _build_plan_fields(self, form: QWidget) -> None:
        self.formula_combo = QComboBox(form)
        self.formula_combo.setAccessibleName("Formula")
        for entry in self._formulas:
            inactive = "" if entry.active else " — no longer in the formulary"
            self.formula_combo.addItem(f"{entry.label} ({entry.code}){inactive}", entry.id)
        self._row("&Formula", self.formula_combo, "formula_id")
        self.plan_combo = QComboBox(form)
        self.plan_combo.setAccessibleName("Plan")
        for plan in PLAN_TEMPLATES:
            self.plan_combo.addItem(plan.name, plan.code)
            self.plan_combo.setItemData(
                self.plan_combo.count() - 1, plan.description, Qt.ItemDataRole.ToolTipRole
            )
        self.plan_combo.addItem("Custom plan", CUSTOM_PLAN)
        self._row("P&lan", self.plan_combo)
        self.builder = PlanBuilder(form)
        self._row("Steps", self.builder, "steps", top=True)

    def _build_amounts(self, form: QWidget) -> None:
        self.supply_days = QSpinBox(form)
        self.supply_days.setAccessibleName("Days supply")
        self.supply_days.setRange(1, MAX_SUPPLY_DAYS)
        self.supply_days.setSuffix(" days")
        self.refills = QSpinBox(form)
        self.refills.setAccessibleName("Refills")
        self.refills.setRange(0, MAX_REFILLS)
        amounts = QWidget(form)
        line = QHBoxLayout(amounts)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.supply_days)
        refills_label = QLabel("&Refills", amounts)
        refills_label.setBuddy(self.refills)
        line.addSpacing(16)
        line.addWidget(refills_label)
        line.addWidget(self.refills)
        line.addStretch(1)
        for spin in (self.supply_days, self.refills):
            for inner in spin.findChildren(QLineEdit):
                inner.setAccessibleName(spin.accessibleName())
        self._row("&Supply", amounts, "supply_days")
        self.messages["refills"] = self.messages["supply_days"]

    def _build_text_fields(self, form: QWidget) -> None:
        self.diagnosis = QComboBox(form)
        self.diagnosis.setEditable(True)
        self.diagnosis.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.diagnosis.setAccessibleName("Intended use / diagnosis")
        self.diagnosis.addItems([condition_text(c) for c in self.patient.conditions])
        edit = self.diagnosis.lineEdit()
        if edit is not None:
            edit.setMaxLength(300)
            edit.setPlaceholderText("e.g. Fibromyalgia (M79.7)")
        self.omit_diagnosis = QCheckBox("Leave the diagnosis off this script", form)
        self.omit_diagnosis.setAccessibleName("Leave the diagnosis off this script")
        diagnosis_box = QWidget(form)
        column = QVBoxLayout(diagnosis_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.diagnosis)
        column.addWidget(self.omit_diagnosis)
        self._row("&Intended use", diagnosis_box, "diagnosis", top=True)
        self.note = QPlainTextEdit(form)
        self.note.setAccessibleName("Note to the pharmacist")
        self.note.setPlaceholderText("Optional, e.g. dye-free capsules; patient prefers pick-up")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 14)
        self._row("&Note to\npharmacist", self.note, "pharmacist_note", top=True)

    def _fill_pharmacies(self) -> None:
        pharmacies = self._services.pharmacies.list()
        preferred = self._preferred_pharmacy()
        if self.patient.pharmacy is not None and preferred not in {p.id for p in pharmacies}:
            pharmacies.append(self.patient.pharmacy)
        if preferred is None:
            # An empty choice is saved as the patient's preferred pharmacy, so "none" is
            # offered only to a patient without one.
            self.pharmacy_combo.addItem("No pharmacy chosen (the patient takes the script)", None)
        for pharmacy in pharmacies:
            mark = " — patient's preferred" if pharmacy.id == preferred else ""
            self.pharmacy_combo.addItem(f"{pharmacy.name}, {pharmacy.city}{mark}", pharmacy.id)
        saved = self.existing.pharmacy_id if self.existing else None
        if self.existing is not None and saved is not None and self.pharmacy_combo.findData(saved) < 0:
            name = self.existing.pharmacy_name or f"Pharmacy #{saved}"
            self.pharmacy_combo.addItem(f"{name} — no longer in the directory", saved)

    def _preferred_pharmacy(self) -> int | None:
        return self.patient.pharmacy.id if self.patient.pharmacy else None

    def _fill_prescribers(self) -> None:
        if not self._actor.can(Permission.RX_APPROVE):
            self.prescriber_combo.addItem("Leave for a prescriber to approve", None)
        for user in self._services.users.prescribers():
            self.prescriber_combo.addItem(user.display_name, user.id)
        saved = self.existing.prescriber_id if self.existing else None
        if self.existing is not None and saved is not None and self.prescriber_combo.findData(saved) < 0:
            name = self.existing.prescriber_name or f"User #{saved}"
            self.prescriber_combo.addItem(f"{name} — no longer an active prescriber", saved)

    def _connect(self) -> None:
        self.formula_combo.currentIndexChanged.connect(lambda _i: self._edited("formula_id"))
        self.plan_combo.activated.connect(self._plan_chosen)
        self.builder.edited.connect(self._steps_edited)
        self.supply_days.valueChanged.connect(lambda _v: self._edited("supply_days"))
        self.refills.valueChanged.connect(lambda _v: self._edited("refills"))
        self.pharmacy_combo.currentIndexChanged.connect(lambda _i: self._edited("pharmacy_id", preview=False))
        self.prescriber_combo.currentIndexChanged.connect(
            lambda _i: self._edited("prescriber_id", preview=False)
        )
        self.diagnosis.editTextChanged.connect(lambda _t: self._edited("diagnosis", preview=False))
        self.omit_diagnosis.toggled.connect(self._omit_toggled)
        self.note.textChanged.connect(lambda: self._edited("pharmacist_note", preview=False))
        self.preview.use_formula.connect(self.choose_formula)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.conflict_bar.use_theirs.connect(self.use_theirs)
        self.conflict_bar.keep_mine.connect(self.keep_mine)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    # --- loading ------------------------------------------------------------------------------

    def _load_new(self) -> None:
        self._select(self.formula_combo, self._formula_id(DEFAULT_FORMULA))
        plan = find_plan(DEFAULT_PLAN) or PLAN_TEMPLATES[0]
        self._select(self.plan_combo, plan.code)
        self.builder.set_steps(plan.steps)
        self.supply_days.setValue(DEFAULT_SUPPLY_DAYS)
        self.refills.setValue(0)
        self._select(self.pharmacy_combo, self._preferred_pharmacy())
        self._select(self.prescriber_combo, self._default_prescriber())
        self.diagnosis.setCurrentIndex(0 if self.patient.conditions else -1)
        if not self.patient.conditions:
            self.diagnosis.setEditText("")
        self.save_hint.setText(
            "A prescriber approves the draft before it can be printed."
            if not self._actor.can(Permission.RX_APPROVE)
            else "Save the draft, then approve it from the Prescriptions tab."
        )
        self._schedule_preview()

    def _default_prescriber(self) -> int | None:
        if self._actor.can(Permission.RX_APPROVE):
            return self._actor.user_id
        return None

    def load(self, detail: PrescriptionDetail) -> None:
        """Fill the form from a saved prescription (theirs, after a conflict, too)."""
        self.existing = detail
        self.version = detail.version
        self._select(self.formula_combo, detail.formula_id)
        self._select(self.plan_combo, detail.plan_code or CUSTOM_PLAN)
        self.builder.set_steps(detail.steps)
        self.supply_days.setValue(detail.supply_days)
        self.refills.setValue(detail.refills)
        # A script saved without a pharmacy or prescriber gets the service's own defaults
        # on its next save (the patient's preferred pharmacy; a prescriber who saves it).
        if not self._select(self.pharmacy_combo, detail.pharmacy_id):
            self._select(self.pharmacy_combo, self._preferred_pharmacy())
        if not self._select(self.prescriber_combo, detail.prescriber_id):
            self._select(self.prescriber_combo, self._default_prescriber())
        self.diagnosis.setEditText(detail.diagnosis or "")
        self.omit_diagnosis.setChecked(detail.diagnosis_omitted)
        self.note.setPlainText(detail.pharmacist_note or "")
        for message in self.messages.values():
            message.show_problem(None)
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
        for widget in (
            self.formula_combo,
            self.plan_combo,
            self.supply_days,
            self.refills,
            self.pharmacy_combo,
            self.prescriber_combo,
            self.diagnosis,
            self.omit_diagnosis,
        ):
            widget.setEnabled(False)
        self.note.setReadOnly(True)
        self.builder.set_read_only(True)
        self.save_button.hide()

    def _show_saved_result(self, detail: PrescriptionDetail) -> None:
        entry = self._entry(detail.formula_id)
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

    # --- reacting to edits --------------------------------------------------------------------

    def _edited(self, key: str, *, preview: bool = True) -> None:
        message = self.messages.get(key)
        if message is not None:
            message.show_problem(None)
        if preview:
            self._schedule_preview()

    def _plan_chosen(self, _index: int) -> None:
        plan = self._chosen_template()
        if plan is not None:
            self.builder.set_steps(plan.steps)
        self._edited("steps")

    def _steps_edited(self) -> None:
        plan = self._chosen_template()
        if plan is not None and self.builder.steps() != plan.steps:
            self._select(self.plan_combo, CUSTOM_PLAN)
        self._edited("steps")

    def _omit_toggled(self, omitted: bool) -> None:
        self.diagnosis.setEnabled(not omitted and not self.read_only)
        self._edited("diagnosis", preview=False)

    def choose_formula(self, formula_id: int) -> None:
        """Switch to another formula (a suggestion button)."""
        self._select(self.formula_combo, formula_id)
        self.formula_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _chosen_template(self) -> TitrationPlan | None:
        code = self.plan_combo.currentData()
        return find_plan(str(code)) if code else None

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
        data = self._preview_input()
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
        entry = self._entry(data.formula_id)
        self.preview.show_result(
            result.calculation,
            result.problems,
            result.findings,
            result.suggestions,
            form=entry.dosage_form if entry else None,
            current_formula_id=data.formula_id,
            start=data.start_date,
        )

    def _preview_failed(self, ticket: int, error: BaseException) -> None:
        self._in_flight -= 1
        if not isinstance(error, DomainError):
            report_unhandled(error)
            return
        if ticket == self._ticket:
            self.preview.show_unavailable(f"No preview: {error.message}")

    # --- reading the form ---------------------------------------------------------------------

    def _preview_input(self) -> PrescriptionInput | None:
        steps = self.builder.steps()
        formula_id = self.formula_combo.currentData()
        if steps is None or formula_id is None:
            return None
        return self._make_input(int(formula_id), steps)

    def input(self) -> PrescriptionInput | None:
        """The form as a command for the service; None while the plan cannot be read."""
        return self._preview_input()

    def _make_input(self, formula_id: int, steps: tuple[TitrationStep, ...]) -> PrescriptionInput:
        template = self._chosen_template()
        plan_code = template.code if template is not None and template.steps == steps else None
        pharmacy = self.pharmacy_combo.currentData()
        prescriber = self.prescriber_combo.currentData()
        return PrescriptionInput(
            patient_id=self.patient.id,
            formula_id=formula_id,
            steps=steps,
            supply_days=self.supply_days.value(),
            refills=self.refills.value(),
            plan_code=plan_code,
            start_date=self.existing.start_date if self.existing else None,
            pharmacy_id=int(pharmacy) if pharmacy is not None else None,
            prescriber_id=int(prescriber) if prescriber is not None else None,
            diagnosis=self.diagnosis.currentText() or None,
            diagnosis_omitted=self.omit_diagnosis.isChecked(),
            pharmacist_note=self.note.toPlainText() or None,
        )

    def _snapshot(self) -> tuple[object, ...]:
        """Everything typed, raw (for "are there unsaved changes?")."""
        return (
            self.formula_combo.currentData(),
            self.plan_combo.currentData(),
            tuple(self.builder.cells()),
            self.supply_days.value(),
            self.refills.value(),
            self.pharmacy_combo.currentData(),
            self.prescriber_combo.currentData(),
            self.diagnosis.currentText(),
            self.omit_diagnosis.isChecked(),
            self.note.toPlainText(),
        )

    def has_changes(self) -> bool:
        return not self.read_only and self._snapshot() != self._baseline

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> PrescriptionDetail | None:
        """Save the draft; None (and everything typed still on screen) when refused."""
        if self.read_only:
            return None
        data = self.input()
        if data is None:
            problems = self.builder.problems()
            self.messages["steps"].show_problem(None)
            self.banner.show_message(
                "Not saved: the plan needs fixing first (see the messages under the steps). "
                + (problems[0] if problems else ""),
                Tone.DANGER,
            )
            self.builder.setFocus()
            return None
        try:
            detail = self._write(data)
        except ValidationError as error:
            self._show_invalid(error)
        except ConflictError as error:
            self._show_conflict(error)
        except DomainError as error:
            self.banner.show_message(f"Not saved: {error.message}", Tone.DANGER)
        else:
            self._baseline = self._snapshot()
            self.existing = detail
            self.version = detail.version
            self.saved.emit(detail)
            self.accept()
            return detail
        return None

    def _write(self, data: PrescriptionInput) -> PrescriptionDetail:
        prescriptions = self._services.prescriptions
        if self.existing is None:
            return prescriptions.create_draft(self._actor, data)
        return prescriptions.update_draft(self._actor, self.existing.id, data, self.version)

    def _show_invalid(self, error: ValidationError) -> None:
        unplaced = []
        for key, text in error.field_errors.items():
            if key == "steps":
                self.builder.show_problem(text)
            elif key in self.messages:
                self.messages[key].show_problem(text)
            else:
                unplaced.append(text)
        count = len(error.field_errors)
        text = f"Not saved: please correct the {count} problem{'s' if count != 1 else ''} shown in red."
        if unplaced:
            text += " " + " ".join(unplaced)
        self.banner.show_message(text, Tone.DANGER)

    def _show_conflict(self, error: ConflictError) -> None:
        theirs = error.current
        self.theirs = theirs if isinstance(theirs, PrescriptionDetail) else None
        self.banner.clear_message()
        if self.theirs is None:
            self.banner.show_message(f"Not saved: {error.message}", Tone.DANGER)
            return
        self.conflict_bar.show_conflict(
            f"{error.message} Your edits are still on screen. Their version is "
            f"{self.theirs.status.label.lower()}: {self.theirs.plan_name or 'custom plan'}, "
            f"{self.theirs.medication}, {self.theirs.supply_days} days."
        )

    def keep_mine(self) -> PrescriptionDetail | None:
        """Save what is on screen over the version someone else saved."""
        if self.theirs is None:
            return None
        self.version = self.theirs.version
        self.theirs = None
        return self.save()

    def use_theirs(self) -> None:
        """Drop the edits on screen and show the version someone else saved."""
        theirs, self.theirs = self.theirs, None
        if theirs is None:
            return
        self.read_only = not theirs.status.editable
        self.load(theirs)
        self._baseline = self._snapshot()
        self.setWindowTitle(self._title())

    def reject(self) -> None:
        if self.has_changes() and not prompts.confirm(
            self,
            DISCARD_KEY,
            "Discard prescription?",
            "Close without saving? What you changed on this prescription will be lost.",
            yes="Discard",
            no="Keep editing",
        ):
            return
        self._timer.stop()
        super().reject()

    # --- helpers ------------------------------------------------------------------------------

    def _formula_id(self, code: str) -> int | None:
        entry = next((e for e in self._formulas if e.code == code), None)
        if entry is None and self._formulas:
            entry = self._formulas[0]
        return entry.id if entry else None

    def _entry(self, formula_id: int | None) -> FormulaEntry | None:
        return next((e for e in self._formulas if e.id == formula_id), None)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> bool:
        """Show the item holding `value`; False (and nothing changed) when there is none."""
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
        return index >= 0

    def field_message(self, key: str) -> str:
        """The problem shown at a field ("" when none)."""
        if key == "steps":
            return "\n".join(self.builder.problems())
        message = self.messages.get(key)
        return (message.problem or "") if message is not None else ""
