"""Role checks in every service method: admins see no charts; staff and prescribers administer nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ldnclinic.domain.enums import Role
from ldnclinic.domain.errors import PermissionDeniedError
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.clinic.service import ClinicInput, PharmacyInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor, require
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.users.accounts import AccountSpec
from tests.conftest import PASSWORD
from tests.support.patient_data import full_patient, minimal_patient

Call = Callable[[Services, Actor, PatientDetail], Any]

CLINIC = ClinicInput("Hijacked", "1 Main St", "Austin", "TX", "78701", "512-555-0100", "", "America/Chicago")
PHARMACY = PharmacyInput("Round Rock Compounding", "2 Main St", "Round Rock", "TX", "78664", "512-555-0177")

PATIENT_CALLS: dict[str, Call] = {
    "search": lambda s, a, p: s.patients.search(a, "pena"),
    "list everyone": lambda s, a, p: s.patients.search(a, ""),
    "get": lambda s, a, p: s.patients.get(a, p.id),
    "get_by_mrn": lambda s, a, p: s.patients.get_by_mrn(a, p.mrn),
    "count_by_status": lambda s, a, p: s.patients.count_by_status(a),
    "find_duplicates": lambda s, a, p: s.patients.find_duplicates(a, full_patient()),
    "create": lambda s, a, p: s.patients.create(a, minimal_patient()),
    "update": lambda s, a, p: s.patients.update(a, p.id, p.to_input(), p.version),
}

ADMIN_CALLS: dict[str, Call] = {
    "list_users": lambda s, a, p: s.users.list_users(a),
    "create_user": lambda s, a, p: s.users.create_user(
        a, AccountSpec("intruder", "In", "Truder", frozenset({Role.ADMIN})), "temporary-pass-99"
    ),
    "unlock": lambda s, a, p: s.users.unlock(a, a.user_id),
    "reset_password": lambda s, a, p: s.users.reset_password(a, a.user_id, "temporary-pass-99"),
    "set_active": lambda s, a, p: s.users.set_active(a, 1, False),
    "update_profile": lambda s, a, p: s.clinic.update_profile(a, CLINIC, 1),
    "audit recent": lambda s, a, p: s.audit.recent(a),
}


@pytest.fixture
def patient(initialized: Services, staff: Actor) -> PatientDetail:
    return initialized.patients.create(staff, full_patient())


def test_admin_is_denied_every_patient_call(
    initialized: Services, admin: Actor, patient: PatientDetail
) -> None:
    allowed = []
    for name, call in PATIENT_CALLS.items():
        try:
            call(initialized, admin, patient)
        except PermissionDeniedError as denied:
            assert "admin (Admin) is not allowed to" in denied.message
        else:
            allowed.append(name)
    assert allowed == []
    assert initialized.patients.get(_staff(initialized), patient.id) == patient  # nothing changed


@pytest.mark.parametrize("role", ["staff", "prescriber"])
def test_clinical_roles_use_every_patient_call(
    initialized: Services, patient: PatientDetail, role: str, request: pytest.FixtureRequest
) -> None:
    actor: Actor = request.getfixturevalue(role)
    for call in PATIENT_CALLS.values():
        call(initialized, actor, patient)


@pytest.mark.parametrize("role", ["staff", "prescriber"])
def test_clinical_roles_are_denied_every_administration_call(
    initialized: Services, patient: PatientDetail, role: str, request: pytest.FixtureRequest
) -> None:
    actor: Actor = request.getfixturevalue(role)
    allowed = []
    for name, call in ADMIN_CALLS.items():
        try:
            call(initialized, actor, patient)
        except PermissionDeniedError as denied:
            assert f"{actor.username} (" in denied.message
        else:
            allowed.append(name)
    assert allowed == []
    admin: Actor = request.getfixturevalue("admin")
    assert "intruder" not in {u.username for u in initialized.users.list_users(admin)}
    profile = initialized.clinic.profile()
    assert profile is not None and profile.name == "Hill Country LDN Clinic"


def test_admin_may_use_every_administration_call(initialized: Services, admin: Actor) -> None:
    initialized.users.list_users(admin)
    initialized.audit.recent(admin)
    profile = initialized.clinic.profile()
    assert profile is not None
    initialized.clinic.update_profile(admin, CLINIC, profile.version)


@pytest.mark.parametrize("role", ["staff", "prescriber", "admin"])
def test_everyone_may_keep_the_pharmacy_directory(
    initialized: Services, role: str, request: pytest.FixtureRequest
) -> None:
    actor: Actor = request.getfixturevalue(role)
    created = initialized.pharmacies.create(actor, PHARMACY)
    initialized.pharmacies.update(actor, created.id, PHARMACY, created.version)
    assert [p.name for p in initialized.pharmacies.list()] == ["Round Rock Compounding"]


def test_a_user_with_two_roles_has_both(initialized: Services, admin: Actor) -> None:
    both = Actor(user_id=admin.user_id, username="drboth", display_name="Dr Both", roles=frozenset(Role))
    for permission in Permission:
        require(both, permission)


def test_an_actor_without_roles_may_do_nothing() -> None:
    nobody = Actor(user_id=0, username="nobody", display_name="Nobody", roles=frozenset())
    for permission in Permission:
        with pytest.raises(PermissionDeniedError):
            require(nobody, permission)


def _staff(services: Services) -> Actor:
    return services.users.sign_in("maria", PASSWORD).actor
