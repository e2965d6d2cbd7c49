"""Shown when a save looks like a patient we already have: the matches, each with 'Open chart'."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.services.patients.dto import PatientSummary
from ldnclinic.ui.widgets.formatting import name_with_preferred, us_date
from ldnclinic.ui.widgets.tones import Tone, badge_style


class DuplicatePanel(QFrame):
    open_requested = Signal(int)  # patient id of an existing chart
    confirm_requested = Signal()  # "this is a different person: save anyway"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatePanel")
        self.setStyleSheet(badge_style(Tone.WARNING).replace("QLabel", "QFrame#duplicatePanel"))
        self.title = QLabel(
            "<b>Possible duplicate.</b> A patient with the same name and date of birth is "
            "already registered. Open that chart, or confirm this is a different person.",
            self,
        )
        self.title.setWordWrap(True)
        self._matches = QGridLayout()
        self._matches.setHorizontalSpacing(16)
        self.confirm_button = QPushButton("Different person: save anyway", self)
        self.confirm_button.setAccessibleName("Different person: save anyway")
        self.confirm_button.clicked.connect(self.confirm_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self._matches)
        layout.addLayout(buttons)
        self.open_buttons: list[QPushButton] = []
        self.hide()

    def show_matches(self, matches: Sequence[PatientSummary]) -> None:
        self._clear()
        for row, match in enumerate(matches):
            cells = (
                name_with_preferred(match.display_name, match.preferred_name),
                f"DOB {us_date(match.date_of_birth)}",
                f"MRN {match.mrn}",
                match.phone or "no phone",
            )
            for column, text in enumerate(cells):
                self._matches.addWidget(QLabel(text, self), row, column)
            button = QPushButton("Open chart", self)
            button.setAccessibleName(f"Open chart of {match.display_name}, MRN {match.mrn}")
            button.clicked.connect(lambda _checked=False, pid=match.id: self.open_requested.emit(pid))
            self._matches.addWidget(button, row, len(cells))
            self.open_buttons.append(button)
        self._matches.setColumnStretch(len(cells) + 1, 1)
        self.show()

    def _clear(self) -> None:
        while self._matches.count():
            item = self._matches.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.open_buttons = []
