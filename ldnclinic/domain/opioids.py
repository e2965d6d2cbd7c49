"""The opioid screen: does a medication-list entry name an opioid (or kratom)?

LDN blocks opioid receptors: an opioid taken with it can bring on withdrawal and stops
working as a painkiller. The screen knows generic and common brand names, including
combination products and opioid cough syrups, and works offline.

Deliberately absent: "T3" (also liothyronine, a thyroid hormone) and slang that is an
everyday word. Loperamide (Imodium) is left out: it acts in the gut only.

Bump RULES_VERSION whenever the term lists change; later code records which rules ran.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ldnclinic.domain.names import fold

RULES_VERSION = "2026.11-2"


class OpioidKind(StrEnum):
    AGONIST = "opioid agonist"
    PARTIAL_AGONIST = "opioid partial agonist"
    MIXED = "opioid agonist-antagonist"
    KRATOM = "kratom (opioid-like)"
    ANTIDIARRHEAL = "opioid antidiarrheal"


@dataclass(frozen=True, slots=True)
class OpioidMatch:
    """What the screen found: the word it matched and the opioid it means."""

    matched: str
    ingredient: str
    kind: OpioidKind

    @property
    def summary(self) -> str:
        if self.matched == self.ingredient:
            return f"{self.ingredient} ({self.kind.value})"
        return f"{self.matched}: contains {self.ingredient} ({self.kind.value})"


# ingredient -> (kind, names that mean it: generic spellings and brands)
_TERMS: dict[str, tuple[OpioidKind, tuple[str, ...]]] = {
    "tramadol": (OpioidKind.AGONIST, ("tramadol", "ultram", "ultracet", "conzip", "qdolo", "seglentis")),
    "tapentadol": (OpioidKind.AGONIST, ("tapentadol", "nucynta")),
    "hydrocodone": (
        OpioidKind.AGONIST,
        (
            "hydrocodone",
            "norco",
            "vicodin",
            "lortab",
            "lorcet",
            "xodol",
            "verdrocet",
            "hysingla",
            "zohydro",
            "hycodan",
            "hycet",
            "tussionex",
            "tussicaps",
            "hydromet",
            "vituz",
            "zutripro",
            "apadaz",
        ),
    ),
    "oxycodone": (
        OpioidKind.AGONIST,
        (
            "oxycodone",
            "oxycontin",
            "percocet",
            "percodan",
            "roxicodone",
            "roxicet",
            "endocet",
            "endodan",
            "xtampza",
            "oxaydo",
            "primlev",
            "nalocet",
            "prolate",
            "roxybond",
            "oxycocet",
        ),
    ),
    "codeine": (
        OpioidKind.AGONIST,
        (
            "codeine",
            "tylenol #3",
            "tylenol #4",
            "tylenol #2",
            "tylenol-codeine",
            "tylenol with codeine",
            "tuzistra",
            "tuxarin",
            "cheratussin ac",
            "robitussin ac",
            "guiatuss ac",
            "virtussin ac",
            "fioricet with codeine",
            "fiorinal with codeine",
            "phenergan with codeine",
            "promethazine with codeine",
            "promethazine-codeine",
        ),
    ),
    "dihydrocodeine": (OpioidKind.AGONIST, ("dihydrocodeine", "trezix", "synalgos")),
    "morphine": (
        OpioidKind.AGONIST,
        (
            "morphine",
            "ms contin",
            "kadian",
            "avinza",
            "roxanol",
            "arymo",
            "morphabond",
            "duramorph",
            "infumorph",
        ),
    ),
    "hydromorphone": (OpioidKind.AGONIST, ("hydromorphone", "dilaudid", "exalgo")),
    "oxymorphone": (OpioidKind.AGONIST, ("oxymorphone", "opana")),
    "fentanyl": (
        OpioidKind.AGONIST,
        ("fentanyl", "fentanil", "duragesic", "actiq", "fentora", "subsys", "abstral", "lazanda", "onsolis"),
    ),
    "sufentanil": (OpioidKind.AGONIST, ("sufentanil", "dsuvia")),
    "methadone": (OpioidKind.AGONIST, ("methadone", "dolophine", "methadose", "diskets")),
    "meperidine": (OpioidKind.AGONIST, ("meperidine", "pethidine", "demerol")),
    "levorphanol": (OpioidKind.AGONIST, ("levorphanol",)),
    "opium": (OpioidKind.AGONIST, ("opium", "paregoric", "laudanum")),
    "heroin": (OpioidKind.AGONIST, ("heroin", "diacetylmorphine")),
    "buprenorphine": (
        OpioidKind.PARTIAL_AGONIST,
        (
            "buprenorphine",
            "suboxone",
            "subutex",
            "zubsolv",
            "bunavail",
            "butrans",
            "belbuca",
            "sublocade",
            "brixadi",
            "buprenex",
            "cassipa",
        ),
    ),
    "butorphanol": (OpioidKind.MIXED, ("butorphanol", "stadol")),
    "nalbuphine": (OpioidKind.MIXED, ("nalbuphine", "nubain")),
    "pentazocine": (OpioidKind.MIXED, ("pentazocine", "talwin")),
    "diphenoxylate": (
        OpioidKind.ANTIDIARRHEAL,
        ("diphenoxylate", "lomotil", "lonox", "difenoxin", "motofen"),
    ),
    "eluxadoline": (OpioidKind.ANTIDIARRHEAL, ("eluxadoline", "viberzi")),
    "kratom": (
        OpioidKind.KRATOM,
        ("kratom", "mitragynine", "mitragyna", "7-hydroxymitragynine", "7-oh", "ketum", "kakuam"),
    ),
}

# Spellings people type for the same numbered product: "Tylenol No. 3", "Tylenol#3", "Tylenol 3",
# "Tylenol-3"; but "Tylenol 3 times a day" is plain Tylenol taken three times a day.
_AC = re.compile(r"\ba\s*[.\-]\s*c\b\.?")  # "Cheratussin A.C." / "A-C" -> "ac"
_HYPHEN = re.compile(r"[\-\u2010\u2011\u2013\u2014]")  # "MS-Contin", "Tylenol-Codeine"
_NUMBER_SIGN = re.compile(r"(?:\b(?:no\.?|number|num\.?)|#)\s*(\d)\b")
_TYLENOL_NUMBER = re.compile(r"\btylenol\s+(\d)\b(?!\s*(?:x\b|times?\b))")
_WITH = re.compile(r"\s*(?:/|\bw/|\+|&)\s*")
_NON_WORD = re.compile(r"[^\w#\s]")


def _normalize(text: str) -> str:
    value = fold(text)
    value = _AC.sub("ac", value)
    value = _HYPHEN.sub(" ", value)
    value = _NUMBER_SIGN.sub(r" #\1", value)
    value = _TYLENOL_NUMBER.sub(r"tylenol #\1", value)
    value = _WITH.sub(" with ", value)
    value = _NON_WORD.sub(" ", value)
    return " ".join(value.split())


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w#])" + re.escape(_normalize(term)) + r"(?![\w])")


_COMPILED: tuple[tuple[re.Pattern[str], str, str, OpioidKind], ...] = tuple(
    (_pattern(term), term, ingredient, kind)
    for ingredient, (kind, terms) in _TERMS.items()
    for term in sorted(terms, key=len, reverse=True)
)


def screen_medication(text: str) -> OpioidMatch | None:
    """The first opioid named in a medication entry, or None."""
    normalized = _normalize(text)
    if not normalized:
        return None
    for pattern, term, ingredient, kind in _COMPILED:
        if pattern.search(normalized):
            return OpioidMatch(matched=term, ingredient=ingredient, kind=kind)
    return None


def is_opioid(text: str) -> bool:
    return screen_medication(text) is not None
