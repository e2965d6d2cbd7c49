"""Colours and small widgets the patient screens share: badges, banners and field messages.

Colours are chosen to read on both light and dark palettes: badges carry their own
background and text colour, messages pick a red that contrasts with the window colour.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget


class Tone(StrEnum):
    DANGER = "danger"  # opioids: must not be missed
    ALERT = "alert"  # listed allergies
    WARNING = "warning"  # amber: out of Texas, allergies not recorded
    CALM = "calm"  # no known allergies
    INFO = "info"  # status and other facts


_BADGE_COLOURS = {
    Tone.DANGER: ("#b3261e", "#ffffff", "#8c1d18"),
    Tone.ALERT: ("#fde7e9", "#8c1d18", "#e8a3aa"),
    Tone.WARNING: ("#fff3cd", "#5c4300", "#e0b000"),
    Tone.CALM: ("#e6f4ea", "#1e4620", "#a8d5b2"),
    Tone.INFO: ("#e8eef7", "#1f3a5f", "#b6c6de"),
}


def is_dark() -> bool:
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_colour() -> str:
    return "#ff8a80" if is_dark() else "#b3261e"


def hint_colour() -> str:
    return "#b0b7c3" if is_dark() else "#5f6368"


def badge_style(tone: Tone) -> str:
    background, text, border = _BADGE_COLOURS[tone]
    return (
        f"QLabel {{ background: {background}; color: {text}; border: 1px solid {border};"
        " border-radius: 4px; padding: 3px 8px; }"
    )


def make_badge(text: str, tone: Tone, parent: QWidget | None = None) -> QLabel:
    badge = QLabel(text, parent)
    badge.setStyleSheet(badge_style(tone))
    badge.setWordWrap(True)
    badge.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    badge.setAccessibleName(text)
    return badge


def set_badge(badge: QLabel, text: str, tone: Tone) -> None:
    badge.setText(text)
    badge.setStyleSheet(badge_style(tone))
    badge.setAccessibleName(text)


class Banner(QLabel):
    """A wrapped message strip (hidden while empty) for errors or warnings above a form."""

    def __init__(self, tone: Tone = Tone.WARNING, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTone(tone)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    def setTone(self, tone: Tone) -> None:
        background, text, border = _BADGE_COLOURS[tone]
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {text}; border: 1px solid {border};"
            " border-radius: 4px; padding: 6px 10px; }"
        )

    def show_message(self, text: str, tone: Tone | None = None) -> None:
        if tone is not None:
            self.setTone(tone)
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


class FieldMessage(QLabel):
    """The message under one input: a problem in red, or a quiet hint; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.problem: str | None = None
        self.hide()

    def show_problem(self, text: str | None) -> None:
        self.problem = text or None
        self.setStyleSheet(f"color: {error_colour()};")
        self._set(text or "")

    def show_hint(self, text: str) -> None:
        self.problem = None
        self.setStyleSheet(f"color: {hint_colour()};")
        self._set(text)

    def _set(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleName(text or "field message")
        self.setVisible(bool(text))
