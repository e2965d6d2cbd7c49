"""The audit trail: who did what to which record, when (UTC), and never a PHI value."""

from __future__ import annotations

import dataclasses
from datetime import UTC

import pytest

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import AuthenticationError, DuplicatePatientError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor, workstation_name
from ldnclinic.services.users.passwords import Passwords
from tests.support.clock import FakeClock
from tests.support.patient_data import full_patient, minimal_patient

# Values of the sample patient that must never appear in an audit detail.
PHI = (
    "José",
    "Jose",
    "Peña",
    "Pena",
    "Luis",
    "Pepe",
    "1961",
    "0142",
    "Congress",
    "78704",
    "Example",
    "Penicillin",
)


def test_create_view_and_update_are_audited(
    services: Services, staff: Actor, prescriber: Actor, admin: Actor, clock: FakeClock
) -> None:
    created = services.patients.create(staff, full_patient())
    created_at = clock.now
    clock.advance(minutes=3)
    services.patients.get(prescriber, created.id)
    viewed_at = clock.now
    clock.advance(minutes=3)
    edited = dataclasses.replace(created.to_input(), email="pepe@example.org")
    services.patients.update(prescriber, created.id, edited, created.version)
    updated_at = clock.now

    entries = services.audit.recent(admin, record_type="patient", record_id=str(created.id))
    assert [(e.action, e.username, e.occurred_at) for e in entries] == [
        (AuditAction.PATIENT_UPDATED, "drgarcia", updated_at),
        (AuditAction.PATIENT_VIEWED, "drgarcia", viewed_at),
        (AuditAction.PATIENT_CREATED, "maria", created_at),
    ]
    assert all(e.occurred_at.tzinfo is UTC for e in entries)
    assert all(e.workstation == workstation_name() for e in entries)
    assert entries[0].detail == "changed: email"
    assert entries[1].detail is None and entries[2].detail is None


def test_get_by_mrn_is_audited_as_a_view(services: Services, staff: Actor, admin: Actor) -> None:
    created = services.patients.create(staff, full_patient())
    services.patients.get_by_mrn(staff, created.mrn)
    entry = services.audit.recent(admin, action=AuditAction.PATIENT_VIEWED)[0]
    assert (entry.record_type, entry.record_id, entry.username) == ("patient", str(created.id), "maria")


def test_no_phi_in_any_audit_detail(services: Services, staff: Actor, admin: Actor) -> None:
    created = services.patients.create(staff, full_patient())
    with pytest.raises(DuplicatePatientError):
        services.patients.create(staff, full_patient())
    services.patients.create(staff, full_patient(), confirm_duplicate=True)
    everything = dataclasses.replace(
        full_patient(
            first_name="Pepito", last_name="Peña-Ruiz", street="1 Pena Way", email="jose@pena.example"
        ),
        date_of_birth="1961-03-03",
    )
    services.patients.update(staff, created.id, everything, created.version, confirm_duplicate=True)
    services.patients.get(staff, created.id)
    services.patients.search(staff, "pena")
    details = " ".join(e.detail or "" for e in services.audit.recent(admin))
    for value in (*PHI, "Pepito", "Ruiz"):
        assert value.casefold() not in details.casefold(), value
    assert "changed: first_name, last_name, date_of_birth, street, email" in details
    assert "possible duplicate confirmed" in details


def test_recent_filters_and_limit(services: Services, staff: Actor, admin: Actor) -> None:
    ids = [services.patients.create(staff, minimal_patient(last=f"Smith{'e' * i}")).id for i in range(3)]
    created = services.audit.recent(admin, action=AuditAction.PATIENT_CREATED)
    assert [e.record_id for e in created] == [str(i) for i in reversed(ids)]  # newest first
    assert len(services.audit.recent(admin, action=AuditAction.PATIENT_CREATED, limit=2)) == 2
    assert [
        e.record_id for e in services.audit.recent(admin, record_id=str(ids[0]), record_type="patient")
    ] == [str(ids[0])]


def test_sign_in_with_control_characters_is_refused_and_audited(initialized: Services, admin: Actor) -> None:
    for name in ("ma\x00ria", "\x00", "maria\x1b[2J"):
        with pytest.raises(AuthenticationError):
            initialized.users.sign_in(name, "whatever-password")
    failed = initialized.audit.recent(admin, action=AuditAction.SIGN_IN_FAILED)
    assert len(failed) == 3
    assert all(e.username.isprintable() for e in failed)
    assert failed[-1].username.startswith("ma") and failed[-1].username.endswith("ria")


def test_audit_username_and_detail_are_cut_to_their_columns(initialized: Services, admin: Actor) -> None:
    with pytest.raises(AuthenticationError):
        initialized.users.sign_in("x" * 500, "whatever-password")
    entry = initialized.audit.recent(admin, action=AuditAction.SIGN_IN_FAILED)[0]
    assert entry.username == "x" * 64


def test_concurrent_failed_sign_ins_are_all_counted_and_audited(
    initialized: Services, admin: Actor, passwords: Passwords, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another workstation's failure commits while ours checks the password: both count."""
    real_verify = passwords.verify
    calls = 0

    def verify(password_hash: str, password: str) -> bool:
        nonlocal calls
        calls += 1
        if calls == 1:  # inside the first attempt, after it loaded the account
            with pytest.raises(AuthenticationError):
                initialized.users.sign_in("maria", "wrong password, other workstation")
        return real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify", verify)
    with pytest.raises(AuthenticationError):
        initialized.users.sign_in("maria", "wrong password, this workstation")
    failures = initialized.audit.recent(admin, action=AuditAction.SIGN_IN_FAILED)
    assert sorted(e.detail or "" for e in failures) == ["wrong password (1)", "wrong password (2)"]
    users = {u.username: u for u in initialized.users.list_users(admin)}
    assert not users["maria"].locked
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            initialized.users.sign_in("maria", "still wrong!!")
    users = {u.username: u for u in initialized.users.list_users(admin)}
    assert users["maria"].locked  # five failures in all
