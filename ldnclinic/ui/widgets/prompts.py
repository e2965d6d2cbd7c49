"""Every question and message box the app shows goes through here, so tests can answer.

Tests replace `answers` entries (a real hook, not a mock of Qt): when a key is present, the
stored answer is returned instead of opening a modal dialog. A yes/no question takes True or
False; a question with several answers (`choose`) takes the chosen answer's value, and True or
False there stand for its `yes` and its `cancel` answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

# Test hook: prompt key -> answer. Empty in the running app.
answers: dict[str, bool | str] = {}
# Every prompt shown (key, text), newest last; tests read it to check messages.
shown: list[tuple[str, str]] = []


def confirm(
    parent: QWidget | None, key: str, title: str, text: str, *, yes: str = "Yes", no: str = "No"
) -> bool:
    """Ask a yes/no question; returns True for yes."""
    shown.append((key, text))
    if key in answers:
        return answers[key] is True
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_button


def choose(
    parent: QWidget | None,
    key: str,
    title: str,
    text: str,
    options: Sequence[tuple[str, str]],
    *,
    yes: str,
    cancel: str,
) -> str:
    """Ask a question with several answers, `options` as (value, button text) in the order
    shown; returns the chosen value. `cancel` is what Esc or closing the box means; `yes`
    is the answer a True in `answers` stands for."""
    shown.append((key, text))
    if key in answers:
        answer = answers[key]
        if isinstance(answer, bool):
            return yes if answer else cancel
        return answer
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    buttons = {}
    for value, label in options:
        role = QMessageBox.ButtonRole.RejectRole if value == cancel else QMessageBox.ButtonRole.AcceptRole
        buttons[value] = box.addButton(label, role)
    box.setDefaultButton(buttons[cancel])  # Enter on the box never throws work away
    box.setEscapeButton(buttons[cancel])
    box.exec()
    return next((value for value, button in buttons.items() if box.clickedButton() is button), cancel)


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
