"""The clinic-wide prescription queues as a table model: an adapter over `PrescriptionSummary`.

One model class serves both queues; each is given its columns. "Awaiting approval" shows
the hard stops the safety screen finds as a red cell; "Ready to print" has a check box in
its first column (the scripts to print in one batch); "Cannot print" lists approved scripts
the printer would refuse now, each with the service's reasons. The rows are set from a worker's
result (`set_rows`): a queue is one short list, fetched whole. Checked rows are kept by
prescription id, so a refresh keeps what is still there checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import IntEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ldnclinic.services.prescriptions.dto import PrescriptionSummary
from ldnclinic.ui.widgets.tones import Tone, tone_colours

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_Role = Qt.ItemDataRole


class QueueColumn(IntEnum):
    PATIENT = 0
    MRN = 1
    MEDICATION = 2
    PLAN = 3
    TARGET = 4
    PRESCRIBER = 5
    CREATED = 6
    APPROVED = 7
    HARD_STOPS = 8
    REASON = 9


HEADERS = {
    QueueColumn.PATIENT: "Patient",
    QueueColumn.MRN: "MRN",
    QueueColumn.MEDICATION: "Medication",
    QueueColumn.PLAN: "Plan",
    QueueColumn.TARGET: "Target dose",
    QueueColumn.PRESCRIBER: "Prescriber",
    QueueColumn.CREATED: "Created",
    QueueColumn.APPROVED: "Approved",
    QueueColumn.HARD_STOPS: "Hard stops",
    QueueColumn.REASON: "Why it cannot print",
}

APPROVAL_COLUMNS = (
    QueueColumn.PATIENT,
    QueueColumn.MRN,
    QueueColumn.MEDICATION,
    QueueColumn.PLAN,
    QueueColumn.TARGET,
    QueueColumn.CREATED,
    QueueColumn.HARD_STOPS,
)
PRINT_COLUMNS = (
    QueueColumn.PATIENT,
    QueueColumn.MRN,
    QueueColumn.MEDICATION,
    QueueColumn.PLAN,
    QueueColumn.TARGET,
    QueueColumn.PRESCRIBER,
    QueueColumn.APPROVED,
)
BLOCKED_COLUMNS = (
    QueueColumn.PATIENT,
    QueueColumn.MRN,
    QueueColumn.MEDICATION,
    QueueColumn.PRESCRIBER,
    QueueColumn.REASON,
)


def hard_stop_text(count: int) -> str:
    return f"{count} hard stop{'s' if count != 1 else ''}" if count else ""


class PrescriptionQueueModel(QAbstractTableModel):
    """Read-only rows in the service's order (oldest first); optionally checkable."""

    checked_changed = Signal()

    def __init__(
        self,
        columns: Sequence[QueueColumn],
        zone: ZoneInfo,
        *,
        checkable: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._zone = zone
        self._checkable = checkable
        self._rows: list[PrescriptionSummary] = []
        self._checked: set[int] = set()

    # --- rows ---------------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[PrescriptionSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._checked &= {rx.id for rx in self._rows}
        self.endResetModel()
        self.checked_changed.emit()

    def rows(self) -> list[PrescriptionSummary]:
        return list(self._rows)

    def summary_at(self, row: int) -> PrescriptionSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, rx_id: int) -> int:
        return next((i for i, rx in enumerate(self._rows) if rx.id == rx_id), -1)

    def column_of(self, column: QueueColumn) -> int:
        return self._columns.index(column)

    def column_at(self, section: int) -> QueueColumn:
        return self._columns[section]

    @property
    def checkable(self) -> bool:
        return self._checkable

    # --- check boxes --------------------------------------------------------------------------

    def checked(self) -> list[PrescriptionSummary]:
        """The checked rows, in the list's order."""
        return [rx for rx in self._rows if rx.id in self._checked]

    def set_checked(self, rx_id: int, checked: bool) -> None:
        row = self.row_of(rx_id)
        if row < 0 or (rx_id in self._checked) == checked:
            return
        if checked:
            self._checked.add(rx_id)
        else:
            self._checked.discard(rx_id)
        corner = self.index(row, 0)
        self.dataChanged.emit(corner, corner, [_Role.CheckStateRole])
        self.checked_changed.emit()

    def set_all_checked(self, checked: bool) -> None:
        self._checked = {rx.id for rx in self._rows} if checked else set()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, 0), [_Role.CheckStateRole]
            )
        self.checked_changed.emit()

    # --- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._checkable and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = _Role.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rx = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == _Role.DisplayRole:
            return self._text(rx, column)
        if role == _Role.ToolTipRole:
            return self._tooltip(rx, column)
        if role == _Role.CheckStateRole and self._checkable and index.column() == 0:
            return Qt.CheckState.Checked if rx.id in self._checked else Qt.CheckState.Unchecked
        if role == _Role.UserRole:
            return rx.id
        if column is QueueColumn.HARD_STOPS and rx.hard_stop_count:
            return self._badge(role)
        if column is QueueColumn.REASON and role == _Role.ForegroundRole:
            return QBrush(QColor(tone_colours(Tone.ALERT)[1]))
        return None

    def setData(self, index: Index, value: object, role: int = _Role.EditRole) -> bool:
        if not (index.isValid() and self._checkable and index.column() == 0 and role == _Role.CheckStateRole):
            return False
        rx = self.summary_at(index.row())
        if rx is None:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else value
        self.set_checked(rx.id, state == Qt.CheckState.Checked.value)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _Role.DisplayRole and horizontal and 0 <= section < len(self._columns):
            return HEADERS[self._columns[section]]
        return None

    # --- cells --------------------------------------------------------------------------------

    def local(self, moment: datetime) -> str:
        value = moment.astimezone(self._zone)
        return f"{value.month:02d}/{value.day:02d}/{value.year:04d} {value:%H:%M}"

    def _text(self, rx: PrescriptionSummary, column: QueueColumn) -> str:
        texts = {
            QueueColumn.PATIENT: rx.patient_name,
            QueueColumn.MRN: rx.patient_mrn,
            QueueColumn.MEDICATION: rx.medication,
            QueueColumn.PLAN: rx.plan_text,
            QueueColumn.TARGET: rx.target_dose,
            QueueColumn.PRESCRIBER: rx.prescriber_name or "Any prescriber",
            QueueColumn.CREATED: self.local(rx.created_at),
            QueueColumn.APPROVED: self.local(rx.updated_at),  # approval is an approved script's last change
            QueueColumn.HARD_STOPS: hard_stop_text(rx.hard_stop_count),
            QueueColumn.REASON: " ".join(rx.cannot_print),
        }
        return texts[column]

    def _tooltip(self, rx: PrescriptionSummary, column: QueueColumn) -> str | None:
        if column is QueueColumn.HARD_STOPS:
            if not rx.hard_stop_count:
                return "The safety screen finds no hard stop on today's chart."
            return (
                f"{hard_stop_text(rx.hard_stop_count)} on today's chart: approving needs a written "
                "override reason."
            )
        if column is QueueColumn.MEDICATION:
            return f"{rx.medication} ({rx.formula_code}), {rx.supply_days} days, {rx.refills} refills"
        if column is QueueColumn.PLAN:
            return rx.plan_text
        if column is QueueColumn.REASON:
            return "\n".join(rx.cannot_print)
        return None

    def _badge(self, role: int) -> object:
        background, text, _border = tone_colours(Tone.DANGER)
        if role == _Role.BackgroundRole:
            return QBrush(QColor(background))
        if role == _Role.ForegroundRole:
            return QBrush(QColor(text))
        if role == _Role.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == _Role.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
