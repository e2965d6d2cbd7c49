"""The database columns are as long as the domain's field limits say (one number for both)."""

from __future__ import annotations

import pytest
from sqlalchemy import String

from ldnclinic.db.models.audit import AuditEvent
from ldnclinic.db.models.clinic import ClinicProfile, Pharmacy
from ldnclinic.db.models.followups import Visit
from ldnclinic.db.models.patients import (
    Patient,
    PatientAllergy,
    PatientCondition,
    PatientMedication,
    PatientPhone,
)
from ldnclinic.db.models.prescriptions import Formula, Prescription
from ldnclinic.db.models.users import User
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.field_limits import Limit


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        (Formula.code, limits.FORMULA_CODE),
        (Formula.base, limits.FORMULA_BASE),
        (Formula.flavour, limits.FORMULA_FLAVOUR),
        (Prescription.formula_code, limits.FORMULA_CODE),
        (Prescription.base, limits.FORMULA_BASE),
        (Prescription.flavour, limits.FORMULA_FLAVOUR),
        (Prescription.diagnosis, limits.RX_DIAGNOSIS),
        (Visit.location_city, limits.VISIT_CITY),
        (Visit.side_effect_other, limits.VISIT_SIDE_EFFECT_OTHER),
        (Visit.condition_name, limits.VISIT_CONDITION_NAME),
        # the clinic and the pharmacy directory
        (ClinicProfile.name, limits.CLINIC_NAME),
        (ClinicProfile.street, limits.ADDRESS_STREET),
        (ClinicProfile.city, limits.ADDRESS_CITY),
        (ClinicProfile.state, limits.ADDRESS_STATE),
        (ClinicProfile.zip, limits.ZIP_CODE),
        (ClinicProfile.phone, limits.PHONE_NUMBER),
        (ClinicProfile.fax, limits.PHONE_NUMBER),
        (Pharmacy.name, limits.PHARMACY_NAME),
        (Pharmacy.street, limits.ADDRESS_STREET),
        (Pharmacy.city, limits.ADDRESS_CITY),
        (Pharmacy.state, limits.ADDRESS_STATE),
        (Pharmacy.zip, limits.ZIP_CODE),
        (Pharmacy.phone, limits.PHONE_NUMBER),
        (Pharmacy.fax, limits.PHONE_NUMBER),
        (Pharmacy.npi, limits.NPI),
        # accounts and the audit trail
        (User.username, limits.SIGN_IN_USER_NAME),
        (User.first_name, limits.PERSON_NAME),
        (User.last_name, limits.PERSON_NAME),
        (User.npi, limits.NPI),
        (User.texas_license, limits.TEXAS_LICENSE),
        (AuditEvent.username, limits.SIGN_IN_USER_NAME),
        # patients
        (Patient.first_name, limits.PERSON_NAME),
        (Patient.middle_name, limits.PERSON_NAME),
        (Patient.last_name, limits.PERSON_NAME),
        (Patient.preferred_name, limits.PERSON_NAME),
        (Patient.street, limits.ADDRESS_STREET),
        (Patient.city, limits.ADDRESS_CITY),
        (Patient.state, limits.ADDRESS_STATE),
        (Patient.zip, limits.ZIP_CODE),
        (Patient.email, limits.EMAIL_ADDRESS),
        (Patient.emergency_contact_name, limits.EMERGENCY_CONTACT_NAME),
        (Patient.emergency_contact_relationship, limits.EMERGENCY_CONTACT_RELATIONSHIP),
        (Patient.emergency_contact_phone, limits.PHONE_NUMBER),
        (PatientPhone.number, limits.PHONE_NUMBER),
        (PatientCondition.label, limits.PATIENT_LIST_TEXT),
        (PatientAllergy.substance, limits.PATIENT_LIST_TEXT),
        (PatientAllergy.reaction, limits.PATIENT_LIST_TEXT),
        (PatientMedication.name, limits.PATIENT_LIST_TEXT),
        (PatientMedication.dose, limits.PATIENT_LIST_TEXT),
    ],
)
def test_a_column_holds_what_the_rule_keeps(column: object, limit: Limit) -> None:
    kind = column.type  # type: ignore[attr-defined]
    assert isinstance(kind, String)
    assert kind.length == limit.chars
