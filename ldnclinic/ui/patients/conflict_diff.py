"""What differs between the user's edits and the version someone else saved meanwhile.

Values are compared as they mean, not as they were typed: "512-555-0142" and "(512) 555-0142"
are the same phone, "3/2/1961" and "1961-03-02" the same date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ldnclinic.domain.dates import DateFormatError, parse_date
from ldnclinic.domain.enums import ConsentKind, Language, PatientStatus, PhoneKind, Sex
from ldnclinic.domain.text import collapse_spaces
from ldnclinic.services.contact_checks import FieldProblem, parse_phone
from ldnclinic.services.patients.dto import PatientInput
from ldnclinic.ui.widgets.formatting import us_date

EMPTY = "—"


@dataclass(frozen=True, slots=True)
class Difference:
    label: str
    mine: str
    theirs: str
    changed_by: str  # "you", "they" or "you and they"


def _text(value: str) -> str:
    return collapse_spaces(value) or EMPTY


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
            collapse_spaces(f"{m.name} {m.dose}") + ("" if m.active else " (stopped)")
            for m in data.medications
        )
        or EMPTY,
    }


def readable(data: PatientInput, pharmacy_names: Mapping[int, str]) -> dict[str, str]:
    """Every field of a patient as a person reads it, by label."""
    values = {label: show(str(getattr(data, name))) for name, label, show in _SCALARS}
    for kind in PhoneKind:
        values[f"{kind.label} phone"] = _phone(data.phones.get(kind, ""))
    pharmacy = data.preferred_pharmacy_id
    values["Pharmacy"] = pharmacy_names.get(pharmacy, f"#{pharmacy}") if pharmacy else EMPTY
    for consent in ConsentKind:
        values[consent.label] = _date(data.consents.get(consent, ""))
    values.update({label: collapse_spaces(text) for label, text in _lists(data).items()})
    return values


def differences(
    mine: PatientInput, theirs: PatientInput, loaded: PatientInput, pharmacy_names: Mapping[int, str]
) -> list[Difference]:
    """Each field where the user's edits and the saved version differ, and who changed it
    since the user loaded the chart ("you", "they" or "both")."""
    a, b, base = (readable(x, pharmacy_names) for x in (mine, theirs, loaded))
    found = []
    for label in a:
        if a[label] != b[label]:
            who = [name for name, value in (("you", a[label]), ("they", b[label])) if value != base[label]]
            found.append(Difference(label, a[label], b[label], " and ".join(who) or "—"))
    return found
