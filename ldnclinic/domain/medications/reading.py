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
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from ldnclinic.domain.medications.matching import Term, find, terms
from ldnclinic.domain.safety.free_text import mentions
from ldnclinic.domain.safety.terms import IMMUNOSUPPRESSANTS, LOCAL_USE, THYROID, THYROID_SHORTHAND
from ldnclinic.domain.text import clean_text, match_text

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
        """The entry folded to one key: what an override or acknowledgement names. Case,
        spacing and punctuation do not count ("Tramadol, 50-mg." is "tramadol 50 mg")."""
        return subject_key(self.text)

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


_LETTER_DIGIT = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_NOT_KEPT = re.compile(r"[^\w/.]+|\.(?!\d)|(?<!\d)/|/(?!\d)")


def subject_key(text: str) -> str:
    """Text as a finding names it: folded, letters and digits apart, punctuation other than a
    decimal point or a strength's slash ("5/325") dropped."""
    value = _LETTER_DIGIT.sub(" ", match_text(text))
    return " ".join(_NOT_KEPT.sub(" ", value).split())


def entry_text(name: str, dose: str | None = None, note: str | None = None) -> str:
    """The whole entry on one line, cleaned: name, dose, note."""
    return clean_text(" ".join(part for part in (name, dose or "", note or "") if part))


@lru_cache(maxsize=4096)  # a pure function of its text: lists and screens read an entry often
def classify_medication(name: str, dose: str | None = None, note: str | None = None) -> MedicationReading:
    """Everything the app needs to know about one medication-list entry (see the module doc)."""
    text = entry_text(name, dose, note)
    found = find(terms(), text)
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
    return terms().version


def term_count() -> int:
    """How many names and abbreviations the term list holds."""
    return len(terms().by_phrase)


# --- what was found ------------------------------------------------------------------------------


def _opioid(term: Term, matched: str) -> OpioidMatch:
    return OpioidMatch(
        matched=matched, ingredient=term.ingredient, kind=OpioidKind(term.kind), hospital=term.hospital
    )


_LDN_WORDS = re.compile(r"\b(?:ldn|low\W*dose|compounded|compound)\b")
# Long-acting naltrexone is given by injection (Vivitrol, 380 mg a month) or as an implant.
_LONG_ACTING = re.compile(
    r"\b(?:inj|injection|injectable|im|intramuscular|monthly|depot|implant|pellet|380)\b"
)
_UNIT = r"(mg|milligrams?|mcg|micrograms?|µg|μg)"
# A dose written with its unit, not a limit ("max 16 mg", "up to 4.5 mg").
_DOSE_WITH_UNIT = re.compile(
    r"(?<!max )(?<!maximum )(?<!up to )(?<![\d.,/])(\d+(?:[.,]\d+)?) ?" + _UNIT + r"\b"
)
# A number written right after the name with no unit: "naltrexone 50", "LDN 4.5".
_DOSE_AFTER_NAME = re.compile(
    r"\b(?:naltrex\w*|ntx|ldn|revia|depade)\W{0,3}(\d+(?:[.,]\d+)?)(?![\d/])(?! ?(?:x|#|tabs?|caps?))"
)


def _antagonist(found: list[tuple[Term, str]], folded: str) -> tuple[AntagonistMatch | None, bool]:
    """The antagonist in an entry, and whether the entry is the patient's own LDN."""
    doses = _doses(folded)
    full_dose = next((dose for dose in doses if dose > LOW_DOSE_LIMIT_MG), None)
    ldn = re.search(r"\bldn\b", folded) is not None
    for term, matched in found:
        kind = AntagonistKind(term.kind)
        if not term.dose_decides:
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
        return "a long-acting form (injection or implant)"
    if _LDN_WORDS.search(folded) or doses:
        return ""
    return "no dose given (the tablet sold is 50 mg)"


def _doses(folded: str) -> list[Decimal]:
    """Doses in mg: numbers written with a unit, else a number right after the name."""
    with_unit = [
        _decimal(m.group(1)) / (1000 if m.group(2).startswith(("mcg", "micro", "µ", "μ")) else 1)
        for m in _DOSE_WITH_UNIT.finditer(folded)
    ]
    if with_unit:
        return with_unit
    return [_decimal(m.group(1)) for m in _DOSE_AFTER_NAME.finditer(folded)]


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", "."))


def _mg(dose: Decimal) -> str:
    return f"{dose.normalize():f} mg"
