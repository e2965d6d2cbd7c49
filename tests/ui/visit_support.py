"""Shared set-up for the visit UI tests: visit notes at past dates, and a patient with five
months of LDN (a 1.5 -> 3 -> 4.5 mg titration, then a step down to 3 mg after vivid dreams
and insomnia) whose pain and fatigue improve visit by visit."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ldnclinic.domain.followups.worklist import ContactMethod, ContactOutcome
from ldnclinic.domain.visits.note import Adherence, Decision, Modality, Scores, SideEffect
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.visits.dto import VisitDetail, VisitInput
from tests.services.rx_support import add_patient, allow_start_dates, approved_rx
from tests.support.clock import FakeClock

CHICAGO = ZoneInfo("America/Chicago")


def visit_input(
    services: Services, actor: Actor, patient_id: int, when: datetime | None = None, **note: Any
) -> VisitInput:
    """The service's prefilled new visit, made valid (in Austin, TX, with consent) and changed
    by `note` (VisitNote fields); `when` moves it into the past."""
    blank = services.visits.new_visit(actor, patient_id)
    changes: dict[str, Any] = {"location_state": "TX", "location_city": "Austin", "consent_confirmed": True}
    if when is not None:
        changes["visit_at"] = when
    changes.update(note)
    return dataclasses.replace(blank, note=dataclasses.replace(blank.note, **changes))


def record_visit(
    services: Services,
    actor: Actor,
    patient_id: int,
    when: datetime | None = None,
    *,
    sign: bool = True,
    clock: FakeClock | None = None,
    **note: Any,
) -> VisitDetail:
    """A visit note written (and signed unless `sign` is False) by `actor`; with `clock`, it
    is written and signed half an hour after the visit, as in real life."""
    if clock is not None and when is not None:
        clock.now = when + timedelta(minutes=30)
    detail = services.visits.create(actor, visit_input(services, actor, patient_id, when, **note))
    if sign:
        if clock is not None and when is not None:
            clock.advance(minutes=20)
        detail = services.visits.sign(actor, detail.id, detail.version)
    return detail


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


@dataclass(frozen=True, slots=True)
class History:
    patient_id: int
    visits: list[VisitDetail]  # oldest first; the last one is a draft
    titration_rx: int
    step_down_rx: int

    @property
    def with_addenda(self) -> VisitDetail:
        """The signed visit that has two addenda."""
        return self.visits[4]


# (day, pain, fatigue, sleep, mood, PGIC, FIQR, dose, side effects, decision, modality)
PLAN: tuple[tuple[Any, ...], ...] = (
    (date(2026, 6, 23), 8, 8, 3, 4, None, 68, None, (), None, Modality.VIDEO),
    (
        date(2026, 7, 21),
        7,
        7,
        4,
        5,
        3,
        61,
        "3",
        (SideEffect.VIVID_DREAMS,),
        Decision.CONTINUE,
        Modality.VIDEO,
    ),
    (
        date(2026, 8, 25),
        5,
        6,
        5,
        6,
        2,
        52,
        "4.5",
        (SideEffect.VIVID_DREAMS,),
        Decision.CONTINUE,
        Modality.VIDEO,
    ),
    (
        date(2026, 9, 29),
        4,
        5,
        3,
        6,
        2,
        47,
        "4.5",
        (SideEffect.VIVID_DREAMS, SideEffect.INSOMNIA),
        Decision.DECREASE,
        Modality.AUDIO_ONLY,
    ),
    (date(2026, 10, 27), 4, 4, 6, 7, 2, 44, "3", (), Decision.CONTINUE, Modality.VIDEO),
    (date(2026, 11, 19), 3, 3, 7, 7, 2, 39, "3", (), Decision.CONTINUE, Modality.VIDEO),
)
NOTES = (
    "Widespread pain for 6 years, fibromyalgia diagnosed 2023. Poor sleep, fatigue most afternoons.",
    "Started LDN 1.5 mg, now on 3 mg. Vivid dreams the first week, settling. Pain a little better.",
    "On 4.5 mg since late July. Walking 20 minutes most days. Dreams still vivid but tolerable.",
    "Waking at 3 a.m. most nights since the dose went to 4.5 mg; dreams intense. Pain steady at 4.",
    "Back on 3 mg for four weeks: sleeping through, no more intense dreams, pain unchanged.",
    "Good month. Pain 3, energy better, back to part-time work. Wants to stay on 3 mg.",
)


def patient_with_history(services: Services, prescriber: Actor, clock: FakeClock) -> History:
    """José Luis Peña: six visits from June to November 2026 (five signed, the last a draft),
    a titration 1.5 -> 3 -> 4.5 mg from June 24 and a step down to 3 mg from September 30.
    The clock ends where it started."""
    end = clock.now
    patient_id = add_patient(services, prescriber, visit=False)
    visits = []
    for index, (day, pain, fatigue, sleep, mood, pgic, fiqr, dose, effects, decision, modality) in enumerate(
        PLAN
    ):
        visits.append(
            record_visit(
                services,
                prescriber,
                patient_id,
                at(day, 9 + index % 3, 30 if index % 2 else 0),
                sign=index < len(PLAN) - 1,
                clock=clock,
                modality=modality,
                subjective=NOTES[index],
                assessment="Fibromyalgia, responding to LDN."
                if index
                else "Fibromyalgia; candidate for LDN.",
                plan=_plan_text(decision),
                current_dose_mg=Decimal(dose) if dose else None,
                adherence=Adherence.AS_PRESCRIBED if dose else None,
                side_effects=frozenset(effects),
                scores=Scores(pain, fatigue, sleep, mood, pgic, "FIQR", Decimal(fiqr)),
                decision=decision,
            )
        )
    addenda = (
        (
            datetime(2026, 10, 28, 14, 5, tzinfo=CHICAGO),
            "Patient called: the pharmacy confirmed 3 mg capsules.",
        ),
        (
            datetime(2026, 11, 2, 8, 40, tzinfo=CHICAGO),
            "Correction: mood score is 7, sleep 6 (the patient's own diary). FIQR 44 confirmed.",
        ),
    )
    for moment, text in addenda:
        clock.now = moment
        visits[4] = services.visits.add_addendum(prescriber, visits[4].id, text)
    clock.now = end
    allow_start_dates(services)  # the titration began in June
    titration = approved_rx(
        services, prescriber, patient_id, steps="1.5:14,3:14,4.5", start_date=date(2026, 6, 24)
    )
    step_down = approved_rx(
        services, prescriber, patient_id, formula="CAP-1.5", steps="3", start_date=date(2026, 9, 30)
    )
    _work_followups(services, prescriber, patient_id, visits, end.astimezone(CHICAGO).date())
    return History(patient_id, visits, titration.id, step_down.id)


def _work_followups(
    services: Services, actor: Actor, patient_id: int, visits: list[VisitDetail], today: date
) -> None:
    """As the clinic would have: each follow-up due before today done with the visit that
    came next, and a reminder call logged for the next open one."""
    items = services.followups.for_patient(actor, patient_id)
    for item in items:
        if item.due_date >= today or item.bucket is None:
            continue
        visit = next(
            (v for v in visits if v.note.visit_at.date() >= item.due_date and v.read_only), visits[-2]
        )
        services.followups.complete(actor, item.id, item.version, visit_id=visit.id)
    upcoming = next(i for i in services.followups.for_patient(actor, patient_id) if i.bucket is not None)
    services.followups.log_attempt(
        actor,
        upcoming.id,
        upcoming.version,
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.LEFT_MESSAGE,
        note="Reminder to book the review.",
    )


def _plan_text(decision: Decision | None) -> str:
    if decision is None:
        return "Start LDN 1.5 mg at bedtime, titrate to 4.5 mg over four weeks. Follow up in 4 weeks."
    if decision is Decision.DECREASE:
        return "Step down to 3 mg at bedtime. Sleep hygiene reviewed. Follow up in 4 weeks."
    return "Continue the current dose. Follow up in 4-5 weeks."
