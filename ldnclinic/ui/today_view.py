"""The Today page: a greeting and the clinic's numbers that matter when the day starts.

Only real data: patients by status (for those who may read patient records), accounts
that need an administrator (for those who manage users), and the clinic's own details.
The counts are fetched in a worker each time the page is shown.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
from ldnclinic.services.clinic import ClinicInfo
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.users import UserSummary
from ldnclinic.ui.style import set_role
from ldnclinic.ui.workers import run_in_background

_STATUS_NOTES = {
    PatientStatus.ACTIVE: "in treatment",
    PatientStatus.PROSPECTIVE: "not yet started",
    PatientStatus.PAUSED: "treatment on hold",
    PatientStatus.DISCHARGED: "no longer followed",
}


def greeting(hour: int) -> str:
    if hour < 12:
        return "Good morning"
    return "Good afternoon" if hour < 18 else "Good evening"


class StatCard(QFrame):
    """A number with a caption underneath."""

    def __init__(self, caption: str, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "card")
        self.setMinimumWidth(150)
        self.value = QLabel("…")
        set_role(self.value, "stat")
        self.caption = QLabel(caption)
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


class TodayView(QWidget):
    """Emits find_patient / new_patient when its buttons are pressed (the window acts)."""

    find_patient = Signal()
    new_patient = Signal()

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
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        self.status_cards: dict[PatientStatus, StatCard] = {}
        self.total_card: StatCard | None = None
        self.account_cards: dict[str, StatCard] = {}
        if actor.can(Permission.PATIENT_READ):
            layout.addSpacing(18)
            layout.addWidget(self._patients_section())
        if actor.can(Permission.USER_MANAGE):
            layout.addSpacing(18)
            layout.addWidget(self._accounts_section())
        if self._profile is not None:
            layout.addSpacing(18)
            layout.addWidget(self._clinic_section(self._profile))
        layout.addStretch(1)
        self._greet()

    # --- sections -----------------------------------------------------------------------

    def _patients_section(self) -> QWidget:
        section = QWidget()
        grid = QGridLayout(section)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        heading = QLabel("Patients")
        set_role(heading, "heading")
        grid.addWidget(heading, 0, 0, 1, 5)
        for column, status in enumerate(
            (PatientStatus.ACTIVE, PatientStatus.PROSPECTIVE, PatientStatus.PAUSED, PatientStatus.DISCHARGED)
        ):
            card = StatCard(status.label, _STATUS_NOTES[status])
            self.status_cards[status] = card
            grid.addWidget(card, 1, column)
        self.total_card = StatCard("All patients", "in the registry")
        grid.addWidget(self.total_card, 1, 4)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 8, 0, 0)
        actions.setSpacing(10)
        find = QPushButton("Find a patient…  (Ctrl+F)")
        find.setAccessibleName("Find a patient")
        find.clicked.connect(self.find_patient)
        actions.addWidget(find)
        if self._actor.can(Permission.PATIENT_WRITE):
            new = QPushButton("New patient…  (Ctrl+N)")
            new.setAccessibleName("New patient")
            new.clicked.connect(self.new_patient)
            actions.addWidget(new)
        actions.addStretch(1)
        grid.addLayout(actions, 2, 0, 1, 5)
        grid.setColumnStretch(5, 1)
        return section

    def _accounts_section(self) -> QWidget:
        section = QWidget()
        grid = QGridLayout(section)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        heading = QLabel("Accounts")
        set_role(heading, "heading")
        grid.addWidget(heading, 0, 0, 1, 3)
        for column, (key, caption, note) in enumerate(
            (
                ("active", "Active accounts", "can sign in"),
                ("locked", "Locked", "after failed sign-ins"),
                ("must_change", "Temporary password", "not yet changed"),
            )
        ):
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
        zone_name = self._profile.timezone if self._profile else "America/Chicago"
        try:
            now = datetime.now(ZoneInfo(zone_name))
        except ZoneInfoNotFoundError:
            now = datetime.now(UTC)
        first = self._actor.display_name.split(",")[0].split()[0]
        self.title.setText(f"{greeting(now.hour)}, {first}")
        clinic = f"  ·  {self._profile.name}" if self._profile else ""
        self.subtitle.setText(f"{now:%A}, {now:%B} {now.day}, {now.year}{clinic}")

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
