"""Settings and paths. The database URL comes from --db, else LDNCLINIC_DB, else the
embedded SQLite file in the user's data folder (platformdirs). No Qt here."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "ldnclinic"
APP_AUTHOR = "ldnclinic"
DB_ENV = "LDNCLINIC_DB"
PASSWORD_ENV = "LDNCLINIC_PASSWORD"  # noqa: S105 (the variable's name, not a password)
NEW_PASSWORD_ENV = "LDNCLINIC_NEW_PASSWORD"  # noqa: S105
DEFAULT_TIMEZONE = "America/Chicago"


def data_dir() -> Path:
    return user_data_path(APP_NAME, APP_AUTHOR)


def default_database_url() -> str:
    path = data_dir() / "ldnclinic.sqlite3"
    return f"sqlite:///{path.as_posix()}"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str

    @classmethod
    def resolve(cls, db_option: str | None, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        url = db_option or env.get(DB_ENV) or default_database_url()
        return cls(database_url=url)

    def ensure_local_folder(self) -> None:
        """Create the folder of an SQLite file if it does not exist yet."""
        if self.database_url.startswith("sqlite:///"):
            path = Path(self.database_url.removeprefix("sqlite:///"))
            if path.name and str(path) != ":memory:":
                path.parent.mkdir(parents=True, exist_ok=True)
