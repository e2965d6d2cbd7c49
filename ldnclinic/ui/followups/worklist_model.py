"""The follow-up worklist as a table model: an adapter over a list of `FollowupItem` DTOs.

The rows are set whole from a worker's result (`set_rows`), in the service's order (soonest
first, so the overdue ones lead). The "When" cell says where an item stands in words
("Overdue 3 d · 11/18", "Today 2:30 PM", "Tue 11/24") and is tinted by bucket, so an overdue
row is plain to see without relying on its colour.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date, datetime
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ldnclinic.domain.followups.worklist import Bucket, ContactMethod, ContactOutcome, FollowupStatus
from ldnclinic.services.followups.dto import AttemptRecord, FollowupItem
from ldnclinic.ui.widgets.tones import Tone, tone_colours

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_Role = Qt.ItemDataRole
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not the C library's locale
REASON_SHOWN = 300  # characters of the reason a cell paints; the tooltip has more
TOOLTIP_LIMIT = 1000


class WorklistColumn(IntEnum):
    WHEN = 0
    TYPE = 1
    PATIENT = 2
    PHONE = 3
    ASSIGNEE = 4
    STATUS = 5
    ATTEMPTS = 6
    REASON = 7


HEADERS = {
    WorklistColumn.WHEN: "When",
    WorklistColumn.TYPE: "Type",
    WorklistColumn.PATIENT: "Patient",
    WorklistColumn.PHONE: "Phone",
    WorklistColumn.ASSIGNEE: "Assigned to",
    WorklistColumn.STATUS: "Status",
    WorklistColumn.ATTEMPTS: "Attempts",
    WorklistColumn.REASON: "Reason",
}

_BUCKET_TONES = {Bucket.OVERDUE: Tone.ALERT, Bucket.TODAY: Tone.WARNING}


# --- texts (also used by the dialogs) -----------------------------------------------------------


def day_text(day: date) -> str:
    """ "Tue 11/24"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.month:02d}/{day.day:02d}"


def long_day_text(day: date) -> str:
    """ "Tue 11/24/2026"."""
    return f"{day_text(day)}/{day.year:04d}"


