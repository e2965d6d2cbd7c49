"""How the command line shows patients: a fixed-width table, a readable chart, a medication
list, and JSON.

Widths count what a terminal shows: combining accents take no column, CJK characters two.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from enum import Enum
from typing import Any

from ldnclinic.services.patients.dto import MedicationEntry, PatientDetail, PatientSummary

ELLIPSIS = "…"
_MEDICATION_TABLE = (("", 2), ("Medication", 28), ("Dose", 26), ("Taking now", 10))
_TABLE = (("MRN", 9), ("Name", 34), ("Born", 10), ("Sex", 8), ("Phone", 14), ("City", 24), ("Status", 11))


def display_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """Pad or cut `text` to exactly `width` terminal columns."""
    if display_width(text) <= width:
        return text + " " * (width - display_width(text))
    kept = ""
    for char in text:
        if display_width(kept + char + ELLIPSIS) > width:
            break
        kept += char
    return fit(kept + ELLIPSIS, width)


def _row(cells: Iterable[str]) -> str:
    return "  ".join(fit(cell, width) for cell, (_, width) in zip(cells, _TABLE, strict=True)).rstrip()


def table_header() -> list[str]:
    return [_row(title for title, _ in _TABLE), _row("-" * width for _, width in _TABLE)]


def summary_name(patient: PatientSummary | PatientDetail) -> str:
    name = patient.display_name
    return f"{name} “{patient.preferred_name}”" if patient.preferred_name else name


def table_row(patient: PatientSummary) -> str:
    place = ", ".join(part for part in (patient.city, patient.state) if part)
    return _row(
        (
            patient.mrn,
            summary_name(patient),
            patient.date_of_birth.isoformat(),
            patient.sex.label,
            patient.phone,
            place,
            patient.status.label,
        )
    )


def plain(value: Any) -> Any:
    """A DTO as JSON-ready data: dataclasses to objects, enums to values, dates to ISO text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(plain(key)): plain(item) for key, item in value.items()}
    return value


def summary_json(patient: PatientSummary) -> dict[str, Any]:
    data: dict[str, Any] = plain(patient)
    data.pop("sort_key", None)
    data["display_name"] = patient.display_name
    return data


def chart_json(patient: PatientDetail, today: date) -> dict[str, Any]:
    data: dict[str, Any] = plain(patient)
    data["display_name"] = patient.display_name
    data["age"] = patient.age(today)
    data["medications"] = [
        {
            "name": m.name,
            "dose": m.dose,
            "active": m.active,
            "opioid": plain(m.reading.opioid),
            "antagonist": plain(m.reading.antagonist),
            "labels": list(m.reading.labels()),
            "stops_ldn": m.stops_ldn,
        }
        for m in patient.medications
    ]
    data["has_opioid"] = any(m.opioid is not None for m in patient.opioids)
    data["stops_ldn"] = bool(patient.opioids)
    data["opioids"] = [
        {"medication": m.name, "dose": m.dose, "summary": m.opioid.summary}
        for m in patient.opioids
        if m.opioid is not None
    ]
    data["antagonists"] = [
        {"medication": m.name, "dose": m.dose, "summary": m.reading.antagonist.summary}
        for m in patient.opioids
        if m.reading.antagonist is not None
    ]
    return data


