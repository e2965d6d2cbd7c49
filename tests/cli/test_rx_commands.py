"""`ldnclinic rx new | show | list | approve | print | sign | send | void | renew`: signed in
as --user, through the prescription services (roles checked, every step audited)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ldnclinic.config import PASSWORD_ENV
from ldnclinic.db.models.patients import Patient
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.identifiers import luhn_check_digit
from ldnclinic.domain.prescriptions.formulary import DosageForm
from ldnclinic.domain.safety.findings import finding_ref
from ldnclinic.services.clinic.service import PharmacyInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import FormulaInput
from tests.cli.conftest import CliResult, Run
from tests.conftest import PASSWORD, signed_in
from tests.support.patient_data import full_patient, minimal_patient

STANDARD = ("--plan", "STD-1.5-14", "--formula", "CAP-1.5", "--days", "30", "--refills", "2")
DIAGNOSIS = ("--diagnosis", "Fibromyalgia (M79.7)")
# José Luis Peña takes Levothyroxine and has no TMB complaint notice on file: two warnings.
PENA_WARNINGS = ["thyroid_hormone", "consent_missing_tmb_complaint_notice", "no_recent_visit"]
OVERRIDE = "Compounding pharmacist confirmed the research protocol dose by phone"


@dataclass(frozen=True)
class Clinic:
    services: Services
    staff: Actor
    admin: Actor
    pharmacy_id: int
    mrn: str  # José Luis Peña: two warnings, every Texas element on file


@pytest.fixture
def clinic(initialized: Services, monkeypatch: pytest.MonkeyPatch) -> Clinic:
    """Maria (staff), Dr García and the admin with their own password; a pharmacy; a patient."""
    staff = signed_in(initialized, "maria")
    signed_in(initialized, "drgarcia")
    admin = signed_in(initialized, "admin")
    pharmacy = initialized.pharmacies.create(
        staff,
        PharmacyInput(
            name="Balcones Compounding Pharmacy",
            street="2500 W Anderson Ln",
            city="Austin",
            state="TX",
            zip="78757",
            phone="(512) 555-0177",
            fax="(512) 555-0178",
        ),
    )
    patient = initialized.patients.create(staff, full_patient(preferred_pharmacy_id=pharmacy.id))
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return Clinic(initialized, staff, admin, pharmacy.id, patient.mrn)


def new_rx(run: Run, mrn: str, *options: str, user: str = "maria") -> int:
    result = run("rx", "new", "--patient", mrn, *(options or (*STANDARD, *DIAGNOSIS)), "--user", user)
    assert result.code == 0, result.err
    assert result.out.strip().isdigit(), result.out  # only the id, for scripts
    return int(result.out)


def show(run: Run, rx_id: int, user: str = "maria") -> dict[str, Any]:
    result = run("rx", "show", str(rx_id), "--json", "--user", user)
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def approve(run: Run, rx_id: int, *options: str) -> CliResult:
    """`rx approve`; a bare "--acknowledge" names every warning `rx show --json` lists now."""
    if "--acknowledge" in options:
        refs = [f["ref"] for f in show(run, rx_id)["findings"] if f["severity"] == "warning"]
        at = options.index("--acknowledge")
        options = (
            (*options[: at + 1], *refs, *options[at + 1 :]) if refs else options[:at] + options[at + 1 :]
        )
    return run("rx", "approve", str(rx_id), *options, "--user", "drgarcia")


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool is not None
    return subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def unused_mrn() -> str:
    body = "1234567"
    digits = body + str(luhn_check_digit(body))
    return f"{digits[:4]}-{digits[4:]}"


# --- the whole life of a prescription ------------------------------------------------------------


def test_new_show_approve_print_sign_send(run: Run, clinic: Clinic, tmp_path: Path) -> None:
    created = run("rx", "new", "--patient", clinic.mrn, *STANDARD, *DIAGNOSIS, "--user", "maria")
    assert created.code == 0, created.err
    rx_id = int(created.out)
    assert created.out == f"{rx_id}\n"
    assert "48 (forty-eight) capsules for 30 days" in created.err
    assert "note: warning [thyroid_hormone " in created.err

    shown = run("rx", "show", str(rx_id), "--user", "drgarcia")
    assert shown.code == 0, shown.err
    assert shown.out.startswith(f"Prescription {rx_id}    Draft")
    assert "Quantity      48 (forty-eight) capsules" in shown.out
    assert "Days supply   30" in shown.out
    assert "Take 1 capsule (1.5 mg) by mouth once a day at bedtime for 14 days" in shown.out
    assert "3 mg = 2 capsules at bedtime  (14 days of this supply)" in shown.out
    assert "!  Warning [thyroid_hormone " in shown.out
    assert "]: Thyroid hormone on the medication list" in shown.out
    assert "Pharmacy      Balcones Compounding Pharmacy" in shown.out

    refused = approve(run, rx_id)
    assert refused.code == 1
    assert refused.err.startswith("Acknowledge each warning first:")
    for code in PENA_WARNINGS:
        assert f"{code} [" in refused.err
    assert "then name each one you have reviewed: --acknowledge " in refused.err
    bare = run("rx", "approve", str(rx_id), "--acknowledge", "--user", "drgarcia")
    assert bare.code == 1
    assert "name each warning you acknowledge" in bare.err
    assert show(run, rx_id)["status"] == "draft"

    approved = approve(run, rx_id, "--acknowledge")
    assert approved.code == 0, approved.err
    assert approved.out == (
        f"Approved prescription {rx_id} for Peña, José Luis (MRN {clinic.mrn}) as Elena García, MD; "
        "acknowledged 3 warnings.\n"
    )

    original = tmp_path / "original.pdf"
    printed = run("rx", "print", str(rx_id), "-o", str(original), "--user", "maria")
    assert printed.code == 0, printed.err
    data = show(run, rx_id)
    serial = str(data["serial"])
    assert serial.startswith("RX-")
    assert original.read_bytes().startswith(b"%PDF")
    sha = hashlib.sha256(original.read_bytes()).hexdigest()
    assert printed.out.splitlines() == [
        f"Wrote the original of {serial} to {original}.",
        f"serial  {serial}",
        "kind    original",
        f"sha256  {sha}",
    ]

    reprint = run("rx", "print", str(rx_id), "-o", str(tmp_path / "again.pdf"), "--user", "maria")
    assert reprint.code == 0, reprint.err
    assert "kind    reprint" in reprint.out

    assert run("rx", "sign", str(rx_id), "--user", "maria").code == 1  # only the prescriber
    signed = run("rx", "sign", str(rx_id), "--user", "drgarcia")
    assert signed.code == 0, signed.err
    assert signed.out == f"Signed: prescription {rx_id} ({serial}) by Elena García, MD.\n"

    copy = tmp_path / "chart.pdf"
    charted = run("rx", "print", str(rx_id), "-o", str(copy), "--copy", "--user", "maria")
    assert charted.code == 0, charted.err
    assert "kind    chart_copy" in charted.out

    sent = run("rx", "send", str(rx_id), "--method", "fax", "--user", "maria")
    assert sent.code == 0, sent.err
    assert sent.out == f"Sent: prescription {rx_id} ({serial}), faxed to Balcones Compounding Pharmacy.\n"

    void = run("rx", "void", str(rx_id), "--reason", "patient changed pharmacy", "--user", "drgarcia")
    assert void.code == 1
    assert void.err == "A sent prescription cannot be voided.\n"

    final = show(run, rx_id)
    assert final["status"] == "sent"
    assert [event["event"] for event in final["history"]] == [
        "created", "approved", "printed", "signed", "sent",
    ]  # fmt: skip
    assert [event["by"] for event in final["history"]] == [
        "María López", "Elena García, MD", "María López", "Elena García, MD", "María López",
    ]  # fmt: skip
    prints = final["prints"]
    assert [p["kind"] for p in prints] == ["original", "reprint", "chart_copy"]
    assert prints[0]["sha256"] == sha
    assert prints[2]["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()

    trail = clinic.services.audit.recent(clinic.admin, record_type="prescription", record_id=str(rx_id))
    actions = {entry.action for entry in trail}
    assert {
        AuditAction.RX_CREATED, AuditAction.RX_VIEWED, AuditAction.RX_APPROVED, AuditAction.RX_PRINTED,
        AuditAction.RX_REPRINTED, AuditAction.RX_SIGNED, AuditAction.RX_COPY_PRINTED, AuditAction.RX_SENT,
    } <= actions  # fmt: skip
    assert all("Peña" not in (entry.detail or "") for entry in trail)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_the_printed_pdf_names_the_drug_and_the_serial(run: Run, clinic: Clinic, tmp_path: Path) -> None:
    rx_id = new_rx(run, clinic.mrn)
    assert approve(run, rx_id, "--acknowledge").code == 0
    target = tmp_path / "rx.pdf"
    printed = run("rx", "print", str(rx_id), "--output", str(target), "--user", "maria")
    assert printed.code == 0, printed.err
    text = pdf_text(target)
    assert str(show(run, rx_id)["serial"]) in text
    assert "Naltrexone HCl" in text
    assert "José Luis Peña" in text


def test_show_json_is_complete(run: Run, clinic: Clinic) -> None:
    # A start four weeks ahead: within the clinic's window (30 days back, 90 ahead of today).
    start = datetime.now(ZoneInfo("America/Chicago")).date() + timedelta(days=28)
    rx_id = new_rx(run, clinic.mrn, "--steps", "0.5:7,1:7,1.5", "--formula", "CAP-0.5", "--days", "21",
                   "--refills", "0", "--no-diagnosis", "--note", "Please use dye-free capsules",
                   "--start", start.isoformat(), "--morning")  # fmt: skip
    data = show(run, rx_id)
    assert data["status"] == "draft"
    assert data["patient_mrn"] == clinic.mrn
    assert data["strength_mg"] == "0.5"  # ISMP: a leading zero, never ".5"
    assert data["steps_text"] == "0.5:7,1:7,1.5"
    assert data["steps"][0] == {"dose_mg": "0.5", "days": 7, "time_of_day": "morning"}
    assert data["plan_code"] is None
    assert data["plan_name"] == "Custom plan"
    assert data["start_date"] == start.isoformat()
    assert data["diagnosis"] is None
    assert data["diagnosis_omitted"] is True
    assert data["pharmacist_note"] == "Please use dye-free capsules"
    calculation = data["calculation"]
    assert calculation["quantity"] == "42"  # 7 x 1 + 7 x 2 + 7 x 3 capsules
    assert calculation["quantity_text"] == "42 (forty-two) capsules"
    assert calculation["days_supply"] == 21
    assert calculation["target_dose_mg"] == "1.5"
    assert calculation["target_date"] == (start + timedelta(days=14)).isoformat()
    assert "in the morning" in calculation["sig"]
    assert calculation["schedule"][1]["units"] == "2"
    severities = {f["code"]: f["severity"] for f in data["findings"]}
    assert severities == dict.fromkeys(PENA_WARNINGS, "warning")
    assert data["prints"] == []
    assert str(data["created_at"]).endswith("+00:00")


# --- typing the steps -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("1.5:14,3:x,4.5", "Step 2 (“3:x”): days must be a whole number."),
        ("1.5:14,abc:14,4.5", "Step 2 (“abc:14”)"),
        ("1.5,4.5", "Step 1: only the last step may go on without an end; give its days."),
        ("1.5:14,4.5:14", "Step 2: the last step continues until the next review"),
        ("0:14,4.5", "Step 1 (“0:14”): A dose must be more than 0 mg."),
    ],
)
def test_steps_that_cannot_be_read_are_a_usage_error(
    run: Run, clinic: Clinic, steps: str, message: str
) -> None:
    result = run("rx", "new", "--patient", clinic.mrn, "--steps", steps, "--formula", "CAP-1.5",
                 "--days", "30", "--refills", "0", "--user", "maria")  # fmt: skip
    assert result.code == 2
    assert "argument --steps: " + message in result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert json.loads(run("rx", "list", "--json", "--user", "maria").out) == []


@pytest.mark.parametrize(
    "choice",
    [("--plan", "STD-1.5-14", "--steps", "1.5"), ()],
    ids=["both", "neither"],
)
def test_plan_or_steps_exactly_one(run: Run, clinic: Clinic, choice: tuple[str, ...]) -> None:
    result = run("rx", "new", "--patient", clinic.mrn, *choice, "--formula", "CAP-1.5", "--days", "30",
                 "--refills", "0", "--user", "maria")  # fmt: skip
    assert result.code == 2
    assert "--plan" in result.err
    assert "--steps" in result.err


def test_plan_codes_ignore_case_and_a_plan_the_formula_cannot_make_is_noted(run: Run, clinic: Clinic) -> None:
    result = run("rx", "new", "--patient", clinic.mrn, "--plan", "half-weekly", "--formula", "CAP-1.5",
                 "--days", "30", "--refills", "0", *DIAGNOSIS, "--user", "maria")  # fmt: skip
    assert result.code == 0, result.err
    assert "note: cannot be made as written: 0.5 mg cannot be given in whole capsules" in result.err
    assert "note: formulas that fit these steps: LIQ-1, SL-0.5." in result.err
    data = show(run, int(result.out))
    assert data["plan_code"] == "HALF-WEEKLY"
    assert data["calculation"] is None
    refused = approve(run, int(result.out), "--acknowledge", "--override-reason", OVERRIDE)
    assert refused.code == 1
    assert refused.err.startswith("Cannot approve: 0.5 mg cannot be given")
    assert "Void this draft" in refused.err


# --- safety ---------------------------------------------------------------------------------------


def test_a_45_mg_dose_is_a_hard_stop_until_a_reason_is_given(run: Run, clinic: Clinic) -> None:
    clinic.services.formulary.create(
        clinic.admin,
        FormulaInput("LIQ-10", DosageForm.ORAL_LIQUID, Decimal(10), "purified water", "unflavoured"),
    )
    created = run("rx", "new", "--patient", clinic.mrn, "--steps", "45", "--formula", "LIQ-10", "--days",
                  "30", "--refills", "0", *DIAGNOSIS, "--user", "drgarcia")  # fmt: skip
    assert created.code == 0, created.err
    rx_id = int(created.out)
    ref = finding_ref("dose_above_10: 45 mg")
    assert (
        f"note: hard stop [dose_above_10 {ref}]: The highest daily dose, 45 mg, is above 10 mg" in created.err
    )

    stopped = approve(run, rx_id, "--acknowledge")
    assert stopped.code == 1
    assert stopped.err.startswith("Hard stop: The highest daily dose, 45 mg, is above 10 mg")
    assert "was 4.5 mg meant?" in stopped.err
    assert f"--override {ref} --override-reason TEXT" in stopped.err

    unnamed = approve(run, rx_id, "--acknowledge", "--override-reason", OVERRIDE)
    assert unnamed.code == 1
    assert "name each hard stop you override with --override REF" in unnamed.err

    wrong = approve(run, rx_id, "--acknowledge", "--override", "ffffff", "--override-reason", OVERRIDE)
    assert wrong.code == 1
    assert "no finding of prescription" in wrong.err

    too_short = approve(run, rx_id, "--acknowledge", "--override", ref, "--override-reason", "typo typo")
    assert too_short.code == 1
    assert "at least 3 real words" in too_short.err

    needs_acknowledging = approve(run, rx_id, "--override", ref, "--override-reason", OVERRIDE)
    assert needs_acknowledging.code == 1
    assert "Warnings to acknowledge" in needs_acknowledging.err

    approved = approve(run, rx_id, "--acknowledge", "--override", ref, "--override-reason", OVERRIDE)
    assert approved.code == 0, approved.err
    assert "; overrode dose_above_10: 45 mg; acknowledged 3 warnings." in approved.out
    data = show(run, rx_id)
    assert data["status"] == "approved"
    assert data["override_codes"] == ["dose_above_10: 45 mg"]
    assert data["override_reason"] == OVERRIDE
    overrides = clinic.services.audit.recent(clinic.admin, action=AuditAction.RX_OVERRIDDEN)
    assert [entry.username for entry in overrides] == ["drgarcia"]


def test_staff_cannot_approve(run: Run, clinic: Clinic) -> None:
    rx_id = new_rx(run, clinic.mrn)
    result = run("rx", "approve", str(rx_id), "--acknowledge", "--user", "maria")
    assert result.code == 1
    assert result.err == "maria (Staff) is not allowed to approve, sign or override prescriptions.\n"
    assert result.out == ""
    assert show(run, rx_id)["status"] == "draft"


def test_only_a_draft_is_approved(run: Run, clinic: Clinic) -> None:
    rx_id = new_rx(run, clinic.mrn)
    assert approve(run, rx_id, "--acknowledge").code == 0
    again = approve(run, rx_id, "--acknowledge")
    assert again.code == 1
    assert again.err == "Only a draft can be approved; this one is approved.\n"


# --- what the command refuses ---------------------------------------------------------------------


def test_unknown_patient_formula_and_plan(run: Run, clinic: Clinic) -> None:
    def attempt(*options: str) -> CliResult:
        return run("rx", "new", *options, "--days", "30", "--refills", "0", "--user", "maria")

    unknown = attempt("--patient", unused_mrn(), "--plan", "STD-1.5-14", "--formula", "CAP-1.5")
    assert unknown.code == 1
    assert unknown.err == f"No patient has MRN {unused_mrn()}.\n"
    not_mrn = attempt("--patient", "Peña", "--plan", "STD-1.5-14", "--formula", "CAP-1.5")
    assert not_mrn.code == 1
    assert "is not an MRN" in not_mrn.err
    formula = attempt("--patient", clinic.mrn, "--plan", "STD-1.5-14", "--formula", "CAP-2")
    assert formula.code == 1
    assert formula.err == "There is no formula with the code “CAP-2”.\n"
    plan = attempt("--patient", clinic.mrn, "--plan", "FAST", "--formula", "CAP-1.5")
    assert plan.code == 1
    assert plan.err == "There is no plan with the code “FAST”; `ldnclinic plans list` shows them.\n"
    for result in (unknown, not_mrn, formula, plan):
        assert result.out == ""
        assert "Traceback" not in result.err
    assert json.loads(run("rx", "list", "--json", "--user", "maria").out) == []


def test_unknown_prescription(run: Run, clinic: Clinic) -> None:
    result = run("rx", "show", "999", "--user", "maria")
    assert result.code == 1
    assert result.err == "There is no prescription with id 999.\n"


def test_out_of_range_supply_and_refills_are_refused(run: Run, clinic: Clinic) -> None:
    result = run("rx", "new", "--patient", clinic.mrn, "--plan", "STD-1.5-14", "--formula", "CAP-1.5",
                 "--days", "400", "--refills", "12", "--user", "maria")  # fmt: skip
    assert result.code == 1
    assert "The supply must be from 1 to 366 days." in result.err
    assert "Refills must be from 0 to 11." in result.err
    assert run("rx", "new", "--patient", clinic.mrn, *STANDARD[:-1], "-1", "--user", "maria").code == 2


def test_a_sql_looking_diagnosis_is_stored_as_given(run: Run, clinic: Clinic) -> None:
    text = "Fibromyalgia'); DROP TABLE prescriptions; -- OR 1=1"
    rx_id = new_rx(run, clinic.mrn, *STANDARD, "--diagnosis", text, "--note", "'; DELETE FROM users; --")
    data = show(run, rx_id)
    assert data["diagnosis"] == text
    assert data["pharmacist_note"] == "'; DELETE FROM users; --"
    assert len(json.loads(run("rx", "list", "--json", "--user", "maria").out)) == 1


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_print_to_a_place_that_cannot_be_written_records_nothing(
    run: Run, clinic: Clinic, tmp_path: Path
) -> None:
    rx_id = new_rx(run, clinic.mrn)
    assert approve(run, rx_id, "--acknowledge").code == 0
    out = tmp_path / "out"
    out.mkdir()
    places = {
        out / "nowhere" / "rx.pdf": f"the folder {out / 'nowhere'} does not exist",
        out: "is a folder",
        out / ("x" * 300 + ".pdf"): "File name too long",
    }
    for place, why in places.items():
        result = run("rx", "print", str(rx_id), "-o", str(place), "--user", "maria")
        assert (result.code, result.out) == (1, ""), result.err
        assert len(result.err.splitlines()) == 1, result.err  # one line, no traceback
        assert why in result.err and "Nothing was printed or recorded." in result.err
    assert list(out.iterdir()) == []  # no half-written file or temporary file left
    data = show(run, rx_id)
    assert (data["status"], data["serial"], data["prints"]) == ("approved", None, [])
    printed = clinic.services.audit.recent(clinic.admin, action=AuditAction.RX_PRINTED)
    assert printed == []

    target = out / "rx.pdf"
    assert run("rx", "print", str(rx_id), "-o", str(target), "--user", "maria").code == 0
    assert pages(target) == 1
    assert show(run, rx_id)["prints"][0]["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()


def test_preview_writes_the_script_marked_preview_and_records_nothing(
    run: Run, clinic: Clinic, tmp_path: Path
) -> None:
    rx_id = new_rx(run, clinic.mrn)
    target = tmp_path / "preview.pdf"
    result = run("rx", "preview", str(rx_id), "-o", str(target), "--user", "maria")  # a draft
    assert result.code == 0, result.err
    assert result.out == (
        f"Preview of prescription {rx_id} written to {target} (not valid for dispensing; nothing recorded).\n"
    )
    assert pages(target) == 1
    text = " ".join(pdf_text(target).split())
    assert "PREVIEW · NOT VALID FOR DISPENSING" in text and "Assigned when printed" in text
    assert "RX-0" not in text
    data = show(run, rx_id)
    assert (data["status"], data["serial"], data["prints"]) == ("draft", None, [])
    missing = run("rx", "preview", str(rx_id), "-o", str(tmp_path / "nowhere" / "p.pdf"), "--user", "maria")
    assert missing.code == 1 and len(missing.err.splitlines()) == 1 and "does not exist" in missing.err


def test_approve_and_print_list_the_missing_texas_elements(run: Run, clinic: Clinic, tmp_path: Path) -> None:
    bare = clinic.services.patients.create(clinic.staff, minimal_patient())
    rx_id = new_rx(run, bare.mrn, *STANDARD)  # no intended use, no address, no phone
    refused = approve(run, rx_id, "--acknowledge")
    assert refused.code == 1
    assert refused.err.splitlines() == [
        "Cannot approve: the prescription is missing",
        "  - the patient's street address",
        "  - the patient's city, state and ZIP code",
        "  - the patient's phone number",
        "  - the intended use (diagnosis), or a choice to leave it off",
    ]
    assert show(run, rx_id)["status"] == "draft"
    # Approved complete; the chart loses the patient's phone since: printing refuses it.
    complete = new_rx(run, clinic.mrn)
    assert approve(run, complete, "--acknowledge").code == 0
    with clinic.services.db.transaction() as session:
        patient = session.scalars(select(Patient).where(Patient.mrn == clinic.mrn)).one()
        patient.phones.clear()
    target = tmp_path / "rx.pdf"
    result = run("rx", "print", str(complete), "-o", str(target), "--user", "maria")
    assert result.code == 1
    assert result.err.splitlines() == [
        "Cannot print: the prescription is missing",
        "  - the patient's phone number",
    ]
    assert not target.exists()
    assert show(run, complete)["status"] == "approved"


def test_a_draft_without_intended_use_is_noted(run: Run, clinic: Clinic) -> None:
    result = run("rx", "new", "--patient", clinic.mrn, *STANDARD, "--user", "maria")
    assert result.code == 0, result.err
    assert "note: no intended use (diagnosis)" in result.err


def test_diagnosis_and_no_diagnosis_do_not_go_together(run: Run, clinic: Clinic) -> None:
    result = run("rx", "new", "--patient", clinic.mrn, *STANDARD, *DIAGNOSIS, "--no-diagnosis",
                 "--user", "maria")  # fmt: skip
    assert result.code == 2
    assert "not allowed with argument" in result.err


# --- void, renew, send ----------------------------------------------------------------------------


def test_void_staff_a_draft_only_a_prescriber_an_approved_script(run: Run, clinic: Clinic) -> None:
    draft = new_rx(run, clinic.mrn)
    voided = run("rx", "void", str(draft), "--reason", "entered twice", "--user", "maria")
    assert voided.code == 0, voided.err
    assert voided.out == f"Voided: prescription {draft}, which was draft.\n"
    data = show(run, draft)
    assert (data["status"], data["void_reason"], data["voided_by"]) == (
        "void",
        "entered twice",
        "María López",
    )

    approved = new_rx(run, clinic.mrn)
    assert approve(run, approved, "--acknowledge").code == 0
    refused = run("rx", "void", str(approved), "--reason", "entered twice", "--user", "maria")
    assert refused.code == 1
    assert refused.err == "Only a prescriber can void an approved or printed prescription.\n"
    short = run("rx", "void", str(approved), "--reason", "x", "--user", "drgarcia")
    assert short.code == 1
    assert "at least 5 characters" in short.err
    assert run("rx", "void", str(approved), "--reason", "dose changed", "--user", "drgarcia").code == 0


def test_a_void_script_never_prints(run: Run, clinic: Clinic, tmp_path: Path) -> None:
    rx_id = new_rx(run, clinic.mrn)
    assert run("rx", "void", str(rx_id), "--reason", "entered twice", "--user", "maria").code == 0
    result = run("rx", "print", str(rx_id), "-o", str(tmp_path / "rx.pdf"), "--user", "maria")
    assert result.code == 1
    assert "is void and can never be printed" in result.err
    assert not (tmp_path / "rx.pdf").exists()


def test_renew_prints_the_new_drafts_id(run: Run, clinic: Clinic) -> None:
    old = new_rx(run, clinic.mrn)
    refused = run("rx", "renew", str(old), "--user", "maria")
    assert (refused.code, refused.err) == (1, "A draft is not renewed: edit it, or approve it first.\n")
    assert approve(run, old, "--acknowledge").code == 0
    result = run("rx", "renew", str(old), "--user", "maria")
    assert result.code == 0, result.err
    new = int(result.out)
    assert result.out == f"{new}\n"
    assert new != old
    assert f"Draft {new}: Naltrexone HCl 1.5 mg capsule" in result.err
    data = show(run, new)
    assert (data["status"], data["renewed_from_id"], data["steps_text"]) == ("draft", old, "1.5:14,3:14,4.5")
    assert data["history"][0]["detail"] == f"renewed from {old}"


def test_send_handed_to_patient_and_a_needed_pharmacy(run: Run, clinic: Clinic, tmp_path: Path) -> None:
    no_pharmacy = clinic.services.patients.create(clinic.staff, full_patient(first_name="Ana"))
    rx_id = new_rx(run, no_pharmacy.mrn)
    assert approve(run, rx_id, "--acknowledge").code == 0
    assert run("rx", "print", str(rx_id), "-o", str(tmp_path / "rx.pdf"), "--user", "maria").code == 0
    assert run("rx", "sign", str(rx_id), "--user", "drgarcia").code == 0
    faxed = run("rx", "send", str(rx_id), "--method", "fax", "--user", "maria")
    assert faxed.code == 1
    assert "Choose the pharmacy it was sent to." in faxed.err
    unknown = run("rx", "send", str(rx_id), "--method", "fax", "--pharmacy", "999", "--user", "maria")
    assert unknown.code == 1
    assert "That pharmacy is not in the directory." in unknown.err
    handed = run("rx", "send", str(rx_id), "--method", "handed_to_patient", "--user", "maria")
    assert handed.code == 0, handed.err
    assert "handed to the patient" in handed.out
    assert show(run, rx_id)["sent_method"] == "handed_to_patient"
    assert run("rx", "send", str(rx_id), "--method", "pigeon", "--user", "maria").code == 2


# --- listing --------------------------------------------------------------------------------------


def test_list_table_and_filters(run: Run, clinic: Clinic) -> None:
    other = clinic.services.patients.create(clinic.staff, full_patient(first_name="Ana"))
    first = new_rx(run, clinic.mrn)
    second = new_rx(run, other.mrn, "--plan", "MAINT-4.5", "--formula", "CAP-4.5", "--days", "90",
                    "--refills", "3", *DIAGNOSIS)  # fmt: skip
    assert approve(run, second, "--acknowledge").code == 0

    table = run("rx", "list", "--user", "maria")
    assert table.code == 0, table.err
    lines = table.out.splitlines()
    assert lines[0].split() == [
        "ID", "Status", "MRN", "Medication", "Target", "Plan", "Days", "Refills", "Serial", "Created",
    ]  # fmt: skip
    assert lines[2].split()[:3] == [str(second), "Approved", other.mrn]  # newest first
    assert "Naltrexone HCl 4.5 mg capsule" in lines[2]
    assert lines[3].split()[:3] == [str(first), "Draft", clinic.mrn]
    assert "1.5 mg × 14 d → 3 mg × 14 d → 4.5 mg" in lines[3]
    assert lines[-1] == "2 prescriptions."

    mine = json.loads(run("rx", "list", "--patient", clinic.mrn, "--json", "--user", "maria").out)
    assert [rx["id"] for rx in mine] == [first]
    assert mine[0]["target_dose"] == "4.5 mg"
    assert mine[0]["patient_mrn"] == clinic.mrn
    assert mine[0]["status"] == "draft"
    assert mine[0]["serial"] is None
    approved = json.loads(run("rx", "list", "--status", "approved", "--json", "--user", "maria").out)
    assert [(rx["id"], rx["supply_days"], rx["refills"]) for rx in approved] == [(second, 90, 3)]
    limited = run("rx", "list", "--limit", "1", "--user", "maria")
    assert limited.out.splitlines()[-1] == "1 prescription (stopped at --limit 1)."
    assert run("rx", "list", "--status", "lost", "--user", "maria").code == 2


def test_admin_cannot_read_prescriptions(run: Run, clinic: Clinic) -> None:
    rx_id = new_rx(run, clinic.mrn)
    for command in (("rx", "list"), ("rx", "show", str(rx_id))):
        result = run(*command, "--user", "admin")
        assert result.code == 1
        assert "admin (Admin) is not allowed to view patient records" in result.err
        assert result.out == ""


def test_rx_commands_need_a_user(run: Run, clinic: Clinic) -> None:
    result = run("rx", "list")
    assert result.code == 2
    assert "`ldnclinic rx list` needs --user NAME" in result.err


def test_fax_cover_for_a_printed_script(run: Run, clinic: Clinic, tmp_path: Path) -> None:
    rx_id = new_rx(run, clinic.mrn)
    cover = tmp_path / "cover.pdf"
    early = run("rx", "fax-cover", str(rx_id), "-o", str(cover), "--user", "maria")
    assert early.code == 1 and "print it first" in early.err and not cover.exists()
    assert approve(run, rx_id, "--acknowledge").code == 0
    assert run("rx", "print", str(rx_id), "-o", str(tmp_path / "rx.pdf"), "--user", "maria").code == 0
    note = "Patient picks up Friday; call María at ext. 12"
    made = run("rx", "fax-cover", str(rx_id), "-o", str(cover), "--note", note, "--user", "maria")
    assert made.code == 0, made.err
    text = " ".join(pdf_text(cover).split())
    for expected in ("Balcones Compounding Pharmacy", "(512) 555-0178", "Hill Country LDN Clinic", note):
        assert expected in text
    assert "confidential" in text.lower()
    missing_folder = run(
        "rx", "fax-cover", str(rx_id), "-o", str(tmp_path / "nope" / "c.pdf"), "--user", "maria"
    )
    assert missing_folder.code == 2 and "does not exist" in missing_folder.err
