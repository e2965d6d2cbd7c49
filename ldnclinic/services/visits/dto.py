"""What the visit service hands out and takes in: frozen dataclasses, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ldnclinic.domain.visits.note import Decision, Modality, Scores, VisitNote, VisitStatus


@dataclass(frozen=True, slots=True)
class VisitInput:
    patient_id: int
    note: VisitNote
    prescription_id: int | None = None  # the prescription being reviewed
    followup_id: int | None = None  # the follow-up this visit completes (marked done on save)


@dataclass(frozen=True, slots=True)
class AddendumRecord:
    id: int
    author_id: int
    author: str
    written_at: datetime  # in the clinic's zone
    text: str


@dataclass(frozen=True, slots=True)
class VisitSummary:
    id: int
    patient_id: int
    visit_at: datetime  # in the clinic's zone
    modality: Modality
    status: VisitStatus
    decision: Decision | None
    current_dose_mg: Decimal | None
    scores: Scores
    author: str
    signed_by: str | None
    signed_at: datetime | None
    addenda_count: int
    version: int


@dataclass(frozen=True, slots=True)
class VisitDetail:
    id: int
    patient_id: int
    patient_name: str  # "Last, First Middle"
    mrn: str
    date_of_birth: date
    prescription_id: int | None
    medication: str | None  # the reviewed prescription's medication line
    note: VisitNote  # visit_at in the clinic's zone
    status: VisitStatus
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime
    signed_by: str | None
    signed_at: datetime | None
    addenda: tuple[AddendumRecord, ...]
    followup_ids: tuple[int, ...]
    version: int

    @property
    def read_only(self) -> bool:
        return self.status is VisitStatus.SIGNED
