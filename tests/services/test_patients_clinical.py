"""What the chart header works out: opioid badges (active medications only) and the Texas warning."""

from __future__ import annotations

import dataclasses

import pytest

from ldnclinic.domain.geography import OUT_OF_TEXAS_WARNING
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patient_dto import MedicationInput
from tests.support.patient_data import full_patient, minimal_patient


def test_opioid_flags_only_active_medications(services: Services, staff: Actor) -> None:
    medications = (
        MedicationInput("Norco", "5/325 mg q6h prn"),
        MedicationInput("Tramadol", "50 mg", active=False),
        MedicationInput("Naltrexone", "4.5 mg"),
        MedicationInput("Kratom", "capsules"),
        MedicationInput("Levothyroxine", "50 mcg"),
    )
    detail = services.patients.create(staff, full_patient(medications=medications))
    flagged = {m.name: m.opioid.ingredient for m in detail.medications if m.opioid}  # type: ignore[union-attr]
    assert flagged == {"Norco": "hydrocodone", "Tramadol": "tramadol", "Kratom": "kratom"}
    assert [m.name for m in detail.opioids] == ["Norco", "Kratom"]  # the badge: active ones only


def test_dose_text_is_screened_with_the_name(services: Services, staff: Actor) -> None:
    detail = services.patients.create(
        staff,
        full_patient(
            medications=(
                MedicationInput("Tylenol", "#3, 1 tab q6h"),
                MedicationInput("Tylenol", "500 mg 3 times a day"),
            )
        ),
    )
    assert [m.opioid is not None for m in detail.medications] == [True, False]


def test_stopping_an_opioid_clears_the_badge(services: Services, staff: Actor) -> None:
    created = services.patients.create(
        staff, full_patient(medications=(MedicationInput("Percocet", "5/325"),))
    )
    assert len(created.opioids) == 1
    stopped = dataclasses.replace(
        created.to_input(), medications=(MedicationInput("Percocet", "5/325", active=False),)
    )
    assert services.patients.update(staff, created.id, stopped, created.version).opioids == ()


def test_no_medications_no_badge(services: Services, staff: Actor) -> None:
    assert services.patients.create(staff, minimal_patient()).opioids == ()


@pytest.mark.parametrize(
    ("state", "warned"), [("TX", False), ("texas", False), ("NM", True), ("Oklahoma", True), ("PR", True)]
)
def test_out_of_texas_warning(services: Services, staff: Actor, state: str, warned: bool) -> None:
    detail = services.patients.create(staff, full_patient(state=state))
    assert detail.out_of_texas_warning == (OUT_OF_TEXAS_WARNING if warned else None)


def test_no_address_no_warning(services: Services, staff: Actor) -> None:
    detail = services.patients.create(staff, full_patient(street="", city="", state="", zip=""))
    assert detail.out_of_texas_warning is None
    assert detail.state is None


def test_moving_out_of_texas_raises_the_warning(services: Services, staff: Actor) -> None:
    created = services.patients.create(staff, full_patient())
    moved = dataclasses.replace(created.to_input(), city="Santa Fe", state="NM", zip="87501")
    assert (
        services.patients.update(staff, created.id, moved, created.version).out_of_texas_warning
        == OUT_OF_TEXAS_WARNING
    )
