"""Fixtures for the data-layer tests: an empty (unmigrated) database on each backend."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ldnclinic.db.engine import Database
from tests.support.postgres import PostgresServer

_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"ldn_empty_{os.getpid()}_{next(_counter)}"
    server.create_database(name)
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def empty_database(empty_db_url: str) -> Iterator[Database]:
    db = Database(empty_db_url)
    try:
        yield db
    finally:
        db.dispose()
