"""`ldnclinic followups due` and `followups show MRN`: the worklist from the command line.

`due` lists open follow-ups (overdue ones always) through --by (default: a week from
today) as a table, CSV or an iCalendar file of the scheduled ones; -o writes a file
instead of standard output. `show` lists one patient's follow-ups, attempts and visits.
"""

from __future__ import annotations

import json

from ldnclinic.cli import followups_format
from ldnclinic.cli.context import CommandContext
from ldnclinic.cli.terminal import CommandLineError, say
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.text import username_key
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import WorklistFilter


def followups_due(ctx: CommandContext) -> int:
    args = ctx.args
    services, actor = ctx.sign_in()
    wanted = WorklistFilter(
        through=args.by,
        types=frozenset(FollowupType(t) for t in args.type or ()),
        assignee_id=_assignee_id(services, actor, args.assignee),
        unassigned_only=args.unassigned,
        limit=args.limit,
    )
    if args.format == "csv":
        return _emit(ctx, services.followups.export_csv(actor, wanted).encode("utf-8-sig"))
    if args.format == "ics":
        return _emit(ctx, services.followups.export_ics(actor, wanted))
    worklist = services.followups.worklist(actor, wanted)
    lines = [*followups_format.due_table(worklist), followups_format.counts_line(worklist)]
    return _emit(ctx, ("\n".join(lines) + "\n").encode("utf-8"), text=lines)


def show_followups(ctx: CommandContext) -> int:
    services, actor = ctx.sign_in()
    patient = services.patients.get_by_mrn(actor, ctx.args.mrn)
    items = services.followups.for_patient(actor, patient.id)
    visits = services.visits.for_patient(actor, patient.id)
    name = f"{patient.last_name}, {patient.first_name}"
    if ctx.args.json:
        data = followups_format.patient_json(name, patient.mrn, items, visits)
        say(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        say(*followups_format.patient_text(name, patient.mrn, items, visits))
    return 0


def _assignee_id(services: Services, actor: Actor, username: str | None) -> int | None:
    if not username:
        return None
    people = services.followups.assignees(actor)
    for person in people:
        if person.username == username_key(username):
            return person.id
    names = ", ".join(p.username for p in people) or "none"
    raise CommandLineError(
        f"--assignee {username[:40]}: no active staff member has that user name ({names})."
    )


def _emit(ctx: CommandContext, data: bytes, *, text: list[str] | None = None) -> int:
    if ctx.args.output is None:
        if text is not None:
            say(*text)
        else:
            say(data.decode("utf-8-sig").rstrip("\r\n"))
        return 0
    ctx.args.output.write_bytes(data)
    say(f"Wrote {ctx.args.output}.")
    return 0
