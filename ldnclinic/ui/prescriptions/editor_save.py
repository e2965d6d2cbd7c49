"""One save of the prescription editor's draft, with the service's refusals shown to the user.

`create_draft` for a new script, `update_draft` over the version last loaded for a saved one.
A refused save keeps everything typed on screen:
- a plan that cannot be read is not sent; the banner points at the steps;
- everything else as every record editor does it (`ldnclinic.ui.widgets.save_flow`).
"""

from __future__ import annotations

from ldnclinic.services.prescriptions.dto import PrescriptionDetail, PrescriptionInput
from ldnclinic.ui.prescriptions.editor_form import PrescriptionForm
from ldnclinic.ui.widgets.save_flow import RecordSaveFlow
from ldnclinic.ui.widgets.tones import Tone


class DraftSaveFlow(RecordSaveFlow[PrescriptionDetail, PrescriptionForm]):
    """Saves the form as a new draft (`existing` None) or over `version` of a saved one."""

    detail_type = PrescriptionDetail

    def save(self, data: PrescriptionInput | None) -> PrescriptionDetail | None:
        """Save `data` (the form as read; None while its plan cannot be read); None when refused."""
        if data is None:
            self._show_unreadable_plan()
            return None
        return self.attempt(lambda: self._write(data))

    def _write(self, data: PrescriptionInput) -> PrescriptionDetail:
        prescriptions = self._services.prescriptions
        if self.existing is None:
            return prescriptions.create_draft(self._actor, data)
        return prescriptions.update_draft(self._actor, self.existing.id, data, self.version)

    def _show_unreadable_plan(self) -> None:
        builder = self._form.builder
        problems = builder.problems()
        self._form.messages["steps"].show_problem(None)
        self._banner.show_message(
            "Not saved: the plan needs fixing first (see the messages under the steps). "
            + (problems[0] if problems else ""),
            Tone.DANGER,
        )
        builder.setFocus()

    def their_state(self, theirs: PrescriptionDetail) -> str:
        return (
            f"{theirs.status.label.lower()}: {theirs.plan_name or 'custom plan'}, "
            f"{theirs.medication}, {theirs.supply_days} days"
        )
