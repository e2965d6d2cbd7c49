"""`ldnclinic init`, `passwd`, `demo` and `db status`: setting up a database and the accounts in
it, and where its schema stands."""

from __future__ import annotations

import json
import time
from pathlib import Path

from ldnclinic.cli.context import CommandContext
from ldnclinic.cli.terminal import CommandLineError, progress, read_password, say, stderr_is_terminal
from ldnclinic.config import NEW_PASSWORD_ENV, PASSWORD_ENV
from ldnclinic.db.engine import sqlite_path
from ldnclinic.db.migrate import MigrationResult, SchemaStatus
from ldnclinic.domain.enums import Role
from ldnclinic.services.clinic.setup import SetupReport, load_setup_file
from ldnclinic.services.demo.build import DemoReport


def initial_password() -> str:
    return read_password(
        PASSWORD_ENV, "Initial password for the new accounts (12 or more characters): ", confirm=True
    )


def init(ctx: CommandContext) -> int:
    """Set up or upgrade; running it again changes nothing but the schema version."""
    setup = load_setup_file(Path(ctx.args.clinic))  # every problem in the file, before any change
    ctx.settings.ensure_local_folder()
    services = ctx.services()
    report = services.setup.initialize(setup, initial_password)
    say(f"Database: {services.database_name}", *init_summary(report))
    return 0


def init_summary(report: SetupReport) -> list[str]:
    lines = [f"Schema: {schema_change(report.migration)}"]
    if report.migration.backup is not None:
        lines.append(f"  (the database before the upgrade was copied to {report.migration.backup})")
    clinic = "created" if report.clinic_created else "already there, left as it is"
    lines.append(f"Clinic profile: {clinic}")
    if report.accounts_created:
        lines.append("Accounts created: " + ", ".join(report.accounts_created))
        lines.append("  Each signs in with the initial password and must choose a new one at once.")
    if report.accounts_kept:
        lines.append("Accounts already there, left as they are: " + ", ".join(report.accounts_kept))
    if not report.clinic_created and not report.accounts_created:
        lines.append("Nothing else to do: everything in the file exists already.")
    return lines


def schema_change(migration: MigrationResult) -> str:
    if not migration.changed:
        return f"already at version {migration.current}"
    if migration.previous is None:
        return f"created at version {migration.current}"
    return f"upgraded from version {migration.previous} to {migration.current}"


def passwd(ctx: CommandContext) -> int:
    """Change one's own password: the current one proves who is asking."""
    username = ctx.user()
    services = ctx.existing_services()
    current = read_password(PASSWORD_ENV, f"Current password for {username}: ")
    new = read_password(NEW_PASSWORD_ENV, "New password (12 or more characters): ", confirm=True)
    actor = services.users.change_password(username, current, new)
    say(f"The password of {actor.username} is changed.")
    return 0


def db_status(ctx: CommandContext) -> int:
    """`ldnclinic db status`: read the schema revision only; nothing is upgraded or created.
    Exit status 1 when this program must not use the database (made by a newer version)."""
    path = sqlite_path(ctx.settings.database_url)
    if path and not Path(path).exists():
        raise CommandLineError(f"There is no database file {path}.")
    services = ctx.services()
    status = services.setup.schema_status()
    if ctx.args.json:
        fields = {"database": services.database_name, "schema": status.current, "program_schema": status.head}
        say(json.dumps({**fields, "upgrade_pending": status.pending, "newer": status.newer}))
    else:
        say(f"Database: {services.database_name}")
        say(f"Schema:   {schema_line(status)}")
    return 1 if status.newer else 0


def schema_line(status: SchemaStatus) -> str:
    if status.current is None:
        return (
            f"not set up (run `ldnclinic init` or `ldnclinic demo`); this program's schema is {status.head}"
        )
    if status.newer:
        return f"{status.current}, made by a newer ldnclinic; this one knows schemas up to {status.head}"
    if status.pending:
        return f"{status.current}; an upgrade to {status.head} runs at the next start (a copy is kept first)"
    return f"{status.current}, up to date"


def demo(ctx: CommandContext) -> int:
    ctx.settings.ensure_local_folder()
    services = ctx.services()
    started = time.perf_counter()
    report = services.demo.create(
        patients=ctx.args.patients,
        seed=ctx.args.seed,
        password=lambda: read_password(
            PASSWORD_ENV, "Password for the demo accounts (12 or more characters): ", confirm=True
        ),
        progress=_show_progress if stderr_is_terminal() else None,
    )
    seconds = time.perf_counter() - started
    say(*demo_summary(services.database_name, report, seconds))
    return 0


def _show_progress(done: int, total: int) -> None:
    progress(f"  {done:,} of {total:,} patients", finished=done >= total)


def _staff(report: DemoReport) -> str:
    return next(a.username for a in report.accounts if Role.STAFF in a.roles)


def demo_summary(database: str, report: DemoReport, seconds: float) -> list[str]:
    width = max(len(account.username) for account in report.accounts)
    return [
        f"Demo data (seed {report.seed}) written to {database} in {seconds:.1f} s:",
        f"  {report.patients:,} fictional patients ({report.opioid_patients:,} with an opioid on their "
        f"medication list, {report.out_of_state_patients:,} living outside Texas)",
        f"  {report.treated_patients:,} of them on LDN, with prescriptions, signed visits and follow-ups",
        f"  {report.pharmacies} compounding pharmacies and the clinic profile",
        "  accounts, with the password you gave (no change needed at the first sign-in):",
        *(f"    {account.username:<{width}}  {account.description}" for account in report.accounts),
        f"Open the app with: ldnclinic --db {database} --user {_staff(report)}",
    ]
