"""The first-run wizard: what `ldnclinic init --clinic FILE.toml` does, one page at a time.

The pages fill the same structure a set-up file has ([clinic], [[prescribers]], [admin]);
every keystroke runs the service's own parse_setup over it and each page shows the
problems that belong to its fields. Finish calls services.setup.initialize in a worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.enums import Role
from ldnclinic.domain.errors import DomainError, SetupError
from ldnclinic.domain.passwords import MIN_PASSWORD_LENGTH
from ldnclinic.services.clinic.setup import SetupReport, parse_setup
from ldnclinic.services.container import Services
from ldnclinic.services.users.accounts import PHYSICIAN_CREDENTIALS, PRESCRIBER_CREDENTIALS
from ldnclinic.ui.widgets.account_fields import TIMEZONES, PersonRows, PrescriberRows
from ldnclinic.ui.widgets.form import Form, strip_prefix
from ldnclinic.ui.widgets.password_dialog import new_password_problems
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

WELCOME, CLINIC, PRESCRIBER, SUPERVISOR, ADMIN, PASSWORD, REVIEW = range(7)
CLINIC_KEYS = ("name", "street", "city", "state", "zip", "phone", "fax", "timezone")


class _FormPage(QWizardPage):
    """A page holding one Form whose problems come from the whole wizard's set-up check."""

    def __init__(self, wizard: FirstRunWizard, title: str, subtitle: str, prefix: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self._wizard = wizard
        self._prefix = prefix
        self.form = Form(check=lambda _values: strip_prefix(wizard.setup_problems(), prefix))
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.form)
        self.layout_.addStretch(1)

    def validatePage(self) -> bool:
        """Refuse to go on while a field has a problem, showing every message; keep the text."""
        return self.form.reveal_all()


