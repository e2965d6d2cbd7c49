"""A new prescription's starting values are a script the clinic can write."""

from __future__ import annotations

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.prescriptions import defaults as rx_defaults
from ldnclinic.domain.prescriptions.formulary import DEFAULT_FORMULARY
from ldnclinic.domain.prescriptions.supply import MAX_SUPPLY_DAYS
from ldnclinic.domain.prescriptions.titration import find_plan, plan_problems


def test_the_default_formula_and_plan_exist() -> None:
    assert rx_defaults.DEFAULT_FORMULA_CODE in {formula.code for formula in DEFAULT_FORMULARY}
    plan = rx_defaults.default_plan()
    assert plan is find_plan(rx_defaults.DEFAULT_PLAN_CODE)
    assert plan_problems(plan.steps) == []


def test_the_default_supply_and_refills_are_within_the_limits() -> None:
    assert 1 <= rx_defaults.DEFAULT_SUPPLY_DAYS <= MAX_SUPPLY_DAYS
    assert 0 <= rx_defaults.DEFAULT_REFILLS <= limits.MAX_REFILLS
