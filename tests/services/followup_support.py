"""Shared set-up for the follow-up and visit service tests: the clinic's today, patients that
differ by name, hand-made follow-ups, and the generated items of a patient as plain tuples."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.visits.note import Modality, VisitNote
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem, NewFollowup
from ldnclinic.services.visits.dto import VisitDetail, VisitInput
from tests.services.rx_support import add_patient, add_pharmacy

CHICAGO = ZoneInfo("America/Chicago")
# The FakeClock starts at 11/21/2026 15:00 UTC: 9:00 in Austin (CST, UTC-6), a Saturday.
TODAY = date(2026, 11, 21)
_TYPE_ORDER = list(FollowupType)

Item = tuple[FollowupType, date, int | None]  # (type, due date, prescription id)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def open_items(services: Services, actor: Actor, patient_id: int) -> list[Item]:
    """The patient's open follow-ups as (type, due date, prescription), by due date then type."""
    items = services.followups.for_patient(actor, patient_id)
    return sorted(
        ((i.type, i.due_date, i.prescription_id) for i in items if not i.status.is_closed),
        key=lambda item: (item[1], _TYPE_ORDER.index(item[0])),
    )


def item_of(services: Services, actor: Actor, patient_id: int, kind: FollowupType) -> FollowupItem:
    """The patient's one open follow-up of this type (the earliest when there are several)."""
    found = [i for i in services.followups.for_patient(actor, patient_id) if i.type is kind]
    assert found, kind
    return found[0]


def other_patient(services: Services, actor: Actor, first: str, last: str, **changes: Any) -> int:
    """Another clean patient (no visit on file) with their own name and phone number."""
    changes.setdefault("preferred_pharmacy_id", add_pharmacy(services, actor, f"Pharmacy for {last}"))
    return add_patient(
        services,
        actor,
        visit=False,
        first_name=first,
        last_name=last,
        middle_name="",
        preferred_name="",
        **changes,
    )


def add_followup(
    services: Services,
    actor: Actor,
    patient_id: int,
    due: date,
    reason: str = "Call to ask how the first week went.",
    *,
    kind: FollowupType = FollowupType.OTHER,
    assignee_id: int | None = None,
) -> FollowupItem:
    return services.followups.create(actor, NewFollowup(patient_id, kind, due, reason, assignee_id))


def visit_note(at: datetime, **changes: Any) -> VisitNote:
    """A valid video visit from Austin at `at`, consent confirmed."""
    base = VisitNote(
        visit_at=at,
        modality=Modality.VIDEO,
        location_state="TX",
        location_city="Austin",
        consent_confirmed=True,
    )
    return dataclasses.replace(base, **changes)


def add_visit(services: Services, actor: Actor, patient_id: int, at: datetime, **changes: Any) -> VisitDetail:
    """A draft visit note at `at`."""
    followup_id = changes.pop("followup_id", None)
    data = VisitInput(patient_id=patient_id, note=visit_note(at, **changes), followup_id=followup_id)
    return services.visits.create(actor, data)


def signed_visit(
    services: Services, prescriber: Actor, patient_id: int, at: datetime, **changes: Any
) -> VisitDetail:
    visit = add_visit(services, prescriber, patient_id, at, **changes)
    return services.visits.sign(prescriber, visit.id, visit.version)
