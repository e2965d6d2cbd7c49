"""The small dialogs that work a follow-up: log a contact attempt, schedule, snooze, cancel with
a reason, mark missed or done with a note, assign.

They live in three modules, gathered here so one import reaches them all:
`dialog_base` (the shared frame and its helpers), `contact_dialogs` (attempt, schedule,
snooze) and `closing_dialogs` (cancel, missed or done, assign).
"""

from __future__ import annotations
