"""Form sections: the home address (with the out-of-Texas warning), phones and e-mail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QGridLayout, QGroupBox, QWidget

from ldnclinic.domain.enums import PhoneKind
from ldnclinic.domain.geography import OUT_OF_TEXAS_WARNING, is_texas, normalize_state
from ldnclinic.services.patients.dto import PatientInput
from ldnclinic.ui.patients.form.field import FieldBase, TextField, service_check
from ldnclinic.ui.widgets.tones import Banner, Tone

PHONE_PLACEHOLDER = "e.g. (512) 555-0142"


def out_of_texas(state_text: str) -> bool:
    """True when the typed state is a real state other than Texas."""
    state = normalize_state(state_text)
    return state is not None and not is_texas(state)


class AddressSection(QGroupBox):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__("Home address", parent)
        self._today = today
        self.street = self._field("street", "Street", "Street address, apartment")
        self.city = self._field("city", "City", "")
        self.state = self._field("state", "State", "e.g. TX")
        self.zip = self._field("zip", "ZIP", "")
        self.warning = Banner(Tone.WARNING, self)
        self.warning.setObjectName("outOfTexasWarning")
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(12)
        self.street.place(grid, 0, 0, 3)
        self.city.place(grid, 3, 0)
        self.state.place(grid, 3, 1)
        self.zip.place(grid, 3, 2)
        grid.addWidget(self.warning, 6, 0, 1, 3)
        grid.setRowStretch(7, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.state.edit.textChanged.connect(lambda _text: self._update_warning())

    def _field(self, name: str, label: str, placeholder: str) -> TextField:
        return TextField(
            name,
            label,
            self,
            placeholder=placeholder,
            check=service_check(name, self._today),
        )

    def _update_warning(self) -> None:
        show = out_of_texas(self.state.text()) and not self.state.edit.isReadOnly()
        self.warning.show_message(OUT_OF_TEXAS_WARNING if show else "")

    def set_read_only(self, read_only: bool) -> None:
        """The chart header shows the warning while reading; the form shows it while editing."""
        for field in self.fields:
            field.set_read_only(read_only)
        self._update_warning()

    @property
    def fields(self) -> list[FieldBase]:
        return [self.street, self.city, self.state, self.zip]

    def load(self, data: PatientInput) -> None:
        self.street.set_text(data.street)
        self.city.set_text(data.city)
        self.state.set_text(data.state)
        self.zip.set_text(data.zip)


class PhoneSection(QGroupBox):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__("Phone and e-mail", parent)
        self.phones: dict[PhoneKind, TextField] = {
            kind: TextField(
                f"phone_{kind.value}",
                f"{kind.label} phone",
                self,
                placeholder=PHONE_PLACEHOLDER,
                check=service_check(f"phone_{kind.value}", today),
            )
            for kind in PhoneKind
        }
        self.email = TextField(
            "email",
            "E-mail",
            self,
            placeholder="e.g. name@example.com",
            check=service_check("email", today),
        )
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(12)
        for column, field in enumerate(self.phones.values()):
            field.place(grid, 0, column)
            grid.setColumnStretch(column, 1)
        self.email.place(grid, 3, 0, 3)
        grid.setRowStretch(6, 1)

    @property
    def fields(self) -> list[FieldBase]:
        return [*self.phones.values(), self.email]

    def load(self, data: PatientInput) -> None:
        for kind, field in self.phones.items():
            field.set_text(data.phones.get(kind, ""))
        self.email.set_text(data.email)

    def phone_texts(self) -> dict[PhoneKind, str]:
        return {kind: field.text() for kind, field in self.phones.items() if field.text().strip()}
