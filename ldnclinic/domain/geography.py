"""US states and the Texas rule for telemedicine."""

from __future__ import annotations

import re

from ldnclinic.domain.text import collapse_spaces

US_STATES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "U.S. Virgin Islands",
    "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}
_BY_NAME = {name.casefold(): code for code, name in US_STATES.items()}
_ZIP = re.compile(r"^[0-9]{5}(?:-[0-9]{4})?$")  # ASCII digits: it is printed and mailed

OUT_OF_TEXAS_WARNING = (
    "This address is outside Texas. Our doctors are licensed in Texas: at every "
    "telemedicine visit the patient must be in Texas, and the visit note must say where."
)


def normalize_state(text: str) -> str | None:
    """Two-letter code for "tx", "TX" or "Texas"; None if it is not a US state."""
    value = collapse_spaces(text)
    if value.upper() in US_STATES:
        return value.upper()
    return _BY_NAME.get(value.casefold())


def zip_problem(text: str) -> str | None:
    if not _ZIP.match(text.strip()):
        return "A ZIP code is 5 digits, or 5+4 like 78701-1234."
    return None


def is_texas(state: str | None) -> bool:
    return (state or "").upper() == "TX"
