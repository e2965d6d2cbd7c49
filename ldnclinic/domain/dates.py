"""Dates typed by people: the formats a Texas clinic uses, ages, and today in a time zone."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_COMPACT_US = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


class DateFormatError(ValueError):
    """The text is not a date in a format we accept; the message says which formats."""


ACCEPTED_FORMATS = "YYYY-MM-DD or M/D/YYYY"


def parse_date(text: str, *, today: date | None = None) -> date:
    """Parse "1961-03-02", "3/2/1961", "03-02-1961", "03021961" or "3/2/61".

    Two-digit years are taken as the most recent year that is not in the future.
    Raises DateFormatError with a message fit for the user.
    """
    value = text.strip()
    if not value:
        raise DateFormatError("The date is missing.")
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _US.match(value):
        month, day = int(match.group(1)), int(match.group(2))
        year = _expand_year(match.group(3), today or date.today())  # noqa: DTZ011 (the local day)
    elif match := _COMPACT_US.match(value):
        month, day, year = (int(g) for g in match.groups())
    else:
        raise DateFormatError(f"“{value[:40]}” is not a date; use {ACCEPTED_FORMATS}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"“{value[:40]}” is not a real calendar date.") from None


def _expand_year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    return year if year <= today.year else year - 100


def looks_like_date(text: str) -> bool:
    value = text.strip()
    return bool(_ISO.match(value) or _US.match(value) or _COMPACT_US.match(value))


def age_on(born: date, on: date) -> int:
    """Age in whole years on a given day."""
    had_birthday = (on.month, on.day) >= (born.month, born.day)
    return on.year - born.year - (0 if had_birthday else 1)


def birth_date_problem(born: date, today: date) -> str | None:
    """Why a date of birth cannot be right, or None."""
    if born > today:
        return "The date of birth is in the future."
    if age_on(born, today) > 120:
        return "The date of birth makes the patient older than 120."
    return None


def today_in(zone: tzinfo, now: datetime) -> date:
    """The calendar day `now` falls on in `zone`: a clinic's today, read from its clock."""
    return now.astimezone(zone).date()
