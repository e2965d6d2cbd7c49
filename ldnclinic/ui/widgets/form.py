"""A form that checks itself as you type and shows each problem at its field.

The rules are not here: a form is given a `check` function (usually a service's or the
domain's own check) that maps the typed values to {field: message}. A field's message
appears once the user has edited it, or for every field after `reveal_all()` (the user
pressed Save or Next). Problems a service reports on save stay until that field is edited.
Nothing typed is ever cleared by a refusal.

A form can also show someone else's saved values beside the fields (after a conflict).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ldnclinic.domain.errors import ValidationError
from ldnclinic.ui.widgets.sizing import grow_to_fit
from ldnclinic.ui.widgets.theme import set_role

Check = Callable[[Mapping[str, str]], Mapping[str, str]]
Editor = QLineEdit | QComboBox


@dataclass(slots=True)
class _Row:
    label: QLabel
    editor: Editor
    message: QLabel
    other: QLabel


def _no_problems(_values: Mapping[str, str]) -> Mapping[str, str]:
    return {}


class Form(QWidget):
    """Rows of label, editor and message; `values()` reads them as a dict of strings."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, check: Check | None = None) -> None:
        super().__init__(parent)
        self._check: Check = check or _no_problems
        self._rows: dict[str, _Row] = {}
        self._touched: set[str] = set()
        self._external: dict[str, str] = {}
        self._revealed = False
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(1)
        self._grid.setColumnStretch(1, 1)
        self.general = QLabel()
        self.general.setWordWrap(True)
        self.general.setAccessibleName("Problems")
        set_role(self.general, "error")
        self.general.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.general)

    # --- building -----------------------------------------------------------------------

    def add_line(
        self,
        key: str,
        label: str,
        *,
        placeholder: str = "",
        password: bool = False,
        max_length: int,
    ) -> QLineEdit:
        """A text row; `max_length` is the box's maximum, a `domain.field_limits` number."""
        editor = QLineEdit()
        editor.setPlaceholderText(placeholder)
        editor.setMaxLength(max_length)
        if password:
            editor.setEchoMode(QLineEdit.EchoMode.Password)
        editor.textEdited.connect(lambda _text: self._user_edited(key))
        self._add(key, label, editor)
        return editor

    def add_combo(self, key: str, label: str, choices: Sequence[tuple[str, str]]) -> QComboBox:
        """A pick-list; `choices` are (value, text) pairs and values() gives the value."""
        editor = QComboBox()
        for value, text in choices:
            editor.addItem(text, value)
        editor.activated.connect(lambda _index: self._user_edited(key))
        self._add(key, label, editor)
        return editor

    def add_widget(self, label: str, widget: QWidget) -> None:
        """A row that is not a text value (check boxes, buttons); label may be empty."""
        row = self._grid.rowCount()
        if label:
            caption = QLabel(label)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            caption.setBuddy(widget)
            self._grid.addWidget(caption, row, 0)
        self._grid.addWidget(widget, row, 1, 1, 2)
        spacer = QLabel()
        spacer.setFixedHeight(6)
        self._grid.addWidget(spacer, row + 1, 1)

    def _add(self, key: str, label: str, editor: Editor) -> None:
        row = self._grid.rowCount()
        caption = QLabel(label)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        caption.setBuddy(editor)
        editor.setAccessibleName(label.replace("&", ""))
        editor.setMinimumWidth(240)
        message = QLabel()
        message.setWordWrap(True)
        message.setMinimumHeight(message.fontMetrics().height() + 4)
        message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        set_role(message, "error")
        other = QLabel()
        other.setWordWrap(True)
        other.setMinimumWidth(260)
        set_role(other, "other-value")
        other.hide()
        self._grid.addWidget(caption, row, 0)
        self._grid.addWidget(editor, row, 1)
        self._grid.addWidget(other, row, 2)
        self._grid.addWidget(message, row + 1, 1, 1, 2)
        self._rows[key] = _Row(caption, editor, message, other)

    # --- values -------------------------------------------------------------------------

    def editor(self, key: str) -> Editor:
        return self._rows[key].editor

    def line(self, key: str) -> QLineEdit:
        editor = self._rows[key].editor
        assert isinstance(editor, QLineEdit)
        return editor

    def keys(self) -> list[str]:
        return list(self._rows)

    def values(self) -> dict[str, str]:
        return {key: _value_of(row.editor) for key, row in self._rows.items()}

    def set_values(self, values: Mapping[str, str]) -> None:
        """Fill the editors (not counted as user edits)."""
        for key, value in values.items():
            row = self._rows.get(key)
            if row is None:
                continue
            if isinstance(row.editor, QLineEdit):
                row.editor.setText(value)
            else:
                index = row.editor.findData(value)
                if index >= 0:
                    row.editor.setCurrentIndex(index)
        self.refresh()

    def load(self, values: Mapping[str, str]) -> None:
        """Start afresh from saved values: no messages until the user edits again."""
        self._touched.clear()
        self._external.clear()
        self._revealed = False
        self.show_other(None)
        self.set_values(values)

    def set_row_visible(self, key: str, visible: bool) -> None:
        row = self._rows[key]
        for widget in (row.label, row.editor, row.message):
            widget.setVisible(visible)
        if not visible:
            row.other.hide()

    def set_check(self, check: Check) -> None:
        self._check = check
        self.refresh()

    # --- problems -----------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """Every current problem, shown or not."""
        return {**self._check(self.values()), **self._external}

    def message(self, key: str) -> str:
        """The message shown at a field ("" when none)."""
        return self._rows[key].message.text()

    def reveal_all(self) -> bool:
        """Show every problem (the user asked to go on); True if there is none."""
        self._revealed = True
        self.refresh()
        return not self.problems()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Problems found on save (by a service): shown until their field is edited."""
        self._external.update(problems)
        self.refresh()
        first = next((self._rows[k].editor for k in problems if k in self._rows), None)
        if first is not None:
            first.setFocus()

    def refresh(self) -> None:
        # Nothing of the check is shown before the user edits or presses on: skip it then.
        found = self._check(self.values()) if self._revealed or self._touched else {}
        for key, row in self._rows.items():
            text = self._external.get(key)
            if text is None and (self._revealed or key in self._touched):
                text = found.get(key)
            row.message.setText(text or "")
            row.editor.setAccessibleDescription(text or "")
        shown = {**(found if self._revealed else {}), **self._external}
        general = [text for key, text in shown.items() if key not in self._rows]
        self.general.setText("\n".join(dict.fromkeys(general)))
        self.general.setVisible(bool(general))
        if isinstance(self.window(), QDialog) and self.isVisible():
            grow_to_fit(self)

    def _user_edited(self, key: str) -> None:
        self._touched.add(key)
        self._external.pop(key, None)
        for other in [k for k in self._external if k not in self._rows]:
            del self._external[other]
        self.refresh()
        self.edited.emit()

    # --- someone else's version ---------------------------------------------------------

    def show_other(self, other: Mapping[str, str] | None, caption: str = "Saved:") -> None:
        """Show their saved value beside each field where it differs from what is typed."""
        mine = self.values()
        for key, row in self._rows.items():
            theirs = None if other is None else other.get(key)
            if theirs is None or theirs == mine[key]:
                row.other.hide()
                continue
            row.other.setText(f"{caption} {_display(row.editor, theirs) or '(empty)'}")
            row.other.setAccessibleName(f"Saved value of {row.label.text()}")
            row.other.show()

    def other_text(self, key: str) -> str:
        row = self._rows[key]
        return row.other.text() if not row.other.isHidden() else ""


def _value_of(editor: Editor) -> str:
    if isinstance(editor, QLineEdit):
        return editor.text()
    data = editor.currentData()
    return str(data) if data is not None else editor.currentText()


def _display(editor: Editor, value: str) -> str:
    if isinstance(editor, QComboBox):
        index = editor.findData(value)
        if index >= 0:
            return editor.itemText(index)
    return value


def validation_problems(check: Callable[[], object]) -> dict[str, str]:
    """Run a service or domain check and give its field problems ({} when it passes)."""
    try:
        check()
    except ValidationError as error:
        return dict(error.field_errors)
    return {}


def strip_prefix(problems: Mapping[str, str], prefix: str) -> dict[str, str]:
    """{"clinic.zip": m} -> {"zip": m} for the keys that start with `prefix`."""
    return {k.removeprefix(prefix): v for k, v in problems.items() if k.startswith(prefix)}
