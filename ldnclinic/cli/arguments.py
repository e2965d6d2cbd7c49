"""The types of the command line's arguments: whole numbers in range, record ids, refills,
titration steps and ISO dates, each a usage error with a message when it cannot be read."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ldnclinic.domain.prescriptions.titration import TitrationStep

MAX_COUNT = 1_000_000  # the largest count, limit or number of days a command takes
# Not the rule (domain.field_limits.MAX_REFILLS): a number up to this one reaches the service,
# whose message says how many refills are allowed; a larger one is a typing error.
MAX_TYPED_REFILLS = 999


def whole(text: str, low: int, high: int) -> int:
    """A whole number from `low` to `high` ("1,000" too); a usage error otherwise."""
    try:
        value = int(text.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text[:20]}” is not a whole number") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"must be {low} or more")
    if value > high:
        raise argparse.ArgumentTypeError(f"must be {high:,} or less")
    return value


def positive(text: str) -> int:
    return whole(text, 1, MAX_COUNT)


def record_id(text: str) -> int:
    """A record's id (a prescription's, a pharmacy's): a whole number a record could have, so
    an id beyond what the database holds is a usage error, not a database error."""
    from ldnclinic.domain.identifiers import MAX_RECORD_ID, is_record_id

    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text[:20]}” is not an id; an id is a whole number") from None
    if not is_record_id(value):
        raise argparse.ArgumentTypeError(f"an id is a whole number from 1 to {MAX_RECORD_ID:,}")
    return value


def count(text: str) -> int:
    return whole(text, 0, MAX_COUNT)


def refills(text: str) -> int:
    """0 to MAX_TYPED_REFILLS; the service says how many Texas allows."""
    return whole(text, 0, MAX_TYPED_REFILLS)


def steps(text: str) -> tuple[TitrationStep, ...]:
    """--steps "1.5:14,3:14,4.5"; a step that cannot be read is a usage error naming it."""
    from ldnclinic.domain.prescriptions.titration import PlanFormatError, parse_steps

    try:
        return parse_steps(text)
    except PlanFormatError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text[:20]}” is not a date; use YYYY-MM-DD") from None
