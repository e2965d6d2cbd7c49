"""The prescription safety screen: what to stop for, and what to acknowledge, before an LDN script.

`screen` reads a plain snapshot of the patient and the draft prescription (`SafetyInput`) and
returns findings, hard stops first, then warnings, always in the same order for the same input.

Every medication entry is read once, by `medications.classify_medication` (name, dose and
note together), the same reading the chart's badges show.

Hard stops (the prescription cannot go out until the cause is fixed or reviewed):
- "opioid": a medication taken now that holds an opioid (one finding per entry). LDN blocks
  opioid receptors. A medication the patient no longer takes is not a stop.
- "antagonist": another opioid antagonist taken now (naltrexone at a full dose or in a
  long-acting form, naltrexone or samidorphan combinations, nalmefene, gut-acting
  antagonists): duplicate antagonist therapy. The patient's own LDN is not a stop.
- "dose_above_10": a daily dose above 10 mg is not a low dose; most often a slipped decimal.
- "cannot_make": the pharmacy cannot make the order as written (the formula's own problems,
  such as a refused filler or a slow-release base, or doses the formula cannot measure).

Warnings (the prescriber acknowledges each one; at most one finding per code):
- "naloxone_rescue": naloxone kept to reverse an overdose: ask about opioid use.
- "dose_above_4_5" / "dose_below_0_5": a dose outside the usual 0.5 to 4.5 mg range.
- "pregnancy": from the condition list only (words such as pregnant, breastfeeding, lactation,
  nursing; ICD-10-CM chapter O, Z33.1, Z34, Z39.1, Z3A and Z32.01). A medication such as a
  prenatal vitamin is not taken as a sign. Plain negatives ("not pregnant") are ignored
  unless the code says otherwise.
- "liver": liver disease in the condition list (liver, hepatic, hepatitis, cirrhosis, NAFLD,
  NASH, MASLD, MASH, steatosis; ICD-10-CM K70-K77, B15-B19).
- "transplant_immunosuppressant": a transplant in the condition list (ICD-10-CM Z94, T86; not
  hair or faecal-microbiota transplants), or a systemic immunosuppressant taken now. Eye drops,
  creams and ointments (cyclosporine eye drops, tacrolimus ointment) are left out.
- "thyroid_hormone": thyroid hormone taken now. A bare "T3" or "T4" counts too, with a note
  that it may also mean Tylenol with codeine No. 3 or No. 4, which the opioid screen cannot
  tell apart and so leaves alone.
- "allergy_naltrexone": an allergy to naltrexone (Revia, Vivitrol, LDN).
- "allergy_filler": an allergy whose words meet the formula's base or flavour (words such as
  "base", "cream", "water" or "oil" are too general to count).
- "outside_texas": the address is in another state, or has no state at all.
- "consent_missing_<kind>": one per consent or notice of `ConsentKind` not on file.
- "no_recent_visit": no signed visit in the 12 months before `screened_on` (checked only
  when the caller gives `screened_on`: services always do).

Matching folds case and accents and works on whole words, so "Levothyroxine 50mcg" is found
and "hydrocortisone" is not "cortisone".

Each finding names its `subject`: the entry, dose or items it is about. Its `key` ("opioid:
tramadol 50 mg") is what an override or an acknowledgement covers; anything with a new key
after approval is new and sends the script back to the prescriber.
Messages quote what was entered, cut to about 60 characters; nothing here logs.
The term lists live in `terms`, the matching and quoting in `free_text`.

Bump RULES_VERSION whenever a rule or term list changes: it is stored with each prescription.
The medication term list (data/medication_terms.toml) carries the same version; a test holds
them equal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ldnclinic.domain.enums import ConsentKind
from ldnclinic.domain.geography import US_STATES, is_texas, normalize_state
from ldnclinic.domain.medications.reading import (
    LOW_DOSE_LIMIT_MG,
    AntagonistKind,
    MedicationReading,
    classify_medication,
    subject_key,
)
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.domain.prescriptions.formulary import Formula, formula_problems
from ldnclinic.domain.prescriptions.supply import fit_problems
from ldnclinic.domain.prescriptions.titration import TitrationStep
from ldnclinic.domain.safety.findings import Finding, Severity
from ldnclinic.domain.safety.free_text import clip, mentions, quoted, words
from ldnclinic.domain.safety.terms import (
    GENERAL_WORDS,
    NALTREXONE,
    icd,
    is_liver,
    is_pregnancy,
    is_transplant,
)
from ldnclinic.domain.visits.note import VISIT_LOOKBACK_DAYS, visit_is_recent

RULES_VERSION = "2026.12-3"

MAX_LOW_DOSE_MG = LOW_DOSE_LIMIT_MG
USUAL_MAX_MG = Decimal("4.5")
USUAL_MIN_MG = Decimal("0.5")
_POSSIBLE_DOSE_LIMIT_MG = Decimal(1000)  # parse_dose refuses doses from here up

_ConditionTest = Callable[[str, str], bool]  # (label, ICD-10-CM code without dots) -> matches


@dataclass(frozen=True, slots=True)
class MedicationFact:
    name: str
    dose: str | None = None
    taking_now: bool = True
    note: str | None = None

    def reading(self) -> MedicationReading:
        return classify_medication(self.name, self.dose, self.note)


@dataclass(frozen=True, slots=True)
class SafetyInput:
    medications: tuple[MedicationFact, ...]
    conditions: tuple[tuple[str, str | None], ...]  # (label, ICD-10-CM code or None)
    allergies: tuple[str, ...]  # substances
    patient_state: str | None  # two-letter state of the patient's address
    consents: frozenset[ConsentKind]  # consents on file
    formula: Formula
    steps: tuple[TitrationStep, ...]
    screened_on: date | None = None  # the clinic's today; None leaves the visit rule out
    last_visit: date | None = None  # the newest signed visit


# --- hard stops ----------------------------------------------------------------------------------


def _medication_stops(medications: tuple[MedicationFact, ...]) -> list[Finding]:
    """One hard stop per entry taken now that holds an opioid or another antagonist."""
    findings = []
    for reading in _readings_taken_now(medications):
        if reading.opioids:
            findings.append(Finding("opioid", Severity.HARD_STOP, _opioid_message(reading), reading.subject))
        antagonist = reading.antagonist
        if antagonist is not None and antagonist.kind.blocks_ldn:
            findings.append(
                Finding("antagonist", Severity.HARD_STOP, _antagonist_message(reading), reading.subject)
            )
    return findings


def _opioid_message(reading: MedicationReading) -> str:
    contents = " and ".join(
        match.kind.label
        if match.kind.label.startswith(match.ingredient)
        else f"{match.ingredient} ({match.kind.label})"
        for match in reading.opioids
    )
    return (
        f"Opioid on the medication list: “{clip(reading.text)}” contains {contents}. "
        "LDN blocks opioids, so this medicine would stop working and the patient could go into "
        "withdrawal. The prescriber must review it before LDN is prescribed."
    )


def _antagonist_message(reading: MedicationReading) -> str:
    antagonist = reading.antagonist
    assert antagonist is not None
    why = f" ({antagonist.why})" if antagonist.why else ""
    return (
        f"Another opioid antagonist on the medication list: “{clip(reading.text)}” is "
        f"{antagonist.kind.label}{why}. LDN is an opioid antagonist too: taking both is duplicate "
        "antagonist therapy. The prescriber must review it before LDN is prescribed."
    )


def _readings_taken_now(medications: tuple[MedicationFact, ...]) -> list[MedicationReading]:
    return [medication.reading() for medication in medications if medication.taking_now]


def _doses(steps: tuple[TitrationStep, ...]) -> list[Decimal]:
    """The positive daily doses of the plan (the plan's own checks reject the rest)."""
    return [step.dose_mg for step in steps if not step.dose_mg.is_nan() and step.dose_mg > 0]


def _possible(step: TitrationStep) -> bool:
    """A dose a person could type at all; others are left to the dose rules and the plan's checks."""
    dose = step.dose_mg
    return dose.is_finite() and 0 < dose < _POSSIBLE_DOSE_LIMIT_MG


def _high_dose_stop(doses: list[Decimal]) -> list[Finding]:
    if not doses or max(doses) <= MAX_LOW_DOSE_MG:
        return []
    highest = max(doses)
    message = (
        f"The highest daily dose, {_dose_text(highest)}, is above {format_mg(MAX_LOW_DOSE_MG)}: "
        f"that is not a low dose. Check for a misplaced decimal point{_decimal_hint(highest)}"
    )
    return [Finding("dose_above_10", Severity.HARD_STOP, message, _dose_text(highest))]


def _dose_text(dose: Decimal) -> str:
    """ "45 mg"; a dose no one could type is not spelled out digit by digit."""
    if dose >= _POSSIBLE_DOSE_LIMIT_MG:
        return f"{format_mg(_POSSIBLE_DOSE_LIMIT_MG)} or more"
    return format_mg(dose)


def _decimal_hint(dose: Decimal) -> str:
    """ ": was 4.5 mg meant?" for 45 mg; a general example when the shifted dose looks odd."""
    if dose >= _POSSIBLE_DOSE_LIMIT_MG:
        return "."
    guess = dose
    while guess >= MAX_LOW_DOSE_MG:
        guess = guess.scaleb(-1)
    if guess >= USUAL_MIN_MG and (guess * 10) == (guess * 10).to_integral_value():
        return f": was {format_mg(guess)} meant?"
    return ", such as 45 mg typed for 4.5 mg."


def _cannot_make(formula: Formula, steps: tuple[TitrationStep, ...]) -> list[Finding]:
    problems = list(formula_problems(formula).values())
    strength = formula.strength_mg
    if strength.is_finite() and strength > 0:
        problems.extend(fit_problems(formula, tuple(step for step in steps if _possible(step))))
    if not problems:
        return []
    headline = f"The pharmacy cannot make {clip(formula.code, 30)} as written"
    message = f"{headline}. " + " ".join(problems)
    key = subject_key(formula.code)
    return [
        Finding("cannot_make", Severity.HARD_STOP, message, key, headline=headline, restates=tuple(problems))
    ]


# --- warnings ------------------------------------------------------------------------------------


def _dose_warnings(doses: list[Decimal]) -> list[Finding]:
    if not doses:
        return []
    findings = []
    highest, lowest = max(doses), min(doses)
    if USUAL_MAX_MG < highest <= MAX_LOW_DOSE_MG:
        findings.append(
            Finding(
                "dose_above_4_5",
                Severity.WARNING,
                f"The highest daily dose, {format_mg(highest)}, is above the usual LDN top dose of "
                f"{format_mg(USUAL_MAX_MG)}. Confirm it is intended.",
                format_mg(highest),
            )
        )
    if lowest < USUAL_MIN_MG:
        findings.append(
            Finding(
                "dose_below_0_5",
                Severity.WARNING,
                f"The lowest daily dose, {format_mg(lowest)}, is below the usual LDN starting dose of "
                f"{format_mg(USUAL_MIN_MG)}. Confirm it is intended and that the pharmacy can measure it.",
                format_mg(lowest),
            )
        )
    return findings


def _condition_text(label: str, code: str | None) -> str:
    label_text, code_text = clip(label, 45), clip(code or "", 12)
    if label_text and code_text:
        return f"{label_text} ({code_text})"
    return label_text or code_text


def _conditions_matching(data: SafetyInput, test: _ConditionTest) -> list[str]:
    return [_condition_text(label, code) for label, code in data.conditions if test(label, icd(code))]


def _pregnancy_warning(data: SafetyInput) -> list[Finding]:
    found = _conditions_matching(data, is_pregnancy)
    if not found:
        return []
    message = (
        f"Pregnancy or breastfeeding on the condition list: {quoted(found)}. LDN has not been shown "
        "to be safe for an unborn or breastfed baby. Review before prescribing."
    )
    return [Finding("pregnancy", Severity.WARNING, message, _subject(found))]


def _liver_warning(data: SafetyInput) -> list[Finding]:
    found = _conditions_matching(data, is_liver)
    if not found:
        return []
    message = (
        f"Liver disease on the condition list: {quoted(found)}. Naltrexone should not be used in "
        "acute hepatitis or liver failure. Check liver function before prescribing."
    )
    return [Finding("liver", Severity.WARNING, message, _subject(found))]


def _transplant_warning(data: SafetyInput) -> list[Finding]:
    found = _conditions_matching(data, is_transplant)
    found += [reading.text for reading in _readings_taken_now(data.medications) if reading.immunosuppressant]
    if not found:
        return []
    message = (
        f"Organ transplant or immunosuppressant: {quoted(found)}. LDN may work against "
        "immunosuppression. Check with the transplant team or specialist before prescribing."
    )
    return [Finding("transplant_immunosuppressant", Severity.WARNING, message, _subject(found))]


def _thyroid_warning(data: SafetyInput) -> list[Finding]:
    named, shorthand = [], []
    for reading in _readings_taken_now(data.medications):
        if reading.thyroid:
            named.append(reading.text)
        elif reading.thyroid_shorthand:
            shorthand.append(reading.text)
    if not named and not shorthand:
        return []
    message = (
        f"Thyroid hormone on the medication list: {quoted(named + shorthand)}. LDN can lower the "
        "thyroid dose a patient needs: watch for a racing heart, feeling hot or shaky, and recheck "
        "thyroid levels."
    )
    if shorthand:
        message += (
            f" {quoted(shorthand)} could also be shorthand for Tylenol with codeine, an opioid: "
            "confirm which medicine it is."
        )
    return [Finding("thyroid_hormone", Severity.WARNING, message, _subject(named + shorthand))]


def _rescue_warning(medications: tuple[MedicationFact, ...]) -> list[Finding]:
    found = [
        reading.text
        for reading in _readings_taken_now(medications)
        if reading.antagonist is not None and reading.antagonist.kind is AntagonistKind.RESCUE
    ]
    if not found:
        return []
    message = (
        f"Naloxone for an overdose on the medication list: {quoted(found)}. LDN is fine with it, but "
        "ask whether the patient or someone at home uses opioids."
    )
    return [Finding("naloxone_rescue", Severity.WARNING, message, _subject(found))]


def _subject(items: list[str]) -> str:
    """The items a finding is about, folded and in a stable order."""
    return "; ".join(sorted(dict.fromkeys(subject_key(item) for item in items)))


def _naltrexone_allergy(allergies: tuple[str, ...]) -> list[Finding]:
    found = [allergy for allergy in allergies if mentions(NALTREXONE, allergy)]
    if not found:
        return []
    message = (
        f"Allergy to naltrexone on file: {quoted(found)}. LDN is naltrexone. Find out what the "
        "reaction was before prescribing."
    )
    return [Finding("allergy_naltrexone", Severity.WARNING, message, _subject(found))]


def _specific_words(text: str) -> set[str]:
    """Words that name a substance: three letters or more, not a number, not a general word."""
    return {word for word in words(text).split() if len(word) >= 3 and not word.isdigit()} - GENERAL_WORDS


def _filler_allergy(allergies: tuple[str, ...], formula: Formula) -> list[Finding]:
    ingredients = [text for text in (formula.base, formula.flavour or "") if _specific_words(text)]
    found, matched = [], []
    for allergy in allergies:
        hits = [text for text in ingredients if _specific_words(allergy) & _specific_words(text)]
        if hits:
            found.append(allergy)
            matched.extend(hits)
    if not found:
        return []
    message = (
        f"Allergy on file, {quoted(found)}, matches an ingredient of {clip(formula.code, 30)}: "
        f"{quoted(matched)}. Choose another formula or confirm the allergy does not apply."
    )
    return [Finding("allergy_filler", Severity.WARNING, message, _subject(found))]


def _texas_warning(state: str | None) -> list[Finding]:
    entered = clip(state or "", 30)
    if not entered:
        where = "The patient's address has no state."
    else:
        code = normalize_state(entered)
        if is_texas(code):
            return []
        where = (
            f"The patient's address is in {US_STATES[code]} ({code}), outside Texas."
            if code
            else f"The patient's address state, “{entered}”, is not Texas."
        )
    message = (
        f"{where} Texas telemedicine rules need the patient to be in Texas during the visit: "
        "confirm where the patient will be."
    )
    return [Finding("outside_texas", Severity.WARNING, message, subject_key(entered))]


def _consent_warnings(consents: frozenset[ConsentKind]) -> list[Finding]:
    return [
        Finding(
            f"consent_missing_{kind.value}",
            Severity.WARNING,
            f"Consent or notice not on file: “{kind.label}”. Record it before prescribing.",
        )
        for kind in ConsentKind
        if kind not in consents
    ]


def _visit_warning(screened_on: date | None, last_visit: date | None) -> list[Finding]:
    if screened_on is None or visit_is_recent(last_visit, screened_on):
        return []
    when = (
        f"The last signed visit was on {last_visit:%m/%d/%Y}."
        if last_visit
        else "No signed visit is on file."
    )
    message = (
        f"{when} No visit is documented in the last 12 months ({VISIT_LOOKBACK_DAYS} days): "
        "see the patient, or sign the visit note, before prescribing."
    )
    return [Finding("no_recent_visit", Severity.WARNING, message)]


# --- the screen ----------------------------------------------------------------------------------


def screen(data: SafetyInput) -> tuple[Finding, ...]:
    """Every finding for this prescription: hard stops first, then warnings, in rule order."""
    doses = _doses(data.steps)
    findings = [
        *_medication_stops(data.medications),
        *_high_dose_stop(doses),
        *_cannot_make(data.formula, data.steps),
        *_dose_warnings(doses),
        *_pregnancy_warning(data),
        *_liver_warning(data),
        *_transplant_warning(data),
        *_thyroid_warning(data),
        *_rescue_warning(data.medications),
        *_naltrexone_allergy(data.allergies),
        *_filler_allergy(data.allergies, data.formula),
        *_texas_warning(data.patient_state),
        *_consent_warnings(data.consents),
        *_visit_warning(data.screened_on, data.last_visit),
    ]
    unique = dict.fromkeys(findings)
    return tuple(sorted(unique, key=lambda finding: finding.severity is not Severity.HARD_STOP))
