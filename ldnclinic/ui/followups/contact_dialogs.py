"""The dialogs that keep a follow-up moving: log a contact attempt, schedule the visit, snooze.

Each is a `FollowupDialog` (see `dialog_base`): it shows whom it is about, calls the service
when its accept button is pressed and keeps what was typed when the service refuses.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.followups.rules import add_months
from ldnclinic.domain.followups.worklist import ContactMethod, ContactOutcome, FollowupStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.ui.followups.dialog_base import (
    FollowupDialog,
    named_date_edit,
    note_editor,
    pydate,
    qdate,
    side_by_side,
)
from ldnclinic.ui.followups.worklist_model import long_day_text
from ldnclinic.ui.widgets.tones import hint_colour

DEFAULT_HOUR = 10

OUTCOMES: dict[ContactMethod, tuple[ContactOutcome, ...]] = {
    ContactMethod.PHONE: (
        ContactOutcome.REACHED,
        ContactOutcome.LEFT_MESSAGE,
        ContactOutcome.NO_ANSWER,
        ContactOutcome.WRONG_NUMBER,
    ),
    ContactMethod.TEXT: (ContactOutcome.SENT, ContactOutcome.REPLIED, ContactOutcome.WRONG_NUMBER),
    ContactMethod.EMAIL: (ContactOutcome.SENT, ContactOutcome.REPLIED),
    ContactMethod.PORTAL: (ContactOutcome.SENT, ContactOutcome.REPLIED),
}


# --- log a contact attempt ----------------------------------------------------------------------------


class AttemptDialog(FollowupDialog):
    """How the patient was contacted and what came of it, with an optional note."""

    def __init__(
        self, services: Services, actor: Actor, item: FollowupItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            services, actor, item, title="Log contact attempt", accept="Log attempt", parent=parent
        )
        self.method = QComboBox()
        self.method.setAccessibleName("How")
        for method in ContactMethod:
            self.method.addItem(method.label, method.value)
        self.outcome = QComboBox()
        self.outcome.setAccessibleName("Outcome")
        self.note = note_editor("Note", "Optional, e.g. Doing well on 4.5 mg; wants a call next week")
        self.history = QLabel()
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setWordWrap(True)
        self.history.setAccessibleName("Earlier attempts")
        self.history.setStyleSheet(f"color: {hint_colour()};")
        self.header.addWidget(self.history)
        self.add_field("method", "&How", self.method)
        self.add_field("outcome", "&Outcome", self.outcome)
        self.add_field(
            "note", "&Note", self.note, f"Optional; up to {limits.FOLLOWUP_NOTE.chars:,} characters."
        )
        self.method.currentIndexChanged.connect(self._method_changed)
        self.note.textChanged.connect(lambda: self.messages["note"].show_problem(None))
        self._method_changed()
        self._show_history()
        self.note.setFocus()

    def _method_changed(self, _index: int = 0) -> None:
        kept = self.outcome.currentData()
        self.outcome.clear()
        for outcome in OUTCOMES[self.chosen_method()]:
            self.outcome.addItem(outcome.label, outcome.value)
        index = self.outcome.findData(kept)
        self.outcome.setCurrentIndex(max(index, 0))

    def _show_history(self) -> None:
        attempts = self.item.attempts
        if not attempts:
            self.history.setText("No contact attempt logged yet.")
            return
        shown = [f"{a.short} ({a.by})" for a in attempts[-3:]]
        more = len(attempts) - len(shown)
        earlier = f" (and {more} before)" if more > 0 else ""
        self.history.setText(f"Earlier attempts{earlier}: " + " · ".join(shown))

    def show_item(self, item: FollowupItem) -> None:
        super().show_item(item)
        if hasattr(self, "history"):
            self._show_history()

    def chosen_method(self) -> ContactMethod:
        return ContactMethod(self.method.currentData())

    def chosen_outcome(self) -> ContactOutcome:
        return ContactOutcome(self.outcome.currentData())

    def set_choice(self, method: ContactMethod, outcome: ContactOutcome) -> None:
        self.method.setCurrentIndex(self.method.findData(method.value))
        self.outcome.setCurrentIndex(self.outcome.findData(outcome.value))

    def call(self) -> FollowupItem:
        return self._services.followups.log_attempt(
            self._actor,
            self.item.id,
            self.item.version,
            method=self.chosen_method(),
            outcome=self.chosen_outcome(),
            note=self.note.toPlainText() or None,
        )


# --- schedule ---------------------------------------------------------------------------------------------


class ScheduleDialog(FollowupDialog):
    """A date and time for the appointment, in the clinic's time zone."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        item: FollowupItem,
        *,
        today: date,
        zone: ZoneInfo,
        parent: QWidget | None = None,
    ) -> None:
        title = "Reschedule follow-up" if item.status is FollowupStatus.SCHEDULED else "Schedule follow-up"
        super().__init__(services, actor, item, title=title, accept="Schedule", parent=parent)
        self.zone = zone
        self.today = today
        self.when = QDateTimeEdit()
        named_date_edit(self.when, "Appointment date and time")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd MM/dd/yyyy  h:mm AP")
        self.when.setMinimumDate(qdate(today))
        self.when.setMaximumDate(qdate(today + timedelta(days=limits.FOLLOWUP_DAYS_AHEAD)))
        self.when.setDateTime(self._default_start())
        self.when.dateTimeChanged.connect(lambda _value: self.messages["when"].show_problem(None))
        self.add_field("when", "&When", self.when, f"Clinic time ({zone.key}).")
        self.when.setFocus()

    def _default_start(self) -> QDateTime:
        item = self.item
        if item.scheduled_at is not None:
            local = item.scheduled_at.astimezone(self.zone)
            return QDateTime(qdate(local.date()), QTime(local.hour, local.minute))
        day = max(item.work_date, self.today)
        return QDateTime(qdate(day), QTime(DEFAULT_HOUR, 0))

    def set_when(self, moment: datetime) -> None:
        """Set the editor from wall-clock values in the clinic's zone."""
        self.when.setDateTime(QDateTime(qdate(moment.date()), QTime(moment.hour, moment.minute)))

    def chosen(self) -> datetime:
        """What the editor shows, as an aware time in the clinic's zone."""
        day, clock = self.when.date(), self.when.time()
        return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=self.zone)

    def call(self) -> FollowupItem:
        return self._services.followups.schedule(self._actor, self.item.id, self.item.version, self.chosen())


