"""Which prescription actions exist, and which a user may take on a script right now.

`visible_actions()` is what a user's roles may ever use (the chart hides the other buttons);
`allowed()` narrows that to the selected script's status (the service checks again); only
the prescriber named on a printed script (by user id, never by name) may confirm its signature.
`rx_label()` names a script in messages the way the staff say it.
"""

from __future__ import annotations

from enum import StrEnum

from ldnclinic.domain.permissions import Permission
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import PrescriptionDetail, PrescriptionSummary


class Action(StrEnum):
    NEW = "new"
    OPEN = "open"
    APPROVE = "approve"
    PRINT = "print"
    CHART_COPY = "chart_copy"
    VIEW = "view"
    FAX_COVER = "fax_cover"
    SIGN = "sign"
    SEND = "send"
    VOID = "void"
    RENEW = "renew"


def visible_actions(actor: Actor) -> frozenset[Action]:
    """The buttons a user's roles may ever use (others are not shown at all)."""
    shown = {Action.OPEN, Action.VIEW}
    if actor.can(Permission.RX_DRAFT):
        shown |= {Action.NEW, Action.VOID, Action.RENEW}
    if actor.can(Permission.RX_PRINT):
        shown |= {Action.PRINT, Action.CHART_COPY, Action.FAX_COVER, Action.SEND}
    if actor.can(Permission.RX_APPROVE):
        shown |= {Action.APPROVE, Action.SIGN}
    return frozenset(shown)


def allowed(actor: Actor, rx: PrescriptionSummary | None) -> frozenset[Action]:
    """What this user may do now with this script (None: nothing selected)."""
    shown = visible_actions(actor)
    if rx is None:
        return frozenset(shown & {Action.NEW})
    status = rx.status
    possible = {Action.NEW, Action.OPEN}
    if status.approvable:
        possible.add(Action.APPROVE)
    if status.printable or status.was_printed:  # the original, or a reprint
        possible.add(Action.PRINT)
    if status.was_printed:
        possible |= {Action.CHART_COPY, Action.FAX_COVER}
    if rx.serial is not None:
        possible.add(Action.VIEW)
    if status.signable and rx.prescriber_id == actor.user_id:  # by id: names can be shared
        possible.add(Action.SIGN)
    if status.sendable:
        possible.add(Action.SEND)
    if status.voidable and (not status.void_needs_prescriber or actor.can(Permission.RX_APPROVE)):
        possible.add(Action.VOID)
    if status.renewable:
        possible.add(Action.RENEW)
    return frozenset(shown & possible)


def rx_label(rx: PrescriptionSummary | PrescriptionDetail) -> str:
    """ "RX-0000001-8" once printed, else "draft #12" (or "approved #12")."""
    return rx.serial or f"{rx.status.label.lower()} prescription #{rx.id}"
