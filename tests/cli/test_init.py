"""`ldnclinic init --clinic FILE.toml`: creates, is idempotent, names every problem."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ldnclinic.config import PASSWORD_ENV
from ldnclinic.db.engine import Database
from ldnclinic.db.models.audit import AuditEvent
from ldnclinic.db.models.clinic import ClinicProfile
from ldnclinic.db.models.users import User
from ldnclinic.services.container import build_services
from ldnclinic.services.users.passwords import Passwords
from tests.cli.conftest import CLINIC_TOML, Run, Terminal, write_toml
from tests.conftest import INITIAL_PASSWORD


def _users(url: str) -> list[tuple[Any, ...]]:
    db = Database(url)
    try:
        with db.transaction() as session:
            columns = (User.username, User.password_hash, User.must_change_password, User.version)
            return [tuple(row) for row in session.execute(select(*columns).order_by(User.id))]
    finally:
        db.dispose()


def _count(url: str, model: Any) -> int:
    db = Database(url)
    try:
        with db.transaction() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0
    finally:
        db.dispose()


def test_init_creates_the_clinic_and_accounts(
    run: Run, db_url: str, clinic_file: Path, monkeypatch: pytest.MonkeyPatch, passwords: Passwords
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    result = run("init", "--clinic", str(clinic_file))
    assert result.code == 0, result.err
    assert "Clinic profile: created" in result.out
    assert "Accounts created: drgarcia, pajones, maria, admin" in result.out
    assert "must choose a new one" in result.out
    assert "Schema:" in result.out
    assert INITIAL_PASSWORD not in result.out + result.err
    users = _users(db_url)
    assert [u[0] for u in users] == ["drgarcia", "pajones", "maria", "admin"]
    assert all(must_change for _, _, must_change, _ in users)
    db = Database(db_url)
    try:
        signed = build_services(db, passwords).users.sign_in("pajones", INITIAL_PASSWORD)
        assert signed.must_change_password
    finally:
        db.dispose()


def test_running_init_again_changes_nothing(
    run: Run, db_url: str, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    assert run("init", "--clinic", str(clinic_file)).code == 0
    users_before = _users(db_url)
    audit_before = _count(db_url, AuditEvent)
    monkeypatch.setenv(PASSWORD_ENV, "another-password-2027")
    again = run("init", "--clinic", str(clinic_file))
    assert again.code == 0, again.err
    assert "Schema: already at version" in again.out
    assert "Clinic profile: already there" in again.out
    assert "Accounts already there, left as they are: drgarcia, pajones, maria, admin" in again.out
    assert "Nothing else to do" in again.out
    assert _users(db_url) == users_before  # same hashes, same versions
    assert _count(db_url, AuditEvent) == audit_before
    assert _count(db_url, ClinicProfile) == 1


def test_init_creates_a_new_sqlite_file_and_its_folder(
    run_with: Callable[[str], Run], tmp_path: Path, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    target = tmp_path / "new" / "folder" / "clinic.sqlite3"
    result = run_with(f"sqlite:///{target}")("init", "--clinic", str(clinic_file))
    assert result.code == 0, result.err
    assert target.exists()
    assert "Schema: created at version" in result.out


def test_a_file_that_is_not_toml_is_refused_before_any_change(
    run: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    bad = write_toml(tmp_path, "[clinic\nname = 'x'\n")
    result = run("init", "--clinic", str(bad))
    assert result.code == 1
    assert "is not valid TOML" in result.err
    assert "Traceback" not in result.err
    assert _count(db_url, User) == 0


def test_a_missing_file_is_named(run: Run, tmp_path: Path) -> None:
    result = run("init", "--clinic", str(tmp_path / "nowhere.toml"))
    assert result.code == 1
    assert "There is no file" in result.err


def test_a_bad_npi_is_named_by_its_place(
    run: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    bad = write_toml(tmp_path, CLINIC_TOML.replace('npi = "1234567893"', 'npi = "1234567890"'))
    result = run("init", "--clinic", str(bad))
    assert result.code == 1
    assert "prescribers[0].npi" in result.err
    assert "check digit" in result.err
    assert _count(db_url, User) == 0


def test_a_pa_without_a_supervising_physician_is_refused(
    run: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    bad = write_toml(tmp_path, CLINIC_TOML.replace('supervising = "drgarcia"\n', ""))
    result = run("init", "--clinic", str(bad))
    assert result.code == 1
    assert "prescribers[1].supervising" in result.err
    assert "supervising physician" in result.err
    assert _count(db_url, User) == 0


def test_every_problem_is_reported_at_once(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    text = CLINIC_TOML.replace('zip = "78701"', 'zip = "787"').replace('npi = "1932104098"', 'npi = "12"')
    result = run("init", "--clinic", str(write_toml(tmp_path, text)))
    assert result.code == 1
    assert "clinic.zip" in result.err
    assert "prescribers[1].npi" in result.err


def test_without_a_password_or_a_terminal_nothing_is_created(
    run: Run, db_url: str, clinic_file: Path
) -> None:
    result = run("init", "--clinic", str(clinic_file))
    assert result.code == 2
    assert PASSWORD_ENV in result.err
    assert _count(db_url, User) == 0
    assert _count(db_url, ClinicProfile) == 0  # the clinic was rolled back with the accounts


def test_a_weak_initial_password_is_refused(
    run: Run, db_url: str, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "short")
    result = run("init", "--clinic", str(clinic_file))
    assert result.code == 1
    assert "at least 12 characters" in result.err
    assert _count(db_url, User) == 0


def test_the_password_is_asked_twice_at_a_terminal(
    run: Run, db_url: str, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([INITIAL_PASSWORD, INITIAL_PASSWORD])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    result = run("init", "--clinic", str(clinic_file))
    assert result.code == 0, result.err
    assert len(prompts) == 2
    assert "Initial password" in prompts[0]
    assert _count(db_url, User) == 4


def test_two_different_passwords_at_the_prompt_change_nothing(
    run: Run, db_url: str, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([INITIAL_PASSWORD, INITIAL_PASSWORD + "x"])
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    result = run("init", "--clinic", str(clinic_file))
    assert result.code == 2
    assert "not the same" in result.err
    assert _count(db_url, User) == 0
