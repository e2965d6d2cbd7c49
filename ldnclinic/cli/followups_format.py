"""How the command line shows follow-ups and visits: a worklist table, a patient's
follow-ups as text, and JSON (DTO field names; dates ISO; doses the ISMP way)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ldnclinic.cli.rx_format import NONE, Columns, json_ready, table_header
from ldnclinic.cli.rx_format import _row as row
from ldnclinic.domain.followups.worklist import Bucket
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.domain.visits.note import PGIC_LABELS
from ldnclinic.services.followups.dto import FollowupItem, Worklist
from ldnclinic.services.visits.dto import VisitSummary

DUE_COLUMNS: Columns = (
    ("When", 16), ("Type", 16), ("Status", 9), ("MRN", 9), ("Patient", 28), ("Phone", 14),
    ("Assigned to", 18), ("Tries", 5), ("Reason", 60),
)  # fmt: skip


def when_text(item: FollowupItem) -> str:
    """ "2026-12-01 14:30" for an appointment, else the work date; "!" marks overdue."""
    if item.scheduled_at is not None:
        text = f"{item.scheduled_at:%Y-%m-%d %H:%M}"
    else:
        text = item.work_date.isoformat()
    return f"{text} !" if item.bucket is Bucket.OVERDUE else text


def due_table(worklist: Worklist) -> list[str]:
    lines = table_header(DUE_COLUMNS)
    for item in worklist.items:
        cells = (
            when_text(item),
            item.type.label,
            item.status.label,
            item.mrn,
            item.patient_name,
            item.phone or NONE,
            item.assignee_name or "unassigned",
            str(len(item.attempts)),
            item.reason,
        )
        lines.append(row(cells, DUE_COLUMNS))
    return lines


def counts_line(worklist: Worklist) -> str:
    parts = [
        f"{bucket.label} {worklist.count(bucket):,}"
        for bucket in (Bucket.OVERDUE, Bucket.TODAY, Bucket.THIS_WEEK)
    ]
    listed = len(worklist.items)
    more = " (stopped at the limit)" if worklist.truncated else ""
    return (
        " · ".join(parts)
        + f". {listed:,} listed, due through {worklist.through.isoformat()} (! = overdue){more}."
    )


def item_lines(item: FollowupItem) -> list[str]:
    status = item.status.label
    if item.scheduled_at is not None:
        status += f" for {item.scheduled_at:%Y-%m-%d %H:%M %Z}"
    if item.snoozed_until is not None:
        status += f" until {item.snoozed_until.isoformat()}"
    if item.closed_reason:
        status += f": {item.closed_reason}"
    lines = [
        f"{item.work_date.isoformat()}  {item.type.label}  [{status}]  #{item.id}",
        f"    {item.reason}",
    ]
    if item.assignee_name:
        lines.append(f"    Assigned to {item.assignee_name}")
    lines += [
        f"    {a.at:%Y-%m-%d %H:%M} {a.method.label}: {a.outcome.label} ({a.by})"
        + (f" — {a.note}" if a.note else "")
        for a in item.attempts
    ]
    return lines


def visit_line(visit: VisitSummary) -> str:
    scores = visit.scores
    parts = [f"{visit.visit_at:%Y-%m-%d %H:%M}", visit.modality.label, visit.status.label]
    if visit.current_dose_mg is not None:
        parts.append(format_mg(visit.current_dose_mg))
    measured = [
        f"{name} {value}"
        for name, value in (
            ("pain", scores.pain),
            ("fatigue", scores.fatigue),
            ("sleep", scores.sleep),
            ("mood", scores.mood),
        )
        if value is not None
    ]
    if measured:
        parts.append(", ".join(measured))
    if scores.pgic is not None:
        parts.append(f"PGIC {scores.pgic} ({PGIC_LABELS[scores.pgic].lower()})")
    if visit.decision is not None:
        parts.append(visit.decision.label.lower())
    return "  ".join(parts)


def patient_text(
    name: str, mrn: str, items: Sequence[FollowupItem], visits: Sequence[VisitSummary]
) -> list[str]:
    open_items = [i for i in items if i.bucket is not None]
    closed = [i for i in items if i.bucket is None]
    lines = [f"{name} (MRN {mrn})", "", f"Open follow-ups ({len(open_items)})"]
    lines += [line for item in open_items for line in item_lines(item)] or ["  none"]
    lines += ["", f"Closed follow-ups ({len(closed)})"]
    lines += [line for item in closed for line in item_lines(item)] or ["  none"]
    lines += ["", f"Visits ({len(visits)})"]
    lines += [f"  {visit_line(v)}" for v in visits] or ["  none"]
    return lines


def patient_json(
    name: str, mrn: str, items: Sequence[FollowupItem], visits: Sequence[VisitSummary]
) -> dict[str, Any]:
    return {
        "patient": {"name": name, "mrn": mrn},
        "followups": [json_ready(item) for item in items],
        "visits": [json_ready(visit) for visit in visits],
    }
