"""A growing list of rows (conditions, allergies or medications) under column headings.

Rows share one grid so their columns line up. A blank row is dropped on save, never a typed
one. Rows added later are put into the Tab order where they appear, before the Add button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.domain import field_limits as limits
from ldnclinic.ui.patients.form.list_rows import ListRow
from ldnclinic.ui.widgets.tones import FieldMessage, hint_colour


class RowList(QWidget):
    def __init__(
        self,
        name: str,
        make_row: Callable[[QWidget], ListRow],
        columns: tuple[tuple[str, int], ...],
        *,
        add_text: str,
        empty_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self._make_row = make_row
        self._columns = columns
        self.rows: list[ListRow] = []
        self._read_only = False
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        self._headings = [QLabel(title, self) for title, _stretch in columns]
        for heading in self._headings:
            heading.setStyleSheet(f"color: {hint_colour()};")
        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setStyleSheet(f"color: {hint_colour()};")
        self.message = FieldMessage(self)
        self.add_button = QPushButton(add_text, self)
        self.add_button.setAccessibleName(add_text)
        self.add_button.clicked.connect(self.add_focused_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._grid)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._relayout()

    def add_row(self) -> ListRow:
        row = self._make_row(self)
        row.remove_button.clicked.connect(lambda _checked=False, r=row: self.remove_row(r))
        row.set_read_only(self._read_only)
        self._place_in_tab_order(row)
        self.rows.append(row)
        self._relayout()
        return row

    def add_focused_row(self) -> None:
        self.add_row().first_input.setFocus(Qt.FocusReason.TabFocusReason)

    def remove_row(self, row: ListRow) -> None:
        self.rows.remove(row)
        row.dispose()
        self._relayout()

    def clear_rows(self) -> None:
        for row in list(self.rows):
            self.remove_row(row)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows:
            row.set_read_only(read_only)
        self.add_button.setVisible(not read_only)
        self._relayout()

    def filled_rows(self) -> list[ListRow]:
        return [row for row in self.rows if not row.is_blank()]

    def _place_in_tab_order(self, row: ListRow) -> None:
        previous = self.add_button.previousInFocusChain()
        chain = [*([previous] if previous is not None else []), *row.cells(), row.remove_button]
        for first, second in zip(chain, [*chain[1:], self.add_button], strict=True):
            QWidget.setTabOrder(first, second)

    def _relayout(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        for column, heading in enumerate(self._headings):
            self._grid.addWidget(heading, 0, column)
            self._grid.setColumnStretch(column, self._columns[column][1])
            heading.setVisible(bool(self.rows))
        for line, row in enumerate(self.rows, start=1):
            row.number(line)
            for column, cell in enumerate(row.cells()):
                self._grid.addWidget(cell, line, column)
            self._grid.addWidget(row.remove_button, line, len(self._columns))
        self.empty_label.setVisible(self._read_only and not self.rows)
        self.add_button.setEnabled(len(self.rows) < limits.PATIENT_LIST_ITEMS)