def time_text(moment: datetime) -> str:
    """ "2:30 PM" (the moment is already in the clinic's zone)."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def appointment_text(moment: datetime) -> str:
    """ "Tue 11/24/2026 at 2:30 PM"."""
    return f"{long_day_text(moment.date())} at {time_text(moment)}"


def _appointment_time(item: FollowupItem) -> str:
    if item.status is FollowupStatus.SCHEDULED and item.scheduled_at is not None:
        return f" {time_text(item.scheduled_at)}"
    return ""


def when_text(item: FollowupItem, today: date) -> str:
    """Where the item stands: "Overdue 3 d · 11/18", "Today 2:30 PM", "Tue 11/24"."""
    day = item.work_date
    if item.bucket is Bucket.OVERDUE:
        late = (today - day).days
        return f"Overdue {late} d · {day.month:02d}/{day.day:02d}{_appointment_time(item)}"
    if item.bucket is Bucket.TODAY:
        return f"Today{_appointment_time(item)}"
    return f"{day_text(day)}{_appointment_time(item)}"


def when_tooltip(item: FollowupItem, today: date) -> str:
    lines = []
    if item.status is FollowupStatus.SCHEDULED and item.scheduled_at is not None:
        lines.append(f"Appointment {appointment_text(item.scheduled_at)}")
    if item.status is FollowupStatus.SNOOZED and item.snoozed_until is not None:
        lines.append(f"Snoozed until {long_day_text(item.snoozed_until)}")
    ago = (today - item.due_date).days
    when = f" ({ago} day{'s' if ago != 1 else ''} ago)" if ago > 0 else " (today)" if ago == 0 else ""
    lines.append(f"Due {long_day_text(item.due_date)}{when}")
    if item.bucket is not None:
        lines.append(f"Worklist: {item.bucket.label}")
    return "\n".join(lines)


def patient_text(item: FollowupItem) -> str:
    """ "Peña, José Luis · 4708-2409"."""
    return f"{item.patient_name} · {item.mrn}"


def patient_tooltip(item: FollowupItem) -> str:
    born = item.date_of_birth
    parts = [item.patient_name]
    if item.preferred_name:
        parts.append(f"Goes by “{item.preferred_name}”")
    parts.append(f"MRN {item.mrn} · born {born.month:02d}/{born.day:02d}/{born.year:04d}")
    return "\n".join(parts)


_BRIEF_OUTCOMES = {
    ContactOutcome.REACHED: "Reached",
    ContactOutcome.LEFT_MESSAGE: "Left message",
    ContactOutcome.NO_ANSWER: "No answer",
    ContactOutcome.WRONG_NUMBER: "Wrong number",
}
_BRIEF_METHODS = {
    ContactMethod.PHONE: "Call",
    ContactMethod.TEXT: "Text",
    ContactMethod.EMAIL: "Email",
    ContactMethod.PORTAL: "Portal",
}


def brief_attempt(attempt: AttemptRecord) -> str:
    """ "11/20 Left message", "11/21 Sent (email)" (the tooltip has the rest)."""
    when = f"{attempt.at.month:02d}/{attempt.at.day:02d}"
    method = _BRIEF_METHODS[attempt.method]
    if attempt.outcome is ContactOutcome.SENT:
        return f"{when} Sent ({method.lower()})"
    if attempt.outcome is ContactOutcome.REPLIED:
        return f"{when} Replied ({method.lower()})"
    return f"{when} {_BRIEF_OUTCOMES[attempt.outcome]}"


def attempts_text(item: FollowupItem) -> str:
    """ "2 · 11/20 Left message" (how many, and the last one briefly), or "0"."""
    last = item.last_attempt
    return f"{len(item.attempts)} · {brief_attempt(last)}" if last else "0"


def attempts_tooltip(item: FollowupItem) -> str | None:
    if not item.attempts:
        return "No contact attempt logged yet."
    lines = []
    for attempt in item.attempts:
        note = f": {attempt.note}" if attempt.note else ""
        lines.append(
            f"{attempt.at.month:02d}/{attempt.at.day:02d} {time_text(attempt.at)} · {attempt.method.label}, "
            f"{attempt.outcome.label.lower()} ({attempt.by}){note}"
        )
    return rich_tooltip("\n".join(lines))


def status_text(item: FollowupItem) -> str:
    return item.status.label


def assignee_text(item: FollowupItem) -> str:
    return item.assignee_name or "Unassigned"


def rich_tooltip(text: str) -> str:
    """A tooltip Qt word-wraps (rich text), with any markup in the data shown as typed."""
    clipped = text if len(text) <= TOOLTIP_LIMIT else text[:TOOLTIP_LIMIT] + "…"
    return "<qt>" + html.escape(clipped).replace("\n", "<br>") + "</qt>"


def short_reason(text: str) -> str:
    return text if len(text) <= REASON_SHOWN else text[:REASON_SHOWN] + "…"


# --- the model ----------------------------------------------------------------------------------


class WorklistModel(QAbstractTableModel):
    """Read-only rows; `today` (from the same Worklist) dates the "Overdue 3 d" texts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FollowupItem] = []
        self._today = date.min

    # --- rows -----------------------------------------------------------------------------------

    def set_rows(self, items: Iterable[FollowupItem], today: date) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self._today = today
        self.endResetModel()

    @property
    def today(self) -> date:
        return self._today

    def rows(self) -> list[FollowupItem]:
        return list(self._rows)

    def item_at(self, row: int) -> FollowupItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, followup_id: int) -> int:
        return next((i for i, item in enumerate(self._rows) if item.id == followup_id), -1)

    # --- QAbstractTableModel --------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(WorklistColumn)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = _Role.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = WorklistColumn(index.column())
        if role == _Role.DisplayRole:
            return self._text(item, column)
        if role == _Role.ToolTipRole:
            return self._tooltip(item, column)
        if role == _Role.AccessibleTextRole and column is WorklistColumn.WHEN:
            return when_tooltip(item, self._today).replace("\n", "; ")
        if role == _Role.UserRole:
            return item.id
        if column is WorklistColumn.WHEN and item.bucket in _BUCKET_TONES:
            return self._tinted(_BUCKET_TONES[item.bucket], role)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _Role.DisplayRole and horizontal and 0 <= section < len(WorklistColumn):
            return HEADERS[WorklistColumn(section)]
        return None

    # --- cells ----------------------------------------------------------------------------------

    def _text(self, item: FollowupItem, column: WorklistColumn) -> str:
        if column is WorklistColumn.WHEN:
            return when_text(item, self._today)
        if column is WorklistColumn.TYPE:
            return item.type.label
        if column is WorklistColumn.PATIENT:
            return patient_text(item)
        if column is WorklistColumn.PHONE:
            return item.phone or "No phone"
        if column is WorklistColumn.ASSIGNEE:
            return assignee_text(item)
        if column is WorklistColumn.STATUS:
            return status_text(item)
        if column is WorklistColumn.ATTEMPTS:
            return attempts_text(item)
        return short_reason(item.reason)

    def _tooltip(self, item: FollowupItem, column: WorklistColumn) -> str | None:
        if column is WorklistColumn.WHEN:
            return when_tooltip(item, self._today)
        if column is WorklistColumn.PATIENT:
            return patient_tooltip(item)
        if column is WorklistColumn.ATTEMPTS:
            return attempts_tooltip(item)
        if column is WorklistColumn.REASON:
            return rich_tooltip(item.reason)
        if column is WorklistColumn.STATUS and item.status is FollowupStatus.SNOOZED and item.snoozed_until:
            return f"Snoozed until {long_day_text(item.snoozed_until)}"
        return None

    @staticmethod
    def _tinted(tone: Tone, role: int) -> object:
        background, text, _border = tone_colours(tone)
        if role == _Role.BackgroundRole:
            return QBrush(QColor(background))
        if role == _Role.ForegroundRole:
            return QBrush(QColor(text))
        if role == _Role.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None
