"""Building blocks of the visit form: a titled section of caption / field rows, each field
with its message line under it (as in the prescription editor), and small input helpers.

A section never checks anything itself: the service's (or the domain's) problems are put
beside their fields with `show_problem`, and an edit clears its field's message.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.tones import FieldMessage


def select(combo: QComboBox, value: object) -> bool:
    """Show the item holding `value`; False (and nothing changed) when there is none."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def name_inner_edits(box: QAbstractSpinBox, name: str) -> None:
    """A spin box's own line edit gets the box's accessible name (screen readers, tests)."""
    box.setAccessibleName(name)
    for inner in box.findChildren(QLineEdit):
        inner.setAccessibleName(name)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    """A section title: the style sheet's "heading" role, and bold even without the sheet."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    set_role(label, "heading")
    return label


def muted(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    set_role(label, "muted")
    return label


class Section(QWidget):
    """A heading, then rows of caption | field with a message line under each field."""

    edited = Signal(str)  # the key of the field the user changed

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messages: dict[str, FieldMessage] = {}
        self.heading = heading(title, self)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(self._grid)

    def row(
        self,
        caption: str,
        widget: QWidget,
        keys: Iterable[str] = (),
        *,
        top: bool = False,
        above: bool = False,
        stretch: int = 0,
    ) -> None:
        """A row; each key in `keys` gets its own message line under the field. `above` puts
        the caption over the field (for wide text boxes); `stretch` lets the field grow."""
        row = self._grid.rowCount()
        if caption and above:
            label = QLabel(caption, self)
            label.setBuddy(widget)
            self._grid.addWidget(label, row, 0, 1, 2)
            row += 1
            self._grid.addWidget(widget, row, 0, 1, 2)
        elif caption:
            label = QLabel(caption, self)
            label.setBuddy(widget)
            vertical = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
            label.setAlignment(Qt.AlignmentFlag.AlignRight | vertical)
            if top:
                label.setContentsMargins(0, 4, 0, 0)
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(widget, row, 1)
        else:
            self._grid.addWidget(widget, row, 0, 1, 2)
        self._grid.setRowStretch(row, stretch)
        for offset, key in enumerate(keys, start=1):
            message = FieldMessage(self)
            message.setObjectName(f"{key}Message")
            if above:
                self._grid.addWidget(message, row + offset, 0, 1, 2)
            else:
                self._grid.addWidget(message, row + offset, 1)
            self.messages[key] = message
        spacer = QWidget(self)
        spacer.setFixedHeight(4)
        self._grid.addWidget(spacer, self._grid.rowCount(), 1)

    def changed(self, key: str) -> None:
        """The user changed `key`: its message goes, and the form hears of it."""
        message = self.messages.get(key)
        if message is not None:
            message.show_problem(None)
        self.edited.emit(key)

    def show_problem(self, key: str, text: str | None) -> bool:
        """Put `text` under the field `key`; False when this section has no such field."""
        message = self.messages.get(key)
        if message is None:
            return False
        message.show_problem(text)
        return True

    def problem(self, key: str) -> str:
        message = self.messages.get(key)
        return (message.problem or "") if message is not None else ""

    def clear_problems(self) -> None:
        for message in self.messages.values():
            message.show_problem(None)
