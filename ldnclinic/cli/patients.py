"""`ldnclinic patients list | show | medications | import`: the registry from the command line.

Each command signs in as --user (so the user's role applies and the sign-in is audited)
and then calls the patient services, exactly as the app does.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ldnclinic.cli.context import CommandContext
from ldnclinic.cli.format import (
    chart_json,
    chart_text,
    medication_json,
    medication_table,
    summary_json,
    table_header,
    table_row,
)
from ldnclinic.cli.terminal import complain, say
from ldnclinic.domain.errors import ConflictError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail, PatientSummary, SearchCursor
from ldnclinic.services.patients.importing import ImportReport

LIST_PAGE = 500
CHART_CHANGED = (
    "Someone else changed this patient's chart while the command ran; nothing was saved. "
    "Run the command again."
)


def list_patients(ctx: CommandContext) -> int:
    """Page through the search (keyset paging) and print a table or a JSON array."""
    services, actor = ctx.sign_in()
    text: str = ctx.args.search or ""
    limit: int | None = ctx.args.limit
    matches = _matches(services, actor, text, limit)
    first = next(matches, None)  # the permission check runs here, before any output
    patients = itertools.chain([first], matches) if first is not None else iter(())
    if ctx.args.json:
        _write_json(patients)
        return 0
    shown = _write_table(patients)
    matching = f" matching “{text}”" if text.strip() else ""
    more = f" (stopped at --limit {limit})" if limit is not None and shown >= limit else ""
    say(f"{shown:,} patient{'' if shown == 1 else 's'}{matching}{more}.")
    return 0


def _matches(services: Services, actor: Actor, text: str, limit: int | None) -> Iterator[PatientSummary]:
    after: SearchCursor | None = None
    found = 0
    while limit is None or found < limit:
        size = LIST_PAGE if limit is None else min(LIST_PAGE, limit - found)
        page = services.patients.search(actor, text, after, size)
        yield from page
        found += len(page)
        if len(page) < size:
            return
        after = SearchCursor.after(page[-1])


def _write_table(patients: Iterable[PatientSummary]) -> int:
    say(*table_header())
    shown = 0
    for patient in patients:
        say(table_row(patient))
        shown += 1
    return shown


def _write_json(patients: Iterable[PatientSummary]) -> None:
    """A JSON array, written as it is read (100,000 patients need not sit in memory)."""
    out = sys.stdout
    out.write("[")
    separator = "\n  "
    for patient in patients:
        out.write(separator + json.dumps(summary_json(patient), ensure_ascii=False))
        separator = ",\n  "
    out.write("\n]\n" if separator != "\n  " else "]\n")


def show_patient(ctx: CommandContext) -> int:
    services, actor = ctx.sign_in()
    patient = services.patients.get_by_mrn(actor, ctx.args.mrn)
    today = services.patients.today()
    if ctx.args.json:
        say(json.dumps(chart_json(patient, today), ensure_ascii=False, indent=2))
    else:
        say(*chart_text(patient, today))
    return 0


def medications(ctx: CommandContext) -> int:
    """Show a patient's medication list; with --add / --remove, edit it first (one save, at
    the version just read: a chart changed meanwhile is reported, not overwritten)."""
    services, actor = ctx.sign_in()
    patient = services.patients.get_by_mrn(actor, ctx.args.mrn)
    add: list[str] = ctx.args.add
    remove: list[str] = ctx.args.remove
    if add or remove:
        before = patient
        try:
            patient = services.patients.update_medications(
                actor, patient.id, add=add, stop=remove, expected_version=before.version
            )
        except ConflictError:
            complain(CHART_CHANGED)
            return 1
        complain(f"Saved the medication list of MRN {patient.mrn}: {_changes(before, patient)}.")
    if ctx.args.json:
        rows = [medication_json(m) for m in patient.medications]
        say(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        say(*medication_table(patient.medications))
    return 0


def _changes(before: PatientDetail, after: PatientDetail) -> str:
    added = len(after.medications) - len(before.medications)
    stopped = sum(
        old.active and not new.active for old, new in zip(before.medications, after.medications, strict=False)
    )
    return f"{added} added, {stopped} marked not taking"


def import_patients(ctx: CommandContext) -> int:
    """Exit status 1 when a row was rejected, so a script notices."""
    source: Path = ctx.args.file
    services, actor = ctx.sign_in()
    report = services.importing.import_csv(actor, source, ctx.args.rejects)
    say(*import_summary(source, report))
    return 1 if report.rejected else 0


def import_summary(source: Path, report: ImportReport) -> list[str]:
    """Counts and where the rejects went; no patient data (reasons stay in the rejects file)."""
    width = len(f"{report.total:,}")
    lines = [
        f"Read {report.total:,} patient row{'' if report.total == 1 else 's'} from {source.name}.",
        f"  imported:                  {report.imported:>{width},}",
        f"  skipped, already present:  {report.skipped:>{width},}",
        f"  rejected:                  {report.rejected:>{width},}",
    ]
    if report.rejects_path is not None:
        lines.append(f"Rejected rows, each with its reason, are in {report.rejects_path}.")
        causes = ", ".join(f"{column} {count}" for column, count in report.problems_by_column)
        lines.append(f"Rejections by column: {causes}.")
    if report.ignored_columns:
        lines.append("Columns not imported: " + ", ".join(report.ignored_columns) + ".")
    if report.encoding != "utf-8":
        lines.append(f"Note: the file is not UTF-8; it was read as {report.encoding} (Excel's plain CSV).")
    return lines
