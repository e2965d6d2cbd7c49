"""Form sections: emergency contact, preferred compounding pharmacy and dated consents."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QWidget

from ldnclinic.domain.enums import ConsentKind
from ldnclinic.services.clinic.service import PharmacyInfo
from ldnclinic.services.patients.dto import PatientInput
from ldnclinic.ui.patients.form.field import ChoiceField, FieldBase, TextField, service_check
from ldnclinic.ui.patients.form.identity_section import DATE_PLACEHOLDER, us_form

NO_PHARMACY = "None chosen"


class EmergencySection(QGroupBox):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__("Emergency contact", parent)
        self.name = TextField(
            "emergency_contact_name",
            "Contact name",
            self,
            check=service_check("emergency_contact_name", today),
        )
        self.relationship = TextField(
            "emergency_contact_relationship",
            "Relationship",
            self,
            placeholder="e.g. spouse, daughter",
            check=service_check("emergency_contact_relationship", today),
        )
        self.phone = TextField(
            "emergency_contact_phone",
            "Contact phone",
            self,
            placeholder="e.g. (512) 555-0142",
            check=service_check("emergency_contact_phone", today),
        )
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(12)
        self.name.place(grid, 0, 0, 2)
        self.relationship.place(grid, 3, 0)
        self.phone.place(grid, 3, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(6, 1)

    @property
    def fields(self) -> list[FieldBase]:
        return [self.name, self.relationship, self.phone]

    def load(self, data: PatientInput) -> None:
        self.name.set_text(data.emergency_contact_name)
        self.relationship.set_text(data.emergency_contact_relationship)
        self.phone.set_text(data.emergency_contact_phone)


class PharmacySection(QGroupBox):
    """The preferred compounding pharmacy, chosen from the directory (or none)."""

    def __init__(self, pharmacies: Sequence[PharmacyInfo], parent: QWidget | None = None) -> None:
        super().__init__("Preferred compounding pharmacy", parent)
        self.pharmacy = ChoiceField(
            "preferred_pharmacy",
            "Pharmacy",
            self,
            [(NO_PHARMACY, None), *((p.one_line, p.id) for p in pharmacies)],
        )
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        self.pharmacy.place(grid, 0)
        grid.setRowStretch(3, 1)

    @property
    def fields(self) -> list[FieldBase]:
        return [self.pharmacy]

    def load(self, data: PatientInput, pharmacy: PharmacyInfo | None) -> None:
        combo = self.pharmacy.combo
        if pharmacy is not None and combo.findData(pharmacy.id) < 0:
            combo.addItem(f"{pharmacy.one_line} (no longer active)", pharmacy.id)
        self.pharmacy.set_value(data.preferred_pharmacy_id)

    def pharmacy_id(self) -> int | None:
        value = self.pharmacy.value()
        return value if isinstance(value, int) else None


class ConsentSection(QGroupBox):
    """Three dated consents; an empty date means not (yet) given."""

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__("Consents (date given; empty = not given)", parent)
        self._today = today
        self.dates: dict[ConsentKind, TextField] = {}
        self.today_buttons: dict[ConsentKind, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(12)
        for index, kind in enumerate(ConsentKind):
            key = f"consent_{kind.value}"
            field = TextField(
                key,
                kind.label,
                self,
                placeholder=DATE_PLACEHOLDER,
                check=service_check(key, self._today),
            )
            button = QPushButton("Today", self)
            button.setAccessibleName(f"{kind.label}: given today")
            button.setToolTip("Fill in today's date")
            button.clicked.connect(lambda _checked=False, f=field: self._fill_today(f))
            column = 2 * index
            grid.addWidget(field.label, 0, column, 1, 2)
            grid.addWidget(field.edit, 1, column)
            grid.addWidget(button, 1, column + 1)
            grid.addWidget(field.message, 2, column, 1, 2)
            grid.setColumnStretch(column, 1)
            self.dates[kind] = field
            self.today_buttons[kind] = button

    def _fill_today(self, field: TextField) -> None:
        today = self._today()
        field.set_text(f"{today.month:02d}/{today.day:02d}/{today.year}")

    @property
    def fields(self) -> list[FieldBase]:
        return list(self.dates.values())

    def set_read_only(self, read_only: bool) -> None:
        for button in self.today_buttons.values():
            button.setVisible(not read_only)

    def load(self, data: PatientInput) -> None:
        for kind, field in self.dates.items():
            field.set_text(us_form(data.consents.get(kind, "")))

    def consent_texts(self) -> dict[ConsentKind, str]:
        return {kind: field.text() for kind, field in self.dates.items()}
