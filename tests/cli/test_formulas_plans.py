"""`ldnclinic formulas list` (the formulary, signed in) and `ldnclinic plans list` (the
built-in titration templates, which need neither a database nor a user)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ldnclinic.config import PASSWORD_ENV
from ldnclinic.domain.prescriptions.titration import PLAN_TEMPLATES
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import FormulaInput
from tests.cli.conftest import Run
from tests.conftest import PASSWORD
from tests.support.patient_data import full_patient

DEFAULT_CODES = ["CAP-0.5", "CAP-1", "CAP-1.5", "CAP-3", "CAP-4.5", "LIQ-1", "SL-0.5", "TRO-1.5", "CRM-1"]


@pytest.fixture
def as_maria(staff: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


def test_formulas_table(run: Run, as_maria: None) -> None:
    result = run("formulas", "list", "--user", "maria")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["Code", "Dosage", "form", "Strength", "Base", "Flavour", "In", "use"]
    assert [line.split()[0] for line in lines[2:]] == DEFAULT_CODES
    assert lines[4].startswith("CAP-1.5   Capsule           1.5 mg per capsule    microcrystalline cellulose")
    assert "LIQ-1     Oral liquid       1 mg/mL" in result.out
    assert "mint" in lines[-2]


def test_formulas_json(run: Run, as_maria: None) -> None:
    result = run("formulas", "list", "--json", "--user", "maria")
    assert result.code == 0, result.err
    formulas = json.loads(result.out)
    assert [f["code"] for f in formulas] == DEFAULT_CODES
    first = formulas[0]
    assert first["strength_mg"] == "0.5"  # ISMP: leading zero, no trailing zero
    assert first["dosage_form"] == "capsule"
    assert first["label"] == "Naltrexone HCl 0.5 mg capsule"
    assert first["strength_text"] == "0.5 mg per capsule"
    assert first["active"] is True
    assert {f["strength_mg"] for f in formulas} == {"0.5", "1", "1.5", "3", "4.5"}
    assert set(first) == {
        "id", "code", "dosage_form", "strength_mg", "base", "flavour", "notes", "pharmacy_id", "active",
        "label", "strength_text", "version",
    }  # fmt: skip


def test_a_formula_no_longer_in_use_shows_only_with_all(
    run: Run, initialized: Services, staff: Actor, admin: Actor, as_maria: None
) -> None:
    troche = initialized.formulary.by_code("TRO-1.5")
    initialized.formulary.update(
        admin,
        troche.id,
        FormulaInput(
            troche.code, troche.dosage_form, troche.strength_mg, troche.base, troche.flavour, active=False
        ),
        troche.version,
    )
    listed = json.loads(run("formulas", "list", "--json", "--user", "maria").out)
    assert "TRO-1.5" not in [f["code"] for f in listed]
    everything = json.loads(run("formulas", "list", "--all", "--json", "--user", "maria").out)
    assert [f["active"] for f in everything if f["code"] == "TRO-1.5"] == [False]
    table = run("formulas", "list", "--all", "--user", "maria").out
    assert [line.split()[-1] for line in table.splitlines() if line.startswith("TRO-1.5")] == ["no"]
    patient = initialized.patients.create(staff, full_patient())
    result = run("rx", "new", "--patient", patient.mrn, "--plan", "MAINT-1.5", "--formula", "tro-1.5",
                 "--days", "30", "--refills", "0", "--user", "maria")  # fmt: skip
    assert result.code == 1
    assert result.err == (
        "The formula TRO-1.5 is no longer in use; `ldnclinic formulas list` shows those that are.\n"
    )


def test_formulas_need_a_user(run: Run, initialized: Services) -> None:
    result = run("formulas", "list")
    assert result.code == 2
    assert "`ldnclinic formulas list` needs --user NAME" in result.err


def test_plans_table(run: Run) -> None:
    result = run("plans", "list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["Code", "Steps", "Target", "To", "target", "Name"]
    assert [line.split()[0] for line in lines[2:]] == [plan.code for plan in PLAN_TEMPLATES]
    standard = lines[2].split()
    assert standard[:6] == ["STD-1.5-14", "1.5:14,3:14,4.5", "4.5", "mg", "28", "days"]
    assert "0.5:14,1:14,1.5:14,2:14,2.5:14,3:14,3.5:14,4:14,4.5" in result.out  # steps are never cut
    assert "MAINT-4.5    4.5" in result.out
    assert "at once" in result.out


def test_plans_json(run: Run) -> None:
    result = run("plans", "list", "--json")
    assert result.code == 0, result.err
    plans = json.loads(result.out)
    assert plans[0] == {
        "code": "STD-1.5-14",
        "name": "Standard: 1.5 → 3 → 4.5 mg, two weeks a step",
        "steps": "1.5:14,3:14,4.5",
        "target_dose_mg": "4.5",
        "days_to_target": 28,
        "description": "The most common scheme: two weeks at 1.5 mg, two at 3 mg, then 4.5 mg.",
    }
    gentle = next(plan for plan in plans if plan["code"] == "HALF-WEEKLY")
    assert gentle["steps"].startswith("0.5:7,1:7")
    assert gentle["days_to_target"] == 56
    covid = next(plan for plan in plans if plan["code"] == "COVID-1-2")
    assert (covid["target_dose_mg"], covid["days_to_target"]) == ("2", 30)


def test_plans_need_no_database(run_with: Callable[[str], Run], tmp_path: Path) -> None:
    missing = tmp_path / "never.sqlite3"
    result = run_with(f"sqlite:///{missing}")("plans", "list", "--json")
    assert result.code == 0, result.err
    assert len(json.loads(result.out)) == len(PLAN_TEMPLATES)
    assert not missing.exists()


def test_every_listed_plan_code_writes_a_draft(
    run: Run, initialized: Services, staff: Actor, as_maria: None
) -> None:
    """The codes `plans list` shows are the codes `rx new --plan` takes (a 1 mg/mL liquid fits all)."""
    mrn = initialized.patients.create(staff, full_patient()).mrn
    for plan in json.loads(run("plans", "list", "--json").out):
        result = run("rx", "new", "--patient", mrn, "--plan", plan["code"], "--formula", "LIQ-1",
                     "--days", "30", "--refills", "0", "--no-diagnosis", "--user", "maria")  # fmt: skip
        assert result.code == 0, result.err
        assert "cannot be made" not in result.err
    drafts = json.loads(run("rx", "list", "--json", "--user", "maria").out)
    assert len(drafts) == len(PLAN_TEMPLATES)
