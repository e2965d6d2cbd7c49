"""Compounded LDN formulas: the dosage forms, what a formula is, and what makes one unsafe.

LDN exists only as a compounded product. A formula is the pharmacy's recipe as the
prescriber orders it: dosage form, strength per unit, the base or filler, a flavour where
one applies. It must be immediate release; calcium carbonate (poorer absorption) and
slow-release excipients (methylcellulose family) are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.names import fold
from ldnclinic.domain.prescriptions.doses import format_amount, format_mg
from ldnclinic.domain.text import collapse_spaces

MAX_STRENGTH_MG = Decimal(10)
DEFAULT_BASE = "microcrystalline cellulose (Avicel)"


class DosageForm(StrEnum):
    CAPSULE = "capsule"
    ORAL_LIQUID = "oral_liquid"
    SUBLINGUAL_DROPS = "sublingual_drops"
    TROCHE = "troche"
    TOPICAL_CREAM = "topical_cream"

    @property
    def label(self) -> str:
        return _FORMS[self].label

    @property
    def unit(self) -> str:
        """The unit a dose is measured in: "capsule", "mL", "drop", "troche"."""
        return _FORMS[self].unit

    def units(self, count: Decimal | int) -> str:
        """ "1 capsule", "2 capsules", "1.5 mL", "3 drops"."""
        info = _FORMS[self]
        amount = Decimal(count)
        word = info.unit if amount == 1 or info.unit == "mL" else info.plural
        return f"{format_amount(amount)} {word}"

    @property
    def plural(self) -> str:
        return _FORMS[self].plural

    @property
    def measure_step(self) -> Decimal:
        """The smallest amount a patient can measure: one capsule, 0.1 mL with an oral syringe."""
        return _FORMS[self].measure_step

    @property
    def per_volume(self) -> bool:
        """Strength given per mL (liquid, cream) rather than per piece."""
        return _FORMS[self].unit == "mL"

    @property
    def max_units(self) -> Decimal:
        return _FORMS[self].max_units

    @property
    def closing(self) -> str:
        return _FORMS[self].closing

    @property
    def flavoured(self) -> bool:
        return self in (DosageForm.ORAL_LIQUID, DosageForm.SUBLINGUAL_DROPS, DosageForm.TROCHE)

    @property
    def action(self) -> str:
        """How a dose is taken, for the directions: "Take ... by mouth"."""
        return _FORMS[self].action


@dataclass(frozen=True, slots=True)
class _FormInfo:
    label: str
    unit: str
    plural: str
    measure_step: Decimal
    max_units: Decimal  # more than this per dose: choose a stronger formula
    action: str  # "{verb} {amount} {route}" with {amount} filled in
    closing: str = ""  # one sentence after the directions, if the form needs it


_FORMS = {
    DosageForm.CAPSULE: _FormInfo(
        "Capsule", "capsule", "capsules", Decimal(1), Decimal(4), "Take {amount} by mouth"
    ),
    DosageForm.ORAL_LIQUID: _FormInfo(
        "Oral liquid",
        "mL",
        "mL",
        Decimal("0.1"),
        Decimal(10),
        "Take {amount} by mouth",
        "Measure each dose with an oral syringe.",
    ),
    DosageForm.SUBLINGUAL_DROPS: _FormInfo(
        "Sublingual drops", "drop", "drops", Decimal(1), Decimal(10), "Place {amount} under the tongue"
    ),
    DosageForm.TROCHE: _FormInfo(
        "Troche", "troche", "troches", Decimal(1), Decimal(3), "Let {amount} dissolve in the mouth"
    ),
    DosageForm.TOPICAL_CREAM: _FormInfo(
        "Topical cream",
        "mL",
        "mL",
        Decimal("0.1"),
        Decimal(4),
        "Rub {amount} into the skin",
        "Use the metered pump to measure each dose.",
    ),
}

# Excipients that slow the release (LDN must be immediate release) or cut absorption.
_FORBIDDEN_BASES = {
    "calcium carbonate": "Calcium carbonate is reported to reduce absorption; choose another filler.",
    "caco3": "Calcium carbonate is reported to reduce absorption; choose another filler.",
    "methylcellulose": "Methylcellulose slows release; LDN must be immediate release.",
    "hydroxypropyl methylcellulose": "HPMC slows release; LDN must be immediate release.",
    "hypromellose": "Hypromellose (HPMC) slows release; LDN must be immediate release.",
    "hpmc": "HPMC slows release; LDN must be immediate release.",
    "methocel": "Methocel slows release; LDN must be immediate release.",
    "slow release": "LDN must be immediate release.",
    "sustained release": "LDN must be immediate release.",
    "extended release": "LDN must be immediate release.",
    "timed release": "LDN must be immediate release.",
    "controlled release": "LDN must be immediate release.",
}
_SR_ABBREVIATION = re.compile(r"\b(sr|er|xr|cr)\b")


@dataclass(frozen=True, slots=True)
class Formula:
    """One compounded LDN product as it is ordered."""

    code: str
    dosage_form: DosageForm
    strength_mg: Decimal  # per capsule, drop or troche; per mL for liquids and creams
    base: str = DEFAULT_BASE
    flavour: str | None = None
    notes: str | None = None
    pharmacy_id: int | None = None
    active: bool = True
    id: int | None = field(default=None, compare=False)

    @property
    def strength_text(self) -> str:
        """ "1.5 mg per capsule", "1 mg/mL", "0.5 mg per drop"."""
        if self.dosage_form.per_volume:
            return f"{format_amount(self.strength_mg)} mg/mL"
        return f"{format_mg(self.strength_mg)} per {self.dosage_form.unit}"

    @property
    def label(self) -> str:
        """ "Naltrexone HCl 1.5 mg capsule", "Naltrexone HCl 1 mg/mL oral liquid"."""
        if self.dosage_form.per_volume:
            return f"Naltrexone HCl {self.strength_text} {self.dosage_form.label.lower()}"
        return f"Naltrexone HCl {format_mg(self.strength_mg)} {self.dosage_form.label.lower()}"


def formula_code(text: str) -> str:
    """A formula code as stored and looked up: spaces collapsed, in capitals ("cap-1.5" is
    CAP-1.5)."""
    return collapse_spaces(text).upper()


def formula_problems(formula: Formula) -> dict[str, str]:
    """What is wrong with a formula, by field ("code", "strength_mg", "base", "flavour")."""
    problems: dict[str, str] = {}
    code = formula.code.strip()
    if not code:
        problems["code"] = "Give the formula a short code, such as CAP-1.5."
    elif len(code) > limits.FORMULA_CODE.chars or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", code):
        problems["code"] = (
            f"Use up to {limits.FORMULA_CODE.chars} letters, digits, dots or dashes (no spaces), "
            "such as CAP-1.5."
        )
    if formula.strength_mg <= 0:
        problems["strength_mg"] = "The strength must be more than 0 mg."
    elif formula.strength_mg > MAX_STRENGTH_MG:
        problems["strength_mg"] = (
            f"{format_mg(formula.strength_mg)} per unit is not a low-dose formula "
            f"(at most {format_mg(MAX_STRENGTH_MG)}); check for a decimal error."
        )
    base_problem = base_problem_text(formula.base)
    if base_problem:
        problems["base"] = base_problem
    if formula.flavour and not formula.dosage_form.flavoured:
        problems["flavour"] = f"A {formula.dosage_form.label.lower()} has no flavour."
    return problems


def base_problem_text(base: str) -> str | None:
    """Why a base or filler is not acceptable for LDN, or None when it is."""
    folded = fold(base)
    if not folded.strip():
        return "Name the base or filler (for example microcrystalline cellulose)."
    # Compared without spaces or punctuation: "methyl cellulose", "sustained-release" and
    # "calcium-carbonate" are the same excipients as their one-word spellings.
    compact = re.sub(r"[^a-z0-9]", "", folded)
    for term, reason in _FORBIDDEN_BASES.items():
        if term.replace(" ", "") in compact:
            return reason
    if _SR_ABBREVIATION.search(folded):
        return "LDN must be immediate release: no SR, ER, XR or CR bases."
    return None


def _capsule(strength: str) -> Formula:
    return Formula(f"CAP-{strength}", DosageForm.CAPSULE, Decimal(strength))


DEFAULT_FORMULARY: tuple[Formula, ...] = (
    _capsule("0.5"),
    _capsule("1"),
    _capsule("1.5"),
    _capsule("3"),
    _capsule("4.5"),
    Formula(
        "LIQ-1",
        DosageForm.ORAL_LIQUID,
        Decimal(1),
        base="purified water with a sugar-free suspending vehicle",
        flavour="unflavoured",
        notes="Keep in the refrigerator; the pharmacy supplies an oral syringe.",
    ),
    Formula(
        "SL-0.5",
        DosageForm.SUBLINGUAL_DROPS,
        Decimal("0.5"),
        base="purified water with glycerin",
        flavour="unflavoured",
        notes="For patients who cannot swallow capsules.",
    ),
    Formula(
        "TRO-1.5", DosageForm.TROCHE, Decimal("1.5"), base="polyethylene glycol troche base", flavour="mint"
    ),
    Formula(
        "CRM-1",
        DosageForm.TOPICAL_CREAM,
        Decimal(1),
        base="hypoallergenic cream base",
        notes="Dispensed in a metered pump.",
    ),
)
