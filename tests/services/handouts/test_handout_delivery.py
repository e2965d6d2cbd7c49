"""Handouts are recorded as given only once they came out: `HandoutService.print` and
`reprint` hand the PDF to `deliver` inside the transaction and record nothing if it raises.
Real PDFs, SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ldnclinic.domain.enums import AuditAction
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.delivery import DeliveryError, PdfFile
from tests.services.rx_support import add_patient


class Paper:
    """A `deliver` that keeps what came out, or fails like a printer that is switched off."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.delivered: list[bytes] = []

    def __call__(self, pdf: bytes) -> None:
        if self.fail:
            raise DeliveryError("The printer could not be started.")
        self.delivered.append(pdf)


@pytest.fixture
def patient_id(initialized: Services, staff: Actor) -> int:
    return add_patient(initialized, staff, preferred_language="en")


def handout_actions(services: Services, admin: Actor) -> list[AuditAction]:
    return [e.action for e in services.audit.recent(admin, record_type="handout_print", limit=50)]


def test_handouts_that_did_not_come_out_are_not_recorded(
    initialized: Services, staff: Actor, admin: Actor, patient_id: int, tmp_path: Path
) -> None:
    with pytest.raises(DeliveryError):
        initialized.handouts.print(staff, patient_id, ["what_is_ldn"], deliver=Paper(fail=True))
    with pytest.raises(DeliveryError, match="does not exist"):
        initialized.handouts.print(
            staff, patient_id, ["what_is_ldn"], deliver=PdfFile(tmp_path / "no" / "h.pdf")
        )
    assert initialized.handouts.documents(staff, patient_id) == []
    assert handout_actions(initialized, admin) == []

    paper = Paper()
    printed = initialized.handouts.print(staff, patient_id, ["what_is_ldn"], deliver=paper)
    assert paper.delivered == [printed.pdf]
    [record] = initialized.handouts.documents(staff, patient_id)
    assert record.sha256 == hashlib.sha256(paper.delivered[0]).hexdigest() == printed.record.sha256
    assert handout_actions(initialized, admin) == [AuditAction.HANDOUTS_PRINTED]


def test_a_reprint_is_audited_only_once_it_came_out(
    initialized: Services, staff: Actor, admin: Actor, patient_id: int
) -> None:
    given = initialized.handouts.print(staff, patient_id, ["side_effects"], deliver=Paper()).record
    with pytest.raises(DeliveryError):
        initialized.handouts.reprint(staff, given.id, deliver=Paper(fail=True))
    assert handout_actions(initialized, admin) == [AuditAction.HANDOUTS_PRINTED]
    paper = Paper()
    again = initialized.handouts.reprint(staff, given.id, deliver=paper)
    assert paper.delivered == [again] and hashlib.sha256(again).hexdigest() == given.sha256
    assert handout_actions(initialized, admin) == [
        AuditAction.HANDOUTS_REPRINTED,
        AuditAction.HANDOUTS_PRINTED,
    ]
    assert len(initialized.handouts.documents(staff, patient_id)) == 1  # a reprint is no new record
