"""Editing a patient: optimistic locking, the duplicate guard on edits, and the audit detail."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.patients import PatientConsent
from ldnclinic.domain.enums import AuditAction, ConsentKind, PhoneKind
from ldnclinic.domain.errors import ConflictError, DuplicatePatientError, NotFoundError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients import service as patients_module
from ldnclinic.services.patients.checks import CheckedPatient
from ldnclinic.services.patients.dto import MedicationInput, PatientDetail
from tests.support.clock import FakeClock
from tests.support.patient_data import full_patient, minimal_patient


def test_update_saves_and_bumps_the_version(services: Services, staff: Actor) -> None:
    created = services.patients.create(staff, full_patient())
    edited = dataclasses.replace(created.to_input(), city="Round Rock", zip="78664")
    saved = services.patients.update(staff, created.id, edited, created.version)
    assert (saved.city, saved.zip, saved.version) == ("Round Rock", "78664", 2)
    assert services.patients.get(staff, created.id) == saved


def test_stale_save_is_a_conflict_that_keeps_both_versions(
    services: Services, staff: Actor, prescriber: Actor
) -> None:
    created = services.patients.create(staff, full_patient())
    # Both open the chart at version 1.
    maria_sees = services.patients.get(staff, created.id)
    garcia_sees = services.patients.get(prescriber, created.id)
    assert maria_sees.version == garcia_sees.version == 1

    maria_edit = dataclasses.replace(maria_sees.to_input(), city="Round Rock", zip="78664")
    maria_saved = services.patients.update(staff, created.id, maria_edit, maria_sees.version)

    garcia_edit = dataclasses.replace(garcia_sees.to_input(), email="pepe@example.org")
    with pytest.raises(ConflictError, match="Someone else saved changes") as conflict:
        services.patients.update(prescriber, created.id, garcia_edit, garcia_sees.version)
    current = conflict.value.current
    assert isinstance(current, PatientDetail)
    assert current == maria_saved
    assert (current.city, current.email, current.version) == ("Round Rock", "Jose.Pena@example.com", 2)

    # Nothing of Dr García's was written; re-applied to the current version it saves.
    retried = dataclasses.replace(current.to_input(), email="pepe@example.org")
    saved = services.patients.update(prescriber, created.id, retried, current.version)
    assert (saved.city, saved.email, saved.version) == ("Round Rock", "pepe@example.org", 3)


def test_concurrent_save_between_load_and_write_is_a_conflict_not_a_crash(
    services: Services, staff: Actor, prescriber: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both saves pass the version check; the other one commits before ours writes."""
    created = services.patients.create(staff, full_patient())
    other_edit = dataclasses.replace(created.to_input(), city="Round Rock", zip="78664")
    real_check = patients_module._check_pharmacy

    def other_user_saves_first(session: Session, checked: CheckedPatient) -> None:
        monkeypatch.setattr(patients_module, "_check_pharmacy", real_check)
        services.patients.update(prescriber, created.id, other_edit, created.version)
        real_check(session, checked)

    monkeypatch.setattr(patients_module, "_check_pharmacy", other_user_saves_first)
    mine = dataclasses.replace(created.to_input(), email="pepe@example.org")
    with pytest.raises(ConflictError) as conflict:
        services.patients.update(staff, created.id, mine, created.version)
    current = conflict.value.current
    assert isinstance(current, PatientDetail)
    assert (current.city, current.email, current.version) == ("Round Rock", "Jose.Pena@example.com", 2)
    assert services.patients.get(staff, created.id) == current


def test_update_of_unknown_patient(services: Services, staff: Actor) -> None:
    with pytest.raises(NotFoundError):
        services.patients.update(staff, 999_999, full_patient(), 1)


def test_update_into_a_duplicate_is_guarded(services: Services, staff: Actor) -> None:
    pena = services.patients.create(staff, minimal_patient("José", "Peña", "1961-03-02"))
    other = services.patients.create(staff, minimal_patient("Joe", "Penn", "1961-03-02"))
    renamed = dataclasses.replace(other.to_input(), first_name="JOSE", last_name="PENA")
    with pytest.raises(DuplicatePatientError) as error:
        services.patients.update(staff, other.id, renamed, other.version)
    assert [m.id for m in error.value.matches] == [pena.id]
    saved = services.patients.update(staff, other.id, renamed, other.version, confirm_duplicate=True)
    assert saved.first_name == "JOSE"


def test_a_patient_is_not_its_own_duplicate(services: Services, staff: Actor) -> None:
    pena = services.patients.create(staff, minimal_patient("José", "Peña", "1961-03-02"))
    again = dataclasses.replace(pena.to_input(), first_name="Jose", last_name="Pena")
    assert services.patients.update(staff, pena.id, again, pena.version).version == 2


def test_renaming_updates_the_search_keys(services: Services, staff: Actor) -> None:
    created = services.patients.create(staff, minimal_patient("Ana", "Smith"))
    services.patients.update(
        staff, created.id, dataclasses.replace(created.to_input(), last_name="Ødegård"), created.version
    )
    assert [p.id for p in services.patients.search(staff, "odegard")] == [created.id]
    assert services.patients.search(staff, "smith") == []


def test_update_is_audited_with_changed_field_names_only(
    services: Services, staff: Actor, admin: Actor, clock: FakeClock
) -> None:
    created = services.patients.create(staff, full_patient())
    clock.advance(minutes=5)
    edited = dataclasses.replace(
        created.to_input(),
        last_name="Peña-Ruiz",
        date_of_birth="1961-03-03",
        phones={PhoneKind.MOBILE: "512-555-0177"},
        medications=(MedicationInput("Oxycodone", "5 mg"),),
    )
    services.patients.update(staff, created.id, edited, created.version)
    entry = services.audit.recent(admin, action=AuditAction.PATIENT_UPDATED)[0]
    assert entry.username == "maria"
    assert entry.record_type == "patient" and entry.record_id == str(created.id)
    assert entry.occurred_at == clock.now
    assert entry.detail == "changed: last_name, date_of_birth, phones, medications"
    for value in ("Peña", "Ruiz", "1961", "555", "0177", "Oxycodone", "oxycodone"):
        assert value not in (entry.detail or "")


def test_saving_without_changes_is_audited_as_nothing(services: Services, staff: Actor, admin: Actor) -> None:
    created = services.patients.create(staff, full_patient())
    services.patients.update(staff, created.id, created.to_input(), created.version)
    entry = services.audit.recent(admin, action=AuditAction.PATIENT_UPDATED)[0]
    assert entry.detail == "changed: nothing"


def test_consents_keep_who_recorded_them(services: Services, staff: Actor, prescriber: Actor) -> None:
    created = services.patients.create(staff, full_patient())
    consents = {**created.to_input().consents, ConsentKind.TMB_COMPLAINT_NOTICE: "11/20/2026"}
    edited = dataclasses.replace(created.to_input(), consents=consents)
    saved = services.patients.update(prescriber, created.id, edited, created.version)
    assert saved.consent_date(ConsentKind.TMB_COMPLAINT_NOTICE) == date(2026, 11, 20)
    with services.db.transaction() as session:
        rows = session.execute(select(PatientConsent.kind, PatientConsent.recorded_by_id)).all()
        recorded = {kind: user_id for kind, user_id in rows}
    assert recorded == {
        ConsentKind.TELEMEDICINE.value: staff.user_id,
        ConsentKind.PRIVACY_NOTICE.value: staff.user_id,
        ConsentKind.TMB_COMPLAINT_NOTICE.value: prescriber.user_id,
    }
