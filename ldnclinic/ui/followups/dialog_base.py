"""The frame every follow-up action dialog shares, and the small helpers they build with.

A dialog shows whom it is about (name, MRN, phone, type, due date, the reason) and calls the
service itself when its accept button is pressed. A refusal keeps the dialog open with
everything typed: a field's problem appears under that field, anything else in the banner.
When someone else changed the item meanwhile (a conflict), the dialog takes their version,
says what it is now, and keeps the user's entries so one more press saves them on top.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.followups.worklist import FollowupStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.ui.followups.worklist_model import (
    appointment_text,
    assignee_text,
    long_day_text,
    short_reason,
)
from ldnclinic.ui.widgets.dialogs import button_row
from ldnclinic.ui.widgets.sizing import grow_to_fit
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.tones import Banner, FieldMessage, Tone


def clinic_today(services: Services, actor: Actor) -> date:
    """Today in the clinic's zone, by the services' clock (the day the service checks against),
    so the dialogs offer exactly the dates the service accepts."""
    return services.followups.today()


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
