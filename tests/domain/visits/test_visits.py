"""Visit notes: every rule a note must meet before it is saved, addenda, decisions, and the
safety screen's "no signed visit in the last 12 months" warning."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from ldnclinic.domain.enums import ConsentKind
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula
from ldnclinic.domain.prescriptions.titration import TitrationStep
from ldnclinic.domain.safety.findings import Severity
from ldnclinic.domain.safety.screen import MedicationFact, SafetyInput, screen
from ldnclinic.domain.visits.note import (
    Decision,
    Modality,
    Scores,
    SideEffect,
    VisitNote,
    addendum_problems,
    visit_problems,
)

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


def note(**changes: object) -> VisitNote:
    """A complete, valid note of a video visit an hour ago; each test changes one thing."""
    base = VisitNote(
        visit_at=NOW - timedelta(hours=1),
        modality=Modality.VIDEO,
        location_state="TX",
        location_city="Austin",
        consent_confirmed=True,
        subjective="Sleeping better; pain 4/10 most days.",
        objective="Alert, no distress on video.",
        assessment="Fibromyalgia, improving on LDN.",
        plan="Continue 4.5 mg at bedtime.",
        current_dose_mg=Decimal("4.5"),
        side_effects=frozenset({SideEffect.VIVID_DREAMS}),
        scores=Scores(
            pain=4, fatigue=5, sleep=6, mood=7, pgic=2, condition_name="FIQR", condition=Decimal(41)
        ),
        decision=Decision.CONTINUE,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def problems(**changes: object) -> dict[str, str]:
    return visit_problems(note(**changes), NOW)


def scores(**changes: object) -> Scores:
    return dataclasses.replace(note().scores, **changes)  # type: ignore[arg-type]


# --- a valid note -------------------------------------------------------------------------------


def test_a_complete_note_has_no_problems() -> None:
    assert problems() == {}


def test_a_bare_note_with_only_the_required_fields_has_no_problems() -> None:
    bare = VisitNote(NOW, Modality.AUDIO_ONLY, "TX", "El Paso", True)
    assert visit_problems(bare, NOW) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Robert'); DROP TABLE visits;--",
        "1=1 OR 'a'='a'",
        "O'Brien's daughter says she's “much better” 😀",
        "Nguyễn Thị Hằng: ngủ ngon hơn",
        "<script>alert(1)</script>",
        "%s %d {0} {name}",
    ],
)
def test_any_text_is_accepted_as_text(text: str) -> None:
    assert problems(subjective=text, assessment=text, plan=text, location_city="Coeur d'Alene") == {}


# --- location and consent -----------------------------------------------------------------------


@pytest.mark.parametrize("state", ["OK", "", "Oklahoma", "NM", "T X"])
def test_a_patient_outside_texas_is_refused(state: str) -> None:
    assert set(problems(location_state=state)) == {"location_state"}


@pytest.mark.parametrize("state", ["tx", " TX ", "Texas", "texas"])
def test_the_state_is_read_as_typed(state: str) -> None:
    assert problems(location_state=state) == {}


@pytest.mark.parametrize("city", ["", "   ", "\t\n"])
def test_a_blank_city_is_refused(city: str) -> None:
    assert set(problems(location_city=city)) == {"location_city"}


def test_a_city_over_100_characters_is_refused() -> None:
    assert problems(location_city="a" * 100) == {}
    assert set(problems(location_city="a" * 101)) == {"location_city"}


def test_unconfirmed_consent_is_refused() -> None:
    assert set(problems(consent_confirmed=False)) == {"consent_confirmed"}


# --- the visit time -------------------------------------------------------------------------------


def test_a_visit_up_to_five_minutes_ahead_is_accepted() -> None:
    assert problems(visit_at=NOW + timedelta(minutes=5)) == {}


def test_a_visit_more_than_five_minutes_ahead_is_refused() -> None:
    found = problems(visit_at=NOW + timedelta(minutes=5, seconds=1))
    assert found == {"visit_at": "A visit cannot be documented before it happens."}


def test_a_visit_time_without_a_zone_is_refused() -> None:
    found = problems(visit_at=datetime(2026, 11, 21, 8, 0))
    assert found == {"visit_at": "The visit time needs a time zone."}


def test_a_visit_before_2000_is_refused() -> None:
    assert set(problems(visit_at=datetime(1999, 12, 31, 12, 0, tzinfo=UTC))) == {"visit_at"}
    assert problems(visit_at=datetime(2000, 1, 1, 12, 0, tzinfo=UTC)) == {}


# --- scores ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("pain", 11), ("pain", -1), ("fatigue", 11), ("sleep", -1), ("mood", 11), ("pgic", 0), ("pgic", 8)],
)
def test_a_score_out_of_its_scale_is_refused(field: str, value: int) -> None:
    assert set(problems(scores=scores(**{field: value}))) == {field}


@pytest.mark.parametrize(("field", "value"), [("pain", 0), ("pain", 10), ("pgic", 1), ("pgic", 7)])
def test_the_ends_of_each_scale_are_accepted(field: str, value: int) -> None:
    assert problems(scores=scores(**{field: value})) == {}


def test_a_score_message_names_the_measure_and_its_scale() -> None:
    assert problems(scores=scores(pgic=8)) == {"pgic": "Global impression of change must be from 1 to 7."}
    assert problems(scores=scores(pain=11)) == {"pain": "Pain must be from 0 to 10."}


@pytest.mark.parametrize("name", [None, "", "   "])
def test_a_condition_score_needs_a_name(name: str | None) -> None:
    assert set(problems(scores=scores(condition_name=name))) == {"condition_name"}


def test_a_condition_name_without_a_score_is_fine() -> None:
    assert problems(scores=scores(condition=None)) == {}


def test_a_condition_score_out_of_range_is_refused() -> None:
    assert set(problems(scores=scores(condition=Decimal(1001)))) == {"condition"}
    assert set(problems(scores=scores(condition=Decimal(-1)))) == {"condition"}


# --- side effects, sections and the dose ---------------------------------------------------------


@pytest.mark.parametrize("other", ["", "   "])
def test_an_other_side_effect_needs_its_text(other: str) -> None:
    found = problems(side_effects=frozenset({SideEffect.OTHER}), side_effect_other=other)
    assert set(found) == {"side_effect_other"}


def test_an_other_side_effect_with_text_is_fine() -> None:
    assert problems(side_effects=frozenset({SideEffect.OTHER}), side_effect_other="Dry mouth") == {}


@pytest.mark.parametrize("section", ["subjective", "objective", "assessment", "plan"])
def test_a_section_over_20000_characters_is_refused(section: str) -> None:
    assert problems(**{section: "x" * 20_000}) == {}
    assert problems(**{section: "x" * 20_001}) == {section: "Keep this section to 20,000 characters."}


@pytest.mark.parametrize("dose", [Decimal(0), Decimal("-1.5"), Decimal(1001)])
def test_a_current_dose_out_of_range_is_refused(dose: Decimal) -> None:
    assert set(problems(current_dose_mg=dose)) == {"current_dose_mg"}


@pytest.mark.parametrize("dose", [None, Decimal("0.1"), Decimal("4.5")])
def test_a_plausible_or_unknown_dose_is_fine(dose: Decimal | None) -> None:
    assert problems(current_dose_mg=dose) == {}


def test_several_problems_are_reported_together() -> None:
    found = problems(location_state="OK", location_city="", consent_confirmed=False, scores=scores(pain=11))
    assert set(found) == {"location_state", "location_city", "consent_confirmed", "pain"}


# --- addenda and decisions ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "    ", "abcd", "  abcd  "])
def test_an_addendum_needs_five_characters(text: str) -> None:
    assert set(addendum_problems(text)) == {"text"}


def test_an_addendum_of_five_to_10000_characters_is_fine() -> None:
    assert addendum_problems("abcde") == {}
    assert addendum_problems("Correction: she takes it at 9 pm, not bedtime. O'Brien ✓") == {}
    assert addendum_problems("x" * 10_000) == {}


def test_an_addendum_over_10000_characters_is_refused() -> None:
    assert addendum_problems("x" * 10_001) == {"text": "Keep an addendum to 10,000 characters."}


@pytest.mark.parametrize(
    ("decision", "changes"),
    [
        (Decision.CONTINUE, False),
        (Decision.INCREASE, True),
        (Decision.DECREASE, True),
        (Decision.HOLD, False),
        (Decision.STOP, False),
    ],
)
def test_only_an_increase_or_decrease_changes_the_dose(decision: Decision, changes: bool) -> None:
    assert decision.changes_dose is changes


# --- the safety screen's visit rule ---------------------------------------------------------------

SCREENED_ON = date(2026, 11, 21)


def safety(**changes: object) -> SafetyInput:
    """A script the screen has nothing else to say about."""
    base = SafetyInput(
        medications=(MedicationFact("Vitamin D3 2000 IU"),),
        conditions=(("Fibromyalgia", "M79.7"),),
        allergies=(),
        patient_state="TX",
        consents=frozenset(ConsentKind),
        formula=Formula("CAP-4.5", DosageForm.CAPSULE, Decimal("4.5")),
        steps=(TitrationStep(Decimal("4.5")),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def visit_findings(**changes: object) -> list[str]:
    return [f.message for f in screen(safety(**changes)) if f.code == "no_recent_visit"]


def test_no_visit_on_file_is_a_warning() -> None:
    [finding] = [f for f in screen(safety(screened_on=SCREENED_ON)) if f.code == "no_recent_visit"]
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith("No signed visit is on file.")


def test_a_visit_365_days_ago_is_recent() -> None:
    # 11/21/2026 - 365 days = 11/21/2025 (the year between holds February 2026, 28 days).
    assert visit_findings(screened_on=SCREENED_ON, last_visit=date(2025, 11, 21)) == []


def test_a_visit_366_days_ago_is_not_recent() -> None:
    [message] = visit_findings(screened_on=SCREENED_ON, last_visit=date(2025, 11, 20))
    assert message.startswith("The last signed visit was on 11/20/2025.")
    assert "365 days" in message


def test_a_visit_today_is_recent() -> None:
    assert visit_findings(screened_on=SCREENED_ON, last_visit=SCREENED_ON) == []


def test_without_a_screening_date_the_visit_rule_is_skipped() -> None:
    assert visit_findings() == []
    assert visit_findings(last_visit=date(2020, 1, 1)) == []
    assert screen(safety()) == ()
