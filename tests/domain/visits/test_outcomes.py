"""Outcomes over time: the daily dose timeline from prescriptions and hold/stop decisions, and
the span the outcome chart has to show. Every date is worked out by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ldnclinic.domain.prescriptions.titration import TitrationStep, parse_steps
from ldnclinic.domain.visits.note import Measure
from ldnclinic.domain.visits.outcomes import (
    DoseSegment,
    OutcomePoint,
    OutcomeSeries,
    ScriptDoses,
    dose_timeline,
)

MARCH_1 = date(2026, 3, 1)
STANDARD = parse_steps("1.5:14,3:14,4.5")


def mg(text: str) -> Decimal:
    return Decimal(text)


def test_one_titration_script_gives_one_segment_per_step() -> None:
    # 3/1 + 14 = 3/15, + 14 = 3/29; the last step goes on.
    assert dose_timeline([ScriptDoses(MARCH_1, STANDARD)]) == (
        DoseSegment(date(2026, 3, 1), date(2026, 3, 15), mg("1.5")),
        DoseSegment(date(2026, 3, 15), date(2026, 3, 29), mg("3")),
        DoseSegment(date(2026, 3, 29), None, mg("4.5")),
    )


def test_a_fixed_dose_is_one_open_segment() -> None:
    assert dose_timeline([ScriptDoses(MARCH_1, (TitrationStep(mg("4.5")),))]) == (
        DoseSegment(MARCH_1, None, mg("4.5")),
    )


def test_no_scripts_no_segments() -> None:
    assert dose_timeline([]) == ()


def test_a_newer_script_cuts_the_older_one_short() -> None:
    # The 3 mg step runs 3/15 .. 3/28; a 3 mg maintenance script from 3/20 takes over.
    older = ScriptDoses(MARCH_1, STANDARD)
    newer = ScriptDoses(date(2026, 3, 20), (TitrationStep(mg("3")),))
    assert dose_timeline([newer, older]) == (  # given in any order: sorted by start
        DoseSegment(date(2026, 3, 1), date(2026, 3, 15), mg("1.5")),
        DoseSegment(date(2026, 3, 15), date(2026, 3, 20), mg("3")),
        DoseSegment(date(2026, 3, 20), None, mg("3")),
    )


def test_a_newer_script_on_a_step_boundary_drops_the_rest_of_the_older_plan() -> None:
    older = ScriptDoses(MARCH_1, STANDARD)
    newer = ScriptDoses(date(2026, 3, 15), (TitrationStep(mg("1")),))
    assert dose_timeline([older, newer]) == (
        DoseSegment(date(2026, 3, 1), date(2026, 3, 15), mg("1.5")),
        DoseSegment(date(2026, 3, 15), None, mg("1")),
    )


def test_a_hold_sets_the_dose_to_zero_until_the_next_script_starts() -> None:
    first = ScriptDoses(MARCH_1, (TitrationStep(mg("4.5")),))
    restart = ScriptDoses(date(2026, 5, 1), (TitrationStep(mg("1.5")),))
    assert dose_timeline([first, restart], pauses=[date(2026, 4, 10)]) == (
        DoseSegment(date(2026, 3, 1), date(2026, 4, 10), mg("4.5")),
        DoseSegment(date(2026, 4, 10), date(2026, 5, 1), Decimal(0)),
        DoseSegment(date(2026, 5, 1), None, mg("1.5")),
    )


def test_a_stop_with_no_later_script_is_zero_from_then_on() -> None:
    assert dose_timeline([ScriptDoses(MARCH_1, STANDARD)], pauses=[date(2026, 3, 20)]) == (
        DoseSegment(date(2026, 3, 1), date(2026, 3, 15), mg("1.5")),
        DoseSegment(date(2026, 3, 15), date(2026, 3, 20), mg("3")),
        DoseSegment(date(2026, 3, 20), None, Decimal(0)),
    )


def test_a_pause_before_a_step_change_drops_the_later_steps_too() -> None:
    # Held on 3/10, during the 1.5 mg step: the 3 mg and 4.5 mg steps never happen.
    assert dose_timeline([ScriptDoses(MARCH_1, STANDARD)], pauses=[date(2026, 3, 10)]) == (
        DoseSegment(date(2026, 3, 1), date(2026, 3, 10), mg("1.5")),
        DoseSegment(date(2026, 3, 10), None, Decimal(0)),
    )


# --- OutcomeSeries --------------------------------------------------------------------------------

TODAY = date(2026, 11, 21)


def test_an_empty_series_is_empty_and_has_no_span() -> None:
    series = OutcomeSeries()
    assert series.is_empty
    assert series.span(TODAY) is None


def test_a_measure_without_points_still_counts_as_empty() -> None:
    assert OutcomeSeries(points={Measure.PAIN: ()}).is_empty


def test_points_alone_are_not_empty_and_span_their_days() -> None:
    series = OutcomeSeries(
        points={
            Measure.PAIN: (
                OutcomePoint(date(2026, 4, 2), Decimal(7), 1),
                OutcomePoint(date(2026, 6, 5), Decimal(4), 2),
            ),
            Measure.PGIC: (OutcomePoint(date(2026, 5, 1), Decimal(2), 3),),
        }
    )
    assert not series.is_empty
    assert series.span(TODAY) == (date(2026, 4, 2), date(2026, 6, 5))


def test_an_open_dose_segment_spans_up_to_today() -> None:
    series = OutcomeSeries(
        points={Measure.PAIN: (OutcomePoint(date(2026, 4, 2), Decimal(7)),)},
        doses=(
            DoseSegment(date(2026, 3, 1), date(2026, 3, 15), mg("1.5")),
            DoseSegment(date(2026, 3, 15), None, mg("3")),
        ),
    )
    assert not series.is_empty
    assert series.span(TODAY) == (date(2026, 3, 1), TODAY)


def test_closed_dose_segments_span_to_their_last_end() -> None:
    series = OutcomeSeries(doses=(DoseSegment(date(2026, 3, 1), date(2026, 3, 15), mg("1.5")),))
    assert not series.is_empty
    assert series.span(TODAY) == (date(2026, 3, 1), date(2026, 3, 15))
