"""Setting up a clinic database from a TOML file (`ldnclinic init`) or the first-run wizard.

Set-up is idempotent: accounts and the clinic profile that exist already are left alone,
so running it again only upgrades the schema.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ldnclinic.db.engine import Database
from ldnclinic.db.migrate import MigrationResult, SchemaStatus, schema_status, upgrade
from ldnclinic.db.models.clinic import ClinicProfile
from ldnclinic.db.models.users import User
from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import SetupError, ValidationError
from ldnclinic.domain.passwords import password_problem
from ldnclinic.domain.text import username_key
from ldnclinic.services import audit
from ldnclinic.services.clinic.service import ClinicInput, check_clinic
from ldnclinic.services.context import Clock, system_clock
from ldnclinic.services.users.accounts import (
    PHYSICIAN_CREDENTIALS,
    AccountSpec,
    person_spec,
    prescriber_spec,
    spec_fields,
)
from ldnclinic.services.users.passwords import Passwords
from ldnclinic.services.users.service import count_users, find_user, new_user


@dataclass(frozen=True, slots=True)
class ClinicSetup:
    clinic: ClinicInput
    accounts: tuple[AccountSpec, ...]


@dataclass(frozen=True, slots=True)
class SetupReport:
    migration: MigrationResult
    clinic_created: bool
    accounts_created: tuple[str, ...] = field(default_factory=tuple)
    accounts_kept: tuple[str, ...] = field(default_factory=tuple)


def load_setup_file(path: Path) -> ClinicSetup:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SetupError(f"There is no file {path}.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SetupError(f"{path} is not valid TOML: {error}") from None
    return parse_setup(raw)


def parse_setup(raw: Mapping[str, Any]) -> ClinicSetup:
    """Check the whole set-up and report every problem at once, named by its place."""
    errors: dict[str, str] = {}
    clinic_raw = _table(raw, "clinic", errors)
    clinic = ClinicInput(
        **{
            key: str(clinic_raw.get(key, "") or "")
            for key in ("name", "street", "city", "state", "zip", "phone", "fax")
        },
        timezone=str(clinic_raw.get("timezone", "America/Chicago")),
    )
    if "street" not in clinic_raw and "address" in clinic_raw:
        clinic = ClinicInput(**{**_as_dict(clinic), "street": str(clinic_raw["address"])})
    try:
        check_clinic(clinic)
    except ValidationError as error:
        errors.update({f"clinic.{k}": v for k, v in error.field_errors.items()})

    accounts: list[AccountSpec] = []
    for index, entry in enumerate(_array(raw, "prescribers", errors)):
        accounts.append(prescriber_spec(entry, f"prescribers[{index}]", errors))
    for index, entry in enumerate(_array(raw, "staff", errors)):
        accounts.append(person_spec(entry, f"staff[{index}]", frozenset({Role.STAFF}), errors))
    admin_raw = _table(raw, "admin", errors)
    accounts = _merge_admin(accounts, admin_raw, errors)
    _check_accounts(accounts, errors)
    if errors:
        raise SetupError(
            "The set-up file has problems:\n" + "\n".join(f"  {k}: {v}" for k, v in errors.items()),
            field_errors=errors,
        )
    return ClinicSetup(clinic=clinic, accounts=tuple(accounts))


def _as_dict(clinic: ClinicInput) -> dict[str, str]:
    return {k: getattr(clinic, k) for k in ClinicInput.__dataclass_fields__}


def _table(raw: Mapping[str, Any], key: str, errors: dict[str, str]) -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, Mapping):
        errors[key] = f"a [{key}] table is required."
        return {}
    return value


def _array(raw: Mapping[str, Any], key: str, errors: dict[str, str]) -> list[Mapping[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        errors[key] = f"use [[{key}]] tables."
        return []
    return value


def _merge_admin(
    accounts: list[AccountSpec], admin_raw: Mapping[str, Any], errors: dict[str, str]
) -> list[AccountSpec]:
    """The admin may be one of the people above (they get both roles) or a separate account."""
    if "admin" in errors:  # no [admin] table: already reported
        return accounts
    username = username_key(str(admin_raw.get("username", "")))
    for index, account in enumerate(accounts):
        if account.username == username:
            merged = AccountSpec(**{**spec_fields(account), "roles": account.roles | {Role.ADMIN}})
            return [*accounts[:index], merged, *accounts[index + 1 :]]
    admin = person_spec(
        {"first_name": "Clinic", "last_name": "Administrator", **admin_raw},
        "admin",
        frozenset({Role.ADMIN}),
        errors,
    )
    return [*accounts, admin]


def _check_accounts(accounts: list[AccountSpec], errors: dict[str, str]) -> None:
    seen: set[str] = set()
    by_name: dict[str, AccountSpec] = {}
    for account in accounts:
        by_name.setdefault(account.username, account)  # a duplicate is reported, not used
    for account in accounts:
        if account.username in seen:
            errors[f"user {account.username}"] = "appears twice."
        seen.add(account.username)
        if account.supervising:
            boss = by_name.get(account.supervising)
            if boss is None or boss.credentials not in PHYSICIAN_CREDENTIALS:
                errors[f"user {account.username}.supervising"] = (
                    f"“{account.supervising}” must be a physician (MD or DO) in [[prescribers]]."
                )


class SetupService:
    def __init__(self, db: Database, passwords: Passwords, clock: Clock = system_clock) -> None:
        self._db = db
        self._passwords = passwords
        self._clock = clock

    def migrate(self) -> MigrationResult:
        return upgrade(self._db.engine, self._db.url)

    def schema_status(self) -> SchemaStatus:
        """The database's schema revision against this program's (not PHI; nothing written)."""
        return schema_status(self._db.engine)

    def needs_setup(self) -> bool:
        """True when the database has no clinic profile or no user yet (first run)."""
        self.migrate()
        with self._db.transaction() as session:
            return session.scalar(select(ClinicProfile)) is None or count_users(session) == 0

    def initialize(self, setup: ClinicSetup, password: Callable[[], str]) -> SetupReport:
        """Upgrade the schema and create what does not exist yet.

        `password` is asked only if an account has to be created; every new account must
        change it at its first sign-in.
        """
        migration = self.migrate()
        with self._db.transaction() as session:
            now = self._clock()
            clinic_created = session.scalar(select(ClinicProfile)) is None
            if clinic_created:
                session.add(ClinicProfile(**check_clinic(setup.clinic)))
            missing = [a for a in setup.accounts if find_user(session, a.username) is None]
            kept = tuple(a.username for a in setup.accounts if a not in missing)
            if missing:
                initial = password()
                problem = password_problem(initial)
                if problem:
                    raise SetupError(f"The initial password is not acceptable: {problem}")
                self._create_accounts(session, missing, initial)
            if clinic_created or missing:
                audit.record(
                    session,
                    at=now,
                    action=AuditAction.DATABASE_INITIALIZED,
                    username="ldnclinic init",
                    detail=f"clinic created: {clinic_created}; accounts created: {len(missing)}",
                )
        return SetupReport(
            migration=migration,
            clinic_created=clinic_created,
            accounts_created=tuple(a.username for a in missing),
            accounts_kept=kept,
        )

    def _create_accounts(self, session: Any, specs: list[AccountSpec], initial: str) -> None:
        created: dict[str, User] = {}
        for spec in specs:
            user = new_user(spec, self._passwords.hash(initial))
            session.add(user)
            created[spec.username] = user
        session.flush()
        for spec in specs:
            if spec.supervising:
                boss = created.get(spec.supervising) or find_user(session, spec.supervising)
                created[spec.username].supervising_id = boss.id if boss else None
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.USER_CREATED,
                username="ldnclinic init",
                record_type="user",
                record_id=created[spec.username].id,
                detail="roles: " + ", ".join(sorted(r.value for r in spec.roles)),
            )
