"""`ldnclinic patients import FILE.csv [--rejects FILE]`: summary, rejects file, exit status."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ldnclinic.config import PASSWORD_ENV
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from tests.cli.conftest import Run
from tests.conftest import PASSWORD, signed_in

HEADER = "first_name,last_name,date_of_birth,sex,phone,email,preferred_language,medications\n"
GOOD_ROWS = (
    "José,Peña,3/2/1961,M,512-555-0142,jose@example.com,Spanish,Norco 5/325\n"
    "Hằng,Nguyễn,1974-05-09,F,,,,\n"
    "Siobhán,O'Brien,12/1/1990,female,(318) 555-0123,,English,\n"
)
BAD_ROWS = "Ana,García,2/30/1990,F,,,,\nBea,Smith,1980-01-01,F,,not-an-email,,\n"


@pytest.fixture
def signed_in_staff(staff: Actor, monkeypatch: pytest.MonkeyPatch) -> Actor:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return staff


def write(tmp_path: Path, text: str, name: str = "patients.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")  # as Excel writes "CSV UTF-8"
    return path


def test_a_clean_file_imports_and_exits_0(
    run: Run, initialized: Services, signed_in_staff: Actor, tmp_path: Path
) -> None:
    result = run("patients", "import", str(write(tmp_path, HEADER + GOOD_ROWS)), "--user", "maria")
    assert result.code == 0, result.err
    assert "Read 3 patient rows from patients.csv." in result.out
    assert "imported:                  3" in result.out
    assert "rejected:                  0" in result.out
    assert "Peña" not in result.out  # counts, not patient data
    assert not (tmp_path / "patients.rejects.csv").exists()
    names = [p.last_name for p in initialized.patients.search(signed_in_staff, "")]
    assert names == ["Nguyễn", "O'Brien", "Peña"]


def test_rejected_rows_exit_1_and_go_to_the_rejects_file(
    run: Run, initialized: Services, signed_in_staff: Actor, tmp_path: Path
) -> None:
    source = write(tmp_path, HEADER + GOOD_ROWS + BAD_ROWS)
    result = run("patients", "import", str(source), "--user", "maria")
    assert result.code == 1
    assert "imported:                  3" in result.out
    assert "rejected:                  2" in result.out
    rejects = tmp_path / "patients.rejects.csv"
    assert f"Rejected rows, each with its reason, are in {rejects}." in result.out
    assert "Rejections by column: date_of_birth 1, email 1." in result.out
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["first_name"], r["last_name"]) for r in rows] == [("Ana", "García"), ("Bea", "Smith")]
    assert "is not a real calendar date" in rows[0]["reason"]
    assert rows[1]["reason"].startswith("email: This e-mail address is not valid")


def test_importing_again_adds_nothing(
    run: Run, initialized: Services, signed_in_staff: Actor, tmp_path: Path
) -> None:
    source = write(tmp_path, HEADER + GOOD_ROWS)
    assert run("patients", "import", str(source), "--user", "maria").code == 0
    again = run("patients", "import", str(source), "--user", "maria")
    assert again.code == 0
    assert "imported:                  0" in again.out
    assert "skipped, already present:  3" in again.out
    assert len(initialized.patients.search(signed_in_staff, "")) == 3


def test_a_chosen_rejects_file(
    run: Run, initialized: Services, signed_in_staff: Actor, tmp_path: Path
) -> None:
    target = tmp_path / "to-fix.csv"
    result = run(
        "patients",
        "import",
        str(write(tmp_path, HEADER + BAD_ROWS)),
        "--rejects",
        str(target),
        "--user",
        "maria",
    )
    assert result.code == 1
    assert target.exists()


def test_an_admin_may_not_import(
    run: Run, initialized: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_in(initialized, "admin")
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = run("patients", "import", str(write(tmp_path, HEADER + GOOD_ROWS)), "--user", "admin")
    assert result.code == 1
    assert "not allowed to import patients" in result.err


def test_a_file_without_the_needed_columns(
    run: Run, initialized: Services, signed_in_staff: Actor, tmp_path: Path
) -> None:
    result = run("patients", "import", str(write(tmp_path, "name,dob\nAna,1980-01-01\n")), "--user", "maria")
    assert result.code == 1
    assert "The file has no first_name, last_name column" in result.err
    assert "Traceback" not in result.err


def test_a_missing_file(run: Run, initialized: Services, signed_in_staff: Actor, tmp_path: Path) -> None:
    result = run("patients", "import", str(tmp_path / "nowhere.csv"), "--user", "maria")
    assert result.code == 1
    assert "There is no file" in result.err
