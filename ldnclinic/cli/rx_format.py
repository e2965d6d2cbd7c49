"""How the command line shows prescriptions, formulas and plans: tables, text and JSON.

JSON keys are the DTO field names (stable), plus a few computed ones. Doses, strengths and
quantities are strings written the ISMP way ("0.5", "4.5", never ".5" or "4.50"); dates
are ISO (YYYY-MM-DD) and timestamps ISO 8601 in UTC with their offset. Text and tables
show timestamps in the clinic's time zone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from ldnclinic.cli.format import fit
from ldnclinic.domain.prescriptions.doses import format_amount, format_mg
from ldnclinic.domain.prescriptions.supply import SupplyCalculation
from ldnclinic.domain.prescriptions.titration import TitrationPlan, format_steps
from ldnclinic.domain.safety.findings import Finding, Severity
from ldnclinic.services.prescriptions.documents import step_lines
from ldnclinic.services.prescriptions.dto import (
    FormulaEntry,
    PrescriptionDetail,
    PrescriptionSummary,
    PrintedPrescription,
)

NONE = "—"
KIND_LABELS = {"original": "original", "reprint": "reprint", "chart_copy": "chart copy"}

Columns = Sequence[tuple[str, int]]
RX_COLUMNS: Columns = (
    ("ID", 6), ("Status", 8), ("MRN", 9), ("Medication", 34), ("Target", 7), ("Plan", 38),
    ("Days", 4), ("Refills", 7), ("Serial", 14), ("Created", 10),
)  # fmt: skip
FORMULA_COLUMNS: Columns = (
    ("Code", 8), ("Dosage form", 16), ("Strength", 20), ("Base", 42), ("Flavour", 12), ("In use", 6),
)  # fmt: skip
PLAN_COLUMNS: Columns = (("Code", 11), ("Steps", 52), ("Target", 7), ("To target", 9), ("Name", 52))


# --- JSON -------------------------------------------------------------------------------------


def json_ready(value: Any) -> Any:
    """DTOs as JSON-ready data: objects, enum values, ISMP decimal strings, ISO dates."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_ready(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):  # datetimes too: isoformat keeps their UTC offset
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    return value


def summary_json(rx: PrescriptionSummary) -> dict[str, Any]:
    data: dict[str, Any] = json_ready(rx)
    return data


def detail_json(rx: PrescriptionDetail) -> dict[str, Any]:
    data: dict[str, Any] = json_ready(rx)
    data["steps_text"] = format_steps(rx.steps)
    data["findings"] = [{**json_ready(f), "key": f.key, "ref": f.ref} for f in rx.findings]
    if rx.calculation is not None:
        data["calculation"]["quantity_text"] = rx.calculation.quantity_text
    data["history"] = [
        {"event": event, "at": json_ready(at), "by": by, "detail": note}
        for event, at, by, note in status_history(rx)
    ]
    return data


def formula_json(formula: FormulaEntry) -> dict[str, Any]:
    data: dict[str, Any] = json_ready(formula)
    return data


def plan_json(plan: TitrationPlan) -> dict[str, Any]:
    return {
        "code": plan.code,
        "name": plan.name,
        "steps": plan.steps_text,
        "target_dose_mg": format_amount(plan.target_dose_mg),
        "days_to_target": plan.days_to_target,
        "description": plan.description,
    }


# --- tables -----------------------------------------------------------------------------------


def _row(cells: Iterable[str], columns: Columns) -> str:
    return "  ".join(fit(cell, width) for cell, (_, width) in zip(cells, columns, strict=True)).rstrip()


def table_header(columns: Columns) -> list[str]:
    return [
        _row((title for title, _ in columns), columns),
        _row(("-" * width for _, width in columns), columns),
    ]


