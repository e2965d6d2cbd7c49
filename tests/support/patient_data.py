"""Patient inputs for tests: one full, realistic record and a quick way to vary it."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest

from ldnclinic.domain.enums import ConsentKind, PhoneKind
from ldnclinic.domain.identifiers import luhn_check_digit
from ldnclinic.services.patients import service as patients_module
from ldnclinic.services.patients.dto import AllergyInput, ConditionInput, MedicationInput, PatientInput


def full_patient(**changes: Any) -> PatientInput:
    """A complete Texas patient, every field filled as a person would type it."""
    base = PatientInput(
        first_name="José",
        middle_name="Luis",
        last_name="Peña",
        preferred_name="Pepe",
        date_of_birth="3/2/1961",
        sex="male",
        street="1400 S Congress Ave",
        city="Austin",
        state="tx",
        zip="78704",
        phones={PhoneKind.MOBILE: "512-555-0142", PhoneKind.HOME: "(512) 555-0199"},
        email="  Jose.Pena@Example.COM ",
        preferred_language="es",
        emergency_contact_name="Ana Peña",
        emergency_contact_relationship="wife",
        emergency_contact_phone="512 555 0143",
        status="active",
        consents={
            ConsentKind.TELEMEDICINE: "11/1/2026",
            ConsentKind.PRIVACY_NOTICE: "2026-11-01",
            ConsentKind.TMB_COMPLAINT_NOTICE: "",
        },
        conditions=(ConditionInput("Fibromyalgia"), ConditionInput("Restless legs syndrome", "g25.81")),
        allergies=(AllergyInput("Penicillin", "hives"),),
        medications=(
            MedicationInput("Levothyroxine", "50 mcg daily"),
            MedicationInput("Tramadol", "50 mg", False),
        ),
    )
    return dataclasses.replace(base, **changes)


def minimal_patient(
    first: str = "Ana", last: str = "Smith", born: str = "1980-01-15", **changes: Any
) -> PatientInput:
    """Only the required fields."""
    return dataclasses.replace(
        PatientInput(first_name=first, last_name=last, date_of_birth=born, sex="female"), **changes
    )


def predictable_mrns(monkeypatch: pytest.MonkeyPatch) -> None:
    """New patients get MRNs 0000-0010, 0000-0028, ...: valid, and never the start of a
    phone number or area code a search test types (real MRNs are random, 1000-0000 up)."""
    numbers = itertools.count(1)

    def next_mrn(rng: object = None) -> str:
        body = f"{next(numbers):07d}"
        digits = body + str(luhn_check_digit(body))
        return f"{digits[:4]}-{digits[4:]}"

    monkeypatch.setattr(patients_module, "new_mrn", next_mrn)
