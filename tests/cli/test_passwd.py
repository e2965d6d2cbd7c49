"""`ldnclinic passwd --user NAME`: change one's own password from the command line."""

from __future__ import annotations

import pytest

from ldnclinic.config import NEW_PASSWORD_ENV, PASSWORD_ENV
from ldnclinic.domain.enums import AuditAction
from ldnclinic.services.container import Services
from tests.cli.conftest import Run
from tests.conftest import INITIAL_PASSWORD, PASSWORD, signed_in


def test_passwd_replaces_the_initial_password(
    run: Run, initialized: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    monkeypatch.setenv(NEW_PASSWORD_ENV, PASSWORD)
    result = run("passwd", "--user", "maria")
    assert result.code == 0, result.err
    assert "password of maria is changed" in result.out
    assert PASSWORD not in result.out + result.err
    assert not initialized.users.sign_in("maria", PASSWORD).must_change_password
    admin = signed_in(initialized, "admin")
    actions = [e.action for e in initialized.audit.recent(admin) if e.username == "maria"]
    assert AuditAction.PASSWORD_CHANGED in actions


def test_user_may_come_before_the_command(
    run: Run, initialized: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    monkeypatch.setenv(NEW_PASSWORD_ENV, PASSWORD)
    assert run("--user", "maria", "passwd").code == 0


def test_a_wrong_current_password_is_a_sign_in_problem(
    run: Run, initialized: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "not-the-password-at-all")
    monkeypatch.setenv(NEW_PASSWORD_ENV, PASSWORD)
    result = run("passwd", "--user", "maria")
    assert result.code == 2
    assert "not right" in result.err
    assert initialized.users.sign_in("maria", INITIAL_PASSWORD).must_change_password


def test_a_weak_new_password_is_refused(
    run: Run, initialized: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    monkeypatch.setenv(NEW_PASSWORD_ENV, "short")
    result = run("passwd", "--user", "maria")
    assert result.code == 1
    assert "at least 12 characters" in result.err


def test_passwd_needs_a_user(run: Run, initialized: Services) -> None:
    result = run("passwd")
    assert result.code == 2
    assert "needs --user NAME" in result.err


def test_without_the_new_password_or_a_terminal(
    run: Run, initialized: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    result = run("passwd", "--user", "maria")
    assert result.code == 2
    assert NEW_PASSWORD_ENV in result.err
