"""Outcomes over time: the measures from visit notes and the daily dose on the same timeline.

`dose_timeline` turns the patient's live prescriptions (oldest first) into dose segments: a
plan's steps from its start date, cut short where a newer prescription starts; a visit that
decided to hold or stop LDN drops the dose to zero until the next prescription starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ldnclinic.domain.prescriptions.titration import TitrationStep
from ldnclinic.domain.visits.note import Measure


@dataclass(frozen=True, slots=True)
class OutcomePoint:
    day: date
    value: Decimal
    visit_id: int | None = None


@dataclass(frozen=True, slots=True)
class DoseSegment:
    """The daily dose from `start` up to (not including) `end`; `end` None: still going."""

    start: date
    end: date | None
    dose_mg: Decimal


@dataclass(frozen=True, slots=True)
class OutcomeSeries:
    """Everything the outcome chart draws for one patient."""

    points: dict[Measure, tuple[OutcomePoint, ...]] = field(default_factory=dict)
    doses: tuple[DoseSegment, ...] = ()
    condition_name: str | None = None

    @property
    def is_empty(self) -> bool:
        return not any(self.points.values()) and not self.doses

    def span(self, today: date) -> tuple[date, date] | None:
        """The first and last day the chart needs to show."""
        days = [p.day for series in self.points.values() for p in series]
        days += [s.start for s in self.doses] + [s.end or today for s in self.doses]
        if not days:
            return None
        return min(days), max(days)


@dataclass(frozen=True, slots=True)
class ScriptDoses:
    start: date
    steps: tuple[TitrationStep, ...]


def dose_timeline(scripts: Sequence[ScriptDoses], pauses: Sequence[date] = ()) -> tuple[DoseSegment, ...]:
    """Dose segments for prescriptions given oldest first; `pauses` are hold/stop decisions."""
    ordered = sorted(scripts, key=lambda s: s.start)
    segments: list[DoseSegment] = []
    for index, script in enumerate(ordered):
        cut = ordered[index + 1].start if index + 1 < len(ordered) else None
        day = script.start
        for step in script.steps:
            end = None if step.days is None else _days_later(day, step.days)
            if cut is not None and (end is None or end > cut):
                end = cut
            if end is not None and end <= day:
                break
            segments.append(DoseSegment(day, end, step.dose_mg))
            if end is None or end == cut:
                break
            day = end
    return _apply_pauses(segments, sorted(pauses), [s.start for s in ordered])


def _days_later(day: date, days: int) -> date:
    """`day` + `days`, held at the calendar's last day (a script dated near year 9999)."""
    return day + timedelta(days=days) if (date.max - day).days >= days else date.max


def _apply_pauses(
    segments: list[DoseSegment], pauses: list[date], starts: list[date]
) -> tuple[DoseSegment, ...]:
    for pause in pauses:
        resume = next((start for start in starts if start > pause), None)
        cut: list[DoseSegment] = []
        for segment in segments:
            seg_end = segment.end or date.max
            if seg_end <= pause or (resume is not None and segment.start >= resume):
                cut.append(segment)
                continue
            if segment.start < pause:
                cut.append(DoseSegment(segment.start, pause, segment.dose_mg))
            if resume is not None and seg_end > resume:
                cut.append(DoseSegment(resume, segment.end, segment.dose_mg))
        cut.append(DoseSegment(pause, resume, Decimal(0)))
        segments = sorted(cut, key=lambda s: s.start)
    return tuple(segments)
