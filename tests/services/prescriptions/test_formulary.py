"""The formulary: the defaults a new clinic starts with, and changes only an admin may make."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from ldnclinic.domain.prescriptions.formulary import DosageForm
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import FormulaEntry, FormulaInput
from tests.services.rx_support import add_patient, add_pharmacy, rx_input

DEFAULT_CODES = ["CAP-0.5", "CAP-1", "CAP-1.5", "CAP-3", "CAP-4.5", "LIQ-1", "SL-0.5", "TRO-1.5", "CRM-1"]


def new_formula(**changes: Any) -> FormulaInput:
    base = FormulaInput(
        code="CAP-2",
        dosage_form=DosageForm.CAPSULE,
        strength_mg=Decimal(2),
        base="microcrystalline cellulose",
    )
    return dataclasses.replace(base, **changes)


def as_input(entry: FormulaEntry, **changes: Any) -> FormulaInput:
    base = FormulaInput(
        code=entry.code,
        dosage_form=entry.dosage_form,
        strength_mg=entry.strength_mg,
        base=entry.base,
        flavour=entry.flavour,
        notes=entry.notes,
        pharmacy_id=entry.pharmacy_id,
        active=entry.active,
    )
    return dataclasses.replace(base, **changes)


def test_a_new_clinic_has_the_default_formulary(initialized: Services) -> None:
    formulas = initialized.formulary.list()
    assert [f.code for f in formulas] == DEFAULT_CODES  # by dosage form, then strength
    assert all(f.active and f.version == 1 for f in formulas)
    capsule = initialized.formulary.by_code(" cap-1.5 ")
    assert (capsule.label, capsule.strength_text) == ("Naltrexone HCl 1.5 mg capsule", "1.5 mg per capsule")
    assert capsule.strength_mg == Decimal("1.5")
    liquid = initialized.formulary.by_code("LIQ-1")
    assert (liquid.dosage_form, liquid.strength_text) == (DosageForm.ORAL_LIQUID, "1 mg/mL")


def test_an_unknown_code_is_not_found(initialized: Services) -> None:
    with pytest.raises(NotFoundError, match="CAP-99"):
        initialized.formulary.by_code("CAP-99")


def test_admin_adds_a_formula(initialized: Services, admin: Actor) -> None:
    entry = initialized.formulary.create(
        admin, new_formula(code=" cap-2 ", notes="  For a 2 mg maintenance. ")
    )
    assert (entry.code, entry.label, entry.version) == ("CAP-2", "Naltrexone HCl 2 mg capsule", 1)
    assert entry.notes == "For a 2 mg maintenance."
    assert initialized.formulary.by_code("CAP-2") == entry
    assert "CAP-2" in [f.code for f in initialized.formulary.list()]
    [logged] = initialized.audit.recent(admin, action=AuditAction.FORMULA_CREATED)
    assert (logged.username, logged.record_id) == ("admin", str(entry.id))


@pytest.mark.parametrize("who", ["staff", "prescriber"])
def test_only_an_admin_changes_the_formulary(
    initialized: Services, request: pytest.FixtureRequest, who: str
) -> None:
    actor: Actor = request.getfixturevalue(who)
    capsule = initialized.formulary.by_code("CAP-1.5")
    with pytest.raises(PermissionDeniedError, match="change the formulary"):
        initialized.formulary.create(actor, new_formula())
    with pytest.raises(PermissionDeniedError, match="change the formulary"):
        initialized.formulary.update(actor, capsule.id, as_input(capsule, active=False), capsule.version)
    assert initialized.formulary.by_code("CAP-1.5") == capsule
    assert [f.code for f in initialized.formulary.list()] == DEFAULT_CODES


@pytest.mark.parametrize(
    "base",
    [
        "calcium carbonate",
        "methyl cellulose",
        "hydroxypropyl methylcellulose (HPMC)",
        "lactose, sustained-release",
        "microcrystalline cellulose SR",
        "",
    ],
)
def test_a_forbidden_or_missing_filler_is_refused(initialized: Services, admin: Actor, base: str) -> None:
    with pytest.raises(ValidationError) as caught:
        initialized.formulary.create(admin, new_formula(base=base))
    assert list(caught.value.field_errors) == ["base"]
    with pytest.raises(NotFoundError):
        initialized.formulary.by_code("CAP-2")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "CAP 2"}, "code"),
        ({"code": ""}, "code"),
        ({"code": "C" * 31}, "code"),
        ({"strength_mg": Decimal(0)}, "strength_mg"),
        ({"strength_mg": Decimal(45)}, "strength_mg"),
        ({"flavour": "cherry"}, "flavour"),  # a capsule has no flavour
        ({"base": "x" * 201}, "base"),
        ({"dosage_form": DosageForm.ORAL_LIQUID, "flavour": "y" * 101}, "flavour"),
        ({"pharmacy_id": 999_999}, "pharmacy_id"),
    ],
)
def test_each_bad_field_is_named(
    initialized: Services, admin: Actor, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        initialized.formulary.create(admin, new_formula(**changes))
    assert field in caught.value.field_errors


def test_a_flavoured_liquid_made_for_one_pharmacy(initialized: Services, admin: Actor) -> None:
    pharmacy_id = add_pharmacy(initialized, admin)
    entry = initialized.formulary.create(
        admin,
        new_formula(
            code="LIQ-0.5",
            dosage_form=DosageForm.ORAL_LIQUID,
            strength_mg=Decimal("0.5"),
            base="purified water",
            flavour="cherry",
            pharmacy_id=pharmacy_id,
        ),
    )
    assert (entry.flavour, entry.pharmacy_id, entry.strength_text) == ("cherry", pharmacy_id, "0.5 mg/mL")


@pytest.mark.parametrize("code", ["CAP-1.5", "cap-1.5", " Cap-1.5 "])
def test_a_duplicate_code_is_refused(initialized: Services, admin: Actor, code: str) -> None:
    with pytest.raises(ValidationError, match="already in the formulary") as caught:
        initialized.formulary.create(admin, new_formula(code=code))
    assert list(caught.value.field_errors) == ["code"]


def test_update_may_keep_its_own_code_but_not_take_another(initialized: Services, admin: Actor) -> None:
    capsule = initialized.formulary.by_code("CAP-3")
    saved = initialized.formulary.update(
        admin, capsule.id, as_input(capsule, notes="Most patients' target dose."), capsule.version
    )
    assert (saved.code, saved.notes, saved.version) == ("CAP-3", "Most patients' target dose.", 2)
    with pytest.raises(ValidationError) as caught:
        initialized.formulary.update(admin, capsule.id, as_input(saved, code="CAP-4.5"), saved.version)
    assert list(caught.value.field_errors) == ["code"]
    [logged] = initialized.audit.recent(admin, action=AuditAction.FORMULA_UPDATED)
    assert logged.record_id == str(capsule.id)


def test_a_stale_update_is_a_conflict_and_overwrites_nothing(initialized: Services, admin: Actor) -> None:
    opened = initialized.formulary.by_code("TRO-1.5")
    first = initialized.formulary.update(admin, opened.id, as_input(opened, flavour="cherry"), opened.version)
    with pytest.raises(ConflictError, match="Nothing was overwritten") as caught:
        initialized.formulary.update(admin, opened.id, as_input(opened, flavour="lemon"), opened.version)
    assert caught.value.current == first
    assert initialized.formulary.by_code("TRO-1.5").flavour == "cherry"


def test_update_of_an_unknown_formula(initialized: Services, admin: Actor) -> None:
    with pytest.raises(NotFoundError):
        initialized.formulary.update(admin, 999_999, new_formula(), 1)


def test_a_retired_formula_leaves_the_list_but_is_kept(initialized: Services, admin: Actor) -> None:
    cream = initialized.formulary.by_code("CRM-1")
    initialized.formulary.update(admin, cream.id, as_input(cream, active=False), cream.version)
    assert "CRM-1" not in [f.code for f in initialized.formulary.list()]
    assert [f.code for f in initialized.formulary.list(include_inactive=True)] == DEFAULT_CODES
    assert initialized.formulary.by_code("CRM-1").active is False


def test_a_script_keeps_the_formula_as_ordered(
    initialized: Services, admin: Actor, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    draft = initialized.prescriptions.create_draft(prescriber, rx_input(initialized, patient_id))
    capsule = initialized.formulary.by_code("CAP-1.5")
    initialized.formulary.update(admin, capsule.id, as_input(capsule, base="rice flour"), capsule.version)
    again = initialized.prescriptions.get(prescriber, draft.id)
    assert again.base == draft.base == capsule.base
    assert again.formula_code == "CAP-1.5"
