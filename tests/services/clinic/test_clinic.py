"""The clinic profile and the pharmacy directory: validation, roles, optimistic locking."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from ldnclinic.services import audit as audit_module
from ldnclinic.services.clinic.service import ClinicInfo, ClinicInput, PharmacyInfo, PharmacyInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor

AUSTIN = PharmacyInput(
    name="Austin Compounding Pharmacy",
    street="1 Main St",
    city="Austin",
    state="tx",
    zip="78701",
    phone="512-555-0188",
    fax="(512) 555-0189",
    npi="1234567893",
)


def _clinic_input(info: ClinicInfo, **changes: str) -> ClinicInput:
    values = {name: getattr(info, name) for name in ClinicInput.__dataclass_fields__}
    return ClinicInput(**{**values, **changes})


def _pharmacy_input(info: PharmacyInfo, **changes: str) -> PharmacyInput:
    values = {name: getattr(info, name) for name in PharmacyInput.__dataclass_fields__}
    return PharmacyInput(**{**values, **changes})


def _before_audit(monkeypatch: pytest.MonkeyPatch, action: Callable[[], Any]) -> None:
    """Run `action` (another user's save) just before the next audit entry is added."""
    real = audit_module.record

    def hook(*args: Any, **kwargs: Any) -> None:
        monkeypatch.setattr(audit_module, "record", real)
        action()
        real(*args, **kwargs)

    monkeypatch.setattr(audit_module, "record", hook)


# --- the clinic profile ---------------------------------------------------------------------


def test_anyone_may_read_the_profile(initialized: Services) -> None:
    profile = initialized.clinic.profile()
    assert profile is not None
    assert (profile.city, profile.state, profile.zip, profile.timezone) == (
        "Austin",
        "TX",
        "78701",
        "America/Chicago",
    )
    assert profile.version == 1


def test_no_profile_before_setup(services: Services) -> None:
    assert services.clinic.profile() is None


def test_admin_updates_the_profile(initialized: Services, admin: Actor) -> None:
    current = initialized.clinic.profile()
    assert current is not None
    saved = initialized.clinic.update_profile(
        admin,
        _clinic_input(current, name="Clínica del Valle", phone="956 555 0100", state="Texas"),
        current.version,
    )
    assert (saved.name, saved.phone, saved.state, saved.version) == (
        "Clínica del Valle",
        "(956) 555-0100",
        "TX",
        2,
    )
    assert initialized.clinic.profile() == saved
    entry = initialized.audit.recent(admin, action=AuditAction.CLINIC_UPDATED)[0]
    assert (entry.username, entry.record_type) == ("admin", "clinic")


def test_profile_validation(initialized: Services, admin: Actor) -> None:
    current = initialized.clinic.profile()
    assert current is not None
    with pytest.raises(ValidationError) as error:
        initialized.clinic.update_profile(
            admin,
            _clinic_input(current, name=" ", zip="1", timezone="Texas/Austin", fax="nope"),
            current.version,
        )
    assert set(error.value.field_errors) == {"name", "zip", "timezone", "fax"}


def test_stale_profile_save_is_a_conflict(initialized: Services, admin: Actor) -> None:
    opened = initialized.clinic.profile()
    assert opened is not None
    first = initialized.clinic.update_profile(admin, _clinic_input(opened, city="Round Rock"), opened.version)
    with pytest.raises(ConflictError, match="Someone else changed the clinic profile") as conflict:
        initialized.clinic.update_profile(admin, _clinic_input(opened, name="Mine"), opened.version)
    assert conflict.value.current == first
    assert initialized.clinic.profile() == first


def test_concurrent_profile_save_is_a_conflict_not_a_crash(
    initialized: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = initialized.clinic.profile()
    assert opened is not None
    _before_audit(
        monkeypatch,
        lambda: initialized.clinic.update_profile(
            admin, _clinic_input(opened, city="Round Rock"), opened.version
        ),
    )
    with pytest.raises(ConflictError) as conflict:
        initialized.clinic.update_profile(admin, _clinic_input(opened, name="Mine"), opened.version)
    current = conflict.value.current
    assert isinstance(current, ClinicInfo)
    assert (current.name, current.city, current.version) == ("Hill Country LDN Clinic", "Round Rock", 2)


@pytest.mark.parametrize("role", ["staff", "prescriber"])
def test_only_admins_change_the_profile(
    initialized: Services, role: str, request: pytest.FixtureRequest
) -> None:
    actor: Actor = request.getfixturevalue(role)
    current = initialized.clinic.profile()
    assert current is not None
    with pytest.raises(PermissionDeniedError, match="not allowed to change the clinic profile"):
        initialized.clinic.update_profile(actor, _clinic_input(current, name="Hijacked"), current.version)
    assert initialized.clinic.profile() == current


# --- the pharmacy directory ----------------------------------------------------------------


def test_create_and_list_pharmacies(initialized: Services, staff: Actor) -> None:
    created = initialized.pharmacies.create(staff, AUSTIN)
    assert (created.state, created.phone, created.fax, created.npi, created.version) == (
        "TX",
        "(512) 555-0188",
        "(512) 555-0189",
        "1234567893",
        1,
    )
    initialized.pharmacies.create(staff, dataclasses.replace(AUSTIN, name="Ødegård Apothecary", npi=""))
    initialized.pharmacies.create(staff, dataclasses.replace(AUSTIN, name="Bee Cave Compounding", npi=""))
    names = [p.name for p in initialized.pharmacies.list()]
    assert names == ["Austin Compounding Pharmacy", "Bee Cave Compounding", "Ødegård Apothecary"]
    assert created.one_line == "Austin Compounding Pharmacy, Austin TX · (512) 555-0188"


def test_pharmacy_names_are_unique_ignoring_case_and_accents(initialized: Services, staff: Actor) -> None:
    initialized.pharmacies.create(staff, AUSTIN)
    with pytest.raises(ValidationError) as error:
        initialized.pharmacies.create(
            staff, dataclasses.replace(AUSTIN, name="  AUSTIN   compounding pharmacy")
        )
    assert error.value.field_errors == {"name": "A pharmacy with this name is already in the directory."}


def test_pharmacy_validation(initialized: Services, staff: Actor) -> None:
    bad = PharmacyInput(
        name="", street="", city="", state="XX", zip="7", phone="123", fax="abc", npi="1234567898"
    )
    with pytest.raises(ValidationError) as error:
        initialized.pharmacies.create(staff, bad)
    assert set(error.value.field_errors) == {"name", "street", "city", "state", "zip", "phone", "fax", "npi"}
    assert "check digit" in error.value.field_errors["npi"]


def test_update_pharmacy(initialized: Services, prescriber: Actor) -> None:
    created = initialized.pharmacies.create(prescriber, AUSTIN)
    saved = initialized.pharmacies.update(
        prescriber, created.id, _pharmacy_input(created, phone="(512) 555-0111"), created.version
    )
    assert (saved.phone, saved.version) == ("(512) 555-0111", 2)


def test_stale_pharmacy_save_is_a_conflict(initialized: Services, staff: Actor, prescriber: Actor) -> None:
    created = initialized.pharmacies.create(staff, AUSTIN)
    first = initialized.pharmacies.update(staff, created.id, _pharmacy_input(created, city="Lakeway"), 1)
    with pytest.raises(ConflictError, match="Someone else changed this pharmacy") as conflict:
        initialized.pharmacies.update(prescriber, created.id, _pharmacy_input(created, zip="78702"), 1)
    assert conflict.value.current == first


def test_concurrent_pharmacy_save_is_a_conflict_not_a_crash(
    initialized: Services, staff: Actor, prescriber: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = initialized.pharmacies.create(staff, AUSTIN)
    _before_audit(
        monkeypatch,
        lambda: initialized.pharmacies.update(staff, created.id, _pharmacy_input(created, city="Lakeway"), 1),
    )
    with pytest.raises(ConflictError) as conflict:
        initialized.pharmacies.update(prescriber, created.id, _pharmacy_input(created, zip="78702"), 1)
    current = conflict.value.current
    assert isinstance(current, PharmacyInfo)
    assert (current.city, current.zip, current.version) == ("Lakeway", "78701", 2)


def test_update_unknown_pharmacy(initialized: Services, staff: Actor) -> None:
    with pytest.raises(NotFoundError):
        initialized.pharmacies.update(staff, 999_999, AUSTIN, 1)


def test_pharmacy_changes_are_audited(initialized: Services, staff: Actor, admin: Actor) -> None:
    created = initialized.pharmacies.create(staff, AUSTIN)
    initialized.pharmacies.update(
        staff, created.id, _pharmacy_input(created, city="Lakeway"), created.version
    )
    actions = [
        (e.action, e.record_id, e.username) for e in initialized.audit.recent(admin, record_type="pharmacy")
    ]
    assert actions == [
        (AuditAction.PHARMACY_UPDATED, str(created.id), "maria"),
        (AuditAction.PHARMACY_CREATED, str(created.id), "maria"),
    ]
