"""Migration 0006: the clinic's prescription start-date limits, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import inspect, text

from ldnclinic.db.engine import Database
from ldnclinic.db.migrate import _config, current_revision, head_revision, upgrade


def _insert_clinic(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO clinic_profile (name, street, city, state, zip, phone, fax, timezone, "
                "updated_at, version) VALUES ('Hill Country LDN Clinic', '100 Congress Ave', 'Austin', "
                "'TX', '78701', '+15125550100', NULL, 'America/Chicago', :now, 3)"
            ),
            {"now": datetime(2026, 11, 1, 12, 0)},
        )


def _columns(db: Database) -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns("clinic_profile")}


def test_an_existing_clinic_gets_the_default_limits(empty_database: Database) -> None:
    db = empty_database
    upgrade(db.engine, db.url, target="0005")
    _insert_clinic(db)
    assert "rx_start_days_past" not in _columns(db)

    result = upgrade(db.engine, db.url)
    assert (result.previous, result.current) == ("0005", "0006")
    assert head_revision() == "0006"
    with db.engine.connect() as connection:
        row = connection.execute(
            text("SELECT name, rx_start_days_past, rx_start_days_ahead, version FROM clinic_profile")
        ).one()
    assert tuple(row) == ("Hill Country LDN Clinic", 30, 90, 3)  # the clinic's data kept


def test_the_columns_refuse_nothing_missing_and_downgrade_cleanly(empty_database: Database) -> None:
    db = empty_database
    upgrade(db.engine, db.url)
    columns = {c["name"]: c for c in inspect(db.engine).get_columns("clinic_profile")}
    assert not columns["rx_start_days_past"]["nullable"]
    assert not columns["rx_start_days_ahead"]["nullable"]

    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    assert current_revision(db.engine) == "0005"
    assert {"rx_start_days_past", "rx_start_days_ahead"}.isdisjoint(_columns(db))
