"""Bring a database to the current schema, copying an SQLite file aside first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from ldnclinic.db.engine import sqlite_path
from ldnclinic.domain.errors import SetupError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True, slots=True)
class MigrationResult:
    previous: str | None
    current: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.previous != self.current


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_any_table(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def upgrade(engine: Engine, url: str, target: str | None = None) -> MigrationResult:
    """Upgrade to head (or `target`). An SQLite file with an older schema is copied aside first."""
    previous = current_revision(engine)
    head = target or head_revision()
    if previous is not None and previous not in known_revisions():
        raise SetupError(
            f"This database was made by a newer version of ldnclinic (schema {previous}); this "
            f"program knows schemas up to {head_revision()}. Install the newer version here too."
        )
    backup = None
    if previous != head:
        path = sqlite_path(url)
        if path and previous is not None and Path(path).exists():
            backup = _backup_sqlite(engine, Path(path), previous)
        config = _config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, head)
    return MigrationResult(previous=previous, current=head, backup=backup)


def _backup_sqlite(engine: Engine, path: Path, revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    # VACUUM INTO writes a consistent copy, WAL contents included.
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(target),))  # type: ignore[union-attr]
    finally:
        raw.close()
    return target
