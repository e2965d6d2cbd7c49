"""The visit note between its row and the domain: writing a VisitNote to the row, reading it
back, and the row as the summary and detail DTOs."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.followups import Followup, Visit
from ldnclinic.db.models.prescriptions import Prescription
from ldnclinic.db.records import existing
from ldnclinic.domain.geography import normalize_state
from ldnclinic.domain.names import display_name
from ldnclinic.domain.text import collapse_spaces, optional_line
from ldnclinic.domain.visits.note import (
    Adherence,
    Decision,
    Modality,
    Scores,
    SideEffect,
    VisitNote,
    VisitStatus,
)
from ldnclinic.services.followups.items import patient_briefs
from ldnclinic.services.prescriptions.snapshots import rx_formula
from ldnclinic.services.users.labels import user_label
from ldnclinic.services.visits.dto import AddendumRecord, VisitDetail, VisitSummary

STALE_VISIT = "Someone else changed this visit note after you opened it. Nothing was overwritten."


def load_visit(session: Session, visit_id: int) -> Visit:
    row = existing(session, Visit, visit_id, "visit")
    return row


def write_note(row: Visit, note: VisitNote) -> None:
    row.visit_at = note.visit_at
    row.modality = note.modality.value
    row.location_state = (normalize_state(note.location_state) or note.location_state.strip().upper())[:2]
    row.location_city = collapse_spaces(note.location_city)
    row.consent_confirmed = note.consent_confirmed
    row.subjective = note.subjective.strip()
    row.objective = note.objective.strip()
    row.assessment = note.assessment.strip()
    row.plan = note.plan.strip()
    row.current_dose_mg = note.current_dose_mg
    row.adherence = note.adherence.value if note.adherence else None
    row.side_effects = ",".join(sorted(effect.value for effect in note.side_effects))
    row.side_effect_other = note.side_effect_other.strip() if SideEffect.OTHER in note.side_effects else ""
    row.pain, row.fatigue = note.scores.pain, note.scores.fatigue
    row.sleep, row.mood, row.pgic = note.scores.sleep, note.scores.mood, note.scores.pgic
    name = optional_line(note.scores.condition_name)
    row.condition_name = name
    row.condition_score = note.scores.condition if name else None
    row.decision = note.decision.value if note.decision else None


def note_scores(row: Visit) -> Scores:
    return Scores(
        pain=row.pain,
        fatigue=row.fatigue,
        sleep=row.sleep,
        mood=row.mood,
        pgic=row.pgic,
        condition_name=row.condition_name,
        condition=Decimal(row.condition_score).normalize() if row.condition_score is not None else None,
    )


def read_note(row: Visit, zone: ZoneInfo) -> VisitNote:
    return VisitNote(
        visit_at=row.visit_at.astimezone(zone),
        modality=Modality(row.modality),
        location_state=row.location_state,
        location_city=row.location_city,
        consent_confirmed=row.consent_confirmed,
        subjective=row.subjective,
        objective=row.objective,
        assessment=row.assessment,
        plan=row.plan,
        current_dose_mg=Decimal(row.current_dose_mg).normalize() if row.current_dose_mg is not None else None,
        adherence=Adherence(row.adherence) if row.adherence else None,
        side_effects=frozenset(SideEffect(code) for code in row.side_effects.split(",") if code),
        side_effect_other=row.side_effect_other,
        scores=note_scores(row),
        decision=Decision(row.decision) if row.decision else None,
    )


def visit_summary(session: Session, row: Visit, zone: ZoneInfo) -> VisitSummary:
    return VisitSummary(
        id=row.id,
        patient_id=row.patient_id,
        visit_at=row.visit_at.astimezone(zone),
        modality=Modality(row.modality),
        status=VisitStatus(row.status),
        decision=Decision(row.decision) if row.decision else None,
        current_dose_mg=Decimal(row.current_dose_mg).normalize() if row.current_dose_mg is not None else None,
        scores=note_scores(row),
        author=user_label(session, row.created_by_id) or "",
        signed_by=user_label(session, row.signed_by_id),
        signed_at=row.signed_at.astimezone(zone) if row.signed_at else None,
        addenda_count=len(row.addenda),
        version=row.version,
    )


def visit_detail(session: Session, row: Visit, zone: ZoneInfo) -> VisitDetail:
    patient = patient_briefs(session, [row.patient_id])[row.patient_id]
    script = session.get(Prescription, row.prescription_id) if row.prescription_id else None
    followups = session.scalars(select(Followup.id).where(Followup.visit_id == row.id).order_by(Followup.id))
    return VisitDetail(
        id=row.id,
        patient_id=row.patient_id,
        patient_name=display_name(patient.first_name, patient.last_name, patient.middle_name),
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        prescription_id=row.prescription_id,
        medication=rx_formula(script).label if script else None,
        note=read_note(row, zone),
        status=VisitStatus(row.status),
        created_by=user_label(session, row.created_by_id) or "",
        created_at=row.created_at.astimezone(zone),
        updated_by=user_label(session, row.updated_by_id) or "",
        updated_at=row.updated_at.astimezone(zone),
        signed_by=user_label(session, row.signed_by_id),
        signed_at=row.signed_at.astimezone(zone) if row.signed_at else None,
        addenda=tuple(
            AddendumRecord(
                a.id,
                a.author_id,
                user_label(session, a.author_id) or "",
                a.written_at.astimezone(zone),
                a.text,
            )
            for a in row.addenda
        ),
        followup_ids=tuple(followups),
        version=row.version,
    )
