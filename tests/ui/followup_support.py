"""Shared set-up for the follow-up worklist tests: a realistic board of items, the panel on
screen, and a way to answer the action dialogs, which run modally (`exec`).

The clock stands at Saturday 11/21/2026, 09:00 in Austin. The board holds thirteen open items
this week: five overdue, three due today (one of them a 2:30 PM appointment) and five later
this week, of every type, for three people and unassigned, some with contact attempts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import PhoneKind
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import ContactMethod, ContactOutcome
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem, NewFollowup
from ldnclinic.ui.followups.worklist_panel import WorklistPanel
from tests.services.rx_support import add_patient, add_pharmacy, allow_start_dates, approved_rx
from tests.support.clock import FakeClock
from tests.ui.shell_support import Ui

D = TypeVar("D", bound=QDialog)
AUSTIN = ZoneInfo("America/Chicago")
TODAY = date(2026, 11, 21)


@dataclass(frozen=True, slots=True)
class Board:
    patients: dict[str, int]  # short name -> patient id
    items: dict[str, int]  # label -> follow-up id

    def item(self, services: Services, actor: Actor, label: str) -> FollowupItem:
        return services.followups.get(actor, self.items[label])


def patient(services: Services, staff: Actor, pharmacy: int, first: str, last: str, **changes: Any) -> int:
    return add_patient(
        services,
        staff,
        visit=changes.pop("visit", False),
        preferred_pharmacy_id=pharmacy,
        first_name=first,
        middle_name=changes.pop("middle_name", ""),
        last_name=last,
        preferred_name=changes.pop("preferred_name", ""),
        **changes,
    )


def add_item(
    services: Services,
    actor: Actor,
    patient_id: int,
    kind: FollowupType,
    due: date,
    reason: str,
    assignee: int | None = None,
) -> int:
    return services.followups.create(actor, NewFollowup(patient_id, kind, due, reason, assignee)).id


def attempt(
    services: Services,
    actor: Actor,
    followup_id: int,
    method: ContactMethod,
    outcome: ContactOutcome,
    at: datetime,
    note: str | None = None,
) -> None:
    item = services.followups.get(actor, followup_id)
    services.followups.log_attempt(
        actor, item.id, item.version, method=method, outcome=outcome, note=note, at=at
    )


def busy_board(services: Services, staff: Actor, prescriber: Actor, clock: FakeClock) -> Board:
    """Thirteen open items this week (and the later ones the prescriptions plan)."""
    s = services
    pharmacy = add_pharmacy(s, staff)
    maria, garcia = staff.user_id, prescriber.user_id
    jones = next(p.id for p in s.followups.assignees(staff) if p.name == "Sam Jones")
    people = {
        "pena": patient(
            s, staff, pharmacy, "José", "Peña", visit=True, middle_name="Luis", preferred_name="Pepe"
        ),
        "nguyen": patient(
            s, staff, pharmacy, "Hằng", "Nguyễn", visit=True, middle_name="Thị", date_of_birth="7/14/1975"
        ),
        "obrien": patient(
            s,
            staff,
            pharmacy,
            "Siobhán",
            "O'Brien",
            date_of_birth="1/30/1958",
            phones={PhoneKind.MOBILE: "512-555-0101"},
        ),
        "smith": patient(
            s,
            staff,
            pharmacy,
            "Ana",
            "Smith",
            date_of_birth="1/15/1980",
            phones={PhoneKind.MOBILE: "512-555-0102"},
        ),
        "odegard": patient(
            s,
            staff,
            pharmacy,
            "Ingrid",
            "Ødegård",
            date_of_birth="5/5/1969",
            phones={PhoneKind.HOME: "737-555-0103"},
        ),
        "washington": patient(
            s,
            staff,
            pharmacy,
            "Jasmine",
            "Washington",
            date_of_birth="9/9/1990",
            phones={PhoneKind.MOBILE: "210-555-0104"},
        ),
        "hernandez": patient(
            s,
            staff,
            pharmacy,
            "María de los Ángeles",
            "Hernández García",
            date_of_birth="12/1/1972",
            phones={PhoneKind.MOBILE: "512-555-0105"},
        ),
        "kim": patient(
            s,
            staff,
            pharmacy,
            "Daniel",
            "Kim",
            date_of_birth="3/3/1985",
            phones={PhoneKind.WORK: "512-555-0106"},
        ),
        "alsayed": patient(
            s,
            staff,
            pharmacy,
            "Layla",
            "Al-Sayed",
            date_of_birth="8/21/1979",
            phones={PhoneKind.MOBILE: "830-555-0107"},
        ),
    }
    # The Peña script started 10/1: its refill (10/24) and titration check (10/29) are overdue.
    allow_start_dates(s)
    approved_rx(
        s, prescriber, people["pena"], formula="CAP-1.5", plan="STD-1.5-14", start_date=date(2026, 10, 1)
    )
    # The Nguyễn script started 10/24: the titration check falls today.
    approved_rx(
        s, prescriber, people["nguyen"], formula="CAP-1.5", plan="STD-1.5-14", start_date=date(2026, 10, 24)
    )
    opened = {i.type: i.id for i in s.followups.for_patient(staff, people["pena"])}
    nguyen = {i.type: i.id for i in s.followups.for_patient(staff, people["nguyen"])}
    items = {
        "pena_refill": opened[FollowupType.REFILL_DUE],
        "pena_titration": opened[FollowupType.TITRATION_CHECK],
        "nguyen_titration": nguyen[FollowupType.TITRATION_CHECK],
        "nguyen_refill": nguyen[FollowupType.REFILL_DUE],
        "alsayed_efficacy": add_item(
            s,
            staff,
            people["alsayed"],
            FollowupType.EFFICACY_REVIEW,
            TODAY - timedelta(days=5),
            "Ten weeks on 4.5 mg: ask about pain scores and sleep.",
            maria,
        ),
        "obrien_other": add_item(
            s,
            staff,
            people["obrien"],
            FollowupType.OTHER,
            TODAY - timedelta(days=2),
            "Pharmacy called: the new capsules look different from the last fill; call the patient back.",
        ),
        "washington_refill": add_item(
            s,
            staff,
            people["washington"],
            FollowupType.REFILL_DUE,
            TODAY,
            "Supply runs out 11/28: renew the prescription in time.",
            maria,
        ),
        "smith_routine": add_item(
            s,
            staff,
            people["smith"],
            FollowupType.ROUTINE_REVIEW,
            TODAY,
            "Routine review 3 months after the start on 08/21/2026.",
            garcia,
        ),
        "hernandez_titration": add_item(
            s,
            staff,
            people["hernandez"],
            FollowupType.TITRATION_CHECK,
            TODAY + timedelta(days=3),
            "Target dose 3 mg reached on 11/24/2026: check how it is going.",
            jones,
        ),
        "odegard_efficacy": add_item(
            s,
            staff,
            people["odegard"],
            FollowupType.EFFICACY_REVIEW,
            TODAY + timedelta(days=4),
            "Efficacy review ten weeks after the first dose.",
        ),
        "kim_other": add_item(
            s,
            staff,
            people["kim"],
            FollowupType.OTHER,
            TODAY + timedelta(days=5),
            "Remind him to send the sleep diary through the portal.",
            maria,
        ),
        "smith_refill": add_item(
            s,
            staff,
            people["smith"],
            FollowupType.REFILL_DUE,
            TODAY + timedelta(days=6),
            "The dispensed supply runs out on 12/04/2026: renew the prescription in time.",
            garcia,
        ),
        "hernandez_routine": add_item(
            s,
            staff,
            people["hernandez"],
            FollowupType.ROUTINE_REVIEW,
            TODAY + timedelta(days=2),
            "Routine review 6 months after the start on 05/23/2026.",
        ),
    }
    now = clock.now
    attempt(
        s, staff, items["pena_refill"], ContactMethod.PHONE, ContactOutcome.NO_ANSWER, now - timedelta(days=3)
    )
    attempt(
        s,
        staff,
        items["pena_refill"],
        ContactMethod.PHONE,
        ContactOutcome.LEFT_MESSAGE,
        now - timedelta(days=1),
        "Voicemail: asked him to call the clinic.",
    )
    attempt(
        s, staff, items["alsayed_efficacy"], ContactMethod.TEXT, ContactOutcome.SENT, now - timedelta(days=4)
    )
    attempt(
        s,
        staff,
        items["alsayed_efficacy"],
        ContactMethod.PHONE,
        ContactOutcome.NO_ANSWER,
        now - timedelta(days=2),
    )
    attempt(
        s,
        staff,
        items["alsayed_efficacy"],
        ContactMethod.EMAIL,
        ContactOutcome.SENT,
        now - timedelta(hours=20),
    )
    attempt(
        s,
        staff,
        items["obrien_other"],
        ContactMethod.PHONE,
        ContactOutcome.WRONG_NUMBER,
        now - timedelta(days=1),
    )
    attempt(s, staff, items["kim_other"], ContactMethod.PORTAL, ContactOutcome.SENT, now - timedelta(hours=2))
    smith = s.followups.get(staff, items["smith_routine"])
    s.followups.schedule(staff, smith.id, smith.version, datetime(2026, 11, 21, 14, 30, tzinfo=AUSTIN))
    return Board(people, items)


# --- the panel ------------------------------------------------------------------------------------


def show_panel(
    qtbot: QtBot, ui: Ui, services: Services, actor: Actor, size: tuple[int, int] = (1200, 700)
) -> WorklistPanel:
    panel = ui.show(WorklistPanel(services, actor))
    panel.resize(*size)
    qtbot.waitUntil(lambda: panel.loaded_once)
    ui.settle()
    return panel


def wait_loaded(qtbot: QtBot, panel: WorklistPanel) -> None:
    """Wait for the panel's newest request to be answered."""
    qtbot.waitUntil(lambda: not panel.loading, timeout=15_000)


def column(panel: WorklistPanel, col: int) -> list[str]:
    model = panel.model
    return [str(model.index(row, col).data()) for row in range(model.rowCount())]


# --- answering modal dialogs --------------------------------------------------------------------


@contextmanager
def answering(kind: type[D], fill: Callable[[D], None]) -> Iterator[None]:
    """Answer the next modal dialog of `kind` with `fill` while the block runs.

    `fill` drives the dialog's widgets (and usually presses its accept button). Whatever
    happens, the dialog is closed afterwards so `exec()` returns; a failed assertion inside
    `fill` is raised when the block ends."""
    problems: list[BaseException] = []
    answered: list[bool] = []
    over: list[bool] = []

    def look(tries: int) -> None:
        if over:
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            if tries > 0:
                QTimer.singleShot(10, lambda: look(tries - 1))
            return
        answered.append(True)
        try:
            fill(dialog)
        except BaseException as error:  # re-raised once exec() has returned
            problems.append(error)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, lambda: look(500))
    try:
        yield
    finally:
        over.append(True)
    if problems:
        raise problems[0]
    assert answered, f"no {kind.__name__} was opened"
