"""The prescription editor's form: one row per field, each with its message line below it.

Widgets only move data: `load_new()` fills in the usual choices for a new script, `load()`
fills the form from a saved one, `read()` reads it into a `PrescriptionInput` (None while the
plan cannot be read) and `snapshot()` keeps everything typed, raw, to tell whether anything
changed. The form keeps itself consistent as the user types: choosing a plan fills in its
steps, editing the steps away from it switches to "Custom plan", leaving the diagnosis off
disables it. An edit clears its field's message, and one that can change the preview emits
`preview_stale`. `show_errors` puts the service's messages beside their fields (a refused
save); `show_checks` does the same for what the live preview found (a start date outside the
clinic's window, refills past the Texas year, a script too long for one page), so the user
sees them before saving.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions import defaults as rx_defaults
from ldnclinic.domain.prescriptions.supply import MAX_SUPPLY_DAYS
from ldnclinic.domain.prescriptions.titration import PLAN_TEMPLATES, TitrationPlan, TitrationStep, find_plan
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.prescriptions.dto import FormulaEntry, PrescriptionDetail, PrescriptionInput
from ldnclinic.ui.prescriptions.plan_builder import PlanBuilder
from ldnclinic.ui.prescriptions.preview_pane import condition_text, plain_label
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.tones import FieldMessage

CUSTOM_PLAN = ""  # the plan combo's value for a custom plan


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def select(combo: QComboBox, value: object) -> bool:
    """Show the item holding `value`; False (and nothing changed) when there is none."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


