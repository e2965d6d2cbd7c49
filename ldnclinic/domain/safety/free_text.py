"""How the safety screen reads and quotes free text (`ldnclinic.domain.safety.screen`).

Matching folds case and accents and works on whole words: `words` turns text into folded
words with letters and digits split ("T3" -> "t 3"), `terms` builds a whole-word pattern from
a term list and `mentions` looks for it, optionally ignoring phrases first ("not pregnant").
Messages quote what was entered through `clip` and `quoted`: on one line, without control
characters, cut to about 60 characters, at most three items listed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ldnclinic.domain.names import fold

QUOTE_LIMIT = 60
LISTED_ITEMS = 3

_NOT_WORD = re.compile(r"[\W_]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_UNPRINTABLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def words(text: str) -> str:
    """Folded words separated by single spaces; letters and digits split: "T3" -> "t 3"."""
    value = _LETTER_DIGIT.sub(" ", fold(text))
    return " ".join(_NOT_WORD.sub(" ", value).split())


def terms(*entries: str) -> re.Pattern[str]:
    """Whole-word pattern for terms; a trailing "*" also accepts any ending ("pregnan*")."""
    parts = []
    for term in sorted(entries, key=len, reverse=True):
        body = re.escape(words(term.removesuffix("*")))
        parts.append(body + (r"\w*" if term.endswith("*") else ""))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def mentions(pattern: re.Pattern[str], text: str, ignore: re.Pattern[str] | None = None) -> bool:
    folded = words(text)
    if ignore is not None:
        folded = ignore.sub(" ", folded)
    return pattern.search(folded) is not None


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Text as entered, on one line, without control characters, cut to `limit` characters."""
    printable = "".join(ch for ch in text if unicodedata.category(ch) not in _UNPRINTABLE)
    value = " ".join(printable.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def quoted(items: Iterable[str]) -> str:
    """“a”, “b” and “c”; more than three end with "and N more"."""
    unique = list(dict.fromkeys(f"“{clip(item)}”" for item in items))
    shown = unique[:LISTED_ITEMS]
    hidden = len(unique) - len(shown)
    if hidden:
        return ", ".join(shown) + f" and {hidden} more"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]
