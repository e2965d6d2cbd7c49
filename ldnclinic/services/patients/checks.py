"""Turning a typed PatientInput into clean values, with a message for every bad field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.conditions import find_condition
from ldnclinic.domain.dates import DateFormatError, birth_date_problem, parse_date
from ldnclinic.domain.enums import ConsentKind, Language, PatientStatus, PhoneKind, Sex
from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.medications.entries import split_medication, typed_entry_problem
from ldnclinic.domain.text import clean_text, collapse_spaces, has_hidden_characters, optional_clean_text
from ldnclinic.services.clinic.service import FieldChecker
from ldnclinic.services.contact_checks import (
    FieldProblem,
    Phone,
    parse_email,
    parse_phone,
    parse_state,
    parse_zip,
)
from ldnclinic.services.patients.dto import ConditionInput, MedicationInput, PatientInput

_ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")
_NAME_PUNCTUATION = set(" '’-.,")
E = TypeVar("E", Sex, PatientStatus, Language)
NAME_RULE = "Names can hold letters, spaces, apostrophes, hyphens and periods."


@dataclass(frozen=True, slots=True)
class CheckedPatient:
    """Values ready to store; every field has passed its check."""

    scalars: dict[str, object]
    phones: dict[PhoneKind, Phone]
    consents: dict[ConsentKind, date]
    conditions: tuple[ConditionInput, ...]
    allergies: tuple[tuple[str, str | None], ...]
    medications: tuple[tuple[str, str | None, bool], ...]


def name_problem(text: str) -> str | None:
    for char in text:
        if char in _NAME_PUNCTUATION:
            continue
        category = unicodedata.category(char)
        if category[0] not in "LM":
            return NAME_RULE
    if not any(unicodedata.category(c)[0] == "L" for c in text):
        return "A name needs at least one letter."
    return None


def _name(check: FieldChecker, field: str, value: str, required: bool) -> str | None:
    limit = limits.PERSON_NAME
    text = check.required(field, value, limit) if required else check.optional(field, value, limit)
    if has_hidden_characters(value) and field not in check.errors:
        check.errors[field] = NAME_RULE  # a name is refused, not silently cleaned
    if text and field not in check.errors:
        problem = name_problem(text)
        if problem:
            check.errors[field] = problem
    return text or None


def _enum(check: FieldChecker, field: str, value: str, kind: type[E]) -> E | None:
    try:
        return kind(value.strip().lower())
    except ValueError:
        check.errors[field] = "Choose one of: " + ", ".join(m.value for m in kind) + "."
        return None


def _birth_date(check: FieldChecker, value: str, today: date) -> date | None:
    try:
        born = parse_date(value, today=today)
    except DateFormatError as error:
        check.errors["date_of_birth"] = str(error)
        return None
    problem = birth_date_problem(born, today)
    if problem:
        check.errors["date_of_birth"] = problem
    return born


def check_patient(data: PatientInput, today: date) -> CheckedPatient:
    check = FieldChecker()
    scalars: dict[str, object] = {
        "first_name": _name(check, "first_name", data.first_name, True),
        "last_name": _name(check, "last_name", data.last_name, True),
        "middle_name": _name(check, "middle_name", data.middle_name, False),
        "preferred_name": _name(check, "preferred_name", data.preferred_name, False),
        "date_of_birth": _birth_date(check, data.date_of_birth, today),
        "sex": _enum(check, "sex", data.sex, Sex),
        "status": _enum(check, "status", data.status, PatientStatus),
        "preferred_language": _enum(check, "preferred_language", data.preferred_language, Language),
        "email": check.parsed("email", data.email, parse_email, required=False),
        "emergency_contact_name": check.optional(
            "emergency_contact_name", data.emergency_contact_name, limits.EMERGENCY_CONTACT_NAME
        ),
        "emergency_contact_relationship": check.optional(
            "emergency_contact_relationship",
            data.emergency_contact_relationship,
            limits.EMERGENCY_CONTACT_RELATIONSHIP,
        ),
        "preferred_pharmacy_id": data.preferred_pharmacy_id,
        "no_known_allergies": data.no_known_allergies,
    }
    contact_phone = check.parsed(
        "emergency_contact_phone", data.emergency_contact_phone, parse_phone, required=False
    )
    scalars["emergency_contact_phone"] = contact_phone.e164 if contact_phone else None
    scalars.update(_address(check, data))
    phones = _phones(check, data)
    consents = _consents(check, data, today)
    conditions = _conditions(check, data)
    allergies = _allergies(check, data)
    medications = _medications(check, data.medications)
    check.raise_if_any()
    for key in ("sex", "status", "preferred_language"):
        value = scalars[key]
        scalars[key] = getattr(value, "value", value)
    return CheckedPatient(scalars, phones, consents, conditions, allergies, medications)


def _address(check: FieldChecker, data: PatientInput) -> dict[str, object]:
    parts = {"street": data.street, "city": data.city, "state": data.state, "zip": data.zip}
    if not any(v.strip() for v in parts.values()):
        return dict.fromkeys(parts)
    return {
        "street": check.required("street", data.street, limits.ADDRESS_STREET),
        "city": check.required("city", data.city, limits.ADDRESS_CITY),
        "state": check.parsed("state", data.state, parse_state),
        "zip": check.parsed("zip", data.zip, parse_zip),
    }


def _phones(check: FieldChecker, data: PatientInput) -> dict[PhoneKind, Phone]:
    phones: dict[PhoneKind, Phone] = {}
    for kind, text in data.phones.items():
        phone = check.parsed(f"phone_{kind.value}", text, parse_phone, required=False)
        if phone:
            phones[kind] = phone
    return phones


def _consents(check: FieldChecker, data: PatientInput, today: date) -> dict[ConsentKind, date]:
    consents: dict[ConsentKind, date] = {}
    for kind, text in data.consents.items():
        if not text.strip():
            continue
        field = f"consent_{kind.value}"
        try:
            given = parse_date(text, today=today)
        except DateFormatError as error:
            check.errors[field] = str(error)
            continue
        if given > today:
            check.errors[field] = "A consent cannot be dated in the future."
        else:
            consents[kind] = given
    return consents


def _too_many(check: FieldChecker, field: str, count: int) -> bool:
    if count > limits.PATIENT_LIST_ITEMS:
        check.errors[field] = f"At most {limits.PATIENT_LIST_ITEMS} entries."
        return True
    return False


def _conditions(check: FieldChecker, data: PatientInput) -> tuple[ConditionInput, ...]:
    if _too_many(check, "conditions", len(data.conditions)):
        return ()
    result: list[ConditionInput] = []
    for index, item in enumerate(data.conditions, start=1):
        label = clean_text(item.label)
        code = item.icd10.strip().upper()
        choice = find_condition(label) or (find_condition(code) if code else None)
        if choice and not code:
            label, code = choice.label, choice.icd10
        elif not label and choice:
            label = choice.label
        if not label:
            check.errors["conditions"] = f"Condition {index} has no name."
        elif len(label) > limits.PATIENT_LIST_TEXT.chars:
            check.errors["conditions"] = (
                f"Condition {index} is longer than {limits.PATIENT_LIST_TEXT.chars} characters."
            )
        elif code and not _ICD10.match(code):
            check.errors["conditions"] = f"“{code[:12]}” is not an ICD-10-CM code (like M79.7)."
        else:
            result.append(ConditionInput(label, code))
    return tuple(result)


def _too_long(*texts: str | None) -> bool:
    """True when a list entry's text (a substance and its reaction, a name and its dose) is too long."""
    return any(len(text or "") > limits.PATIENT_LIST_TEXT.chars for text in texts)


