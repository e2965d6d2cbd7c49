"""Doses and amounts written the ISMP way, and numbers written out in words.

ISMP's list of error-prone notations: never a naked decimal (".5 mg" is read as "5 mg"),
never a trailing zero ("4.50 mg" is read as "450 mg"), units spelled "mg" and "mL".
Every dose the app shows or prints goes through `format_mg` / `format_amount`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_DECIMALS = 3
MAX_DOSE_MG = 1000  # a typed dose must be below this
# ASCII digits only (as for NPIs): "３" or "٣" are refused rather than silently read.
_NUMBER_RE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(mg)?\s*$", re.IGNORECASE | re.ASCII)


class DoseFormatError(ValueError):
    """Text that is not a dose; the message says why, for the person who typed it."""


def format_amount(value: Decimal | int) -> str:
    """0.5 -> "0.5", 3.0 -> "3", 4.50 -> "4.5", 60 -> "60": leading zero, no trailing zero."""
    # Trailing zeros are cut from the digits themselves: normalize() and quantize() work to the
    # context precision (28 digits) and would round a long number or fail on a large one.
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("."):
        text = "0" + text
    return text


def format_mg(value: Decimal | int) -> str:
    """A dose in milligrams: "0.5 mg", "3 mg", "4.5 mg"."""
    return f"{format_amount(value)} mg"


def format_ml(value: Decimal | int) -> str:
    return f"{format_amount(value)} mL"


def parse_dose(text: str) -> Decimal:
    """A typed dose in mg ("1.5", "1.5 mg", ".5") as a Decimal; refuses non-numbers and nonsense."""
    match = _NUMBER_RE.match(text or "")
    if match is None:
        raise DoseFormatError(f"“{text.strip()[:30]}” is not a dose in mg; type a number such as 1.5.")
    number = match.group(1)
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise DoseFormatError("That is not a number.") from None
    if value <= 0:
        raise DoseFormatError("A dose must be more than 0 mg.")
    # Checked on the typed digits, not with Decimal arithmetic, which rounds past 28 digits.
    if value >= MAX_DOSE_MG:
        raise DoseFormatError(f"A dose must be less than {format_mg(MAX_DOSE_MG)}; check for a typing error.")
    if len(number.partition(".")[2].rstrip("0")) > MAX_DECIMALS:
        raise DoseFormatError(f"Use at most {MAX_DECIMALS} decimal places (for example 0.125 mg).")
    return value


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(number: int) -> str:
    """A whole number in English words, as written on prescriptions: 60 -> "sixty"."""
    if number < 0 or number > 999_999:
        raise ValueError("number_words handles 0 to 999,999")
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    return f"{number_words(thousands)} thousand" + (f" {number_words(rest)}" if rest else "")


def amount_words(value: Decimal | int) -> str:
    """A quantity in words; a fraction keeps its digits: 120.5 -> "one hundred twenty point five"."""
    amount = Decimal(value)
    if amount < 0:
        raise ValueError("amount_words handles amounts from 0")
    whole = int(amount)
    if amount == whole:
        return number_words(whole)
    decimals = format_amount(amount).split(".")[1]
    return number_words(whole) + " point " + " ".join(_ONES[int(digit)] for digit in decimals)
