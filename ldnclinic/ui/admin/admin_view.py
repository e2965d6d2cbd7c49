"""The Admin page: one tab per administrative area the signed-in user is allowed to use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.admin.audit_view import AuditView
from ldnclinic.ui.admin.clinic_form import ClinicProfileEditor
from ldnclinic.ui.admin.followup_rules_view import FollowupRulesView
from ldnclinic.ui.admin.formulary_view import FormularyView
from ldnclinic.ui.admin.users_view import UsersView

TabFactory = Callable[[Services, Actor, QWidget], QWidget]

# (title, factory, permission): a later area is one more line here.
ADMIN_TABS: list[tuple[str, TabFactory, Permission]] = [
    ("Users", UsersView, Permission.USER_MANAGE),
    ("Clinic profile", ClinicProfileEditor, Permission.CLINIC_MANAGE),
    ("Formulary", FormularyView, Permission.FORMULARY_MANAGE),
    ("Follow-up rules", FollowupRulesView, Permission.CLINIC_MANAGE),
    ("Audit trail", AuditView, Permission.AUDIT_READ),
]
ADMIN_PERMISSIONS = frozenset(permission for _title, _factory, permission in ADMIN_TABS)


def may_administer(actor: Actor) -> bool:
    return any(actor.can(permission) for permission in ADMIN_PERMISSIONS)


class AdminView(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Administration areas")
        self.areas: dict[str, QWidget] = {}
        for name, factory, permission in ADMIN_TABS:
            if actor.can(permission):
                area = factory(services, actor, self.tabs)
                self.areas[name] = area
                self.tabs.addTab(area, name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)

    def show_area(self, name: str) -> QWidget:
        area = self.areas[name]
        self.tabs.setCurrentWidget(area)
        return area
