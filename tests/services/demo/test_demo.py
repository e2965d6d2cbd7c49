"""Demo data: reproducible from the seed, only into an empty database, as diverse as Texas,
and made of records that pass the same checks as a patient typed into the app."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlalchemy import select

from ldnclinic.db.engine import Database
from ldnclinic.db.models.patients import Patient, PatientMedication
from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import SetupError
from ldnclinic.domain.identifiers import is_valid_mrn, is_valid_npi
from ldnclinic.domain.medications.reading import classify_medication
from ldnclinic.services.contact_checks import parse_phone
from ldnclinic.services.container import Services, build_services
from ldnclinic.services.demo.build import DemoReport
from ldnclinic.services.patients.checks import check_patient
from ldnclinic.services.users.passwords import Passwords
from tests.support.clock import FakeClock
from tests.support.patient_data import minimal_patient

DEMO_PASSWORD = "demo-password-2026"
COUNT = 300


def make_demo(services: Services, count: int = COUNT, seed: int = 1, treated: int = 0) -> DemoReport:
    return services.demo.create(patients=count, seed=seed, password=lambda: DEMO_PASSWORD, treated=treated)


def registry(services: Services) -> list[tuple[str, str, str | None, str]]:
    with services.db.transaction() as session:
        rows = session.execute(
            select(Patient.mrn, Patient.first_name, Patient.middle_name, Patient.last_name).order_by(
                Patient.id
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


@pytest.fixture
def demo(services: Services) -> Services:
    make_demo(services)
    return services


def test_demo_patients_on_ldn_have_prescriptions_visits_and_followups(services: Services) -> None:
    report = make_demo(services, count=60, treated=6)
    assert report.treated_patients == 6
    staff = services.users.sign_in_for_command_line("jwashington", DEMO_PASSWORD)
    scripts = services.prescriptions.query(staff)
    assert len(scripts) == 6
    assert {rx.status.value for rx in scripts} == {"approved"}
    for rx in scripts:
        visits = services.visits.for_patient(staff, rx.patient_id)
        assert visits and all(v.status.value == "signed" for v in visits)
        assert services.followups.for_patient(staff, rx.patient_id)
        outcomes = services.visits.outcomes(staff, rx.patient_id)
        assert outcomes.doses and outcomes.points
    worklist = services.followups.worklist(staff)
    assert worklist.items  # started weeks or months ago: something is due


def test_demo_fills_an_empty_database(services: Services) -> None:
    report = make_demo(services)
    assert report.patients == COUNT
    assert report.pharmacies == 6
    assert [a.username for a in report.accounts] == ["drreyes", "panguyen", "jwashington", "admin"]
    assert 0 < report.opioid_patients < COUNT * 0.12
    staff = services.users.sign_in_for_command_line("jwashington", DEMO_PASSWORD)  # no forced change
    assert len(services.patients.search(staff, "", limit=1000)) == COUNT
    assert services.clinic.profile() is not None


def test_the_same_seed_gives_the_same_patients(
    services: Services, tmp_path_factory: pytest.TempPathFactory, passwords: Passwords
) -> None:
    make_demo(services, seed=42)
    other_db = Database(f"sqlite:///{tmp_path_factory.mktemp('other')}/demo.sqlite3")
    different_db = Database(f"sqlite:///{tmp_path_factory.mktemp('different')}/demo.sqlite3")
    try:
        other = build_services(other_db, passwords, FakeClock())
        different = build_services(different_db, passwords, FakeClock())
        make_demo(other, seed=42)
        make_demo(different, seed=43)
        assert registry(other) == registry(services)
        assert registry(different) != registry(services)
    finally:
        other_db.dispose()
        different_db.dispose()


def test_demo_refuses_a_database_that_is_not_empty(initialized: Services) -> None:
    with pytest.raises(SetupError, match=r"not empty \(users: 4, clinic profile: 1\)"):
        make_demo(initialized)
    with initialized.db.transaction() as session:
        assert session.scalars(select(Patient)).first() is None


def test_demo_refuses_a_second_run(demo: Services) -> None:
    with pytest.raises(SetupError, match="patients: 300"):
        make_demo(demo)


def test_a_weak_password_is_refused_before_anything_is_written(services: Services) -> None:
    with pytest.raises(SetupError, match="at least 12"):
        services.demo.create(patients=10, seed=1, password=lambda: "short")
    make_demo(services, count=5)  # still empty, so this works


def test_names_are_as_diverse_as_texas(demo: Services) -> None:
    patients = registry(demo)
    last_names = Counter(last for _, _, _, last in patients)
    everything = " ".join(f"{first} {middle or ''} {last}" for _, first, middle, last in patients)
    assert len(last_names) > 100
    assert last_names.most_common(1)[0][1] < COUNT * 0.05
    assert re.search(r"[áéíóúñÁÉÍÓÚÑ]", everything), "Spanish accents"
    assert re.search(r"[ễệịằạảấầẩẫậắẳẵặđĐơưửữựồổỗộờởỡợ]", everything), "Vietnamese diacritics"
    assert "'" in everything, "an apostrophe, as in O'Brien"
    assert any("-" in last for last in last_names), "a hyphenated surname"
    assert any(middle == "Thị" or middle == "Văn" for _, _, middle, _ in patients)
    for group_names in (
        {"Patel", "Shah", "Reddy", "Iyer", "Krishnan", "Gupta", "Desai", "Mehta", "Rao", "Nair", "Singh"},
        {"Wang", "Li", "Zhang", "Chen", "Liu", "Huang", "Lin", "Zhao", "Wu", "Zhou", "Xu"},
        {"Washington", "Jefferson", "Jackson", "Robinson", "Booker", "Freeman", "Banks", "Coleman"},
        {"Haddad", "Khalil", "Nasser", "Al-Sayed", "El-Amin", "Abdullah", "Hussein", "Mansour"},
    ):
        assert group_names & set(last_names), sorted(group_names)[:3]


def test_every_demo_patient_passes_the_registry_checks(demo: Services) -> None:
    staff = demo.users.sign_in_for_command_line("jwashington", DEMO_PASSWORD)
    today = demo.patients.today()
    outside_texas = 0
    for summary in demo.patients.search(staff, "", limit=1000):
        chart = demo.patients.get(staff, summary.id)
        check_patient(chart.to_input(), today)  # raises ValidationError on any bad field
        assert is_valid_mrn(chart.mrn)
        for phone in chart.phones:
            assert parse_phone(phone.e164).e164 == phone.e164
            assert phone.e164[5:9] == "5550" and 100 <= int(phone.e164[-4:]) <= 199  # fictional block
        assert chart.email is None or chart.email.split("@")[1] in (
            "example.com",
            "example.net",
            "example.org",
        )
        outside_texas += chart.out_of_texas_warning is not None
    assert outside_texas >= 1


def test_search_and_duplicate_keys_work_on_demo_data(demo: Services) -> None:
    staff = demo.users.sign_in_for_command_line("jwashington", DEMO_PASSWORD)
    with demo.db.transaction() as session:
        mrn, first, last = session.execute(select(Patient.mrn, Patient.first_name, Patient.last_name)).first()  # type: ignore[misc]
    assert [p.mrn for p in demo.patients.search(staff, mrn)] == [mrn]
    folded = last.casefold().replace("ñ", "n").replace("é", "e").replace("á", "a")
    found = demo.patients.search(staff, f"{folded[:4]} {first[:2]}", limit=1000)
    assert mrn in {p.mrn for p in found}
    chart = next(p for p in demo.patients.search(staff, "", limit=1) if p)
    duplicate = minimal_patient(chart.first_name.upper(), chart.last_name, chart.date_of_birth.isoformat())
    assert demo.patients.find_duplicates(staff, duplicate)


def test_patients_added_after_the_demo_get_new_ids(demo: Services) -> None:
    """PostgreSQL's id sequence continues after the demo's bulk insert."""
    staff = demo.users.sign_in_for_command_line("jwashington", DEMO_PASSWORD)
    created = demo.patients.create(staff, minimal_patient("Nueva", "Paciente", "1990-05-05"))
    assert created.id == COUNT + 1


def test_some_patients_take_opioids(demo: Services) -> None:
    with demo.db.transaction() as session:
        rows = session.execute(
            select(PatientMedication.patient_id, PatientMedication.name, PatientMedication.dose)
        )
        flagged = {
            patient_id for patient_id, name, dose in rows if classify_medication(name, dose).blocks_ldn
        }
    assert COUNT * 0.01 < len(flagged) < COUNT * 0.12


def test_demo_accounts_are_a_real_team(demo: Services) -> None:
    admin = demo.users.sign_in_for_command_line("admin", DEMO_PASSWORD)
    users = {u.username: u for u in demo.users.list_users(admin)}
    assert users["drreyes"].roles == frozenset({Role.PRESCRIBER})
    assert users["drreyes"].credentials == "MD"
    assert users["panguyen"].credentials == "PA-C"
    assert users["panguyen"].supervising_username == "drreyes"
    assert users["jwashington"].roles == frozenset({Role.STAFF})
    assert all(not u.must_change_password for u in users.values())
    assert all(is_valid_npi(u.npi or "") for u in users.values() if u.credentials)
    [event] = demo.audit.recent(admin, action=AuditAction.DEMO_DATA_CREATED)
    assert event.detail == "patients: 300; pharmacies: 6; accounts: 4; seed: 1"


def test_demo_pharmacies_are_in_the_directory(demo: Services) -> None:
    pharmacies = demo.pharmacies.list()
    assert len(pharmacies) == 6
    assert all(p.state == "TX" and is_valid_npi(p.npi) for p in pharmacies)
