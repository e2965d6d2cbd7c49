"""`ldnclinic db status`: where the schema stands, read without writing anything."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

from ldnclinic.db.migrate import SCHEMA_HEAD
from tests.cli.conftest import Run


def stamp(url: str, revision: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_an_up_to_date_database(run: Run) -> None:
    result = run("db", "status")
    assert result.code == 0, result.err
    assert f"Schema:   {SCHEMA_HEAD}, up to date" in result.out
    data = json.loads(run("db", "status", "--json").out)
    assert (data["schema"], data["program_schema"], data["upgrade_pending"], data["newer"]) == (
        SCHEMA_HEAD,
        SCHEMA_HEAD,
        False,
        False,
    )


def test_an_older_schema_is_reported_as_pending_not_upgraded(run: Run, db_url: str) -> None:
    stamp(db_url, "0005")
    result = run("db", "status")
    assert result.code == 0, result.err
    assert f"0005; an upgrade to {SCHEMA_HEAD} runs at the next start" in result.out
    assert json.loads(run("db", "status", "--json").out)["schema"] == "0005"  # still: nothing ran


def test_a_newer_schema_is_named_and_left_alone(run: Run, db_url: str) -> None:
    stamp(db_url, "0099")
    path = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite") else None
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path else None
    result = run("db", "status")
    assert result.code == 1
    assert f"0099, made by a newer ldnclinic; this one knows schemas up to {SCHEMA_HEAD}" in result.out
    if path:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert "newer version of ldnclinic (schema 0099)" in run("patients", "list", "--user", "maria").err


def test_a_missing_database_file_is_not_created(run_with: Callable[[str], Run], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    result = run_with(f"sqlite:///{missing}")("db", "status")
    assert (result.code, result.err.strip()) == (2, f"ldnclinic: There is no database file {missing}.")
    assert not missing.exists()
