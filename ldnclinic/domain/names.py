"""Name normalization for search and duplicate checks.

Names are stored exactly as entered. Search uses a key with case and accents folded,
because SQL LIKE folds ASCII only: "pena" must find "Peña", "odegard" "Ødegård".
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not split into base letter + accent.
_EXTRA_FOLDS = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ŧ": "t",
    }
)
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,/]+")
_DROPPED = re.compile(r"['’‘`´ʼ\"]")


def fold(text: str) -> str:
    """Case- and accent-folded text: "Ødegård-Peña" -> "odegard-pena"."""
    lowered = text.casefold().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def name_tokens(*parts: str | None) -> list[str]:
    """The searchable words of a name, folded; apostrophes vanish ("O'Brien" -> "obrien").

    Hyphenated and compound names give each piece and the joined whole, so "Garcia-Lopez"
    is found by "garcia", "lopez" and "garcialopez".
    """
    tokens: list[str] = []
    for part in parts:
        if not part:
            continue
        for word in fold(_DROPPED.sub("", part)).split():
            pieces = [p for p in _SEPARATORS.split(word) if p]
            candidates = [*pieces, "".join(pieces)] if len(pieces) > 1 else pieces
            for token in candidates:
                if token and token not in tokens:
                    tokens.append(token)
    return tokens


def query_words(query: str) -> list[str]:
    """The folded words of a search box text, with the same rules as `name_tokens`."""
    words: list[str] = []
    for word in fold(_DROPPED.sub("", query)).split():
        joined = "".join(p for p in _SEPARATORS.split(word) if p)
        if joined:
            words.append(joined)
    return words


def sort_key(last_name: str, first_name: str) -> str:
    """Key that orders patients by last name, then first name, ignoring case and accents."""
    return f"{' '.join(fold(last_name).split())}\x01{' '.join(fold(first_name).split())}"


def identity_key(first_name: str, last_name: str) -> str:
    """Normalized first + last name for the duplicate guard (with the date of birth)."""
    first = "".join(query_words(first_name))
    last = "".join(query_words(last_name))
    return f"{last}|{first}"


def display_name(first: str, last: str, middle: str | None = None) -> str:
    """ "Last, First Middle" as a chart or list shows it."""
    given = f"{first} {middle}".strip() if middle else first
    return f"{last}, {given}"
