"""The chart tab's two lists as table models over DTOs: the patient's visits (newest first)
and the patient's follow-ups (open ones first by date, then closed ones).

Both build on the house `DtoTableModel` (one column per header and text function); the
status cell also carries its colour, so a draft visit or an overdue follow-up is seen at a
glance. Every text is formatted here from plain data, never computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ldnclinic.domain.followups.worklist import Bucket, FollowupStatus
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.domain.visits.note import PGIC_LABELS, VisitStatus
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.services.visits.dto import VisitSummary
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.table_model import Column, DtoTableModel
from ldnclinic.ui.widgets.tones import Tone, tone_colours

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

VISIT_TONES = {VisitStatus.DRAFT: Tone.WARNING, VisitStatus.SIGNED: Tone.CALM}


def moment_text(moment: datetime) -> str:
    """ "11/19/2026 10:00" (already in the clinic's zone)."""
    return f"{us_date(moment.date())} {moment:%H:%M}"


# --- visits ----------------------------------------------------------------------------------


class VisitColumn(IntEnum):
    DATE = 0
    MODALITY = 1
    STATUS = 2
    DECISION = 3
    DOSE = 4
    PGIC = 5
    ADDENDA = 6


def decision_text(visit: VisitSummary) -> str:
    return visit.decision.value.capitalize() if visit.decision else "—"


def pgic_text(visit: VisitSummary) -> str:
    value = visit.scores.pgic
    return f"{value} · {PGIC_LABELS[value]}" if value is not None else "—"


def visit_tooltip(visit: VisitSummary) -> str:
    lines = [f"Written by {visit.author}"]
    if visit.signed_by and visit.signed_at:
        lines.append(f"Signed by {visit.signed_by} on {moment_text(visit.signed_at)}")
    if visit.decision:
        lines.append(f"Decision: {visit.decision.label}")
    return "\n".join(lines)


VISIT_COLUMNS: tuple[Column[VisitSummary], ...] = (
    Column("Date", lambda v: moment_text(v.visit_at), visit_tooltip),
    Column("Modality", lambda v: v.modality.label),
    Column("Status", lambda v: v.status.label, visit_tooltip),
    Column("Decision", decision_text, lambda v: v.decision.label if v.decision else "No decision recorded"),
    Column("Dose", lambda v: format_mg(v.current_dose_mg) if v.current_dose_mg is not None else "—"),
    Column("PGIC", pgic_text, lambda _v: "Patient Global Impression of Change (1-7)"),
    Column("Addenda", lambda v: str(v.addenda_count) if v.addenda_count else ""),
)


# --- follow-ups ------------------------------------------------------------------------------


class FollowupColumn(IntEnum):
    DATE = 0
    TYPE = 1
    STATUS = 2
    ATTEMPTS = 3
    ASSIGNEE = 4


def followup_date_text(item: FollowupItem) -> str:
    if item.status is FollowupStatus.SCHEDULED and item.scheduled_at is not None:
        return moment_text(item.scheduled_at)
    return us_date(item.work_date)


def followup_status_text(item: FollowupItem) -> str:
    if item.bucket is Bucket.OVERDUE:
        return f"{item.status.label} · overdue"
    if item.status is FollowupStatus.SNOOZED and item.snoozed_until is not None:
        return f"Snoozed to {item.snoozed_until.month:02d}/{item.snoozed_until.day:02d}"
    return item.status.label


def attempts_text(item: FollowupItem) -> str:
    """ "2 · 11/28 No answer": how many, and how the last one went (the tooltip has them all)."""
    last = item.last_attempt
    if last is None:
        return "—"
    return f"{len(item.attempts)} · {last.at.month:02d}/{last.at.day:02d} {last.outcome.label}"


def followup_tooltip(item: FollowupItem) -> str:
    lines = [f"{item.type.label}, due {us_date(item.due_date)}"]
    if item.reason:
        lines.append(item.reason)
    if item.closed_at is not None:
        by = f" by {item.closed_by}" if item.closed_by else ""
        lines.append(f"{item.status.label} {moment_text(item.closed_at)}{by}")
        if item.closed_reason:
            lines.append(item.closed_reason)
    return "\n".join(lines)


def followup_tone(item: FollowupItem) -> Tone | None:
    if item.bucket is Bucket.OVERDUE:
        return Tone.ALERT
    if item.bucket is Bucket.TODAY:
        return Tone.WARNING
    if item.status is FollowupStatus.DONE:
        return Tone.CALM
    return None


FOLLOWUP_COLUMNS: tuple[Column[FollowupItem], ...] = (
    Column("Date", followup_date_text, followup_tooltip),
    Column("Type", lambda i: i.type.label, followup_tooltip),
    Column("Status", followup_status_text, followup_tooltip),
    Column("Attempts", attempts_text, lambda i: "\n".join(a.short for a in i.attempts) or "No attempts yet"),
    Column("Assigned", lambda i: i.assignee_name or "—"),
)


# --- the models ------------------------------------------------------------------------------


class _ToneModel(DtoTableModel[T], Generic[T]):
    """A DTO table whose status cell is coloured by a tone; rows are found again by id."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        status_column: int,
        tone: Callable[[T], Tone | None],
        key: Callable[[T], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, parent)
        self._status_column = status_column
        self._tone = tone
        self._key = key

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            index.isValid()
            and index.column() == self._status_column
            and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
        ):
            item = self.row_at(index.row())
            tone = self._tone(item) if item is not None else None
            if tone is None:
                return None
            background, text, _border = tone_colours(tone)
            return QBrush(QColor(background if role == Qt.ItemDataRole.BackgroundRole else text))
        if index.isValid() and role == Qt.ItemDataRole.UserRole:
            item = self.row_at(index.row())
            return self._key(item) if item is not None else None
        return super().data(index, role)

    def row_of(self, key: int) -> int:
        """The row of the record with this id (-1 when not listed)."""
        return next((row for row, item in enumerate(self.rows()) if self._key(item) == key), -1)


class VisitListModel(_ToneModel[VisitSummary]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            VISIT_COLUMNS, VisitColumn.STATUS, lambda v: VISIT_TONES[v.status], lambda v: v.id, parent
        )


class FollowupListModel(_ToneModel[FollowupItem]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(FOLLOWUP_COLUMNS, FollowupColumn.STATUS, followup_tone, lambda i: i.id, parent)
