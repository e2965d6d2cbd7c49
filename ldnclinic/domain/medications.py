"""One reading of a medication-list entry, for every part of the app.

`classify_medication(name, dose, note)` reads the whole entry (an import may put "Tylenol" in
the name and "3" in the dose) and says what in it matters to an LDN prescription: an opioid
(LDN blocks it: withdrawal, and the painkiller stops working), another opioid antagonist
(naltrexone at a full dose or in a long-acting form, naltrexone or samidorphan combinations,
nalmefene, gut-acting antagonists: duplicate antagonist therapy), naloxone kept for an
overdose, the patient's own LDN, thyroid hormone and systemic immunosuppressants. The chart's
badges, the safety screen, import and the command line all call this one function, so they
cannot read the same entry two ways.

How an entry is read:
- the text is cleaned (`text.match_text`): NFKC, invisible and control characters dropped,
  case and accents folded, Cyrillic or Greek look-alike letters read as Latin ones; letters
  spelled out one by one ("n o r c o") and digits standing in for letters ("0xycodone") are
  read as words too;
- numbered products are read as numbers ("Tylenol No. 3", "Tylenol-3", "Tylenol" + "3"),
  "w/", "/", "+" and "&" as "with", hyphens as spaces;
- terms (data/medication_terms.toml, versioned with the safety rules) match whole words;
- a term written as a negation is not a match: "non-opioid", "no codeine", "without
  codeine", "codeine-free";
- a name split in two ("hydro codone", "oxy-codone") is read joined; a few shorthands count
  only before a strength ("oxy 10", "hydro 5");
- a word one letter off an opioid or antagonist name of 7 letters or more (two letters off
  for names of 8 or more, "ph" read as "f") is read as that name, unless it is a real word
  listed as not a misspelling.

Naltrexone is the patient's LDN when the entry says so (LDN, low dose, compounded) or gives a
dose of 10 mg or less; a full dose, a long-acting form (injection, ER, implant), a brand of
the 50 mg tablet or naltrexone with no dose at all (the only commercial tablet is 50 mg) is
another antagonist.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz.distance import OSA

from ldnclinic.domain.rx_safety_terms import IMMUNOSUPPRESSANTS, LOCAL_USE, THYROID, THYROID_SHORTHAND
from ldnclinic.domain.rx_safety_text import mentions
from ldnclinic.domain.text import clean_text, match_text

TERMS_RESOURCE = "medication_terms.toml"
LOW_DOSE_LIMIT_MG = Decimal(10)
_NALTREXONE = "naltrexone"


class OpioidKind(StrEnum):
    AGONIST = "agonist"
    PARTIAL_AGONIST = "partial_agonist"
    MIXED = "mixed"
    ANTIDIARRHEAL = "antidiarrheal"
    KRATOM = "kratom"
    ATYPICAL = "atypical"

    @property
    def label(self) -> str:
        return _OPIOID_LABELS[self]


_OPIOID_LABELS = {
    OpioidKind.AGONIST: "opioid agonist",
    OpioidKind.PARTIAL_AGONIST: "opioid partial agonist",
    OpioidKind.MIXED: "opioid agonist-antagonist",
    OpioidKind.ANTIDIARRHEAL: "opioid antidiarrheal",
    OpioidKind.KRATOM: "kratom (opioid-like)",
    OpioidKind.ATYPICAL: "opioid-acting supplement",
}


class AntagonistKind(StrEnum):
    NALTREXONE = "naltrexone"
    COMBINATION = "combination"
    SAMIDORPHAN = "samidorphan"
    NALMEFENE = "nalmefene"
    PERIPHERAL = "peripheral"
    RESCUE = "rescue"

    @property
    def label(self) -> str:
        return _ANTAGONIST_LABELS[self]

    @property
    def blocks_ldn(self) -> bool:
        """Naloxone kept for an overdose is not taken every day: it does not stop LDN."""
        return self is not AntagonistKind.RESCUE


_ANTAGONIST_LABELS = {
    AntagonistKind.NALTREXONE: "naltrexone at a full dose or in a long-acting form",
    AntagonistKind.COMBINATION: "a combination product with an opioid antagonist",
    AntagonistKind.SAMIDORPHAN: "samidorphan, an opioid antagonist",
    AntagonistKind.NALMEFENE: "nalmefene, an opioid antagonist",
    AntagonistKind.PERIPHERAL: "a gut-acting opioid antagonist, used for constipation caused by opioids",
    AntagonistKind.RESCUE: "naloxone, kept to reverse an opioid overdose",
}


@dataclass(frozen=True, slots=True)
class OpioidMatch:
    """An opioid found in an entry: the words that matched and the opioid they mean."""

    matched: str
    ingredient: str
    kind: OpioidKind
    hospital: bool = False

    @property
    def summary(self) -> str:
        if self.matched == self.ingredient:
            return f"{self.ingredient} ({self.kind.label})"
        return f"{self.matched}: contains {self.ingredient} ({self.kind.label})"


@dataclass(frozen=True, slots=True)
class AntagonistMatch:
    """An opioid antagonist found in an entry (not the patient's own LDN)."""

    matched: str
    ingredient: str
    kind: AntagonistKind
    why: str = ""  # for naltrexone: what makes it more than LDN ("50 mg", "no dose given")

    @property
    def summary(self) -> str:
        detail = f"; {self.why}" if self.why else ""
        return f"{self.matched}: {self.kind.label}{detail}"


@dataclass(frozen=True, slots=True)
class MedicationReading:
    """What one medication-list entry holds, as every rule reads it."""

    text: str  # the entry on one line, cleaned, as the user wrote it ("Tramadol 50 mg")
    opioids: tuple[OpioidMatch, ...] = ()
    antagonist: AntagonistMatch | None = None
    ldn: bool = False  # the patient's own low-dose naltrexone
    thyroid: bool = False
    thyroid_shorthand: bool = False  # a bare "T3" / "T4"
    immunosuppressant: bool = False  # systemic (not eye drops, creams or ointments)

    @property
    def opioid(self) -> OpioidMatch | None:
        return self.opioids[0] if self.opioids else None

    @property
    def blocks_ldn(self) -> bool:
        """An opioid, or an antagonist that would double LDN: a hard stop when taken now."""
        return bool(self.opioids) or (self.antagonist is not None and self.antagonist.kind.blocks_ldn)

    @property
    def subject(self) -> str:
        """The entry folded to one key: what an override or acknowledgement names."""
        return match_text(self.text)

    def labels(self) -> tuple[str, ...]:
        """Short labels of everything found, for lists and JSON ("opioid: tramadol")."""
        found = [f"opioid: {match.ingredient}" for match in self.opioids]
        if self.antagonist is not None:
            prefix = (
                "naloxone rescue" if self.antagonist.kind is AntagonistKind.RESCUE else "opioid antagonist"
            )
            found.append(f"{prefix}: {self.antagonist.ingredient}")
        if self.ldn:
            found.append("LDN")
        if self.thyroid or self.thyroid_shorthand:
            found.append("thyroid hormone" if self.thyroid else "thyroid hormone (T3/T4?)")
        if self.immunosuppressant:
            found.append("immunosuppressant")
        return tuple(found)


def entry_text(name: str, dose: str | None = None, note: str | None = None) -> str:
    """The whole entry on one line, cleaned: name, dose, note."""
    return clean_text(" ".join(part for part in (name, dose or "", note or "") if part))


@lru_cache(maxsize=4096)  # a pure function of its text: lists and screens read an entry often
def classify_medication(name: str, dose: str | None = None, note: str | None = None) -> MedicationReading:
    """Everything the app needs to know about one medication-list entry (see the module doc)."""
    text = entry_text(name, dose, note)
    terms = _terms()
    found = _find(terms, text)
    by_ingredient: dict[str, OpioidMatch] = {}
    for term, matched in found:
        if term.group == "opioid":
            by_ingredient.setdefault(term.ingredient, _opioid(term, matched))
    opioids = tuple(by_ingredient.values())
    antagonists = [(term, matched) for term, matched in found if term.group == "antagonist"]
    folded = match_text(text)
    if opioids:  # naloxone in buprenorphine/naloxone or oxycodone/naloxone is part of the opioid
        antagonists = [(term, matched) for term, matched in antagonists if term.kind != AntagonistKind.RESCUE]
    antagonist, ldn = _antagonist(antagonists, folded)
    return MedicationReading(
        text=text,
        opioids=opioids,
        antagonist=antagonist,
        ldn=ldn,
        thyroid=mentions(THYROID, folded),
        thyroid_shorthand=not mentions(THYROID, folded) and mentions(THYROID_SHORTHAND, folded),
        immunosuppressant=mentions(IMMUNOSUPPRESSANTS, folded) and not mentions(LOCAL_USE, folded),
    )


def terms_version() -> str:
    """The version written in the term list (tests hold it equal to the rules version)."""
    return _terms().version


def term_count() -> int:
    """How many names and abbreviations the term list holds."""
    return len(_terms().by_phrase)


# --- the term list ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Term:
    phrase: str  # normalized
    ingredient: str
    group: str  # "opioid" | "antagonist"
    kind: str
    hospital: bool


@dataclass(frozen=True, slots=True)
class _Terms:
    version: str
    by_phrase: dict[str, _Term]
    pattern: re.Pattern[str]
    with_strength: re.Pattern[str]  # shorthand read only before a strength ("oxy 10")
    fuzzy: dict[str, tuple[tuple[str, str], ...]]  # first letter -> (sound-folded name, name)
    before: frozenset[str]
    after: frozenset[str]
    not_misspellings: frozenset[str]


@cache
def _terms() -> _Terms:
    data = tomllib.loads(resources.files("ldnclinic.domain.data").joinpath(TERMS_RESOURCE).read_text("utf-8"))
    by_phrase: dict[str, _Term] = {}
    strength_phrases: dict[str, _Term] = {}
    for group in ("opioid", "antagonist"):
        for entry in data.get(group, []):
            for raw in entry.get("needs_strength", ()):
                strength_phrases[_normalize(raw)] = _Term(
                    _normalize(raw), entry["ingredient"], group, entry["kind"], False
                )
            for raw in (*entry.get("names", ()), *entry.get("shorthand", ())):
                phrase = _normalize(raw)
                if phrase and phrase not in by_phrase:
                    by_phrase[phrase] = _Term(
                        phrase,
                        entry["ingredient"],
                        group,
                        entry["kind"],
                        entry.get("setting", "any") == "hospital",
                    )
    ordered = sorted(by_phrase, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w#])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")
    shorthand = sorted(strength_phrases, key=len, reverse=True) or ["(?!)"]
    with_strength = re.compile(
        r"(?<![\w#])(" + "|".join(re.escape(p) for p in shorthand) + r")\s*(?=\d+(?:\s*mg|s)?\b)"
    )
    by_phrase.update({phrase: term for phrase, term in strength_phrases.items() if phrase not in by_phrase})
    fuzzy: dict[str, list[tuple[str, str]]] = {}
    for phrase in by_phrase:
        if phrase.isalpha() and len(phrase) >= _FUZZY_MIN_LENGTH:
            fuzzy.setdefault(phrase[0], []).append((_sound(phrase), phrase))
    negation = data.get("negation", {})
    return _Terms(
        version=str(data["version"]),
        by_phrase=by_phrase,
        pattern=pattern,
        with_strength=with_strength,
        fuzzy={letter: tuple(names) for letter, names in fuzzy.items()},
        before=frozenset(negation.get("before", ())),
        after=frozenset(negation.get("after", ())),
        not_misspellings=frozenset(_normalize(w) for w in data.get("not_misspellings", {}).get("words", ())),
    )


# --- normalizing ---------------------------------------------------------------------------------

# "Cheratussin A.C." / "A-C" -> "ac"
_AC = re.compile(r"\ba\s*[.\-]\s*c\b\.?")
# "codeine-free", "codeine free cough syrup" (not "oxycodone free base", "... free sample")
_HYPHEN_FREE = re.compile(
    r"(?:[\-\u2010\u2011\u2013\u2014]\s*free\b|\s+free(?=\s+(?!of\b|base\b|samples?\b|trial\b|from\b|with\b|at\b)\w))"
)
_NON_HYPHEN = re.compile(r"\bnon\s*[\-\u2010\u2011\u2013\u2014]\s*")  # "non-codeine"
_HYPHEN = re.compile(r"[\-\u2010\u2011\u2013\u2014]")
# "Tylenol No. 3", "Tylenol number 3": a numbered product after its name (not "no 7-OH").
_NUMBER_SIGN = re.compile(r"(?:(?<=\w)\s+(?:no\.?|number|num\.?|nº|n°)|#)\s*(\d)\b")
# "Tylenol 3" is Tylenol with codeine No. 3; "Tylenol 3 times a day" is plain Tylenol.
# "Tylenol 2 tabs" is two tablets of plain Tylenol; "Tylenol 3 tabs" is still read as No. 3,
# the common codeine product (a prescriber can override a false alarm, not a missed opioid).
_TYLENOL_NUMBER = re.compile(
    r"\b(tylenol|empirin)\s+(\d)\b(?!\s*(?:x\b|times?\b|[.,]\d))"
    r"(?!(?<=[12])\s+(?:tabs?|tablets?|caps?|capsules?|pills?)\b)"
)
_WITH = re.compile(r"\s*(?:/|\bw/|\+|&)\s*")
_NON_WORD = re.compile(r"[^\w#\s]")
_SPELLED_OUT = re.compile(r"\b(?:[a-z]\s+){2,}[a-z]\b")
_DIGIT_AS_LETTER = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s"})
_MIXED_WORD = re.compile(r"\b(?=\w*[a-z])(?=\w*\d)\w+\b")


def _normalize(text: str) -> str:
    value = match_text(text)
    value = _AC.sub("ac", value)
    value = _HYPHEN_FREE.sub(" _free", value)
    value = _NON_HYPHEN.sub("non ", value)
    value = _HYPHEN.sub(" ", value)
    value = _NUMBER_SIGN.sub(r" #\1", value)
    value = _TYLENOL_NUMBER.sub(r"\1 #\2", value)
    value = _WITH.sub(" with ", value)
    value = _NON_WORD.sub(" ", value)
    return " ".join(value.split())


def _variants(normalized: str) -> list[str]:
    """The text, then the text with spelled-out letters joined and digits read as letters."""
    joined = _SPELLED_OUT.sub(lambda m: m.group(0).replace(" ", ""), normalized)
    lettered = _MIXED_WORD.sub(lambda m: m.group(0).translate(_DIGIT_AS_LETTER), joined)
    return list(dict.fromkeys([normalized, joined, lettered]))


# --- finding terms -------------------------------------------------------------------------------

_FUZZY_MIN_LENGTH = 7
_FUZZY_TWO_LETTERS = 8


def _find(terms: _Terms, text: str) -> list[tuple[_Term, str]]:
    """(term, what matched) for every term in the entry that is not negated, in order."""
    found: list[tuple[_Term, str]] = []
    for variant in _variants(_normalize(text)):
        words = variant.split()
        taken: set[int] = set()
        for match in [*terms.pattern.finditer(variant), *terms.with_strength.finditer(variant)]:
            phrase = match.group(0).strip()
            first = len(variant[: match.start()].split())
            last = first + len(phrase.split())
            taken.update(range(first, last))
            if not _negated(terms, words, first, last):
                found.append((terms.by_phrase[phrase], phrase))
        for index, word in enumerate(words):
            if index in taken:
                continue
            meant = _misspelled(terms, word)
            if meant is not None and not _negated(terms, words, index, index + 1):
                found.append((terms.by_phrase[meant], word))
        found.extend(_split_words(terms, words, taken))
    return list(dict.fromkeys(found))


def _split_words(terms: _Terms, words: list[str], taken: set[int]) -> list[tuple[_Term, str]]:
    """A name typed as two words ("hydro codone", "oxy-codone"): each pair joined and read."""
    found = []
    for index in range(len(words) - 1):
        if index in taken or index + 1 in taken or not (words[index] + words[index + 1]).isalpha():
            continue
        joined = words[index] + words[index + 1]
        term = terms.by_phrase.get(joined)
        if term is None and len(joined) >= _FUZZY_MIN_LENGTH:
            phrase = _misspelled(terms, joined)
            term = terms.by_phrase[phrase] if phrase else None
        if term is not None and not _negated(terms, words, index, index + 2):
            found.append((term, joined))
    return found


def _negated(terms: _Terms, words: list[str], first: int, last: int) -> bool:
    before = words[first - 1] if first > 0 else ""
    after = words[last] if last < len(words) else ""
    return before in terms.before or (after == "_free" and "free" in terms.after)


def _sound(word: str) -> str:
    return word.replace("ph", "f")


def _misspelled(terms: _Terms, word: str) -> str | None:
    """The name `word` is a misspelling of, or None."""
    if len(word) < _FUZZY_MIN_LENGTH - 1 or not word.isalpha() or word in terms.not_misspellings:
        return None
    sound = _sound(word)
    for name_sound, phrase in terms.fuzzy.get(word[0], ()):
        limit = 2 if len(phrase) >= _FUZZY_TWO_LETTERS and len(word) >= _FUZZY_MIN_LENGTH else 1
        if abs(len(name_sound) - len(sound)) > limit:
            continue
        if OSA.distance(sound, name_sound, score_cutoff=limit) <= limit:
            return phrase
    return None


# --- what was found ------------------------------------------------------------------------------


def _opioid(term: _Term, matched: str) -> OpioidMatch:
    return OpioidMatch(
        matched=matched, ingredient=term.ingredient, kind=OpioidKind(term.kind), hospital=term.hospital
    )


_LDN_WORDS = re.compile(r"\b(?:ldn|low\W*dose|compounded|compound)\b")
_LONG_ACTING = re.compile(
    r"\b(?:inj|injection|injectable|im|intramuscular|monthly|er|xr|sr|extended|depot|implant|pellet|380)\b"
)
_DOSE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(mg|milligrams?|mcg|micrograms?|µg|μg)?\b(\s*[a-z]*)")


def _antagonist(found: list[tuple[_Term, str]], folded: str) -> tuple[AntagonistMatch | None, bool]:
    """The antagonist in an entry, and whether the entry is the patient's own LDN."""
    doses = _doses(folded)
    full_dose = next((dose for dose in doses if dose > LOW_DOSE_LIMIT_MG), None)
    ldn = _LDN_WORDS.search(folded) is not None and re.search(r"\bldn\b", folded) is not None
    for term, matched in found:
        kind = AntagonistKind(term.kind)
        if kind is not AntagonistKind.NALTREXONE or "naltrex" not in term.phrase:
            return AntagonistMatch(matched, term.ingredient, kind), False
        why = _beyond_low_dose(folded, doses, full_dose)
        if why:
            return AntagonistMatch(matched, term.ingredient, kind, why), False
        ldn = True
    if ldn and full_dose is not None:
        why = f"{_mg(full_dose)} is not a low dose"
        return AntagonistMatch("ldn", _NALTREXONE, AntagonistKind.NALTREXONE, why), False
    return None, ldn


def _beyond_low_dose(folded: str, doses: list[Decimal], full_dose: Decimal | None) -> str:
    """Why a naltrexone entry is not LDN ("" when it is)."""
    if full_dose is not None:
        return f"{_mg(full_dose)} is not a low dose"
    if _LONG_ACTING.search(folded):
        return "a long-acting form"
    if _LDN_WORDS.search(folded) or doses:
        return ""
    return "no dose given (the tablet sold is 50 mg)"


def _doses(folded: str) -> list[Decimal]:
    """Doses in mg written in the entry; bare numbers count only when no unit follows."""
    with_unit: list[Decimal] = []
    bare: list[Decimal] = []
    for match in _DOSE.finditer(folded):
        number, unit, following = match.group(1), match.group(2), match.group(3).strip()
        try:
            value = Decimal(number.replace(",", "."))
        except InvalidOperation:
            continue
        if unit:
            with_unit.append(value / 1000 if unit.startswith(("mcg", "micro", "µ", "μ")) else value)
        elif not following:
            bare.append(value)
    return with_unit or bare


def _mg(dose: Decimal) -> str:
    return f"{dose.normalize():f} mg"
