"""Sign-in, lock-out after five failures, password changes, and their audit entries."""

from __future__ import annotations

import pytest

from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import (
    AccountLockedError,
    AuthenticationError,
    PasswordChangeRequiredError,
    ValidationError,
)
from ldnclinic.services.container import Services
from tests.conftest import INITIAL_PASSWORD, PASSWORD
from tests.support.clock import FakeClock


def test_initial_password_signs_in_but_must_be_changed(initialized: Services) -> None:
    result = initialized.users.sign_in("maria", INITIAL_PASSWORD)
    assert result.must_change_password
    assert result.actor.roles == frozenset({Role.STAFF})
    with pytest.raises(PasswordChangeRequiredError, match="passwd --user maria"):
        initialized.users.sign_in_for_command_line("maria", INITIAL_PASSWORD)


def test_user_name_is_case_insensitive_and_trimmed(initialized: Services) -> None:
    assert initialized.users.sign_in("  MARIA ", INITIAL_PASSWORD).actor.username == "maria"


def test_changed_password_works_and_old_one_does_not(initialized: Services) -> None:
    initialized.users.change_password("maria", INITIAL_PASSWORD, PASSWORD)
    assert not initialized.users.sign_in("maria", PASSWORD).must_change_password
    with pytest.raises(AuthenticationError):
        initialized.users.sign_in("maria", INITIAL_PASSWORD)


@pytest.mark.parametrize(
    ("new", "message"),
    [("short-pass", "at least 12"), ("maria-maria-2026", "user name"), ("aaaaaaaaaaaaaaa", "too few")],
)
def test_weak_new_passwords_are_refused(initialized: Services, new: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        initialized.users.change_password("maria", INITIAL_PASSWORD, new)


def test_five_failures_lock_the_account_for_fifteen_minutes(initialized: Services, clock: FakeClock) -> None:
    initialized.users.change_password("maria", INITIAL_PASSWORD, PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationError) as failure:
            initialized.users.sign_in("maria", "wrong password!!")
        assert not isinstance(failure.value, AccountLockedError)
    with pytest.raises(AccountLockedError, match="15 minutes"):
        initialized.users.sign_in("maria", "wrong password!!")
    # Even the right password is refused while locked.
    with pytest.raises(AccountLockedError, match="Try again in 15 minutes"):
        initialized.users.sign_in("maria", PASSWORD)
    clock.advance(minutes=14)
    with pytest.raises(AccountLockedError, match="1 minute"):
        initialized.users.sign_in("maria", PASSWORD)
    clock.advance(minutes=1, seconds=1)
    assert initialized.users.sign_in("maria", PASSWORD).actor.username == "maria"


def test_unknown_user_gets_the_same_message_as_a_wrong_password(initialized: Services) -> None:
    with pytest.raises(AuthenticationError) as unknown:
        initialized.users.sign_in("nobody", "whatever-password")
    with pytest.raises(AuthenticationError) as wrong:
        initialized.users.sign_in("maria", "whatever-password")
    assert str(unknown.value) == str(wrong.value)


def test_every_sign_in_is_audited(initialized: Services) -> None:
    admin = initialized.users.change_password("admin", INITIAL_PASSWORD, PASSWORD)
    with pytest.raises(AuthenticationError):
        initialized.users.sign_in("maria", "not the password")
    with pytest.raises(AuthenticationError):
        initialized.users.sign_in("robert'); DROP TABLE users;--", "x" * 20)
    events = initialized.audit.recent(admin)
    failed = [e for e in events if e.action is AuditAction.SIGN_IN_FAILED]
    assert {e.username for e in failed} == {"maria", "robert'); DROP TABLE users;--"}
    assert any(e.action is AuditAction.SIGN_IN and e.username == "admin" for e in events)
    assert all(e.occurred_at.tzinfo is not None for e in events)
    # The SQL-looking user name did nothing but get recorded.
    assert initialized.users.sign_in("maria", INITIAL_PASSWORD).actor.username == "maria"


def test_lockout_is_audited(initialized: Services) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            initialized.users.sign_in("drgarcia", "wrong password!!")
    admin = initialized.users.change_password("admin", INITIAL_PASSWORD, PASSWORD)
    actions = [e.action for e in initialized.audit.recent(admin)]
    assert AuditAction.ACCOUNT_LOCKED in actions


def test_admin_can_unlock_and_reset(initialized: Services) -> None:
    admin = initialized.users.change_password("admin", INITIAL_PASSWORD, PASSWORD)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            initialized.users.sign_in("maria", "wrong password!!")
    maria = next(u for u in initialized.users.list_users(admin) if u.username == "maria")
    assert maria.locked
    initialized.users.unlock(admin, maria.id)
    assert initialized.users.sign_in("maria", INITIAL_PASSWORD).must_change_password
    initialized.users.reset_password(admin, maria.id, "temporary-pass-99")
    assert initialized.users.sign_in("maria", "temporary-pass-99").must_change_password
