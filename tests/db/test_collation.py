"""Search keys sort and match by code point even where the server's own collation would not.

A clinic's PostgreSQL server usually has a language collation (en_US): it ignores hyphens and
control characters when sorting, which would break keyset paging and prefix ranges. The key
columns are declared COLLATE "C"; this runs the registry on such a server to prove it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ldnclinic.db.engine import Database
from ldnclinic.db.migrate import upgrade
from ldnclinic.services.clinic.setup import parse_setup
from ldnclinic.services.container import Services, build_services
from ldnclinic.services.patients.dto import SearchCursor
from ldnclinic.services.users.passwords import Passwords
from tests.conftest import INITIAL_PASSWORD, PASSWORD, SAMPLE_SETUP
from tests.support.clock import FakeClock
from tests.support.patient_data import minimal_patient
from tests.support.postgres import PostgresServer

_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql-icu-en-US"])
def language_collated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"ldn_icu_{os.getpid()}_{next(_counter)}"
    icu = "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
    server._admin(f'CREATE DATABASE "{name}" TEMPLATE template0 {icu}')
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def services_on(language_collated_url: str, passwords: Passwords, clock: FakeClock) -> Iterator[Services]:
    db = Database(language_collated_url)
    upgrade(db.engine, db.url)
    try:
        yield build_services(db, passwords, clock)
    finally:
        db.dispose()


def test_list_order_and_paging_ignore_the_server_collation(services_on: Services) -> None:
    services_on.setup.initialize(parse_setup(SAMPLE_SETUP), lambda: INITIAL_PASSWORD)
    staff = services_on.users.change_password("maria", INITIAL_PASSWORD, PASSWORD)
    names = [
        ("Zoe", "Peña"),
        ("Adam", "Peña-Ruiz"),
        ("Bea", "Pena"),
        ("Cy", "Penaloza"),
        ("Al", "O'Neil"),
        ("Di", "Oneil"),
    ]
    for first, last in names:
        services_on.patients.create(staff, minimal_patient(first, last, "1970-01-01"), confirm_duplicate=True)

    everyone = services_on.patients.search(staff, "")
    keys = [p.sort_key for p in everyone]
    assert keys == sorted(keys)  # code-point order, as SQLite and Python sort
    assert [p.display_name for p in everyone] == [
        "O'Neil, Al", "Oneil, Di", "Pena, Bea", "Peña, Zoe", "Peña-Ruiz, Adam", "Penaloza, Cy",
    ]  # fmt: skip
    paged = []
    cursor: SearchCursor | None = None
    while page := services_on.patients.search(staff, "", after=cursor, limit=2):
        paged.extend(page)
        cursor = SearchCursor.after(page[-1])
    assert [p.id for p in paged] == [p.id for p in everyone]
    assert [p.display_name for p in services_on.patients.search(staff, "pena")] == [
        "Pena, Bea", "Peña, Zoe", "Peña-Ruiz, Adam", "Penaloza, Cy",
    ]  # fmt: skip
