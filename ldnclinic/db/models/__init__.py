"""All ORM models; importing this package registers every table on Base.metadata."""

from ldnclinic.db.models.audit import AuditEvent
from ldnclinic.db.models.clinic import ClinicProfile, Pharmacy
from ldnclinic.db.models.followups import ContactAttempt, Followup, Visit, VisitAddendum
from ldnclinic.db.models.handouts import HandoutPrint
from ldnclinic.db.models.patients import (
    Patient,
    PatientAllergy,
    PatientCondition,
    PatientConsent,
    PatientMedication,
    PatientNameToken,
    PatientPhone,
)
from ldnclinic.db.models.prescriptions import Formula, Prescription, PrescriptionPrint
from ldnclinic.db.models.users import User, UserRole

__all__ = [
    "AuditEvent",
    "ClinicProfile",
    "ContactAttempt",
    "Followup",
    "Formula",
    "HandoutPrint",
    "Patient",
    "PatientAllergy",
    "PatientCondition",
    "PatientConsent",
    "PatientMedication",
    "PatientNameToken",
    "PatientPhone",
    "Pharmacy",
    "Prescription",
    "PrescriptionPrint",
    "User",
    "UserRole",
    "Visit",
    "VisitAddendum",
]
