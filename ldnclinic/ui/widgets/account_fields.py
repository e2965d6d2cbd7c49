"""The rows every account form shares (wizard and Admin): name, user name, and for a
prescriber credentials, NPI and Texas license. The user name is suggested from the name
until the person types one of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.names import query_words
from ldnclinic.ui.widgets.form import Form

_NOT_ALLOWED = re.compile(r"[^a-z0-9]")

TIMEZONES: tuple[tuple[str, str], ...] = (
    ("America/Chicago", "Central time: America/Chicago (most of Texas)"),
    ("America/Denver", "Mountain time: America/Denver (El Paso)"),
    ("America/New_York", "Eastern time: America/New_York"),
    ("America/Phoenix", "Arizona: America/Phoenix"),
    ("America/Los_Angeles", "Pacific time: America/Los_Angeles"),
    ("America/Anchorage", "Alaska: America/Anchorage"),
    ("Pacific/Honolulu", "Hawaii: Pacific/Honolulu"),
)


def suggest_username(first_name: str, last_name: str) -> str:
    """ "Elena", "García Ruiz" -> "egarciaruiz" (letters and digits, as long as a user name may be)."""
    first = _NOT_ALLOWED.sub("", "".join(query_words(first_name)))
    last = _NOT_ALLOWED.sub("", "".join(query_words(last_name)))
    if not last:
        return ""
    return (first[:1] + last)[: limits.USER_NAME.chars]


class PersonRows:
    """Adds first name, last name and user name rows; suggests the user name."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.first_name = form.add_line("first_name", "First name", max_length=limits.PERSON_NAME.box)
        self.last_name = form.add_line("last_name", "Last name", max_length=limits.PERSON_NAME.box)
        self.username = form.add_line(
            "username", "User name", max_length=limits.USER_NAME.box, placeholder="e.g. egarcia"
        )
        self._suggesting = True
        self.username.textEdited.connect(self._typed_username)
        self.first_name.textEdited.connect(self._suggest)
        self.last_name.textEdited.connect(self._suggest)

    def _typed_username(self, text: str) -> None:
        self._suggesting = not text

    def _suggest(self) -> None:
        if self._suggesting:
            self.username.setText(suggest_username(self.first_name.text(), self.last_name.text()))
            self.form.refresh()


class PrescriberRows:
    """Credentials, NPI and Texas license rows."""

    def __init__(self, form: Form, credentials: Sequence[str]) -> None:
        self.credentials: QComboBox = form.add_combo(
            "credentials", "Credentials", [(c, c) for c in credentials]
        )
        self.npi: QLineEdit = form.add_line(
            "npi", "NPI", max_length=limits.NPI.box, placeholder=f"{limits.NPI.chars} digits"
        )
        self.texas_license: QLineEdit = form.add_line(
            "texas_license",
            "Texas license",
            max_length=limits.TEXAS_LICENSE.box,
            placeholder="e.g. Q1234 or PA12345",
        )
