"""Add a follow-up by hand: the patient (found by name, MRN, date of birth or phone), the type,
the due date, what it is for, and who works it.

The patient search runs as you type (after a short pause, in a worker); from a chart the
patient is given and the search is not shown. A refused save keeps everything typed and
shows each problem under its field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.errors import DomainError, ValidationError
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem, NewFollowup
from ldnclinic.services.patients.dto import PatientSummary
from ldnclinic.ui.followups.dialog_base import (
    caption,
    clinic_today,
    fit_height,
    named_date_edit,
    note_editor,
    pydate,
    qdate,
    stacked,
)
from ldnclinic.ui.widgets.dialogs import button_row
from ldnclinic.ui.widgets.sizing import grow_to_fit
from ldnclinic.ui.widgets.tones import Banner, FieldMessage, Tone
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 20
DEFAULT_DUE_DAYS = 7


def patient_line(patient: PatientSummary) -> str:
    born = patient.date_of_birth
    return (
        f"{patient.display_name} · MRN {patient.mrn} · born {born.month:02d}/{born.day:02d}/{born.year:04d}"
    )


class NewFollowupDialog(QDialog):
    """Emits `created(FollowupItem)` and closes when the service accepted it."""

    created = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        today: date,
        *,
        patient_id: int | None = None,
        patient_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.today = today
        self.patient_id = patient_id
        self.result_item: FollowupItem | None = None
        self.searching = False
        self._search_ticket = 0
        self.setWindowTitle("New follow-up")
        self.setMinimumWidth(600)
        self.banner = Banner(Tone.DANGER, self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.messages: dict[str, FieldMessage] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self._build_patient(patient_label)
        self._build_fields()
        buttons, self.create_button, self.cancel_button = button_row(
            "Add follow-up", "Cancel", self._save_pressed, self.reject
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        layout.addLayout(self.form)
        layout.addSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    # --- building -------------------------------------------------------------------------------

    def _build_patient(self, label: str) -> None:
        self.search = QLineEdit()
        self.search.setAccessibleName("Find the patient")
        self.search.setPlaceholderText("Name, MRN, date of birth or phone")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName("Matching patients")
        self.results.setFixedHeight(self.results.fontMetrics().height() * 6 + 12)
        self.chosen_label = QLabel(label)
        self.chosen_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen_label.setWordWrap(True)
        message = FieldMessage(self)
        self.messages["patient_id"] = message
        holder = stacked(self, self.search, self.results, self.chosen_label, message)
        if self.patient_id is None:
            self.search.textChanged.connect(self._typed)
            self.results.currentItemChanged.connect(self._picked)
            message.show_hint("Type at least two letters or digits, then pick the patient.")
            self.chosen_label.hide()
        else:
            self.search.hide()
            self.results.hide()
        self.form.addRow(
            caption("&Patient", self.search if self.patient_id is None else self.chosen_label), holder
        )
        self.search.setFocus()

    def _build_fields(self) -> None:
        self.kind = QComboBox()
        self.kind.setAccessibleName("Type")
        for kind in FollowupType:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(FollowupType.OTHER.value))
        self.due = QDateEdit()
        named_date_edit(self.due, "Due date")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd MM/dd/yyyy")
        self.due.setMinimumDate(qdate(self.today - timedelta(days=limits.NEW_FOLLOWUP_DAYS_BACK)))
        self.due.setMaximumDate(qdate(self.today + timedelta(days=limits.NEW_FOLLOWUP_DAYS_AHEAD)))
        self.due.setDate(qdate(self.today + timedelta(days=DEFAULT_DUE_DAYS)))
        self.reason = note_editor("Reason", "What is it for? e.g. Call about sleep after the dose change")
        self.assignee = QComboBox()
        self.assignee.setAccessibleName("Assigned to")
        self.assignee.addItem("No one (unassigned)", None)
        for person in self._services.followups.assignees(self._actor):
            me = " (me)" if person.id == self._actor.user_id else ""
            self.assignee.addItem(f"{person.name}{me}", person.id)
        self._add("type", "&Type", self.kind)
        self._add("due_date", "&Due", self.due)
        self._add("reason", "&Reason", self.reason, "Required: it shows on the worklist and the call list.")
        self._add("assignee_id", "&Assigned to", self.assignee)
        self.reason.textChanged.connect(lambda: self.messages["reason"].show_problem(None))
        self.due.dateChanged.connect(lambda _d: self.messages["due_date"].show_problem(None))
        self.assignee.currentIndexChanged.connect(lambda _i: self.messages["assignee_id"].show_problem(None))

    def _add(self, key: str, label: str, field: QWidget, hint: str = "") -> None:
        message = FieldMessage(self)
        if hint:
            message.show_hint(hint)
        self.form.addRow(caption(label, field), stacked(self, field, message))
        self.messages[key] = message

    def message(self, key: str) -> str:
        return self.messages[key].problem or ""

    # --- finding the patient --------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def search_pending(self) -> bool:
        return self._timer.isActive() or self.searching

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        self._search_ticket += 1
        ticket = self._search_ticket
        if len(text) < 2:
            self.results.clear()
            self.searching = False
            return
        self.searching = True
        services, actor = self._services, self._actor
        run_in_background(
            lambda: services.patients.search(actor, text, limit=SEARCH_LIMIT),
            on_result=lambda found: self._show_results(ticket, found),
            on_error=lambda error: self._search_failed(ticket, error),
            owner=self,
        )

    def _show_results(self, ticket: int, found: list[PatientSummary]) -> None:
        if ticket != self._search_ticket:
            return  # an older search finished after a newer one started
        self.searching = False
        kept = self.patient_id
        self.results.blockSignals(True)
        self.results.clear()
        for patient in found:
            entry = QListWidgetItem(patient_line(patient))
            entry.setData(Qt.ItemDataRole.UserRole, patient.id)
            self.results.addItem(entry)
            if patient.id == kept:
                self.results.setCurrentItem(entry)
        self.results.blockSignals(False)
        if not found:
            self.messages["patient_id"].show_problem(
                "No patient matches. Check the spelling, or search by MRN."
            )
        elif self.results.currentItem() is None:
            self.patient_id = None
            self.messages["patient_id"].show_problem(None)

    def _search_failed(self, ticket: int, error: BaseException) -> None:
        if ticket != self._search_ticket:
            return
        self.searching = False
        if not isinstance(error, DomainError):
            report_unhandled(error)
            return
        self.messages["patient_id"].show_problem(error.message)

    def _picked(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.patient_id = int(current.data(Qt.ItemDataRole.UserRole)) if current is not None else None
        self.messages["patient_id"].show_problem(None)

    def pick(self, patient_id: int) -> bool:
        """Select a patient from the results (as a click would)."""
        for row in range(self.results.count()):
            entry = self.results.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == patient_id:
                self.results.setCurrentItem(entry)
                return True
        return False

    # --- saving ---------------------------------------------------------------------------------

    def chosen_type(self) -> FollowupType:
        return FollowupType(self.kind.currentData())

    def new_followup(self) -> NewFollowup | None:
        if self.patient_id is None:
            return None
        assignee = self.assignee.currentData()
        return NewFollowup(
            patient_id=self.patient_id,
            type=self.chosen_type(),
            due_date=pydate(self.due.date()),
            reason=self.reason.toPlainText(),
            assignee_id=int(assignee) if assignee is not None else None,
        )

    def _save_pressed(self) -> None:
        self.save()

    def save(self) -> FollowupItem | None:
        self.banner.clear_message()
        data = self.new_followup()
        if data is None:
            self.messages["patient_id"].show_problem("Choose the patient first.")
            self.search.setFocus()
            grow_to_fit(self)
            return None
        try:
            item = self._services.followups.create(self._actor, data)
        except ValidationError as error:
            others = []
            for key, text in error.field_errors.items():
                if key in self.messages:
                    self.messages[key].show_problem(text)
                else:
                    others.append(text)
            if others:
                self.banner.show_message(" ".join(others), Tone.DANGER)
            grow_to_fit(self)
            return None
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
            grow_to_fit(self)
            return None
        self.result_item = item
        self.created.emit(item)
        self.accept()
        return item


def new_followup_for_patient(
    services: Services,
    actor: Actor,
    patient_id: int,
    *,
    patient_label: str,
    parent: QWidget,
    on_created: Callable[[FollowupItem], None],
) -> NewFollowupDialog:
    """The dialog for one patient's chart, dated by the clinic's today (`openers.new_followup`);
    not yet shown."""
    dialog = NewFollowupDialog(
        services,
        actor,
        clinic_today(services, actor),
        patient_id=patient_id,
        patient_label=patient_label,
        parent=parent,
    )
    dialog.created.connect(on_created)
    return dialog
