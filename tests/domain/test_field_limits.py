"""The field limits: one number per field, and an entry box never shorter than the rule."""

from __future__ import annotations

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain import reasons
from ldnclinic.domain.field_limits import Limit

ALL = {name: value for name, value in vars(limits).items() if isinstance(value, Limit)}


def test_every_box_takes_at_least_what_the_rule_keeps() -> None:
    assert ALL
    for name, limit in ALL.items():
        assert limit.chars > 0, name
        assert limit.box >= limit.chars, name


def test_a_box_without_its_own_maximum_is_the_rule() -> None:
    assert Limit(30).box == 30
    assert Limit(100, typing=120).box == 120


def test_the_numbers_the_clinic_knows() -> None:
    assert limits.REASON_MIN_CHARS == 5
    assert limits.FOLLOWUP_NOTE.chars == 2000
    assert limits.FOLLOWUP_DAYS_AHEAD == 366
    assert limits.RX_DIAGNOSIS.chars == 300
    assert limits.RX_PHARMACIST_NOTE.chars == 1000
    assert limits.FORMULA_BASE.chars == 200


def test_the_contact_and_account_numbers() -> None:
    """The numbers the columns were made with (changing one needs a migration): (kept, box)."""
    expected = {
        "CLINIC_NAME": (200, 200),
        "PHARMACY_NAME": (200, 200),
        "ADDRESS_STREET": (200, 200),
        "ADDRESS_CITY": (100, 100),
        "ADDRESS_STATE": (2, 20),  # the code is kept; the box takes "District of Columbia"
        "ZIP_CODE": (10, 10),
        "PHONE_NUMBER": (30, 40),  # E.164 is kept; the box takes a number as typed
        "EMAIL_ADDRESS": (254, 254),
        "NPI": (10, 10),
        "PERSON_NAME": (100, 100),
        "USER_NAME": (32, 32),
        "SIGN_IN_USER_NAME": (64, 64),
        "PASSWORD": (256, 256),
        "TEXAS_LICENSE": (20, 20),
        "EMERGENCY_CONTACT_NAME": (200, 200),
        "EMERGENCY_CONTACT_RELATIONSHIP": (100, 100),
        "PATIENT_LIST_TEXT": (200, 200),
    }
    assert {name: (ALL[name].chars, ALL[name].box) for name in expected} == expected


def test_a_state_name_fits_the_state_box() -> None:
    from ldnclinic.domain.geography import normalize_state

    longest = "District of Columbia"
    assert len(longest) == limits.ADDRESS_STATE.box
    assert normalize_state(longest) == "DC"


def test_the_sign_in_box_takes_more_than_a_user_name_may_have() -> None:
    assert limits.SIGN_IN_USER_NAME.chars > limits.USER_NAME.chars


def test_the_entry_box_sizes() -> None:
    assert (limits.AMOUNT_BOX, limits.STRENGTH_BOX, limits.SCORE_VALUE_BOX, limits.SETTING_NUMBER_BOX) == (
        20,
        12,
        12,
        4,
    )


def test_reasons_dates_and_the_fax_note() -> None:
    """A reason's longest length is the reasons rule's own number; the follow-up date window
    and the calendar export's reach are named once."""
    assert limits.REASON.chars == reasons.MAX_REASON_LENGTH == 1000
    assert limits.RX_VOID_REASON is limits.REASON
    assert limits.FAX_COVER_NOTE.chars == 500
    assert (limits.NEW_FOLLOWUP_DAYS_BACK, limits.CALENDAR_EXPORT_DAYS) == (365, 366)
    too_long = "Patient moved out of state and asked us to stop. " * 25
    assert reasons.reason_problem(too_long) == "The reason can be at most 1,000 characters."
