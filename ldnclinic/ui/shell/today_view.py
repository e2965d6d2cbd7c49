"""The Today page: a greeting, the clinic's numbers that matter when the day starts, and
for those who may read patient records the follow-up worklist, which is the page's main part.

Only real data: patients by status (for those who may read patient records), accounts
that need an administrator (for those who manage users), and the clinic's own details
(shown when there is no worklist; its name is in the greeting's line either way). The
counts are fetched in a worker each time the page is shown; the worklist reloads itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.enums import PatientStatus
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.clinic.service import ClinicInfo
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.users.service import UserSummary
from ldnclinic.ui.followups.worklist_panel import WorklistPanel
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import run_in_background

_STATUS_NOTES = {
    PatientStatus.ACTIVE: "in treatment",
    PatientStatus.PROSPECTIVE: "not yet started",
    PatientStatus.PAUSED: "treatment on hold",
    PatientStatus.DISCHARGED: "no longer followed",
}


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ACCOUNT_CARDS = (
    ("active", "Active accounts", "can sign in"),
    ("locked", "Locked", "after failed sign-ins"),
    ("must_change", "Temporary password", "not yet changed"),
)


def greeting(hour: int) -> str:
    if hour < 12:
        return "Good morning"
    return "Good afternoon" if hour < 18 else "Good evening"


class StatCard(QFrame):
    """A number with a caption underneath; `compact`: one line, the note as its tooltip
    (above the worklist, where the page's room goes to the list)."""

    def __init__(
        self, caption: str, note: str = "", parent: QWidget | None = None, *, compact: bool = False
    ) -> None:
        super().__init__(parent)
        set_role(self, "card")
        self.value = QLabel("…")
        self.caption = QLabel(caption)
        if compact:
            font = self.value.font()  # a font, not a style sheet: the card sizes itself by it
            font.setPointSizeF(12)
            font.setBold(True)
            self.value.setFont(font)
            layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self)
            layout.setContentsMargins(12, 5, 14, 5)
            layout.setSpacing(8)
            layout.addWidget(self.value)
            layout.addWidget(self.caption)
            self.setToolTip(f"{caption}: {note}" if note else caption)
        else:
            self.setMinimumWidth(150)
            set_role(self.value, "stat")
            set_role(self.caption, "heading")
            layout = QVBoxLayout(self)
            layout.setContentsMargins(16, 12, 16, 12)
            layout.setSpacing(2)
            layout.addWidget(self.value)
            layout.addWidget(self.caption)
            if note:
                hint = QLabel(note)
                set_role(hint, "stat-label")
                layout.addWidget(hint)
        self.setAccessibleName(caption)

    def set_value(self, value: int) -> None:
        self.value.setText(f"{value:,}")
        self.setAccessibleDescription(f"{value} {self.caption.text()}")
        self.updateGeometry()  # a wider number widens the card (Qt does not always pass it up)