def _allergies(check: FieldChecker, data: PatientInput) -> tuple[tuple[str, str | None], ...]:
    if _too_many(check, "allergies", len(data.allergies)):
        return ()
    if data.no_known_allergies and data.allergies:
        check.errors["allergies"] = "Either list allergies or mark 'No known allergies', not both."
    result = []
    for index, item in enumerate(data.allergies, start=1):
        substance = clean_text(item.substance)
        reaction = optional_clean_text(item.reaction)
        if not substance:
            check.errors["allergies"] = f"Allergy {index} has no substance."
        elif _too_long(substance, reaction):
            check.errors["allergies"] = (
                f"Allergy {index} is longer than {limits.PATIENT_LIST_TEXT.chars} characters."
            )
        else:
            result.append((substance, reaction))
    return tuple(result)


def check_typed_medications(texts: Sequence[str], listed: int = 0) -> tuple[tuple[str, str | None], ...]:
    """Medication entries typed as staff say them ("Tramadol 50 mg twice a day"), for a list
    that already has `listed` entries: each split into name and dose as the CSV import splits
    them, then checked and cleaned as the chart form's entries are. ValidationError otherwise."""
    problem = next((p for p in map(typed_entry_problem, texts) if p), None)
    if problem:
        raise ValidationError({"medications": problem})
    check = FieldChecker()
    checked = _medications(check, [MedicationInput(*split_medication(text)) for text in texts])
    _too_many(check, "medications", listed + len(texts))
    check.raise_if_any()
    return tuple((name, dose) for name, dose, _ in checked)


def _medications(
    check: FieldChecker, items: Sequence[MedicationInput]
) -> tuple[tuple[str, str | None, bool], ...]:
    if _too_many(check, "medications", len(items)):
        return ()
    result = []
    for index, item in enumerate(items, start=1):
        name = clean_text(item.name)
        dose = optional_clean_text(item.dose)
        if not name:
            check.errors["medications"] = f"Medication {index} has no name."
        elif _too_long(name, dose):
            check.errors["medications"] = (
                f"Medication {index} is longer than {limits.PATIENT_LIST_TEXT.chars} characters."
            )
        else:
            result.append((name, dose, item.active))
    return tuple(result)


# The length limits check_patient applies to free-text fields.
_FREE_TEXT_LIMITS = {
    "street": limits.ADDRESS_STREET,
    "city": limits.ADDRESS_CITY,
    "emergency_contact_name": limits.EMERGENCY_CONTACT_NAME,
    "emergency_contact_relationship": limits.EMERGENCY_CONTACT_RELATIONSHIP,
}


def check_field(field: str, value: str, today: date) -> str | None:
    """Validate one field as the user types (the same rules as a save)."""
    try:
        if field in ("first_name", "last_name", "middle_name", "preferred_name"):
            text = collapse_spaces(value)
            if not text:
                return "This is required." if field in ("first_name", "last_name") else None
            most = limits.PERSON_NAME.chars
            return f"At most {most} characters, please." if len(text) > most else name_problem(text)
        if field == "date_of_birth":
            return birth_date_problem(parse_date(value, today=today), today)
        if field in _FREE_TEXT_LIMITS:
            most = _FREE_TEXT_LIMITS[field].chars
            return f"At most {most} characters, please." if len(collapse_spaces(value)) > most else None
        if field.startswith("consent_") and value.strip():
            given = parse_date(value, today=today)
            return "A consent cannot be dated in the future." if given > today else None
        if field.startswith("phone_") or field == "emergency_contact_phone":
            if value.strip():
                parse_phone(value)
        elif field == "email" and value.strip():
            parse_email(value)
        elif field == "state" and value.strip():
            parse_state(value)
        elif field == "zip" and value.strip():
            parse_zip(value)
    except (FieldProblem, DateFormatError) as problem:
        return str(problem)
    return None
