"""Layout helpers the Visits & follow-ups tab shares between its two lists.

A heading row (title, a muted count, buttons at the right), a push button that never
becomes the default, fixed column widths sized to sample text, and selecting a row (the
first one when the wanted row is gone).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QWidget

from ldnclinic.ui.widgets.sections import heading


def header_row(title: str, *extra: QWidget) -> QHBoxLayout:
    """The title, then the first extra widget stretched (a count), then the rest (buttons)."""
    row = QHBoxLayout()
    row.setSpacing(10)
    row.addWidget(heading(title))
    if extra:
        row.addWidget(extra[0], 1)
    for widget in extra[1:]:
        row.addWidget(widget)
    return row


def push_button(text: str, tooltip: str, parent: QWidget) -> QPushButton:
    """A button named for screen readers by its text (without "…"), never the default."""
    button = QPushButton(text, parent)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tooltip)
    button.setAutoDefault(False)
    return button


def select_row(table: QTableView, row: int) -> None:
    """Select `row` and scroll to it; the first row when `row` is gone (-1), none if empty."""
    if row < 0 and table.model().rowCount():
        row = 0
    if row >= 0:
        table.selectRow(row)
        table.scrollTo(table.model().index(row, 0))
    else:
        table.clearSelection()
