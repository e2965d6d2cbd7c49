"""A follow-up's statuses: on or off the worklist, and which status may follow which."""

from __future__ import annotations

import pytest

from ldnclinic.domain.enums import stored_values
from ldnclinic.domain.followups.worklist import (
    CLOSED_STATUSES,
    FOLLOWUP_TRANSITIONS,
    OPEN_STATUSES,
    FollowupStatus,
    can_move,
)

OPEN, SCHEDULED, SNOOZED, DONE, MISSED, CANCELLED = (
    FollowupStatus.OPEN,
    FollowupStatus.SCHEDULED,
    FollowupStatus.SNOOZED,
    FollowupStatus.DONE,
    FollowupStatus.MISSED,
    FollowupStatus.CANCELLED,
)


def test_open_and_closed_split_the_statuses() -> None:
    assert {OPEN, SCHEDULED, SNOOZED} == OPEN_STATUSES
    assert {DONE, MISSED, CANCELLED} == CLOSED_STATUSES
    assert set(FollowupStatus) == OPEN_STATUSES | CLOSED_STATUSES
    assert not OPEN_STATUSES & CLOSED_STATUSES
    assert stored_values(OPEN_STATUSES) == ("open", "scheduled", "snoozed")


def test_every_status_has_its_row_in_the_table() -> None:
    assert set(FOLLOWUP_TRANSITIONS) == set(FollowupStatus)


@pytest.mark.parametrize("status", list(FollowupStatus))
def test_an_item_on_the_worklist_may_be_worked_and_a_closed_one_only_reopened(
    status: FollowupStatus,
) -> None:
    for closing in (DONE, MISSED, CANCELLED, SCHEDULED, SNOOZED):
        assert can_move(status, closing) is (status in OPEN_STATUSES)
    assert status.is_closed is (status in CLOSED_STATUSES)


def test_reopen_undoes_everything_but_done() -> None:
    assert {s for s in FollowupStatus if s.reopenable} == {SCHEDULED, SNOOZED, MISSED, CANCELLED}
    assert all(s.reopenable is can_move(s, OPEN) for s in FollowupStatus)
    assert not FOLLOWUP_TRANSITIONS[DONE]
