"""The life of a prescription: which step may follow which, and who may take it."""

from __future__ import annotations

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
        return self in (RxStatus.DRAFT, RxStatus.APPROVED)

    @property
    def voidable(self) -> bool:
        return self not in (RxStatus.SENT, RxStatus.VOID)

    @property
    def printable(self) -> bool:
        """An original may be printed once approved; later prints are reprints."""
        return self is RxStatus.APPROVED


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
