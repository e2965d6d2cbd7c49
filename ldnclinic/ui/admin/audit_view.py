"""Admin → Audit trail: the newest entries first, filtered by action, in the clinic's time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.domain.enums import AuditAction
from ldnclinic.services.audit import AuditEntry
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.widgets.table_model import Column, DtoTableModel, table_view
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import run_in_background

LIMITS = (200, 1000, 5000)


def action_label(action: AuditAction) -> str:
    return action.value.replace("_", " ").capitalize()


def audit_columns(zone: ZoneInfo) -> tuple[Column[AuditEntry], ...]:
    def when(entry: AuditEntry) -> str:
        return _local(entry.occurred_at, zone)

    return (
        Column("When", when, tooltip=lambda e: f"{e.occurred_at.isoformat()} (UTC)"),
        Column("User", lambda e: e.username),
        Column("Action", lambda e: action_label(e.action)),
        Column("Record", lambda e: f"{e.record_type} {e.record_id}" if e.record_type else ""),
        Column("Detail", lambda e: e.detail or ""),
        Column("Workstation", lambda e: e.workstation or ""),
    )


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S %Z")


class AuditView(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.loaded = False
        zone = services.clinic.zone()
        self.model: DtoTableModel[AuditEntry] = DtoTableModel(audit_columns(zone), self)
        self.table = table_view(self.model, "Audit trail", stretch=4)
        self.action = QComboBox()
        self.action.setAccessibleName("Show action")
        self.action.addItem("All actions", "")
        for action in AuditAction:
            self.action.addItem(action_label(action), action.value)
        self.limit = QComboBox()
        self.limit.setAccessibleName("How many entries")
        for limit in LIMITS:
            self.limit.addItem(f"Latest {limit:,}", limit)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setAccessibleName("Refresh audit trail")
        self.action.activated.connect(lambda _i: self.reload())
        self.limit.activated.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.count = QLabel()
        set_role(self.count, "muted")
        zone_note = QLabel(f"Times in {zone.key}; hover a time for UTC.")
        set_role(zone_note, "muted")
        filters = QHBoxLayout()
        show_label = QLabel("Show")
        show_label.setBuddy(self.action)
        filters.addWidget(show_label)
        filters.addWidget(self.action)
        filters.addWidget(self.limit)
        filters.addWidget(self.refresh_button)
        filters.addStretch(1)
        filters.addWidget(zone_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 14, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        action = AuditAction(self.action.currentData()) if self.action.currentData() else None
        limit = int(self.limit.currentData())
        self.refresh_button.setEnabled(False)
        run_in_background(
            lambda: self._services.audit.recent(self._actor, limit=limit, action=action),
            on_result=self._show,
            owner=self,
        )

    def _show(self, entries: list[AuditEntry]) -> None:
        self.model.set_rows(entries)
        self.loaded = True
        self.refresh_button.setEnabled(True)
        self.count.setText(f"{len(entries):,} entries, newest first.")
