"""Clinic set-up from a TOML file: every problem named by its place; idempotent initialization."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ldnclinic.db.models.users import User
from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import SetupError
from ldnclinic.services.clinic.setup import ClinicSetup, load_setup_file, parse_setup
from ldnclinic.services.container import Services
from tests.conftest import INITIAL_PASSWORD, PASSWORD, SAMPLE_SETUP


def _sample() -> dict[str, Any]:
    return copy.deepcopy(SAMPLE_SETUP)


def _problems(raw: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(SetupError) as error:
        parse_setup(raw)
    for place, problem in error.value.field_errors.items():
        assert f"{place}: {problem}" in error.value.message
    return error.value.field_errors


def _never_asked() -> str:
    raise AssertionError("the password must not be asked")


# --- reading the file ---------------------------------------------------------------------


def test_sample_setup_is_read_completely() -> None:
    setup = parse_setup(_sample())
    assert setup.clinic.name == "Hill Country LDN Clinic"
    accounts = {a.username: a for a in setup.accounts}
    assert set(accounts) == {"drgarcia", "pajones", "maria", "admin"}
    assert accounts["drgarcia"].roles == {Role.PRESCRIBER}
    assert (accounts["drgarcia"].credentials, accounts["drgarcia"].npi) == ("MD", "1234567893")
    assert (accounts["pajones"].credentials, accounts["pajones"].supervising) == ("PA-C", "drgarcia")
    assert accounts["maria"].roles == {Role.STAFF}
    assert accounts["admin"].roles == {Role.ADMIN}
    assert (accounts["admin"].first_name, accounts["admin"].last_name) == ("Clinic", "Administrator")


def test_user_names_are_lower_cased_and_pa_means_pa_c() -> None:
    raw = _sample()
    raw["prescribers"][1].update(username=" PAJones ", credentials="pa", supervising="DrGarcia")
    accounts = {a.username: a for a in parse_setup(raw).accounts}
    assert accounts["pajones"].credentials == "PA-C"
    assert accounts["pajones"].supervising == "drgarcia"


def test_bad_npi() -> None:
    raw = _sample()
    raw["prescribers"][0]["npi"] = "1234567898"
    raw["prescribers"][1]["npi"] = "12345"
    problems = _problems(raw)
    assert "check digit" in problems["prescribers[0].npi"]
    assert "10 digits" in problems["prescribers[1].npi"]


def test_pa_without_supervising_physician() -> None:
    raw = _sample()
    del raw["prescribers"][1]["supervising"]
    assert _problems(raw) == {
        "prescribers[1].supervising": "a PA needs the user name of a supervising physician."
    }


@pytest.mark.parametrize("supervising", ["maria", "pajones", "nobody"])
def test_supervising_must_be_a_physician(supervising: str) -> None:
    raw = _sample()
    raw["prescribers"][1]["supervising"] = supervising
    problems = _problems(raw)
    assert list(problems) == ["user pajones.supervising"]
    assert "must be a physician (MD or DO)" in problems["user pajones.supervising"]


def test_prescriber_credentials_and_license() -> None:
    raw = _sample()
    raw["prescribers"][0].update(credentials="RN", texas_license="")
    problems = _problems(raw)
    assert problems["prescribers[0].credentials"] == "must be one of MD, DO, PA-C."
    assert "is required" in problems["prescribers[0].texas_license"]


def test_duplicate_user_names() -> None:
    raw = _sample()
    raw["staff"].append({"username": "DrGarcia", "first_name": "Another", "last_name": "García"})
    # Only the duplicate is reported: the PA's supervisor is still the physician listed first.
    assert _problems(raw) == {"user drgarcia": "appears twice."}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("zip", "7870", "ZIP code is 5 digits"),
        ("zip", "", "required"),
        ("phone", "555-0100", "does not exist"),
        ("phone", "call us", "not a phone number"),
        ("fax", "n/a", "not a phone number"),
        ("state", "Tejas", "two-letter code"),
        ("timezone", "Mars/Olympus_Mons", "time zone name"),
        ("timezone", "../../etc/passwd", "time zone name"),
        ("name", "", "required"),
    ],
)
def test_bad_clinic_fields(field: str, value: str, message: str) -> None:
    raw = _sample()
    raw["clinic"][field] = value
    problems = _problems(raw)
    assert list(problems) == [f"clinic.{field}"]
    assert message in problems[f"clinic.{field}"]


def test_missing_clinic_table() -> None:
    raw = _sample()
    del raw["clinic"]
    problems = _problems(raw)
    assert problems["clinic"] == "a [clinic] table is required."


def test_missing_or_empty_admin_table() -> None:
    raw = _sample()
    del raw["admin"]
    assert _problems(raw) == {"admin": "a [admin] table is required."}
    raw["admin"] = {}
    assert "admin.username" in _problems(raw)


def test_bad_user_name_and_missing_person_names() -> None:
    raw = _sample()
    raw["staff"][0] = {"username": "María!", "first_name": " ", "last_name": "x" * 101}
    problems = _problems(raw)
    assert "lower-case letters" in problems["staff[0].username"]
    assert problems["staff[0].first_name"] == "is required."
    assert problems["staff[0].last_name"] == "is longer than 100 characters."


def test_tables_of_the_wrong_shape() -> None:
    raw = _sample()
    raw["prescribers"] = {"username": "drgarcia"}
    raw["staff"] = ["maria"]
    problems = _problems(raw)
    assert problems["prescribers"] == "use [[prescribers]] tables."
    assert problems["staff"] == "use [[staff]] tables."


def test_admin_who_is_also_a_prescriber_gets_both_roles() -> None:
    raw = _sample()
    raw["admin"] = {"username": "DrGarcia"}
    accounts = parse_setup(raw).accounts
    assert [a.username for a in accounts] == ["drgarcia", "pajones", "maria"]
    assert accounts[0].roles == {Role.PRESCRIBER, Role.ADMIN}


def test_load_setup_file(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(
        '[clinic]\nname = "Clínica Peña"\nstreet = "1 Main St"\ncity = "El Paso"\nstate = "Texas"\n'
        'zip = "79901"\nphone = "915-555-0100"\n\n[admin]\nusername = "admin"\n',
        encoding="utf-8",
    )
    setup = load_setup_file(path)
    assert setup.clinic.name == "Clínica Peña"
    assert [a.username for a in setup.accounts] == ["admin"]


def test_load_setup_file_problems(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="There is no file"):
        load_setup_file(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[clinic\nname = ", encoding="utf-8")
    with pytest.raises(SetupError, match="is not valid TOML"):
        load_setup_file(broken)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[clinic]\nname = "Peña"\n'.encode("latin-1"))
    with pytest.raises(SetupError, match="is not valid TOML"):
        load_setup_file(latin1)


# --- initializing a database ----------------------------------------------------------------


def test_needs_setup_until_initialized(services: Services, clinic_setup: ClinicSetup) -> None:
    assert services.setup.needs_setup()
    services.setup.initialize(clinic_setup, lambda: INITIAL_PASSWORD)
    assert not services.setup.needs_setup()


def test_initialize_creates_the_clinic_and_every_account(
    services: Services, clinic_setup: ClinicSetup
) -> None:
    report = services.setup.initialize(clinic_setup, lambda: INITIAL_PASSWORD)
    assert report.clinic_created
    assert set(report.accounts_created) == {"drgarcia", "pajones", "maria", "admin"}
    assert report.accounts_kept == ()
    profile = services.clinic.profile()
    assert profile is not None
    assert (profile.name, profile.phone, profile.fax) == (
        "Hill Country LDN Clinic",
        "(512) 555-0100",
        "(512) 555-0101",
    )
    for username in report.accounts_created:
        assert services.users.sign_in(username, INITIAL_PASSWORD).must_change_password
    admin = services.users.change_password("admin", INITIAL_PASSWORD, PASSWORD)
    users = {u.username: u for u in services.users.list_users(admin)}
    assert users["pajones"].supervising_username == "drgarcia"
    assert users["drgarcia"].roles == {Role.PRESCRIBER}
    assert users["admin"].roles == {Role.ADMIN}
    actions = [e.action for e in services.audit.recent(admin)]
    assert actions.count(AuditAction.USER_CREATED) == 4
    assert AuditAction.DATABASE_INITIALIZED in actions


def test_initializing_twice_creates_nothing_and_asks_no_password(
    services: Services, clinic_setup: ClinicSetup
) -> None:
    services.setup.initialize(clinic_setup, lambda: INITIAL_PASSWORD)
    again = services.setup.initialize(clinic_setup, _never_asked)
    assert not again.clinic_created
    assert again.accounts_created == ()
    assert set(again.accounts_kept) == {"drgarcia", "pajones", "maria", "admin"}
    assert not again.migration.changed
    with services.db.transaction() as session:
        assert len(session.scalars(select(User)).all()) == 4


def test_initializing_again_adds_only_new_accounts(services: Services, clinic_setup: ClinicSetup) -> None:
    services.setup.initialize(clinic_setup, lambda: INITIAL_PASSWORD)
    raw = _sample()
    raw["staff"].append({"username": "tomas", "first_name": "Tomás", "last_name": "Ruiz"})
    raw["clinic"]["name"] = "Renamed in the file"
    report = services.setup.initialize(parse_setup(raw), lambda: "another-initial-pass")
    assert report.accounts_created == ("tomas",)
    assert not report.clinic_created
    profile = services.clinic.profile()
    assert profile is not None and profile.name == "Hill Country LDN Clinic"  # kept as it was
    assert services.users.sign_in("tomas", "another-initial-pass").must_change_password
    assert services.users.sign_in("maria", INITIAL_PASSWORD).must_change_password


def test_admin_equal_to_a_prescriber_signs_in_with_both_roles(services: Services) -> None:
    raw = _sample()
    raw["admin"] = {"username": "drgarcia"}
    services.setup.initialize(parse_setup(raw), lambda: INITIAL_PASSWORD)
    actor = services.users.sign_in("drgarcia", INITIAL_PASSWORD).actor
    assert actor.roles == {Role.PRESCRIBER, Role.ADMIN}


def test_every_account_gets_its_own_salted_hash(services: Services, clinic_setup: ClinicSetup) -> None:
    services.setup.initialize(clinic_setup, lambda: INITIAL_PASSWORD)
    with services.db.transaction() as session:
        hashes = session.scalars(select(User.password_hash)).all()
    assert len(hashes) == 4
    assert len(set(hashes)) == 4
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert all(INITIAL_PASSWORD not in h for h in hashes)


def test_weak_initial_password_creates_nothing(services: Services, clinic_setup: ClinicSetup) -> None:
    with pytest.raises(SetupError, match="at least 12 characters"):
        services.setup.initialize(clinic_setup, lambda: "short")
    assert services.clinic.profile() is None
    assert services.setup.needs_setup()
