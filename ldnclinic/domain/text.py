"""Cleaning typed text before it is stored or read by a rule.

`clean_text` is what every free-text clinical entry goes through before it is stored:
Unicode NFKC (full-width letters, ligatures and compatibility forms become plain ones),
invisible format characters (zero-width spaces and joiners, the byte-order mark, bidi marks)
and control characters such as NUL removed, tabs and line breaks turned into spaces, runs of
spaces collapsed. A name typed with a zero-width space inside it is stored without it.

`match_text` is what a rule reads: the cleaned text, case- and accent-folded, with letters
from other scripts that look like Latin ones (Cyrillic "о", Greek "ο") read as the Latin
letter, so "оxycodone" typed with a Cyrillic o is still oxycodone.
"""

from __future__ import annotations

import unicodedata

from ldnclinic.domain.names import fold

# Unicode categories that print nothing: format (Cf: zero-width space/joiner, BOM, bidi
# marks, soft hyphen), private use, surrogates, unassigned.
_INVISIBLE = frozenset({"Cf", "Co", "Cs", "Cn"})
# Control characters that separate words (tab, line and page breaks) read as a space; any
# other control character (NUL, escape ...) is dropped, so "Nor\x00co" is read as "Norco".
_SEPARATING_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")
_LINE_BREAKS = frozenset({"Zl", "Zp"})

# Letters of other scripts that look like Latin letters (after case folding).
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "һ": "h",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "ѕ": "s",
        "т": "t",
        "у": "y",
        "х": "x",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ɡ": "g",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ω": "w",
        "ϲ": "c",
        # Latin look-alikes outside ASCII
        "ı": "i",
        "ſ": "s",
        "ℓ": "l",
    }
)


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
    """Cleaned, folded text with look-alike letters read as Latin: what rules compare."""
    return fold(clean_text(text)).translate(_LOOKALIKES)
