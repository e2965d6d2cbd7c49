"""Qt test helpers that work around known traps (see TECH-NOTES)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "screenshots"


def type_text(widget: QWidget, text: str) -> None:
    """Type any Unicode text into a widget, one key event per character.

    qtbot.keyClicks aborts the process on non-ASCII characters, so we send events ourselves.
    """
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def screenshot(widget: QWidget, name: str) -> Path:
    """Save widget.grab() as screenshots/<name>.png (for people to look at; not asserted)."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    widget.grab().save(str(path))
    return path
