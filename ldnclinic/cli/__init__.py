"""The command line: `ldnclinic [--db URL] [--user NAME] [COMMAND ...]`.

A thin shell over the services. Without a command it opens the app (Qt is imported only
then). Commands: init, passwd, demo, patients list | show | import.

Exit status: 0 done; 1 the action was refused or failed for a reason the message gives
(a domain error), or an import rejected rows; 2 a usage, sign-in or password problem.
Expected problems print their message on standard error, never a traceback. Nothing
here logs patient data.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ldnclinic import __version__
from ldnclinic.cli.terminal import complain
from ldnclinic.config import DB_ENV, NEW_PASSWORD_ENV, PASSWORD_ENV, Settings

if TYPE_CHECKING:
    from ldnclinic.services.passwords import Passwords

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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _count(text: str) -> int:
    try:
        value = int(text.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


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

    demo_parser = commands.add_parser(
        "demo", parents=[common], help="fill an empty database with fictional patients"
    )
    demo_parser.add_argument("--patients", type=_count, default=1000, metavar="N", help="how many (1000)")
    demo_parser.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same data (1)")
    demo_parser.set_defaults(handler="setup:demo")

    _add_patient_commands(commands, common)
    return parser


def _add_patient_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    patients = commands.add_parser("patients", parents=[common], help="list, show or import patients")
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


def _parse(argv: Sequence[str]) -> argparse.Namespace | int:
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


def _unicode_safe_output() -> None:
    """A console that cannot show "Nguyễn" gets a replacement character, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            stream.reconfigure(errors="replace")


def open_app(settings: Settings, args: argparse.Namespace) -> int:
    from ldnclinic.app import run_gui  # Qt is loaded only to open the app

    return run_gui(settings, user=args.user, smoke_test=args.smoke_test)


def main(argv: Sequence[str] | None = None, *, passwords: Passwords | None = None) -> int:
    """Run one command; returns the exit status. `passwords` is a hook for tests (a cheap
    argon2id hasher); the real command always uses the default cost.

    Only the parser is loaded up front: `--help` and `--version` answer at once, and the
    services (SQLAlchemy, Alembic, ...) are imported by the command that needs them."""
    _unicode_safe_output()
    parsed = _parse(sys.argv[1:] if argv is None else list(argv))
    if isinstance(parsed, int):
        return parsed
    settings = Settings.resolve(parsed.db)
    if getattr(parsed, "handler", None) is None:
        return open_app(settings, parsed)
    from ldnclinic.cli.run import run_command

    return run_command(parsed, settings, passwords)
