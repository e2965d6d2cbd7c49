"""US states, ZIP codes and the Texas check for telemedicine."""

from __future__ import annotations

import pytest

from ldnclinic.domain.geography import OUT_OF_TEXAS_WARNING, US_STATES, is_texas, normalize_state, zip_problem


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("TX", "TX"),
        ("tx", "TX"),
        (" Tx ", "TX"),
        ("Texas", "TX"),
        ("TEXAS", "TX"),
        ("new  mexico", "NM"),
        ("District of Columbia", "DC"),
        ("Puerto Rico", "PR"),
        ("ok", "OK"),
    ],
)
def test_state_names_and_codes(text: str, code: str) -> None:
    assert normalize_state(text) == code


@pytest.mark.parametrize("text", ["", "ZZ", "T X", "Tejas", "Texass", "USA", "'; DROP TABLE patients;--"])
def test_unknown_states(text: str) -> None:
    assert normalize_state(text) is None


def test_every_state_code_and_name_round_trips() -> None:
    for code, name in US_STATES.items():
        assert normalize_state(code) == code
        assert normalize_state(name) == code


@pytest.mark.parametrize("text", ["78701", "78701-1234", " 78701 ", "00501"])
def test_good_zip_codes(text: str) -> None:
    assert zip_problem(text) is None


@pytest.mark.parametrize(
    "text", ["", "7870", "787011", "787011234", "78701 1234", "78701-123", "abcde", "７８７０１", "٧٨٧٠١"]
)
def test_bad_zip_codes(text: str) -> None:
    assert zip_problem(text) == "A ZIP code is 5 digits, or 5+4 like 78701-1234."


def test_is_texas() -> None:
    assert is_texas("TX")
    assert is_texas("tx")
    assert not is_texas("NM")
    assert not is_texas("")
    assert not is_texas(None)


def test_out_of_texas_warning_says_where_the_patient_must_be() -> None:
    assert "must be in Texas" in OUT_OF_TEXAS_WARNING
