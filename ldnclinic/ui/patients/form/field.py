"""One labelled input with its message: checked as the user types, never emptied by a check.

A check returns the message for a text or None. Problems that typing naturally passes through
("3/2/19" on the way to "3/2/1961") are shown after a short pause or when the field is left;
text that is simply wrong for the field (a digit in a name) is flagged at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QStackedWidget, QWidget

from ldnclinic.services.patients.checks import check_field
from ldnclinic.ui.widgets.tones import FieldMessage, repolish

Check = Callable[[str], str | None]
Describe = Callable[[str], str]
PAUSE_MS = 600
EMPTY_VALUE = "—"  # what an empty field shows while the chart is read-only


def service_check(field: str, today: Callable[[], date]) -> Check:
    """The services' own single-field check, for as-you-type messages."""
    return lambda text: check_field(field, text, today())


class FieldBase:
    """What every form field offers the form: a name, a message, focus, read-only mode."""

    name: str
    label: QLabel
    message: FieldMessage

    @property
    def input(self) -> QWidget:
        raise NotImplementedError

    def set_problem(self, text: str | None) -> None:
        self.message.show_problem(text)

    @property
    def problem(self) -> str | None:
        return self.message.problem

    def set_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def place(self, grid: QGridLayout, row: int, column: int = 0, span: int = 1) -> int:
        """Label above the input, message below it; returns the next free grid row."""
        grid.addWidget(self.label, row, column, 1, span)
        grid.addWidget(self.input, row + 1, column, 1, span)
        grid.addWidget(self.message, row + 2, column, 1, span)
        return row + 3


class TextField(FieldBase):
    def __init__(
        self,
        name: str,
        label: str,
        parent: QWidget,
        *,
        placeholder: str = "",
        check: Check | None = None,
        immediate: bool = False,
        describe: Describe | None = None,
    ) -> None:
        self.name = name
        self.edit = QLineEdit(parent)
        self.edit.setAccessibleName(label)
        self.edit.setPlaceholderText(placeholder)
        self._placeholder = placeholder
        self.label = QLabel(label, parent)
        self.label.setBuddy(self.edit)
        self.message = FieldMessage(parent)
        self._check = check
        self._immediate = immediate
        self._describe = describe
        self._pause = QTimer(self.edit)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self._show_check)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._show_check)

    @property
    def input(self) -> QWidget:
        return self.edit

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self._pause.stop()
        self.message.show_problem(None)
        self._update_hint(text, None)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.edit.setPlaceholderText(EMPTY_VALUE if read_only else self._placeholder)
        repolish(self.edit)

    def recheck(self) -> None:
        """Run the check now (e.g. when another field it depends on changed)."""
        self._show_check()

    def _typed(self, text: str) -> None:
        self._pause.stop()
        problem = self._check(text) if self._check and text.strip() else None
        self._update_hint(text, problem)
        if problem is None:
            self.message.show_problem(None)
        elif self._immediate:
            self.message.show_problem(problem)
        else:
            self._pause.start()

    def _show_check(self) -> None:
        self._pause.stop()
        if self.edit.isReadOnly() or self._check is None:
            return
        problem = self._check(self.edit.text())
        self.message.show_problem(problem)
        self._update_hint(self.edit.text(), problem)

    def _update_hint(self, text: str, problem: str | None) -> None:
        if self._describe is not None:
            valid = bool(text.strip()) and problem is None
            self.message.show_hint(self._describe(text) if valid else "")


class ComboSwitch(QStackedWidget):
    """A combo box that, while read-only, is shown as a read-only line with its current text
    (a disabled combo is grey and looks clickable; a chart being read should read as text)."""

    def __init__(self, combo: QComboBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = combo
        self.display = QLineEdit(self)
        self.display.setReadOnly(True)
        self.addWidget(combo)
        self.addWidget(self.display)
        self.setFocusProxy(combo)
        self.setSizePolicy(combo.sizePolicy())

    def set_read_only(self, read_only: bool) -> None:
        self.display.setText(self.combo.currentText())
        self.display.setPlaceholderText(EMPTY_VALUE)
        self.display.setAccessibleName(self.combo.accessibleName())
        self.setCurrentWidget(self.display if read_only else self.combo)
        repolish(self.display)


class ChoiceField(FieldBase):
    """A combo box of (label, value) choices; value "" is a placeholder meaning 'not chosen'."""

    def __init__(
        self,
        name: str,
        label: str,
        parent: QWidget,
        choices: Iterable[tuple[str, object]],
        *,
        placeholder: str = "",
    ) -> None:
        self.name = name
        self.combo = QComboBox()
        self.combo.setAccessibleName(label)
        self.switch = ComboSwitch(self.combo, parent)
        if placeholder:
            self.combo.setPlaceholderText(placeholder)
        for text, value in choices:
            self.combo.addItem(text, value)
        self.label = QLabel(label, parent)
        self.label.setBuddy(self.combo)
        self.message = FieldMessage(parent)
        self.combo.activated.connect(lambda _index: self.message.show_problem(None))

    @property
    def input(self) -> QWidget:
        return self.switch

    def value(self) -> object:
        return self.combo.currentData() if self.combo.currentIndex() >= 0 else None

    def set_problem(self, text: str | None) -> None:
        if text and self.value() in (None, ""):
            text = "Please choose one."
        self.message.show_problem(text)

    def set_value(self, value: object) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(index)
        self.message.show_problem(None)

    def set_read_only(self, read_only: bool) -> None:
        self.switch.set_read_only(read_only)
