"""The role matrix: admins run the system but see no charts; others cannot manage users."""

from __future__ import annotations

import pytest

from ldnclinic.domain.enums import Role
from ldnclinic.domain.permissions import PERMISSION_LABELS, ROLE_PERMISSIONS, Permission, permissions_for

PATIENT_DATA = {Permission.PATIENT_READ, Permission.PATIENT_WRITE, Permission.PATIENT_IMPORT}
ADMINISTRATION = {Permission.USER_MANAGE, Permission.CLINIC_MANAGE, Permission.AUDIT_READ}


def test_every_role_and_permission_is_covered() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    assert set(PERMISSION_LABELS) == set(Permission)


def test_admin_has_no_access_to_patients() -> None:
    assert not permissions_for([Role.ADMIN]) & PATIENT_DATA
    assert permissions_for([Role.ADMIN]) >= ADMINISTRATION


@pytest.mark.parametrize("role", [Role.STAFF, Role.PRESCRIBER])
def test_clinical_roles_use_patients_but_do_not_administer(role: Role) -> None:
    granted = permissions_for([role])
    assert granted >= PATIENT_DATA
    assert not granted & ADMINISTRATION


def test_everyone_may_keep_the_pharmacy_directory() -> None:
    for role in Role:
        assert Permission.PHARMACY_MANAGE in permissions_for([role])


def test_two_roles_give_the_union() -> None:
    assert permissions_for([Role.ADMIN, Role.PRESCRIBER]) == set(Permission)


def test_no_roles_no_permissions() -> None:
    assert permissions_for([]) == frozenset()
