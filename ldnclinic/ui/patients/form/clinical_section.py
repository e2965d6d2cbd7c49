"""Form section: the clinical lists (conditions, allergies, current medications)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout, QWidget

from ldnclinic.services.patients.dto import AllergyInput, ConditionInput, MedicationInput, PatientInput
from ldnclinic.ui.patients.form.list_editor import RowList
from ldnclinic.ui.patients.form.list_rows import AllergyRow, ConditionRow, ListRow, MedicationRow

R = TypeVar("R", bound=ListRow)


def _group(title: str, parent: QWidget, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class ClinicalSection:
    """The three lists and the 'No known allergies' box, each in its own group."""

    def __init__(self, parent: QWidget) -> None:
        self.conditions = RowList(
            "conditions",
            ConditionRow,
            ConditionRow.columns,
            add_text="Add condition",
            empty_text="No conditions recorded.",
            parent=parent,
        )
        self.no_known_allergies = QCheckBox("No known allergies (NKA)", parent)
        self.no_known_allergies.setAccessibleName("No known allergies")
        self.allergies = RowList(
            "allergies",
            AllergyRow,
            AllergyRow.columns,
            add_text="Add allergy",
            empty_text="No allergies listed.",
            parent=parent,
        )
        self.medications = RowList(
            "medications",
            MedicationRow,
            MedicationRow.columns,
            add_text="Add medication",
            empty_text="No current medications recorded.",
            parent=parent,
        )
        self.conditions_box = _group("Conditions", parent, self.conditions)
        self.allergies_box = _group("Allergies", parent, self.no_known_allergies, self.allergies)
        self.medications_box = _group("Current medications", parent, self.medications)
        self.no_known_allergies.toggled.connect(self._allergy_hint)

    @property
    def lists(self) -> list[RowList]:
        return [self.conditions, self.allergies, self.medications]

    def _allergy_hint(self, checked: bool) -> None:
        if checked and self.allergies.filled_rows():
            self.allergies.message.show_problem(
                "Either list allergies or mark 'No known allergies', not both."
            )
        else:
            self.allergies.message.show_problem(None)

    def set_read_only(self, read_only: bool) -> None:
        for rows in self.lists:
            rows.set_read_only(read_only)
        self.no_known_allergies.setEnabled(not read_only)

    def load(self, data: PatientInput) -> None:
        for rows in self.lists:
            rows.clear_rows()
            rows.message.show_problem(None)
        for condition in data.conditions:
            _typed(self.conditions.add_row(), ConditionRow).load(condition)
        for allergy in data.allergies:
            _typed(self.allergies.add_row(), AllergyRow).load(allergy)
        for medication in data.medications:
            _typed(self.medications.add_row(), MedicationRow).load(medication)
        self.no_known_allergies.setChecked(data.no_known_allergies)

    def condition_values(self) -> tuple[ConditionInput, ...]:
        return tuple(_typed(r, ConditionRow).value() for r in self.conditions.filled_rows())

    def allergy_values(self) -> tuple[AllergyInput, ...]:
        return tuple(_typed(r, AllergyRow).value() for r in self.allergies.filled_rows())

    def medication_values(self) -> tuple[MedicationInput, ...]:
        return tuple(_typed(r, MedicationRow).value() for r in self.medications.filled_rows())

    def medication_rows(self) -> list[MedicationRow]:
        return [_typed(r, MedicationRow) for r in self.medications.rows]


def _typed(row: ListRow, kind: type[R]) -> R:
    if not isinstance(row, kind):
        raise TypeError(f"expected a {kind.__name__}, got {type(row).__name__}")
    return row
