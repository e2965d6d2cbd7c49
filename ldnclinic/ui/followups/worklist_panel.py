"""The follow-up worklist: what to work today, with the buttons to work it.

Three cards count what is overdue, due today and due this week (for the type and person
chosen); a click on a card shows only that bucket, a second click shows all again. The
filters (type, person, how far ahead) ask the service again, in a worker, and the newest
answer wins. The table lists the items soonest first; one click on a button works the
selected item, and the list then reloads with the same item (or the next one) selected.
Double-clicking a row opens the patient's chart (`open_chart_requested(patient_id)`).

The parts live in `worklist_filters` (cards, filter bar), `worklist_table` (action buttons,
table, empty page, the lines under it) and `worklist_loader` (the worker that fetches); this
module wires them, shows what was fetched, and runs the actions and the exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import Bucket
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem, Worklist, WorklistFilter
from ldnclinic.ui.followups.actions import FollowupAction, run_followup_action
from ldnclinic.ui.followups.dialog_base import clinic_today
from ldnclinic.ui.followups.exports import WorklistExports
from ldnclinic.ui.followups.new_followup_dialog import NewFollowupDialog
from ldnclinic.ui.followups.worklist_filters import (
    BucketCard,
    CountCards,
    FilterBar,
    summary_text,
)
from ldnclinic.ui.followups.worklist_loader import WorklistLoader
from ldnclinic.ui.followups.worklist_model import WorklistModel, long_day_text
from ldnclinic.ui.followups.worklist_table import (
    ActionBar,
    EmptyPage,
    detail_line,
    details_text,
    done_text,
    notice_line,
    worklist_table,
)


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
        self.loaded_once = False
        self.last_result: object | None = None
        self.new_dialog: NewFollowupDialog | None = None
        self.loader = WorklistLoader(
            services, actor, self, on_loaded=self._loaded, on_refused=self.show_notice
        )
        self._select_id: int | None = None
        self._select_row = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._wire_cards(CountCards()))
        layout.addWidget(self._wire_filters(FilterBar(services, actor)))
        layout.addWidget(self._wire_actions(ActionBar(self.may_work)))
        self.stack = QStackedWidget()
        self.stack.addWidget(self._wire_table(worklist_table(self.model)))
        self.stack.addWidget(self._wire_empty(EmptyPage()))
        layout.addWidget(self.stack, 1)
        self.details = detail_line()
        layout.addWidget(self.details)
        self.notice = notice_line()
        layout.addWidget(self.notice)
        self._update_buttons()

    @property
    def loading(self) -> bool:
        """True while a request is out and its answer not yet shown."""
        return self.loader.loading

    # --- wiring the parts -----------------------------------------------------------------------

    def _wire_cards(self, cards: CountCards) -> CountCards:
        self.count_cards = cards
        self.cards: dict[Bucket, BucketCard] = cards.cards
        self.hint = cards.hint
        for bucket, card in cards.cards.items():
            card.clicked.connect(
                lambda _checked=False, b=bucket: self.set_bucket(None if self.bucket is b else b)
            )
        return cards

    def _wire_filters(self, filters: FilterBar) -> FilterBar:
        self.filters = filters
        self.type_filter = filters.type_filter
        self.assignee_filter = filters.assignee_filter
        self.through_filter = filters.through_filter
        self.new_button = filters.new_button
        self.export_button = filters.export_button
        self.export_actions: dict[str, QAction] = filters.export_actions
        filters.changed.connect(self.reload)
        self.new_button.clicked.connect(lambda _checked=False: self.new_followup())
        self.new_button.setVisible(self.may_work)
        for key, slot in (("pdf", self.export_call_list), ("csv", self.export_csv), ("ics", self.export_ics)):
            self.export_actions[key].triggered.connect(partial(_ignore_checked, slot))
        return filters

    def _wire_actions(self, bar: ActionBar) -> ActionBar:
        self.action_bar = bar
        self.action_buttons: dict[FollowupAction, QPushButton] = bar.action_buttons
        self.menu_actions: dict[FollowupAction, QAction] = bar.menu_actions
        self.more_button = bar.more_button
        self.open_chart_action = bar.open_chart_action
        for action, button in bar.action_buttons.items():
            button.clicked.connect(partial(_ignore_checked, partial(self.run_action, action)))
        for action, entry in bar.menu_actions.items():
            entry.triggered.connect(partial(_ignore_checked, partial(self.run_action, action)))
        self.open_chart_action.triggered.connect(lambda _checked=False: self.open_selected_chart())
        return bar

    def _wire_table(self, table: QTableView) -> QTableView:
        self.table = table
        table.doubleClicked.connect(self._double_clicked)
        table.selectionModel().selectionChanged.connect(lambda _new, _old: self._update_buttons())
        return table

    def _wire_empty(self, page: EmptyPage) -> EmptyPage:
        self.empty_page = page
        self.empty_title = page.title
        self.empty_text = page.text
        self.clear_button = page.clear_button
        self.clear_button.clicked.connect(lambda _checked=False: self.clear_filters())
        return page

    # --- filters --------------------------------------------------------------------------------

    def through_days(self) -> int:
        return self.filters.through_days()

    def current_filter(self) -> WorklistFilter:
        """The service's filter for the chosen type, person and reach (not the bucket card)."""
        return self.filters.choice(self.today)

    def filtered(self) -> bool:
        """True when the type, person or bucket narrows the list."""
        return bool(self.filters.narrowed() or self.bucket)

    def set_type_filter(self, kind: FollowupType | None) -> None:
        self.filters.set_type(kind)

    def set_assignee_filter(self, who: str | int) -> None:
        self.filters.set_assignee(who)

    def set_through(self, days: int) -> None:
        self.filters.set_through(days)

    def set_bucket(self, bucket: Bucket | None) -> None:
        self.bucket = bucket
        self.count_cards.check(bucket)
        if self.worklist is not None:
            self._remember_selection()
            self._show_rows()

    def clear_filters(self) -> None:
        self.bucket = None
        self.count_cards.check(None)
        self.filters.reset()
        self.reload()

    def scope_text(self) -> str:
        """What the list holds, in words (for the call list's heading)."""
        return self.filters.scope_text(self.worklist.through if self.worklist else None)

    # --- loading --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # each time the page is shown: others work the list too

    def reload(self, select_id: int | None = None) -> None:
        """Ask the service again (in a worker); keep `select_id` (else the selection) selected."""
        self._remember_selection(select_id)
        self.loader.load(self.current_filter(), self.through_days())

    def _remember_selection(self, select_id: int | None = None) -> None:
        current = self.selected_item()
        if select_id is not None:
            self._select_id = select_id
        elif current is not None:
            self._select_id = current.id
        index = self.table.currentIndex()
        if index.isValid():
            self._select_row = index.row()

    def _loaded(self, worklist: Worklist) -> None:
        self.worklist = worklist
        self.today = worklist.today
        self.count_cards.set_counts(worklist)
        self._show_rows()
        self.loaded_once = True
        self.loaded.emit()

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
        self.hint.setText(summary_text(worklist, self.bucket, len(rows)))
        self.empty_page.explain(
            bucket=self.bucket,
            through_days=self.through_days(),
            through=worklist.through,
            filtered=self.filtered(),
            may_work=self.may_work,
        )
        self._update_buttons()

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
        self.action_bar.show_allowed(item, self._actor)
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
            self.show_notice(done_text(action, item, result))
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


def _ignore_checked(slot: Callable[[], object], _checked: bool = False) -> None:
    slot()