def rx_row(rx: PrescriptionSummary, zone: ZoneInfo) -> str:
    created = rx.created_at.astimezone(zone).date().isoformat()
    cells = (
        str(rx.id), rx.status.label, rx.patient_mrn, rx.medication, rx.target_dose, rx.plan_text,
        str(rx.supply_days), str(rx.refills), rx.serial or NONE, created,
    )  # fmt: skip
    return _row(cells, RX_COLUMNS)


def formula_row(formula: FormulaEntry) -> str:
    cells = (
        formula.code, formula.dosage_form.label, formula.strength_text, formula.base,
        formula.flavour or NONE, "yes" if formula.active else "no",
    )  # fmt: skip
    return _row(cells, FORMULA_COLUMNS)


def plan_row(plan: TitrationPlan) -> str:
    days = f"{plan.days_to_target} days" if plan.days_to_target else "at once"
    cells = (plan.code, plan.steps_text, format_mg(plan.target_dose_mg), days, plan.name)
    return _row(cells, PLAN_COLUMNS)


# --- one prescription as text -------------------------------------------------------------------


def finding_note(finding: Finding) -> str:
    return f"note: {finding.severity.label.lower()} [{finding.code} {finding.ref}]: {finding.message}"


def finding_line(finding: Finding, acknowledged: Iterable[str] = ()) -> str:
    mark = "!!" if finding.severity is Severity.HARD_STOP else "! "
    done = " (acknowledged)" if finding.key in acknowledged else ""
    return f"{mark} {finding.severity.label} [{finding.code} {finding.ref}]: {finding.message}{done}"


def status_history(rx: PrescriptionDetail) -> list[tuple[str, datetime, str | None, str | None]]:
    """(event, when, who, detail), oldest first: created, approved, printed, signed, sent, voided."""
    original = next((p for p in rx.prints if p.kind.value == "original"), None)
    sent = None
    if rx.sent_method is not None:
        sent = rx.sent_method.label + (f" to {rx.sent_to_pharmacy_name}" if rx.sent_to_pharmacy_name else "")
    overrode = f"overrode {', '.join(rx.override_codes)}: {rx.override_reason}" if rx.override_codes else None
    renewed = f"renewed from {rx.renewed_from_id}" if rx.renewed_from_id else None
    events = [
        ("created", rx.created_at, rx.created_by, renewed),
        ("approved", rx.approved_at, rx.approved_by, overrode),
        ("printed", rx.printed_at, original.printed_by if original else None, rx.serial),
        ("signed", rx.signed_at, rx.signed_by, None),
        ("sent", rx.sent_at, rx.sent_by, sent),
        ("voided", rx.voided_at, rx.voided_by, rx.void_reason),
    ]  # fmt: skip
    happened = [(event, at, by, note) for event, at, by, note in events if at is not None]
    return sorted(happened, key=lambda item: item[1])


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def _field(title: str, value: str | None) -> str:
    return f"{title:<14}{value or NONE}"


