"""ISMP-safe dose formatting, typed-dose parsing, and numbers in words."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ldnclinic.domain.prescriptions.doses import (
    DoseFormatError,
    amount_words,
    format_amount,
    format_mg,
    format_ml,
    number_words,
    parse_dose,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.5"), "0.5"),
        (Decimal(".5"), "0.5"),
        (Decimal("3"), "3"),
        (Decimal("3.0"), "3"),
        (Decimal("3.000"), "3"),
        (Decimal("4.50"), "4.5"),
        (Decimal("4.5"), "4.5"),
        (Decimal("0.125"), "0.125"),
        (Decimal("0.1250"), "0.125"),
        (Decimal("1E+1"), "10"),
        (Decimal("1.0E+1"), "10"),
        (Decimal("6E+1"), "60"),
        (Decimal("100"), "100"),
        (Decimal("120.0"), "120"),
        (Decimal("0.05"), "0.05"),
        (Decimal("5E-1"), "0.5"),
        (60, "60"),
        (0, "0"),
        (1000, "1000"),
    ],
)
def test_format_amount_has_leading_zero_and_no_trailing_zero(value: Decimal | int, expected: str) -> None:
    assert format_amount(value) == expected


def test_format_amount_keeps_every_digit_of_a_long_number() -> None:
    # Decimal's context precision (28 digits) must neither round nor fail.
    assert format_amount(Decimal("1E+30")) == "1" + "0" * 30
    long = "99999999999999999999999999999.5"
    assert format_amount(Decimal(long)) == long


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.5"), "0.5 mg"),
        (Decimal("3.0"), "3 mg"),
        (Decimal("4.50"), "4.5 mg"),
        (Decimal("0.125"), "0.125 mg"),
        (Decimal("1E+1"), "10 mg"),
        (3, "3 mg"),
    ],
)
def test_format_mg(value: Decimal | int, expected: str) -> None:
    assert format_mg(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("0.5"), "0.5 mL"), (Decimal("3.0"), "3 mL"), (Decimal("4.50"), "4.5 mL"), (24, "24 mL")],
)
def test_format_ml(value: Decimal | int, expected: str) -> None:
    assert format_ml(value) == expected


@pytest.mark.parametrize(
    "value", [Decimal("0.5"), Decimal(".25"), Decimal("4.50"), Decimal("3.0"), Decimal("0.125"), 10]
)
def test_formatted_doses_never_show_an_error_prone_notation(value: Decimal | int) -> None:
    text = format_mg(value)
    assert not re.search(r"(^|[^0-9])\.[0-9]", text), "naked decimal"
    assert not re.search(r"\.[0-9]*0\b", text), "trailing zero"
    assert text.endswith(" mg")
    assert format_ml(value).endswith(" mL")
    for wrong in ("MG", "mgs", "ml", "ML", "cc"):
        assert not re.search(rf"\b{wrong}\b", format_mg(value) + " " + format_ml(value))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", Decimal("1.5")),
        ("1.5 mg", Decimal("1.5")),
        ("1.5mg", Decimal("1.5")),
        (".5", Decimal("0.5")),
        (" 3 MG ", Decimal(3)),
        ("4.5 Mg", Decimal("4.5")),
        ("0.125", Decimal("0.125")),
        ("4.50", Decimal("4.5")),
        ("1.50000", Decimal("1.5")),
        ("3.", Decimal(3)),
        ("999", Decimal(999)),
        ("999.999", Decimal("999.999")),
    ],
)
def test_parse_dose_accepts(text: str, expected: Decimal) -> None:
    value = parse_dose(text)
    assert isinstance(value, Decimal)
    assert value == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a dose in mg"),
        ("   ", "is not a dose in mg"),
        ("abc", "is not a dose in mg"),
        ("-1", "is not a dose in mg"),
        ("+1", "is not a dose in mg"),
        ("0", "more than 0 mg"),
        ("0.0", "more than 0 mg"),
        (".0 mg", "more than 0 mg"),
        ("1,5", "is not a dose in mg"),
        ("'; DROP TABLE patients;--", "is not a dose in mg"),
        ("1.5; DROP TABLE patients", "is not a dose in mg"),
        ("4.5555", "at most 3 decimal places"),
        ("0.0001", "at most 3 decimal places"),
        ("1.00000000000000000000000000001", "at most 3 decimal places"),
        ("1000", "less than 1000 mg"),
        ("45000", "less than 1000 mg"),
        ("9" * 40, "less than 1000 mg"),
        ("1" + "0" * 5000, "less than 1000 mg"),
        ("99999999999999999999999999999.5", "less than 1000 mg"),
        ("1e3", "is not a dose in mg"),
        ("1E-1", "is not a dose in mg"),
        ("Infinity", "is not a dose in mg"),
        ("NaN", "is not a dose in mg"),
        ("1.5 mL", "is not a dose in mg"),
        ("1.5 mcg", "is not a dose in mg"),
        ("1..5", "is not a dose in mg"),
        ("1.5 mg mg", "is not a dose in mg"),
        ("mg", "is not a dose in mg"),
        (".", "is not a dose in mg"),
        ("３", "is not a dose in mg"),  # full-width digit
        ("٣", "is not a dose in mg"),  # Arabic-Indic digit
        ("1.5\n2", "is not a dose in mg"),
    ],
)
def test_parse_dose_refuses_with_a_message(text: str, message: str) -> None:
    with pytest.raises(DoseFormatError, match=re.escape(message)) as caught:
        parse_dose(text)
    assert len(str(caught.value)) < 120  # never echoes a pasted essay back


def test_parse_dose_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a dose"):
        parse_dose("abc")


def test_parse_dose_then_format_round_trips() -> None:
    for text in ("0.5", "1.5", "3", "4.5", "0.125", "10"):
        assert format_amount(parse_dose(text)) == text
        assert format_amount(parse_dose(f" {text} mg ")) == text
        padded = text + ("00" if "." in text else ".00")  # trailing zeros as someone might type them
        assert format_amount(parse_dose(padded)) == text


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (7, "seven"),
        (13, "thirteen"),
        (19, "nineteen"),
        (20, "twenty"),
        (21, "twenty-one"),
        (30, "thirty"),
        (48, "forty-eight"),
        (60, "sixty"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (101, "one hundred one"),
        (120, "one hundred twenty"),
        (144, "one hundred forty-four"),
        (228, "two hundred twenty-eight"),
        (999, "nine hundred ninety-nine"),
        (1000, "one thousand"),
        (1001, "one thousand one"),
        (1234, "one thousand two hundred thirty-four"),
        (20_000, "twenty thousand"),
        (999_999, "nine hundred ninety-nine thousand nine hundred ninety-nine"),
    ],
)
def test_number_words(number: int, words: str) -> None:
    assert number_words(number) == words


@pytest.mark.parametrize("number", [-1, 1_000_000])
def test_number_words_out_of_range(number: int) -> None:
    with pytest.raises(ValueError, match="0 to 999,999"):
        number_words(number)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (48, "forty-eight"),
        (Decimal(24), "twenty-four"),
        (Decimal("24.0"), "twenty-four"),
        (Decimal("1E+1"), "ten"),
        (Decimal("120.5"), "one hundred twenty point five"),
        (Decimal("0.5"), "zero point five"),
        (Decimal("4.50"), "four point five"),
        (Decimal("2.25"), "two point two five"),
        (Decimal("0.05"), "zero point zero five"),
        (Decimal("1.125"), "one point one two five"),
    ],
)
def test_amount_words(value: Decimal | int, words: str) -> None:
    assert amount_words(value) == words


def test_amount_words_refuses_a_negative_amount() -> None:
    with pytest.raises(ValueError, match="from 0"):
        amount_words(Decimal("-0.5"))
