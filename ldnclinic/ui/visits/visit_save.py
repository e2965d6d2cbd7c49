"""Saving and signing a visit note, with the service's refusals shown to the user.

`create` for a new note, `update` over the version last loaded for a saved draft, then
(for a prescriber) `sign`. A refused save keeps everything typed on screen:
- text that cannot be read (a dose that is not a dose) is not sent: its message appears
  at its field, with whatever else the domain's own check finds in the note;
- everything else as every record editor does it (`ldnclinic.ui.widgets.save_flow`).
"""

from __future__ import annotations

from ldnclinic.domain.visits.note import VisitNote, visit_problems
from ldnclinic.services.visits.dto import VisitDetail, VisitInput
from ldnclinic.ui.visits.visit_form import VisitForm
from ldnclinic.ui.widgets.save_flow import RecordSaveFlow


def local_problems(note: VisitNote, unreadable: dict[str, str]) -> dict[str, str]:
    """What the domain's own check finds in a note read so far (without the "not in the
    future" rule, which needs the service's clock), with the unreadable fields' messages."""
    return {**visit_problems(note, note.visit_at), **unreadable}


class VisitSaveFlow(RecordSaveFlow[VisitDetail, VisitForm]):
    """Saves the form as a new note (`existing` None) or over `version` of a saved draft."""

    detail_type = VisitDetail

    def save(self, base: VisitInput) -> VisitDetail | None:
        """Save the form as `base`'s note (its patient, prescription and follow-up); None
        when refused."""
        note, unreadable = self._form.read()
        if unreadable:
            self.show_invalid(local_problems(note, unreadable))
            return None
        data = VisitInput(base.patient_id, note, base.prescription_id, base.followup_id)
        return self.attempt(lambda: self._write(data))

    def sign(self) -> VisitDetail | None:
        """Sign the saved note (as last saved); None when refused."""
        existing = self.existing
        if existing is None:
            return None
        return self.attempt(
            lambda: self._services.visits.sign(self._actor, existing.id, self.version), refused="Not signed"
        )

    def _write(self, data: VisitInput) -> VisitDetail:
        visits = self._services.visits
        if self.existing is None:
            return visits.create(self._actor, data)
        return visits.update(self._actor, self.existing.id, data, self.version)

    def their_state(self, theirs: VisitDetail) -> str:
        return (
            f"signed by {theirs.signed_by}"
            if theirs.read_only
            else f"a draft last saved by {theirs.updated_by}"
        )
