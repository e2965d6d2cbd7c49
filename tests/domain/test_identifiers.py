"""NPI check digits (80840-prefixed Luhn) and the clinic's own MRNs."""

from __future__ import annotations

import random
import re

import pytest

from ldnclinic.domain.identifiers import (
    is_valid_mrn,
    is_valid_npi,
    luhn_check_digit,
    new_mrn,
    normalize_mrn,
    npi_problem,
)


@pytest.mark.parametrize("npi", ["1234567893", "1932104098", " 1234567893 "])
def test_valid_npis(npi: str) -> None:
    assert npi_problem(npi) is None
    assert is_valid_npi(npi)


@pytest.mark.parametrize(
    ("npi", "message"),
    [
        ("1234567898", "check digit"),
        ("12345678a3", "digits only"),
        ("ABCDEFGHIJ", "digits only"),
        ("123456789", "10 digits; this one has 9"),
        ("12345678931", "10 digits; this one has 11"),
        ("3234567893", "starts with 1"),
        ("１２３４５６７８９３", "digits only"),  # full-width digits are not ASCII digits
        ("", "missing"),
        ("   ", "missing"),
    ],
)
def test_invalid_npis_say_why(npi: str, message: str) -> None:
    problem = npi_problem(npi)
    assert problem is not None
    assert message in problem
    assert not is_valid_npi(npi)


def test_npi_check_digit_is_luhn_with_the_80840_prefix() -> None:
    # The CMS shortcut: Luhn over the nine digits plus the constant 24 gives the same digit.
    for base in ("123456789", "193210409", "234567890"):
        digit = luhn_check_digit("80840" + base)
        assert is_valid_npi(base + str(digit))
        assert not is_valid_npi(base + str((digit + 1) % 10))


def test_luhn_check_digit_known_value() -> None:
    assert luhn_check_digit("7992739871") == 3  # the textbook Luhn example


def test_new_mrn_format_and_check_digit() -> None:
    rng = random.Random(20261121)
    for _ in range(500):
        mrn = new_mrn(rng)
        assert re.fullmatch(r"[1-9]\d{3}-\d{4}", mrn), mrn
        assert is_valid_mrn(mrn)
        digits = mrn.replace("-", "")
        assert luhn_check_digit(digits[:-1]) == int(digits[-1])


def test_new_mrn_without_a_seed_uses_the_system_random_source() -> None:
    assert is_valid_mrn(new_mrn())


def test_one_mistyped_digit_makes_an_mrn_invalid() -> None:
    mrn = new_mrn(random.Random(7))
    digits = mrn.replace("-", "")
    for position in range(8):
        wrong = digits[:position] + str((int(digits[position]) + 1) % 10) + digits[position + 1 :]
        assert not is_valid_mrn(wrong)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("1234-5678", "1234-5678"),
        ("12345678", "1234-5678"),
        (" 1234 5678 ", "1234-5678"),
        ("1234 - 5678", "1234-5678"),
    ],
)
def test_normalize_mrn(typed: str, canonical: str) -> None:
    assert normalize_mrn(typed) == canonical


@pytest.mark.parametrize(
    "typed", ["", "1234-567", "123456789", "1234--5678", "abcd-efgh", "1234_5678", "１２３４５６７８"]
)
def test_normalize_mrn_refuses_what_cannot_be_an_mrn(typed: str) -> None:
    assert normalize_mrn(typed) is None
    assert not is_valid_mrn(typed)