class TodayView(QWidget):
    """Emits find_patient / new_patient when its buttons are pressed, open_chart(patient_id)
    when a worklist row is opened (the window acts)."""

    find_patient = Signal()
    new_patient = Signal()
    open_chart = Signal(int)

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._profile = services.clinic.profile()
        self.loaded_once = False
        self.title = QLabel()
        set_role(self.title, "title")
        self.subtitle = QLabel()
        set_role(self.subtitle, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.status_cards: dict[PatientStatus, StatCard] = {}
        self.total_card: StatCard | None = None
        self.account_cards: dict[str, StatCard] = {}
        self.worklist: WorklistPanel | None = None
        if actor.can(Permission.PATIENT_READ):
            self._with_worklist(layout)
        else:
            self._without_worklist(layout)
        self._greet()

    def _without_worklist(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        if self._actor.can(Permission.USER_MANAGE):
            layout.addSpacing(18)
            layout.addWidget(self._accounts_section())
        if self._profile is not None:
            layout.addSpacing(18)
            layout.addWidget(self._clinic_section(self._profile))
        layout.addStretch(1)

    def _with_worklist(self, layout: QVBoxLayout) -> None:
        """Greeting and patient buttons on top, the numbers in one line, then the worklist."""
        top = QWidget(self)
        row = QHBoxLayout(top)
        row.setContentsMargins(0, 0, 0, 0)
        greeting = QWidget(top)
        column = QVBoxLayout(greeting)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        row.addWidget(greeting, 1)
        for button in self._patient_buttons():
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(top)
        layout.addSpacing(8)
        layout.addWidget(self._patients_strip())
        if self._actor.can(Permission.USER_MANAGE):
            layout.addWidget(self._accounts_strip())
        layout.addSpacing(10)
        heading = QLabel("Follow-ups")
        set_role(heading, "heading")
        layout.addWidget(heading)
        self.worklist = WorklistPanel(self._services, self._actor, self)
        self.worklist.open_chart_requested.connect(self.open_chart)
        self.worklist.loaded.connect(self._dated_by_worklist)
        layout.addWidget(self.worklist, 1)

    # --- sections -----------------------------------------------------------------------

    def _patient_buttons(self) -> list[QPushButton]:
        find = QPushButton("Find a patient…  (Ctrl+F)")
        find.setAccessibleName("Find a patient")
        find.clicked.connect(self.find_patient)
        buttons = [find]
        if self._actor.can(Permission.PATIENT_WRITE):
            new = QPushButton("New patient…  (Ctrl+N)")
            new.setAccessibleName("New patient")
            new.clicked.connect(self.new_patient)
            buttons.append(new)
        return buttons

    def _patients_strip(self) -> QWidget:
        """The patient counts in one line of small cards."""
        cards: list[StatCard] = []
        for status in (
            PatientStatus.ACTIVE,
            PatientStatus.PROSPECTIVE,
            PatientStatus.PAUSED,
            PatientStatus.DISCHARGED,
        ):
            card = StatCard(status.label, _STATUS_NOTES[status], compact=True)
            self.status_cards[status] = card
            cards.append(card)
        self.total_card = StatCard("All patients", "in the registry", compact=True)
        cards.append(self.total_card)
        return _strip("Patients", cards)

    def _accounts_strip(self) -> QWidget:
        cards = []
        for key, caption, note in _ACCOUNT_CARDS:
            card = StatCard(caption, note, compact=True)
            self.account_cards[key] = card
            cards.append(card)
        return _strip("Accounts", cards)

    def _accounts_section(self) -> QWidget:
        section = QWidget()
        grid = QGridLayout(section)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        heading = QLabel("Accounts")
        set_role(heading, "heading")
        grid.addWidget(heading, 0, 0, 1, 3)
        for column, (key, caption, note) in enumerate(_ACCOUNT_CARDS):
            card = StatCard(caption, note)
            self.account_cards[key] = card
            grid.addWidget(card, 1, column)
        grid.setColumnStretch(3, 1)
        return section

    def _clinic_section(self, clinic: ClinicInfo) -> QWidget:
        card = QFrame()
        set_role(card, "card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 12, 16, 12)
        name = QLabel(clinic.name)
        set_role(name, "heading")
        phones = f"Phone {clinic.phone}" + (f"  ·  Fax {clinic.fax}" if clinic.fax else "")
        details = QLabel(
            f"{clinic.street}, {clinic.city}, {clinic.state} {clinic.zip}\n{phones}\n"
            f"Time zone: {clinic.timezone}"
        )
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(name)
        layout.addWidget(details)
        wrapper = QWidget()
        row = QHBoxLayout(wrapper)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(card)
        row.addStretch(1)
        return wrapper

    # --- data ---------------------------------------------------------------------------

    def _greet(self) -> None:
        now = self._services.clinic.now(self._profile)  # the profile read when the page was built
        first = self._actor.display_name.split(",")[0].split()[0]
        self.title.setText(f"{greeting(now.hour)}, {first}")
        clinic = f"  ·  {self._profile.name}" if self._profile else ""
        self.subtitle.setText(f"{now:%A}, {now:%B} {now.day}, {now.year}{clinic}")

    def _dated_by_worklist(self) -> None:
        """Say the day the worklist counts from (the clinic's today, by the services' clock)."""
        if self.worklist is None or self.worklist.today is None:
            return
        day = self.worklist.today
        clinic = f"  ·  {self._profile.name}" if self._profile else ""
        self.subtitle.setText(
            f"{_DAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}, {day.year}{clinic}"
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        self._greet()
        if self.status_cards:
            run_in_background(
                lambda: self._services.patients.count_by_status(self._actor),
                on_result=self._show_counts,
                owner=self,
            )
        if self.account_cards:
            run_in_background(
                lambda: self._services.users.list_users(self._actor),
                on_result=self._show_accounts,
                owner=self,
            )

    def _show_counts(self, counts: dict[PatientStatus, int]) -> None:
        for status, card in self.status_cards.items():
            card.set_value(counts.get(status, 0))
        if self.total_card is not None:
            self.total_card.set_value(sum(counts.values()))
        self.loaded_once = True

    def _show_accounts(self, users: list[UserSummary]) -> None:
        self.account_cards["active"].set_value(sum(u.active for u in users))
        self.account_cards["locked"].set_value(sum(u.locked for u in users))
        self.account_cards["must_change"].set_value(sum(u.must_change_password and u.active for u in users))
        self.loaded_once = True


def _strip(caption: str, cards: list[StatCard]) -> QWidget:
    strip = QWidget()
    row = QHBoxLayout(strip)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    heading = QLabel(caption)
    heading.setMinimumWidth(80)
    set_role(heading, "muted")
    row.addWidget(heading)
    for card in cards:
        row.addWidget(card)
    row.addStretch(1)
    return strip
