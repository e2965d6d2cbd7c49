"""Command-line fixtures: run `ldnclinic.entry.main` in-process against the test database.

Commands get the cheap (but real argon2id) hasher through main's `passwords` hook, and
passwords through the environment, as a script would give them.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ldnclinic import entry
from ldnclinic.config import NEW_PASSWORD_ENV, PASSWORD_ENV
from ldnclinic.services.users.passwords import Passwords

CLINIC_TOML = """\
[clinic]
name = "Hill Country LDN Clinic"
street = "100 Congress Ave, Suite 200"
city = "Austin"
state = "TX"
zip = "78701"
phone = "(512) 555-0100"
fax = "(512) 555-0101"
timezone = "America/Chicago"

[[prescribers]]
username = "drgarcia"
first_name = "Elena"
last_name = "García"
credentials = "MD"
npi = "1234567893"
texas_license = "Q1234"

[[prescribers]]
username = "pajones"
first_name = "Sam"
last_name = "Jones"
credentials = "PA-C"
npi = "1932104098"
texas_license = "PA12345"
supervising = "drgarcia"

[[staff]]
username = "maria"
first_name = "María"
last_name = "López"

[admin]
username = "admin"
"""


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


Run = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def _no_passwords_from_outside(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test says which passwords exist; stdin is never a terminal unless a test says so."""
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.delenv(NEW_PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    yield


@pytest.fixture
def run_with(capsys: pytest.CaptureFixture[str], passwords: Passwords) -> Callable[[str], Run]:
    """run_with(db_url)(*args): the command line against a given database."""

    def bind(url: str) -> Run:
        def run(*args: str) -> CliResult:
            capsys.readouterr()
            code = entry.main(["--db", url, *args], passwords=passwords)
            out, err = capsys.readouterr()
            return CliResult(code, out, err)

        return run

    return bind


@pytest.fixture
def run(run_with: Callable[[str], Run], db_url: str) -> Run:
    """The command line against this test's fresh database (SQLite and PostgreSQL)."""
    return run_with(db_url)


@pytest.fixture
def clinic_file(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC_TOML, encoding="utf-8")
    return path


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "changed.toml"
    path.write_text(text, encoding="utf-8")
    return path


class Terminal(io.StringIO):
    """A stdin that says it is a terminal, so the command line asks with getpass."""

    def isatty(self) -> bool:
        return True
