"""Cleaning typed text before it is stored or read by a rule.

`clean_text` is what every free-text clinical entry goes through before it is stored:
Unicode NFKC (full-width letters, ligatures and compatibility forms become plain ones),
invisible format characters (zero-width spaces and joiners, the byte-order mark, bidi marks)
and control characters such as NUL removed, tabs and line breaks turned into spaces, runs of
spaces collapsed. A name typed with a zero-width space inside it is stored without it.

`match_text` is what a rule reads: the cleaned text, case- and accent-folded, with letters
from other scripts that look like Latin ones (Unicode's confusables: Cyrillic "о", Greek
"Η", Armenian "օ", Latin small capitals) read as the Latin letter and other scripts' digits
as digits, so "оxycodone" typed with a Cyrillic o is still oxycodone.

Lighter tidying, for fields that keep every character typed (codes, notes, names that refuse
hidden characters instead of losing them): `collapse_spaces` makes runs of spaces, tabs and
line breaks one space and trims the ends; `optional_line` is that or None when nothing is
left; `optional_text` only trims (a note keeps its line breaks) or gives None. Keys that
find a thing typed another way: `lookup_key` (case, accents and spaces folded, a pharmacy's
name) and `username_key` (trimmed, case-folded).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

from ldnclinic.domain.names import fold

# Unicode categories that print nothing: format (Cf: zero-width space/joiner, BOM, bidi
# marks, soft hyphen), private use, surrogates, unassigned.
_INVISIBLE = frozenset({"Cf", "Co", "Cs", "Cn"})
# Control characters that separate words (tab, line and page breaks) read as a space; any
# other control character (NUL, escape ...) is dropped, so "Nor\x00co" is read as "Norco".
_SEPARATING_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")
_LINE_BREAKS = frozenset({"Zl", "Zp"})

# Letters that look like Latin ones, after case folding (kept for those Unicode's confusables
# table pairs with another character first: Cyrillic "н" for "h", Greek iota for "i").
_EXTRA_LOOKALIKES = {"н": "h", "ι": "i", "Ι": "i", "і": "i", "η": "n", "ν": "v", "г": "r", "ɡ": "g"}
_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])$")


@cache
def _lookalikes() -> dict[str, str]:
    """Every non-ASCII character that looks like an ASCII letter, and that letter (lower case):
    Unicode's confusables table (UTS #39), shipped as data/lookalikes.json (tools/build_lookalikes.py
    makes it from the package confusable-homoglyphs; a test keeps the two equal)."""
    data = resources.files("ldnclinic.domain.data").joinpath("lookalikes.json").read_text("utf-8")
    table: dict[str, str] = json.loads(data)
    table.update(_EXTRA_LOOKALIKES)
    return table


def _as_latin(char: str) -> str:
    """A non-ASCII character read as the ASCII letter or digit it looks like (or itself)."""
    latin = _lookalikes().get(char)
    if latin is not None:
        return latin
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)  # "٣" and "३" are 3
    small = _SMALL_CAPITAL.match(unicodedata.name(char, ""))
    return small.group(1).lower() if small else char


def clean_text(text: str) -> str:
    """NFKC, invisible characters removed, control characters as spaces, spaces collapsed."""
    normalized = unicodedata.normalize("NFKC", text)
    kept = []
    for char in normalized:
        category = unicodedata.category(char)
        if category in _LINE_BREAKS or char in _SEPARATING_CONTROLS:
            kept.append(" ")
        elif category not in _INVISIBLE and category != "Cc":
            kept.append(char)
    return " ".join("".join(kept).split())


def has_hidden_characters(text: str) -> bool:
    """Does the text hold characters nobody can see (zero-width, bidi overrides, NUL, escape)?
    Tabs and line breaks do not count. Fields where every character matters, such as names,
    refuse such text instead of cleaning it."""
    return any(
        unicodedata.category(char) in _INVISIBLE
        or (unicodedata.category(char) == "Cc" and char not in "\t\n\r")
        for char in text
    )


def match_text(text: str) -> str:
    """Cleaned, folded text with look-alike letters and other scripts' digits read as Latin
    ones: what rules compare. "ΝΑLΤRΕΧΟΝΕ" in Greek capitals is naltrexone."""
    cleaned = clean_text(text)
    if not cleaned.isascii():
        cleaned = "".join(char if char.isascii() else _as_latin(char) for char in cleaned)
    return fold(cleaned)


def optional_clean_text(text: str | None) -> str | None:
    """`clean_text`, or None when nothing is left: an optional free-text clinical entry."""
    return clean_text(text or "") or None


def collapse_spaces(text: str | None) -> str:
    """Runs of whitespace (spaces, tabs, line breaks) made one space, the ends trimmed; nothing
    else changes (None reads as "")."""
    return " ".join((text or "").split())


def optional_line(text: str | None) -> str | None:
    """`collapse_spaces`, or None when nothing is left: an optional one-line field."""
    return collapse_spaces(text) or None


def optional_text(text: str | None) -> str | None:
    """The ends trimmed (inner line breaks kept), or None when nothing is left: an optional
    note."""
    return (text or "").strip() or None


def lookup_key(text: str) -> str:
    """Spaces collapsed, then case and accents folded: "  Peña   Pharmacy" and "pena pharmacy"
    find each other (a pharmacy's `name_key`)."""
    return fold(collapse_spaces(text))


def username_key(text: str) -> str:
    """A user name as stored and looked up: trimmed and case-folded."""
    return text.strip().casefold()
