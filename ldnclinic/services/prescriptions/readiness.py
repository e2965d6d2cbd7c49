"""Whether a script can go out, in words for the user: what Texas requires that it still
lacks, and why an approved script cannot print now.

The checks are the ones printing makes (`PrescriptionPrinting.print`), built from the same
pieces, so a list never promises what the printer then refuses:

- the pharmacy can make it as written (the supply calculation);
- nothing is new on the chart since the approval (the safety screen on today's chart,
  against the findings the approval covered; printing would send it back to draft);
- every element Texas requires is on the script (`domain.prescriptions.document.missing_elements`
  on the document as it would print; the serial is the one thing given only when it prints).

A draft is checked with the prescriber named on it; one left for "any prescriber" is checked
without the prescriber's own details, which are checked against the prescriber who approves.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from sqlalchemy.orm import Session

from ldnclinic.db.models.prescriptions import Formula as FormulaRow
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.prescriptions.document import PrescriberBlock, missing_elements
from ldnclinic.domain.prescriptions.supply import SupplyCalculation
from ldnclinic.domain.safety.findings import uncovered
from ldnclinic.services.prescriptions.checks import unsaved_row
from ldnclinic.services.prescriptions.documents import build_document
from ldnclinic.services.prescriptions.dto import PrescriptionInput
from ldnclinic.services.prescriptions.records import load_patient
from ldnclinic.services.prescriptions.screening import approval_decision, findings_for
from ldnclinic.services.prescriptions.snapshots import compute, rx_formula, steps_from_json

SERIAL_STAND_IN = "RX-0000000-0"  # the serial is assigned when the original prints
# Stands in for the prescriber on a draft left for "any prescriber": the approver's own
# details are checked when they approve.
_ANY_PRESCRIBER = PrescriberBlock("Any prescriber", "MD", "0000000000", "0")


class IncompleteScriptError(DomainError):
    """The script lacks elements Texas requires; it was not approved."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(
            "Cannot approve: the prescription is missing " + "; ".join(missing) + ". Add "
            "them to the chart, the clinic profile or the prescriber's account, then approve again."
        )
        self.missing = missing


def texas_missing(
    session: Session, row: Prescription, calculation: SupplyCalculation, *, today: date, now: datetime
) -> tuple[str, ...]:
    """What Texas requires on the printed script that `row` would lack if printed now."""
    document = build_document(
        session, row, calculation, serial=SERIAL_STAND_IN, issued_on=today, printed_at=now
    )
    if row.prescriber_id is None:
        document = dataclasses.replace(document, prescriber=_ANY_PRESCRIBER)
    return tuple(missing_elements(document))


def draft_missing(session: Session, row: Prescription, *, today: date, now: datetime) -> tuple[str, ...]:
    """`texas_missing` for a saved script not printed yet (empty once it is printed, and when
    the plan cannot be made: the problems say why, and approval refuses it for that)."""
    if row.serial is not None or row.printed_at is not None:
        return ()
    calculation, _ = compute(
        rx_formula(row), steps_from_json(row.steps_json), row.supply_days, row.start_date
    )
    if calculation is None:
        return ()
    return texas_missing(session, row, calculation, today=today, now=now)


def unsaved_missing(
    session: Session,
    data: PrescriptionInput,
    calculation: SupplyCalculation,
    *,
    formula_row: FormulaRow,
    pharmacy_id: int | None,
    prescriber_id: int | None,
    today: date,
    now: datetime,
) -> tuple[str, ...]:
    """`texas_missing` for what the editor shows, before it is saved (the row built here is
    never added to the session)."""
    row = unsaved_row(data, formula_row, data.start_date or today, pharmacy_id, prescriber_id)
    return texas_missing(session, row, calculation, today=today, now=now)


def print_blockers(session: Session, row: Prescription, *, today: date, now: datetime) -> tuple[str, ...]:
    """Why printing the original of this approved script now would be refused ([] if not)."""
    formula = rx_formula(row)
    steps = steps_from_json(row.steps_json)
    calculation, problems = compute(formula, steps, row.supply_days, row.start_date)
    if calculation is None:
        return ("The pharmacy cannot make it as written: " + " ".join(problems),)
    reasons: list[str] = []
    findings = findings_for(load_patient(session, row.patient_id), formula, steps, today=today)
    new = uncovered(findings, *approval_decision(row))
    if new:
        reasons.append(
            "New on the chart since approval (printing sends it back to the prescriber): "
            + " ".join(f.message for f in new)
        )
    missing = texas_missing(session, row, calculation, today=today, now=now)
    if missing:
        reasons.append("Missing what Texas requires: " + "; ".join(missing) + ".")
    return tuple(reasons)
