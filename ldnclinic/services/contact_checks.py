"""Field checks that need third-party libraries (phonenumbers, email-validator).

Each function returns the clean value or raises FieldProblem with a message for the user.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.geography import normalize_state, zip_problem


class FieldProblem(ValueError):  # noqa: N818 (a public name other layers use)
    """A single field's value is wrong; str(self) is the message to show beside it."""


@dataclass(frozen=True, slots=True)
class Phone:
    e164: str  # "+15125550142"
    display: str  # "(512) 555-0142"
    digits: str  # national significant digits: "5125550142"


_SEARCHABLE_NOISE = re.compile(r"[\s().\-+/]")


def parse_phone(text: str, region: str = "US") -> Phone:
    value = text.strip()
    if len(value) > limits.PHONE_NUMBER.box:  # as typed; the stored E.164 form is shorter
        raise FieldProblem("This phone number is far too long.")
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise FieldProblem("This is not a phone number; type it like (512) 555-0142.") from None
    if not phonenumbers.is_valid_number(number):
        raise FieldProblem("This phone number does not exist; check the area code and digit count.")
    if phonenumbers.region_code_for_number(number) == region:
        display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    else:
        display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        display=display,
        digits=phonenumbers.national_significant_number(number),
    )


@functools.lru_cache(maxsize=8192)  # a page of search results formats ~100 numbers
def display_phone(e164: str | None) -> str:
    """How a stored E.164 number is shown ("" for none)."""
    if not e164:
        return ""
    try:
        return parse_phone(e164).display
    except FieldProblem:
        return e164


def phone_search_digits(text: str) -> str | None:
    """The digits of a search text that is only a (part of a) phone number or MRN."""
    compact = _SEARCHABLE_NOISE.sub("", text)
    if compact.isdecimal() and compact.isascii() and len(compact) >= 3:
        return compact
    return None


def parse_email(text: str) -> str:
    value = text.strip()
    if len(value) > limits.EMAIL_ADDRESS.chars:
        raise FieldProblem(f"An e-mail address has at most {limits.EMAIL_ADDRESS.chars} characters.")
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise FieldProblem(f"This e-mail address is not valid: {error}") from None
    return result.normalized


def parse_state(text: str) -> str:
    state = normalize_state(text)
    if state is None:
        raise FieldProblem("Use a US state's two-letter code, such as TX.")
    return state


def parse_zip(text: str) -> str:
    value = text.strip()
    problem = zip_problem(value)
    if problem:
        raise FieldProblem(problem)
    return value
