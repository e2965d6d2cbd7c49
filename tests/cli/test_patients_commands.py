"""`ldnclinic patients list | show | medications`: signed in as --user, with that user's role, audited."""

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
from ldnclinic.services.patients.dto import MedicationInput, PatientDetail
from ldnclinic.services.patients.service import PatientService
from tests.cli.conftest import CliResult, Run
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


# --- patients medications ------------------------------------------------------------------


def _medications(run: Run, mrn: str, *args: str, user: str = "maria") -> CliResult:
    return run("patients", "medications", mrn, *args, "--user", user)


def test_medications_lists_what_the_classifier_finds(
    run: Run, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    result = _medications(run, registry["pena"].mrn)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["Medication", "Dose", "Taking", "now", "Found"]
    assert lines[2].split() == ["!!", "Norco", "5/325", "mg", "yes", "OPIOID:", "hydrocodone"]
    assert lines[-2:] == [
        "1 on the list, 1 taken now.",
        "!! 1 taken now stops LDN (an opioid, or another opioid antagonist).",
    ]
    assert result.err == ""  # nothing saved


def test_medications_add_and_remove_then_json(
    run: Run, initialized: Services, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    mrn = registry["pena"].mrn
    added = _medications(
        run,
        mrn,
        "--add", "Tylenol 3",
        "--add", "naltrexone 50 mg",
        "--add", "LDN 4.5 mg",
        "--add", "oxy\u200bcodone 10 mg",
        "--remove", "NORCO",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert added.err == f"Saved the medication list of MRN {mrn}: 4 added, 1 marked not taking.\n"
    rows = {line[4:34].strip(): line for line in added.out.splitlines()[2:7]}  # by the name column
    assert rows["Norco"].startswith("    Norco")  # kept, not flagged: not taken now
    assert "  no  " in rows["Norco"] and "opioid: hydrocodone" in rows["Norco"]
    assert rows["Tylenol"].startswith("!!") and "OPIOID: codeine" in rows["Tylenol"]
    assert "OPIOID ANTAGONIST: naltrexone" in rows["naltrexone"]
    assert not rows["LDN"].startswith("!!") and rows["LDN"].rstrip().endswith("LDN")
    assert rows["oxycodone"].startswith("!!")

    listed = json.loads(_medications(run, mrn, "--json").out)
    assert all(set(row) == {"name", "dose", "taking_now", "labels", "stops_ldn"} for row in listed)
    assert [(r["name"], r["dose"], r["taking_now"], r["labels"], r["stops_ldn"]) for r in listed] == [
        ("Norco", "5/325 mg", False, ["opioid: hydrocodone"], False),
        ("Tylenol", "3", True, ["opioid: codeine"], True),
        ("naltrexone", "50 mg", True, ["opioid antagonist: naltrexone"], True),
        ("LDN", "4.5 mg", True, ["LDN"], False),
        ("oxycodone", "10 mg", True, ["opioid: oxycodone"], True),
    ]

    admin = signed_in(initialized, "admin")
    updates = initialized.audit.recent(
        admin, action=AuditAction.PATIENT_UPDATED, record_id=str(registry["pena"].id)
    )
    assert [(e.username, e.detail) for e in updates] == [
        ("maria", "medications: 4 added, 1 marked not taking")
    ]


def test_medications_json_with_an_edit_prints_only_the_array(
    run: Run, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    result = _medications(run, registry["smith"].mrn, "--add", "Tramadol 50 mg twice a day", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == [
        {
            "name": "Tramadol",
            "dose": "50 mg twice a day",
            "taking_now": True,
            "labels": ["opioid: tramadol"],
            "stops_ldn": True,
        }
    ]
    assert "1 added, 0 marked not taking" in result.err


def test_medications_an_empty_list(run: Run, registry: dict[str, PatientDetail], as_maria: None) -> None:
    assert _medications(run, registry["smith"].mrn).out == "No medications on the list.\n"
    assert json.loads(_medications(run, registry["smith"].mrn, "--json").out) == []


def test_medications_a_prescriber_may_edit_too(
    run: Run, initialized: Services, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    signed_in(initialized, "drgarcia")
    result = _medications(run, registry["pena"].mrn, "--remove", "norco 5/325 MG", user="drgarcia")
    assert result.code == 0, result.err
    assert "0 added, 1 marked not taking" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--remove", "aspirin"), "No medication taken now is “aspirin”. Taken now: “Norco 5/325 mg”."),
        (("--add", ""), "Medication 2 has no name."),  # the second --add
        (("--add", "x" * 201), "is longer than 200 characters."),
        (("--add", "Nor\x00co"), "holds a control character"),
        (("--add", "\x1b[31mNorco 10 mg"), "holds a control character"),
        (("--add", "Norco 5/325 MG"), "“Norco 5/325 MG” is already on the list, taken now."),
    ],
)
def test_medications_bad_input_is_one_line_and_changes_nothing(
    run: Run,
    initialized: Services,
    registry: dict[str, PatientDetail],
    as_maria: None,
    staff: Actor,
    args: tuple[str, ...],
    message: str,
) -> None:
    mrn = registry["pena"].mrn
    result = _medications(run, mrn, "--add", "LDN 1.5 mg", *args)
    assert result.code == 1
    assert result.out == ""
    assert message in result.err
    assert len(result.err.splitlines()) == 1
    assert "\x1b" not in result.err and "\x00" not in result.err
    assert initialized.patients.get(staff, registry["pena"].id) == registry["pena"]


def test_medications_an_ambiguous_remove_names_the_candidates(
    run: Run, initialized: Services, staff: Actor, as_maria: None
) -> None:
    patient = initialized.patients.create(
        staff,
        minimal_patient(
            medications=(MedicationInput("Tramadol", "50 mg"), MedicationInput("tramadol", "100 mg"))
        ),
    )
    result = _medications(run, patient.mrn, "--remove", "Tramadol")
    assert result.code == 1
    assert "“Tramadol” names 2 medications taken now: “Tramadol 50 mg”; “tramadol 100 mg”." in result.err
    assert initialized.patients.get(staff, patient.id).version == patient.version
    chosen = _medications(run, patient.mrn, "--remove", "tramadol 100 mg", "--json")
    assert [row["taking_now"] for row in json.loads(chosen.out)] == [True, False]


def test_medications_unknown_patient_and_usage(
    run: Run, registry: dict[str, PatientDetail], as_maria: None
) -> None:
    unknown = _medications(run, "1234-5678", "--add", "Norco")
    assert (unknown.code, unknown.err) == (1, "No patient has MRN 1234-5678.\n")
    assert _medications(run, "not-an-mrn").code == 1
    no_user = run("patients", "medications", registry["pena"].mrn)
    assert no_user.code == 2
    assert "needs --user NAME" in no_user.err
    missing_text = run("patients", "medications", registry["pena"].mrn, "--add", "--user", "maria")
    assert missing_text.code == 2
    for result in (unknown, no_user, missing_text):
        assert "Traceback" not in result.err


def test_medications_admin_may_not(
    run: Run, initialized: Services, registry: dict[str, PatientDetail], monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_in(initialized, "admin")
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = _medications(run, registry["pena"].mrn, "--add", "Norco", user="admin")
    assert result.code == 1
    assert "admin (Admin) is not allowed" in result.err
    assert result.out == ""


def test_medications_a_chart_changed_meanwhile_is_not_overwritten(
    run: Run,
    initialized: Services,
    registry: dict[str, PatientDetail],
    staff: Actor,
    as_maria: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Someone saves the chart after the command read it and before it saves."""
    pena = registry["pena"]
    real_get = PatientService.get_by_mrn

    def read_then_someone_saves(service: PatientService, actor: Actor, mrn: str) -> PatientDetail:
        read = real_get(service, actor, mrn)
        initialized.patients.update_medications(
            staff, pena.id, add=["Tramadol 50 mg"], expected_version=read.version
        )
        return read

    monkeypatch.setattr(PatientService, "get_by_mrn", read_then_someone_saves)
    result = _medications(run, pena.mrn, "--remove", "norco")
    assert result.code == 1
    assert result.err == f"{cli_patients.CHART_CHANGED}\n"
    assert "Run the command again" in result.err
    assert result.out == ""
    now = initialized.patients.get(staff, pena.id)
    assert [(m.name, m.active) for m in now.medications] == [("Norco", True), ("Tramadol", True)]


def test_medications_help_says_remove_keeps_the_history(run: Run) -> None:
    result = run("patients", "medications", "--help")
    assert result.code == 0
    assert "marks the entry not taking" in " ".join(result.out.split())
    assert "keeps it as history" in " ".join(result.out.split())