class PrescriptionForm(QWidget):
    """The fields of one prescription for `patient`; `existing` is the saved script, if any.

    `read_only` (a script printed, signed, sent or void) keeps the diagnosis disabled;
    `disable_editing()` greys out the rest.
    """

    preview_stale = Signal()  # an edit changed something the preview shows

    def __init__(
        self,
        services: Services,
        actor: Actor,
        patient: PatientDetail,
        existing: PrescriptionDetail | None,
        *,
        read_only: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rxForm")
        self._services = services
        self._actor = actor
        self.patient = patient
        self.read_only = read_only
        self.formulas = self._formula_entries(existing)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 4, 12, 4)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(3)
        self._grid.setColumnStretch(1, 1)
        self.messages: dict[str, FieldMessage] = {}
        self._build_fields(existing)
        self._connect()

    # --- building -----------------------------------------------------------------------------

    def _formula_entries(self, existing: PrescriptionDetail | None) -> list[FormulaEntry]:
        entries = self._services.formulary.list(include_inactive=True)
        keep = existing.formula_id if existing else None
        return [e for e in entries if e.active or e.id == keep]

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

    def _build_fields(self, existing: PrescriptionDetail | None) -> None:
        patient = self.patient
        self.patient_label = plain_label(
            f"{patient.display_name} · MRN {patient.mrn} · DOB {us_date(patient.date_of_birth)}", self
        )
        self.patient_label.setAccessibleName("Patient")
        self.patient_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.patient_label.font()
        font.setBold(True)
        self.patient_label.setFont(font)
        self._row("Patient", self.patient_label)
        self._build_plan_fields()
        self._build_amounts()
        self.pharmacy_combo = QComboBox(self)
        self.pharmacy_combo.setAccessibleName("Pharmacy")
        self._fill_pharmacies(existing)
        self._row("P&harmacy", self.pharmacy_combo, "pharmacy_id")
        self.prescriber_combo = QComboBox(self)
        self.prescriber_combo.setAccessibleName("Prescriber")
        self._fill_prescribers(existing)
        self._row("Pr&escriber", self.prescriber_combo, "prescriber_id")
        self._build_text_fields()
        self._grid.setRowStretch(self._grid.rowCount(), 1)

    def _build_plan_fields(self) -> None:
        self.formula_combo = QComboBox(self)
        self.formula_combo.setAccessibleName("Formula")
        for entry in self.formulas:
            inactive = "" if entry.active else " — no longer in the formulary"
            self.formula_combo.addItem(f"{entry.label} ({entry.code}){inactive}", entry.id)
        self._row("&Formula", self.formula_combo, "formula_id")
        self.plan_combo = QComboBox(self)
        self.plan_combo.setAccessibleName("Plan")
        for plan in PLAN_TEMPLATES:
            self.plan_combo.addItem(plan.name, plan.code)
            self.plan_combo.setItemData(
                self.plan_combo.count() - 1, plan.description, Qt.ItemDataRole.ToolTipRole
            )
        self.plan_combo.addItem("Custom plan", CUSTOM_PLAN)
        self._row("P&lan", self.plan_combo)
        self.builder = PlanBuilder(self)
        self._row("Steps", self.builder, "steps", top=True)
        self.start_date = QDateEdit(self)
        self.start_date.setObjectName("rxStartDate")
        self.start_date.setAccessibleName("Start date")
        self.start_date.setDisplayFormat("MM/dd/yyyy")
        self.start_date.setCalendarPopup(True)
        # Any date the calendar holds can be typed: the clinic's window is the service's to
        # check, and its message appears under the field.
        self.start_date.setDateRange(QDate(1, 1, 1), QDate(9999, 12, 31))
        for inner in self.start_date.findChildren(QLineEdit):
            inner.setAccessibleName("Start date")
        starts = QWidget(self)
        line = QHBoxLayout(starts)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.start_date)
        line.addStretch(1)
        self._row("S&tarts", starts, "start_date")
        self._checked: set[str] = set()  # fields showing what the live preview found

    def _build_amounts(self) -> None:
        self.supply_days = QSpinBox(self)
        self.supply_days.setAccessibleName("Days supply")
        self.supply_days.setRange(1, MAX_SUPPLY_DAYS)
        self.supply_days.setSuffix(" days")
        self.refills = QSpinBox(self)
        self.refills.setAccessibleName("Refills")
        self.refills.setRange(0, limits.MAX_REFILLS)
        amounts = QWidget(self)
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

    def _build_text_fields(self) -> None:
        self.diagnosis = QComboBox(self)
        self.diagnosis.setEditable(True)
        self.diagnosis.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.diagnosis.setAccessibleName("Intended use / diagnosis")
        self.diagnosis.addItems([condition_text(c) for c in self.patient.conditions])
        edit = self.diagnosis.lineEdit()
        if edit is not None:
            edit.setMaxLength(limits.RX_DIAGNOSIS.box)
            edit.setPlaceholderText("e.g. Fibromyalgia (M79.7)")
        self.omit_diagnosis = QCheckBox("Leave the diagnosis off this script", self)
        self.omit_diagnosis.setAccessibleName("Leave the diagnosis off this script")
        diagnosis_box = QWidget(self)
        column = QVBoxLayout(diagnosis_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.diagnosis)
        column.addWidget(self.omit_diagnosis)
        self._row("&Intended use", diagnosis_box, "diagnosis", top=True)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note to the pharmacist")
        self.note.setPlaceholderText("Optional, e.g. dye-free capsules; patient prefers pick-up")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 14)
        self._row("&Note to\npharmacist", self.note, "pharmacist_note", top=True)

    def _fill_pharmacies(self, existing: PrescriptionDetail | None) -> None:
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
        saved = existing.pharmacy_id if existing else None
        if existing is not None and saved is not None and self.pharmacy_combo.findData(saved) < 0:
            name = existing.pharmacy_name or f"Pharmacy #{saved}"
            self.pharmacy_combo.addItem(f"{name} — no longer in the directory", saved)

    def _preferred_pharmacy(self) -> int | None:
        return self.patient.pharmacy.id if self.patient.pharmacy else None

    def _fill_prescribers(self, existing: PrescriptionDetail | None) -> None:
        if not self._actor.can(Permission.RX_APPROVE):
            self.prescriber_combo.addItem("Leave for a prescriber to approve", None)
        for user in self._services.users.prescribers():
            self.prescriber_combo.addItem(user.display_name, user.id)
        saved = existing.prescriber_id if existing else None
        if existing is not None and saved is not None and self.prescriber_combo.findData(saved) < 0:
            name = existing.prescriber_name or f"User #{saved}"
            self.prescriber_combo.addItem(f"{name} — no longer an active prescriber", saved)

    def _default_prescriber(self) -> int | None:
        if self._actor.can(Permission.RX_APPROVE):
            return self._actor.user_id
        return None

    def _connect(self) -> None:
        self.formula_combo.currentIndexChanged.connect(lambda _i: self._edited("formula_id"))
        self.plan_combo.activated.connect(self._plan_chosen)
        self.builder.edited.connect(self._steps_edited)
        self.start_date.dateChanged.connect(lambda _d: self._edited("start_date"))
        self.supply_days.valueChanged.connect(lambda _v: self._edited("supply_days"))
        self.refills.valueChanged.connect(lambda _v: self._edited("refills"))
        self.pharmacy_combo.currentIndexChanged.connect(lambda _i: self._edited("pharmacy_id", preview=False))
        # The prescriber and the intended use are printed: the preview lists what Texas requires.
        self.prescriber_combo.currentIndexChanged.connect(lambda _i: self._edited("prescriber_id"))
        self.diagnosis.editTextChanged.connect(lambda _t: self._edited("diagnosis"))
        self.omit_diagnosis.toggled.connect(self._omit_toggled)
        self.note.textChanged.connect(lambda: self._edited("pharmacist_note", preview=False))

    # --- reacting to edits --------------------------------------------------------------------

    def _edited(self, key: str, *, preview: bool = True) -> None:
        message = self.messages.get(key)
        if message is not None:
            message.show_problem(None)
        if preview:
            self.preview_stale.emit()

    def _plan_chosen(self, _index: int) -> None:
        plan = self._chosen_template()
        if plan is not None:
            self.builder.set_steps(plan.steps)
        self._edited("steps")

    def _steps_edited(self) -> None:
        plan = self._chosen_template()
        if plan is not None and self.builder.steps() != plan.steps:
            select(self.plan_combo, CUSTOM_PLAN)
        self._edited("steps")

    def _omit_toggled(self, omitted: bool) -> None:
        self.diagnosis.setEnabled(not omitted and not self.read_only)
        self._edited("diagnosis")

    def choose_formula(self, formula_id: int) -> None:
        """Switch to another formula and put the focus on it."""
        select(self.formula_combo, formula_id)
        self.formula_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _chosen_template(self) -> TitrationPlan | None:
        code = self.plan_combo.currentData()
        return find_plan(str(code)) if code else None

    # --- loading ------------------------------------------------------------------------------

    def load_new(self) -> None:
        """The usual start: the default formula and plan, a month's supply, the patient's pharmacy."""
        select(self.formula_combo, self._formula_id(rx_defaults.DEFAULT_FORMULA_CODE))
        plan = rx_defaults.default_plan()
        select(self.plan_combo, plan.code)
        self.builder.set_steps(plan.steps)
        self.start_date.setDate(_qdate(self._services.patients.today()))
        self.supply_days.setValue(rx_defaults.DEFAULT_SUPPLY_DAYS)
        self.refills.setValue(rx_defaults.DEFAULT_REFILLS)
        select(self.pharmacy_combo, self._preferred_pharmacy())
        select(self.prescriber_combo, self._default_prescriber())
        self.diagnosis.setCurrentIndex(0 if self.patient.conditions else -1)
        if not self.patient.conditions:
            self.diagnosis.setEditText("")

    def load(self, detail: PrescriptionDetail) -> None:
        """Fill the fields from a saved prescription and clear every message."""
        select(self.formula_combo, detail.formula_id)
        select(self.plan_combo, detail.plan_code or CUSTOM_PLAN)
        self.builder.set_steps(detail.steps)
        self.start_date.setDate(_qdate(detail.start_date))
        self.supply_days.setValue(detail.supply_days)
        self.refills.setValue(detail.refills)
        # A script saved without a pharmacy or prescriber gets the service's own defaults
        # on its next save (the patient's preferred pharmacy; a prescriber who saves it).
        if not select(self.pharmacy_combo, detail.pharmacy_id):
            select(self.pharmacy_combo, self._preferred_pharmacy())
        if not select(self.prescriber_combo, detail.prescriber_id):
            select(self.prescriber_combo, self._default_prescriber())
        self.diagnosis.setEditText(detail.diagnosis or "")
        self.omit_diagnosis.setChecked(detail.diagnosis_omitted)
        self.note.setPlainText(detail.pharmacist_note or "")
        for message in self.messages.values():
            message.show_problem(None)
        self._checked.clear()

    def load_input(self, data: PrescriptionInput) -> None:
        """Fill the fields from a prefilled draft (from the patient's live script: the service's
        `new_draft_for`); a field it leaves open keeps the usual choice for a new script."""
        select(self.formula_combo, data.formula_id)
        select(self.plan_combo, data.plan_code or CUSTOM_PLAN)
        self.builder.set_steps(data.steps)
        self.start_date.setDate(_qdate(data.start_date or self._services.patients.today()))
        self.supply_days.setValue(data.supply_days)
        self.refills.setValue(data.refills)
        if not select(self.pharmacy_combo, data.pharmacy_id):
            select(self.pharmacy_combo, self._preferred_pharmacy())
        if not select(self.prescriber_combo, data.prescriber_id):
            select(self.prescriber_combo, self._default_prescriber())
        self.diagnosis.setEditText(data.diagnosis or "")
        self.omit_diagnosis.setChecked(data.diagnosis_omitted)
        self.note.setPlainText(data.pharmacist_note or "")

    def disable_editing(self) -> None:
        """Grey out every field: the script can no longer change."""
        for widget in (
            self.formula_combo,
            self.plan_combo,
            self.start_date,
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

    # --- reading ------------------------------------------------------------------------------

    def read(self) -> PrescriptionInput | None:
        """The fields as a command for the service; None while the plan cannot be read."""
        steps = self.builder.steps()
        formula_id = self.formula_combo.currentData()
        if steps is None or formula_id is None:
            return None
        start = self.start_date.date().toPython()
        assert isinstance(start, date)
        return self._make_input(int(formula_id), steps, start)

    def _make_input(
        self, formula_id: int, steps: tuple[TitrationStep, ...], start_date: date | None
    ) -> PrescriptionInput:
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
            start_date=start_date,
            pharmacy_id=int(pharmacy) if pharmacy is not None else None,
            prescriber_id=int(prescriber) if prescriber is not None else None,
            diagnosis=self.diagnosis.currentText() or None,
            diagnosis_omitted=self.omit_diagnosis.isChecked(),
            pharmacist_note=self.note.toPlainText() or None,
        )

    def snapshot(self) -> tuple[object, ...]:
        """Everything typed, raw (for "are there unsaved changes?")."""
        return (
            self.formula_combo.currentData(),
            self.plan_combo.currentData(),
            tuple(self.builder.cells()),
            self.start_date.date().toString(Qt.DateFormat.ISODate),
            self.supply_days.value(),
            self.refills.value(),
            self.pharmacy_combo.currentData(),
            self.prescriber_combo.currentData(),
            self.diagnosis.currentText(),
            self.omit_diagnosis.isChecked(),
            self.note.toPlainText(),
        )

    def _formula_id(self, code: str) -> int | None:
        entry = next((e for e in self.formulas if e.code == code), None)
        if entry is None and self.formulas:
            entry = self.formulas[0]
        return entry.id if entry else None

    def entry(self, formula_id: int | None) -> FormulaEntry | None:
        """The formulary entry offered under `formula_id`, if any."""
        return next((e for e in self.formulas if e.id == formula_id), None)

    # --- messages -----------------------------------------------------------------------------

    def show_errors(self, field_errors: Mapping[str, str]) -> list[str]:
        """Each problem beside its field; returns those with no field to go to."""
        unplaced = []
        for key, text in field_errors.items():
            if key == "steps":
                self.builder.show_problem(text)
            elif key in self.messages:
                self.messages[key].show_problem(text)
            else:
                unplaced.append(text)
        return unplaced

    def show_checks(self, field_problems: Mapping[str, str]) -> None:
        """What the live preview found, beside each field; a field it no longer finds a
        problem with is cleared (a save's refusal elsewhere stays until that field is edited)."""
        for key in self._checked - set(field_problems):
            if key == "steps":
                self.builder.show_problem(None)
            elif key in self.messages:
                self.messages[key].show_problem(None)
        self._checked = {key for key in field_problems if key == "steps" or key in self.messages}
        self.show_errors({key: text for key, text in field_problems.items() if key in self._checked})

    def field_message(self, key: str) -> str:
        """The problem shown at a field ("" when none)."""
        if key == "steps":
            return "\n".join(self.builder.problems())
        message = self.messages.get(key)
        return (message.problem or "") if message is not None else ""
