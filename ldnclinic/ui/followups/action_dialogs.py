"""The small dialogs that work a follow-up: log a contact attempt, schedule, snooze, cancel with
a reason, mark missed or done with a note, assign.

Each shows whom it is about (name, MRN, phone, type, due date, the reason) and calls the
service itself when its accept button is pressed. A refusal keeps the dialog open with
everything typed: a field's problem appears under that field, anything else in the banner.
When someone else changed the item meanwhile (a conflict), the dialog takes their version,
says what it is now, and keeps the user's entries so one more press saves them on top.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.followup_rules import add_months
from ldnclinic.domain.followups import ContactMethod, ContactOutcome, FollowupStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followup_dto import FollowupItem
from ldnclinic.ui.followups.worklist_model import (
    appointment_text,
    assignee_text,
    long_day_text,
    short_reason,
)
from ldnclinic.ui.patients.style import Banner, FieldMessage, Tone, hint_colour
from ldnclinic.ui.style import set_role
from ldnclinic.ui.widgets.dialog_parts import button_row
from ldnclinic.ui.widgets.sizing import grow_to_fit

NOTE_LIMIT = 2000  # what the service keeps; longer text is refused with its message
MIN_CANCEL_REASON = 5
MAX_AHEAD_DAYS = 366
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


def clinic_today(services: Services, actor: Actor) -> date:
    """Today in the clinic's zone, by the services' clock (the day the service checks against),
    so the dialogs offer exactly the dates the service accepts."""
    return services.followups.today()


def collapsed(text: str) -> str:
    """The text as the service keeps it: runs of spaces and line breaks made one space."""
    return " ".join(text.split())


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def named_date_edit(edit: QDateEdit | QDateTimeEdit, accessible_name: str) -> None:
    """Name a date editor and the text field inside it (screen readers reach both)."""
    edit.setAccessibleName(accessible_name)
    inner = edit.findChild(QLineEdit)
    if inner is not None:
        inner.setAccessibleName(accessible_name)


def note_editor(accessible_name: str, placeholder: str) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setAccessibleName(accessible_name)
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)
    editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 4 + 14)
    return editor


def fit_height(dialog: QDialog) -> None:
    """As tall as the layout needs at the dialog's width: a wrapped label's size hint guesses a
    narrower width, which would leave a gap above the buttons."""
    layout = dialog.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    layout.activate()
    needed = max(layout.totalHeightForWidth(dialog.width()), layout.totalMinimumSize().height())
    if needed != dialog.height():
        dialog.resize(dialog.width(), needed)


def stacked(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets one under the other in a container of their own (no nested layouts)."""
    holder = QWidget(parent)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        column.addWidget(widget)
    return holder


def side_by_side(parent: QWidget, *widgets: QWidget, grow: QWidget | None = None) -> QWidget:
    """Widgets in a row in a container of their own; `grow` takes the spare width (else
    the space after the last one)."""
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if widget is grow else 0)
    if grow is None:
        row.addStretch(1)
    return holder


def caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


# --- the common frame -------------------------------------------------------------------------------


