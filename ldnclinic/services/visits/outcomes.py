"""The outcome series of a patient: each measure's scores from the visits, and the dose
timeline from the live prescriptions (paused by signed hold or stop decisions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.followups import Visit
from ldnclinic.domain.visits.note import (
    Decision,
    Measure,
    VisitStatus,
)
from ldnclinic.domain.visits.outcomes import OutcomePoint, OutcomeSeries, ScriptDoses, dose_timeline
from ldnclinic.services.prescriptions.in_force import live_prescriptions
from ldnclinic.services.prescriptions.snapshots import steps_from_json
from ldnclinic.services.visits.notes import note_scores


def outcome_series(session: Session, patient_id: int, zone: ZoneInfo) -> OutcomeSeries:
    visits = session.scalars(
        select(Visit).where(Visit.patient_id == patient_id).order_by(Visit.visit_at, Visit.id)
    ).all()
    points: dict[Measure, list[OutcomePoint]] = {measure: [] for measure in Measure}
    pauses: list[date] = []
    condition_name = None
    for visit in visits:
        day = visit.visit_at.astimezone(zone).date()
        scores = note_scores(visit)
        for measure in Measure:
            value = scores.value(measure)
            if value is not None:
                points[measure].append(OutcomePoint(day, value, visit.id))
        if visit.condition_name:
            condition_name = visit.condition_name
        if (
            visit.decision in (Decision.HOLD.value, Decision.STOP.value)
            and visit.status == VisitStatus.SIGNED.value
        ):
            pauses.append(day)
    scripts = [
        ScriptDoses(row.start_date, steps_from_json(row.steps_json))
        for row in live_prescriptions(session, patient_id)
    ]
    return OutcomeSeries(
        points={measure: tuple(values) for measure, values in points.items() if values},
        doses=dose_timeline(scripts, pauses),
        condition_name=condition_name,
    )


def dose_on(series: OutcomeSeries, day: date) -> Decimal | None:
    for segment in series.doses:
        if segment.start <= day and (segment.end is None or day < segment.end):
            return segment.dose_mg
    return None
