"""A growing list of rows (conditions, allergies or medications) with Add and remove buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.ui.patients.form.list_rows import ListRow
from ldnclinic.ui.patients.style import FieldMessage, hint_colour

MAX_ROWS = 100


class RowList(QWidget):
    """Rows made by `make_row`; a blank row is dropped on save, never a typed one."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        make_row: Callable[[QWidget], ListRow],
        add_text: str,
        empty_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self._make_row = make_row
        self.rows: list[ListRow] = []
        self._read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(4)
        layout.addLayout(self._rows_layout)
        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setStyleSheet(f"color: {hint_colour()};")
        layout.addWidget(self.empty_label)
        self.message = FieldMessage(self)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add_text, self)
        self.add_button.setAccessibleName(add_text)
        self.add_button.clicked.connect(self.add_focused_row)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._refresh()

    def add_row(self) -> ListRow:
        row = self._make_row(self)
        row.remove_button.clicked.connect(lambda _checked=False, r=row: self.remove_row(r))
        row.set_read_only(self._read_only)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        self._refresh()
        self.changed.emit()
        return row

    def add_focused_row(self) -> None:
        self.add_row().first_input.setFocus()

    def remove_row(self, row: ListRow) -> None:
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self._refresh()
        self.changed.emit()

    def clear_rows(self) -> None:
        for row in list(self.rows):
            self.remove_row(row)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows:
            row.set_read_only(read_only)
        self.add_button.setVisible(not read_only)
        self._refresh()

    def filled_rows(self) -> list[ListRow]:
        return [row for row in self.rows if not row.is_blank()]

    def _refresh(self) -> None:
        for position, row in enumerate(self.rows, start=1):
            row.number(position)
        self.empty_label.setVisible(self._read_only and not self.rows)
        self.add_button.setEnabled(len(self.rows) < MAX_ROWS)
