"""Telemedicine visits: what a visit note holds and the rules it must meet before it is saved.

Texas telemedicine needs the patient to be in Texas at the time of the visit, so the
location (a Texas city) and the consent are required on every note. Outcome measures use
0-10 scales (pain, fatigue, sleep quality, mood: higher pain and fatigue are worse, higher
sleep quality and mood are better) and the Patient Global Impression of Change (1-7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.geography import is_texas, normalize_state
from ldnclinic.domain.text import collapse_spaces

NOTE_LIMIT = 20_000  # characters in each SOAP section
ADDENDUM_LIMIT = 10_000
VISIT_LOOKBACK_DAYS = 365  # approval warns when no signed visit is this recent
MAX_VISIT_DOSE_MG = Decimal(10)  # above this it is not a low dose: almost always a slipped decimal


class Modality(StrEnum):
    VIDEO = "video"
    AUDIO_ONLY = "audio_only"
    IN_PERSON = "in_person"

    @property
    def label(self) -> str:
        return {"video": "Video", "audio_only": "Audio only", "in_person": "In person"}[self.value]


class Adherence(StrEnum):
    AS_PRESCRIBED = "as_prescribed"
    MISSED_SOME = "missed_some"
    MISSED_MANY = "missed_many"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return _ADHERENCE_LABELS[self]


_ADHERENCE_LABELS = {
    Adherence.AS_PRESCRIBED: "Takes it as prescribed",
    Adherence.MISSED_SOME: "Missed a few doses",
    Adherence.MISSED_MANY: "Missed many doses",
    Adherence.STOPPED: "Stopped taking it",
}


class SideEffect(StrEnum):
    VIVID_DREAMS = "vivid_dreams"
    INSOMNIA = "insomnia"
    HEADACHE = "headache"
    NAUSEA = "nausea"
    ANXIETY = "anxiety"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Decision(StrEnum):
    CONTINUE = "continue"
    INCREASE = "increase"
    DECREASE = "decrease"
    HOLD = "hold"
    STOP = "stop"

    @property
    def label(self) -> str:
        return _DECISION_LABELS[self]

    @property
    def changes_dose(self) -> bool:
        """Increase or decrease: a new prescription is drafted from the current one."""
        return self in (Decision.INCREASE, Decision.DECREASE)


_DECISION_LABELS = {
    Decision.CONTINUE: "Continue the current dose",
    Decision.INCREASE: "Increase the dose",
    Decision.DECREASE: "Decrease the dose",
    Decision.HOLD: "Hold LDN for now",
    Decision.STOP: "Stop LDN",
}


class VisitStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Measure(StrEnum):
    """The outcome measures, in the order the chart and the summary show them."""

    PAIN = "pain"
    FATIGUE = "fatigue"
    SLEEP = "sleep"
    MOOD = "mood"
    PGIC = "pgic"
    CONDITION = "condition"

    @property
    def label(self) -> str:
        return _MEASURE_LABELS[self]

    @property
    def scale(self) -> tuple[int, int]:
        if self is Measure.PGIC:
            return (1, 7)
        if self is Measure.CONDITION:
            return (0, 100)
        return (0, 10)

    @property
    def higher_is_better(self) -> bool:
        return self in (Measure.SLEEP, Measure.MOOD)


_MEASURE_LABELS = {
    Measure.PAIN: "Pain (0-10)",
    Measure.FATIGUE: "Fatigue (0-10)",
    Measure.SLEEP: "Sleep quality (0-10)",
    Measure.MOOD: "Mood (0-10)",
    Measure.PGIC: "Global impression of change (1-7)",
    Measure.CONDITION: "Condition score",
}

PGIC_LABELS = {
    1: "Very much improved",
    2: "Much improved",
    3: "Minimally improved",
    4: "No change",
    5: "Minimally worse",
    6: "Much worse",
    7: "Very much worse",
}


@dataclass(frozen=True, slots=True)
class Scores:
    pain: int | None = None
    fatigue: int | None = None
    sleep: int | None = None
    mood: int | None = None
    pgic: int | None = None
    condition_name: str | None = None
    condition: Decimal | None = None

    def value(self, measure: Measure) -> Decimal | None:
        raw = getattr(self, measure.value)
        return None if raw is None else Decimal(raw)


@dataclass(frozen=True, slots=True)
class VisitNote:
    """Everything a clinician types into a visit; `visit_problems` checks it."""

    visit_at: datetime
    modality: Modality
    location_state: str
    location_city: str
    consent_confirmed: bool
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    current_dose_mg: Decimal | None = None
    adherence: Adherence | None = None
    side_effects: frozenset[SideEffect] = frozenset()
    side_effect_other: str = ""
    scores: Scores = Scores()
    decision: Decision | None = None


def visit_problems(note: VisitNote, now: datetime) -> dict[str, str]:
    """What must be fixed before the note is saved, by field name (empty: it is fine)."""
    problems: dict[str, str] = {}
    if note.visit_at.tzinfo is None:
        problems["visit_at"] = "The visit time needs a time zone."
    elif note.visit_at > now + timedelta(minutes=5):
        problems["visit_at"] = "A visit cannot be documented before it happens."
    elif note.visit_at.date() < date(2000, 1, 1):
        problems["visit_at"] = "Check the visit date: it is before the year 2000."
    if not is_texas(normalize_state(note.location_state)):
        problems["location_state"] = (
            "The patient must be in Texas during a telemedicine visit. Reschedule if they are not."
        )
    city = collapse_spaces(note.location_city)
    if not city:
        problems["location_city"] = "Enter the Texas city the patient is in right now."
    elif len(city) > limits.VISIT_CITY.chars:
        problems["location_city"] = f"Keep the city to {limits.VISIT_CITY.chars} characters."
    if not note.consent_confirmed:
        problems["consent_confirmed"] = "Confirm the patient consented to this visit."
    for name in ("subjective", "objective", "assessment", "plan"):
        if len(getattr(note, name)) > NOTE_LIMIT:
            problems[name] = f"Keep this section to {NOTE_LIMIT:,} characters."
    if note.current_dose_mg is not None and not 0 < note.current_dose_mg <= MAX_VISIT_DOSE_MG:
        problems["current_dose_mg"] = (
            f"The current dose must be above 0 mg and at most {MAX_VISIT_DOSE_MG} mg: "
            "check for a typing error (4.5 mg, not 45 mg)."
        )
    if SideEffect.OTHER in note.side_effects and not note.side_effect_other.strip():
        problems["side_effect_other"] = "Say which other side effect."
    if len(note.side_effect_other) > limits.VISIT_SIDE_EFFECT_OTHER.chars:
        problems["side_effect_other"] = (
            f"Keep the other side effect to {limits.VISIT_SIDE_EFFECT_OTHER.chars} characters."
        )
    problems.update(_score_problems(note.scores))
    return problems


def _score_problems(scores: Scores) -> dict[str, str]:
    problems: dict[str, str] = {}
    for measure in (Measure.PAIN, Measure.FATIGUE, Measure.SLEEP, Measure.MOOD, Measure.PGIC):
        value = getattr(scores, measure.value)
        low, high = measure.scale
        if value is not None and not low <= value <= high:
            problems[measure.value] = f"{measure.label.split(' (')[0]} must be from {low} to {high}."
    name = collapse_spaces(scores.condition_name)
    if scores.condition is not None and not name:
        problems["condition_name"] = "Name the condition score (for example FIQR or EDSS)."
    if len(name) > limits.VISIT_CONDITION_NAME.chars:
        problems["condition_name"] = (
            f"Keep the score's name to {limits.VISIT_CONDITION_NAME.chars} characters."
        )
    if scores.condition is not None and not 0 <= scores.condition <= 1000:
        problems["condition"] = "The condition score must be from 0 to 1,000."
    return problems


def addendum_problems(text: str) -> dict[str, str]:
    cleaned = text.strip()
    if len(cleaned) < limits.REASON_MIN_CHARS:
        return {"text": f"Write the correction or addition (at least {limits.REASON_MIN_CHARS} characters)."}
    if len(cleaned) > ADDENDUM_LIMIT:
        return {"text": f"Keep an addendum to {ADDENDUM_LIMIT:,} characters."}
    return {}


def visit_is_recent(last_visit: date | None, today: date) -> bool:
    return last_visit is not None and last_visit >= today - timedelta(days=VISIT_LOOKBACK_DAYS)
