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


# tone -> (background, text, border), for a light and for a dark window colour
_LIGHT = {
    Tone.DANGER: ("#b3261e", "#ffffff", "#8c1d18"),
    Tone.ALERT: ("#fde7e9", "#8c1d18", "#e8a3aa"),
    Tone.WARNING: ("#fff3cd", "#5c4300", "#e0b000"),
    Tone.CALM: ("#e6f4ea", "#1e4620", "#a8d5b2"),
    Tone.INFO: ("#e8eef7", "#1f3a5f", "#b6c6de"),
}
_DARK = {
    Tone.DANGER: ("#c5221f", "#ffffff", "#f28b82"),
    Tone.ALERT: ("#4a1c1f", "#ffb4ab", "#8c3a3f"),
    Tone.WARNING: ("#3d3100", "#ffe08a", "#8a6d00"),
    Tone.CALM: ("#1e3522", "#a8dab5", "#3f6b48"),
    Tone.INFO: ("#1f2a3a", "#c2d4f0", "#3d5475"),
}


def is_dark() -> bool:
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_colour() -> str:
    return "#ff8a80" if is_dark() else "#b3261e"


def hint_colour() -> str:
    return "#b0b7c3" if is_dark() else "#5f6368"


def tone_colours(tone: Tone) -> tuple[str, str, str]:
    return (_DARK if is_dark() else _LIGHT)[tone]


def border_colour() -> str:
    return "#5f6368" if is_dark() else "#b8bcc2"


def read_only_style() -> str:
    """Form inputs in a chart that is not being edited: read like text, not like boxes."""
    text = "#e8eaed" if is_dark() else "#202124"
    return (
        'QLineEdit[readOnly="true"] { background: transparent; border: none; border-radius: 0;'
        f" border-bottom: 1px solid {border_colour()}; padding: 2px 1px; }}"
        f" QCheckBox:disabled {{ color: {text}; }}"
    )


def repolish(widget: QWidget) -> None:
    """Re-apply style rules after a property they select on (readOnly) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def badge_style(tone: Tone) -> str:
    background, text, border = tone_colours(tone)
    return (
        f"QLabel {{ background: {background}; color: {text}; border: 1px solid {border};"
        " border-radius: 4px; padding: 3px 8px; }"
    )


def make_badge(text: str, tone: Tone, parent: QWidget | None = None) -> QLabel:
    badge = QLabel(text, parent)
    badge.setProperty("tone", tone.value)
    badge.setStyleSheet(badge_style(tone))
    badge.setWordWrap(True)
    badge.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    badge.setAccessibleName(text)
    return badge


def set_badge(badge: QLabel, text: str, tone: Tone) -> None:
    badge.setText(text)
    badge.setProperty("tone", tone.value)
    badge.setStyleSheet(badge_style(tone))
    badge.setAccessibleName(text)


class Banner(QLabel):
    """A wrapped message strip (hidden while empty) for errors or warnings above a form."""

    def __init__(self, tone: Tone = Tone.WARNING, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.set_tone(tone)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    def set_tone(self, tone: Tone) -> None:
        self.setProperty("tone", tone.value)
        background, text, border = tone_colours(tone)
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {text}; border: 1px solid {border};"
            " border-radius: 4px; padding: 6px 10px; }"
        )

    def show_message(self, text: str, tone: Tone | None = None) -> None:
        if tone is not None:
            self.set_tone(tone)
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


class FieldMessage(QLabel):
    """The line under one input: a problem in red, else a quiet hint; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.problem: str | None = None
        self.hint = ""
        self.hide()

    def show_problem(self, text: str | None) -> None:
        self.problem = text or None
        self._refresh()

    def show_hint(self, text: str) -> None:
        self.hint = text
        self._refresh()

    def _refresh(self) -> None:
        text = self.problem or self.hint
        self.setStyleSheet(f"color: {error_colour() if self.problem else hint_colour()};")
        self.setText(text)
        self.setAccessibleName(text or "field message")
        self.setVisible(bool(text))
