"""The small dialogs that work a follow-up: log a contact attempt, schedule, snooze, cancel with
a reason, mark missed or done with a note, assign.

They live in three modules, gathered here so one import reaches them all:
`dialog_base` (the shared frame and its helpers), `contact_dialogs` (attempt, schedule,
snooze) and `closing_dialogs` (cancel, missed or done, assign).
"""

from __future__ import annotations

from ldnclinic.ui.followups.closing_dialogs import (
    MIN_CANCEL_REASON,
    AssignDialog,
    CancelDialog,
    CloseDialog,
)
from ldnclinic.ui.followups.contact_dialogs import (
    DEFAULT_HOUR,
    MAX_AHEAD_DAYS,
    OUTCOMES,
    AttemptDialog,
    ScheduleDialog,
    SnoozeDialog,
)
from ldnclinic.ui.followups.dialog_base import (
    NOTE_LIMIT,
    FollowupDialog,
    caption,
    clinic_today,
    collapsed,
    fit_height,
    named_date_edit,
    note_editor,
    pydate,
    qdate,
    side_by_side,
    stacked,
)

__all__ = [
    "DEFAULT_HOUR",
    "MAX_AHEAD_DAYS",
    "MIN_CANCEL_REASON",
    "NOTE_LIMIT",
    "OUTCOMES",
    "AssignDialog",
    "AttemptDialog",
    "CancelDialog",
    "CloseDialog",
    "FollowupDialog",
    "ScheduleDialog",
    "SnoozeDialog",
    "caption",
    "clinic_today",
    "collapsed",
    "fit_height",
    "named_date_edit",
    "note_editor",
    "pydate",
    "qdate",
    "side_by_side",
    "stacked",
]
