"""The command line's grammar: `ldnclinic [--db URL] [--user NAME] [COMMAND ...]`.

Without a command the front door (ldnclinic.entry) opens the app. Commands: init, passwd,
db status, demo, patients list | show | medications | import,
rx new | show | list | approve | preview | print | sign | send | void | renew,
followups due | show, handout, handouts list, formulas list, plans list.

Exit status: 0 done; 1 the action was refused or failed for a reason the message gives
(a domain error), or an import rejected rows; 2 a usage, sign-in or password problem.
Expected problems print their message on standard error, never a traceback. Nothing
here logs patient data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ldnclinic import __version__
from ldnclinic.cli.arguments import count as _count
from ldnclinic.cli.arguments import iso_date as _iso_date
from ldnclinic.cli.arguments import positive as _positive
from ldnclinic.cli.arguments import record_id as _record_id
from ldnclinic.cli.arguments import refills as _refills
from ldnclinic.cli.arguments import steps as _steps
from ldnclinic.cli.terminal import complain
from ldnclinic.config import DB_ENV, NEW_PASSWORD_ENV, PASSWORD_ENV
from ldnclinic.domain.field_limits import MAX_REFILLS
from ldnclinic.domain.prescriptions.status import RxStatus, SendMethod

if TYPE_CHECKING:
    from typing import TypeAlias

    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

EPILOG = f"""\
The database is --db URL, else ${DB_ENV}, else the SQLite file in your data folder.
Passwords come from ${PASSWORD_ENV} (and ${NEW_PASSWORD_ENV} for passwd), else a prompt.

