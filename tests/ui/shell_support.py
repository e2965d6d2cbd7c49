"""Helpers for the app-shell UI tests (sign-in, wizard, main window, admin).

Each test module declares a small `ui` fixture over `ui_session(qtbot)` that depends on
`services`, so every window is closed (and its sign-out recorded) while the test's
database still exists, and no background work outlives the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.ui.widgets import workers

W = TypeVar("W", bound=QWidget)

# The offscreen platform warns when a shown window's size limits change; real platforms do not.


class Ui:
    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot

    def show(self, widget: W) -> W:
        widget.show()
        return widget

    def settle(self) -> None:
        """Wait until every background job has been delivered."""
        self.qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)

    def visible(self, kind: type[W]) -> W:
        """The one visible top-level widget of this type."""
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        assert len(found) == 1, f"expected one visible {kind.__name__}, found {len(found)}"
        return found[0]

    def close_all(self) -> None:
        """Close every window the test opened, then delete the parentless ones (a window
        with a parent, such as a combo box's pop-up, belongs to that parent)."""
        self.settle()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.close()
        self.settle()
        for widget in QApplication.topLevelWidgets():
            if widget.parent() is None:
                widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@contextmanager
def ui_session(qtbot: QtBot) -> Iterator[Ui]:
    ui = Ui(qtbot)
    try:
        yield ui
    finally:
        ui.close_all()


def unnamed_inputs(root: QWidget) -> list[str]:
    """Visible inputs and buttons without an accessible name (should be none)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QComboBox | QAbstractButton) and widget.isVisibleTo(root):
            if widget.parent() is not None and type(widget.parent()).__name__ == "QComboBox":
                continue  # a combo box's internal line edit
            if not widget.accessibleName():
                missing.append(
                    f"{type(widget).__name__} {widget.objectName() or widget.metaObject().className()}"
                    f" text={getattr(widget, 'text', lambda: '')()!r}"
                )
    return missing


def dark_palette() -> QPalette:
    """A dark palette like a desktop's dark mode (Fusion draws with it)."""
    p = QPalette()
    role = QPalette.ColorRole
    for r, color in (
        (role.Window, "#26282b"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#1d1f21"),
        (role.AlternateBase, "#2b2e31"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#33363a"),
        (role.ButtonText, "#e8e8e8"),
        (role.Highlight, "#3d7bd9"),
        (role.HighlightedText, "#ffffff"),
        (role.ToolTipBase, "#33363a"),
        (role.ToolTipText, "#e8e8e8"),
        (role.PlaceholderText, "#8a8d91"),
        (role.Light, "#3c3f43"),
        (role.Midlight, "#33363a"),
        (role.Mid, "#2a2c2f"),
        (role.Dark, "#151618"),
        (role.Shadow, "#000000"),
        (role.Link, "#8ab4f8"),
    ):
        p.setColor(r, QColor(color))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor("#7a7d81"))
    return p
