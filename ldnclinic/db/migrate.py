"""Bring a database to the current schema, copying an SQLite file aside first.

Alembic is imported only when a database actually needs upgrading: on an ordinary start
the stored revision is read with one query and compared with SCHEMA_HEAD (a test keeps
that constant equal to the newest migration script).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from ldnclinic.db.engine import sqlite_path
from ldnclinic.domain.errors import SetupError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_HEAD = "0006"  # the newest revision in migrations/versions


@dataclass(frozen=True, slots=True)
class MigrationResult:
    previous: str | None
    current: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.previous != self.current


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database (None for a new, empty one)."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where a database's schema stands against the migrations this program carries."""

    current: str | None  # the stored revision; None: nothing set up yet
    head: str  # the newest revision this program knows
    known: bool  # this program has a migration called `current`

    @property
    def newer(self) -> bool:
        """Made by a newer version of the app: this one must not write to it."""
        return self.current is not None and not self.known

    @property
    def pending(self) -> bool:
        """An upgrade is due (it runs, with a copy taken first, at the next start or command)."""
        return self.current is not None and self.known and self.current != self.head


def schema_status(engine: Engine) -> SchemaStatus:
    """Read the stored revision only: nothing is upgraded or written."""
    current = current_revision(engine)
    known = current is None or current == SCHEMA_HEAD or current in known_revisions()
    return SchemaStatus(current=current, head=SCHEMA_HEAD, known=known)


def has_any_table(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def upgrade(engine: Engine, url: str, target: str | None = None) -> MigrationResult:
    """Upgrade to head (or `target`). An SQLite file with an older schema is copied aside first."""
    previous = current_revision(engine)
    if target is None and previous == SCHEMA_HEAD:
        return MigrationResult(previous=previous, current=previous, backup=None)
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
        from alembic import command

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
