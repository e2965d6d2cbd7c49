"""`ldnclinic patients list | show`: signed in as --user, with that user's role, audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ldnclinic.cli import patients as cli_patients
from ldnclinic.config import PASSWORD_ENV
from ldnclinic.domain.enums import AuditAction, PhoneKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patient_dto import MedicationInput, PatientDetail
from tests.cli.conftest import Run
from tests.conftest import INITIAL_PASSWORD, PASSWORD, signed_in
from tests.support.patient_data import full_patient, minimal_patient


@pytest.fixture
def registry(initialized: Services, staff: Actor) -> dict[str, PatientDetail]:
    """A few patients, and maria (staff) with her own password."""
    patients = {
        "pena": initialized.patients.create(
            staff, full_patient(medications=(MedicationInput("Norco", "5/325 mg"),))
        ),
        "nguyen": initialized.patients.create(
            staff, minimal_patient("Hằng", "Nguyễn", "1974-05-09", middle_name="Thị", preferred_language="vi")
        ),
        "obrien": initialized.patients.create(
            staff,
            minimal_patient(
                "Siobhán",
                "O'Brien",
                "1990-12-01",
                street="12 Main St",
                city="Shreveport",
                state="LA",
                zip="71101",
                phones={PhoneKind.MOBILE: "318-555-0123"},
            ),
        ),
        "smith": initialized.patients.create(
            staff, minimal_patient("Mark", "Smith", "1955-07-04", sex="male")
        ),
        "penaloza": initialized.patients.create(staff, minimal_patient("Ana", "Peñaloza", "1988-02-29")),
    }
    return patients


@pytest.fixture
def as_maria(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


def test_search_pena_finds_pena_as_json(run: Run, registry: dict[str, PatientDetail], as_maria: None) -> None:
    result = run("patients", "list", "--search", "pena", "--json", "--user", "maria")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert [row["last_name"] for row in rows] == ["Peña", "Peñaloza"]
    pena = rows[0]
    assert pena["mrn"] == registry["pena"].mrn
    assert pena["first_name"] == "José"
    assert pena["date_of_birth"] == "1961-03-02"
    assert pena["phone"] == "(512) 555-0142"
    assert pena["display_name"] == "Peña, José Luis"
    assert "sort_key" not in pena


def test_the_table_lists_everyone_in_name_order(
    run: Run, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    result = run("patients", "list", "--user", "maria")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["MRN", "Name", "Born", "Sex", "Phone", "City", "Status"]
    names = [line[11:45].strip() for line in lines[2:-1]]
    assert names == [
        "Nguyễn, Hằng Thị", "O'Brien, Siobhán", "Peña, José Luis “Pepe”", "Peñaloza, Ana", "Smith, Mark",
    ]  # fmt: skip
    assert lines[-1] == "5 patients."


def test_search_accepts_mrn_and_phone_digits(
    run: Run, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    by_mrn = json.loads(
        run("patients", "list", "--search", registry["smith"].mrn, "--json", "--user", "maria").out
    )
    assert [row["last_name"] for row in by_mrn] == ["Smith"]
    by_phone = json.loads(run("patients", "list", "--search", "318 555", "--json", "--user", "maria").out)
    assert [row["last_name"] for row in by_phone] == ["O'Brien"]


def test_list_pages_through_every_match(
    run: Run, registry: dict[str, PatientDetail], as_maria: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_patients, "LIST_PAGE", 2)
    rows = json.loads(run("patients", "list", "--json", "--user", "maria").out)
    assert len(rows) == 5
    assert len({row["id"] for row in rows}) == 5
    limited = run("patients", "list", "--limit", "3", "--user", "maria")
    assert len(limited.out.splitlines()) == 2 + 3 + 1
    assert "stopped at --limit 3" in limited.out


def test_no_match_gives_an_empty_array(run: Run, registry: dict[str, PatientDetail], as_maria: None) -> None:
    result = run("patients", "list", "--search", "zzyzx", "--json", "--user", "maria")
    assert result.code == 0
    assert json.loads(result.out) == []


def test_admin_may_not_list_patients(
    run: Run, initialized: Services, registry: dict[str, PatientDetail], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = signed_in(initialized, "admin")
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = run("patients", "list", "--user", "admin")
    assert result.code == 1
    assert "admin (Admin) is not allowed to view patient records" in result.err
    assert result.out == ""  # not even the table header
    assert "Traceback" not in result.err
    sign_ins = [e for e in initialized.audit.recent(admin) if e.action is AuditAction.SIGN_IN]
    assert sign_ins[0].username == "admin"  # the attempt was signed in and audited


def test_a_wrong_password_exits_2(
    run: Run, registry: dict[str, PatientDetail], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "wrong password!!")
    result = run("patients", "list", "--user", "maria")
    assert result.code == 2
    assert "not right" in result.err
    assert result.out == ""


def test_an_initial_password_must_be_changed_first(
    run: Run, initialized: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, INITIAL_PASSWORD)
    result = run("patients", "list", "--user", "drgarcia")
    assert result.code == 2
    assert "passwd --user drgarcia" in result.err


def test_patient_commands_need_a_user(run: Run, initialized: Services) -> None:
    result = run("patients", "list")
    assert result.code == 2
    assert "`ldnclinic patients list` needs --user NAME" in result.err


def test_show_prints_the_chart(run: Run, registry: dict[str, PatientDetail], as_maria: None) -> None:
    result = run("patients", "show", registry["pena"].mrn, "--user", "maria")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith(f"Peña, José Luis “Pepe”    MRN {registry['pena'].mrn}")
    assert "Born 1961-03-02" in text
    assert "Spanish (Español)" in text
    assert "!! OPIOID: Norco 5/325 mg (norco: contains hydrocodone (opioid agonist))" in text
    assert "!! ALLERGIES: Penicillin (hives)" in text
    assert "1400 S Congress Ave" in text
    assert "outside Texas" not in text


def test_show_warns_about_an_address_outside_texas(
    run: Run, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    result = run("patients", "show", registry["obrien"].mrn.replace("-", ""), "--user", "maria")
    assert result.code == 0, result.err
    assert "!! This address is outside Texas" in result.out


def test_show_json_has_every_field(
    run: Run, initialized: Services, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    result = run("patients", "show", registry["pena"].mrn, "--json", "--user", "maria")
    assert result.code == 0, result.err
    chart = json.loads(result.out)
    assert set(PatientDetail.__dataclass_fields__) <= set(chart)
    assert chart["last_name"] == "Peña"
    assert chart["sex"] == "male"
    assert chart["preferred_language"] == "es"
    assert chart["phones"][0] == {"kind": "mobile", "e164": "+15125550142", "display": "(512) 555-0142"}
    assert chart["conditions"][0] == {"label": "Fibromyalgia", "icd10": "M79.7"}
    assert chart["allergies"] == [{"substance": "Penicillin", "reaction": "hives"}]
    assert chart["medications"][0]["opioid"]["ingredient"] == "hydrocodone"
    assert chart["has_opioid"] is True
    assert chart["opioids"][0]["medication"] == "Norco"
    assert chart["out_of_texas_warning"] is None
    assert chart["consents"][0] == {"kind": "telemedicine_consent", "given_on": "2026-11-01"}
    outside = json.loads(run("patients", "show", registry["obrien"].mrn, "--json", "--user", "maria").out)
    assert "outside Texas" in outside["out_of_texas_warning"]
    assert outside["has_opioid"] is False
    admin = signed_in(initialized, "admin")
    viewed = initialized.audit.recent(admin, action=AuditAction.PATIENT_VIEWED)
    assert {(e.username, e.record_id) for e in viewed} >= {("maria", str(registry["pena"].id))}


def test_show_an_unknown_mrn(run: Run, registry: dict[str, PatientDetail], as_maria: None) -> None:
    result = run("patients", "show", "1234-5678", "--user", "maria")
    assert result.code == 1
    assert "No patient has MRN 1234-5678" in result.err
    assert run("patients", "show", "not-an-mrn", "--user", "maria").code == 1


def test_a_database_that_is_not_set_up(
    run_with: Callable[[str], Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    missing = tmp_path / "missing.sqlite3"
    result = run_with(f"sqlite:///{missing}")("patients", "list", "--user", "maria")
    assert result.code == 1
    assert "has not been set up" in result.err
    assert not missing.exists()  # looking did not create an empty file


def test_a_database_without_users_refuses_the_sign_in(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = run("patients", "list", "--user", "maria")
    assert result.code == 2
    assert "not right" in result.err
