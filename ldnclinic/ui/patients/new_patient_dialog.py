"""Registering a new patient: the patient form in a dialog, saved through `SaveFlow`."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from ldnclinic.domain.enums import Language, PatientStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.ui.patients.conflict_panel import ConflictPanel
from ldnclinic.ui.patients.duplicate_panel import DuplicatePanel
from ldnclinic.ui.patients.form.patient_form import PatientForm
from ldnclinic.ui.patients.patient_save import SaveFlow
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.tones import Banner, Tone

DISCARD_KEY = "discard_new_patient"


class NewPatientDialog(QDialog):
    created = Signal(object)  # PatientDetail
    open_chart_requested = Signal(int)  # an existing patient the duplicate guard found

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPatientDialog")
        self.setWindowTitle("New patient")
        self.banner = Banner(Tone.WARNING, self)
        self.duplicates = DuplicatePanel(self)
        self.conflict = ConflictPanel(self)  # a new patient cannot conflict; SaveFlow wants one
        self.form = PatientForm(services.patients.today, services.pharmacies.list(), self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("New patient sections")
        for title, page in self.form.pages:
            self.tabs.addTab(page, title)
        self.flow = SaveFlow(
            services,
            actor,
            self.form,
            banner=self.banner,
            duplicates=self.duplicates,
            conflict=self.conflict,
            parent=self,
            reveal=self._reveal,
            saved=self._created,
        )
        self.duplicates.open_requested.connect(self._open_existing)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Save patient", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setAccessibleName("Save patient")
        self.cancel_button.setAccessibleName("Cancel new patient")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.form.identity.preferred_language.set_value(Language.ENGLISH.value)
        self.form.identity.status.set_value(PatientStatus.PROSPECTIVE.value)
        self.form.load(self.form.save())
        self.resize(1100, 700)
        self.form.identity.first_name.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> PatientDetail | None:
        return self.flow.save()

    def _created(self, detail: PatientDetail) -> None:
        self.created.emit(detail)
        self.accept()

    def _open_existing(self, patient_id: int) -> None:
        self.open_chart_requested.emit(patient_id)

    def _reveal(self, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
        widget.setFocus()

    def reject(self) -> None:
        if self.form.has_changes() and not prompts.confirm(
            self,
            DISCARD_KEY,
            "Discard new patient?",
            "Close without saving? What you typed for this patient will be lost.",
            yes="Discard",
            no="Keep editing",
        ):
            return
        super().reject()
