"""Is a typed reason something a reviewer can read?

An override of a hard stop is kept with the prescription and read later by a reviewer, a
pharmacist or a board investigator: "..........", "xxxxxxxxxx", "asdf asdf" or "ok" say
nothing. `reason_problem` accepts a reason when it has at least three different real words
(two letters or more, with a vowel, not one letter repeated) and one of them has four letters
or more, and when most of what was typed is words.
"""

from __future__ import annotations

import re

from ldnclinic.domain.text import clean_text, match_text

MIN_WORDS = 3
MAX_REASON_LENGTH = 1000
_LETTERS = re.compile(r"[^\W\d_]+")
_VOWELS = frozenset("aeiouy")
REASON_HINT = (
    "Write it as a sentence a reviewer can read, for example: “Patient stopped tramadol on 11/20; "
    "the pharmacy confirmed the last fill was 10/15.”"
)


def real_words(text: str) -> list[str]:
    """The words of `text` that look like words: two letters or more, a vowel, not one letter repeated."""
    return [
        word
        for word in _LETTERS.findall(match_text(text))
        if len(word) >= 2 and len(set(word)) > 1 and _VOWELS.intersection(word)
    ]


def reason_problem(text: str, *, what: str = "The reason") -> str | None:
    """Why `text` is not an acceptable reason, or None when it is."""
    cleaned = clean_text(text)
    if not cleaned:
        return f"{what} is required. {REASON_HINT}"
    if len(cleaned) > MAX_REASON_LENGTH:
        return f"{what} can be at most {MAX_REASON_LENGTH:,} characters."
    found = real_words(cleaned)
    distinct = set(found)
    typed = _LETTERS.findall(match_text(cleaned))
    if len(distinct) < MIN_WORDS or not any(len(word) >= 4 for word in distinct):
        return f"{what} needs at least {MIN_WORDS} real words. {REASON_HINT}"
    if len(found) * 2 < len(typed) or len(distinct) * 3 < len(found):
        return f"{what} does not read as a sentence. {REASON_HINT}"
    return None