def chart_text(patient: PatientDetail, today: date) -> list[str]:
    """The chart as the app's header and tabs show it, for a terminal."""
    lines = [
        f"{summary_name(patient)}    MRN {patient.mrn}",
        f"Born {patient.date_of_birth.isoformat()} (age {patient.age(today)}) · {patient.sex.label} · "
        f"{patient.preferred_language.label} · {patient.status.label}",
    ]
    for medication in patient.opioids:
        taken = _medication(medication.name, medication.dose, medication.active)
        if medication.opioid is not None:
            lines.append(f"!! OPIOID: {taken} ({medication.opioid.summary})")
        if medication.reading.antagonist is not None:
            lines.append(f"!! OPIOID ANTAGONIST: {taken} ({medication.reading.antagonist.summary})")
    allergies = [_allergy(a.substance, a.reaction) for a in patient.allergies]
    if allergies:
        lines.append("!! ALLERGIES: " + "; ".join(allergies))
    elif patient.no_known_allergies:
        lines.append("Allergies: no known allergies")
    if patient.out_of_texas_warning:
        lines.append(f"!! {patient.out_of_texas_warning}")
    lines.append("")
    lines += _section("Address", list(patient.address_lines))
    lines += _section("Phones", [f"{p.kind.label}: {p.display}" for p in patient.phones])
    lines += _section("Email", [patient.email or ""])
    lines += _section("Pharmacy", [patient.pharmacy.one_line if patient.pharmacy else ""])
    contact = ", ".join(
        part
        for part in (
            patient.emergency_contact_name,
            patient.emergency_contact_relationship,
            patient.emergency_contact_phone,
        )
        if part
    )
    lines += _section("Emergency", [contact])
    lines += _section("Consents", [f"{c.kind.label}: {c.given_on.isoformat()}" for c in patient.consents])
    conditions = [f"{c.label} ({c.icd10})" if c.icd10 else c.label for c in patient.conditions]
    lines += _section("Conditions", conditions)
    lines += _section("Allergies", allergies or ["No known allergies" if patient.no_known_allergies else ""])
    lines += _section("Medications", [_medication(m.name, m.dose, m.active) for m in patient.medications])
    return lines


def _allergy(substance: str, reaction: str | None) -> str:
    return f"{substance} ({reaction})" if reaction else substance


def _medication(name: str, dose: str | None, active: bool) -> str:
    text = f"{name} {dose}" if dose else name
    return text if active else f"{text} (stopped)"


def _section(title: str, values: list[str]) -> list[str]:
    values = [value for value in values if value] or ["—"]
    return [f"{title:<12}{values[0]}", *(f"{'':<12}{value}" for value in values[1:])]


def medication_table(medications: Sequence[MedicationEntry]) -> list[str]:
    """The medication list, one entry a row, with what the classifier found in it; an entry
    taken now that stops LDN (an opioid or another opioid antagonist) is marked "!!"."""
    if not medications:
        return ["No medications on the list."]
    lines = [
        _medication_row(*(title for title, _ in _MEDICATION_TABLE), "Found"),
        _medication_row(*("-" * width for _, width in _MEDICATION_TABLE), "-----"),
    ]
    for m in medications:
        taking = "yes" if m.active else "no"
        lines.append(_medication_row("!!" if m.stops_ldn else "", m.name, m.dose or "", taking, _found(m)))
    taken = sum(m.active for m in medications)
    lines.append(f"{len(medications)} on the list, {taken} taken now.")
    stopping = sum(m.stops_ldn for m in medications)
    if stopping:
        lines.append(
            f"!! {stopping} taken now stop{'s' if stopping == 1 else ''} LDN "
            "(an opioid, or another opioid antagonist)."
        )
    return lines


def medication_json(medication: MedicationEntry) -> dict[str, Any]:
    return {
        "name": medication.name,
        "dose": medication.dose,
        "taking_now": medication.active,
        "labels": list(medication.reading.labels()),
        "stops_ldn": medication.stops_ldn,
    }


def _medication_row(*cells: str) -> str:
    fixed = [fit(cell, width) for cell, (_, width) in zip(cells[:-1], _MEDICATION_TABLE, strict=True)]
    return "  ".join([*fixed, cells[-1]]).rstrip()


def _found(medication: MedicationEntry) -> str:
    """The classifier's labels; for an entry that stops LDN the opioid ones in capitals
    ("OPIOID: tramadol")."""
    labels = medication.reading.labels()
    if medication.stops_ldn:
        labels = tuple(_shout(label) for label in labels)
    return "; ".join(labels)


def _shout(label: str) -> str:
    kind, separator, what = label.partition(": ")
    return f"{kind.upper()}{separator}{what}" if kind.startswith("opioid") else label
