"""The patient's prescriptions as a table model: an adapter over `PrescriptionSummary` rows.

Rows come from an injected fetch function (the service's `for_patient`, newest first);
a patient has a few dozen scripts at most, so `reload()` fetches them all at once. The
status cell carries its colour (background and text) so a void or a draft is seen at a
glance, and every cell's text is plain data formatted here, never computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services.prescriptions.dto import PrescriptionSummary
from ldnclinic.ui.widgets.tones import Tone, tone_colours

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[], Sequence[PrescriptionSummary]]
_ROOT = QModelIndex()

STATUS_TONES: dict[RxStatus, Tone] = {
    RxStatus.DRAFT: Tone.WARNING,
    RxStatus.APPROVED: Tone.INFO,
    RxStatus.PRINTED: Tone.INFO,
    RxStatus.SIGNED: Tone.CALM,
    RxStatus.SENT: Tone.CALM,
    RxStatus.VOID: Tone.ALERT,
}


class Column(IntEnum):
    STATUS = 0
    MEDICATION = 1
    PLAN = 2
    TARGET = 3
    SUPPLY = 4
    REFILLS = 5
    SERIAL = 6
    CREATED = 7
    PRESCRIBER = 8


HEADERS = {
    Column.STATUS: "Status",
    Column.MEDICATION: "Medication",
    Column.PLAN: "Plan",
    Column.TARGET: "Target",
    Column.SUPPLY: "Supply",
    Column.REFILLS: "Refills",
    Column.SERIAL: "Serial",
    Column.CREATED: "Created",
    Column.PRESCRIBER: "Prescriber",
}


def shown_hard_stops(rx: PrescriptionSummary) -> int:
    """Hard stops worth showing in the list: only while the script can still be approved."""
    return rx.hard_stop_count if rx.status.editable else 0


@dataclass(frozen=True, slots=True)
class _Texts:
    zone: ZoneInfo

    def local(self, moment: datetime) -> str:
        value = moment.astimezone(self.zone)
        return f"{value.month:02d}/{value.day:02d}/{value.year:04d} {value:%H:%M}"

    def cell(self, rx: PrescriptionSummary, column: Column) -> str:
        if column is Column.STATUS:
            stops = shown_hard_stops(rx)
            return (
                f"{rx.status.label} · {stops} hard stop{'s' if stops > 1 else ''}"
                if stops
                else rx.status.label
            )
        if column is Column.MEDICATION:
            return f"{rx.medication} ({rx.formula_code})"
        if column is Column.PLAN:
            return rx.plan_text
        if column is Column.TARGET:
            return rx.target_dose
        if column is Column.SUPPLY:
            return f"{rx.supply_days} days"
        if column is Column.REFILLS:
            return str(rx.refills)
        if column is Column.SERIAL:
            return rx.serial or "—"
        if column is Column.CREATED:
            return self.local(rx.created_at)
        return rx.prescriber_name or "Not assigned yet"


class PrescriptionHistoryModel(QAbstractTableModel):
    """Read-only rows, newest first (as the fetch function gives them)."""

    def __init__(self, fetch: Fetch, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._texts = _Texts(zone)
        self._rows: list[PrescriptionSummary] = []

    def reload(self) -> None:
        """Fetch every row again (after an action changed one)."""
        rows = list(self._fetch())
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[PrescriptionSummary]:
        return list(self._rows)

    def summary_at(self, row: int) -> PrescriptionSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, rx_id: int) -> int:
        return next((i for i, rx in enumerate(self._rows) if rx.id == rx_id), -1)

    def local_time(self, moment: datetime) -> str:
        return self._texts.local(moment)

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rx = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._texts.cell(rx, column)
            if role == Qt.ItemDataRole.ToolTipRole and column is Column.STATUS and shown_hard_stops(rx):
                return f"{text}: the safety screen finds a hard stop on today's chart."
            return text
        if column is Column.STATUS and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            background, text, _border = tone_colours(STATUS_TONES[rx.status])
            colour = background if role == Qt.ItemDataRole.BackgroundRole else text
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.UserRole:
            return rx.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(Column)
        ):
            return HEADERS[Column(section)]
        return None
