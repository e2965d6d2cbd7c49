"""The formulary as an Admin tab: every compounded LDN formula, with New and Edit.

Inactive formulas are listed too (marked "No" under Active): they stay in the formulary
for the prescriptions that use them, and an administrator may bring one back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.services.clinic.service import PharmacyInfo
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import FormulaEntry
from ldnclinic.ui.admin.formula_dialog import FormulaDialog
from ldnclinic.ui.widgets.table_model import Column, DtoTableModel, table_view, yes_no
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import run_in_background


@dataclass(frozen=True, slots=True)
class FormularyLine:
    """One row: the formula and the name of the pharmacy that makes it ("" for any)."""

    formula: FormulaEntry
    pharmacy: str


COLUMNS: tuple[Column[FormularyLine], ...] = (
    Column("Code", lambda line: line.formula.code, lambda line: line.formula.label),
    Column("Dosage form", lambda line: line.formula.dosage_form.label),
    Column("Strength", lambda line: line.formula.strength_text),
    Column("Base", lambda line: line.formula.base, lambda line: line.formula.notes or line.formula.base),
    Column("Flavour", lambda line: line.formula.flavour or ""),
    Column("Pharmacy", lambda line: line.pharmacy or "Any"),
    Column("Active", lambda line: yes_no(line.formula.active)),
)
BASE_COLUMN = 3


def formulary_lines(formulas: list[FormulaEntry], pharmacies: list[PharmacyInfo]) -> list[FormularyLine]:
    names = {p.id: p.name for p in pharmacies}
    return [
        FormularyLine(f, names.get(f.pharmacy_id, f"#{f.pharmacy_id}") if f.pharmacy_id is not None else "")
        for f in formulas
    ]


class FormularyView(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.loaded = False
        self.pharmacies: list[PharmacyInfo] = []
        self.dialog: FormulaDialog | None = None
        self._select_code: str | None = None  # to select once the list is fetched again
        note = QLabel(
            "The compounded naltrexone formulas prescribers choose from. An inactive formula "
            "is no longer offered but stays for the prescriptions that use it."
        )
        note.setWordWrap(True)
        set_role(note, "muted")
        self.model: DtoTableModel[FormularyLine] = DtoTableModel(COLUMNS, self)
        self.table = table_view(self.model, "Formulary", stretch=BASE_COLUMN)
        self.table.doubleClicked.connect(self._edit_index)
        self.new_button = QPushButton("New formula…")
        self.new_button.setAccessibleName("New formula")
        self.new_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleName("Edit formula")
        self.edit_button.clicked.connect(self.edit)
        self.edit_button.setEnabled(False)
        self.status = QLabel()
        self.status.setAccessibleName("Formulary status")
        set_role(self.status, "muted")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(note)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        services = self._services

        def fetch() -> tuple[list[FormulaEntry], list[PharmacyInfo]]:
            return services.formulary.list(include_inactive=True), services.pharmacies.list()

        run_in_background(fetch, on_result=self._show, owner=self)

    def _show(self, lists: tuple[list[FormulaEntry], list[PharmacyInfo]]) -> None:
        formulas, self.pharmacies = lists
        selected = self.selected()
        code = self._select_code or (selected.code if selected else None)
        self._select_code = None
        self.model.set_rows(formulary_lines(formulas, self.pharmacies))
        self.loaded = True
        if code is not None:
            self.select(code)
        self._selection_changed()

    def selected(self) -> FormulaEntry | None:
        rows = self.table.selectionModel().selectedRows()
        line = self.model.row_at(rows[0].row()) if rows else None
        return line.formula if line else None

    def select(self, code: str) -> None:
        for row, line in enumerate(self.model.rows()):
            if line.formula.code == code:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        formula = self.selected()
        if formula is not None:
            self._open(formula)

    def _edit_index(self, index: QModelIndex) -> None:
        line = self.model.row_at(index.row())
        if line is not None:
            self._open(line.formula)

    def _open(self, formula: FormulaEntry | None) -> None:
        self.dialog = FormulaDialog(self._services, self._actor, formula, self.pharmacies, self)
        self.dialog.saved.connect(self._saved)
        self.dialog.open()

    def _saved(self, entry: FormulaEntry) -> None:
        self.status.setText(f"Formula {entry.code} saved.")
        self._select_code = entry.code
        self.reload()
