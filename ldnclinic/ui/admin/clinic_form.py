"""Admin → Clinic profile: the clinic's name, address, phones and time zone.

Saved with the version it was loaded at; if someone else saved first, both versions stay
on screen (theirs beside each field) until the administrator chooses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.services.clinic.service import ClinicInfo, ClinicInput, check_clinic
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.widgets.account_fields import TIMEZONES
from ldnclinic.ui.widgets.conflict import ConflictBar
from ldnclinic.ui.widgets.form import Form, validation_problems
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

CLINIC_FIELDS = ("name", "street", "city", "state", "zip", "phone", "fax", "timezone")


def clinic_values(info: ClinicInfo) -> dict[str, str]:
    data = asdict(info)
    return {key: str(data[key]) for key in CLINIC_FIELDS}


def clinic_problems(values: Mapping[str, str]) -> dict[str, str]:
    return validation_problems(lambda: check_clinic(ClinicInput(**{k: values[k] for k in CLINIC_FIELDS})))


class ClinicProfileEditor(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._version = 0
        self._theirs: ClinicInfo | None = None
        note = QLabel("How the clinic appears on prescriptions and handouts.")
        set_role(note, "muted")
        self.form = Form(check=clinic_problems)
        f = self.form
        f.add_line("name", "Clinic name", max_length=limits.CLINIC_NAME.box)
        f.add_line("street", "Street address", max_length=limits.ADDRESS_STREET.box)
        f.add_line("city", "City", max_length=limits.ADDRESS_CITY.box)
        f.add_line("state", "State", max_length=limits.ADDRESS_STATE.box)
        f.add_line("zip", "ZIP code", max_length=limits.ZIP_CODE.box)
        f.add_line("phone", "Phone", max_length=limits.PHONE_NUMBER.box)
        f.add_line("fax", "Fax", max_length=limits.PHONE_NUMBER.box)
        f.add_combo("timezone", "Time zone", TIMEZONES)
        self.conflict = ConflictBar()
        self.conflict.use_theirs.connect(self._use_theirs)
        self.conflict.keep_mine.connect(self._keep_mine)
        self.status = QLabel()
        set_role(self.status, "muted")
        self.save_button = QPushButton("Save changes")
        self.save_button.setAccessibleName("Save clinic profile")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Undo changes")
        self.revert_button.setAccessibleName("Undo changes to the clinic profile")
        self.revert_button.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form_column = QVBoxLayout()
        form_column.addWidget(note)
        form_column.addSpacing(8)
        form_column.addWidget(self.form)
        form_column.addWidget(self.conflict)
        form_column.addLayout(buttons)
        form_column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 14, 0, 0)
        layout.addLayout(form_column, 3)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        info = self._services.clinic.profile()
        if info is not None:
            self._load(info)

    def _load(self, info: ClinicInfo) -> None:
        self.save_button.setEnabled(True)
        self._version = info.version
        self._theirs = None
        self.conflict.hide()
        self.form.load(clinic_values(info))

    def save(self) -> None:
        if not self.form.reveal_all():
            self.status.setText("Please correct the fields marked in red.")
            return
        values = self.form.values()
        data = ClinicInput(**{k: values[k] for k in CLINIC_FIELDS})
        version = self._version
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        run_in_background(
            lambda: self._services.clinic.update_profile(self._actor, data, version),
            on_result=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, info: ClinicInfo) -> None:
        self.save_button.setEnabled(True)
        self._load(info)
        self.status.setText("Saved.")

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.setText("")
        if isinstance(error, ConflictError) and isinstance(error.current, ClinicInfo):
            self._theirs = error.current
            self.form.show_other(clinic_values(error.current), "Saved by someone else:")
            self.conflict.show_conflict(error.message)
            self.save_button.setEnabled(False)  # choose first: theirs, or mine over theirs
        elif isinstance(error, ValidationError):
            self.form.show_problems(error.field_errors)
        elif isinstance(error, DomainError):
            self.status.setText(error.message)
        else:
            report_unhandled(error)

    def _use_theirs(self) -> None:
        if self._theirs is not None:
            self._load(self._theirs)

    def _keep_mine(self) -> None:
        if self._theirs is not None:
            self._version = self._theirs.version
            self.form.show_other(None)
            self.save_button.setEnabled(True)
            self.save()
