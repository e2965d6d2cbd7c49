"""A patient's chart in its own window: the header with badges, then tabs.

The Demographics and Clinical tabs are the patient form, read-only until "Edit"; other tabs
come from `chart_tabs` specs. Saving goes through `SaveFlow` (field messages, duplicate
guard, optimistic locking). Staff and prescribers may edit; others never see the buttons.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.ui.patients.chart_header import ChartHeader
from ldnclinic.ui.patients.conflict_panel import ConflictPanel
from ldnclinic.ui.patients.duplicate_panel import DuplicatePanel
from ldnclinic.ui.patients.form.patient_form import PatientForm
from ldnclinic.ui.patients.patient_save import SaveFlow
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.chart_tabs import ChartPage, ChartTabContext, ChartTabSpec, chart_tab_specs
from ldnclinic.ui.widgets.tones import Banner, Tone, hint_colour

DISCARD_KEY = "discard_patient_edits"


class ChartWindow(QWidget):
    saved = Signal(object)  # PatientDetail, after each successful save
    open_chart_requested = Signal(int)  # another patient's chart (from the duplicate panel)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        detail: PatientDetail,
        tab_specs: Sequence[ChartTabSpec] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("chartWindow")
        self._services = services
        self._actor = actor
        self.detail = detail
        self.can_edit = actor.can(Permission.PATIENT_WRITE)
        today = services.patients.today
        self.header = ChartHeader(today, self)
        self.banner = Banner(Tone.WARNING, self)
        self.conflict = ConflictPanel(self)
        self.duplicates = DuplicatePanel(self)
        self.form = PatientForm(today, services.pharmacies.list(), self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Chart sections")
        self.flow = SaveFlow(
            services,
            actor,
            self.form,
            banner=self.banner,
            duplicates=self.duplicates,
            conflict=self.conflict,
            parent=self,
            reveal=self._reveal,
            saved=self._after_save,
            take_theirs=self._take_theirs,
        )
        self.duplicates.open_requested.connect(self.open_chart_requested)
        context = ChartTabContext(services, actor, detail.id, self.form, self.reload)
        for spec in tab_specs if tab_specs is not None else chart_tab_specs():
            self.tabs.addTab(spec.factory(context), spec.title)
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        for widget in (self.header, self.banner, self.conflict, self.duplicates):
            layout.addWidget(widget)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons)
        self.resize(1180, 720)
        self.show_detail(detail)
        self._set_editing(False)

    def _build_buttons(self) -> None:
        self.mode_hint = QLabel(self)
        self.mode_hint.setStyleSheet(f"color: {hint_colour()};")
        self.edit_button = QPushButton("Edit", self)
        self.edit_button.setToolTip("Edit demographics and clinical lists (Ctrl+E)")
        self.cancel_button = QPushButton("Cancel", self)
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip("Save (Ctrl+S)")
        for button in (self.edit_button, self.cancel_button, self.save_button):
            button.setAccessibleName(f"{button.text()} patient")
        self.edit_button.clicked.connect(self.start_editing)
        self.cancel_button.clicked.connect(self.cancel_editing)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+E"), self, self.start_editing)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.Cancel, self, self.cancel_editing)
        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self.mode_hint, 1)
        for button in (self.edit_button, self.cancel_button, self.save_button):
            self._buttons.addWidget(button)
        self.edit_button.setVisible(self.can_edit)

    # --- showing ---------------------------------------------------------------------------

    def show_detail(self, detail: PatientDetail) -> None:
        self.detail = detail
        self.setWindowTitle(f"{detail.display_name} · MRN {detail.mrn} — Chart")
        self.header.show_detail(detail)
        self.form.load(detail.to_input(), detail.pharmacy)
        self.flow.editing(detail)
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if isinstance(page, ChartPage):
                page.show_detail(detail)

    def reload(self) -> None:
        """Fetch the chart again (audited as a view) and show it; edits in progress are kept."""
        try:
            detail = self._services.patients.get(self._actor, self.detail.id)
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
            return
        if self.form.editing:
            self.header.show_detail(detail)
        else:
            self.show_detail(detail)

    def _reveal(self, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and (page is widget or page.isAncestorOf(widget)):
                self.tabs.setCurrentIndex(index)
                break
        widget.setFocus()

    # --- editing ---------------------------------------------------------------------------

    @property
    def editing(self) -> bool:
        return self.form.editing

    def start_editing(self) -> None:
        if not self.can_edit or self.editing:
            return
        self.banner.clear_message()
        self._set_editing(True)
        if self.tabs.currentWidget() not in (self.form.demographics_page, self.form.clinical_page):
            self.tabs.setCurrentWidget(self.form.demographics_page)
        self.form.identity.first_name.edit.setFocus()

    def cancel_editing(self) -> bool:
        """Leave edit mode, dropping edits after a confirmation; False if the user kept them."""
        if not self.editing:
            return True
        if self.form.has_changes() and not prompts.confirm(
            self,
            DISCARD_KEY,
            "Discard changes?",
            f"Discard your unsaved changes to {self.detail.display_name}'s chart?",
            yes="Discard changes",
            no="Keep editing",
        ):
            return False
        self.discard_edits()
        return True

    def discard_edits(self) -> None:
        """Leave edit mode at once, dropping the edits (for sign-out; never asks)."""
        if self.editing:
            self.show_detail(self.detail)
            self._set_editing(False)

    def save(self) -> PatientDetail | None:
        if not self.editing:
            return None
        return self.flow.save()

    def _after_save(self, detail: PatientDetail) -> None:
        self.show_detail(detail)
        self._set_editing(False)
        self.banner.show_message("Saved.", Tone.CALM)
        self.saved.emit(detail)

    def _take_theirs(self, theirs: PatientDetail) -> None:
        self.show_detail(theirs)
        self._set_editing(False)
        self.banner.show_message(
            "Showing the version saved by someone else; your edits were dropped.", Tone.INFO
        )

    def _set_editing(self, editing: bool) -> None:
        self.form.set_editing(editing)
        self.edit_button.setVisible(self.can_edit and not editing)
        self.cancel_button.setVisible(editing)
        self.save_button.setVisible(editing)
        self.save_button.setDefault(editing)
        if editing:
            self.mode_hint.setText("Editing: Save keeps your changes, Cancel drops them.")
        elif self.can_edit:
            self.mode_hint.setText(
                "Read-only view. Click Edit (Ctrl+E) to change demographics or clinical lists."
            )
        else:
            self.mode_hint.setText("Read-only: your role cannot change patient records.")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.editing and not self.cancel_editing():
            event.ignore()
            return
        event.accept()
