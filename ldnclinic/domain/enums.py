"""Enumerations shared by every layer (stored by value, shown by label)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


def stored_values(members: Iterable[StrEnum]) -> tuple[str, ...]:
    """The stored values of a set of members, in a stable order (a query's IN list)."""
    return tuple(sorted(member.value for member in members))


class Role(StrEnum):
    ADMIN = "admin"
    PRESCRIBER = "prescriber"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PatientStatus(StrEnum):
    PROSPECTIVE = "prospective"
    ACTIVE = "active"
    PAUSED = "paused"
    DISCHARGED = "discharged"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Language(StrEnum):
    """Preferred language (ISO 639-1). Handouts exist in English and Spanish."""

    ENGLISH = "en"
    SPANISH = "es"
    VIETNAMESE = "vi"
    CHINESE = "zh"
    ARABIC = "ar"
    TAGALOG = "tl"
    KOREAN = "ko"
    HINDI = "hi"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LANGUAGE_LABELS[self]


_LANGUAGE_LABELS = {
    Language.ENGLISH: "English",
    Language.SPANISH: "Spanish (Español)",
    Language.VIETNAMESE: "Vietnamese (Tiếng Việt)",
    Language.CHINESE: "Chinese (中文)",
    Language.ARABIC: "Arabic (العربية)",
    Language.TAGALOG: "Tagalog",
    Language.KOREAN: "Korean (한국어)",
    Language.HINDI: "Hindi (हिन्दी)",
    Language.OTHER: "Other",
}


class PhoneKind(StrEnum):
    MOBILE = "mobile"
    HOME = "home"
    WORK = "work"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ConsentKind(StrEnum):
    TELEMEDICINE = "telemedicine_consent"
    PRIVACY_NOTICE = "privacy_notice_ack"
    TMB_COMPLAINT_NOTICE = "tmb_complaint_notice"

    @property
    def label(self) -> str:
        return _CONSENT_LABELS[self]


_CONSENT_LABELS = {
    ConsentKind.TELEMEDICINE: "Telemedicine informed consent",
    ConsentKind.PRIVACY_NOTICE: "Notice of privacy practices acknowledged",
    ConsentKind.TMB_COMPLAINT_NOTICE: "Texas Medical Board complaint notice given",
}


class AuditAction(StrEnum):
    """What the audit trail records. Values are stable: they are stored."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    ACCOUNT_LOCKED = "account_locked"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an action name, not a password)
    USER_CREATED = "user_created"
    USER_UPDATED = "user_updated"
    CLINIC_UPDATED = "clinic_updated"
    DATABASE_INITIALIZED = "database_initialized"
    PATIENT_CREATED = "patient_created"
    PATIENT_UPDATED = "patient_updated"
    PATIENT_VIEWED = "patient_viewed"
    PATIENT_SEARCHED = "patient_searched"
    PATIENTS_IMPORTED = "patients_imported"
    PHARMACY_CREATED = "pharmacy_created"
    PHARMACY_UPDATED = "pharmacy_updated"
    DEMO_DATA_CREATED = "demo_data_created"
    PERMISSION_DENIED = "permission_denied"
    FORMULA_CREATED = "formula_created"
    FORMULA_UPDATED = "formula_updated"
    RX_CREATED = "rx_created"
    RX_UPDATED = "rx_updated"
    RX_VIEWED = "rx_viewed"
    RX_APPROVED = "rx_approved"
    RX_OVERRIDDEN = "rx_safety_overridden"
    RX_PRINTED = "rx_printed"
    RX_REPRINTED = "rx_reprinted"
    RX_COPY_PRINTED = "rx_copy_printed"
    RX_SIGNED = "rx_signed"
    RX_SENT = "rx_sent"
    RX_VOIDED = "rx_voided"
    RX_RENEWED = "rx_renewed"
    RX_PRINT_REFUSED = "rx_print_refused"
    FOLLOWUP_CREATED = "followup_created"
    FOLLOWUP_UPDATED = "followup_updated"
    FOLLOWUP_ATTEMPT = "followup_attempt"
    FOLLOWUPS_GENERATED = "followups_generated"
    FOLLOWUPS_EXPORTED = "followups_exported"
    VISIT_CREATED = "visit_created"
    VISIT_UPDATED = "visit_updated"
    VISIT_VIEWED = "visit_viewed"
    VISIT_SIGNED = "visit_signed"
    VISIT_ADDENDUM = "visit_addendum"
    VISIT_PRINTED = "visit_printed"
    HANDOUTS_PRINTED = "handouts_printed"
    HANDOUTS_REPRINTED = "handouts_reprinted"
    HANDOUTS_VIEWED = "handouts_viewed"