exit status: 0 done; 1 refused or failed (the message says why) or rows rejected
by an import; 2 usage, sign-in or password problem."""


IMPORT_DESCRIPTION = """\
Import patients from a spreadsheet saved as CSV (UTF-8; Excel's byte-order mark is fine).
Columns: first_name, middle_name, last_name, preferred_name, date_of_birth (YYYY-MM-DD or
M/D/YYYY), sex, phone, email, address, city, state, zip, preferred_language, conditions,
allergies, medications (lists separated by ";"), pharmacy (a name from the directory).
Rejected rows go to the rejects file with a reason; a patient already registered (same
name and date of birth) is skipped, so importing a file again adds nothing. Exit status 1
when a row was rejected."""


MEDICATIONS_DESCRIPTION = """\
Show or edit a patient's current medication list (a pharmacy reconciliation, a call from
the patient). --add TEXT takes an entry as said, "Tramadol 50 mg twice a day": the name, then
the dose from the first word that starts with a digit (as the CSV import reads it); at most
200 characters; it is taken now. --remove TEXT does not delete: it marks the entry not taking
now, and the list keeps it as history. It names an entry taken now by its name, or by name and
dose when two share a name ("Tramadol 50 mg"); case and accents are ignored. All the changes
are saved together, or none (an unknown or ambiguous --remove changes nothing), in one edit
that is audited. The list shows what the chart's classifier finds in each entry; an entry
taken now that stops LDN (an opioid, or another opioid antagonist) is marked !!. Without
--add or --remove the list is only shown."""

RX_DESCRIPTION = """\
Prescriptions from draft to sent: `new` writes a draft (staff or prescriber), a prescriber
`approve`s it, `preview` writes it marked PREVIEW (nothing recorded), `print` makes the
original (then reprints and chart copies; recorded once the file is written), the prescriber
`sign`s the printed original, and `send` records how it went out. `void` cancels a script
before it is sent; `renew` starts a new draft from an old one. `show ID` has everything:
quantity, directions, titration schedule, safety findings, history and prints."""

RX_NEW_DESCRIPTION = """\
Write a draft prescription and print its id (only the id, on standard output, so a script
can keep it). What the safety screen finds is noted on standard error. The dose steps come
from a plan template (--plan, see `ldnclinic plans list`) or are typed (--steps): DOSE:DAYS
separated by commas, doses in mg, the last step without days (it goes on until the next
review), e.g. 1.5:14,3:14,4.5."""


def _common_options(parser: argparse.ArgumentParser, *, in_subcommand: bool) -> None:
    """--db and --user work before or after the command name."""
    default = argparse.SUPPRESS if in_subcommand else None
    parser.add_argument("--db", metavar="URL", default=default, help=f"database URL (else ${DB_ENV})")
    parser.add_argument("--user", metavar="NAME", default=default, help="sign in as this user")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ldnclinic",
        description="Practice management for a Texas low-dose naltrexone (LDN) telemedicine clinic.\n"
        "Without a command, opens the app.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ldnclinic {__version__}")
    _common_options(parser, in_subcommand=False)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window signed in as --user, wait for the patient list, print the seconds, exit",
    )
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, in_subcommand=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    init_parser = commands.add_parser("init", parents=[common], help="set up or upgrade a database")
    init_parser.add_argument("--clinic", required=True, metavar="FILE.toml", help="the clinic set-up file")
    init_parser.set_defaults(handler="setup:init")

    passwd_parser = commands.add_parser("passwd", parents=[common], help="change your password (--user NAME)")
    passwd_parser.set_defaults(handler="setup:passwd")

    db_parser = commands.add_parser("db", help="the database itself: db status")
    db_actions = db_parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = db_actions.add_parser(
        "status", parents=[common], help="the schema revision and whether an upgrade is pending"
    )
    status.add_argument("--json", action="store_true", help="the status as a JSON object")
    status.set_defaults(handler="setup:db_status")

    demo_parser = commands.add_parser(
        "demo", parents=[common], help="fill an empty database with fictional patients"
    )
    demo_parser.add_argument("--patients", type=_count, default=1000, metavar="N", help="how many (1000)")
    demo_parser.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same data (1)")
    demo_parser.set_defaults(handler="setup:demo")

    _add_patient_commands(commands, common)
    _add_rx_commands(commands, common)
    _add_followup_commands(commands, common)
    _add_handout_commands(commands, common)
    _add_reference_commands(commands, common)
    return parser


def _add_patient_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    patients = commands.add_parser(
        "patients", parents=[common], help="list, show or import patients, edit a medication list"
    )
    actions = patients.add_subparsers(dest="action", metavar="ACTION", title="actions", required=True)

    listing = actions.add_parser("list", parents=[common], help="list or search patients")
    listing.add_argument("--search", metavar="TEXT", help="name, MRN, date of birth or phone digits")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.add_argument("--limit", type=_positive, metavar="N", help="at most N patients")
    listing.set_defaults(handler="patients:list_patients")

    show = actions.add_parser("show", parents=[common], help="one patient's chart")
    show.add_argument("mrn", metavar="MRN")
    show.add_argument("--json", action="store_true", help="a JSON object instead of text")
    show.set_defaults(handler="patients:show_patient")

    medications = actions.add_parser(
        "medications",
        parents=[common],
        help="show or edit a patient's current medication list",
        description=MEDICATIONS_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    medications.add_argument("mrn", metavar="MRN")
    medications.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="TEXT",
        help='add an entry taken now, as said: "Tramadol 50 mg twice a day" (repeatable)',
    )
    medications.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="TEXT",
        help="mark an entry taken now as not taking now; it stays listed as history (repeatable)",
    )
    medications.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    medications.set_defaults(handler="patients:medications")

    importing = actions.add_parser(
        "import",
        parents=[common],
        help="import patients from a CSV file",
        description=IMPORT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importing.add_argument("file", type=Path, metavar="FILE.csv")
    importing.add_argument(
        "--rejects", type=Path, metavar="FILE", help="where rejected rows go (default FILE.rejects.csv)"
    )
    importing.set_defaults(handler="patients:import_patients")


def _add_rx_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    rx = commands.add_parser(
        "rx",
        parents=[common],
        help="write, approve, print and track prescriptions",
        description=RX_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = rx.add_subparsers(dest="action", metavar="ACTION", title="actions", required=True)
    _add_rx_new(actions, common)
    _add_rx_reading(actions, common)
    _add_rx_steps(actions, common)


def _rx_action(
    actions: Subparsers, common: argparse.ArgumentParser, name: str, handler: str, help_text: str
) -> argparse.ArgumentParser:
    """`rx NAME ID ...`, run by prescriptions:HANDLER."""
    action = actions.add_parser(name, parents=[common], help=help_text)
    action.add_argument("id", type=_record_id, metavar="ID", help="the prescription's id")
    action.set_defaults(handler=f"prescriptions:{handler}")
    return action


def _add_rx_reading(actions: Subparsers, common: argparse.ArgumentParser) -> None:
    show = _rx_action(actions, common, "show", "show_prescription", "one prescription, in full")
    show.add_argument("--json", action="store_true", help="a JSON object instead of text")

    listing = actions.add_parser("list", parents=[common], help="list prescriptions, newest first")
    listing.add_argument("--patient", metavar="MRN", help="only this patient's")
    listing.add_argument("--status", choices=[s.value for s in RxStatus], help="only those in this status")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.add_argument("--limit", type=_positive, default=500, metavar="N", help="at most N (500)")
    listing.set_defaults(handler="prescriptions:list_prescriptions")


def _add_rx_steps(actions: Subparsers, common: argparse.ArgumentParser) -> None:
    """approve -> print -> sign -> send; void and renew."""
    approve = _rx_action(actions, common, "approve", "approve_prescription", "approve a draft (prescriber)")
    approve.add_argument(
        "--acknowledge",
        nargs="*",
        default=None,
        metavar="REF",
        help="acknowledge these warnings (their references in `rx show`, such as b7e210); name each one",
    )
    approve.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="REF",
        help="override this hard stop (its reference in `rx show`, such as a3f9c1); once per hard stop",
    )
    approve.add_argument(
        "--override-reason",
        metavar="TEXT",
        help="why the hard stops named with --override are overridden (a sentence a reviewer can read)",
    )

    printing = _rx_action(
        actions, common, "print", "print_prescription", "write the PDF: the original, then reprints or copies"
    )
    printing.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the file")
    printing.add_argument("--copy", action="store_true", help="a chart copy (marked as such) of the original")

    preview = _rx_action(
        actions,
        common,
        "preview",
        "preview_prescription",
        "write the script marked PREVIEW (nothing recorded)",
    )
    preview.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the file")
    preview.add_argument("--copy", action="store_true", help="what a chart copy would look like")

    cover = _rx_action(
        actions, common, "fax-cover", "fax_cover", "write a fax cover sheet for the script's pharmacy"
    )
    cover.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the file")
    cover.add_argument("--note", metavar="TEXT", help="a short note for the pharmacy")

    _rx_action(actions, common, "sign", "sign_prescription", "confirm you signed the printed original")

    send = _rx_action(actions, common, "send", "send_prescription", "record how a signed script went out")
    send.add_argument("--method", required=True, choices=[m.value for m in SendMethod])
    send.add_argument(
        "--pharmacy", type=_record_id, metavar="ID", help="the pharmacy (default: the script's)"
    )

    void = _rx_action(actions, common, "void", "void_prescription", "void a prescription that was not sent")
    void.add_argument("--reason", required=True, metavar="TEXT", help="why (kept in the record)")

    _rx_action(actions, common, "renew", "renew_prescription", "a new draft like this one; prints its id")


def _add_rx_new(actions: Subparsers, common: argparse.ArgumentParser) -> None:
    new = actions.add_parser(
        "new",
        parents=[common],
        help="write a draft; prints its id",
        description=RX_NEW_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("--patient", required=True, metavar="MRN", help="the patient's MRN")
    plan = new.add_mutually_exclusive_group(required=True)
    plan.add_argument("--plan", metavar="CODE", help="a plan template (`ldnclinic plans list`)")
    plan.add_argument("--steps", type=_steps, metavar="STEPS", help="typed steps, e.g. 1.5:14,3:14,4.5")
    new.add_argument("--formula", required=True, metavar="CODE", help="a formula (`ldnclinic formulas list`)")
    new.add_argument("--days", type=_positive, required=True, metavar="N", help="days of supply")
    new.add_argument(
        "--refills", type=_refills, required=True, metavar="N", help=f"refills (0 to {MAX_REFILLS})"
    )
    new.add_argument("--pharmacy", type=_record_id, metavar="ID", help="default: the patient's pharmacy")
    diagnosis = new.add_mutually_exclusive_group()
    diagnosis.add_argument("--diagnosis", metavar="TEXT", help="the intended use printed on the script")
    diagnosis.add_argument(
        "--no-diagnosis", action="store_true", help="leave the intended use off on purpose"
    )
    new.add_argument("--note", metavar="TEXT", help="a note to the pharmacist")
    new.add_argument("--start", type=_iso_date, metavar="YYYY-MM-DD", help="the first day (default: today)")
    new.add_argument("--morning", action="store_true", help="doses in the morning, not at bedtime")
    new.set_defaults(handler="prescriptions:new_prescription")


FOLLOWUPS_DESCRIPTION = """\
The follow-up worklist: `due` lists open follow-ups, overdue ones first, through --by
(default: a week from today) as a table, a CSV file, or an iCalendar (.ics) file of the
scheduled ones for a staff calendar (patients shown as the clinic chose: by default
initials and MRN only). `show MRN` lists one patient's follow-ups, attempts and visits."""


