"""How registry values read on screen: US dates, ages, names with the preferred name."""

from __future__ import annotations

from datetime import date

from ldnclinic.domain.dates import age_on


def us_date(value: date) -> str:
    """MM/DD/YYYY, as a US clinic reads a date of birth."""
    return f"{value.month:02d}/{value.day:02d}/{value.year:04d}"


def long_date(value: date) -> str:
    """ "March 2, 1961": unambiguous, for confirming what a typed date was read as."""
    return f"{value:%B} {value.day}, {value.year}"


def age_text(born: date, today: date) -> str:
    age = age_on(born, today)
    if age >= 2:
        return f"{age} y"
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    return f"{max(months, 0)} mo"


def birth_text(born: date, today: date) -> str:
    """ "03/02/1961 (65 y)" for the list and the chart header."""
    return f"{us_date(born)} ({age_text(born, today)})"


def name_with_preferred(display_name: str, preferred: str | None) -> str:
    """ "Peña, José Luis “Pepe”": the legal name, then what the patient likes to be called."""
    if preferred and preferred.strip():
        return f"{display_name} “{preferred.strip()}”"
    return display_name


def place_text(city: str | None, state: str | None) -> str:
    if city and state:
        return f"{city}, {state}"
    return city or state or ""
