"""Parts every dialog here has: a message banner inside the dialog, and its button row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from ldnclinic.ui.style import set_role
from ldnclinic.ui.widgets.sizing import grow_to_fit


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
