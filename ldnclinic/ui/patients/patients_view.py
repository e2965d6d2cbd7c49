"""The Patients page: search as you type, a lazily loaded list, and the way into charts.

Typing restarts a short timer; when it fires, the list model is reset with a fetch function
for the new query and loads its first page (the service's search is indexed: a few ms at
100,000 patients). Further pages load only as the user scrolls. Enter or a double-click
opens the chart; "New patient" opens the registration form.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail, PatientSummary, SearchCursor
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.patients.new_patient_dialog import NewPatientDialog
from ldnclinic.ui.patients.open_charts import ChartWindows
from ldnclinic.ui.patients.patient_list_model import Column, PageFetch, PatientListModel
from ldnclinic.ui.widgets.table_model import set_up_list_table
from ldnclinic.ui.widgets.tones import hint_colour

SEARCH_DELAY_MS = 150
SEARCH_PLACEHOLDER = "Search: name, MRN (1234-5678), date of birth (3/2/1961) or phone digits"
_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PatientTable(QTableView):
    """The result table; Enter opens the current row (as a double-click does)."""

    open_requested = Signal(int)  # row

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _OPEN_KEYS and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class PatientsView(QWidget):
    first_page_loaded = Signal()
    patient_created = Signal(object)  # PatientDetail

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientsView")
        self._services = services
        self._actor = actor
        self._loaded = False
        self.charts = ChartWindows(services, actor, self)
        self.charts.saved.connect(lambda _detail: self.refresh())
        self.model = PatientListModel(today=services.patients.today, parent=self)
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())
        self.search_box.installEventFilter(self)
        self.model.modelReset.connect(self._update_hint)
        self.model.rowsInserted.connect(self._update_hint)
        QTimer.singleShot(0, self, self.run_search)

    def _build(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_box.setAccessibleName("Search patients")
        self.search_box.setClearButtonEnabled(True)
        self.new_button = QPushButton("New patient", self)
        self.new_button.setAccessibleName("New patient")
        self.new_button.setToolTip("Register a new patient (Ctrl+N)")
        self.new_button.clicked.connect(self.new_patient)
        self.new_button.setVisible(self._actor.can(Permission.PATIENT_WRITE))
        self.hint = QLabel(self)
        self.hint.setObjectName("resultsHint")
        self.hint.setStyleSheet(f"color: {hint_colour()};")
        self.table = self._make_table()
        self.empty = QLabel(self)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {hint_colour()}; font-size: 12pt; padding: 40px;")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.stack, 1)

    def _make_table(self) -> PatientTable:
        table = PatientTable(self)
        set_up_list_table(table, self.model, "Patients")
        header = table.horizontalHeader()
        header.setSectionsClickable(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        width = table.fontMetrics().horizontalAdvance
        for column, sample in (
            (Column.BIRTH, "Date of birth (age)__"),
            (Column.MRN, "0000-0000__"),
            (Column.PHONE, "(000) 000-0000__"),
            (Column.PLACE, "San Antonio, TX______"),
            (Column.STATUS, "Prospective__"),
        ):
            header.resizeSection(column, width(sample) + 16)
        table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        table.open_requested.connect(self.open_row)
        return table

    # --- searching -------------------------------------------------------------------------

    def search_pending(self) -> bool:
        """True while typed text waits for the search-as-you-type timer."""
        return self._timer.isActive()

    def run_search(self) -> None:
        """Show the first page of matches for the search box's text (now, without waiting)."""
        self._timer.stop()
        text = self.search_box.text()
        fetch: PageFetch = self._fetcher(text)
        self.model.reset(fetch)
        if self.model.rowCount() and self.model.error is None:
            self.table.selectRow(0)
            self.table.scrollToTop()
        if not self._loaded:
            self._loaded = True
            self.first_page_loaded.emit()

    def _fetcher(self, text: str) -> PageFetch:
        def fetch(after: SearchCursor | None, limit: int) -> list[PatientSummary]:
            return self._services.patients.search(self._actor, text, after, limit)

        return fetch

    def refresh(self) -> None:
        """Search again with the same text (after a save changed names or details)."""
        self.run_search()

    def is_loaded(self) -> bool:
        return self._loaded

    def _update_hint(self) -> None:
        count = self.model.rowCount()
        query = self.search_box.text().strip()
        if self.model.error:
            self.hint.setText("")
            self._show_empty(self.model.error)
            return
        if count == 0:
            self.hint.setText("")
            self._show_empty(
                f"No patients match “{query[:60]}”.\nCheck the spelling, or search by MRN "
                "(1234-5678), date of birth (3/2/1961) or phone digits."
                if query
                else "No patients yet. Click “New patient” to register the first one."
            )
            return
        self.stack.setCurrentWidget(self.table)
        noun = "patient" if count == 1 else "patients"
        what = f"matching “{query[:60]}”" if query else "in name order"
        if self.model.complete:
            self.hint.setText(f"{count} {noun} {what}.")
        else:
            self.hint.setText(f"Showing the first {count} {noun} {what}; scroll down for more.")

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setAccessibleName(text)
        self.stack.setCurrentWidget(self.empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_key = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if watched is self.search_box and is_key and isinstance(event, QKeyEvent):
            if event.key() in _OPEN_KEYS:
                if self._timer.isActive():
                    self.run_search()
                index = self.table.currentIndex()
                if index.isValid():
                    self.open_row(index.row())
                return True
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    # --- actions ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def open_row(self, row: int) -> ChartWindow | None:
        if not 0 <= row < self.model.rowCount():
            return None
        return self.open_chart(self.model.summary_at(row).id)

    def open_chart(self, patient_id: int) -> ChartWindow | None:
        return self.charts.open(patient_id)

    def close_charts(self) -> bool:
        """Close every open chart (each asks about unsaved edits); False if one stays open.

        For the main window to call before it quits or signs the user out."""
        return self.charts.close_all()

    def new_patient(self) -> NewPatientDialog | None:
        """Open the registration form (non-blocking); None when the user may not register."""
        if not self._actor.can(Permission.PATIENT_WRITE):
            return None
        dialog = NewPatientDialog(self._services, self._actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._created)
        dialog.open_chart_requested.connect(self.open_chart)
        dialog.open()
        return dialog

    def _created(self, detail: PatientDetail) -> None:
        self.patient_created.emit(detail)
        self.refresh()
        self.open_chart(detail.id)
