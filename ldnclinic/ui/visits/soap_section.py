"""The visit form's SOAP note: four plain-text sections (subjective, objective, assessment,
plan). Text is kept exactly as typed (any Unicode, any length up to the service's limit)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ldnclinic.domain.visits.note import VisitNote
from ldnclinic.ui.widgets.sections import Section

NOT_RECORDED = "Not recorded"
PREFERRED_LINES = 4


class NoteEditor(QPlainTextEdit):
    """A plain-text box that asks for a few lines only and grows with the room it is given
    (QPlainTextEdit's own preferred height would push the form into a scroll area)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().lineSpacing() * PREFERRED_LINES + 14)


SOAP_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("subjective", "&Subjective", "What the patient reports: symptoms, changes since the last visit"),
    ("objective", "&Objective", "What you observed: appearance, vital signs they measured, tests"),
    ("assessment", "&Assessment", "Your assessment: response to LDN, tolerability, other causes"),
    ("plan", "&Plan", "The plan: dose, next steps, when to follow up"),
)


class SoapSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("SOAP note", parent)
        self.editors: dict[str, QPlainTextEdit] = {}
        self._placeholders: dict[str, str] = {}
        for key, caption, placeholder in SOAP_FIELDS:
            editor = NoteEditor(self)
            editor.setObjectName(f"{key}Editor")
            editor.setAccessibleName(caption.replace("&", ""))
            editor.setPlaceholderText(placeholder)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 3 + 14)
            editor.textChanged.connect(lambda chosen=key: self.changed(chosen))
            self.row(caption, editor, (key,), above=True, stretch=1)
            self.editors[key] = editor
            self._placeholders[key] = placeholder

    def load(self, note: VisitNote) -> None:
        for key, editor in self.editors.items():
            editor.setPlainText(getattr(note, key))

    def read(self, values: dict[str, Any], _problems: dict[str, str]) -> None:
        for key, editor in self.editors.items():
            values[key] = editor.toPlainText()

    def set_read_only(self, read_only: bool) -> None:
        for key, editor in self.editors.items():
            editor.setReadOnly(read_only)
            editor.setPlaceholderText(NOT_RECORDED if read_only else self._placeholders[key])

    def snapshot(self) -> tuple[object, ...]:
        return tuple(editor.toPlainText() for editor in self.editors.values())