# --- snooze -------------------------------------------------------------------------------------------------


class SnoozeDialog(FollowupDialog):
    """Off the worklist until a later day: one week, two weeks, a month, or a chosen date."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        item: FollowupItem,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, actor, item, title="Snooze follow-up", accept="Snooze", parent=parent)
        self.today = today
        self.quick: dict[str, tuple[QRadioButton, date]] = {}
        self.group = QButtonGroup(self)
        choices = QWidget(self)
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        for key, text, until in (
            ("week", "1 week", today + timedelta(days=7)),
            ("two_weeks", "2 weeks", today + timedelta(days=14)),
            ("month", "1 month", add_months(today, 1)),
        ):
            button = QRadioButton(f"{text}  —  until {long_day_text(until)}")
            button.setAccessibleName(f"Snooze {text}")
            self.group.addButton(button)
            self.quick[key] = (button, until)
            column.addWidget(button)
        self.pick = QRadioButton("Until")
        self.pick.setAccessibleName("Snooze until a chosen date")
        self.group.addButton(self.pick)
        self.date = QDateEdit()
        named_date_edit(self.date, "Snooze until date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd MM/dd/yyyy")
        self.date.setMinimumDate(qdate(today + timedelta(days=1)))
        self.date.setMaximumDate(qdate(today + timedelta(days=limits.FOLLOWUP_DAYS_AHEAD)))
        self.date.setDate(qdate(today + timedelta(days=21)))
        self.date.dateChanged.connect(self._date_changed)
        column.addWidget(side_by_side(choices, self.pick, self.date))
        self.quick["week"][0].setChecked(True)
        self.group.buttonToggled.connect(lambda _button, _on: self.messages["until"].show_problem(None))
        self.add_field(
            "until",
            "&Snooze",
            choices,
            "It comes back on the worklist that day.",
            buddy=self.quick["week"][0],
        )

    def _date_changed(self, _value: QDate) -> None:
        self.pick.setChecked(True)
        self.messages["until"].show_problem(None)

    def choose(self, key: str) -> None:
        self.quick[key][0].setChecked(True)

    def choose_date(self, day: date) -> None:
        self.date.setDate(qdate(day))
        self.pick.setChecked(True)

    def chosen(self) -> date:
        for button, until in self.quick.values():
            if button.isChecked():
                return until
        return pydate(self.date.date())

    def call(self) -> FollowupItem:
        return self._services.followups.snooze(self._actor, self.item.id, self.item.version, self.chosen())
