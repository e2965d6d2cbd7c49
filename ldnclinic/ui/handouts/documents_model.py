"""The Documents tab's table: the handouts given to a patient, newest first, as a house
`DtoTableModel` over `HandoutRecord` DTOs. Times are shown in the clinic's zone; every text
is formatted here from plain data."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ldnclinic.domain.handouts.language import LANGUAGE_NAMES
from ldnclinic.services.handouts.service import HandoutItem, HandoutRecord
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.table_model import Column, DtoTableModel

Index = QModelIndex | QPersistentModelIndex
PACKET_NAMES = {"new_patient": "New-patient packet"}


class DocumentColumn(IntEnum):
    DATE = 0
    HANDOUTS = 1
    LANGUAGE = 2
    PACKET = 3
    PRINTED_BY = 4


def item_text(item: HandoutItem) -> str:
    """ "Starting LDN: your dose schedule (v1)"."""
    return f"{item.title} (v{item.version})"


def handouts_text(record: HandoutRecord) -> str:
    return "; ".join(item_text(item) for item in record.items)


def handouts_tooltip(record: HandoutRecord) -> str:
    count = len(record.items)
    lines = [f"{count} handout{'s' if count != 1 else ''}:"]
    lines += [f"• {item_text(item)}" for item in record.items]
    return "\n".join(lines)


def language_text(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def packet_text(record: HandoutRecord) -> str:
    if record.packet is None:
        return ""
    return PACKET_NAMES.get(record.packet, record.packet.replace("_", " ").capitalize())


class DocumentsModel(DtoTableModel[HandoutRecord]):
    """The patient's handout records; `row_of(id)` finds one again after a reload."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        self._zone = zone
        super().__init__(
            (
                Column("Date", lambda r: self.local_time(r.printed_at), self._date_tooltip),
                Column("Handouts", handouts_text, handouts_tooltip),
                Column("Language", lambda r: language_text(r.language)),
                Column("Packet", packet_text),
                Column("Printed by", lambda r: r.printed_by or "—"),
            ),
            parent,
        )

    def local_time(self, moment: datetime) -> str:
        """ "11/21/2026 09:00" in the clinic's zone (stored times are UTC)."""
        value = moment.astimezone(self._zone)
        return f"{us_date(value.date())} {value:%H:%M}"

    def _date_tooltip(self, record: HandoutRecord) -> str:
        who = f" by {record.printed_by}" if record.printed_by else ""
        return f"Printed {self.local_time(record.printed_at)}{who}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.UserRole:
            record = self.row_at(index.row())
            return record.id if record is not None else None
        return super().data(index, role)

    def row_of(self, record_id: int) -> int:
        """The row of the record with this id (-1 when not listed)."""
        return next((row for row, record in enumerate(self.rows()) if record.id == record_id), -1)
