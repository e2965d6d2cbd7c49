"""Shown when someone else saved the chart first: yours beside theirs, and the choice.

Both versions stay on screen until the user picks "Keep mine" (save again on top of their
version) or "Take theirs" (reload theirs, dropping these edits).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.ui.patients.conflict_diff import Difference
from ldnclinic.ui.widgets.tones import Tone, badge_style

CHOICE_HELP = (
    "Keep mine saves what is on screen, so rows changed only by them go back to your values. "
    "Take theirs shows their version and drops your edits."
)


class ConflictPanel(QFrame):
    keep_mine = Signal()
    take_theirs = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictPanel")
        self.setStyleSheet(badge_style(Tone.WARNING).replace("QLabel", "QFrame#conflictPanel"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName("Differences between your edits and the saved version")
        self.table.setHorizontalHeaderLabels(["Field", "Changed by", "Yours (on screen)", "Theirs (saved)"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.keep_button = QPushButton("Keep mine (save over theirs)", self)
        self.keep_button.setAccessibleName("Keep mine")
        self.theirs_button = QPushButton("Take theirs (drop my edits)", self)
        self.theirs_button.setAccessibleName("Take theirs")
        self.keep_button.clicked.connect(self.keep_mine)
        self.theirs_button.clicked.connect(self.take_theirs)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.theirs_button)
        buttons.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.differences: list[Difference] = []
        self.hide()

    def show_conflict(self, message: str, differences: Sequence[Difference]) -> None:
        self.differences = list(differences)
        if not differences:
            message += " Their saved version and yours are the same."
        self.message.setText(f"{message}\n{CHOICE_HELP}")
        self.table.setRowCount(len(differences))
        for row, item in enumerate(differences):
            for column, text in enumerate((item.label, item.changed_by, item.mine, item.theirs)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        rows_height = sum(self.table.rowHeight(r) for r in range(min(len(differences), 6)))
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows_height + 6)
        self.table.setVisible(bool(differences))
        self.show()
