"""The main window: navigation on the left, one page at a time on the right.

Pages come from PAGES, a list of (key, title, icon, factory, who may see it): a later
feature adds its page with one more line. The window gives every page its heading and
margins, so a page widget brings only its content. The status bar names the signed-in user and the
database in use (never a password).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, cast

from PySide6.QtCore import QSize, Qt, Signal, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import ldnclinic
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.admin.admin_view import AdminView, may_administer
from ldnclinic.ui.admin.pharmacies import PharmacyDirectory
from ldnclinic.ui.patients.patients_view import PatientsView
from ldnclinic.ui.prescriptions.queue_view import PrescriptionQueueView
from ldnclinic.ui.shell.today_view import TodayView
from ldnclinic.ui.shell.wiring import wire_features
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.icons import icon
from ldnclinic.ui.widgets.password_dialog import PasswordDialog
from ldnclinic.ui.widgets.theme import set_role

PageFactory = Callable[[Services, Actor, QWidget], QWidget]


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    title: str
    icon: str
    factory: PageFactory
    allowed: Callable[[Actor], bool]
    heading: bool = True  # False when the page shows its own (Today's greeting)


class PatientsPage(Protocol):
    """What the window needs from the Patients page (ldnclinic.ui.patients.PatientsView)."""

    def focus_search(self) -> None: ...
    def new_patient(self) -> object: ...
    def is_loaded(self) -> bool: ...
    def open_chart(self, patient_id: int) -> object: ...


def _needs(permission: Permission) -> Callable[[Actor], bool]:
    return lambda actor: actor.can(permission)


PAGES: list[Page] = [
    Page("today", "Today", "today", TodayView, lambda _actor: True, heading=False),
    Page("patients", "Patients", "patients", PatientsView, _needs(Permission.PATIENT_READ)),
    Page(
        "prescriptions", "Prescriptions", "prescriptions", PrescriptionQueueView, _needs(Permission.RX_DRAFT)
    ),
    Page("pharmacies", "Pharmacies", "pharmacies", PharmacyDirectory, _needs(Permission.PHARMACY_MANAGE)),
    Page("admin", "Admin", "admin", AdminView, may_administer),
]


class MainWindow(QMainWindow):
    """Emits `signed_out` after File → Sign out, `closed` when the window is closed."""

    signed_out = Signal()
    closed = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        wire_features()
        self._services = services
        self.actor = actor
        self._sign_out_recorded = False
        self._signing_out = False
        self.password_dialog: PasswordDialog | None = None
        profile = services.clinic.profile()
        self.setWindowTitle(f"{profile.name} · ldnclinic" if profile else "ldnclinic")
        self.setMinimumSize(1000, 640)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(196)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self._page_keys: list[str] = []
        for page in PAGES:
            if page.allowed(actor):
                self._add_page(page)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()
        today = self.pages.get("today")
        if isinstance(today, TodayView):
            today.find_patient.connect(self.find_patient)
            today.new_patient.connect(self.new_patient)
            today.open_chart.connect(self.open_chart)
        self.navigation.setCurrentRow(0)

    def _add_page(self, page: Page) -> None:
        frame = QWidget()
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(28, 22, 28, 12)
        layout.setSpacing(10)
        if page.heading:
            title = QLabel(page.title)
            set_role(title, "title")
            layout.addWidget(title)
        widget = page.factory(self._services, self.actor, frame)
        inner = widget.layout()
        if inner is not None:
            inner.setContentsMargins(0, 0, 0, 0)  # the frame gives every page the same margins
        layout.addWidget(widget, 1)
        self.pages[page.key] = widget
        self._page_keys.append(page.key)
        self.stack.addWidget(frame)
        item = QListWidgetItem(page.title)
        item.setData(Qt.ItemDataRole.UserRole, page.key)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, page.title)
        item.setIcon(icon(page.icon, self.palette().color(QPalette.ColorRole.WindowText)))
        self.navigation.addItem(item)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.change_password_action = self._action("Change &password…", self.change_password)
        self.sign_out_action = self._action("&Sign out", self.sign_out)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.change_password_action)
        file_menu.addSeparator()
        file_menu.addAction(self.sign_out_action)
        file_menu.addAction(self.quit_action)
        self.find_action: QAction | None = None
        self.new_patient_action: QAction | None = None
        if "patients" in self.pages:
            patients_menu = menus.addMenu("&Patients")
            self.find_action = self._action("&Find patient…", self.find_patient, "Ctrl+F")
            patients_menu.addAction(self.find_action)
            if self.actor.can(Permission.PATIENT_WRITE):
                self.new_patient_action = self._action("&New patient…", self.new_patient, "Ctrl+N")
                patients_menu.addAction(self.new_patient_action)
        go_menu = menus.addMenu("&Go")
        for number, key in enumerate(self._page_keys, start=1):
            title = self.navigation.item(number - 1).text()
            go_menu.addAction(self._action(title, partial(self.show_page, key), f"Ctrl+{number}"))
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self._action("&About ldnclinic", self.about))

    def _build_status_bar(self) -> None:
        self.user_label = QLabel(f"Signed in: {self.actor.display_name} ({self.actor.roles_label})")
        self.user_label.setAccessibleName("Signed-in user")
        database = self._services.database_name
        self.database_label = QLabel(f"Database: {database}")
        self.database_label.setToolTip(database)
        self.database_label.setAccessibleName("Database in use")
        self.database_label.setMaximumWidth(640)
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().setSizeGripEnabled(False)

    # --- pages --------------------------------------------------------------------------

    def current_page(self) -> str:
        return self._page_keys[self.navigation.currentRow()]

    def show_page(self, key: str) -> QWidget:
        self.navigation.setCurrentRow(self._page_keys.index(key))
        return self.pages[key]

    def patients_page(self) -> PatientsPage | None:
        page = self.pages.get("patients")
        return cast(PatientsPage, page) if page is not None else None

    def find_patient(self) -> None:
        page = self.patients_page()
        if page is not None:
            self.show_page("patients")
            page.focus_search()

    def new_patient(self) -> None:
        page = self.patients_page()
        if page is not None and self.actor.can(Permission.PATIENT_WRITE):
            self.show_page("patients")
            page.new_patient()

    def open_chart(self, patient_id: int) -> None:
        """The patient's chart in its own window (from a worklist row, for example)."""
        page = self.patients_page()
        if page is not None:
            page.open_chart(patient_id)

    # --- session ------------------------------------------------------------------------

    def change_password(self) -> None:
        self.password_dialog = PasswordDialog(self._services, self.actor.username, parent=self)
        self.password_dialog.changed.connect(
            lambda _actor: self.statusBar().showMessage("Your new password is saved.", 8000)
        )
        self.password_dialog.open()

    def about(self) -> None:
        prompts.inform(
            self,
            "about",
            "About ldnclinic",
            f"ldnclinic {ldnclinic.__version__}\n"
            "Practice management for a Texas low-dose naltrexone telemedicine clinic.\n\n"
            f"Database: {self._services.database_name}\nQt {qVersion()}",
        )

    def sign_out(self) -> None:
        self._signing_out = True
        if self.close():
            self.signed_out.emit()
        self._signing_out = False

    def _record_sign_out(self) -> None:
        if not self._sign_out_recorded:
            self._sign_out_recorded = True
            self._services.users.record_sign_out(self.actor)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Close open charts and dialogs first: each may ask about unsaved changes and refuse.
        for child in self.findChildren(QWidget):
            if child.isWindow() and child.isVisible() and not child.close():
                event.ignore()
                return
        self._record_sign_out()
        super().closeEvent(event)
        if not self._signing_out:
            self.closed.emit()