class FollowupDialog(QDialog):
    """Who and what it is about, fields with a message under each, a banner, [accept] [reject].

    Subclasses add fields with `add_field` and implement `call()`; the item the service
    returns is kept in `result_item` and the dialog accepts."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        item: FollowupItem,
        *,
        title: str,
        accept: str,
        reject: str = "Cancel",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.item = item
        self.result_item: FollowupItem | None = None
        self.reloaded = False  # someone else's change was taken in (the list should reload)
        self._accept_text = accept
        self.setWindowTitle(f"{title} — {item.patient_name}")
        self.setMinimumWidth(560)
        self.who = QLabel()
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setWordWrap(True)
        set_role(self.who, "heading")
        self.what = QLabel()
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.what.setWordWrap(True)
        self.reason = QLabel()
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setWordWrap(True)
        set_role(self.reason, "muted")
        self.banner = Banner(Tone.DANGER, self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.messages: dict[str, FieldMessage] = {}
        buttons, self.accept_button, self.reject_button = button_row(accept, reject, self.run, self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        header = QWidget(self)
        self.header = QVBoxLayout(header)
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.setSpacing(3)
        for label in (self.who, self.what, self.reason):
            self.header.addWidget(label)
        layout.addWidget(header)
        layout.addSpacing(6)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        self.show_item(item)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def show_item(self, item: FollowupItem) -> None:
        self.item = item
        preferred = f" (“{item.preferred_name}”)" if item.preferred_name else ""
        self.who.setText(f"{item.patient_name}{preferred} · MRN {item.mrn}")
        parts = [item.type.label, f"due {long_day_text(item.due_date)}", item.status.label.lower()]
        if item.status is FollowupStatus.SCHEDULED and item.scheduled_at is not None:
            parts[-1] = f"scheduled {appointment_text(item.scheduled_at)}"
        if item.status is FollowupStatus.SNOOZED and item.snoozed_until is not None:
            parts[-1] = f"snoozed until {long_day_text(item.snoozed_until)}"
        parts.append(f"phone {item.phone}" if item.phone else "no phone on file")
        parts.append(assignee_text(item).lower() if not item.assignee_name else f"for {item.assignee_name}")
        self.what.setText(" · ".join(parts))
        self.reason.setText(short_reason(item.reason))

    def add_field(
        self, key: str, label: str, field: QWidget, hint: str = "", *, buddy: QWidget | None = None
    ) -> None:
        """A row with a message line under the input (field problems from the service go there).

        The input and its message sit in a container widget: nested layouts created here and
        destroyed by Qt with the dialog crashed PySide under a style sheet."""
        message = FieldMessage(self)
        if hint:
            message.show_hint(hint)
        self.form.addRow(caption(label, buddy or field), stacked(self, field, message))
        self.messages[key] = message

    def message(self, key: str) -> str:
        """The problem shown at a field ("" when none)."""
        return self.messages[key].problem or ""

    # --- saving -----------------------------------------------------------------------------

    def run(self) -> None:
        for message in self.messages.values():
            message.show_problem(None)
        self.banner.clear_message()
        try:
            result = self.call()
        except ValidationError as error:
            self.show_field_errors(error.field_errors)
        except ConflictError as error:
            self.taken_over(error)
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
        else:
            self.result_item = result
            self.accept()
            return
        grow_to_fit(self.banner)

    def call(self) -> FollowupItem:
        raise NotImplementedError

    def show_field_errors(self, errors: dict[str, str]) -> None:
        others = []
        for key, text in errors.items():
            if key in self.messages:
                self.messages[key].show_problem(text)
            else:
                others.append(text)
        if others:
            self.banner.show_message(" ".join(others), Tone.DANGER)

    def taken_over(self, error: ConflictError) -> None:
        """Someone else saved first: show their version, keep what was typed."""
        current = error.current
        self.reloaded = True
        if not isinstance(current, FollowupItem):
            self.banner.show_message(f"{error.message} Close this and try again.", Tone.WARNING)
            return
        self.show_item(current)
        if current.status.is_closed:
            self.banner.show_message(
                f"{error.message} It is {current.status.label.lower()} now, so there is nothing more to do "
                "here: close this window.",
                Tone.WARNING,
            )
            self.accept_button.setEnabled(False)
            return
        self.banner.show_message(
            f"{error.message} Above is the follow-up as it is now. What you entered is kept: press "
            f"“{self._accept_text}” to save it on top, or Cancel.",
            Tone.WARNING,
        )


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
        self.add_field("note", "&Note", self.note, f"Optional; up to {NOTE_LIMIT:,} characters.")
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
        self.when.setMaximumDate(qdate(today + timedelta(days=MAX_AHEAD_DAYS)))
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
        self.date.setMaximumDate(qdate(today + timedelta(days=MAX_AHEAD_DAYS)))
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


# --- cancel -------------------------------------------------------------------------------------------------


class CancelDialog(FollowupDialog):
    """Cancel with a reason; the button waits for a few words (the service wants 5 characters)."""

    def __init__(
        self, services: Services, actor: Actor, item: FollowupItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            services,
            actor,
            item,
            title="Cancel follow-up",
            accept="Cancel follow-up",
            reject="Keep it",
            parent=parent,
        )
        self.reason_edit = note_editor("Reason for cancelling", "e.g. Patient moved out of state")
        self.add_field(
            "reason",
            "&Reason",
            self.reason_edit,
            f"Required (at least {MIN_CANCEL_REASON} characters): kept with the follow-up and in the "
            "audit trail.",
        )
        self.reason_edit.textChanged.connect(self._typed)
        self.accept_button.setEnabled(False)
        self.reason_edit.setFocus()

    def _typed(self) -> None:
        self.messages["reason"].show_problem(None)
        enough = len(collapsed(self.reason_edit.toPlainText())) >= MIN_CANCEL_REASON
        self.accept_button.setEnabled(enough and not self.item.status.is_closed)

    def call(self) -> FollowupItem:
        return self._services.followups.cancel(
            self._actor, self.item.id, self.item.version, self.reason_edit.toPlainText()
        )


# --- close with a note: missed, done ------------------------------------------------------------------------


class CloseDialog(FollowupDialog):
    """Mark missed, or done without a visit: an optional note, kept as the closing reason."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        item: FollowupItem,
        *,
        done: bool,
        parent: QWidget | None = None,
    ) -> None:
        self.marks_done = done
        super().__init__(
            services,
            actor,
            item,
            title="Mark follow-up done" if done else "Mark follow-up missed",
            accept="Mark done" if done else "Mark missed",
            parent=parent,
        )
        intro = QLabel(
            "It leaves the worklist and stays in the chart as done."
            if done
            else "The patient did not come or could not be reached in time. It leaves the worklist; "
            "Reopen brings it back."
        )
        intro.setWordWrap(True)
        self.note = note_editor(
            "Note",
            "Optional, e.g. Refill sent to the pharmacy" if done else "Optional, e.g. Three calls, no answer",
        )
        self.form.addRow(intro)
        self.add_field("note", "&Note", self.note, f"Optional; up to {NOTE_LIMIT:,} characters.")
        self.note.textChanged.connect(lambda: self.messages["note"].show_problem(None))
        self.note.setFocus()

    def call(self) -> FollowupItem:
        note = self.note.toPlainText() or None
        if self.marks_done:
            return self._services.followups.complete(self._actor, self.item.id, self.item.version, note=note)
        return self._services.followups.mark_missed(self._actor, self.item.id, self.item.version, note)


