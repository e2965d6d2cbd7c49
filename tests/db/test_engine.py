"""Connections and column types: SQLite pragmas, UTC timestamps, the unit of work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from ldnclinic.db.engine import Database, is_sqlite, sqlite_path
from ldnclinic.db.models.audit import AuditEvent
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.users import User, UserRole


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(database: Database) -> None:
    if not is_sqlite(database.url):
        assert database.engine.dialect.name == "postgresql"
        return
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError), database.transaction() as session:
        session.add(UserRole(user_id=999_999, role="staff"))


def test_sqlite_url_helpers() -> None:
    assert is_sqlite("sqlite:///x.db")
    assert not is_sqlite("postgresql+psycopg://u@h/db")
    assert sqlite_path("sqlite:////tmp/clinic.sqlite3") == "/tmp/clinic.sqlite3"
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("postgresql+psycopg://u@h/db") is None


def test_display_name_hides_the_password() -> None:
    db = Database("postgresql+psycopg://clinic:s3cret@db.example/ldnclinic")
    try:
        assert "s3cret" not in db.display_name
        assert "db.example/ldnclinic" in db.display_name
    finally:
        db.dispose()


def _event(at: datetime) -> AuditEvent:
    return AuditEvent(occurred_at=at, username="test", action="sign_in")


def test_utc_datetime_round_trips_aware_datetimes(database: Database) -> None:
    chicago = timezone(timedelta(hours=-6))
    local = datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=chicago)
    with database.transaction() as session:
        session.add(_event(local))
    with database.transaction() as session:
        stored = session.scalars(select(AuditEvent.occurred_at)).one()
    assert stored == local
    assert stored.tzinfo is UTC
    assert stored == datetime(2026, 11, 21, 15, 30, 15, 123456, tzinfo=UTC)


def test_utc_datetime_stores_utc_wall_time(database: Database) -> None:
    with database.transaction() as session:
        session.add(_event(datetime(2026, 7, 4, 12, 0, tzinfo=timezone(timedelta(hours=-5)))))
    with database.engine.connect() as connection:
        raw = connection.execute(text("SELECT occurred_at FROM audit_events")).scalar_one()
    assert str(raw).startswith("2026-07-04 17:00:00")


def test_utc_datetime_refuses_naive_datetimes(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), database.transaction() as session:
        session.add(_event(datetime(2026, 11, 21, 15, 0)))
    with database.transaction() as session:
        assert session.scalars(select(AuditEvent)).all() == []


def test_transaction_commits_on_success_and_rolls_back_on_error(database: Database) -> None:
    with database.transaction() as session:
        session.add(_event(datetime(2026, 1, 1, tzinfo=UTC)))
    with pytest.raises(RuntimeError), database.transaction() as session:
        session.add(_event(datetime(2026, 1, 2, tzinfo=UTC)))
        session.flush()
        raise RuntimeError("boom")
    with database.transaction() as session:
        assert len(session.scalars(select(AuditEvent)).all()) == 1


def test_user_roles_are_deleted_with_their_user(database: Database) -> None:
    with database.transaction() as session:
        user = User(
            username="x1", first_name="A", last_name="B", password_hash="h", roles=[UserRole(role="staff")]
        )
        session.add(user)
    with database.transaction() as session:
        session.delete(session.scalars(select(User)).one())
    with database.transaction() as session:
        assert session.scalars(select(UserRole)).all() == []


def test_database_errors_do_not_carry_patient_data(database: Database) -> None:
    """A bug's traceback may reach a log or a crash dialog: no bound values (PHI) in it."""
    born = date(1961, 3, 2)

    def patient() -> Patient:
        return Patient(
            mrn="1234-5678",
            first_name="Zacarías",
            last_name="Peña",
            date_of_birth=born,
            sex="male",
            sort_key="pena\x01zacarias",
            identity_key="pena|zacarias",
        )

    with database.transaction() as session:
        session.add(patient())
    with pytest.raises(IntegrityError) as error, database.transaction() as session:
        session.add(patient())  # the same MRN again
    message = str(error.value)
    assert "uq_patients_mrn" in message or "UNIQUE" in message
    for value in ("Zacarías", "Peña", "1961"):
        assert value not in message
    # PostgreSQL's own DETAIL line still names the duplicate key value ("Key (mrn)=(...)");
    # the GUI's log keeps tracebacks without messages for that reason.
