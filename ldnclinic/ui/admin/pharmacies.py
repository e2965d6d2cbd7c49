"""The compounding-pharmacy directory: the list, with add and edit.

Everyone allowed to manage the directory sees it (staff and prescribers as well as
administrators), because adding a patient's pharmacy is front-desk work.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.services.clinic.service import PharmacyInfo
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.admin.pharmacy_dialog import PharmacyDialog
from ldnclinic.ui.widgets.table_model import Column, DtoTableModel, table_view
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import run_in_background

COLUMNS: tuple[Column[PharmacyInfo], ...] = (
    Column("Name", lambda p: p.name),
    Column("Address", lambda p: f"{p.street}, {p.city}, {p.state} {p.zip}"),
    Column("Phone", lambda p: p.phone),
    Column("Fax", lambda p: p.fax),
    Column("NPI", lambda p: p.npi),
)


class PharmacyDirectory(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.loaded = False
        self.dialog: PharmacyDialog | None = None
        note = QLabel("The compounding pharmacies patients choose from, and where prescriptions go.")
        set_role(note, "muted")
        self.model: DtoTableModel[PharmacyInfo] = DtoTableModel(COLUMNS, self)
        self.table = table_view(self.model, "Pharmacy directory", stretch=1)
        self.table.doubleClicked.connect(self._edit_index)
        self.add_button = QPushButton("Add pharmacy…")
        self.add_button.setAccessibleName("Add pharmacy")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleName("Edit pharmacy")
        self.edit_button.clicked.connect(self.edit)
        self.edit_button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(note)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        run_in_background(self._services.pharmacies.list, on_result=self._show, owner=self)

    def _show(self, pharmacies: list[PharmacyInfo]) -> None:
        self.model.set_rows(pharmacies)
        self.loaded = True
        self._selection_changed()

    def selected(self) -> PharmacyInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        pharmacy = self.selected()
        if pharmacy is not None:
            self._open(pharmacy)

    def _edit_index(self, index: QModelIndex) -> None:
        pharmacy = self.model.row_at(index.row())
        if pharmacy is not None:
            self._open(pharmacy)

    def _open(self, pharmacy: PharmacyInfo | None) -> None:
        self.dialog = PharmacyDialog(self._services, self._actor, pharmacy, self)
        self.dialog.saved.connect(lambda _info: self.reload())
        self.dialog.open()
