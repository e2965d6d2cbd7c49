"""One row each of the clinical lists: a condition, an allergy, a medication.

A row is a set of input widgets that `RowList` lays out in a grid under column headings, so
every row lines up. A medication row runs the opioid screen on every keystroke and shows what
it found, so an opioid is flagged while it is being typed, not after the save.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSizePolicy, QToolButton, QWidget

from ldnclinic.domain.conditions import CONDITION_PICKLIST, find_condition
from ldnclinic.domain.medications.reading import MedicationReading, classify_medication
from ldnclinic.services.patients.dto import AllergyInput, ConditionInput, MedicationInput
from ldnclinic.ui.patients.form.field import ComboSwitch
from ldnclinic.ui.widgets.tones import Tone, make_badge, repolish, set_badge

Column = tuple[str, int]  # heading, stretch (0 = as wide as its contents)


class ListRow:
    """The inputs of one entry plus its remove button (made last, so Tab reaches it last)."""

    noun = "entry"
    columns: ClassVar[tuple[Column, ...]] = ()

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def finish(self, first_input: QWidget) -> None:
        self.first_input = first_input
        self.remove_button = QToolButton(self.parent)
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(f"Remove this {self.noun}")
        self.remove_button.setAutoRaise(True)

    def cells(self) -> list[QWidget]:
        """The row's widgets in column order (without the remove button)."""
        raise NotImplementedError

    def edits(self) -> list[QLineEdit]:
        return [cell for cell in self.cells() if isinstance(cell, QLineEdit)]

    def number(self, position: int) -> None:
        """Accessible names say which row an input belongs to ("Medication 2 dose")."""
        self.remove_button.setAccessibleName(f"Remove {self.noun} {position}")

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.edits():
            if edit.property("typingHint") is None:
                edit.setProperty("typingHint", edit.placeholderText())
            edit.setReadOnly(read_only)
            edit.setPlaceholderText("" if read_only else str(edit.property("typingHint")))
            repolish(edit)
        self.remove_button.setVisible(not read_only)

    def is_blank(self) -> bool:
        return not any(edit.text().strip() for edit in self.edits())

    def dispose(self) -> None:
        for widget in (*self.cells(), self.remove_button):
            widget.hide()
            widget.deleteLater()


class ConditionRow(ListRow):
    noun = "condition"
    columns = (("Condition", 1), ("ICD-10-CM", 0))

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QComboBox()
        self.label.setEditable(True)
        self.label.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label.addItems([choice.label for choice in CONDITION_PICKLIST])
        self.label.setCurrentIndex(-1)
        line = self.label.lineEdit()
        if line is not None:
            line.setPlaceholderText("Pick from the list or type a condition")
        completer = self.label.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.switch = ComboSwitch(self.label, parent)
        self.icd10 = QLineEdit(parent)
        self.icd10.setPlaceholderText("Code")
        self.icd10.setFixedWidth(self.icd10.fontMetrics().horizontalAdvance("M00.0000") + 24)
        self._auto_code = ""
        self.label.editTextChanged.connect(self._fill_code)
        self.finish(self.label)

    def cells(self) -> list[QWidget]:
        return [self.switch, self.icd10]

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
        self.switch.set_read_only(read_only)

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
    columns = (("Substance", 1), ("Reaction", 1))

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.substance = QLineEdit(parent)
        self.substance.setPlaceholderText("Substance")
        self.reaction = QLineEdit(parent)
        self.reaction.setPlaceholderText("Reaction, if known")
        self.finish(self.substance)

    def cells(self) -> list[QWidget]:
        return [self.substance, self.reaction]

    def number(self, position: int) -> None:
        super().number(position)
        self.substance.setAccessibleName(f"Allergy {position} substance")
        self.reaction.setAccessibleName(f"Allergy {position} reaction")

    def load(self, item: AllergyInput) -> None:
        self.substance.setText(item.substance)
        self.reaction.setText(item.reaction)

    def value(self) -> AllergyInput:
        return AllergyInput(self.substance.text(), self.reaction.text())


def opioid_flag_text(reading: MedicationReading, active: bool) -> str:
    """ "OPIOID · tramadol", "ANTAGONIST · naltrexone"; lower case when not taken now."""
    if reading.opioid is not None:
        word, ingredient = "opioid", reading.opioid.ingredient
    else:
        assert reading.antagonist is not None
        word, ingredient = "antagonist", reading.antagonist.ingredient
    return f"{word.upper()} · {ingredient}" if active else f"{word}, not taking · {ingredient}"


def flag_tooltip(reading: MedicationReading) -> str:
    parts = [match.summary for match in reading.opioids]
    if reading.antagonist is not None:
        parts.append(reading.antagonist.summary)
    return "; ".join(parts)


class MedicationRow(ListRow):
    noun = "medication"
    columns = (("Medication", 3), ("Dose and directions", 2), ("Taking now", 0), ("Safety screen", 0))

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = QLineEdit(parent)
        self.name.setPlaceholderText("Medication name")
        self.dose = QLineEdit(parent)
        self.dose.setPlaceholderText("Dose and how often")
        self.active = QCheckBox(parent)
        self.active.setChecked(True)
        self.flag = make_badge("", Tone.DANGER, parent)
        self.flag.setWordWrap(False)
        self.flag.setMinimumWidth(
            self.flag.fontMetrics().horizontalAdvance("opioid, not taking · hydromorphone") + 24
        )
        self.flag.setAlignment(Qt.AlignmentFlag.AlignCenter)
        policy = self.flag.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Fixed)
        self.flag.setSizePolicy(policy)
        self.flag.hide()
        self.reading: MedicationReading | None = None
        self.name.textChanged.connect(self._screen)
        self.dose.textChanged.connect(self._screen)
        self.active.toggled.connect(self._screen)
        self.finish(self.name)

    def cells(self) -> list[QWidget]:
        return [self.name, self.dose, self.active, self.flag]

    def _screen(self) -> None:
        reading = classify_medication(self.name.text(), self.dose.text())
        self.reading = reading
        if not reading.blocks_ldn:
            self.flag.hide()
            self.flag.setToolTip("")
            return
        active = self.active.isChecked()
        set_badge(self.flag, opioid_flag_text(reading, active), Tone.DANGER if active else Tone.INFO)
        self.flag.setToolTip(flag_tooltip(reading))
        self.flag.show()

    @property
    def opioid_text(self) -> str | None:
        """What the screen says about this row right now (None when nothing in it stops LDN)."""
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
