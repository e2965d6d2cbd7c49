"""Parts every dialog here has: a message banner inside the dialog, its button row, and how
a directory record's editor shows a refused save."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.ui.widgets.conflict import ConflictBar
from ldnclinic.ui.widgets.sizing import grow_to_fit
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled


class _RecordForm(Protocol):
    def show_other(self, values: Mapping[str, str], caption: str) -> None: ...
    def show_problems(self, problems: Mapping[str, str]) -> None: ...


def error_banner(accessible_name: str) -> QLabel:
    """A hidden red banner for a service's message (shown with `show_banner`)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    set_role(label, "banner-error")
    label.hide()
    return label


def show_banner(banner: QLabel, message: str) -> None:
    banner.setText(message)
    banner.show()
    grow_to_fit(banner)


def button_row(
    accept: str, reject: str, on_accept: Callable[[], None], on_reject: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The accept button (the default, pressed by Enter) and the reject button."""
    box = QDialogButtonBox()
    accept_button = QPushButton(accept)
    accept_button.setDefault(True)
    accept_button.setAccessibleName(accept)
    reject_button = QPushButton(reject)
    reject_button.setAccessibleName(reject)
    reject_button.setAutoDefault(False)  # Enter never quits or cancels, even with focus here
    box.addButton(accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(reject_button, QDialogButtonBox.ButtonRole.RejectRole)
    accept_button.clicked.connect(on_accept)
    reject_button.clicked.connect(on_reject)
    return box, accept_button, reject_button


def show_save_failure(
    error: BaseException,
    *,
    record_type: type[Any],
    values: Callable[[Any], Mapping[str, str]],
    form: _RecordForm,
    conflict: ConflictBar,
    banner: QLabel,
    save_button: QPushButton,
    keep_theirs: Callable[[Any], None],
) -> None:
    """A refused save in a record editor: their version beside ours, field problems at the
    fields, any other refusal in the banner; nothing typed is lost. Anything else is a bug."""
    save_button.setEnabled(True)
    if isinstance(error, ConflictError) and isinstance(error.current, record_type):
        keep_theirs(error.current)
        form.show_other(values(error.current), "Saved by someone else:")
        conflict.show_conflict(error.message)
        save_button.setEnabled(False)
    elif isinstance(error, ValidationError):
        form.show_problems(error.field_errors)
    elif isinstance(error, DomainError):
        show_banner(banner, error.message)
    else:
        report_unhandled(error)
