"""What differs between the user's edits and the version someone else saved meanwhile.

Values are compared as they mean, not as they were typed: "512-555-0142" and "(512) 555-0142"
are the same phone, "3/2/1961" and "1961-03-02" the same date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ldnclinic.domain.dates import DateFormatError, parse_date
from ldnclinic.domain.enums import ConsentKind, Language, PatientStatus, PhoneKind, Sex
from ldnclinic.services.patient_dto import PatientInput
from ldnclinic.services.validators import FieldProblem, parse_phone
from ldnclinic.ui.patients.formatting import us_date

EMPTY = "—"


@dataclass(frozen=True, slots=True)
class Difference:
    label: str
    mine: str
    theirs: str


def _text(value: str) -> str:
    return " ".join(value.split()) or EMPTY


def _date(value: str) -> str:
    try:
        return us_date(parse_date(value))
    except DateFormatError:
        return _text(value)


def _phone(value: str) -> str:
    try:
        return parse_phone(value).display if value.strip() else EMPTY
    except FieldProblem:
        return _text(value)


def _label(kind: type[Sex] | type[PatientStatus] | type[Language]) -> Callable[[str], str]:
    def show(value: str) -> str:
        try:
            return kind(value).label
        except ValueError:
            return _text(value)

    return show


_SCALARS: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("first_name", "Legal first name", _text),
    ("middle_name", "Middle name", _text),
    ("last_name", "Legal last name", _text),
    ("preferred_name", "Preferred name", _text),
    ("date_of_birth", "Date of birth", _date),
    ("sex", "Sex", _label(Sex)),
    ("preferred_language", "Preferred language", _label(Language)),
    ("status", "Status", _label(PatientStatus)),
    ("street", "Street", _text),
    ("city", "City", _text),
    ("state", "State", lambda v: _text(v).upper()),
    ("zip", "ZIP", _text),
    ("email", "E-mail", lambda v: _text(v).lower()),
    ("emergency_contact_name", "Emergency contact", _text),
    ("emergency_contact_relationship", "Relationship", _text),
    ("emergency_contact_phone", "Emergency contact phone", _phone),
)


def _lists(data: PatientInput) -> dict[str, str]:
    return {
        "Conditions": "; ".join(f"{c.label} ({c.icd10})" if c.icd10 else c.label for c in data.conditions)
        or EMPTY,
        "Allergies": "No known allergies"
        if data.no_known_allergies and not data.allergies
        else (
            "; ".join(f"{a.substance} ({a.reaction})" if a.reaction else a.substance for a in data.allergies)
            or EMPTY
        ),
        "Medications": "; ".join(
            " ".join(f"{m.name} {m.dose}".split()) + ("" if m.active else " (stopped)")
            for m in data.medications
        )
        or EMPTY,
    }


def differences(
    mine: PatientInput, theirs: PatientInput, pharmacy_names: Mapping[int, str]
) -> list[Difference]:
    """Each field whose meaning differs, with both values as a person reads them."""
    found: list[Difference] = []
    for name, label, show in _SCALARS:
        a, b = show(str(getattr(mine, name))), show(str(getattr(theirs, name)))
        if a != b:
            found.append(Difference(label, a, b))
    for kind in PhoneKind:
        a, b = _phone(mine.phones.get(kind, "")), _phone(theirs.phones.get(kind, ""))
        if a != b:
            found.append(Difference(f"{kind.label} phone", a, b))
    if mine.preferred_pharmacy_id != theirs.preferred_pharmacy_id:
        found.append(
            Difference(
                "Pharmacy",
                pharmacy_names.get(mine.preferred_pharmacy_id or 0, EMPTY),
                pharmacy_names.get(theirs.preferred_pharmacy_id or 0, EMPTY),
            )
        )
    for consent in ConsentKind:
        a, b = _date(mine.consents.get(consent, "")), _date(theirs.consents.get(consent, ""))
        if a != b:
            found.append(Difference(consent.label, a, b))
    mine_lists, their_lists = _lists(mine), _lists(theirs)
    found.extend(
        Difference(label, mine_lists[label], their_lists[label])
        for label in mine_lists
        if " ".join(mine_lists[label].split()) != " ".join(their_lists[label].split())
    )
    return found
