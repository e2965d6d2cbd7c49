"""The patient form: every section on two pages (Demographics, Clinical).

Widgets only move data: `load()` fills them from a PatientInput, `save()` reads them back
into one. Checks come from the services (`check_field` as the user types, a ValidationError
on save), and `show_errors` puts each message beside its field. Nothing here ever clears
what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from ldnclinic.services.clinic.service import PharmacyInfo
from ldnclinic.services.patients.dto import PatientInput
from ldnclinic.ui.patients.form.care_section import ConsentSection, EmergencySection, PharmacySection
from ldnclinic.ui.patients.form.clinical_section import ClinicalSection
from ldnclinic.ui.patients.form.contact_section import AddressSection, PhoneSection
from ldnclinic.ui.patients.form.field import FieldBase
from ldnclinic.ui.patients.form.identity_section import IdentitySection
from ldnclinic.ui.patients.form.list_editor import RowList
from ldnclinic.ui.widgets.tones import read_only_style

_EMPTY = PatientInput(first_name="", last_name="", date_of_birth="", sex="")


def _scroll_page(name: str) -> tuple[QScrollArea, QWidget, QVBoxLayout]:
    page = QScrollArea()
    page.setObjectName(name)
    page.setWidgetResizable(True)
    page.setFrameShape(QFrame.Shape.NoFrame)
    inner = QWidget(page)
    layout = QVBoxLayout(inner)
    layout.setContentsMargins(12, 12, 12, 12)
    layout.setSpacing(10)
    page.setWidget(inner)
    return page, inner, layout


def _row(layout: QVBoxLayout, *widgets: QWidget) -> None:
    row = QHBoxLayout()
    row.setSpacing(10)
    for widget in widgets:
        row.addWidget(widget, 1)
    layout.addLayout(row)


class PatientForm(QObject):
    """Owns the two pages; whoever shows the form puts them in its tabs."""

    def __init__(
        self,
        today: Callable[[], date],
        pharmacies: Sequence[PharmacyInfo],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.demographics_page, inner, demo = _scroll_page("demographicsPage")
        self.clinical_page, clinical_inner, clinical = _scroll_page("clinicalPage")
        today()  # the first call reads the clinic's zone: now, not from a check timer later
        self.identity = IdentitySection(today, inner)
        self.address = AddressSection(today, inner)
        self.contact = PhoneSection(today, inner)
        self.emergency = EmergencySection(today, inner)
        self.pharmacy = PharmacySection(pharmacies, inner)
        self.consents = ConsentSection(today, inner)
        demo.addWidget(self.identity)
        _row(demo, self.address, self.contact)
        _row(demo, self.emergency, self.pharmacy)
        demo.addWidget(self.consents)
        demo.addStretch(1)
        self.clinical = ClinicalSection(clinical_inner)
        _row(clinical, self.clinical.conditions_box, self.clinical.allergies_box)
        clinical.addWidget(self.clinical.medications_box)
        clinical.addStretch(1)
        self._fields: dict[str, FieldBase] = {
            field.name: field
            for section in (
                self.identity,
                self.address,
                self.contact,
                self.emergency,
                self.pharmacy,
                self.consents,
            )
            for field in section.fields
        }
        self._lists: dict[str, RowList] = {rows.name: rows for rows in self.clinical.lists}
        self._baseline = self.save()
        self.editing = True

    @property
    def pages(self) -> list[tuple[str, QWidget]]:
        return [("Demographics", self.demographics_page), ("Clinical", self.clinical_page)]

    # --- moving data ---------------------------------------------------------------------

    def load(self, data: PatientInput, pharmacy: PharmacyInfo | None = None) -> None:
        self.identity.load(data)
        self.address.load(data)
        self.contact.load(data)
        self.emergency.load(data)
        self.pharmacy.load(data, pharmacy)
        self.consents.load(data)
        self.clinical.load(data)
        self.clear_errors()
        self._baseline = self.save()

    def clear(self) -> None:
        self.load(_EMPTY)

    def save(self) -> PatientInput:
        i, a, c, e = self.identity, self.address, self.contact, self.emergency
        return PatientInput(
            first_name=i.first_name.text(),
            middle_name=i.middle_name.text(),
            last_name=i.last_name.text(),
            preferred_name=i.preferred_name.text(),
            date_of_birth=i.date_of_birth.text(),
            sex=str(i.sex.value() or ""),
            preferred_language=str(i.preferred_language.value() or ""),
            status=str(i.status.value() or ""),
            street=a.street.text(),
            city=a.city.text(),
            state=a.state.text(),
            zip=a.zip.text(),
            phones=c.phone_texts(),
            email=c.email.text(),
            emergency_contact_name=e.name.text(),
            emergency_contact_relationship=e.relationship.text(),
            emergency_contact_phone=e.phone.text(),
            preferred_pharmacy_id=self.pharmacy.pharmacy_id(),
            consents=self.consents.consent_texts(),
            conditions=self.clinical.condition_values(),
            allergies=self.clinical.allergy_values(),
            no_known_allergies=self.clinical.no_known_allergies.isChecked(),
            medications=self.clinical.medication_values(),
        )

    @property
    def baseline(self) -> PatientInput:
        """The form as last loaded (what the user started editing from)."""
        return self._baseline

    def has_changes(self) -> bool:
        return self.save() != self._baseline

    # --- messages ------------------------------------------------------------------------

    def field(self, name: str) -> FieldBase:
        return self._fields[name]

    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Put each message beside its field; returns those that belong to no field."""
        self.clear_errors()
        unplaced: dict[str, str] = {}
        for name, text in errors.items():
            if name in self._fields:
                self._fields[name].set_problem(text)
            elif name in self._lists:
                self._lists[name].message.show_problem(text)
            else:
                unplaced[name] = text
        return unplaced

    def clear_errors(self) -> None:
        for field in self._fields.values():
            field.set_problem(None)
        for rows in self._lists.values():
            rows.message.show_problem(None)

    def problems(self) -> dict[str, str]:
        """The messages now shown, by field name."""
        shown = {name: f.problem for name, f in self._fields.items() if f.problem}
        shown.update({name: r.message.problem for name, r in self._lists.items() if r.message.problem})
        return {name: text for name, text in shown.items() if text}

    def pages_with_problems(self) -> list[str]:
        """The titles of the pages that show a problem now (to say where to look)."""
        titles = []
        for title, page in self.pages:
            fields = [f.input for f in self._fields.values() if f.problem]
            lists = [r for r in self._lists.values() if r.message.problem]
            if any(page.isAncestorOf(widget) for widget in (*fields, *lists)):
                titles.append(title)
        return titles

    def first_problem_widget(self) -> QWidget | None:
        for field in self._fields.values():
            if field.problem:
                return field.input
        return next((rows for rows in self._lists.values() if rows.message.problem), None)

    def set_editing(self, editing: bool) -> None:
        self.editing = editing
        for field in self._fields.values():
            field.set_read_only(not editing)
        self.address.set_read_only(not editing)
        self.consents.set_read_only(not editing)
        for page in (self.demographics_page, self.clinical_page):
            page.setStyleSheet("" if editing else read_only_style())
        self.clinical.set_read_only(not editing)
        if not editing:
            self.clear_errors()