def _add_followup_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    from ldnclinic.domain.followups.rules import FollowupType

    followups = commands.add_parser(
        "followups",
        parents=[common],
        help="the follow-up worklist",
        description=FOLLOWUPS_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = followups.add_subparsers(dest="action", metavar="ACTION", title="actions", required=True)
    due = actions.add_parser("due", parents=[common], help="open follow-ups due by a date")
    due.add_argument(
        "--by", type=_iso_date, metavar="YYYY-MM-DD", help="due on or before (default: in 7 days)"
    )
    who = due.add_mutually_exclusive_group()
    who.add_argument("--assignee", metavar="USER", help="only those assigned to this user name")
    who.add_argument("--unassigned", action="store_true", help="only those assigned to nobody")
    due.add_argument(
        "--type", action="append", choices=[t.value for t in FollowupType], help="only this type (repeatable)"
    )
    due.add_argument(
        "--format", choices=["table", "csv", "ics"], default="table", help="table (default), csv, ics"
    )
    due.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to this file")
    due.add_argument("--limit", type=_positive, default=2000, metavar="N", help="at most N rows (2000)")
    due.set_defaults(handler="followups:followups_due")

    show = actions.add_parser("show", parents=[common], help="one patient's follow-ups and visits")
    show.add_argument("mrn", metavar="MRN", help="the patient's MRN")
    show.add_argument("--json", action="store_true", help="a JSON object instead of text")
    show.set_defaults(handler="followups:show_followups")


HANDOUT_DESCRIPTION = """\
Print patient-education handouts for a patient as one PDF, personalised with their name,
prescription, dose schedule, pharmacy and next follow-ups, in their preferred language
unless --lang says otherwise. --kind new-patient gives the new-patient packet. The print
is recorded in the patient's Documents. `ldnclinic handouts list` shows the kinds."""


def _add_handout_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    handout = commands.add_parser(
        "handout",
        parents=[common],
        help="print handouts for a patient as one PDF",
        description=HANDOUT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    handout.add_argument("mrn", metavar="MRN", help="the patient's MRN")
    handout.add_argument(
        "--kind",
        action="append",
        required=True,
        metavar="KIND",
        help="a handout (repeatable; see handouts list)",
    )
    handout.add_argument("--lang", choices=["en", "es"], help="default: the patient's preferred language")
    handout.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the PDF to write"
    )
    handout.set_defaults(handler="handouts:print_handouts")

    handouts = commands.add_parser("handouts", parents=[common], help="the handout library")
    actions = handouts.add_subparsers(dest="action", metavar="ACTION", title="actions", required=True)
    listing = actions.add_parser("list", parents=[common], help="the handouts and their versions")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.set_defaults(handler="handouts:list_handouts")


def _add_reference_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    formulas = commands.add_parser("formulas", parents=[common], help="the formulary")
    actions = formulas.add_subparsers(dest="action", metavar="ACTION", title="actions", required=True)
    listing = actions.add_parser("list", parents=[common], help="the formulas a prescription can use")
    listing.add_argument("--all", action="store_true", help="include formulas no longer in use")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.set_defaults(handler="prescriptions:list_formulas")

    plans = commands.add_parser("plans", parents=[common], help="the titration plan templates")
    actions = plans.add_subparsers(dest="action", metavar="ACTION", title="actions", required=True)
    listing = actions.add_parser("list", parents=[common], help="the plan templates for --plan")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.set_defaults(handler="prescriptions:list_plans")


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace | int:
    """The parsed command line, or the exit status when it asked for help or did not parse."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help, --version, or a usage error already printed
        code = exit_request.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    if args.smoke_test and args.command:
        parser.print_usage(sys.stderr)
        complain("ldnclinic: error: --smoke-test opens the app; it does not go with a command.")
        return 2
    return args
