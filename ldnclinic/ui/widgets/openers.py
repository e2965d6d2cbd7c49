"""Openers: how one feature asks another for something without importing it.

The feature packages (patients, prescriptions, visits, follow-ups, handouts, admin) never import
each other. When one needs another's window or answer, say the visit note that closes a
follow-up, it calls a named opener here; the feature that owns the window provides the
implementation, and the shell installs it at start-up (`ldnclinic.ui.shell.wiring`).

Each opener is declared below by its signature (the body is never run), so callers and
implementations are checked against it by mypy:

    openers.write_followup_visit(services, actor, item.patient_id, item.id, parent)

Calling an opener that was not installed raises `OpenerNotInstalledError`, naming the opener and
the function that installs them. Tests install them as the app does (tests/ui/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

from PySide6.QtWidgets import QDialog, QWidget

from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.prescriptions.dto import PrescriptionDetail

P = ParamSpec("P")
R = TypeVar("R")

INSTALLER = "ldnclinic.ui.shell.wiring.wire_features()"


class OpenerNotInstalledError(LookupError):
    """A feature asked for an opener nobody installed (the shell's wiring was not run)."""


class Opener(Generic[P, R]):
    """One named cross-feature action: declared here, implemented by a feature, installed by
    the shell. Call it like the function it declares."""

    def __init__(self, signature: Callable[P, R]) -> None:
        self.name = signature.__name__
        self.__doc__ = signature.__doc__
        self._implementation: Callable[P, R] | None = None
        ALL.append(self)

    def install(self, implementation: Callable[P, R]) -> None:
        """Provide (or replace) what this opener runs."""
        self._implementation = implementation

    @property
    def installed(self) -> bool:
        return self._implementation is not None

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._implementation is None:
            raise OpenerNotInstalledError(
                f"The opener '{self.name}' is not installed: {INSTALLER} installs every opener "
                "when the app starts (tests: the autouse fixture in tests/ui/conftest.py)."
            )
        return self._implementation(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<opener {self.name}{'' if self.installed else ' (not installed)'}>"


ALL: list[Opener[..., Any]] = []  # every declared opener, for the shell's check


def opener(signature: Callable[P, R]) -> Opener[P, R]:
    """Declare an opener by a function whose signature and docstring it takes."""
    return Opener(signature)


@dataclass(frozen=True, slots=True)
class ActionState:
    """One action on the selected item as a button shows it."""

    key: str
    label: str
    tooltip: str
    enabled: bool


# --- patients ---------------------------------------------------------------------------------


@opener
def open_chart_at_prescription(
    owner: QWidget, services: Services, actor: Actor, patient_id: int, rx_id: int
) -> None:
    """Open the patient's chart (one window per patient, kept by `owner`) at its Prescriptions
    tab with this script selected."""
    raise NotImplementedError


# --- prescriptions ----------------------------------------------------------------------------


@opener
def edit_prescription_draft(
    services: Services,
    actor: Actor,
    patient: PatientDetail,
    draft: PrescriptionDetail,
    *,
    parent: QWidget,
    notice: str,
    on_saved: Callable[[object], None],
) -> QDialog:
    """Open the prescription editor (window-modal, deleted on close) on a draft, with `notice`
    in its banner; `on_saved(PrescriptionDetail)` after each save. Returns the open editor."""
    raise NotImplementedError


# --- visits -----------------------------------------------------------------------------------


@opener
def write_followup_visit(
    services: Services, actor: Actor, patient_id: int, followup_id: int, parent: QWidget
) -> object | None:
    """Write the visit note that closes this follow-up (modal); the saved VisitDetail, or None
    when nothing was saved."""
    raise NotImplementedError


# --- follow-ups -------------------------------------------------------------------------------


@opener
def followup_actions(item: FollowupItem | None, actor: Actor) -> dict[str, ActionState]:
    """Every action on a follow-up by key ("attempt", "done", ...): its label, its tooltip for
    this item, and whether this user may take it now (none enabled without an item)."""
    raise NotImplementedError


@opener
def run_followup_action(
    action: str, item: FollowupItem, services: Services, actor: Actor, parent: QWidget
) -> object | None:
    """Run the action (a `followup_actions` key) on the item through its modal dialog: the
    updated item (or saved VisitDetail), None when cancelled or refused."""
    raise NotImplementedError


@opener
def new_followup(
    services: Services,
    actor: Actor,
    patient_id: int,
    *,
    patient_label: str,
    parent: QWidget,
    on_created: Callable[[FollowupItem], None],
) -> QDialog:
    """The New follow-up dialog for this patient (not yet shown); `on_created(item)` after it
    saved one."""
    raise NotImplementedError


# --- handouts ---------------------------------------------------------------------------------


@opener
def offer_new_patient_packet(
    services: Services, actor: Actor, patient_id: int, patient_name: str, parent: QWidget | None
) -> QDialog | None:
    """After a first prescription is printed: ask whether to print the new-patient packet; the
    Print handouts dialog (not yet shown) when accepted, else None."""
    raise NotImplementedError
