"""The bar shown when someone else saved a record first: their message and two choices.

The form keeps the user's own edits and shows the other person's saved values beside the
fields; the user then takes theirs, or saves their own over it knowingly.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.ui.widgets.sizing import grow_to_fit
from ldnclinic.ui.widgets.theme import set_role


class ConflictBar(QWidget):
    use_theirs = Signal()
    keep_mine = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Conflict message")
        set_role(self.message, "banner-conflict")
        self.theirs_button = QPushButton("Use their version")
        self.theirs_button.setAccessibleName("Use their version")
        self.mine_button = QPushButton("Save mine over theirs")
        self.mine_button.setAccessibleName("Save mine over theirs")
        self.theirs_button.clicked.connect(self._use_theirs)
        self.mine_button.clicked.connect(self._keep_mine)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.theirs_button)
        buttons.addWidget(self.mine_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.hide()

    def show_conflict(self, message: str) -> None:
        self.message.setText(message)
        self.show()
        if isinstance(self.window(), QDialog):
            grow_to_fit(self)

    def _use_theirs(self) -> None:
        self.hide()
        self.use_theirs.emit()

    def _keep_mine(self) -> None:
        self.hide()
        self.keep_mine.emit()
