"""One row each of the clinical lists: a condition, an allergy, a medication.

A medication row runs the opioid screen on every keystroke and shows what it found, so an
opioid is flagged while it is being typed, not after the save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from ldnclinic.domain.conditions import CONDITION_PICKLIST, find_condition
from ldnclinic.domain.opioids import screen_medication
from ldnclinic.services.patient_dto import AllergyInput, ConditionInput, MedicationInput
from ldnclinic.ui.patients.style import Tone, make_badge, set_badge


class ListRow(QWidget):
    """A row with a remove button; subclasses add their inputs before it."""

    noun = "entry"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def finish(self, first_input: QWidget) -> None:
        """Add the remove button last, so Tab reaches the inputs first."""
        self.first_input = first_input
        self.remove_button = QToolButton(self)
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(f"Remove this {self.noun}")
        self.remove_button.setAutoRaise(True)
        self.layout_.addWidget(self.remove_button)

    def number(self, position: int) -> None:
        """Accessible names say which row an input belongs to ("Medication 2 dose")."""
        self.remove_button.setAccessibleName(f"Remove {self.noun} {position}")

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.findChildren(QLineEdit):
            edit.setReadOnly(read_only)
        self.remove_button.setVisible(not read_only)

    def is_blank(self) -> bool:
        return not any(edit.text().strip() for edit in self.findChildren(QLineEdit))


class ConditionRow(ListRow):
    noun = "condition"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QComboBox(self)
        self.label.setEditable(True)
        self.label.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label.addItems([choice.label for choice in CONDITION_PICKLIST])
        self.label.setCurrentIndex(-1)
        self.label.setPlaceholderText("Pick from the list or type a condition")
        completer = self.label.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.icd10 = QLineEdit(self)
        self.icd10.setPlaceholderText("ICD-10-CM")
        self.icd10.setMaximumWidth(110)
        self._auto_code = ""
        self.label.editTextChanged.connect(self._fill_code)
        self.layout_.addWidget(self.label, 1)
        self.layout_.addWidget(self.icd10)
        self.finish(self.label)

    def _fill_code(self, text: str) -> None:
        choice = find_condition(text)
        code = self.icd10.text().strip()
        if choice and code in ("", self._auto_code):
            self.icd10.setText(choice.icd10)
            self._auto_code = choice.icd10
        elif not choice and code and code == self._auto_code:
            self.icd10.clear()
            self._auto_code = ""

    def number(self, position: int) -> None:
        super().number(position)
        self.label.setAccessibleName(f"Condition {position}")
        self.icd10.setAccessibleName(f"Condition {position} ICD-10 code")

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.label.setEnabled(not read_only)

    def load(self, item: ConditionInput) -> None:
        self.label.setEditText(item.label)
        self.icd10.setText(item.icd10)
        self._auto_code = ""

    def value(self) -> ConditionInput:
        return ConditionInput(self.label.currentText(), self.icd10.text())

    def is_blank(self) -> bool:
        return super().is_blank() and not self.label.currentText().strip()


class AllergyRow(ListRow):
    noun = "allergy"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.substance = QLineEdit(self)
        self.substance.setPlaceholderText("Substance (penicillin, sulfa, latex…)")
        self.reaction = QLineEdit(self)
        self.reaction.setPlaceholderText("Reaction (hives, anaphylaxis…)")
        self.layout_.addWidget(self.substance, 1)
        self.layout_.addWidget(self.reaction, 1)
        self.finish(self.substance)

    def number(self, position: int) -> None:
        super().number(position)
        self.substance.setAccessibleName(f"Allergy {position} substance")
        self.reaction.setAccessibleName(f"Allergy {position} reaction")

    def load(self, item: AllergyInput) -> None:
        self.substance.setText(item.substance)
        self.reaction.setText(item.reaction)

    def value(self) -> AllergyInput:
        return AllergyInput(self.substance.text(), self.reaction.text())


class MedicationRow(ListRow):
    noun = "medication"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Medication (e.g. Norco, gabapentin)")
        self.dose = QLineEdit(self)
        self.dose.setPlaceholderText("Dose and directions")
        self.active = QCheckBox("Taking now", self)
        self.active.setChecked(True)
        self.flag = make_badge("", Tone.DANGER, self)
        self.flag.setWordWrap(False)
        self.flag.hide()
        self.name.textChanged.connect(self._screen)
        self.dose.textChanged.connect(self._screen)
        self.active.toggled.connect(self._screen)
        self.layout_.addWidget(self.name, 3)
        self.layout_.addWidget(self.dose, 2)
        self.layout_.addWidget(self.active)
        self.layout_.addWidget(self.flag)
        self.finish(self.name)

    def _screen(self) -> None:
        match = screen_medication(f"{self.name.text()} {self.dose.text()}")
        if match is None:
            self.flag.hide()
            self.flag.setToolTip("")
            return
        set_badge(
            self.flag, f"OPIOID · {match.ingredient}", Tone.DANGER if self.active.isChecked() else Tone.INFO
        )
        self.flag.setToolTip(match.summary)
        self.flag.show()

    @property
    def opioid_text(self) -> str | None:
        """What the screen says about this row right now (None when it is not an opioid)."""
        return self.flag.toolTip() or None

    def number(self, position: int) -> None:
        super().number(position)
        self.name.setAccessibleName(f"Medication {position} name")
        self.dose.setAccessibleName(f"Medication {position} dose")
        self.active.setAccessibleName(f"Medication {position}: taking now")

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.active.setEnabled(not read_only)

    def load(self, item: MedicationInput) -> None:
        self.name.setText(item.name)
        self.dose.setText(item.dose)
        self.active.setChecked(item.active)

    def value(self) -> MedicationInput:
        return MedicationInput(self.name.text(), self.dose.text(), self.active.isChecked())
