"""Accounts as an administrator types them or a set-up file lists them, checked before one is
made: `AccountSpec`, the user-name rule, the credentials a prescriber may hold, and the
per-field checks (`parse_account`, `check_account`) that `ldnclinic init`, the first-run
wizard and the administrator's user dialog all share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.enums import Role
from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.identifiers import npi_problem
from ldnclinic.domain.text import collapse_spaces, username_key

PHYSICIAN_CREDENTIALS = ("MD", "DO")
PRESCRIBER_CREDENTIALS = ("MD", "DO", "PA-C")
USERNAME_RE = re.compile(rf"^[a-z][a-z0-9._-]{{1,{limits.USER_NAME.chars - 1}}}$")


@dataclass(frozen=True, slots=True)
class AccountSpec:
    username: str
    first_name: str
    last_name: str
    roles: frozenset[Role]
    credentials: str | None = None
    npi: str | None = None
    texas_license: str | None = None
    supervising: str | None = None


def username_problem(username: str) -> str | None:
    if not USERNAME_RE.match(username):
        return (
            f"A user name is 2-{limits.USER_NAME.chars} characters: lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter."
        )
    return None


def parse_account(raw: Mapping[str, Any]) -> AccountSpec:
    """One account as an administrator types it: `roles` (role values) plus the person's
    fields; a prescriber also needs credentials, NPI and Texas license (and a PA-C the user
    name of a supervising physician). Problems are raised per field, without a prefix."""
    errors: dict[str, str] = {}
    roles: set[Role] = set()
    for value in raw.get("roles", ()):
        try:
            roles.add(Role(str(value)))
        except ValueError:
            errors["roles"] = f"“{value}” is not a role."
    if not roles and "roles" not in errors:
        errors["roles"] = "Give the account at least one role."
    if Role.PRESCRIBER in roles:
        spec = prescriber_spec(raw, "account", errors)
    else:
        spec = person_spec(raw, "account", frozenset(), errors)
    if errors:
        raise ValidationError({k.removeprefix("account."): v for k, v in errors.items()})
    return AccountSpec(**{**spec_fields(spec), "roles": frozenset(roles)})


def check_account(spec: AccountSpec) -> AccountSpec:
    """The same checks as parse_account, for a spec built in code."""
    raw: dict[str, Any] = {k: "" if v is None else v for k, v in spec_fields(spec).items()}
    return parse_account({**raw, "roles": [role.value for role in spec.roles]})


def person_spec(
    entry: Mapping[str, Any], where: str, roles: frozenset[Role], errors: dict[str, str]
) -> AccountSpec:
    """The person's user name and names from `entry`; problems go to `errors` as `where.field`."""
    username = username_key(str(entry.get("username", "")))
    problem = username_problem(username)
    if problem:
        errors[f"{where}.username"] = problem
    return AccountSpec(
        username=username,
        first_name=_text(entry, "first_name", where, errors),
        last_name=_text(entry, "last_name", where, errors),
        roles=roles,
    )


def prescriber_spec(entry: Mapping[str, Any], where: str, errors: dict[str, str]) -> AccountSpec:
    """`person_spec` plus what a prescriber needs: credentials, NPI, Texas license, supervisor."""
    person = person_spec(entry, where, frozenset({Role.PRESCRIBER}), errors)
    credentials = str(entry.get("credentials", "")).strip().upper()
    if credentials == "PA":
        credentials = "PA-C"
    if credentials not in PRESCRIBER_CREDENTIALS:
        errors[f"{where}.credentials"] = f"must be one of {', '.join(PRESCRIBER_CREDENTIALS)}."
    npi = str(entry.get("npi", "")).strip()
    problem = npi_problem(npi)
    if problem:
        errors[f"{where}.npi"] = problem
    license_number = str(entry.get("texas_license", "")).strip().upper()
    if not license_number:
        errors[f"{where}.texas_license"] = "is required (the Texas license number)."
    elif len(license_number) > limits.TEXAS_LICENSE.chars or not license_number.replace("-", "").isalnum():
        errors[f"{where}.texas_license"] = "should be letters and digits, such as Q1234."
    supervising = username_key(str(entry.get("supervising", ""))) or None
    if credentials == "PA-C" and not supervising:
        errors[f"{where}.supervising"] = "a PA needs the user name of a supervising physician."
    return AccountSpec(
        username=person.username,
        first_name=person.first_name,
        last_name=person.last_name,
        roles=person.roles,
        credentials=credentials,
        npi=npi,
        texas_license=license_number,
        supervising=supervising,
    )


def spec_fields(spec: AccountSpec) -> dict[str, Any]:
    return {k: getattr(spec, k) for k in AccountSpec.__dataclass_fields__}


def _text(entry: Mapping[str, Any], key: str, where: str, errors: dict[str, str]) -> str:
    value = collapse_spaces(str(entry.get(key, "") or ""))
    if not value:
        errors[f"{where}.{key}"] = "is required."
    elif len(value) > limits.PERSON_NAME.chars:
        errors[f"{where}.{key}"] = f"is longer than {limits.PERSON_NAME.chars} characters."
    return value
