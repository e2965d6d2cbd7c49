"""The life of a prescription: which step may follow which, and who may take it."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class RxStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    PRINTED = "printed"
    SIGNED = "signed"
    SENT = "sent"
    VOID = "void"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def editable(self) -> bool:
        """Draft and approved scripts may be edited (an approved one goes back to draft)."""
        return self in EDITABLE_STATUSES

    @property
    def approvable(self) -> bool:
        """Only a draft is approved."""
        return can_move(self, RxStatus.APPROVED)

    @property
    def voidable(self) -> bool:
        """Anything not yet sent (and not void already) may be voided."""
        return can_move(self, RxStatus.VOID)

    @property
    def void_needs_prescriber(self) -> bool:
        """Staff may void a draft; only a prescriber voids an approved or printed script."""
        return self is not RxStatus.DRAFT

    @property
    def printable(self) -> bool:
        """An original may be printed once approved; later prints are reprints."""
        return can_move(self, RxStatus.PRINTED)

    @property
    def was_printed(self) -> bool:
        """Printed, signed or sent: there is an original, so reprints, chart copies and a fax
        cover can be made."""
        return self in PRINTED_STATUSES

    @property
    def signable(self) -> bool:
        """The prescriber confirms the wet signature on a printed original."""
        return can_move(self, RxStatus.SIGNED)

    @property
    def sendable(self) -> bool:
        """A signed script is sent (faxed, mailed or handed to the patient)."""
        return can_move(self, RxStatus.SENT)

    @property
    def renewable(self) -> bool:
        """Anything but a draft may be renewed (a draft is edited instead)."""
        return self is not RxStatus.DRAFT


# Which status may follow which: approve, edit after approval (back to draft), print the
# original, confirm the signature, send, void. Reprints and chart copies change nothing.
RX_TRANSITIONS: Mapping[RxStatus, frozenset[RxStatus]] = {
    RxStatus.DRAFT: frozenset({RxStatus.APPROVED, RxStatus.VOID}),
    RxStatus.APPROVED: frozenset({RxStatus.DRAFT, RxStatus.PRINTED, RxStatus.VOID}),
    RxStatus.PRINTED: frozenset({RxStatus.SIGNED, RxStatus.VOID}),
    RxStatus.SIGNED: frozenset({RxStatus.SENT, RxStatus.VOID}),
    RxStatus.SENT: frozenset(),
    RxStatus.VOID: frozenset(),
}

# Scripts that can still be changed in place (an approved one goes back to draft).
EDITABLE_STATUSES = frozenset({RxStatus.DRAFT, RxStatus.APPROVED})
# Scripts with a printed original.
PRINTED_STATUSES = frozenset({RxStatus.PRINTED, RxStatus.SIGNED, RxStatus.SENT})
# Scripts a prescriber stands behind: approved or later, not void. The patient is on
# treatment (follow-ups are planned, handouts are for a patient with a live script).
LIVE_STATUSES = frozenset({RxStatus.APPROVED}) | PRINTED_STATUSES


def can_move(current: RxStatus, to: RxStatus) -> bool:
    """May a script in status `current` go to status `to`?"""
    return to in RX_TRANSITIONS[current]


class SendMethod(StrEnum):
    FAX = "fax"
    MAIL = "mail"
    HANDED_TO_PATIENT = "handed_to_patient"

    @property
    def label(self) -> str:
        return {"fax": "Faxed", "mail": "Mailed", "handed_to_patient": "Handed to the patient"}[self.value]


class PrintKind(StrEnum):
    ORIGINAL = "original"
    REPRINT = "reprint"
    CHART_COPY = "chart_copy"
