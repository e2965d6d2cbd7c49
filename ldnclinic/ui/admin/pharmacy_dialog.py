"""Adding or editing one pharmacy of the directory (optimistic locking on edit)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from ldnclinic.domain import field_limits as limits
from ldnclinic.services.clinic.service import PharmacyInfo, PharmacyInput, check_pharmacy
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.widgets.conflict import ConflictBar
from ldnclinic.ui.widgets.dialogs import button_row, error_banner, show_save_failure
from ldnclinic.ui.widgets.form import Form, validation_problems
from ldnclinic.ui.widgets.workers import run_in_background

PHARMACY_FIELDS = ("name", "street", "city", "state", "zip", "phone", "fax", "npi")


def pharmacy_values(info: PharmacyInfo) -> dict[str, str]:
    data = asdict(info)
    return {key: str(data[key]) for key in PHARMACY_FIELDS}


def pharmacy_input(values: Mapping[str, str]) -> PharmacyInput:
    return PharmacyInput(**{key: values[key] for key in PHARMACY_FIELDS})


class PharmacyDialog(QDialog):
    """Emits `saved(PharmacyInfo)`. `pharmacy` None means a new entry."""

    saved = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        pharmacy: PharmacyInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._pharmacy = pharmacy
        self._theirs: PharmacyInfo | None = None
        self.setWindowTitle("Edit pharmacy" if pharmacy else "Add a pharmacy")
        self.setMinimumWidth(560)
        self.form = Form(
            check=lambda values: validation_problems(lambda: check_pharmacy(pharmacy_input(values)))
        )
        f = self.form
        f.add_line(
            "name",
            "Pharmacy name",
            max_length=limits.PHARMACY_NAME.box,
            placeholder="e.g. Austin Compounding Pharmacy",
        )
        f.add_line("street", "Street address", max_length=limits.ADDRESS_STREET.box)
        f.add_line("city", "City", max_length=limits.ADDRESS_CITY.box)
        f.add_line("state", "State", max_length=limits.ADDRESS_STATE.box).setText("TX")
        f.add_line("zip", "ZIP code", max_length=limits.ZIP_CODE.box)
        f.add_line("phone", "Phone", max_length=limits.PHONE_NUMBER.box)
        f.add_line(
            "fax",
            "Fax",
            max_length=limits.PHONE_NUMBER.box,
            placeholder="optional, where prescriptions are faxed",
        )
        f.add_line("npi", "NPI", max_length=limits.NPI.box, placeholder="optional")
        if pharmacy is not None:
            self.form.load(pharmacy_values(pharmacy))
        self.conflict = ConflictBar()
        self.conflict.use_theirs.connect(self._use_theirs)
        self.conflict.keep_mine.connect(self._keep_mine)
        self.error = error_banner("Pharmacy message")
        buttons, self.save_button, _cancel = button_row("Save pharmacy", "Cancel", self.save, self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(self.form)
        layout.addWidget(self.conflict)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        if not self.form.reveal_all():
            return
        data = pharmacy_input(self.form.values())
        current = self._theirs or self._pharmacy
        self.save_button.setEnabled(False)
        self.error.hide()
        if current is None:
            work = lambda: self._services.pharmacies.create(self._actor, data)  # noqa: E731
        else:
            pharmacy_id, version = current.id, current.version
            work = lambda: self._services.pharmacies.update(self._actor, pharmacy_id, data, version)  # noqa: E731
        run_in_background(work, on_result=self._saved, on_error=self._failed, owner=self)

    def _saved(self, info: PharmacyInfo) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        show_save_failure(
            error,
            record_type=PharmacyInfo,
            values=pharmacy_values,
            form=self.form,
            conflict=self.conflict,
            banner=self.error,
            save_button=self.save_button,
            keep_theirs=self._keep_theirs,
        )

    def _keep_theirs(self, theirs: PharmacyInfo) -> None:
        self._theirs = theirs

    def _use_theirs(self) -> None:
        if self._theirs is not None:
            self._pharmacy, self._theirs = self._theirs, None
            self.form.load(pharmacy_values(self._pharmacy))
        self.save_button.setEnabled(True)

    def _keep_mine(self) -> None:
        self.form.show_other(None)
        self.save_button.setEnabled(True)
        self.save()
