"""After a visit that decided to change the dose: draft a new prescription from the one the
visit reviewed, and open it in the prescription editor so the prescriber sets the new dose.

The draft is a renewal (same formula, plan, supply and pharmacy, starting today); nothing is
approved or printed here. The question goes through `prompts` so tests can answer it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.visits.dto import VisitDetail
from ldnclinic.ui.widgets import openers, prompts

DRAFT_RX_KEY = "draft_prescription_from_visit"
DRAFT_RX_FAILED_KEY = "draft_prescription_from_visit_failed"


def offers_new_prescription(actor: Actor, detail: VisitDetail) -> bool:
    """True when the visit changes the dose of a reviewed prescription the user may redraft."""
    decision = detail.note.decision
    return (
        decision is not None
        and decision.changes_dose
        and detail.prescription_id is not None
        and actor.can(Permission.RX_DRAFT)
    )


def offer_new_prescription(
    services: Services,
    actor: Actor,
    detail: VisitDetail,
    parent: QWidget,
    *,
    on_drafted: Callable[[object], None],
) -> QDialog | None:
    """Ask, then draft and open the new prescription in the editor (`openers.edit_prescription_draft`);
    `on_drafted(PrescriptionDetail)` with the draft and after each save in the editor. The open
    editor, or None when not wanted or not possible."""
    if not offers_new_prescription(actor, detail) or detail.prescription_id is None:
        return None
    decision = detail.note.decision
    assert decision is not None
    current = detail.medication or "the current prescription"
    if not prompts.confirm(
        parent,
        DRAFT_RX_KEY,
        "Draft a new prescription?",
        f"This visit decided: {decision.label.lower()}.\n\nDraft a new prescription from the current one "
        f"({current}), starting today, and change the dose there? It stays a draft until a prescriber "
        "approves it.",
        yes="Draft a new prescription from the current one",
        no="Not now",
    ):
        return None
    try:
        draft = services.prescriptions.renew(actor, detail.prescription_id)
        patient = services.patients.get(actor, detail.patient_id)
    except DomainError as error:
        prompts.warn(parent, DRAFT_RX_FAILED_KEY, "New prescription", error.message)
        return None
    notice = (
        f"Drafted from the current prescription for the visit's decision ({decision.label.lower()}): "
        "change the dose in the steps, then save the draft."
    )
    editor = openers.edit_prescription_draft(
        services, actor, patient, draft, parent=parent, notice=notice, on_saved=on_drafted
    )
    on_drafted(draft)
    return editor