class ClinicPage(_FormPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(
            wizard,
            "Your clinic",
            "As it will appear on prescriptions and handouts. The fax number is optional.",
            "clinic.",
        )
        f = self.form
        f.add_line(
            "name",
            "Clinic name",
            max_length=limits.CLINIC_NAME.box,
            placeholder="e.g. Hill Country LDN Clinic",
        )
        f.add_line(
            "street",
            "Street address",
            max_length=limits.ADDRESS_STREET.box,
            placeholder="e.g. 100 Congress Ave, Suite 200",
        )
        f.add_line("city", "City", max_length=limits.ADDRESS_CITY.box)
        f.add_line("state", "State", max_length=limits.ADDRESS_STATE.box).setText("TX")
        f.add_line("zip", "ZIP code", max_length=limits.ZIP_CODE.box, placeholder="78701")
        f.add_line("phone", "Phone", max_length=limits.PHONE_NUMBER.box, placeholder="(512) 555-0100")
        f.add_line("fax", "Fax", max_length=limits.PHONE_NUMBER.box, placeholder="optional")
        f.add_combo("timezone", "Time zone", TIMEZONES)


class PrescriberPage(_FormPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(
            wizard,
            "First prescriber",
            "The physician or physician assistant who signs prescriptions. A PA-C also needs "
            "a supervising physician (next page).",
            "prescribers[0].",
        )
        self.person = PersonRows(self.form)
        self.prescriber = PrescriberRows(self.form, PRESCRIBER_CREDENTIALS)

    def is_pa(self) -> bool:
        return self.form.values()["credentials"] == "PA-C"

    def nextId(self) -> int:
        return SUPERVISOR if self.is_pa() else ADMIN


class SupervisorPage(_FormPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(
            wizard,
            "Supervising physician",
            "In Texas a PA prescribes under a supervising physician (MD or DO), who gets a "
            "prescriber account too.",
            "prescribers[1].",
        )
        self.person = PersonRows(self.form)
        self.prescriber = PrescriberRows(self.form, PHYSICIAN_CREDENTIALS)

    def nextId(self) -> int:
        return ADMIN


class AdminPage(_FormPage):
    """The administrator is one of the prescribers (who then has both roles) or someone else."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(
            wizard,
            "System administrator",
            "The administrator manages accounts, the clinic profile and the audit trail.",
            "admin.",
        )
        self.choices = QButtonGroup(self)
        self.prescriber_choice = QRadioButton()
        self.supervisor_choice = QRadioButton()
        self.other_choice = QRadioButton("Someone else, with a separate account:")
        box = QVBoxLayout()
        for index, button in enumerate((self.prescriber_choice, self.supervisor_choice, self.other_choice)):
            self.choices.addButton(button, index)
            box.addWidget(button)
        self.prescriber_choice.setChecked(True)
        self.layout_.insertLayout(0, box)
        self.layout_.insertSpacing(1, 8)
        self.person = PersonRows(self.form)
        self.form.set_check(self._check)
        self.choices.idToggled.connect(self._choice_changed)
        self._choice_changed()

    def initializePage(self) -> None:
        names = self._wizard.people()
        self.prescriber_choice.setText(f"{names[0]} (the first prescriber) is also the administrator")
        self.prescriber_choice.setAccessibleName(self.prescriber_choice.text())
        pa = len(names) > 1
        self.supervisor_choice.setVisible(pa)
        if pa:
            self.supervisor_choice.setText(
                f"{names[1]} (the supervising physician) is also the administrator"
            )
            self.supervisor_choice.setAccessibleName(self.supervisor_choice.text())
        elif self.supervisor_choice.isChecked():
            self.prescriber_choice.setChecked(True)
        self.other_choice.setAccessibleName(self.other_choice.text())

    def _check(self, values: Mapping[str, str]) -> dict[str, str]:
        problems = strip_prefix(self._wizard.setup_problems(), "admin.")
        if any(a["username"] == values["username"] for a in self._wizard.accounts()):
            problems["username"] = "This is a prescriber's user name: choose them above, or another name."
        return problems

    def _choice_changed(self) -> None:
        self.form.setEnabled(self.other_choice.isChecked())
        self.form.refresh()

    def admin_table(self, accounts: list[dict[str, Any]]) -> dict[str, Any]:
        chosen = self.choices.checkedId()
        if chosen < 2 and chosen < len(accounts):
            return {"username": accounts[chosen]["username"]}
        return self.form.values()

    def validatePage(self) -> bool:
        return (not self.other_choice.isChecked()) or self.form.reveal_all()


class PasswordPage(_FormPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(
            wizard,
            "Initial password",
            "Every account created now starts with this password, and each person must choose "
            f"their own at their first sign-in. At least {MIN_PASSWORD_LENGTH} characters.",
            "",
        )
        self.form.set_check(lambda values: new_password_problems(values, ""))
        self.form.add_line("new", "Initial password", password=True, max_length=limits.PASSWORD.box)
        self.form.add_line("repeat", "Repeat it", password=True, max_length=limits.PASSWORD.box)

    def password(self) -> str:
        return self.form.values()["new"]


class ReviewPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.setTitle("Ready to set up")
        self.setSubTitle("Check what will be created, then press Finish.")
        self._wizard = wizard
        self._done = False
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Set-up message")
        set_role(self.error, "banner-error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.summary.setText(self._wizard.summary())
        self.error.hide()

    def validatePage(self) -> bool:
        if self._done:
            return True
        self._wizard.start_setup()
        return False

    def finished(self) -> None:
        self._done = True

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


class FirstRunWizard(QWizard):
    """Accepted once the clinic and its accounts exist; `admin_username()` signs in next."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.report: SetupReport | None = None
        self.setWindowTitle("Set up ldnclinic")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setMinimumSize(760, 600)
        self.clinic = ClinicPage(self)
        self.prescriber = PrescriberPage(self)
        self.supervisor = SupervisorPage(self)
        self.admin = AdminPage(self)
        self.password = PasswordPage(self)
        self.review = ReviewPage(self)
        self.setPage(WELCOME, _welcome_page(services.database_name))
        for page_id, page in (
            (CLINIC, self.clinic),
            (PRESCRIBER, self.prescriber),
            (SUPERVISOR, self.supervisor),
            (ADMIN, self.admin),
            (PASSWORD, self.password),
            (REVIEW, self.review),
        ):
            self.setPage(page_id, page)
        for kind in (
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            button = self.button(kind)
            button.setAccessibleName(button.text().replace("&", "").strip("<> "))

    # --- the set-up as a TOML-like structure -------------------------------------------

    def accounts(self) -> list[dict[str, Any]]:
        first = dict(self.prescriber.form.values())
        if not self.prescriber.is_pa():
            return [first]
        second = dict(self.supervisor.form.values())
        first["supervising"] = second["username"]
        return [first, second]

    def raw(self) -> dict[str, Any]:
        accounts = self.accounts()
        return {
            "clinic": self.clinic.form.values(),
            "prescribers": accounts,
            "staff": [],
            "admin": self.admin.admin_table(accounts),
        }

    def setup_problems(self) -> Mapping[str, str]:
        try:
            parse_setup(self.raw())
        except SetupError as error:
            return _by_page(error.field_errors)
        return {}

    def people(self) -> list[str]:
        return [f"{a['first_name']} {a['last_name']}, {a['credentials']}" for a in self.accounts()]

    def admin_username(self) -> str:
        return str(self.admin.admin_table(self.accounts()).get("username", ""))

    def summary(self) -> str:
        raw = self.raw()
        clinic = raw["clinic"]
        admin = self.admin_username()
        lines = [
            f"Clinic: {clinic['name']}, {clinic['street']}, {clinic['city']}, {clinic['state']} "
            f"{clinic['zip']} ({clinic['timezone']})",
            "",
            "Accounts:",
        ]
        for account in raw["prescribers"]:
            roles = [Role.PRESCRIBER.label] + ([Role.ADMIN.label] if account["username"] == admin else [])
            lines.append(
                f"  {account['username']}: {account['first_name']} {account['last_name']}, "
                f"{account['credentials']}, NPI {account['npi']} ({', '.join(roles)})"
            )
        if all(a["username"] != admin for a in raw["prescribers"]):
            lines.append(
                f"  {admin}: {raw['admin'].get('first_name', '')} "
                f"{raw['admin'].get('last_name', '')} ({Role.ADMIN.label})"
            )
        lines += ["", "Each account signs in first with the initial password and then chooses its own."]
        return "\n".join(lines)

    # --- finishing ----------------------------------------------------------------------

    def start_setup(self) -> None:
        try:
            setup = parse_setup(self.raw())
        except SetupError as error:
            self.review.show_error(error.message)
            return
        password = self.password.password()
        self._set_busy(True)
        run_in_background(
            lambda: self._services.setup.initialize(setup, lambda: password),
            on_result=self._set_up,
            on_error=self._failed,
            owner=self,
        )

    def _set_up(self, report: SetupReport) -> None:
        self._set_busy(False)
        self.report = report
        self.review.finished()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, DomainError):
            self.review.show_error(error.message)
        else:
            report_unhandled(error)

    def _set_busy(self, busy: bool) -> None:
        for kind in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(kind).setEnabled(not busy)


def _by_page(errors: Mapping[str, str]) -> dict[str, str]:
    """Put parse_setup's problems where this wizard asks for them.

    The supervisor link is made by the wizard itself (the PA's `supervising` is the second
    page's user name), so its problems show as that user name's; the only clash possible
    ("user NAME" appears twice) is the supervisor taking the first prescriber's name.
    """
    result: dict[str, str] = {}
    for key, message in errors.items():
        if key.endswith(".supervising"):
            continue
        if key.startswith("user "):
            result["prescribers[1].username"] = "The first prescriber already has this user name."
        else:
            result.setdefault(key, message)
    return result


def _welcome_page(database: str) -> QWizardPage:
    page = QWizardPage()
    page.setTitle("Welcome to ldnclinic")
    page.setSubTitle("This database is empty. A few pages set up your clinic and its first accounts.")
    text = QLabel(
        "You will need:\n\n"
        "  •  the clinic's address, phone and fax numbers\n"
        "  •  the prescriber's NPI and Texas license number (and, for a PA-C, the supervising "
        "physician's)\n"
        "  •  an initial password for the new accounts\n\n"
        "More staff accounts can be added later under Admin → Users.\n\n"
        f"Database: {database}"
    )
    text.setWordWrap(True)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout = QVBoxLayout(page)
    layout.addWidget(text)
    layout.addStretch(1)
    return page
