"""Finding the names of the term list in a medication entry (`medications.classify_medication`).

The term list (data/medication_terms.toml) is loaded once. An entry is read in several
variants (each normalized the same way as the list's names):
- as typed, cleaned by `text.match_text` (NFKC, invisible and control characters dropped,
  case, accents, look-alike letters and other scripts' digits folded);
- letters joined across punctuation ("tra-ma-dol", "oxy_codone", "oxy/codone") and letters
  spelled out one by one ("n o r c o");
- digits and symbols standing in for letters inside a word ("0xycodone", "$uboxone").
Normalizing reads numbered products as numbers ("Tylenol No. 3", "Tylenol-3", "Tylenol III",
"Tylenol" + "3"), "w/", "/", "+" and "&" as "with", hyphens as spaces.

A name matches as whole words; a name typed as two or three words is read joined; a plural
("Norcos") is read as the name; a few shorthands count only before a strength ("oxy 30s");
a word close to a name is read as that name (one letter off for names of 5 to 9 letters, two
for 10 or more, or for 8 or more with the same first four letters; "ph" read as "f", "k" as
"c", doubled letters as one), unless the list says it is a real word. A name just after a
negation ("non-", "no", "without", "stopped", "not on", "allergic to" ...) or written
"...-free" does not count.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz.distance import OSA

from ldnclinic.domain.text import match_text

TERMS_RESOURCE = "medication_terms.toml"


@dataclass(frozen=True, slots=True)
class Term:
    phrase: str  # normalized
    ingredient: str
    group: str  # "opioid" | "antagonist"
    kind: str
    hospital: bool
    dose_decides: bool = False  # plain naltrexone: LDN or not depends on the dose written


@dataclass(frozen=True, slots=True)
class Terms:
    version: str
    by_phrase: dict[str, Term]
    pattern: re.Pattern[str]
    with_strength: re.Pattern[str]  # shorthand read only before a strength ("oxy 10")
    strength_unless: re.Pattern[str]  # ... and not when the entry (as typed) says it is something else
    fuzzy: dict[str, tuple[tuple[str, str], ...]]  # folded first letter -> (folded name, name)
    before: tuple[tuple[str, ...], ...]  # negations before a name, as word sequences
    after: frozenset[str]
    not_misspellings: frozenset[str]


@cache
def terms() -> Terms:
    data = tomllib.loads(resources.files("ldnclinic.domain.data").joinpath(TERMS_RESOURCE).read_text("utf-8"))
    by_phrase: dict[str, Term] = {}
    strength_phrases: dict[str, Term] = {}
    for group in ("opioid", "antagonist"):
        for entry in data.get(group, []):
            dose_decides = {normalize(raw) for raw in entry.get("dose_decides", ())}
            for raw in entry.get("needs_strength", ()):
                phrase = normalize(raw)
                strength_phrases[phrase] = Term(phrase, entry["ingredient"], group, entry["kind"], False)
            for raw in (*entry.get("names", ()), *entry.get("shorthand", ()), *entry.get("dose_decides", ())):
                phrase = normalize(raw)
                if phrase and phrase not in by_phrase:
                    hospital = entry.get("setting", "any") == "hospital"
                    by_phrase[phrase] = Term(
                        phrase, entry["ingredient"], group, entry["kind"], hospital, phrase in dose_decides
                    )
    pattern = _alternation(by_phrase, r"(?!\w)")
    with_strength = _alternation(strength_phrases, r"\s*(?=\d+(?:\s*mg|s)?\b)")
    by_phrase.update({phrase: term for phrase, term in strength_phrases.items() if phrase not in by_phrase})
    fuzzy: dict[str, list[tuple[str, str]]] = {}
    for phrase in by_phrase:
        if phrase.isalpha() and len(phrase) >= _FUZZY_SHORTEST:
            sound = _sound(phrase)
            fuzzy.setdefault(sound[0], []).append((sound, phrase))
    negation = data.get("negation", {})
    unless = [
        rf"\b{re.escape(word)}\b" if word.isalnum() else re.escape(word)
        for word in negation.get("strength_unless", ())
    ] or ["(?!)"]
    return Terms(
        version=str(data["version"]),
        by_phrase=by_phrase,
        pattern=pattern,
        with_strength=with_strength,
        strength_unless=re.compile("|".join(unless)),
        fuzzy={letter: tuple(names) for letter, names in fuzzy.items()},
        before=tuple(tuple(normalize(words).split()) for words in negation.get("before", ())),
        after=frozenset(negation.get("after", ())),
        not_misspellings=frozenset(normalize(w) for w in data.get("not_misspellings", {}).get("words", ())),
    )


def _alternation(phrases: dict[str, Term], tail: str) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True) or ["(?!)"]
    return re.compile(r"(?<![\w#])(?:" + "|".join(re.escape(p) for p in ordered) + r")" + tail)


# --- normalizing ---------------------------------------------------------------------------------

_AC = re.compile(r"\ba\s*[.\-]\s*c\b\.?")  # "Cheratussin A.C." / "A-C" -> "ac"
# "codeine-free", "codeine free cough syrup" (not "oxycodone free base", "... free sample")
_FREE = re.compile(
    r"(?:[\-\u2010\u2011\u2013\u2014]\s*free\b"
    r"|\s+free(?=\s+(?!of\b|base\b|samples?\b|trial\b|from\b|with\b|at\b)\w))"
)
_FREE_MARK = "freeofit"  # one word, so that the hyphen and underscore rules leave it whole
_NON_HYPHEN = re.compile(r"\bnon\s*[\-\u2010\u2011\u2013\u2014]\s*")  # "non-codeine"
_HYPHEN = re.compile(r"[\-\u2010\u2011\u2013\u2014_]")
# "Tylenol No. 3", "Tylenol number 3": a numbered product after its name (not "no 7-OH").
_NUMBER_SIGN = re.compile(r"(?:(?<=\w) (?:no\.?|number|num\.?|nº|n°)|#) ?(\d)\b")
_ROMAN = re.compile(r"\b(tylenol|tyl|empirin) (ii|iii|iv)\b")
_ROMAN_VALUES = {"ii": "2", "iii": "3", "iv": "4"}
# "Tylenol 3" is Tylenol with codeine No. 3; "Tylenol 3 times a day" is plain Tylenol, and
# so is "Tylenol 2 tabs"; "Tylenol 3 tabs" is still read as No. 3, the common codeine
# product (a prescriber can override a false alarm, not a missed opioid).
_TYLENOL_NUMBER = re.compile(
    r"\b(tylenol|tyl|empirin) (\d)\b(?! ?(?:x\b|times?\b|[.,]\d))"
    r"(?!(?<=[12]) (?:tabs?|tablets?|caps?|capsules?|pills?)\b)"
)
_WITH = re.compile(r" ?(?:/|\bw/|\+|&) ?")
_NON_WORD = re.compile(r"[^\w#\s]")


def normalize(text: str) -> str:
    """Text as names are compared: see the module doc."""
    value = " ".join(match_text(text).split())
    value = _AC.sub("ac", value)
    value = _FREE.sub(f" {_FREE_MARK}", value)
    value = _NON_HYPHEN.sub("non ", value)
    value = " ".join(_HYPHEN.sub(" ", value).split())
    value = _NUMBER_SIGN.sub(r" #\1", value)
    value = _ROMAN.sub(lambda m: f"{m.group(1)} #{_ROMAN_VALUES[m.group(2)]}", value)
    value = _TYLENOL_NUMBER.sub(r"\1 #\2", value)
    value = _WITH.sub(" with ", value)
    value = _NON_WORD.sub(" ", value)
    return " ".join(value.split())


# Not "non-codeine" or "codeine-free": negations keep their hyphen.
_ACROSS_PUNCTUATION = re.compile(r"(?<=[a-z])(?<!\bnon)[\-/_.·*'’]+(?=[a-z])(?!free\b)")
_STAND_INS = str.maketrans(
    {
        "0": "o",
        "1": "l",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "$": "s",
        "@": "a",
        "!": "i",
        "|": "l",
    }
)
_MIXED_WORD = re.compile(r"(?<!\S)(?=\S*[a-z])(?=\S*[0-9$@!|])\S+")
_SPELLED_OUT = re.compile(r"\b(?:[a-z][\s.\-]+){2,}[a-z]\b")


def variants(text: str) -> list[str]:
    """The entry normalized as typed, then with letters joined and stand-ins read as letters."""
    folded = " ".join(match_text(text).split())
    joined = _ACROSS_PUNCTUATION.sub("", folded)
    joined = _SPELLED_OUT.sub(lambda m: re.sub(r"[\s.\-]+", "", m.group(0)), joined)
    lettered = _MIXED_WORD.sub(lambda m: m.group(0).translate(_STAND_INS), joined)
    return list(dict.fromkeys(normalize(variant) for variant in (folded, joined, lettered)))


# --- finding names -------------------------------------------------------------------------------

_FUZZY_SHORTEST = 5


def find(terms: Terms, text: str) -> list[tuple[Term, str]]:
    """(term, what matched) for every name in the entry that is not negated, in order."""
    found: list[tuple[Term, str]] = []
    strength_shorthand = not terms.strength_unless.search(match_text(text))
    for variant in variants(text):
        words = variant.split()
        starts = [m.start() for m in re.finditer(r"\S+", variant)]
        taken: set[int] = set()
        matches = [*terms.pattern.finditer(variant)]
        if strength_shorthand:
            matches += terms.with_strength.finditer(variant)
        for match in matches:
            phrase = match.group(0).strip()
            first = bisect_right(starts, match.start()) - 1
            last = first + len(phrase.split())
            taken.update(range(first, last))
            if not negated(terms, words, first, last):
                found.append((terms.by_phrase[phrase], phrase))
        found.extend(_near_names(terms, words, taken))
    return list(dict.fromkeys(found))


def _near_names(terms: Terms, words: list[str], taken: set[int]) -> list[tuple[Term, str]]:
    """Words that are not names as typed: misspelt, plural, or a name split in two or three."""
    found = []
    for first in range(len(words)):
        for size in (1, 2, 3):
            span = range(first, first + size)
            if first + size > len(words) or taken.intersection(span):
                break
            typed = "".join(words[first : first + size])
            if not typed.isalpha():
                break
            phrase = _read_as_name(terms, typed, joined=size > 1)
            if phrase is not None and not negated(terms, words, first, first + size):
                found.append((terms.by_phrase[phrase], typed))
                taken.update(span)
                break
    return found


def _read_as_name(terms: Terms, typed: str, *, joined: bool) -> str | None:
    if joined and typed in terms.by_phrase:
        return typed
    if typed in terms.not_misspellings:
        return None
    for stem in (typed[:-1], typed[:-2]) if typed.endswith("s") else ():
        if len(stem) >= 4 and stem in terms.by_phrase and stem.isalpha():
            return stem  # "Norcos", "Lortabs"
    return misspelled(terms, typed)


def negated(terms: Terms, words: list[str], first: int, last: int) -> bool:
    after = words[last] if last < len(words) else ""
    if after == _FREE_MARK and "free" in terms.after:
        return True
    return any(tuple(words[max(0, first - len(before)) : first]) == before for before in terms.before)


def _sound(word: str) -> str:
    """A word as it sounds, roughly: "ph" as "f", "k" as "c", doubled letters as one."""
    value = word.replace("ph", "f").replace("k", "c")
    return re.sub(r"(.)\1+", r"\1", value)


def misspelled(terms: Terms, word: str) -> str | None:
    """The name `word` is a misspelling of, or None."""
    if len(word) < _FUZZY_SHORTEST or not word.isalpha() or word in terms.not_misspellings:
        return None
    sound = _sound(word)
    for name_sound, phrase in terms.fuzzy.get(sound[0], ()):
        limit = _allowed_edits(phrase, word)
        if abs(len(name_sound) - len(sound)) > limit:
            continue
        if OSA.distance(sound, name_sound, score_cutoff=limit) <= limit:
            return phrase
    return None


def _allowed_edits(name: str, word: str) -> int:
    if len(name) >= 10 or (len(name) >= 8 and len(word) >= 7 and name[:4] == word[:4]):
        return 2
    if len(name) <= 6 and name[0] != word[0]:
        return 0  # a short name: one letter off, never the first
    return 1