def detail_text(rx: PrescriptionDetail, zone: ZoneInfo) -> list[str]:
    plan = rx.plan_name or "Custom plan"
    lines = [
        f"Prescription {rx.id}    {rx.status.label}    Serial {rx.serial or NONE}",
        _field("Patient", f"{rx.patient_name}    MRN {rx.patient_mrn}"),
        _field("Medication", f"{rx.medication} ({rx.formula_code})"),
        _field("Base", rx.base + (f", {rx.flavour}" if rx.flavour else "")),
        _field("Plan", f"{plan} ({rx.plan_code})" if rx.plan_code else plan),
        _field("Steps", format_steps(rx.steps)),
        _field("Start", rx.start_date.isoformat()),
        *_calculation_lines(rx.calculation, rx.supply_days),
        _field("Refills", _refills(rx)),
        _field("Intended use", "left off on purpose" if rx.diagnosis_omitted else rx.diagnosis),
        _field("Pharmacist", rx.pharmacist_note),
        _field("Pharmacy", rx.pharmacy_name),
        _field("Prescriber", rx.prescriber_name),
    ]
    if rx.calculation is not None:
        lines += ["", "Titration schedule"]
        lines += [
            f"  {text}  ({step.days_in_supply} days of this supply)"
            for text, step in zip(
                step_lines(rx.calculation, rx.dosage_form.value), rx.calculation.schedule, strict=True
            )
        ]
    if rx.problems:
        lines += ["", "Cannot be made as written", *(f"  {problem}" for problem in rx.problems)]
    rules = f" (rules {rx.rules_version} at approval)" if rx.rules_version else ""
    lines += ["", f"Safety findings{rules}"]
    lines += [f"  {finding_line(f, rx.acknowledged)}" for f in rx.findings] or ["  none"]
    lines += ["", "History"]
    for event, at, by, note in status_history(rx):
        lines.append(f"  {event:<9} {_local(at, zone)}  {by or ''}" + (f"  ({note})" if note else ""))
    if rx.prints:
        lines += ["", "Prints"]
        for p in rx.prints:
            kind = KIND_LABELS[p.kind.value]
            lines.append(f"  {kind:<11} {_local(p.printed_at, zone)}  {p.printed_by}  sha256 {p.sha256}")
    return lines


def _refills(rx: PrescriptionDetail) -> str:
    """ "2 (each refill: 48 capsules, 16 days at 4.5 mg a day)" for a titration, else "2"."""
    refill = rx.calculation.refill_text if rx.calculation else None
    return f"{rx.refills} ({refill[0].lower()}{refill[1:]})" if refill else str(rx.refills)


def _calculation_lines(calculation: SupplyCalculation | None, supply_days: int) -> list[str]:
    if calculation is None:
        return [_field("Days supply", str(supply_days)), _field("Quantity", "cannot be computed (see below)")]
    target = f"{format_mg(calculation.target_dose_mg)} from {calculation.target_date.isoformat()}"
    return [
        _field("Target", target),
        _field("Days supply", str(calculation.days_supply)),
        _field("Quantity", calculation.quantity_text),
        _field("Directions", calculation.sig),
    ]


# --- notes and confirmations ----------------------------------------------------------------------


def draft_notes(rx: PrescriptionDetail) -> list[str]:
    """What `rx new` and `rx renew` say on standard error about the draft they wrote."""
    made = f"{rx.calculation.quantity_text} for {rx.supply_days} days" if rx.calculation else "no quantity"
    lines = [f"Draft {rx.id}: {rx.medication}, steps {format_steps(rx.steps)}, {made}, {rx.refills} refills."]
    lines += [f"note: cannot be made as written: {problem}" for problem in rx.problems]
    if rx.calculation is not None and rx.calculation.refill_text:
        lines.append(f"note: {rx.calculation.refill_text}.")
    lines += [finding_note(f) for f in rx.findings]
    if not rx.diagnosis and not rx.diagnosis_omitted:
        lines.append(
            "note: no intended use (diagnosis): give one, or choose to leave it off, before printing."
        )
    return lines


def approved_line(rx: PrescriptionDetail) -> str:
    parts = [f"Approved prescription {rx.id} for {rx.patient_name} (MRN {rx.patient_mrn})"]
    if rx.prescriber_name:
        parts.append(f" as {rx.prescriber_name}")
    if rx.override_codes:
        parts.append(f"; overrode {', '.join(rx.override_codes)}")
    if rx.acknowledged:
        count = len(rx.acknowledged)
        parts.append(f"; acknowledged {count} warning{'' if count == 1 else 's'}")
    return "".join(parts) + "."


def printed_lines(printed: PrintedPrescription, target: str) -> list[str]:
    return [
        f"Wrote the {KIND_LABELS[printed.kind.value]} of {printed.serial} to {target}.",
        f"serial  {printed.serial}",
        f"kind    {printed.kind.value}",
        f"sha256  {printed.sha256}",
    ]
