"""A medication list as staff speak it: one typed entry split into name and dose, and the
entry a reconciliation names ("she stopped the tramadol").

`split_medication` is how the CSV import and `patients medications --add` read a typed
entry, so both store "Tramadol 50 mg twice a day" the same way. `entries_to_stop` finds the
entries taken now that a text names, case- and accent-insensitively (`text.match_text`):
the name and dose as listed ("Tramadol 50 mg"), else the name alone ("tramadol"). A text
that names nothing, or two different entries, is refused with the candidates named.
What an entry holds (opioid, antagonist, LDN ...) is `medications.classify_medication`'s
business, not this module's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Protocol

from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.text import clean_text, match_text

MAX_ENTRY_LENGTH = 200
FIELD = "medications"
# Control characters typed text may hold: they separate words (clean_text reads them as spaces).
_WHITESPACE_CONTROLS = frozenset("\t\n\r")


class Listed(Protocol):
    """An entry of a patient's medication list (a stored row or its DTO)."""

    @property
    def name(self) -> str: ...

    @property
    def dose(self) -> str | None: ...

    @property
    def active(self) -> bool: ...


def split_medication(text: str) -> tuple[str, str]:
    """'Levothyroxine 50 mcg daily' -> ('Levothyroxine', '50 mcg daily').

    The text is cleaned first (`clean_text`); the dose starts at the first word after the
    name that begins with a digit. Without one the whole text is the name, dose ''."""
    words = clean_text(text).split()
    for index in range(1, len(words)):
        if words[index][0].isdecimal():
            return " ".join(words[:index]), " ".join(words[index:])
    return " ".join(words), ""


def typed_entry_problem(text: str) -> str | None:
    """Why a typed entry cannot be taken as it is (None when it can): control characters
    other than tabs and line breaks, or more than MAX_ENTRY_LENGTH characters once cleaned."""
    if any(unicodedata.category(char) == "Cc" and char not in _WHITESPACE_CONTROLS for char in text):
        return f"{_quote(text)} holds a control character (such as NUL or escape); type it again."
    if len(clean_text(text)) > MAX_ENTRY_LENGTH:
        return f"{_quote(text)} is longer than {MAX_ENTRY_LENGTH} characters."
    return None


def listed_text(name: str, dose: str | None) -> str:
    """The entry on one line, as the list shows it: 'Tramadol 50 mg'."""
    return f"{name} {dose}" if dose else name


def listed_key(name: str, dose: str | None) -> str:
    """The entry folded for comparing: case, accents and invisible characters ignored."""
    return match_text(listed_text(name, dose))


def entries_to_stop(entries: Sequence[Listed], texts: Sequence[str]) -> list[int]:
    """Indexes (in `entries`) of the entries taken now that `texts` name, in list order.

    Each text names the entries whose name and dose, else whose name alone, read the same.
    The same entry listed twice (same name and dose) is one medicine: both are named.
    Refused (ValidationError, nothing named) when a text names no entry taken now, or
    entries that differ."""
    found: set[int] = set()
    for text in texts:
        problem = typed_entry_problem(text)
        if problem:
            raise ValidationError({FIELD: problem})
        found.update(_named(entries, text))
    return sorted(found)


def refuse_duplicates(
    entries: Sequence[Listed], stopping: Sequence[int], added: Sequence[tuple[str, str | None]]
) -> None:
    """ValidationError when an entry to add (name, dose) is already taken now (and not being
    stopped), or is added twice: the list would hold one medicine twice."""
    taking = {listed_key(e.name, e.dose) for i, e in enumerate(entries) if e.active and i not in stopping}
    for name, dose in added:
        key = listed_key(name, dose)
        if key in taking:
            raise ValidationError({FIELD: f"“{listed_text(name, dose)}” is already on the list, taken now."})
        taking.add(key)


def _named(entries: Sequence[Listed], text: str) -> list[int]:
    key = match_text(text)
    if not key:
        raise ValidationError({FIELD: "Say which medication to mark not taking: the name is empty."})
    taking = [(i, e) for i, e in enumerate(entries) if e.active]
    matches = [i for i, e in taking if listed_key(e.name, e.dose) == key] or [
        i for i, e in taking if match_text(e.name) == key
    ]
    if not matches:
        raise ValidationError({FIELD: _unknown(entries, text, key)})
    different = {listed_key(entries[i].name, entries[i].dose) for i in matches}
    if len(different) > 1:
        listed = "; ".join(_listed(entries[i]) for i in matches)
        raise ValidationError(
            {
                FIELD: f"{_quote(text)} names {len(matches)} medications taken now: {listed}. "
                "Give the name and the dose as listed."
            }
        )
    return matches


def _unknown(entries: Sequence[Listed], text: str, key: str) -> str:
    stopped = [e for e in entries if not e.active and key in (listed_key(e.name, e.dose), match_text(e.name))]
    if stopped:
        return f"{_listed(stopped[0])} is already marked not taking."
    taking = [_listed(e) for e in entries if e.active]
    if not taking:
        return f"No medication taken now is {_quote(text)}: the list has none taken now."
    return f"No medication taken now is {_quote(text)}. Taken now: {'; '.join(taking)}."


def _listed(entry: Listed) -> str:
    return f"“{listed_text(entry.name, entry.dose)}”"


def _quote(text: str) -> str:
    shown = clean_text(text)
    return f"“{shown[:60]}…”" if len(shown) > 60 else f"“{shown}”"
