"""The top of the worklist: the count cards and the filter bar.

Three cards count what is overdue, due today and due this week (for the type and person
chosen), with a line summing up what the list holds; the panel makes a card click show only
that bucket. The filter bar chooses the type, the person and how far ahead to look, and holds
the buttons to add a follow-up and to export the list; it says `changed` when a choice changes.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import WEEK_DAYS, Bucket
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import Worklist, WorklistFilter
from ldnclinic.ui.followups.worklist_model import day_text, long_day_text
from ldnclinic.ui.widgets import theme
from ldnclinic.ui.widgets.theme import set_role

CARD_BUCKETS = (Bucket.OVERDUE, Bucket.TODAY, Bucket.THIS_WEEK)
THROUGH_CHOICES = (("This week", WEEK_DAYS), ("Next 30 days", 30))
EVERYONE, ME, UNASSIGNED = "everyone", "me", "unassigned"
EXPORTS = (
    ("pdf", "Call list (PDF)…"),
    ("csv", "Spreadsheet (CSV)…"),
    ("ics", "Calendar: appointments, next 12 months (.ics)…"),
)

_CARD_NOTES = {
    Bucket.OVERDUE: "past their date",
    Bucket.TODAY: "to work today",
    Bucket.THIS_WEEK: f"in the next {WEEK_DAYS} days",
}


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def bar_button(text: str, accessible_name: str) -> QPushButton:
    """A button for a toolbar row: it never takes Enter as the default button."""
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.setAutoDefault(False)
    return button


def bar_combo(accessible_name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def summary_text(worklist: Worklist, bucket: Bucket | None, shown: int) -> str:
    """What the list holds, in a line beside the cards."""
    reach = f"through {day_text(worklist.through)}"
    total = len(worklist.items)
    if bucket is not None:
        text = f"Showing {shown:,} {bucket.label.lower()} of {plural(total, 'follow-up')} {reach}."
    else:
        text = f"{plural(total, 'follow-up')}: overdue and due {reach}."
    later = sum(1 for item in worklist.items if item.bucket is Bucket.LATER)
    if later and bucket is None:
        text += f" {later:,} of them later than this week."
    if worklist.truncated:
        text += " Only the first part is listed: narrow the filters to see the rest."
    return text


# --- the count cards ----------------------------------------------------------------------------


class BucketCard(QPushButton):
    """A count with its caption; checked while the list shows only this bucket."""

    def __init__(self, bucket: Bucket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bucket = bucket
        self.count = 0
        self.setObjectName("bucketCard")
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.value = QLabel("…")
        self.value.setObjectName("bucketValue")
        self.caption = QLabel(bucket.label)
        self.caption.setObjectName("bucketCaption")
        self.note = QLabel(_CARD_NOTES[bucket])
        self.note.setObjectName("bucketNote")
        for label, size, bold in (
            (self.value, 20.0, True),
            (self.caption, 11.0, True),
            (self.note, 0.0, False),
        ):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            font = label.font()  # fonts, not style sheet sizes: the card sizes itself by them
            if size:
                font.setPointSizeF(size)
            font.setBold(bold)
            label.setFont(font)
        words = QWidget(self)  # a container, not a nested layout (see dialog_base.stacked)
        words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        column = QVBoxLayout(words)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.caption)
        column.addWidget(self.note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 18, 8)
        layout.setSpacing(12)
        layout.addWidget(self.value)
        layout.addWidget(words)
        layout.addStretch(1)
        self.setMinimumWidth(190)
        self._restyle()
        self.set_count(None)

    def sizeHint(self) -> QSize:
        layout = self.layout()
        hint = layout.totalSizeHint() if layout is not None else super().sizeHint()
        return QSize(max(hint.width(), self.minimumWidth()), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def set_count(self, count: int | None) -> None:
        self.count = count or 0
        self.value.setText("…" if count is None else f"{count:,}")
        shown = "not counted yet" if count is None else str(count)
        self.setAccessibleName(f"{self.bucket.label}: {shown}")
        self.setToolTip(f"Show only what is {self.bucket.label.lower()}; click again to show all.")
        self.updateGeometry()  # a wider number widens the card

    def _restyle(self) -> None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else self.palette()
        c = theme.colors(palette)
        accent = {Bucket.OVERDUE: c.error, Bucket.TODAY: c.conflict}.get(self.bucket, c.accent)
        number = accent if self.bucket is Bucket.OVERDUE else c.text
        self.setStyleSheet(
            f"""
