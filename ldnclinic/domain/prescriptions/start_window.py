"""When a prescription may start: a window around the clinic's today, set by the clinic.

A start date far in the past back-dates the script; one far ahead is most often a slip of
the keyboard (2062 for 2026) and would waste the refills Texas allows only within a year.
The window is checked when a draft is saved, so the editor shows the problem beside the
start date and the command line prints it. Any date the calendar holds (year 1 to 9999) is
answered with a message, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class RxStartLimits:
    """How far a prescription's start date may be from the clinic's today, in days."""

    rx_start_days_past: int = 30
    rx_start_days_ahead: int = 90


# Sane bounds for the clinic's settings: back-dating by more than half a year, or dating a
# script more than a year ahead (past the Texas refill year), is never meant.
LIMIT_BOUNDS = {"rx_start_days_past": (0, 180), "rx_start_days_ahead": (0, 365)}
_LIMIT_TEXT = {
    "rx_start_days_past": "The days a start date may be in the past",
    "rx_start_days_ahead": "The days a start date may be ahead",
}


def limits_problems(limits: RxStartLimits) -> dict[str, str]:
    """What is wrong with the settings, by field (each a whole number within its bounds)."""
    problems: dict[str, str] = {}
    for item in fields(limits):
        value = getattr(limits, item.name)
        low, high = LIMIT_BOUNDS[item.name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems[item.name] = f"{_LIMIT_TEXT[item.name]} must be a whole number from {low} to {high}."
    return problems


def start_date_problem(start: date, today: date, limits: RxStartLimits = RxStartLimits()) -> str | None:
    """Why `start` cannot be this prescription's start date, or None when it can."""
    offset = (start - today).days  # date subtraction cannot overflow, whatever the dates
    if offset < -limits.rx_start_days_past:
        earliest = _shifted(today, -limits.rx_start_days_past)
        return (
            f"The start date {_us(start)} is {_days(-offset)} before today ({_us(today)}); a prescription "
            f"may start at most {_days(limits.rx_start_days_past)} back"
            + (f", on {_us(earliest)} or later." if earliest else ".")
        )
    if offset > limits.rx_start_days_ahead:
        latest = _shifted(today, limits.rx_start_days_ahead)
        return (
            f"The start date {_us(start)} is {_days(offset)} after today ({_us(today)}); a prescription "
            f"may start at most {_days(limits.rx_start_days_ahead)} ahead"
            + (f", on {_us(latest)} or earlier." if latest else ".")
        )
    return None


def _shifted(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _us(day: date) -> str:
    # strftime pads the year to four digits on this platform only for years >= 1000.
    return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"


def _days(count: int) -> str:
    return f"{count:,} day{'s' if count != 1 else ''}"
