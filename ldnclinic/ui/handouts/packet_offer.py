"""The new-patient packet, offered once: after a patient's first prescription is printed
(and closed in its preview), if no handouts were ever given, ask whether to print the packet
now and, if so, return the Print handouts dialog with the packet ticked.

The Prescriptions tab's print flow calls `offer_new_patient_packet`; the question goes
through `prompts` under `PACKET_KEY`, so tests answer it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.handouts.handout_dialog import PACKET, HandoutDialog
from ldnclinic.ui.widgets import prompts

PACKET_KEY = "offer_new_patient_packet"


def offer_new_patient_packet(
    services: Services, actor: Actor, patient_id: int, patient_name: str, parent: QWidget | None
) -> HandoutDialog | None:
    """Ask when the service says the packet is due; the dialog (not yet shown) when accepted."""
    if not actor.can(Permission.HANDOUT_PRINT):
        return None
    try:
        due = services.handouts.offer_new_patient_packet(actor, patient_id)
    except DomainError:
        return None  # nothing to offer for a chart that cannot be read; the tab says why elsewhere
    if not due:
        return None
    who = patient_name or "this patient"
    if not prompts.confirm(
        parent,
        PACKET_KEY,
        "New-patient packet",
        f"This was the first prescription printed for {who}. Print the new-patient packet now?\n\n"
        "It explains LDN, the dose schedule, side effects, opioids and the follow-up plan, with "
        "notes for the patient's conditions.",
        yes="Choose handouts…",
        no="Not now",
    ):
        return None
    try:
        return HandoutDialog(services, actor, patient_id, parent, patient_name=patient_name, packet=PACKET)
    except DomainError as error:
        prompts.warn(parent, "handouts-unavailable", "New-patient packet", error.message)
        return None
