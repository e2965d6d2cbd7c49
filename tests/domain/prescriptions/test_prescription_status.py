"""The life of a prescription: the transition table, the status sets and what each status allows."""

from __future__ import annotations

import pytest

from ldnclinic.domain.enums import stored_values
from ldnclinic.domain.prescriptions.status import (
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    PRINTED_STATUSES,
    RX_TRANSITIONS,
    RxStatus,
    can_move,
)

D, A, P, S, SENT, V = (
    RxStatus.DRAFT,
    RxStatus.APPROVED,
    RxStatus.PRINTED,
    RxStatus.SIGNED,
    RxStatus.SENT,
    RxStatus.VOID,
)


def test_every_status_has_its_row_in_the_table() -> None:
    assert set(RX_TRANSITIONS) == set(RxStatus)
    assert all(status not in RX_TRANSITIONS[status] for status in RxStatus)  # no step stands still


@pytest.mark.parametrize(
    ("current", "to"),
    [(D, A), (D, V), (A, D), (A, P), (A, V), (P, S), (P, V), (S, SENT), (S, V)],
)
def test_the_steps_a_script_may_take(current: RxStatus, to: RxStatus) -> None:
    assert can_move(current, to)


def test_the_steps_it_may_not_take() -> None:
    allowed = {(D, A), (D, V), (A, D), (A, P), (A, V), (P, S), (P, V), (S, SENT), (S, V)}
    for current in RxStatus:
        for to in RxStatus:
            assert can_move(current, to) is ((current, to) in allowed)


def test_sent_and_void_are_the_end() -> None:
    assert not RX_TRANSITIONS[SENT] and not RX_TRANSITIONS[V]


def test_the_status_sets() -> None:
    assert {D, A} == EDITABLE_STATUSES
    assert {P, S, SENT} == PRINTED_STATUSES
    assert {A, P, S, SENT} == LIVE_STATUSES
    assert stored_values(LIVE_STATUSES) == ("approved", "printed", "sent", "signed")


@pytest.mark.parametrize("status", list(RxStatus))
def test_each_status_says_what_it_allows_as_the_table_does(status: RxStatus) -> None:
    assert status.approvable is can_move(status, A)
    assert status.printable is can_move(status, P)
    assert status.signable is can_move(status, S)
    assert status.sendable is can_move(status, SENT)
    assert status.voidable is can_move(status, V)
    assert status.editable is (status in EDITABLE_STATUSES)
    assert status.was_printed is (status in PRINTED_STATUSES)
    # An approved script leaves for draft when edited; a draft stays one.
    assert status.editable is (status is D or can_move(status, D))
    # Live: approved and every status a printed original can reach, void never.
    assert (status in LIVE_STATUSES) is (status.printable or status.was_printed)


def test_the_status_properties_by_name() -> None:
    assert {s for s in RxStatus if s.approvable} == {D}
    assert {s for s in RxStatus if s.printable} == {A}
    assert {s for s in RxStatus if s.signable} == {P}
    assert {s for s in RxStatus if s.sendable} == {S}
    assert {s for s in RxStatus if s.voidable} == {D, A, P, S}
    assert {s for s in RxStatus if s.void_needs_prescriber} == {A, P, S, SENT, V}
    assert {s for s in RxStatus if s.renewable} == {A, P, S, SENT, V}
