"""Which role may do what. Services check these; the UI only hides what is not allowed."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from ldnclinic.domain.enums import Role


class Permission(StrEnum):
    PATIENT_READ = "patient_read"
    PATIENT_WRITE = "patient_write"
    PATIENT_IMPORT = "patient_import"
    PHARMACY_MANAGE = "pharmacy_manage"
    USER_MANAGE = "user_manage"
    CLINIC_MANAGE = "clinic_manage"
    AUDIT_READ = "audit_read"
    RX_DRAFT = "rx_draft"
    RX_APPROVE = "rx_approve"
    RX_PRINT = "rx_print"
    FORMULARY_MANAGE = "formulary_manage"
    FOLLOWUP_WORK = "followup_work"
    VISIT_WRITE = "visit_write"
    VISIT_SIGN = "visit_sign"
    HANDOUT_PRINT = "handout_print"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.STAFF: frozenset(
        {
            Permission.PATIENT_READ,
            Permission.PATIENT_WRITE,
            Permission.PATIENT_IMPORT,
            Permission.PHARMACY_MANAGE,
            Permission.RX_DRAFT,
            Permission.RX_PRINT,
            Permission.FOLLOWUP_WORK,
            Permission.VISIT_WRITE,
            Permission.HANDOUT_PRINT,
        }
    ),
    Role.PRESCRIBER: frozenset(
        {
            Permission.PATIENT_READ,
            Permission.PATIENT_WRITE,
            Permission.PATIENT_IMPORT,
            Permission.PHARMACY_MANAGE,
            Permission.RX_DRAFT,
            Permission.RX_APPROVE,
            Permission.RX_PRINT,
            Permission.FOLLOWUP_WORK,
            Permission.VISIT_WRITE,
            Permission.VISIT_SIGN,
            Permission.HANDOUT_PRINT,
        }
    ),
    # The admin runs the practice's system, not its charts ("minimum necessary"):
    # a person who needs both is given both roles.
    Role.ADMIN: frozenset(
        {
            Permission.USER_MANAGE,
            Permission.CLINIC_MANAGE,
            Permission.AUDIT_READ,
            Permission.PHARMACY_MANAGE,
            Permission.FORMULARY_MANAGE,
        }
    ),
}

PERMISSION_LABELS: dict[Permission, str] = {
    Permission.PATIENT_READ: "view patient records",
    Permission.PATIENT_WRITE: "change patient records",
    Permission.PATIENT_IMPORT: "import patients",
    Permission.PHARMACY_MANAGE: "manage the pharmacy directory",
    Permission.USER_MANAGE: "manage users",
    Permission.CLINIC_MANAGE: "change the clinic profile",
    Permission.AUDIT_READ: "read the audit trail",
    Permission.RX_DRAFT: "prepare prescriptions",
    Permission.RX_APPROVE: "approve, sign or override prescriptions",
    Permission.RX_PRINT: "print prescriptions",
    Permission.FORMULARY_MANAGE: "change the formulary",
    Permission.FOLLOWUP_WORK: "work follow-ups",
    Permission.VISIT_WRITE: "document visits",
    Permission.VISIT_SIGN: "sign visit notes",
    Permission.HANDOUT_PRINT: "print patient handouts",
}


def permissions_for(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)
