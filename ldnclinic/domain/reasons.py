"""Is a typed reason something a reviewer can read?

An override of a hard stop is kept with the prescription and read later by a reviewer, a
pharmacist or a board investigator: "..........", "xxxxxxxxxx", "asdf qwer", "lorem ipsum",
a web address or a copy of the warning itself say nothing. `reason_problem` accepts a reason
when, after web and e-mail addresses are set aside, it has at least three different real
words and one of them has five letters or more, most of what was typed is words, and the
words are not only a copy of the text it answers (`answering`, such as the hard stop's
message) or of this rule's own messages.

A real word has two letters or more and a vowel, is not one letter repeated ("xxxx"), not a
run of the alphabet ("abcd", "zyxw"), not a keyboard mash (letter pairs English never has,
such as "qw", "zx", "cv"), and not a placeholder ("test", "lorem", "foo").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from ldnclinic.domain.field_limits import REASON
from ldnclinic.domain.text import clean_text, match_text

MIN_WORDS = 3
LONG_WORD = 5
MAX_REASON_LENGTH = REASON.chars
_LETTERS = re.compile(r"[^\W\d_]+")
_ADDRESSES = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\S+|\b\S+\.(?:com|org|net|gov|edu)\S*")
_VOWELS = frozenset("aeiouy")
# Letter pairs English words do not have: a keyboard mash ("qwera", "zxcva").
_NEVER_IN_ENGLISH = re.compile(
    r"q[^u]|[^aeiou]q|zx|xz|cv|vc|jx|xj|jz|zj|vj|jv|wx|xw|jw|wj|vw|wv|fv|vf|bx|xb|vx|xv|kz|zk"
)
_PLACEHOLDERS = frozenset(
    re.findall(
        r"\w+",
        "test tests testing lorem ipsum dolor amet consectetur adipiscing elit foo bar baz foobar qux "
        "xyzzy plugh asdf asdfg qwerty qwert blah bla etc placeholder dummy sample tbd todo na none "
        "nothing whatever okay ok yes yeah fine sure",
    )
)
REASON_HINT = (
    "Write it as a sentence a reviewer can read, for example: “Patient stopped tramadol on 11/20; "
    "the pharmacy confirmed the last fill was 10/15.”"
)
# The words of this rule's own messages (not its example): pasting a message back is no reason.
_OWN_WORDS = frozenset(
    _LETTERS.findall(
        "the reason override is required needs at least real words one of them five letters or more "
        "does not read as a sentence repeats the message it answers say in your own words why it is "
        "safe write it as a sentence a reviewer can read for example"
    )
)


def _is_real(word: str) -> bool:
    if len(word) < 2 or len(set(word)) == 1 or not _VOWELS.intersection(word):
        return False
    if word in _PLACEHOLDERS:
        return False
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(word)}
    if len(word) >= 3 and steps in ({1}, {-1}):
        return False  # "abcd", "zyxw"
    return _NEVER_IN_ENGLISH.search(word) is None


def real_words(text: str) -> list[str]:
    """The words of `text` that look like words (see the module doc)."""
    return [word for word in _LETTERS.findall(match_text(_ADDRESSES.sub(" ", text))) if _is_real(word)]


def reason_problem(text: str, *, what: str = "The reason", answering: Iterable[str] = ()) -> str | None:
    """Why `text` is not an acceptable reason, or None when it is."""
    cleaned = clean_text(text)
    if not cleaned:
        return f"{what} is required. {REASON_HINT}"
    if len(cleaned) > MAX_REASON_LENGTH:
        return f"{what} can be at most {MAX_REASON_LENGTH:,} characters."
    found = real_words(cleaned)
    distinct = set(found)
    typed = _LETTERS.findall(match_text(_ADDRESSES.sub(" ", cleaned)))
    if len(distinct) < MIN_WORDS or not any(len(word) >= LONG_WORD for word in distinct):
        return (
            f"{what} needs at least {MIN_WORDS} real words, one of them five letters or more. {REASON_HINT}"
        )
    if len(found) * 2 < len(typed) or len(distinct) * 3 < len(found):
        return f"{what} does not read as a sentence. {REASON_HINT}"
    copied = set(_LETTERS.findall(match_text(" ".join(answering)))) | _OWN_WORDS
    if distinct <= copied:
        return f"{what} repeats the message it answers: say in your own words why it is safe. {REASON_HINT}"
    return None
