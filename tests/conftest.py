"""Shared fixtures: a fresh database per test on SQLite and on a real PostgreSQL server.

The PostgreSQL cluster is started once per test session from the Debian server binaries
(as the `postgres` OS user when running as root, since initdb refuses root). Each test
gets a new database cloned from a migrated template, so tests stay hermetic and fast.
"""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt or platformdirs: no screen, and never the user's real data.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HERMETIC_HOME = tempfile.mkdtemp(prefix="ldnclinic-test-home-")
os.environ["XDG_DATA_HOME"] = _HERMETIC_HOME
os.environ["XDG_CONFIG_HOME"] = _HERMETIC_HOME
os.environ.pop("LDNCLINIC_DB", None)

import itertools  # noqa: E402
import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402

from ldnclinic.db.engine import Database  # noqa: E402
from ldnclinic.db.migrate import upgrade  # noqa: E402
from ldnclinic.services.clinic.setup import ClinicSetup, parse_setup  # noqa: E402
from ldnclinic.services.container import Services, build_services  # noqa: E402
from ldnclinic.services.context import Actor  # noqa: E402
from ldnclinic.services.users.passwords import Passwords  # noqa: E402
from tests.support.clock import FakeClock  # noqa: E402
from tests.support.pdf_pages import watch_prescription_pages  # noqa: E402
from tests.support.postgres import PostgresServer  # noqa: E402

INITIAL_PASSWORD = "initial-pass-2026"
PASSWORD = "clinic-pass-2026!"
_db_counter = itertools.count()

SAMPLE_SETUP = {
    "clinic": {
        "name": "Hill Country LDN Clinic",
        "street": "100 Congress Ave, Suite 200",
        "city": "Austin",
        "state": "TX",
        "zip": "78701",
        "phone": "(512) 555-0100",
        "fax": "(512) 555-0101",
        "timezone": "America/Chicago",
    },
    "prescribers": [
        {
            "username": "drgarcia",
            "first_name": "Elena",
            "last_name": "García",
            "credentials": "MD",
            "npi": "1234567893",
            "texas_license": "Q1234",
        },
        {
            "username": "pajones",
            "first_name": "Sam",
            "last_name": "Jones",
            "credentials": "PA-C",
            "npi": "1932104098",
            "texas_license": "PA12345",
            "supervising": "drgarcia",
        },
    ],
    "staff": [{"username": "maria", "first_name": "María", "last_name": "López"}],
    "admin": {"username": "admin"},
}


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    server = PostgresServer.start(tmp_path_factory.mktemp("pg"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    url = f"sqlite:///{path}"
    db = Database(url)
    upgrade(db.engine, url)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    name = "ldn_template"
    postgres_server.create_database(name)
    url = postgres_server.url(name)
    db = Database(url)
    upgrade(db.engine, url)
    db.dispose()
    return name


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database: an SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        target = tmp_path / "clinic.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template: str = request.getfixturevalue("postgres_template")
    name = f"ldn_test_{os.getpid()}_{next(_db_counter)}"
    server.create_database(name, template=template)
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = Database(db_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(autouse=True)
def _prescriptions_are_one_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every prescription PDF rendered in any test is counted: exactly one page."""
    with watch_prescription_pages(monkeypatch):
        yield


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def passwords() -> Passwords:
    """argon2id with cheap cost parameters, so tests do not spend seconds hashing."""
    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def services(database: Database, passwords: Passwords, clock: FakeClock) -> Services:
    return build_services(database, passwords, clock)


@pytest.fixture
def clinic_setup() -> ClinicSetup:
    return parse_setup(SAMPLE_SETUP)


@pytest.fixture
def initialized(services: Services, clinic_setup: ClinicSetup) -> Services:
    """A set-up clinic whose accounts all still have the initial password."""
    services.setup.initialize(clinic_setup, lambda: INITIAL_PASSWORD)
    return services


def signed_in(services: Services, username: str) -> Actor:
    """Change the initial password (as at first sign-in) and return the actor."""
    return services.users.change_password(username, INITIAL_PASSWORD, PASSWORD)


@pytest.fixture
def staff(initialized: Services) -> Actor:
    return signed_in(initialized, "maria")


@pytest.fixture
def prescriber(initialized: Services) -> Actor:
    return signed_in(initialized, "drgarcia")


@pytest.fixture
def admin(initialized: Services) -> Actor:
    return signed_in(initialized, "admin")
