"""Form section: legal and preferred names, date of birth, sex, language and status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QGridLayout, QGroupBox, QWidget

from ldnclinic.domain.dates import DateFormatError, age_on, parse_date
from ldnclinic.domain.enums import Language, PatientStatus, Sex
from ldnclinic.services.patients.dto import PatientInput
from ldnclinic.ui.patients.form.field import ChoiceField, FieldBase, TextField, service_check
from ldnclinic.ui.widgets.formatting import long_date

DATE_PLACEHOLDER = "M/D/YYYY or YYYY-MM-DD"


class IdentitySection(QGroupBox):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__("Name and identity", parent)
        self._today = today
        self.first_name = self._name("first_name", "Legal first name")
        self.middle_name = self._name("middle_name", "Middle name")
        self.last_name = self._name("last_name", "Legal last name")
        self.preferred_name = self._name("preferred_name", "Preferred name")
        self.date_of_birth = TextField(
            "date_of_birth",
            "Date of birth",
            self,
            placeholder=DATE_PLACEHOLDER,
            check=service_check("date_of_birth", self._today),
            describe=self._describe_birth,
        )
        self.sex = ChoiceField("sex", "Sex", self, [(s.label, s.value) for s in Sex], placeholder="Choose…")
        self.preferred_language = ChoiceField(
            "preferred_language", "Preferred language", self, [(x.label, x.value) for x in Language]
        )
        self.status = ChoiceField("status", "Status", self, [(s.label, s.value) for s in PatientStatus])
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(12)
        for column, field in enumerate(
            (self.first_name, self.middle_name, self.last_name, self.preferred_name)
        ):
            field.place(grid, 0, column)
            grid.setColumnStretch(column, 1)
        for column, other in enumerate((self.date_of_birth, self.sex, self.preferred_language, self.status)):
            other.place(grid, 3, column)
        grid.setRowStretch(6, 1)

    def _name(self, name: str, label: str) -> TextField:
        return TextField(
            name,
            label,
            self,
            immediate=True,
            check=service_check(name, self._today),
        )

    def _describe_birth(self, text: str) -> str:
        try:
            born = parse_date(text, today=self._today())
        except DateFormatError:
            return ""
        return f"{long_date(born)} · age {age_on(born, self._today())}"

    @property
    def fields(self) -> list[FieldBase]:
        return [
            self.first_name,
            self.middle_name,
            self.last_name,
            self.preferred_name,
            self.date_of_birth,
            self.sex,
            self.preferred_language,
            self.status,
        ]

    def load(self, data: PatientInput) -> None:
        self.first_name.set_text(data.first_name)
        self.middle_name.set_text(data.middle_name)
        self.last_name.set_text(data.last_name)
        self.preferred_name.set_text(data.preferred_name)
        self.date_of_birth.set_text(us_form(data.date_of_birth))
        self.sex.set_value(data.sex)
        self.preferred_language.set_value(data.preferred_language)
        self.status.set_value(data.status)


def us_form(text: str) -> str:
    """A stored ISO date shown as MM/DD/YYYY (as staff read and type it); other text as it is."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{value.month:02d}/{value.day:02d}/{value.year}"
