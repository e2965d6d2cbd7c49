"""Identifiers: the NPI check digit, the clinic's own medical record number (MRN), and the
range of record ids.

MRNs are 8 digits shown as "1234-5678": digits are the easiest thing to read over a
phone, and the last digit is a Luhn check digit, so a misheard digit is caught.

Record ids (a prescription's, a pharmacy's) are whole numbers from 1 to MAX_RECORD_ID, the
largest a PostgreSQL `integer` column holds (SQLite holds more, but no row gets an id the
other database could not store). An id outside that range names no record: the command line
refuses it as a usage error and the services answer "not found", never a database error.
"""

from __future__ import annotations

import random
import re

from ldnclinic.domain import field_limits as limits

_NPI_PREFIX = "80840"
_MRN_DIGITS = 7  # plus one check digit
_MRN_RE = re.compile(r"^[0-9]{4}-?[0-9]{4}$")  # ASCII digits only
MAX_RECORD_ID = 2**31 - 1


def is_record_id(value: object) -> bool:
    """True for a whole number a record could have as its id (1 to MAX_RECORD_ID)."""
    return not isinstance(value, bool) and isinstance(value, int) and 1 <= value <= MAX_RECORD_ID


def luhn_check_digit(payload: str) -> int:
    """Luhn check digit for a string of digits (the check digit is appended at the right)."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def npi_problem(npi: str) -> str | None:
    """Why `npi` is not a valid NPI, or None when it is."""
    text = npi.strip()
    if not text:
        return "The NPI is missing."
    if not text.isdecimal() or not text.isascii():
        return "An NPI has digits only."
    if len(text) != limits.NPI.chars:
        return f"An NPI has {limits.NPI.chars} digits; this one has {len(text)}."
    if text[0] not in "12":
        return "An NPI starts with 1 (a person) or 2 (an organization)."
    if luhn_check_digit(_NPI_PREFIX + text[:9]) != int(text[9]):
        return "This NPI's check digit is wrong: look for a mistyped digit."
    return None


def is_valid_npi(npi: str) -> bool:
    return npi_problem(npi) is None


def new_mrn(rng: random.Random | None = None) -> str:
    """A random MRN (8 digits, the last a check digit), formatted "1234-5678"."""
    source = rng or random.SystemRandom()
    body = str(source.randrange(10 ** (_MRN_DIGITS - 1), 10**_MRN_DIGITS))
    digits = body + str(luhn_check_digit(body))
    return f"{digits[:4]}-{digits[4:]}"


def normalize_mrn(text: str) -> str | None:
    """The canonical "1234-5678" form of a typed MRN, or None if it cannot be one."""
    compact = text.strip().replace(" ", "")
    if not _MRN_RE.match(compact):
        return None
    digits = compact.replace("-", "")
    return f"{digits[:4]}-{digits[4:]}"


def is_valid_mrn(text: str) -> bool:
    mrn = normalize_mrn(text)
    if mrn is None:
        return False
    digits = mrn.replace("-", "")
    return luhn_check_digit(digits[:-1]) == int(digits[-1])
