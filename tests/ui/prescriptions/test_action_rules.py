"""The chart's prescription buttons follow the domain's status rules, status by status."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ldnclinic.domain.enums import Role
from ldnclinic.domain.prescriptions.status import RxStatus, can_move
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import PrescriptionSummary
from ldnclinic.ui.prescriptions.action_rules import Action, allowed

PRESCRIBER = Actor(user_id=7, username="doc", display_name="Dr Doc", roles=frozenset({Role.PRESCRIBER}))
STAFF = Actor(user_id=8, username="ann", display_name="Ann", roles=frozenset({Role.STAFF}))
WHEN = datetime(2026, 3, 2, 15, tzinfo=UTC)


def script(status: RxStatus) -> PrescriptionSummary:
    return PrescriptionSummary(
        id=1,
        patient_id=1,
        patient_name="Kim, Ada",
        patient_mrn="M-1",
        status=status,
        formula_code="CAP-1.5",
        medication="Naltrexone HCl 1.5 mg capsule",
        target_dose="4.5 mg",
        plan_text="1.5 mg",
        supply_days=30,
        refills=0,
        prescriber_name="Dr Doc",
        serial=None,
        created_at=WHEN,
        updated_at=WHEN,
        prescriber_id=PRESCRIBER.user_id,
    )


@pytest.mark.parametrize("status", list(RxStatus))
def test_each_button_is_offered_exactly_when_the_domain_allows_its_step(status: RxStatus) -> None:
    can = allowed(PRESCRIBER, script(status))
    assert (Action.APPROVE in can) is can_move(status, RxStatus.APPROVED)
    assert (Action.SIGN in can) is can_move(status, RxStatus.SIGNED)
    assert (Action.SEND in can) is can_move(status, RxStatus.SENT)
    assert (Action.VOID in can) is can_move(status, RxStatus.VOID)
    assert (Action.PRINT in can) is (can_move(status, RxStatus.PRINTED) or status.was_printed)
    assert (Action.CHART_COPY in can) is status.was_printed
    assert (Action.FAX_COVER in can) is status.was_printed
    assert (Action.RENEW in can) is status.renewable


@pytest.mark.parametrize("status", list(RxStatus))
def test_staff_void_only_what_needs_no_prescriber(status: RxStatus) -> None:
    can = allowed(STAFF, script(status))
    assert (Action.VOID in can) is (status.voidable and not status.void_needs_prescriber)
