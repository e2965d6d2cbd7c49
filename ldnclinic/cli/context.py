"""What every command gets: the parsed options, the settings, the services for the chosen
database (built on first use and disposed at the end), and signing in as `--user`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from ldnclinic.cli.terminal import CommandLineError, sign_in_password
from ldnclinic.config import Settings
from ldnclinic.db.engine import Database, sqlite_path
from ldnclinic.db.migrate import current_revision
from ldnclinic.domain.errors import SetupError
from ldnclinic.services.container import Services, build_services
from ldnclinic.services.context import Actor
from ldnclinic.services.users.passwords import Passwords

NOT_SET_UP = (
    "The database {name} has not been set up yet: run `ldnclinic init --clinic FILE.toml`, "
    "or `ldnclinic demo` to try the app with fictional patients."
)


@dataclass
class CommandContext:
    args: argparse.Namespace
    settings: Settings
    passwords: Passwords | None = None  # tests pass a cheap argon2id hasher
    password: str | None = field(default=None, init=False, repr=False)  # the one signed in with
    _database: Database | None = field(default=None, init=False)
    _services: Services | None = field(default=None, init=False)

    @property
    def command_name(self) -> str:
        return " ".join(part for part in (self.args.command, getattr(self.args, "action", None)) if part)

    def services(self) -> Services:
        """Services for the chosen database (nothing is opened before the first call)."""
        if self._services is None:
            self._database = Database(self.settings.database_url)
            self._services = build_services(self._database, self.passwords)
        return self._services

    def existing_services(self) -> Services:
        """Services for a database that has been set up; it is brought up to date first."""
        path = sqlite_path(self.settings.database_url)
        if path and not Path(path).exists():
            raise SetupError(NOT_SET_UP.format(name=path))
        services = self.services()
        if current_revision(services.db.engine) is None:
            raise SetupError(NOT_SET_UP.format(name=services.database_name))
        services.setup.migrate()
        return services

    def user(self) -> str:
        username: str | None = getattr(self.args, "user", None)
        if not username:
            raise CommandLineError(f"`ldnclinic {self.command_name}` needs --user NAME.")
        return username

    def sign_in(self) -> tuple[Services, Actor]:
        """Sign in as --user (password from LDNCLINIC_PASSWORD or a prompt); audited."""
        username = self.user()
        services = self.existing_services()
        password = sign_in_password(username)
        actor = services.users.sign_in_for_command_line(username, password)
        self.password = password  # an override of a hard stop is confirmed with it
        return services, actor

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
