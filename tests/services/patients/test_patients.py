"""Registering patients: every field stored as typed or normalized, per-field messages, duplicates."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import text

from ldnclinic.domain.enums import ConsentKind, Language, PatientStatus, PhoneKind, Sex
from ldnclinic.domain.errors import DuplicatePatientError, NotFoundError, ValidationError
from ldnclinic.domain.identifiers import is_valid_mrn
from ldnclinic.services.clinic.service import PharmacyInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients import service as patients_module
from ldnclinic.services.patients.checks import NAME_RULE, check_field
from ldnclinic.services.patients.dto import AllergyInput, ConditionInput, MedicationInput
from tests.support.patient_data import full_patient, minimal_patient


def test_create_with_every_field(services: Services, staff: Actor) -> None:
    detail = services.patients.create(staff, full_patient())
    assert is_valid_mrn(detail.mrn)
    names = (detail.first_name, detail.middle_name, detail.last_name, detail.preferred_name)
    assert names == ("José", "Luis", "Peña", "Pepe")
    assert detail.display_name == "Peña, José Luis"
    assert detail.date_of_birth == date(1961, 3, 2)
    assert detail.sex is Sex.MALE
    assert detail.address_lines == ("1400 S Congress Ave", "Austin, TX 78704")
    assert [(p.kind, p.e164, p.display) for p in detail.phones] == [
        (PhoneKind.MOBILE, "+15125550142", "(512) 555-0142"),
        (PhoneKind.HOME, "+15125550199", "(512) 555-0199"),
    ]
    assert detail.phone(PhoneKind.WORK) == ""
    assert detail.email == "Jose.Pena@example.com"  # trimmed, domain lower-cased
    assert detail.preferred_language is Language.SPANISH
    assert (detail.emergency_contact_name, detail.emergency_contact_relationship) == ("Ana Peña", "wife")
    assert detail.emergency_contact_phone == "(512) 555-0143"
    assert detail.status is PatientStatus.ACTIVE
    assert detail.consent_date(ConsentKind.TELEMEDICINE) == date(2026, 11, 1)
    assert detail.consent_date(ConsentKind.PRIVACY_NOTICE) == date(2026, 11, 1)
    assert detail.consent_date(ConsentKind.TMB_COMPLAINT_NOTICE) is None
    assert [(c.label, c.icd10) for c in detail.conditions] == [
        ("Fibromyalgia", "M79.7"),  # filled in from the pick-list
        ("Restless legs syndrome", "G25.81"),  # free entry, code upper-cased
    ]
    assert [(a.substance, a.reaction) for a in detail.allergies] == [("Penicillin", "hives")]
    assert [(m.name, m.dose, m.active) for m in detail.medications] == [
        ("Levothyroxine", "50 mcg daily", True),
        ("Tramadol", "50 mg", False),
    ]
    assert detail.version == 1
    assert detail.age(date(2026, 11, 21)) == 65
    assert services.patients.get(staff, detail.id) == detail


def test_phones_are_stored_as_e164(services: Services, staff: Actor) -> None:
    detail = services.patients.create(staff, full_patient())
    with services.db.transaction() as session:
        numbers = session.execute(text("SELECT number, digits FROM patient_phones ORDER BY id")).all()
        contact = session.execute(text("SELECT emergency_contact_phone FROM patients")).scalar_one()
    assert [tuple(row) for row in numbers] == [("+15125550142", "5125550142"), ("+15125550199", "5125550199")]
    assert contact == "+15125550143"
    assert detail.phones[0].display == "(512) 555-0142"


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Thị Hằng", "Nguyễn"),
        ("Øystein", "Ødegård"),
        ("Siobhán", "O'Brien"),
        ("María José", "García-López"),
        ("Jürgen", "Straßmann"),
        ("Ayşe", "Yılmaz"),
        ("Zoë", "D’Angelo"),
        ("李", "小龙"),
        ("Mohammed", "Al-Rashid"),
        ("J.", "St. John"),
    ],
)
def test_unicode_names_are_stored_exactly_as_typed(
    services: Services, staff: Actor, first: str, last: str
) -> None:
    detail = services.patients.create(staff, minimal_patient(first, last))
    assert (detail.first_name, detail.last_name) == (first, last)


def test_names_are_trimmed_and_inner_spaces_collapsed(services: Services, staff: Actor) -> None:
    detail = services.patients.create(staff, minimal_patient("  Mary   Ann ", " Smith "))
    assert (detail.first_name, detail.last_name) == ("Mary Ann", "Smith")


def test_minimal_patient_has_sensible_defaults(services: Services, staff: Actor) -> None:
    detail = services.patients.create(staff, minimal_patient())
    assert detail.status is PatientStatus.PROSPECTIVE
    assert detail.preferred_language is Language.ENGLISH
    assert detail.phones == () and detail.email is None and detail.pharmacy is None
    assert (detail.street, detail.city, detail.state, detail.zip) == (None, None, None, None)
    assert detail.out_of_texas_warning is None
    assert detail.address_lines == ()


def test_each_patient_gets_its_own_mrn(services: Services, staff: Actor) -> None:
    mrns = {services.patients.create(staff, minimal_patient(last=f"Smith{'x' * i}")).mrn for i in range(20)}
    assert len(mrns) == 20


def test_get_by_mrn_with_or_without_dash(services: Services, staff: Actor) -> None:
    detail = services.patients.create(staff, full_patient())
    assert services.patients.get_by_mrn(staff, detail.mrn).id == detail.id
    assert services.patients.get_by_mrn(staff, detail.mrn.replace("-", "")).id == detail.id


def test_get_unknown_patient(services: Services, staff: Actor) -> None:
    with pytest.raises(NotFoundError, match="no patient with id 424242"):
        services.patients.get(staff, 424242)
    with pytest.raises(NotFoundError, match="No patient has MRN 1234-5678"):
        services.patients.get_by_mrn(staff, "12345678")
    with pytest.raises(NotFoundError, match="is not an MRN"):
        services.patients.get_by_mrn(staff, "'; DROP TABLE patients;--")


def test_pharmacy_is_linked(services: Services, staff: Actor) -> None:
    pharmacy = services.pharmacies.create(
        staff, PharmacyInput("Austin Compounding", "1 Main St", "Austin", "TX", "78701", "512-555-0188")
    )
    detail = services.patients.create(staff, full_patient(preferred_pharmacy_id=pharmacy.id))
    assert detail.pharmacy == pharmacy


def test_to_input_round_trips_unchanged(services: Services, staff: Actor) -> None:
    detail = services.patients.create(staff, full_patient())
    saved = services.patients.update(staff, detail.id, detail.to_input(), detail.version)
    assert dataclasses.replace(saved, version=detail.version) == detail


# --- validation ----------------------------------------------------------------------------


def _field_errors(services: Services, actor: Actor, **changes: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        services.patients.create(actor, full_patient(**changes))
    return error.value.field_errors


@pytest.mark.parametrize(
    "name",
    [
        "Robert'); DROP TABLE patients;--",
        "R2-D2",
        "José 3rd",
        "<script>alert(1)</script>",
        "Ana\x00",
        "Peña\u202e",  # right-to-left override
        "----",
        "'",
    ],
)
def test_hostile_names_are_refused_with_a_name_message(services: Services, staff: Actor, name: str) -> None:
    errors = _field_errors(services, staff, last_name=name)
    assert set(errors) == {"last_name"}
    assert "name" in errors["last_name"].lower()


def test_overlong_names_are_refused(services: Services, staff: Actor) -> None:
    errors = _field_errors(
        services, staff, first_name="A" * 5000, middle_name="B" * 101, preferred_name="C" * 5000
    )
    assert errors == {
        "first_name": "At most 100 characters, please.",
        "middle_name": "At most 100 characters, please.",
        "preferred_name": "At most 100 characters, please.",
    }


def test_required_fields(services: Services, staff: Actor) -> None:
    errors = _field_errors(services, staff, first_name=" ", last_name="", date_of_birth="", sex="")
    assert errors["first_name"] == errors["last_name"] == "This is required."
    assert errors["date_of_birth"] == "The date is missing."
    assert errors["sex"].startswith("Choose one of: female, male")


def test_every_bad_field_is_reported_at_once(services: Services, staff: Actor) -> None:
    errors = _field_errors(
        services,
        staff,
        date_of_birth="2/30/1990",
        sex="x",
        status="gone",
        preferred_language="klingon",
        email="not-an-email",
        phones={PhoneKind.MOBILE: "555-0142"},
        emergency_contact_phone="12",
        state="ZZ",
        zip="7870",
    )
    assert set(errors) == {
        "date_of_birth",
        "sex",
        "status",
        "preferred_language",
        "email",
        "phone_mobile",
        "emergency_contact_phone",
        "state",
        "zip",
    }
    assert "not a real calendar date" in errors["date_of_birth"]
    assert "does not exist" in errors["phone_mobile"]
    assert "not valid" in errors["email"]
    assert errors["state"] == "Use a US state's two-letter code, such as TX."


@pytest.mark.parametrize(
    ("born", "message"),
    [("11/22/2026", "in the future"), ("1/1/1900", "older than 120"), ("hello", "is not a date")],
)
def test_impossible_dates_of_birth(services: Services, staff: Actor, born: str, message: str) -> None:
    assert message in _field_errors(services, staff, date_of_birth=born)["date_of_birth"]


def test_a_partly_filled_address_asks_for_the_rest(services: Services, staff: Actor) -> None:
    errors = _field_errors(services, staff, street="", city="Austin", state="", zip="")
    assert errors == {"street": "This is required.", "state": "This is required.", "zip": "This is required."}


def test_future_consent_date(services: Services, staff: Actor) -> None:
    errors = _field_errors(services, staff, consents={ConsentKind.TELEMEDICINE: "12/25/2026"})
    assert errors == {"consent_telemedicine_consent": "A consent cannot be dated in the future."}
    errors = _field_errors(services, staff, consents={ConsentKind.PRIVACY_NOTICE: "soon"})
    assert "is not a date" in errors["consent_privacy_notice_ack"]


def test_unknown_pharmacy(services: Services, staff: Actor) -> None:
    errors = _field_errors(services, staff, preferred_pharmacy_id=987654)
    assert errors == {"preferred_pharmacy": "This pharmacy is not in the directory."}


@pytest.mark.parametrize("code", ["12345", "MM9.7", "M79.77777", "M7", "'; DROP--"])
def test_bad_icd10_codes(services: Services, staff: Actor, code: str) -> None:
    errors = _field_errors(services, staff, conditions=(ConditionInput("Something", code),))
    assert "is not an ICD-10-CM code" in errors["conditions"]


@pytest.mark.parametrize("code", ["M79", "g35.d", "F32.A", "Z79.899"])
def test_good_free_entry_icd10_codes(services: Services, staff: Actor, code: str) -> None:
    detail = services.patients.create(staff, full_patient(conditions=(ConditionInput("Something", code),)))
    assert [(c.label, c.icd10) for c in detail.conditions] == [("Something", code.upper())]


def test_condition_code_alone_fills_the_label(services: Services, staff: Actor) -> None:
    detail = services.patients.create(staff, full_patient(conditions=(ConditionInput("", "m79.7"),)))
    assert [(c.label, c.icd10) for c in detail.conditions] == [("Fibromyalgia", "M79.7")]


def test_clinical_list_entries_need_their_main_text(services: Services, staff: Actor) -> None:
    errors = _field_errors(
        services,
        staff,
        conditions=(ConditionInput(" "),),
        allergies=(AllergyInput("", "rash"),),
        medications=(MedicationInput(""),),
    )
    assert errors == {
        "conditions": "Condition 1 has no name.",
        "allergies": "Allergy 1 has no substance.",
        "medications": "Medication 1 has no name.",
    }


def test_allergies_and_no_known_allergies_exclude_each_other(services: Services, staff: Actor) -> None:
    errors = _field_errors(services, staff, no_known_allergies=True)
    assert "not both" in errors["allergies"]
    detail = services.patients.create(staff, full_patient(allergies=(), no_known_allergies=True))
    assert detail.no_known_allergies


def test_nothing_is_stored_when_validation_fails(services: Services, staff: Actor) -> None:
    _field_errors(services, staff, zip="bad")
    assert services.patients.search(staff, "") == []


# --- the duplicate guard ------------------------------------------------------------------


def test_same_normalized_name_and_birth_date_needs_confirmation(services: Services, staff: Actor) -> None:
    first = services.patients.create(staff, minimal_patient("José", "Peña", "1961-03-02"))
    with pytest.raises(DuplicatePatientError) as error:
        services.patients.create(staff, minimal_patient(" JOSE ", "PENA", "3/2/1961"))
    assert [m.id for m in error.value.matches] == [first.id]
    assert first.mrn in error.value.message
    assert "Peña, José" in error.value.message
    assert len(services.patients.search(staff, "")) == 1

    second = services.patients.create(
        staff, minimal_patient("JOSE", "PENA", "3/2/1961"), confirm_duplicate=True
    )
    assert second.id != first.id and second.mrn != first.mrn
    assert len(services.patients.search(staff, "")) == 2


@pytest.mark.parametrize(
    ("first", "last"),
    [("Jose", "Pena"), ("josé", "peña"), ("José", "Pe ña"), ("Jo-sé", "Peña"), ("José", "Pe'ña")],
)
def test_duplicate_guard_folds_spelling(services: Services, staff: Actor, first: str, last: str) -> None:
    services.patients.create(staff, minimal_patient("José", "Peña", "1961-03-02"))
    with pytest.raises(DuplicatePatientError):
        services.patients.create(staff, minimal_patient(first, last, "1961-03-02"))


def test_different_birth_date_or_name_is_not_a_duplicate(services: Services, staff: Actor) -> None:
    services.patients.create(staff, minimal_patient("José", "Peña", "1961-03-02"))
    services.patients.create(staff, minimal_patient("José", "Peña", "1961-03-03"))
    services.patients.create(staff, minimal_patient("Josefa", "Peña", "1961-03-02"))
    services.patients.create(staff, minimal_patient("Peña", "José", "1961-03-02"))
    assert len(services.patients.search(staff, "")) == 4


def test_find_duplicates(services: Services, staff: Actor) -> None:
    first = services.patients.create(staff, minimal_patient("José", "Peña", "1961-03-02"))
    probe = minimal_patient("JOSE", "PENA", "03/02/1961")
    assert [m.id for m in services.patients.find_duplicates(staff, probe)] == [first.id]
    assert services.patients.find_duplicates(staff, probe, exclude_id=first.id) == []


# --- as-you-type checks (the same rules as a save) -------------------------------------------

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("last_name", "Robert'); DROP TABLE patients;--", NAME_RULE),
        ("first_name", "", "This is required."),
        ("middle_name", "", None),
        ("first_name", "A" * 5000, "At most 100 characters, please."),
        ("last_name", "Nguyễn", None),
        ("last_name", "O'Brien-García", None),
        ("date_of_birth", "2/30/1990", "“2/30/1990” is not a real calendar date."),
        ("date_of_birth", "11/22/2026", "The date of birth is in the future."),
        ("date_of_birth", "3/2/1961", None),
        (
            "phone_mobile",
            "555-0142",
            "This phone number does not exist; check the area code and digit count.",
        ),
        ("phone_mobile", "(512) 555-0142", None),
        ("emergency_contact_phone", "", None),
        ("email", "jose@", "This e-mail address is not valid: There must be something after the @-sign."),
        ("state", "Tejas", "Use a US state's two-letter code, such as TX."),
        ("zip", "7870", "A ZIP code is 5 digits, or 5+4 like 78701-1234."),
        ("consent_telemedicine_consent", "12/1/2026", "A consent cannot be dated in the future."),
        ("city", "x" * 101, "At most 100 characters, please."),
    ],
)
def test_check_field(field: str, value: str, message: str | None) -> None:
    assert check_field(field, value, TODAY) == message


def test_a_random_mrn_already_in_use_is_drawn_again(
    services: Services, staff: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = services.patients.create(staff, minimal_patient("Ana", "Smith"))
    draws = iter([first.mrn, first.mrn, "2000-0006"])
    monkeypatch.setattr(patients_module, "new_mrn", lambda rng=None: next(draws))
    second = services.patients.create(staff, minimal_patient("Bob", "Jones"))
    assert second.mrn == "2000-0006"
