"""Alembic migrations: empty to head, models equal migrations, and upgrading an old file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from ldnclinic.db import models  # noqa: F401  (registers every table)
from ldnclinic.db.base import Base
from ldnclinic.db.engine import Database
from ldnclinic.db.migrate import current_revision, has_any_table, head_revision, upgrade
from ldnclinic.domain.errors import SetupError

EXPECTED_TABLES = {
    "alembic_version",
    "audit_events",
    "clinic_profile",
    "followup_attempts",
    "followups",
    "formulas",
    "handout_prints",
    "patient_allergies",
    "patient_conditions",
    "patient_consents",
    "patient_medications",
    "patient_name_tokens",
    "patient_phones",
    "patients",
    "pharmacies",
    "prescription_prints",
    "prescriptions",
    "user_roles",
    "users",
    "visit_addenda",
    "visits",
}


def test_empty_database_migrates_to_head(empty_database: Database) -> None:
    assert not has_any_table(empty_database.engine)
    assert current_revision(empty_database.engine) is None
    result = upgrade(empty_database.engine, empty_database.url)
    assert result.previous is None
    assert result.current == head_revision()
    assert result.changed
    assert result.backup is None  # nothing to back up in a new database
    assert current_revision(empty_database.engine) == head_revision()
    assert set(inspect(empty_database.engine).get_table_names()) == EXPECTED_TABLES


def test_upgrading_at_head_changes_nothing(database: Database) -> None:
    result = upgrade(database.engine, database.url)
    assert not result.changed
    assert result.backup is None


def test_models_match_the_migrations(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_search_keys_use_binary_collation_on_postgresql(database: Database) -> None:
    if database.engine.dialect.name != "postgresql":
        return  # SQLite compares with BINARY by default
    keys = "'sort_key', 'identity_key', 'token', 'digits', 'digits_reversed', 'name_key'"
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT table_name, column_name, collation_name FROM information_schema.columns "
                f"WHERE column_name IN ({keys})"
            )
        ).all()
    assert len(rows) == 6
    assert {row.collation_name for row in rows} == {"C"}


def _insert_user(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (username, first_name, last_name, password_hash, must_change_password, "
                "failed_sign_ins, active, created_at, version) VALUES "
                "('drpena', 'José', 'Peña', 'x', true, 0, true, :now, 1)"
            ),
            {"now": datetime(2026, 1, 2, 3, 4, 5)},
        )


def test_upgrade_from_0001_keeps_the_data_and_backs_up_an_sqlite_file(empty_database: Database) -> None:
    db = empty_database
    old = upgrade(db.engine, db.url, target="0001")
    assert old.current == "0001"
    assert current_revision(db.engine) == "0001"
    assert "patients" not in inspect(db.engine).get_table_names()
    _insert_user(db)

    result = upgrade(db.engine, db.url)
    assert result.previous == "0001"
    assert result.current == head_revision()
    assert current_revision(db.engine) == head_revision()
    assert "patients" in inspect(db.engine).get_table_names()
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT first_name, last_name FROM users")).one() == ("José", "Peña")

    if db.engine.dialect.name != "sqlite":
        assert result.backup is None
        return
    assert result.backup is not None
    database_file = Path(db.engine.url.database or "")
    assert result.backup.parent == database_file.parent
    assert result.backup.name.startswith(f"{database_file.stem}.before-upgrade-0001-")
    assert result.backup.suffix == database_file.suffix
    backup = Database(f"sqlite:///{result.backup}")
    try:
        assert current_revision(backup.engine) == "0001"  # the copy is the old database, data and all
        with backup.engine.connect() as connection:
            assert connection.execute(text("SELECT username FROM users")).scalar_one() == "drpena"
    finally:
        backup.dispose()


def test_backup_name_carries_a_utc_timestamp(empty_database: Database) -> None:
    db = empty_database
    if db.engine.dialect.name != "sqlite":
        return
    upgrade(db.engine, db.url, target="0001")
    before = datetime.now(UTC).replace(microsecond=0)
    result = upgrade(db.engine, db.url)
    assert result.backup is not None
    stamp = result.backup.stem.rsplit("-", 1)[1]
    taken = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert taken >= before


def test_a_database_from_a_newer_program_is_refused_untouched(database: Database, tmp_path: Path) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(SetupError, match="newer version of ldnclinic"):
        upgrade(database.engine, database.url)
    assert current_revision(database.engine) == "0999"
    assert list(tmp_path.glob("*before-upgrade*")) == []  # no pointless backup either


def test_schema_head_constant_names_the_newest_migration() -> None:
    """The fast start-up path trusts SCHEMA_HEAD: it must match the scripts."""
    from ldnclinic.db.migrate import SCHEMA_HEAD, head_revision

    assert head_revision() == SCHEMA_HEAD
