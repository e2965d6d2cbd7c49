"""The visit note form: its sections side by side, read and filled as one.

Three columns so a whole visit fits on one screen: the visit and the treatment; the outcome
measures and the decision; the SOAP note. Widgets only move data: `load(note)` fills every
field, `read()` gives the note typed so far and what could not be read (a dose that is
not a dose), `show_errors` puts the service's problems beside their fields and `snapshot()`
keeps everything typed, raw, to tell whether anything changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ldnclinic.domain.visits.note import VisitNote
from ldnclinic.ui.visits.score_section import DecisionSection, OutcomeSection
from ldnclinic.ui.visits.soap_section import SoapSection
from ldnclinic.ui.visits.visit_sections import TreatmentSection, VisitSection
from ldnclinic.ui.widgets.sections import Section
from ldnclinic.ui.widgets.tones import border_colour, is_dark, read_only_style


class _Part(Protocol):
    def load(self, note: VisitNote) -> None: ...
    def read(self, values: dict[str, Any], problems: dict[str, str]) -> None: ...
    def set_read_only(self, read_only: bool) -> None: ...
    def snapshot(self) -> tuple[object, ...]: ...


class VisitForm(QWidget):
    edited = Signal(str)  # the key of the field the user changed

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitForm")
        self.visit = VisitSection(zone, self)
        self.treatment = TreatmentSection(self)
        self.outcomes = OutcomeSection(self)
        self.decision = DecisionSection(self)
        self.soap = SoapSection(self)
        self.sections: tuple[Section, ...] = (
            self.visit,
            self.treatment,
            self.outcomes,
            self.decision,
            self.soap,
        )
        self._parts: tuple[_Part, ...] = (self.visit, self.treatment, self.outcomes, self.decision, self.soap)
        for section in self.sections:
            section.edited.connect(self.edited)
        columns = QHBoxLayout(self)
        columns.setContentsMargins(2, 2, 8, 2)
        columns.setSpacing(14)
        columns.addLayout(_column(self.visit, self.treatment), 9)
        columns.addWidget(_divider(self))
        columns.addLayout(_column(self.outcomes, self.decision), 10)
        columns.addWidget(_divider(self))
        soap = QVBoxLayout()
        soap.addWidget(self.soap, 1)
        columns.addLayout(soap, 13)
        self.read_only = False

    # --- data -----------------------------------------------------------------------------

    def load(self, note: VisitNote) -> None:
        """Fill every field from `note` and clear every message."""
        for part in self._parts:
            part.load(note)
        self.clear_problems()

    def read(self) -> tuple[VisitNote, dict[str, str]]:
        """The note as typed; fields that cannot be read are left empty and named in the
        problems (so the rest of the note can still be checked)."""
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for part in self._parts:
            part.read(values, problems)
        return VisitNote(**values), problems

    def snapshot(self) -> tuple[object, ...]:
        """Everything typed, raw (for "are there unsaved changes?")."""
        return tuple(part.snapshot() for part in self._parts)

    def set_read_only(self, read_only: bool) -> None:
        """A signed note: every field reads like text and nothing can change."""
        self.read_only = read_only
        for part in self._parts:
            part.set_read_only(read_only)
        self.setStyleSheet(read_only_style() + _read_only_extra() if read_only else "")

    # --- messages -------------------------------------------------------------------------

    def show_errors(self, field_errors: Mapping[str, str]) -> list[str]:
        """Each problem beside its field; returns those with no field to go to."""
        unplaced = []
        for key, text in field_errors.items():
            if not any(section.show_problem(key, text) for section in self.sections):
                unplaced.append(text)
        return unplaced

    def clear_problems(self) -> None:
        for section in self.sections:
            section.clear_problems()

    def field_message(self, key: str) -> str:
        """The problem shown at a field ("" when none)."""
        return next((section.problem(key) for section in self.sections if key in section.messages), "")


def _read_only_extra() -> str:
    """Pick-lists of a signed note read like text, as the line edits do. (Number and date
    boxes keep their frame: a style sheet border on a spin box hides its text.)"""
    text = "#e8eaed" if is_dark() else "#202124"
    line = f"background: transparent; border: none; border-bottom: 1px solid {border_colour()};"
    return (
        f" QComboBox:disabled {{ color: {text}; {line} padding: 2px 1px; }}"
        " QComboBox::drop-down:disabled { width: 0px; border: none; }"
    )


def _column(*sections: Section) -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(14)
    for section in sections:
        column.addWidget(section)
    column.addStretch(1)
    return column


def _divider(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet(f"color: {border_colour()};")
    return line
