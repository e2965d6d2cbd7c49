"""What the chart header works out: opioid badges (active medications only) and the Texas warning;
and the medication list edited on its own (update_medications)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import pytest

from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from ldnclinic.domain.geography import OUT_OF_TEXAS_WARNING
from ldnclinic.domain.medications.entries import Listed, entries_to_stop, split_medication
from ldnclinic.services.audit import AuditEntry
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients import service as patients_module
from ldnclinic.services.patients.dto import MedicationInput, PatientDetail
from ldnclinic.services.patients.importing import row_input
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
    flagged = {m.name: m.opioid.ingredient for m in detail.medications if m.opioid}
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


# --- update_medications: the medication list edited on its own (issue 10 §6) ---------------


def _with_list(services: Services, staff: Actor, *medications: MedicationInput) -> PatientDetail:
    return services.patients.create(staff, minimal_patient(medications=medications))


def _updates(services: Services, admin: Actor, patient_id: int) -> list[AuditEntry]:
    return services.audit.recent(admin, action=AuditAction.PATIENT_UPDATED, record_id=str(patient_id))


def test_added_entries_are_split_read_and_taken_now(services: Services, staff: Actor) -> None:
    created = _with_list(services, staff, MedicationInput("Levothyroxine", "50 mcg"))
    saved = services.patients.update_medications(
        staff,
        created.id,
        add=["Tramadol 50 mg twice a day", "Tylenol 3", "naltrexone 50 mg", "LDN 4.5 mg"],
        expected_version=created.version,
    )
    rows = [(m.name, m.dose, m.active, m.reading.labels(), m.stops_ldn) for m in saved.medications]
    assert rows == [
        ("Levothyroxine", "50 mcg", True, ("thyroid hormone",), False),
        ("Tramadol", "50 mg twice a day", True, ("opioid: tramadol",), True),
        ("Tylenol", "3", True, ("opioid: codeine",), True),
        ("naltrexone", "50 mg", True, ("opioid antagonist: naltrexone",), True),
        ("LDN", "4.5 mg", True, ("LDN",), False),
    ]
    assert saved.version == created.version + 1
    assert services.patients.get(staff, created.id) == saved


def test_stopping_keeps_the_entry_as_history(services: Services, staff: Actor) -> None:
    created = _with_list(
        services, staff, MedicationInput("Tramadol", "50 mg"), MedicationInput("LDN", "1.5 mg")
    )
    assert [m.name for m in created.opioids] == ["Tramadol"]
    saved = services.patients.update_medications(
        staff, created.id, stop=["TRAMADOL"], add=["LDN 3 mg"], expected_version=created.version
    )
    assert [(m.name, m.dose, m.active) for m in saved.medications] == [
        ("Tramadol", "50 mg", False),
        ("LDN", "1.5 mg", True),
        ("LDN", "3 mg", True),
    ]
    assert saved.opioids == ()  # no longer taken: no longer stops LDN
    assert saved.medications[0].reading.labels() == ("opioid: tramadol",)  # still read as one


def test_a_name_is_matched_ignoring_case_accents_and_invisible_characters(
    services: Services, staff: Actor
) -> None:
    created = _with_list(services, staff, MedicationInput("Ácido fólico", "1 mg"), MedicationInput("Norco"))
    saved = services.patients.update_medications(
        staff, created.id, stop=["acido FOLICO 1 MG", "nor\u200bco"], expected_version=created.version
    )
    assert [m.active for m in saved.medications] == [False, False]


def test_a_zero_width_space_is_dropped_and_the_opioid_still_found(services: Services, staff: Actor) -> None:
    created = _with_list(services, staff)
    saved = services.patients.update_medications(
        staff, created.id, add=["oxy\u200bcodone 10 mg"], expected_version=created.version
    )
    (entry,) = saved.medications
    assert (entry.name, entry.dose) == ("oxycodone", "10 mg")
    assert entry.reading.labels() == ("opioid: oxycodone",)
    assert entry.stops_ldn


def test_one_audit_entry_with_counts_and_no_medication_names(
    services: Services, staff: Actor, admin: Actor
) -> None:
    created = _with_list(services, staff, MedicationInput("Percocet", "5/325"))
    services.patients.update_medications(
        staff, created.id, add=["Tramadol 50 mg", "Tylenol 3"], stop=["percocet"], expected_version=1
    )
    (entry,) = _updates(services, admin, created.id)
    assert entry.username == "maria"
    assert entry.detail == "medications: 2 added, 1 marked not taking"
    for word in ("tramadol", "tylenol", "percocet", "50", "5/325"):
        assert word not in (entry.detail or "").lower()


@pytest.mark.parametrize(
    ("listed", "stop", "message"),
    [
        ((MedicationInput("Tramadol", "50 mg"),), "aspirin", "No medication taken now is “aspirin”"),
        (
            (MedicationInput("Tramadol", "50 mg"), MedicationInput("Tramadol", "100 mg")),
            "tramadol",
            "“tramadol” names 2 medications taken now: “Tramadol 50 mg”; “Tramadol 100 mg”",
        ),
        ((MedicationInput("Tramadol", "50 mg", active=False),), "tramadol", "already marked not taking"),
        ((MedicationInput("Tramadol", "50 mg"),), "", "the name is empty"),
    ],
)
def test_an_unknown_or_ambiguous_stop_changes_nothing(
    services: Services,
    staff: Actor,
    listed: tuple[MedicationInput, ...],
    stop: str,
    message: str,
    admin: Actor,
) -> None:
    created = _with_list(services, staff, *listed)
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.patients.update_medications(
            staff, created.id, add=["LDN 4.5 mg"], stop=[stop], expected_version=created.version
        )
    assert services.patients.get(staff, created.id) == created
    assert _updates(services, admin, created.id) == []


def test_name_and_dose_pick_one_of_two_and_a_listed_twice_entry_is_one_medicine(
    services: Services, staff: Actor
) -> None:
    created = _with_list(
        services,
        staff,
        MedicationInput("Tramadol", "50 mg"),
        MedicationInput("Tramadol"),
        MedicationInput("Tramadol", "50 mg"),
    )
    saved = services.patients.update_medications(
        staff, created.id, stop=["tramadol 50 mg"], expected_version=created.version
    )
    assert [m.active for m in saved.medications] == [False, True, False]
    saved = services.patients.update_medications(
        staff, created.id, stop=["Tramadol"], expected_version=saved.version
    )
    assert [m.active for m in saved.medications] == [False, False, False]


@pytest.mark.parametrize(
    ("add", "message"),
    [
        ("", "Medication 1 has no name"),
        ("  \u200b ", "Medication 1 has no name"),
        ("Tramadol " + "5" * 195, "longer than 200 characters"),
        ("Nor\x00co 5/325", "control character"),
        ("\x1b[31mNorco", "control character"),
        ("LDN 4.5 MG", "“LDN 4.5 MG” is already on the list, taken now"),
    ],
)
def test_bad_text_to_add_is_refused(services: Services, staff: Actor, add: str, message: str) -> None:
    created = _with_list(services, staff, MedicationInput("LDN", "4.5 mg"))
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.patients.update_medications(staff, created.id, add=[add], expected_version=created.version)
    assert services.patients.get(staff, created.id) == created


def test_a_line_break_in_pasted_text_reads_as_a_space(services: Services, staff: Actor) -> None:
    created = _with_list(services, staff)
    saved = services.patients.update_medications(
        staff, created.id, add=["Tramadol\n50 mg\tat night"], expected_version=created.version
    )
    assert [(m.name, m.dose) for m in saved.medications] == [("Tramadol", "50 mg at night")]


def test_the_list_holds_at_most_100_entries(services: Services, staff: Actor) -> None:
    created = _with_list(services, staff, *(MedicationInput(f"Vitamin {i}") for i in range(99)))
    with pytest.raises(ValidationError, match="At most 100 entries"):
        services.patients.update_medications(
            staff, created.id, add=["Zinc 50 mg", "Iron 65 mg"], expected_version=created.version
        )


def test_staff_and_prescribers_may_edit_the_list_admins_may_not(
    services: Services, staff: Actor, prescriber: Actor, admin: Actor
) -> None:
    created = _with_list(services, staff)
    by_staff = services.patients.update_medications(
        staff, created.id, add=["Tramadol 50 mg"], expected_version=1
    )
    by_prescriber = services.patients.update_medications(
        prescriber, created.id, stop=["tramadol"], expected_version=by_staff.version
    )
    assert [m.active for m in by_prescriber.medications] == [False]
    with pytest.raises(PermissionDeniedError):
        services.patients.update_medications(
            admin, created.id, add=["Norco"], expected_version=by_prescriber.version
        )
    assert [e.username for e in _updates(services, admin, created.id)] == ["drgarcia", "maria"]


def test_a_stale_version_is_a_conflict(
    services: Services, staff: Actor, prescriber: Actor, admin: Actor
) -> None:
    created = _with_list(services, staff, MedicationInput("Tramadol", "50 mg"))
    maria_sees = services.patients.get(staff, created.id)
    garcia_sees = services.patients.get(prescriber, created.id)
    maria_saved = services.patients.update_medications(
        staff, created.id, add=["Norco 5/325 mg"], expected_version=maria_sees.version
    )
    with pytest.raises(ConflictError, match="Someone else saved changes") as conflict:
        services.patients.update_medications(
            prescriber, created.id, stop=["tramadol"], expected_version=garcia_sees.version
        )
    assert conflict.value.current == maria_saved
    assert services.patients.get(staff, created.id) == maria_saved
    assert len(_updates(services, admin, created.id)) == 1


def test_a_save_between_our_check_and_our_write_is_a_conflict(
    services: Services, staff: Actor, prescriber: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pass the version check; the other one commits before ours writes."""
    created = _with_list(services, staff, MedicationInput("Tramadol", "50 mg"))
    real_find = entries_to_stop

    def other_user_saves_first(entries: Sequence[Listed], texts: Sequence[str]) -> list[int]:
        monkeypatch.setattr(patients_module, "entries_to_stop", real_find)
        services.patients.update_medications(prescriber, created.id, add=["Norco"], expected_version=1)
        return real_find(entries, texts)

    monkeypatch.setattr(patients_module, "entries_to_stop", other_user_saves_first)
    with pytest.raises(ConflictError) as conflict:
        services.patients.update_medications(staff, created.id, stop=["tramadol"], expected_version=1)
    current = conflict.value.current
    assert isinstance(current, PatientDetail)
    assert [(m.name, m.active) for m in current.medications] == [("Tramadol", True), ("Norco", True)]
    assert current.version == 2


def test_the_import_splits_entries_as_the_command_line_does() -> None:
    cells = {"first_name": "Ana", "last_name": "Smith", "date_of_birth": "1980-01-15", "sex": "F"}
    row = row_input({**cells, "medications": "Tylenol 3; oxy\u200bcodone 10 mg; Vitamin D3 2000 IU"}, {})
    assert [(m.name, m.dose) for m in row.medications] == [
        split_medication("Tylenol 3"),
        ("oxycodone", "10 mg"),
        ("Vitamin D3", "2000 IU"),
    ]
