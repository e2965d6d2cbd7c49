"""What can be done to a follow-up, and running it: the worklist and the chart share this.

`allowed_actions()` says which actions a user may take on an item in its present state
(the service checks again). `run_followup_action()` opens the right dialog modally, lets
it call the service, and returns what changed: the updated `FollowupItem`, the saved
`VisitDetail` when a follow-up is done through a visit note, or None when the user
cancelled. The caller reloads its list afterwards either way (a conflict in the dialog
means the item changed under it).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QWidget

from ldnclinic.domain.errors import ConflictError, DomainError
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import FollowupStatus
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.ui.followups.closing_dialogs import AssignDialog, CancelDialog, CloseDialog
from ldnclinic.ui.followups.contact_dialogs import AttemptDialog, ScheduleDialog, SnoozeDialog
from ldnclinic.ui.followups.dialog_base import FollowupDialog, clinic_today
from ldnclinic.ui.followups.worklist_model import appointment_text, long_day_text
from ldnclinic.ui.widgets import openers, prompts
from ldnclinic.ui.widgets.openers import ActionState

REOPEN_KEY = "reopen_followup"
CONFLICT_KEY = "followup_conflict"
REFUSED_KEY = "followup_refused"

# Done through a visit note for these; a refill or "other" item is closed with a note.
VISIT_TYPES = frozenset(
    {FollowupType.TITRATION_CHECK, FollowupType.EFFICACY_REVIEW, FollowupType.ROUTINE_REVIEW}
)


class FollowupAction(StrEnum):
    ATTEMPT = "attempt"
    SCHEDULE = "schedule"
    SNOOZE = "snooze"
    CANCEL = "cancel"
    DONE = "done"
    MISSED = "missed"
    REOPEN = "reopen"
    ASSIGN = "assign"

    @property
    def label(self) -> str:
        """Button or menu text."""
        return _LABELS[self]


_LABELS = {
    FollowupAction.ATTEMPT: "Log attempt…",
    FollowupAction.SCHEDULE: "Schedule…",
    FollowupAction.SNOOZE: "Snooze…",
    FollowupAction.CANCEL: "Cancel…",
    FollowupAction.DONE: "Done…",
    FollowupAction.MISSED: "Mark missed…",
    FollowupAction.REOPEN: "Reopen",
    FollowupAction.ASSIGN: "Assign…",
}


def allowed_actions(item: FollowupItem, actor: Actor) -> frozenset[FollowupAction]:
    """What this user may do now with this item: everything while it is on the worklist
    (Reopen only undoes an appointment or a snooze), only Reopen once it is missed or
    cancelled, nothing once it is done."""
    if not actor.can(Permission.FOLLOWUP_WORK):
        return frozenset()
    possible = set() if item.status.is_closed else set(FollowupAction) - {FollowupAction.REOPEN}
    if item.status.reopenable:
        possible.add(FollowupAction.REOPEN)
    return frozenset(possible)


def done_through_visit(item: FollowupItem, actor: Actor) -> bool:
    """Done means writing the visit note (saving it closes the follow-up)."""
    return item.type in VISIT_TYPES and actor.can(Permission.VISIT_WRITE)


def action_tooltip(action: FollowupAction, item: FollowupItem | None, actor: Actor) -> str:
    """What the button will do for this item (for tooltips and screen readers)."""
    if action is FollowupAction.DONE and item is not None and done_through_visit(item, actor):
        return "Write the visit note; saving it marks this follow-up done."
    if action is FollowupAction.REOPEN and item is not None:
        if item.status is FollowupStatus.SCHEDULED:
            return "Clear the appointment: the follow-up is open again."
        if item.status is FollowupStatus.SNOOZED:
            return "End the snooze: the follow-up is back on the worklist now."
        return "Put the follow-up back on the worklist."
    return _TIPS[action]


_TIPS = {
    FollowupAction.ATTEMPT: "Record a call, text, email or portal message and what came of it.",
    FollowupAction.SCHEDULE: "Book the appointment (date and time).",
    FollowupAction.SNOOZE: "Take it off the worklist until a later day.",
    FollowupAction.CANCEL: "Cancel it, with a reason.",
    FollowupAction.DONE: "Mark it done, with an optional note.",
    FollowupAction.MISSED: "The patient did not come or could not be reached in time.",
    FollowupAction.REOPEN: "Put the follow-up back on the worklist.",
    FollowupAction.ASSIGN: "Give it to someone, or to no one.",
}


def action_states(item: FollowupItem | None, actor: Actor) -> dict[str, ActionState]:
    """Every action by key with its label, tooltip and whether it is allowed now (for the
    chart's follow-ups panel, through `openers.followup_actions`)."""
    allowed = allowed_actions(item, actor) if item is not None else frozenset()
    return {
        action.value: ActionState(
            action.value, action.label, action_tooltip(action, item, actor), action in allowed
        )
        for action in FollowupAction
    }


def run_named_action(
    action: str, item: FollowupItem, services: Services, actor: Actor, parent: QWidget
) -> object | None:
    """`run_followup_action` for an action given by its key (`openers.run_followup_action`)."""
    return run_followup_action(FollowupAction(action), item, services, actor, parent)


def run_followup_action(
    action: FollowupAction, item: FollowupItem, services: Services, actor: Actor, parent: QWidget
) -> object | None:
    """Open the action's dialog (modal), let it call the service; return the updated item
    (or the saved VisitDetail for a visit), None if the user cancelled or it was refused."""
    if action not in allowed_actions(item, actor):
        prompts.warn(
            parent,
            REFUSED_KEY,
            "Follow-up",
            f"“{action.label.rstrip('…')}” is not possible for this follow-up now "
            f"({item.status.label.lower()}).",
        )
        return None
    if action is FollowupAction.REOPEN:
        return _reopen(item, services, actor, parent)
    if action is FollowupAction.DONE and done_through_visit(item, actor):
        return _done_with_visit(item, services, actor, parent)
    dialog = _dialog(action, item, services, actor, parent)
    try:
        dialog.exec()
        return dialog.result_item
    finally:
        dialog.deleteLater()


def _dialog(
    action: FollowupAction, item: FollowupItem, services: Services, actor: Actor, parent: QWidget
) -> FollowupDialog:
    if action is FollowupAction.ATTEMPT:
        return AttemptDialog(services, actor, item, parent)
    if action is FollowupAction.SCHEDULE:
        return ScheduleDialog(
            services,
            actor,
            item,
            today=clinic_today(services, actor),
            zone=services.clinic.zone(),
            parent=parent,
        )
    if action is FollowupAction.SNOOZE:
        return SnoozeDialog(services, actor, item, today=clinic_today(services, actor), parent=parent)
    if action is FollowupAction.CANCEL:
        return CancelDialog(services, actor, item, parent)
    if action is FollowupAction.ASSIGN:
        return AssignDialog(services, actor, item, parent)
    return CloseDialog(services, actor, item, done=action is FollowupAction.DONE, parent=parent)


def _done_with_visit(item: FollowupItem, services: Services, actor: Actor, parent: QWidget) -> object | None:
    """The visit note for this follow-up; the visit service marks the follow-up done on save."""
    return openers.write_followup_visit(services, actor, item.patient_id, item.id, parent)


def _reopen(item: FollowupItem, services: Services, actor: Actor, parent: QWidget) -> FollowupItem | None:
    if item.status is FollowupStatus.SCHEDULED and item.scheduled_at is not None:
        question = f"Clear the appointment on {appointment_text(item.scheduled_at)} and make it open again?"
    elif item.status is FollowupStatus.SNOOZED and item.snoozed_until is not None:
        question = (
            f"End the snooze (until {long_day_text(item.snoozed_until)}) and put it back on the worklist now?"
        )
    else:
        question = f"It is {item.status.label.lower()}. Put it back on the worklist as open?"
    if not prompts.confirm(
        parent,
        REOPEN_KEY,
        "Reopen follow-up",
        f"{item.type.label} for {item.patient_name}: {question}",
        yes="Reopen",
        no="Cancel",
    ):
        return None
    try:
        return services.followups.reopen(actor, item.id, item.version)
    except ConflictError as error:
        prompts.warn(
            parent, CONFLICT_KEY, "Follow-up changed", f"{error.message} The list shows it as it is now."
        )
    except DomainError as error:
        prompts.warn(parent, REFUSED_KEY, "Follow-up", error.message)
    return None
