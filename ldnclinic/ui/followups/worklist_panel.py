"""The follow-up worklist: what to work today, with the buttons to work it.

Three cards count what is overdue, due today and due this week (for the type and person
chosen); a click on a card shows only that bucket, a second click shows all again. The
filters (type, person, how far ahead) ask the service again, in a worker, and the newest
answer wins. The table lists the items soonest first; one click on a button works the
selected item, and the list then reloads with the same item (or the next one) selected.
Double-clicking a row opens the patient's chart (`open_chart_requested(patient_id)`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.followup_rules import FollowupType
from ldnclinic.domain.followups import WEEK_DAYS, Bucket
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followup_dto import FollowupItem, Worklist, WorklistFilter
from ldnclinic.ui import style
from ldnclinic.ui.followups.action_dialogs import clinic_today
from ldnclinic.ui.followups.actions import (
    FollowupAction,
    action_tooltip,
    allowed_actions,
    run_followup_action,
)
from ldnclinic.ui.followups.exports import WorklistExports
from ldnclinic.ui.followups.new_followup_dialog import NewFollowupDialog
from ldnclinic.ui.followups.worklist_model import (
    WorklistColumn,
    WorklistModel,
    appointment_text,
    day_text,
    long_day_text,
    short_reason,
    time_text,
)
from ldnclinic.ui.style import set_role
from ldnclinic.ui.widgets.table_model import set_up_list_table
from ldnclinic.ui.workers import report_unhandled, run_in_background

CARD_BUCKETS = (Bucket.OVERDUE, Bucket.TODAY, Bucket.THIS_WEEK)
THROUGH_CHOICES = (("This week", WEEK_DAYS), ("Next 30 days", 30))
BUTTON_ACTIONS = (
    FollowupAction.ATTEMPT,
    FollowupAction.SCHEDULE,
    FollowupAction.SNOOZE,
    FollowupAction.CANCEL,
    FollowupAction.DONE,
)
MENU_ACTIONS = (FollowupAction.MISSED, FollowupAction.REOPEN, FollowupAction.ASSIGN)
EVERYONE, ME, UNASSIGNED = "everyone", "me", "unassigned"

_CARD_NOTES = {
    Bucket.OVERDUE: "past their date",
    Bucket.TODAY: "to work today",
    Bucket.THIS_WEEK: f"in the next {WEEK_DAYS} days",
}
_EMPTY_TITLES = {
    Bucket.OVERDUE: "Nothing overdue",
    Bucket.TODAY: "Nothing due today",
    Bucket.THIS_WEEK: "Nothing else due this week",
}
_SAMPLES = {
    WorklistColumn.WHEN: "Overdue 365 d · 12/31",
    WorklistColumn.TYPE: "Titration check",
    WorklistColumn.PATIENT: "Hernández García, María · 0000-0000",
    WorklistColumn.PHONE: "(000) 000-0000",
    WorklistColumn.ASSIGNEE: "Elena García, MD",
    WorklistColumn.STATUS: "Scheduled",
    WorklistColumn.ATTEMPTS: "3 · 11/20 Left message",
}


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


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
        words = QWidget(self)  # a container, not a nested layout (see action_dialogs.stacked)
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
        c = style.colors(palette)
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


# --- the panel -------------------------------------------------------------------------------------


class WorklistPanel(QWidget):
    open_chart_requested = Signal(int)  # patient id
    loaded = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("worklistPanel")
        self._services = services
        self._actor = actor
        self.may_work = actor.can(Permission.FOLLOWUP_WORK)
        self.model = WorklistModel(self)
        self.exports = WorklistExports(services, actor, self)
        self.exports.finished.connect(self.show_notice)
        self.worklist: Worklist | None = None
        self.today: date | None = None
        self.bucket: Bucket | None = None
        self.loading = False
        self.loaded_once = False
        self.last_result: object | None = None
        self.new_dialog: NewFollowupDialog | None = None
        self._ticket = 0
        self._select_id: int | None = None
        self._select_row = 0
        self.cards: dict[Bucket, BucketCard] = {}
        self.action_buttons: dict[FollowupAction, QPushButton] = {}
        self.menu_actions: dict[FollowupAction, QAction] = {}
        self.export_actions: dict[str, QAction] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self._build_cards())
        layout.addLayout(self._build_filters())
        layout.addLayout(self._build_actions())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_table())
        self.stack.addWidget(self._build_empty())
        layout.addWidget(self.stack, 1)
        self.details = QLabel()
        self.details.setAccessibleName("Selected follow-up")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        self.notice = QLabel()
        self.notice.setAccessibleName("Worklist notice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.notice, "muted")
        layout.addWidget(self.notice)
        self._update_buttons()

    # --- building -------------------------------------------------------------------------------

    def _build_cards(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        for bucket in CARD_BUCKETS:
            card = BucketCard(bucket)
            card.clicked.connect(
                lambda _checked=False, b=bucket: self.set_bucket(None if self.bucket is b else b)
            )
            self.cards[bucket] = card
            row.addWidget(card)
        self.hint = QLabel()
        self.hint.setAccessibleName("Worklist summary")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        set_role(self.hint, "muted")
        row.addWidget(self.hint, 1)
        return row

    def _build_filters(self) -> QHBoxLayout:
        self.type_filter = _combo("Type of follow-up")
        self.type_filter.addItem("All types", "")
        for kind in FollowupType:
            self.type_filter.addItem(kind.label, kind.value)
        self.assignee_filter = _combo("Assigned to")
        self.assignee_filter.addItem("Everyone", EVERYONE)
        self.assignee_filter.addItem("Me", ME)
        self.assignee_filter.addItem("Unassigned", UNASSIGNED)
        others = [p for p in self._services.followups.assignees(self._actor) if p.id != self._actor.user_id]
        if others:
            self.assignee_filter.insertSeparator(self.assignee_filter.count())
            for person in others:
                self.assignee_filter.addItem(person.name, person.id)
        self.through_filter = _combo("How far ahead")
        for text, days in THROUGH_CHOICES:
            self.through_filter.addItem(text, days)
        row = QHBoxLayout()
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
            combo.currentIndexChanged.connect(lambda _index: self.reload())
        row.addStretch(1)
        self.new_button = _button("New follow-up…", "New follow-up", self.new_followup)
        self.new_button.setToolTip("Add a follow-up by hand: any patient, type and date.")
        self.new_button.setVisible(self.may_work)
        self.export_button = _button("Export", "Export the worklist")
        menu = QMenu(self.export_button)
        exports: tuple[tuple[str, str, Callable[[], bool]], ...] = (
            ("pdf", "Call list (PDF)…", self.export_call_list),
            ("csv", "Spreadsheet (CSV)…", self.export_csv),
            ("ics", "Calendar: appointments, next 12 months (.ics)…", self.export_ics),
        )
        for key, text, slot in exports:
            action = menu.addAction(text)
            action.triggered.connect(partial(_ignore_checked, slot))
            self.export_actions[key] = action
        self.export_button.setMenu(menu)
        row.addWidget(self.new_button)
        row.addWidget(self.export_button)
        return row

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        for action in BUTTON_ACTIONS:
            button = _button(action.label, action.label.rstrip("…"), partial(self.run_action, action))
            self.action_buttons[action] = button
            row.addWidget(button)
        self.more_button = _button("More", "More actions")
        menu = QMenu(self.more_button)
        for action in MENU_ACTIONS:
            entry = menu.addAction(action.label)
            entry.triggered.connect(partial(_ignore_checked, partial(self.run_action, action)))
            self.menu_actions[action] = entry
        menu.addSeparator()
        self.open_chart_action = menu.addAction("Open chart")
        self.open_chart_action.triggered.connect(lambda _checked=False: self.open_selected_chart())
        self.more_button.setMenu(menu)
        row.addWidget(self.more_button)
        row.addStretch(1)
        for button in self.action_buttons.values():
            button.setVisible(self.may_work)
        for entry in self.menu_actions.values():
            entry.setVisible(self.may_work)
        return row

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        set_up_list_table(self.table, self.model, "Follow-up worklist", row_padding=12)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsClickable(False)
        bold = self.table.font()
        bold.setBold(True)  # the overdue and today cells are bold
        for column, sample in _SAMPLES.items():
            metrics = QFontMetrics(bold) if column is WorklistColumn.WHEN else self.table.fontMetrics()
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda _new, _old: self._update_buttons())
        return self.table

    def _build_empty(self) -> QWidget:
        page = QWidget()
        page.setObjectName("worklistEmpty")
        self.empty_title = QLabel("Nothing due this week")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.empty_title, "heading")
        self.empty_text = QLabel()
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setWordWrap(True)
        self.empty_text.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.empty_text, "muted")
        self.clear_button = _button("Show all follow-ups", "Show all follow-ups", self.clear_filters)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addStretch(1)
        layout.addWidget(self.empty_title)
        layout.addWidget(self.empty_text)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    # --- filters --------------------------------------------------------------------------------

    def through_days(self) -> int:
        return int(self.through_filter.currentData())

    def current_filter(self) -> WorklistFilter:
        """The service's filter for the chosen type, person and reach (not the bucket card)."""
        kind = self.type_filter.currentData()
        who = self.assignee_filter.currentData()
        days = self.through_days()
        return WorklistFilter(
            through=self.today + timedelta(days=days) if self.today and days != WEEK_DAYS else None,
            types=frozenset({FollowupType(kind)}) if kind else frozenset(),
            assignee_id=self._actor.user_id if who == ME else who if isinstance(who, int) else None,
            unassigned_only=who == UNASSIGNED,
        )

    def filtered(self) -> bool:
        """True when the type, person or bucket narrows the list."""
        return bool(self.type_filter.currentIndex() or self.assignee_filter.currentIndex() or self.bucket)

    def set_type_filter(self, kind: FollowupType | None) -> None:
        self.type_filter.setCurrentIndex(self.type_filter.findData(kind.value if kind else ""))

    def set_assignee_filter(self, who: str | int) -> None:
        self.assignee_filter.setCurrentIndex(self.assignee_filter.findData(who))

    def set_through(self, days: int) -> None:
        self.through_filter.setCurrentIndex(self.through_filter.findData(days))

    def set_bucket(self, bucket: Bucket | None) -> None:
        self.bucket = bucket
        for each, card in self.cards.items():
            card.setChecked(each is bucket)
        if self.worklist is not None:
            self._remember_selection()
            self._show_rows()

    def clear_filters(self) -> None:
        self.bucket = None
        for card in self.cards.values():
            card.setChecked(False)
        for combo in (self.type_filter, self.assignee_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.reload()

    def scope_text(self) -> str:
        """What the list holds, in words (for the call list's heading)."""
        through = self.worklist.through if self.worklist else None
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

    # --- loading --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # each time the page is shown: others work the list too

    def reload(self, select_id: int | None = None) -> None:
        """Ask the service again (in a worker); keep `select_id` (else the selection) selected."""
        self._remember_selection(select_id)
        self._ticket += 1
        ticket = self._ticket
        self.loading = True
        services, actor, wanted, days = (
            self._services,
            self._actor,
            self.current_filter(),
            self.through_days(),
        )

        def fetch() -> Worklist:
            chosen = wanted
            if days != WEEK_DAYS and chosen.through is None:
                chosen = replace(chosen, through=clinic_today(services, actor) + timedelta(days=days))
            return services.followups.worklist(actor, chosen)

        run_in_background(
            fetch,
            on_result=lambda worklist: self._loaded(ticket, worklist),
            on_error=lambda error: self._failed(ticket, error),
            owner=self,
        )

    def _remember_selection(self, select_id: int | None = None) -> None:
        current = self.selected_item()
        if select_id is not None:
            self._select_id = select_id
        elif current is not None:
            self._select_id = current.id
        index = self.table.currentIndex()
        if index.isValid():
            self._select_row = index.row()

    def _loaded(self, ticket: int, worklist: Worklist) -> None:
        if ticket != self._ticket:
            return  # a newer request is on its way: its answer counts
        self.loading = False
        self.worklist = worklist
        self.today = worklist.today
        for bucket, card in self.cards.items():
            card.set_count(worklist.count(bucket))
        self._show_rows()
        self.loaded_once = True
        self.loaded.emit()

    def _failed(self, ticket: int, error: BaseException) -> None:
        if ticket != self._ticket:
            return
        self.loading = False
        if isinstance(error, DomainError):
            self.show_notice(error.message)
        else:
            report_unhandled(error)

    def _show_rows(self) -> None:
        worklist = self.worklist
        if worklist is None:
            return
        rows = [item for item in worklist.items if self.bucket is None or item.bucket is self.bucket]
        self.model.set_rows(rows, worklist.today)
        if rows:
            row = self.model.row_of(self._select_id) if self._select_id is not None else -1
            if row < 0:
                row = min(self._select_row, len(rows) - 1)
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            self._select_id = self.model.rows()[row].id
        self.stack.setCurrentIndex(0 if rows else 1)
        self._update_hint(worklist, len(rows))
        self._update_empty(worklist)
        self._update_buttons()

    def _update_hint(self, worklist: Worklist, shown: int) -> None:
        reach = f"through {day_text(worklist.through)}"
        total = len(worklist.items)
        if self.bucket is not None:
            text = f"Showing {shown:,} {self.bucket.label.lower()} of {plural(total, 'follow-up')} {reach}."
        else:
            text = f"{plural(total, 'follow-up')}: overdue and due {reach}."
        later = sum(1 for item in worklist.items if item.bucket is Bucket.LATER)
        if later and self.bucket is None:
            text += f" {later:,} of them later than this week."
        if worklist.truncated:
            text += " Only the first part is listed: narrow the filters to see the rest."
        self.hint.setText(text)

    def _update_empty(self, worklist: Worklist) -> None:
        if self.bucket is not None:
            title = _EMPTY_TITLES[self.bucket]
        elif self.through_days() == WEEK_DAYS:
            title = "Nothing due this week"
        else:
            title = f"Nothing due in the next {self.through_days()} days"
        if self.filtered():
            text = "Nothing matches the chosen filters. Show all follow-ups to see everyone's."
        else:
            text = (
                f"No follow-up is overdue or due through {long_day_text(worklist.through)}. New ones appear "
                "here when a prescription is approved"
                + (", or add one with “New follow-up…”." if self.may_work else ".")
            )
        self.empty_title.setText(title)
        self.empty_text.setText(text)
        self.clear_button.setVisible(self.filtered())

    # --- selection and actions --------------------------------------------------------------------

    def selected_item(self) -> FollowupItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def select(self, followup_id: int) -> bool:
        row = self.model.row_of(followup_id)
        if row >= 0:
            self.table.selectRow(row)
            self._select_id = followup_id
        return row >= 0

    def _update_buttons(self) -> None:
        item = self.selected_item()
        allowed = allowed_actions(item, self._actor) if item is not None else frozenset()
        for action, button in self.action_buttons.items():
            button.setEnabled(action in allowed)
            button.setToolTip(action_tooltip(action, item, self._actor))
        for action, entry in self.menu_actions.items():
            entry.setEnabled(action in allowed)
            entry.setToolTip(action_tooltip(action, item, self._actor))
        self.open_chart_action.setEnabled(item is not None)
        self.more_button.setEnabled(item is not None)
        self.details.setText(details_text(item) if item is not None else "")
        self.details.setVisible(item is not None)

    def run_action(self, action: FollowupAction) -> object | None:
        """Work the selected item; the list reloads keeping it (or the next one) selected."""
        item = self.selected_item()
        if item is None:
            return None
        result = run_followup_action(action, item, self._services, self._actor, self)
        self.last_result = result
        if result is not None:
            self.show_notice(_done_text(action, item, result))
        self.reload(select_id=item.id)
        return result

    def open_selected_chart(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_chart_requested.emit(item.patient_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        item = self.model.item_at(index.row())
        if item is not None:
            self.open_chart_requested.emit(item.patient_id)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)

    # --- adding and exporting -------------------------------------------------------------------

    def new_followup(self) -> NewFollowupDialog | None:
        if not self.may_work:
            return None
        today = self.today or clinic_today(self._services, self._actor)
        dialog = NewFollowupDialog(self._services, self._actor, today, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._created)
        dialog.destroyed.connect(lambda _obj=None: self._new_closed(dialog))
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def _new_closed(self, dialog: NewFollowupDialog) -> None:
        if self.new_dialog is dialog:
            self.new_dialog = None

    def _created(self, item: FollowupItem) -> None:
        self.show_notice(
            f"Added: {item.type.label} for {item.patient_name}, due {long_day_text(item.due_date)}."
        )
        self.reload(select_id=item.id)

    def export_csv(self) -> bool:
        return self.exports.save_csv(self.current_filter(), self.today)

    def export_ics(self) -> bool:
        """Every booked appointment for the next year (for the chosen type and person): a
        calendar wants them all, whatever reach the list shows."""
        return self.exports.save_ics(replace(self.current_filter(), through=None), self.today)

    def export_call_list(self) -> bool:
        return self.exports.call_list(self.current_filter(), self.scope_text(), self.today)


def details_text(item: FollowupItem) -> str:
    """The selected item in full below the table: its reason and the last contact."""
    text = f"{item.type.label} for {item.patient_name}: {short_reason(item.reason)}"
    last = item.last_attempt
    if last is not None:
        note = f" — {short_reason(last.note)}" if last.note else ""
        when = f"{last.at.month:02d}/{last.at.day:02d} {time_text(last.at)}"
        text += (
            f"\nLast contact: {last.method.label}, {last.outcome.label.lower()}, {when} by {last.by}{note}"
        )
    return text


def _done_text(action: FollowupAction, item: FollowupItem, result: object) -> str:
    who = f"{item.type.label} for {item.patient_name}"
    if not isinstance(result, FollowupItem):
        return f"Visit note saved: the {item.type.label.lower()} for {item.patient_name} is done."
    if action is FollowupAction.ATTEMPT and result.last_attempt is not None:
        return f"Logged for {item.patient_name}: {result.last_attempt.short}."
    if action is FollowupAction.SCHEDULE and result.scheduled_at is not None:
        return f"Scheduled: {who} on {appointment_text(result.scheduled_at)}."
    if action is FollowupAction.SNOOZE and result.snoozed_until is not None:
        return f"Snoozed: {who} until {long_day_text(result.snoozed_until)}."
    if action is FollowupAction.ASSIGN:
        return (
            f"{who}: assigned to {result.assignee_name}." if result.assignee_name else f"{who}: unassigned."
        )
    return f"{who}: {result.status.label.lower()}."


def _ignore_checked(slot: Callable[[], object], _checked: bool = False) -> None:
    slot()


def _combo(accessible_name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _button(text: str, accessible_name: str, slot: Callable[[], object] | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.setAutoDefault(False)
    if slot is not None:
        button.clicked.connect(lambda _checked=False: slot())
    return button
