"""Every question and message box the app shows goes through here, so tests can answer.

Tests replace `answers` entries (a real hook, not a mock of Qt): when a key is present, the
stored answer is returned instead of opening a modal dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

# Test hook: prompt key -> answer. Empty in the running app.
answers: dict[str, bool] = {}
# Every prompt shown (key, text), newest last; tests read it to check messages.
shown: list[tuple[str, str]] = []


def confirm(
    parent: QWidget | None, key: str, title: str, text: str, *, yes: str = "Yes", no: str = "No"
) -> bool:
    """Ask a yes/no question; returns True for yes."""
    shown.append((key, text))
    if key in answers:
        return answers[key]
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, key: str, title: str, text: str) -> None:
    shown.append((key, text))
    if key in answers:
        return
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, key: str, title: str, text: str) -> None:
    shown.append((key, text))
    if key in answers:
        return
    QMessageBox.warning(parent, title, text)
