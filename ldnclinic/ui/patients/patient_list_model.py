"""The patient list as a Qt table model: an adapter over pages of PatientSummary DTOs.

Rows arrive a page at a time through an injected fetch function (keyset paging), following
Qt's C++ "fetchmore" example: the view asks `canFetchMore`, the model appends the next page
with beginInsertRows/endInsertRows, and a short page means the list is complete. Only the
pages the user scrolls to are ever fetched, so 100,000 patients cost nothing up front.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from ldnclinic.domain.errors import DomainError
from ldnclinic.services.patients.dto import PatientSummary, SearchCursor
from ldnclinic.ui.widgets.formatting import birth_text, name_with_preferred, place_text, us_date

PageFetch = Callable[[SearchCursor | None, int], list[PatientSummary]]
Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 100
PATIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    NAME = 0
    BIRTH = 1
    MRN = 2
    PHONE = 3
    PLACE = 4
    STATUS = 5


HEADERS = {
    Column.NAME: "Name",
    Column.BIRTH: "Date of birth (age)",
    Column.MRN: "MRN",
    Column.PHONE: "Phone",
    Column.PLACE: "City, State",
    Column.STATUS: "Status",
}


def _no_rows(_after: SearchCursor | None, _limit: int) -> list[PatientSummary]:
    return []


class PatientListModel(QAbstractTableModel):
    """Read-only rows of patients, fetched lazily page by page."""

    fetch_failed = Signal(str)  # a domain error's message (e.g. permission denied)

    def __init__(
        self,
        fetch: PageFetch | None = None,
        *,
        today: Callable[[], date] = date.today,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch: PageFetch = fetch or _no_rows
        self._today = today
        self._page_size = page_size
        self._rows: list[PatientSummary] = []
        self._more = fetch is not None
        self.error: str | None = None

    # --- paging -------------------------------------------------------------------------

    def reset(self, fetch: PageFetch) -> None:
        """Start over with a new query: drop all rows, then load its first page."""
        self.beginResetModel()
        try:
            self._fetch = fetch
            self._rows = []
            self._more = True
            self.error = None
            self._rows = self._next_page()
        finally:
            self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        page = self._next_page()
        if not page:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def _next_page(self) -> list[PatientSummary]:
        after = SearchCursor.after(self._rows[-1]) if self._rows else None
        try:
            page = self._fetch(after, self._page_size)
        except DomainError as error:
            self._more = False
            self.error = error.message
            self.fetch_failed.emit(error.message)
            return []
        if len(page) < self._page_size:
            self._more = False
        return page

    @property
    def complete(self) -> bool:
        """True once every matching row is loaded."""
        return not self._more

    def summary_at(self, row: int) -> PatientSummary:
        return self._rows[row]

    # --- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column)
        if role == PATIENT_ID_ROLE:
            return row.id
        return None

    def _display(self, row: PatientSummary, column: Column) -> str:
        if column is Column.NAME:
            return name_with_preferred(row.display_name, row.preferred_name)
        if column is Column.BIRTH:
            return birth_text(row.date_of_birth, self._today())
        if column is Column.MRN:
            return row.mrn
        if column is Column.PHONE:
            return row.phone
        if column is Column.PLACE:
            return place_text(row.city, row.state)
        return row.status.label

    def _tooltip(self, row: PatientSummary, column: Column) -> str | None:
        if column is Column.NAME and row.preferred_name:
            return f"Legal name: {row.display_name}\nPrefers to be called: {row.preferred_name}"
        if column is Column.BIRTH:
            return f"Born {us_date(row.date_of_birth)} · {row.sex.label}"
        return None
