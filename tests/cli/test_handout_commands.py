"""`ldnclinic handout MRN --kind ... -o FILE.pdf` and `ldnclinic handouts list [--json]`."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ldnclinic.config import PASSWORD_ENV
from ldnclinic.services.container import Services
from tests.cli.conftest import Run
from tests.conftest import PASSWORD, signed_in
from tests.services.rx_support import add_patient, approved_rx


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool is not None
    out = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(out.stdout.split())


@pytest.fixture
def mrn(initialized: Services, monkeypatch: pytest.MonkeyPatch) -> str:
    """José Luis Peña (prefers Spanish) on the standard capsule plan; everyone signed in once."""
    staff = signed_in(initialized, "maria")
    prescriber = signed_in(initialized, "drgarcia")
    signed_in(initialized, "admin")
    patient_id = add_patient(initialized, staff)
    approved_rx(initialized, prescriber, patient_id)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return initialized.patients.get(staff, patient_id).mrn


def test_handouts_list_needs_no_database(run: Run) -> None:
    result = run("handouts", "list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Kind")
    assert any(line.startswith("starting_ldn") and "yes" in line for line in lines)
    assert lines[-1].startswith("new-patient")
    data = json.loads(run("handouts", "list", "--json").out)
    assert len(data) == 11
    assert data[0]["kind"] == "what_is_ldn" and set(data[0]["titles"]) == {"en", "es"}


def test_a_packet_in_the_patients_language(run: Run, mrn: str, tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    result = run("handout", mrn, "--kind", "new-patient", "-o", str(target), "--user", "maria")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Wrote {target}: 5 handouts in es: ")
    text = pdf_text(target)
    # 1.5 mg (1 capsule) from Saturday 11/21 to Friday 12/4, in Spanish.
    assert "sáb 21 nov 2026 vie 4 dic 2026 1.5 mg 1 cápsula" in text
    assert text.count("Texas Medical Board") >= 5  # the notice ends every handout


def test_one_handout_in_english(run: Run, mrn: str, tmp_path: Path) -> None:
    target = tmp_path / "what.pdf"
    result = run(
        "handout",
        mrn,
        "--kind",
        "what_is_ldn",
        "--kind",
        "side_effects",
        "--lang",
        "en",
        "-o",
        str(target),
        "--user",
        "maria",
    )
    assert result.code == 0, result.err
    assert "2 handouts in en" in result.out
    assert "Page 1 of" in pdf_text(target)


def test_refusals_are_clear(run: Run, mrn: str, tmp_path: Path) -> None:
    unknown = run("handout", mrn, "--kind", "horoscope", "-o", str(tmp_path / "x.pdf"), "--user", "maria")
    assert unknown.code == 1
    assert "There is no handout “horoscope”" in unknown.err
    assert not (tmp_path / "x.pdf").exists()
    admin = run("handout", mrn, "--kind", "what_is_ldn", "-o", str(tmp_path / "y.pdf"), "--user", "admin")
    assert admin.code == 1
    assert "not allowed" in admin.err
    language = run(
        "handout",
        mrn,
        "--kind",
        "what_is_ldn",
        "--lang",
        "fr",
        "-o",
        str(tmp_path / "z.pdf"),
        "--user",
        "maria",
    )
    assert language.code == 2


def test_handouts_that_cannot_be_written_are_not_recorded(
    run: Run, mrn: str, initialized: Services, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    places = {
        out / "nowhere" / "h.pdf": "does not exist",
        out: "is a folder",
        out / ("x" * 300 + ".pdf"): "File name too long",
    }
    for place, why in places.items():
        result = run("handout", mrn, "--kind", "what_is_ldn", "-o", str(place), "--user", "maria")
        assert (result.code, result.out) == (1, ""), result.err
        assert len(result.err.splitlines()) == 1 and why in result.err, result.err
    assert list(out.iterdir()) == []
    staff = initialized.users.sign_in_for_command_line("maria", PASSWORD)
    patient = initialized.patients.get_by_mrn(staff, mrn)
    assert initialized.handouts.documents(staff, patient.id) == []
    target = out / "h.pdf"
    assert run("handout", mrn, "--kind", "what_is_ldn", "-o", str(target), "--user", "maria").code == 0
    [record] = initialized.handouts.documents(staff, patient.id)
    assert record.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
