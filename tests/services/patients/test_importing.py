"""CSV import: good rows in, bad rows out with a specific reason, never a duplicate."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ldnclinic.db.models.patients import Patient
from ldnclinic.domain.enums import AuditAction, Language, PatientStatus, PhoneKind, Sex
from ldnclinic.domain.errors import PermissionDeniedError
from ldnclinic.services.clinic.service import PharmacyInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.patients.importing import COLUMNS, ImportFileError, ImportReport, column_key
from tests.conftest import signed_in
from tests.support.patient_data import minimal_patient

GOOD = {
    "first_name": "José",
    "middle_name": "Luis",
    "last_name": "Peña",
    "preferred_name": "Pepe",
    "date_of_birth": "3/2/1961",
    "sex": "M",
    "phone": "(512) 555-0142",
    "email": "jose.pena@example.com",
    "address": "1400 S Congress Ave",
    "city": "Austin",
    "state": "TX",
    "zip": "78704",
    "preferred_language": "Spanish",
    "conditions": "Fibromyalgia; Migraine (G43.909); M35.00",
    "allergies": "Penicillin (hives); Sulfa drugs: rash",
    "medications": "Levothyroxine 50 mcg daily; Norco 5/325 mg; Vitamin D3 2000 IU",
    "pharmacy": "  bluebonnet COMPOUNDING pharmacy ",
}


def row(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def write_csv(
    path: Path, rows: Sequence[Mapping[str, str]], header: Sequence[str] = COLUMNS, *, bom: bool = False
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for values in rows:
            writer.writerow([values.get(column_key(name), "") for name in header])
    return path


def read_rejects(report: ImportReport) -> list[dict[str, str]]:
    assert report.rejects_path is not None
    with report.rejects_path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def directory(initialized: Services, staff: Actor) -> Services:
    """A clinic with one compounding pharmacy in its directory."""
    initialized.pharmacies.create(
        staff,
        PharmacyInput(
            name="Bluebonnet Compounding Pharmacy", street="2100 S Lamar Blvd", city="Austin", state="TX",
            zip="78704", phone="(512) 555-0120", fax="(512) 555-0121",
        ),
    )  # fmt: skip
    return initialized


def all_patients(services: Services, actor: Actor) -> list[PatientDetail]:
    return [services.patients.get(actor, p.id) for p in services.patients.search(actor, "", limit=1000)]


def test_a_good_row_is_imported_with_every_field(directory: Services, staff: Actor, tmp_path: Path) -> None:
    report = directory.importing.import_csv(staff, write_csv(tmp_path / "patients.csv", [row()]))
    assert (report.imported, report.skipped, report.rejected) == (1, 0, 0)
    assert report.rejects_path is None
    assert not (tmp_path / "patients.rejects.csv").exists()
    [patient] = all_patients(directory, staff)
    assert (patient.first_name, patient.middle_name, patient.last_name, patient.preferred_name) == (
        "José", "Luis", "Peña", "Pepe",
    )  # fmt: skip
    assert patient.date_of_birth == date(1961, 3, 2)
    assert patient.sex is Sex.MALE
    assert [(p.kind, p.e164) for p in patient.phones] == [(PhoneKind.MOBILE, "+15125550142")]
    assert patient.email == "jose.pena@example.com"
    assert patient.address_lines == ("1400 S Congress Ave", "Austin, TX 78704")
    assert patient.preferred_language is Language.SPANISH
    assert patient.status is PatientStatus.PROSPECTIVE
    assert [(c.label, c.icd10) for c in patient.conditions] == [
        ("Fibromyalgia", "M79.7"),
        ("Migraine", "G43.909"),
        ("Sjögren's syndrome", "M35.00"),
    ]
    assert [(a.substance, a.reaction) for a in patient.allergies] == [
        ("Penicillin", "hives"),
        ("Sulfa drugs", "rash"),
    ]
    assert [(m.name, m.dose) for m in patient.medications] == [
        ("Levothyroxine", "50 mcg daily"),
        ("Norco", "5/325 mg"),
        ("Vitamin D3", "2000 IU"),
    ]
    assert [m.name for m in patient.opioids] == ["Norco"]
    assert patient.pharmacy is not None and patient.pharmacy.name == "Bluebonnet Compounding Pharmacy"


def test_excel_bom_header_spelling_and_value_variants(
    directory: Services, staff: Actor, tmp_path: Path
) -> None:
    header = ["First Name", " LAST_NAME ", "DOB", "Gender", "Language", "Allergies", "ZIP Code", "Notes"]
    rows = [
        {"first_name": "Ana", "last_name": "García", "date_of_birth": "1980-01-15", "sex": "female",
         "preferred_language": "es", "allergies": "NKDA"},
        {"first_name": "Hằng", "last_name": "Nguyễn", "date_of_birth": "05/09/1974", "sex": "F",
         "preferred_language": "English"},
        {"first_name": "Mark", "last_name": "Smith", "date_of_birth": "7/4/1955", "sex": "",
         "preferred_language": ""},
    ]  # fmt: skip
    report = directory.importing.import_csv(staff, write_csv(tmp_path / "x.csv", rows, header, bom=True))
    assert (report.imported, report.rejected) == (3, 0)
    assert report.encoding == "utf-8"
    assert report.ignored_columns == ("Notes",)
    by_name = {p.last_name: p for p in all_patients(directory, staff)}
    assert by_name["García"].preferred_language is Language.SPANISH
    assert by_name["García"].no_known_allergies
    assert by_name["Nguyễn"].sex is Sex.FEMALE
    assert by_name["Nguyễn"].date_of_birth == date(1974, 5, 9)
    assert by_name["Smith"].sex is Sex.UNKNOWN
    assert by_name["Smith"].preferred_language is Language.ENGLISH


BAD_ROWS = [
    ("missing first name", row(first_name=""), "first_name: This is required."),
    ("missing last name", row(last_name="  "), "last_name: This is required."),
    (
        "not a calendar date",
        row(date_of_birth="2/30/1990"),
        "date_of_birth: “2/30/1990” is not a real calendar date.",
    ),
    ("future birth", row(date_of_birth="1/1/2099"), "date_of_birth: The date of birth is in the future."),
    ("not a date", row(date_of_birth="March 2nd"), "date_of_birth: “March 2nd” is not a date"),
    ("bad email", row(email="jose@@example"), "email: This e-mail address is not valid"),
    ("bad phone", row(phone="555-1234"), "phone: "),
    ("SQL in a name", row(last_name="Robert'); DROP TABLE patients;--"), "last_name: Names can hold letters"),
    ("5000 characters", row(first_name="A" * 5000), "first_name: At most 100 characters"),
    ("5000-char address", row(address="x" * 5000), "address: At most 200 characters"),
    ("unknown sex", row(sex="Q"), "sex: Choose one of: female, male, intersex, unknown."),
    ("unknown language", row(preferred_language="Klingon"), "preferred_language: Choose one of"),
    (
        "unknown pharmacy",
        row(pharmacy="Nowhere Drugs"),
        "pharmacy: “Nowhere Drugs” is not in the pharmacy directory",
    ),
    ("bad state", row(state="XX"), "state: Use a US state's two-letter code"),
    ("bad zip", row(zip="7870"), "zip: A ZIP code is 5 digits"),
    ("half an address", row(address="", zip=""), "address: This is required."),
    (
        "long condition",
        row(conditions="Migraine; " + "x" * 250),
        "conditions: Condition 2 is longer than 200",
    ),
    ("long medication", row(medications="y" * 300), "medications: Medication 1 is longer than 200"),
]


@pytest.mark.parametrize(("case", "values", "reason"), BAD_ROWS, ids=[case for case, _, _ in BAD_ROWS])
def test_a_bad_row_is_rejected_with_a_specific_reason(
    directory: Services, staff: Actor, tmp_path: Path, case: str, values: dict[str, str], reason: str
) -> None:
    source = write_csv(tmp_path / "patients.csv", [values])
    report = directory.importing.import_csv(staff, source)
    assert (report.imported, report.rejected) == (0, 1), case
    [rejected] = read_rejects(report)
    assert reason in rejected["reason"]
    assert {k: rejected[k] for k in COLUMNS} == {k: values.get(k, "") for k in COLUMNS}  # the row as it was
    assert all_patients(directory, staff) == []


def test_sql_looking_names_harm_nothing(directory: Services, staff: Actor, tmp_path: Path) -> None:
    rows = [row(first_name="x'); DELETE FROM patients; --"), row(first_name="Ana")]
    report = directory.importing.import_csv(staff, write_csv(tmp_path / "p.csv", rows))
    assert (report.imported, report.rejected) == (1, 1)
    with directory.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Patient)) == 1


def test_the_rejects_file_keeps_good_rows_out_and_bad_rows_whole(
    directory: Services, staff: Actor, tmp_path: Path
) -> None:
    rows = [
        row(first_name="Ana", date_of_birth="2/30/1990"),
        row(first_name="Bea"),
        row(first_name="", email="nope"),
        row(first_name="Cruz", last_name="O'Brien-Peña"),
    ]
    source = write_csv(tmp_path / "clinic export.csv", rows)
    report = directory.importing.import_csv(staff, source)
    assert (report.imported, report.skipped, report.rejected) == (2, 0, 2)
    assert report.rejects_path == tmp_path / "clinic export.rejects.csv"
    header = report.rejects_path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == ",".join([*COLUMNS, "reason"])
    rejects = read_rejects(report)
    assert [r["first_name"] for r in rejects] == ["Ana", ""]
    assert rejects[1]["reason"] == (
        "first_name: This is required.; email: This e-mail address is not valid: "
        "An email address must have an @-sign."
    )
    assert dict(report.problems_by_column) == {"date_of_birth": 1, "email": 1, "first_name": 1}


def test_a_chosen_rejects_path(directory: Services, staff: Actor, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "p.csv", [row(sex="?")])
    target = tmp_path / "out" / "bad.csv"
    target.parent.mkdir()
    report = directory.importing.import_csv(staff, source, target)
    assert report.rejects_path == target
    assert read_rejects(report)[0]["sex"] == "?"


def test_importing_the_same_file_again_adds_nothing(
    directory: Services, staff: Actor, tmp_path: Path
) -> None:
    rows = [row(), row(first_name="Ana", last_name="Smith", date_of_birth="1980-01-15"), row(first_name="")]
    source = write_csv(tmp_path / "p.csv", rows)
    first = directory.importing.import_csv(staff, source)
    assert (first.imported, first.skipped, first.rejected) == (2, 0, 1)
    again = directory.importing.import_csv(staff, source)
    assert (again.imported, again.skipped, again.rejected) == (0, 2, 1)
    assert len(all_patients(directory, staff)) == 2


def test_a_fixed_rejects_file_imports_only_the_fixed_rows(
    directory: Services, staff: Actor, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "p.csv", [row(), row(first_name="Bea", date_of_birth="2/30/1990")])
    report = directory.importing.import_csv(staff, source)
    assert report.rejects_path is not None
    fixed = report.rejects_path.read_text(encoding="utf-8-sig").replace("2/30/1990", "2/28/1990")
    report.rejects_path.write_text(fixed, encoding="utf-8-sig")
    second = directory.importing.import_csv(staff, report.rejects_path, tmp_path / "second.rejects.csv")
    assert (second.imported, second.rejected) == (1, 0)
    assert second.ignored_columns == ()  # the reason column is expected, not reported
    assert sorted(p.first_name for p in all_patients(directory, staff)) == ["Bea", "José"]


def test_duplicates_within_the_file_and_with_the_registry_are_skipped(
    directory: Services, staff: Actor, tmp_path: Path
) -> None:
    directory.patients.create(staff, minimal_patient("Ana", "Smith", "1980-01-15"))
    rows = [
        row(),
        row(first_name="JOSE", last_name="pena", date_of_birth="1961-03-02", email=""),  # same person
        row(first_name="ana", last_name="SMITH", date_of_birth="01/15/1980"),  # already registered
        row(first_name="José", last_name="Peña", date_of_birth="1961-03-03"),  # a different person
    ]
    report = directory.importing.import_csv(staff, write_csv(tmp_path / "p.csv", rows))
    assert (report.imported, report.skipped, report.rejected) == (2, 2, 0)
    assert len(all_patients(directory, staff)) == 3


def test_import_is_audited_without_patient_data(directory: Services, staff: Actor, tmp_path: Path) -> None:
    rows = [row(), row(first_name="Ana"), row(first_name="", last_name="Secretname")]
    directory.importing.import_csv(staff, write_csv(tmp_path / "peña-list.csv", rows))
    admin = signed_in(directory, "admin")
    [summary] = directory.audit.recent(admin, action=AuditAction.PATIENTS_IMPORTED)
    assert summary.username == "maria"
    assert summary.detail == "rows: 3; imported: 2; skipped as already present: 0; rejected: 1"
    created = directory.audit.recent(admin, action=AuditAction.PATIENT_CREATED)
    assert len(created) == 2
    assert all(e.record_type == "patient" and e.username == "maria" for e in created)
    everything = " ".join(f"{e.detail} {e.record_id}" for e in directory.audit.recent(admin))
    for phi in ("Peña", "Pena", "José", "Secretname", "1961", "peña-list"):
        assert phi not in everything


def test_an_admin_may_not_import(directory: Services, tmp_path: Path) -> None:
    admin = signed_in(directory, "admin")
    with pytest.raises(PermissionDeniedError, match="not allowed to import patients"):
        directory.importing.import_csv(admin, write_csv(tmp_path / "p.csv", [row()]))


def test_a_prescriber_may_import(directory: Services, prescriber: Actor, tmp_path: Path) -> None:
    report = directory.importing.import_csv(prescriber, write_csv(tmp_path / "p.csv", [row()]))
    assert report.imported == 1


def test_windows_1252_is_read_as_such(directory: Services, staff: Actor, tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes("first_name,last_name,date_of_birth,sex\r\nJosé,Peña,3/2/1961,M\r\n".encode("cp1252"))
    report = directory.importing.import_csv(staff, source)
    assert (report.imported, report.encoding) == (1, "cp1252")
    assert [p.last_name for p in all_patients(directory, staff)] == ["Peña"]


def test_blank_lines_are_ignored_and_extra_cells_rejected(
    directory: Services, staff: Actor, tmp_path: Path
) -> None:
    source = tmp_path / "p.csv"
    source.write_text(
        "first_name,last_name,date_of_birth,sex\n,,,\nAna,Smith,1980-01-15,F\n\nBea,Jones,1970-1-1,F,oops\n",
        encoding="utf-8",
    )
    report = directory.importing.import_csv(staff, source)
    assert (report.imported, report.rejected) == (1, 1)
    [rejected] = read_rejects(report)
    assert rejected["reason"].startswith("row: it has 5 cells but the header names 4 columns")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"name,birthday\nAna,1980-01-01\n", "The file has no first_name, last_name, date_of_birth column"),
        (b"first_name,First Name,last_name,date_of_birth\n", "appears twice"),
        (b"PK\x03\x04 rest of a zip", "is a spreadsheet file, not CSV"),
    ],
)
def test_files_that_cannot_be_imported(
    directory: Services, staff: Actor, tmp_path: Path, content: bytes, message: str
) -> None:
    source = tmp_path / "p.csv"
    source.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        directory.importing.import_csv(staff, source)


def test_a_missing_file(directory: Services, staff: Actor, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="There is no file"):
        directory.importing.import_csv(staff, tmp_path / "nowhere.csv")


def test_a_rejects_folder_that_does_not_exist_stops_before_any_import(
    directory: Services, staff: Actor, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "p.csv", [row()])
    with pytest.raises(ImportFileError, match="There is no folder"):
        directory.importing.import_csv(staff, source, tmp_path / "missing" / "rejects.csv")
    assert all_patients(directory, staff) == []


def test_many_rows_in_several_batches(directory: Services, staff: Actor, tmp_path: Path) -> None:
    rows = [
        row(
            first_name=f"Ana{chr(97 + i % 26)}{chr(97 + i // 26)}",
            email="",
            pharmacy="",
            date_of_birth="1980-01-15",
        )
        for i in range(600)
    ]
    rows[300] = row(first_name="Bad", date_of_birth="13/13/1980")
    rows.append(rows[10])  # a repeat at the very end, in another batch
    done: list[tuple[int, int]] = []
    report = directory.importing.import_csv(
        staff, write_csv(tmp_path / "p.csv", rows), progress=lambda n, total: done.append((n, total))
    )
    assert (report.imported, report.skipped, report.rejected) == (599, 1, 1)
    assert done[-1] == (601, 601)
    assert len(done) == 3
