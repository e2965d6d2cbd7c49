"""Sign-in, lock-out, password changes and user accounts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.users import User, UserRole
from ldnclinic.db.records import existing
from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import (
    AccountLockedError,
    AuthenticationError,
    PasswordChangeRequiredError,
    ValidationError,
)
from ldnclinic.domain.passwords import LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS, password_problem
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.text import username_key
from ldnclinic.services import audit
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.users.accounts import PHYSICIAN_CREDENTIALS, AccountSpec, check_account
from ldnclinic.services.users.passwords import Passwords

WRONG_CREDENTIALS = "The user name or password is not right."


@dataclass(frozen=True, slots=True)
class SignInResult:
    actor: Actor
    must_change_password: bool


@dataclass(frozen=True, slots=True)
class UserSummary:
    id: int
    username: str
    first_name: str
    last_name: str
    credentials: str | None
    npi: str | None
    texas_license: str | None
    supervising_username: str | None
    roles: frozenset[Role]
    active: bool
    locked: bool
    must_change_password: bool

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}"
        return f"{name}, {self.credentials}" if self.credentials else name


def actor_for(user: User) -> Actor:
    name = f"{user.first_name} {user.last_name}"
    if user.credentials:
        name = f"{name}, {user.credentials}"
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=name,
        roles=frozenset(Role(r.role) for r in user.roles),
    )


def new_user(spec: AccountSpec, password_hash: str) -> User:
    """A new account that must change its (initial or temporary) password at first sign-in."""
    return User(
        username=spec.username,
        first_name=spec.first_name,
        last_name=spec.last_name,
        credentials=spec.credentials,
        npi=spec.npi,
        texas_license=spec.texas_license,
        password_hash=password_hash,
        must_change_password=True,
        failed_sign_ins=0,
        active=True,
        roles=[UserRole(role=role.value) for role in sorted(spec.roles)],
    )


def find_user(session: Session, username: str) -> User | None:
    key = username_key(username)
    if not key.isprintable():  # no user name has control characters; PostgreSQL refuses NUL
        return None
    return session.scalar(select(User).where(User.username == key))


class UserService:
    def __init__(self, db: Database, passwords: Passwords, clock: Clock = system_clock) -> None:
        self._db = db
        self._passwords = passwords
        self._clock = clock

    # --- signing in ---------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> SignInResult:
        """Check the password; count failures; lock after five for fifteen minutes.

        Every attempt is audited, and a failure is committed before it is reported.
        """
        try:
            return self._sign_in_once(username, password)
        except StaleDataError:  # another sign-in to this account committed first: count again
            return self._sign_in_once(username, password)

    def _sign_in_once(self, username: str, password: str) -> SignInResult:
        failure: AuthenticationError | None = None
        result: SignInResult | None = None
        with self._db.transaction() as session:
            now = self._clock()
            user = find_user(session, username)
            if user is None or not user.active:
                self._passwords.burn_time(password)
                audit.record(
                    session,
                    at=now,
                    action=AuditAction.SIGN_IN_FAILED,
                    username=username.strip(),
                    detail="unknown user" if user is None else "inactive account",
                )
                failure = AuthenticationError(WRONG_CREDENTIALS)
            elif user.locked_until is not None and user.locked_until > now:
                self._passwords.burn_time(password)
                audit.record(
                    session,
                    at=now,
                    action=AuditAction.SIGN_IN_FAILED,
                    username=user.username,
                    record_type="user",
                    record_id=user.id,
                    detail="account locked",
                )
                failure = AccountLockedError(_locked_message(user, now))
            elif not self._passwords.verify(user.password_hash, password):
                failure = self._count_failure(session, user, now)
            else:
                user.failed_sign_ins = 0
                user.locked_until = None
                if self._passwords.needs_rehash(user.password_hash):
                    user.password_hash = self._passwords.hash(password)
                actor = actor_for(user)
                audit.record(
                    session,
                    at=now,
                    action=AuditAction.SIGN_IN,
                    actor=actor,
                    record_type="user",
                    record_id=user.id,
                )
                result = SignInResult(actor=actor, must_change_password=user.must_change_password)
        if failure is not None:
            raise failure
        assert result is not None
        return result

    def _count_failure(self, session: Session, user: User, now: datetime) -> AuthenticationError:
        user.failed_sign_ins += 1
        audit.record(
            session,
            at=now,
            action=AuditAction.SIGN_IN_FAILED,
            username=user.username,
            record_type="user",
            record_id=user.id,
            detail=f"wrong password ({user.failed_sign_ins})",
        )
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            user.failed_sign_ins = 0
            user.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
            audit.record(
                session,
                at=now,
                action=AuditAction.ACCOUNT_LOCKED,
                username=user.username,
                record_type="user",
                record_id=user.id,
                detail=f"{MAX_FAILED_SIGN_INS} failed sign-ins",
            )
            return AccountLockedError(
                f"Too many failed sign-ins: this account is locked for {LOCKOUT_MINUTES} minutes."
            )
        left = MAX_FAILED_SIGN_INS - user.failed_sign_ins
        if left <= 2:
            return AuthenticationError(
                f"{WRONG_CREDENTIALS} {left} more failed attempt{'s' if left > 1 else ''} "
                f"will lock the account for {LOCKOUT_MINUTES} minutes."
            )
        return AuthenticationError(WRONG_CREDENTIALS)

    def sign_in_for_command_line(self, username: str, password: str) -> Actor:
        """Like sign_in, but an account that still has its initial password is refused."""
        result = self.sign_in(username, password)
        if result.must_change_password:
            raise PasswordChangeRequiredError(
                f"{result.actor.username} must choose a new password first: sign in to the app, "
                f"or run `ldnclinic passwd --user {result.actor.username}`."
            )
        return result.actor

    def change_password(self, username: str, current: str, new: str) -> Actor:
        """Change one's own password (checks the current one, counts as a sign-in)."""
        problem = password_problem(new, username_key(username))
        if problem:
            raise ValidationError({"new password": problem})
        if new == current:
            raise ValidationError({"new password": "The new password must differ from the old one."})
        actor = self.sign_in(username, current).actor
        with self._db.transaction() as session:
            user = session.get_one(User, actor.user_id)
            user.password_hash = self._passwords.hash(new)
            user.must_change_password = False
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.PASSWORD_CHANGED,
                actor=actor,
                record_type="user",
                record_id=user.id,
            )
        return actor

    def record_sign_out(self, actor: Actor) -> None:
        with self._db.transaction() as session:
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.SIGN_OUT,
                actor=actor,
                record_type="user",
                record_id=actor.user_id,
            )

    # --- administration -----------------------------------------------------------------

    def list_users(self, actor: Actor) -> list[UserSummary]:
        require(actor, Permission.USER_MANAGE)
        with self._db.transaction() as session:
            users = session.scalars(select(User).order_by(User.last_name, User.first_name))
            return [self._summary(u) for u in users]

    def prescribers(self) -> list[UserSummary]:
        """Active prescribers, for pick-lists (no patient data, no permission needed)."""
        with self._db.transaction() as session:
            stmt = (
                select(User)
                .join(UserRole)
                .where(UserRole.role == Role.PRESCRIBER.value, User.active.is_(True))
                .order_by(User.last_name, User.first_name)
            )
            return [self._summary(u) for u in session.scalars(stmt)]

    def create_user(self, actor: Actor, spec: AccountSpec, temporary_password: str) -> UserSummary:
        """A new account (checked like an `ldnclinic init` account) with a temporary password
        that must be changed at its first sign-in."""
        require(actor, Permission.USER_MANAGE)
        spec = check_account(spec)
        problem = password_problem(temporary_password, spec.username)
        if problem:
            raise ValidationError({"password": problem})
        with self._db.transaction() as session:
            if find_user(session, spec.username) is not None:
                raise ValidationError({"username": f"There is already an account “{spec.username}”."})
            user = new_user(spec, self._passwords.hash(temporary_password))
            if spec.supervising:
                boss = find_user(session, spec.supervising)
                if boss is None or not boss.active or boss.credentials not in PHYSICIAN_CREDENTIALS:
                    raise ValidationError(
                        {"supervising": f"“{spec.supervising}” is not an active physician (MD or DO)."}
                    )
                user.supervising = boss
            session.add(user)
            session.flush()
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.USER_CREATED,
                actor=actor,
                record_type="user",
                record_id=user.id,
                detail="roles: " + ", ".join(sorted(r.value for r in spec.roles)),
            )
            return self._summary(user)

    def unlock(self, actor: Actor, user_id: int) -> None:
        require(actor, Permission.USER_MANAGE)
        with self._db.transaction() as session:
            user = _get_user(session, user_id)
            user.locked_until = None
            user.failed_sign_ins = 0
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.USER_UPDATED,
                actor=actor,
                record_type="user",
                record_id=user.id,
                detail="unlocked",
            )

    def reset_password(self, actor: Actor, user_id: int, temporary_password: str) -> None:
        """Give an account a temporary password that must be changed at next sign-in."""
        require(actor, Permission.USER_MANAGE)
        with self._db.transaction() as session:
            user = _get_user(session, user_id)
            problem = password_problem(temporary_password, user.username)
            if problem:
                raise ValidationError({"password": problem})
            user.password_hash = self._passwords.hash(temporary_password)
            user.must_change_password = True
            user.locked_until = None
            user.failed_sign_ins = 0
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.USER_UPDATED,
                actor=actor,
                record_type="user",
                record_id=user.id,
                detail="password reset",
            )

    def set_active(self, actor: Actor, user_id: int, active: bool) -> None:
        require(actor, Permission.USER_MANAGE)
        if user_id == actor.user_id and not active:
            raise ValidationError({"active": "You cannot deactivate your own account."})
        with self._db.transaction() as session:
            user = _get_user(session, user_id)
            user.active = active
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.USER_UPDATED,
                actor=actor,
                record_type="user",
                record_id=user.id,
                detail="activated" if active else "deactivated",
            )

    def _summary(self, user: User) -> UserSummary:
        now = self._clock()
        return UserSummary(
            id=user.id,
            username=user.username,
            first_name=user.first_name,
            last_name=user.last_name,
            credentials=user.credentials,
            npi=user.npi,
            texas_license=user.texas_license,
            supervising_username=user.supervising.username if user.supervising else None,
            roles=frozenset(Role(r.role) for r in user.roles),
            active=user.active,
            locked=user.locked_until is not None and user.locked_until > now,
            must_change_password=user.must_change_password,
        )


def _get_user(session: Session, user_id: int) -> User:
    user = existing(session, User, user_id, "user")
    return user


def _locked_message(user: User, now: datetime) -> str:
    assert user.locked_until is not None
    seconds = (user.locked_until - now).total_seconds()
    minutes = max(1, math.ceil(seconds / 60))
    return (
        f"Too many failed sign-ins: this account is locked. Try again in {minutes} "
        f"minute{'s' if minutes != 1 else ''}, or ask an administrator to unlock it."
    )


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0
