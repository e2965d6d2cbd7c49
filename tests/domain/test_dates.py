"""Dates typed by people, two-digit years, ages and impossible birth dates."""

from __future__ import annotations

from datetime import date

import pytest

from ldnclinic.domain.dates import DateFormatError, age_on, birth_date_problem, looks_like_date, parse_date

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    "text",
    [
        "1961-03-02",
        "1961-3-2",
        "3/2/1961",
        "03/02/1961",
        "03-02-1961",
        "3.2.1961",
        "03021961",
        " 3/2/1961 ",
        "3/2/61",
    ],
)
def test_accepted_formats(text: str) -> None:
    assert parse_date(text, today=TODAY) == date(1961, 3, 2)
    assert looks_like_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/2/26", date(2026, 3, 2)),
        ("11/21/26", date(2026, 11, 21)),
        ("3/2/27", date(1927, 3, 2)),
        ("1/1/00", date(2000, 1, 1)),
    ],
)
def test_two_digit_years_are_never_in_a_future_year(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["2/30/1990", "13/1/2000", "0/0/0000", "2/29/2001", "1990-02-30", "00000000"]
)
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(DateFormatError, match="not a real calendar date"):
        parse_date(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    ["hello", "March 2, 1961", "1961-03-02T00:00", "3/2/61/", "1961/3", "12345", "'; DROP TABLE patients;--"],
)
def test_text_that_is_not_a_date(text: str) -> None:
    with pytest.raises(DateFormatError, match="YYYY-MM-DD or M/D/YYYY"):
        parse_date(text, today=TODAY)
    assert not looks_like_date(text)


def test_missing_date() -> None:
    with pytest.raises(DateFormatError, match="missing"):
        parse_date("   ", today=TODAY)


def test_error_message_quotes_at_most_40_characters() -> None:
    with pytest.raises(DateFormatError) as error:
        parse_date("x" * 5000, today=TODAY)
    assert len(str(error.value)) < 100


def test_leap_day() -> None:
    assert parse_date("2/29/2000", today=TODAY) == date(2000, 2, 29)


def test_age_on_birthday_and_the_day_before() -> None:
    born = date(1961, 3, 2)
    assert age_on(born, date(2026, 3, 1)) == 64
    assert age_on(born, date(2026, 3, 2)) == 65
    assert age_on(born, born) == 0


def test_age_of_a_leap_day_birthday() -> None:
    born = date(2000, 2, 29)
    assert age_on(born, date(2025, 2, 28)) == 24  # no Feb 29 in 2025: birthday counts from Mar 1
    assert age_on(born, date(2025, 3, 1)) == 25
    assert age_on(born, date(2024, 2, 28)) == 23
    assert age_on(born, date(2024, 2, 29)) == 24


def test_birth_date_in_the_future() -> None:
    assert birth_date_problem(date(2026, 11, 22), TODAY) == "The date of birth is in the future."
    assert birth_date_problem(TODAY, TODAY) is None


def test_birth_date_older_than_120() -> None:
    assert birth_date_problem(date(1906, 11, 21), TODAY) is None  # exactly 120
    assert birth_date_problem(date(1906, 11, 20), TODAY) is None  # 120 and a day
    assert birth_date_problem(date(1906, 11, 19), TODAY) is None  # 120 and two days
    assert (
        birth_date_problem(date(1905, 11, 21), TODAY) == "The date of birth makes the patient older than 120."
    )