# --- assign ------------------------------------------------------------------------------------------


class AssignDialog(FollowupDialog):
    """Give the follow-up to someone (or to no one)."""

    def __init__(
        self, services: Services, actor: Actor, item: FollowupItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, actor, item, title="Assign follow-up", accept="Assign", parent=parent)
        self.person = QComboBox()
        self.person.setAccessibleName("Assign to")
        self.person.addItem("No one (unassigned)", None)
        for person in services.followups.assignees(actor):
            me = " (me)" if person.id == actor.user_id else ""
            self.person.addItem(f"{person.name}{me}", person.id)
        if item.assignee_id is not None and self.person.findData(item.assignee_id) < 0:
            self.person.addItem(item.assignee_name or f"User #{item.assignee_id}", item.assignee_id)
        wanted = item.assignee_id if item.assignee_id is not None else actor.user_id
        self.person.setCurrentIndex(max(self.person.findData(wanted), 0))
        self.me_button = QPushButton("Me")
        self.me_button.setAccessibleName("Assign to me")
        self.me_button.setAutoDefault(False)
        self.me_button.clicked.connect(self._to_me)
        self.me_button.setVisible(self.person.findData(actor.user_id) >= 0)
        row = side_by_side(self, self.person, self.me_button, grow=self.person)
        self.person.currentIndexChanged.connect(lambda _i: self.messages["assignee_id"].show_problem(None))
        self.add_field("assignee_id", "&Assign to", row, buddy=self.person)

    def _to_me(self) -> None:
        self.person.setCurrentIndex(max(self.person.findData(self._actor.user_id), 0))

    def choose(self, assignee_id: int | None) -> None:
        self.person.setCurrentIndex(self.person.findData(assignee_id))

    def chosen(self) -> int | None:
        value = self.person.currentData()
        return int(value) if value is not None else None

    def call(self) -> FollowupItem:
        return self._services.followups.assign(self._actor, self.item.id, self.item.version, self.chosen())
