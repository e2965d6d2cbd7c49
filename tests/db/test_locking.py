"""Optimistic locking: every editable row carries a version; a stale flush is refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.patients import Patient


def _patient() -> Patient:
    return Patient(
        mrn="1234-5678",
        first_name="José",
        last_name="Peña",
        date_of_birth=date(1961, 3, 2),
        sex="male",
        sort_key="pena\x01jose",
        identity_key="pena|jose",
    )


def test_version_starts_at_one_and_counts_updates(database: Database) -> None:
    with database.transaction() as session:
        patient = _patient()
        session.add(patient)
        session.flush()
        assert patient.version == 1
        patient_id = patient.id
    with database.transaction() as session:
        loaded = session.get_one(Patient, patient_id)
        loaded.city = "Austin"
    with database.transaction() as session:
        assert session.get_one(Patient, patient_id).version == 2


def test_second_writer_of_the_same_version_gets_stale_data_error(database: Database) -> None:
    with database.transaction() as session:
        patient = _patient()
        session.add(patient)
        session.flush()
        patient_id = patient.id
    with database.transaction() as first, database.transaction() as second:
        mine = first.get_one(Patient, patient_id)
        theirs = second.get_one(Patient, patient_id)
        assert mine.version == theirs.version == 1
        mine.city = "Austin"
        first.commit()
        theirs.city = "El Paso"
        with pytest.raises(StaleDataError):
            second.flush()
        second.rollback()
    with database.transaction() as session:
        saved = session.get_one(Patient, patient_id)
        assert (saved.city, saved.version) == ("Austin", 2)
