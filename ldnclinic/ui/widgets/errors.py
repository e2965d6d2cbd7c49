"""The two kinds of error, as the person at the keyboard meets them.

A DomainError carries a message written for the user: it is shown as it is. Anything else
is a bug: it is logged with its traceback and shown in a crash dialog. The log never holds
patient data, so exception messages (which may quote names, dates of birth or SQL
parameters) are left out; the exception types and the code locations are enough to fix it.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError
from ldnclinic.ui.widgets import prompts

log = logging.getLogger("ldnclinic")
LOG_FILE_NAME = "ldnclinic.log"
_MAX_CHAIN = 5


def phi_free_traceback(error: BaseException) -> str:
    """The traceback of `error` (and its causes) without any exception message."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(parts) < _MAX_CHAIN:
        seen.add(id(current))
        kind = type(current)
        lines = [f"{kind.__module__}.{kind.__qualname__} (message left out: it may hold patient data)"]
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f'  File "{_short(frame.filename)}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        parts.append("\n".join(lines))
        current = current.__cause__ or current.__context__
    return "\n\nraised while handling, or caused by:\n".join(parts)


def _short(filename: str) -> str:
    """Paths from the package and site-packages on, so the log does not name home folders."""
    path = Path(filename)
    for anchor in ("ldnclinic", "site-packages"):
        if anchor in path.parts:
            index = len(path.parts) - 1 - path.parts[::-1].index(anchor)
            return "/".join(path.parts[index:])
    return path.name


class CrashDialog(QDialog):
    """Tells the user something went wrong, with details they can copy for support."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ldnclinic: unexpected problem")
        self.setMinimumWidth(560)
        self.details = details
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        where = f" The details were written to {log_path}." if log_path else ""
        self.message = QLabel(
            "<b>Something went wrong inside ldnclinic.</b><br>What you were doing may not have "
            "been saved: please check it, and tell whoever looks after the system." + where
        )
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Error details")
        self.text.setMinimumHeight(160)
        copy = QPushButton("Copy details")
        copy.setAccessibleName("Copy details")
        copy.clicked.connect(self._copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def add(self, details: str) -> None:
        """Another error while the dialog is open: append instead of stacking dialogs."""
        self.details = f"{self.details}\n\n---\n\n{details}"
        self.text.setPlainText(self.details)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details)


class CrashHandler:
    """sys.excepthook for the GUI: domain errors shown as they are, bugs logged and reported."""

    def __init__(self, log_path: Path | None = None) -> None:
        self.log_path = log_path
        self.dialog: CrashDialog | None = None

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if error.__traceback__ is None and tb is not None:
            error = error.with_traceback(tb)
        if isinstance(error, DomainError):
            log.info("shown to the user: %s", kind.__qualname__)
            prompts.warn(None, "domain-error", "ldnclinic", error.message)
            return
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit
            sys.__excepthook__(kind, error, tb)
            return
        details = phi_free_traceback(error)
        log.error("unexpected error\n%s", details)
        self.show(details)

    def show(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
            return
        self.dialog = CrashDialog(details, self.log_path)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.dialog.show()

    def _forget(self) -> None:
        self.dialog = None


def install(log_dir: Path | None) -> Callable[[], None]:
    """Log to `log_dir` and take over sys.excepthook; returns a function that undoes both."""
    handler: logging.Handler | None = None
    log_path: Path | None = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        log_path = log_dir / LOG_FILE_NAME
        handler = RotatingFileHandler(log_path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    previous = sys.excepthook
    crash_handler = CrashHandler(log_path)
    sys.excepthook = crash_handler

    def uninstall() -> None:
        sys.excepthook = previous
        if handler is not None:
            log.removeHandler(handler)
            handler.close()
        if crash_handler.dialog is not None:
            crash_handler.dialog.close()

    return uninstall