QPushButton#bucketCard {{
    background: {c.card}; border: 1px solid {c.border}; border-left: 5px solid {accent};
    border-radius: 8px; padding: 0; text-align: left;
}}
QPushButton#bucketCard:hover {{ border-color: {c.accent}; border-left-color: {accent}; }}
QPushButton#bucketCard:checked {{
    background: {c.accent_soft}; border: 2px solid {c.accent}; border-left: 5px solid {accent};
}}
QPushButton#bucketCard:focus {{ border-color: {c.accent}; border-left-color: {accent}; }}
QLabel#bucketValue {{ color: {number}; }}
QLabel#bucketNote {{ color: {c.muted}; }}
QLabel {{ background: transparent; border: none; }}
"""
        )


class CountCards(QWidget):
    """The count cards in a row, and the line summing up the list to their right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[Bucket, BucketCard] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        for bucket in CARD_BUCKETS:
            card = BucketCard(bucket)
            self.cards[bucket] = card
            row.addWidget(card)
        self.hint = QLabel()
        self.hint.setAccessibleName("Worklist summary")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        set_role(self.hint, "muted")
        row.addWidget(self.hint, 1)

    def set_counts(self, worklist: Worklist) -> None:
        for bucket, card in self.cards.items():
            card.set_count(worklist.count(bucket))

    def check(self, bucket: Bucket | None) -> None:
        """Check the card of the bucket shown alone (none when all are shown)."""
        for each, card in self.cards.items():
            card.setChecked(each is bucket)


# --- the filter bar ---------------------------------------------------------------------------------


class FilterBar(QWidget):
    """Type, person and how far ahead; then [New follow-up…] and [Export] with its menu."""

    changed = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self.type_filter = bar_combo("Type of follow-up")
        self.type_filter.addItem("All types", "")
        for kind in FollowupType:
            self.type_filter.addItem(kind.label, kind.value)
        self.assignee_filter = bar_combo("Assigned to")
        self.assignee_filter.addItem("Everyone", EVERYONE)
        self.assignee_filter.addItem("Me", ME)
        self.assignee_filter.addItem("Unassigned", UNASSIGNED)
        others = [p for p in services.followups.assignees(actor) if p.id != actor.user_id]
        if others:
            self.assignee_filter.insertSeparator(self.assignee_filter.count())
            for person in others:
                self.assignee_filter.addItem(person.name, person.id)
        self.through_filter = bar_combo("How far ahead")
        for text, days in THROUGH_CHOICES:
            self.through_filter.addItem(text, days)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for caption, combo in (
            ("&Type", self.type_filter),
            ("&Assigned to", self.assignee_filter),
            ("&Show", self.through_filter),
        ):
            label = QLabel(caption)
            label.setBuddy(combo)
            row.addWidget(label)
            row.addWidget(combo)
            row.addSpacing(12)
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        row.addStretch(1)
        self.new_button = bar_button("New follow-up…", "New follow-up")
        self.new_button.setToolTip("Add a follow-up by hand: any patient, type and date.")
        self.export_button = bar_button("Export", "Export the worklist")
        menu = QMenu(self.export_button)
        self.export_actions: dict[str, QAction] = {}
        for key, text in EXPORTS:
            self.export_actions[key] = menu.addAction(text)
        self.export_button.setMenu(menu)
        row.addWidget(self.new_button)
        row.addWidget(self.export_button)

    def through_days(self) -> int:
        return int(self.through_filter.currentData())

    def choice(self, today: date | None) -> WorklistFilter:
        """The service's filter for the chosen type, person and reach."""
        kind = self.type_filter.currentData()
        who = self.assignee_filter.currentData()
        days = self.through_days()
        return WorklistFilter(
            through=today + timedelta(days=days) if today and days != WEEK_DAYS else None,
            types=frozenset({FollowupType(kind)}) if kind else frozenset(),
            assignee_id=self._actor.user_id if who == ME else who if isinstance(who, int) else None,
            unassigned_only=who == UNASSIGNED,
        )

    def narrowed(self) -> bool:
        """True when a type or a person is chosen."""
        return bool(self.type_filter.currentIndex() or self.assignee_filter.currentIndex())

    def set_type(self, kind: FollowupType | None) -> None:
        self.type_filter.setCurrentIndex(self.type_filter.findData(kind.value if kind else ""))

    def set_assignee(self, who: str | int) -> None:
        self.assignee_filter.setCurrentIndex(self.assignee_filter.findData(who))

    def set_through(self, days: int) -> None:
        self.through_filter.setCurrentIndex(self.through_filter.findData(days))

    def reset(self) -> None:
        """All types and everyone again, without saying `changed`."""
        for combo in (self.type_filter, self.assignee_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    def scope_text(self, through: date | None) -> str:
        """What the list holds, in words (for the call list's heading)."""
        parts = [
            f"Overdue and due through {long_day_text(through)}" if through else "Overdue and due this week"
        ]
        if self.type_filter.currentIndex():
            parts.append(self.type_filter.currentText())
        who = self.assignee_filter.currentData()
        if who == ME:
            parts.append(f"assigned to {self._actor.display_name}")
        elif who == UNASSIGNED:
            parts.append("unassigned")
        elif isinstance(who, int):
            parts.append(f"assigned to {self.assignee_filter.currentText()}")
        return " · ".join(parts)
