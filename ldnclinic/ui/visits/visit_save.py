"""Saving and signing a visit note, with the service's refusals shown to the user.

`create` for a new note, `update` over the version last loaded for a saved draft, then
(for a prescriber) `sign`. A refused save keeps everything typed on screen:
- text that cannot be read (a dose that is not a dose) is not sent: its message appears
  at its field, with whatever else the domain's own check finds in the note;
- bad fields (ValidationError): each message beside its field, the others in the banner;
- a stale version (ConflictError): the conflict bar offers their version or saving over
  it; `save_over_theirs()` aims the next save at their version;
- any other refusal: its message in the banner.
"""

from __future__ import annotations

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.visits import VisitNote, visit_problems
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.visit_dto import VisitDetail, VisitInput
from ldnclinic.ui.patients.style import Banner, Tone
from ldnclinic.ui.visits.visit_form import VisitForm
from ldnclinic.ui.widgets.conflict import ConflictBar


def local_problems(note: VisitNote, unreadable: dict[str, str]) -> dict[str, str]:
    """What the domain's own check finds in a note read so far (without the "not in the
    future" rule, which needs the service's clock), with the unreadable fields' messages."""
    return {**visit_problems(note, note.visit_at), **unreadable}


class VisitSaveFlow:
    """Saves the form as a new note (`existing` None) or over `version` of a saved draft."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        form: VisitForm,
        *,
        banner: Banner,
        conflict_bar: ConflictBar,
    ) -> None:
        self._services = services
        self._actor = actor
        self._form = form
        self._banner = banner
        self._conflict_bar = conflict_bar
        self.existing: VisitDetail | None = None
        self.version = 0
        self.theirs: VisitDetail | None = None

    def editing(self, detail: VisitDetail | None) -> None:
        """Save over this saved note from now on (None: a new one)."""
        self.existing = detail
        self.version = detail.version if detail else 0

    def save(self, base: VisitInput) -> VisitDetail | None:
        """Save the form as `base`'s note (its patient, prescription and follow-up); None
        when refused."""
        note, unreadable = self._form.read()
        if unreadable:
            self._show_invalid(local_problems(note, unreadable))
            return None
        data = VisitInput(base.patient_id, note, base.prescription_id, base.followup_id)
        try:
            detail = self._write(data)
        except ValidationError as error:
            self._show_invalid(dict(error.field_errors))
        except ConflictError as error:
            self._show_conflict(error)
        except DomainError as error:
            self._banner.show_message(f"Not saved: {error.message}", Tone.DANGER)
        else:
            self.editing(detail)
            return detail
        return None

    def sign(self) -> VisitDetail | None:
        """Sign the saved note (as last saved); None when refused."""
        if self.existing is None:
            return None
        try:
            detail = self._services.visits.sign(self._actor, self.existing.id, self.version)
        except ValidationError as error:
            self._show_invalid(dict(error.field_errors), prefix="Saved, but not signed")
        except ConflictError as error:
            self._show_conflict(error)
        except DomainError as error:
            self._banner.show_message(f"Not signed: {error.message}", Tone.DANGER)
        else:
            self.editing(detail)
            return detail
        return None

    def _write(self, data: VisitInput) -> VisitDetail:
        visits = self._services.visits
        if self.existing is None:
            return visits.create(self._actor, data)
        return visits.update(self._actor, self.existing.id, data, self.version)

    def _show_invalid(self, field_errors: dict[str, str], *, prefix: str = "Not saved") -> None:
        unplaced = self._form.show_errors(field_errors)
        count = len(field_errors)
        text = f"{prefix}: please correct the {count} problem{'s' if count != 1 else ''} shown in red."
        if unplaced:
            text += " " + " ".join(unplaced)
        self._banner.show_message(text, Tone.DANGER)

    def _show_conflict(self, error: ConflictError) -> None:
        theirs = error.current
        self.theirs = theirs if isinstance(theirs, VisitDetail) else None
        self._banner.clear_message()
        if self.theirs is None:
            self._banner.show_message(f"Not saved: {error.message}", Tone.DANGER)
            return
        state = (
            f"signed by {self.theirs.signed_by}"
            if self.theirs.read_only
            else f"a draft last saved by {self.theirs.updated_by}"
        )
        self._conflict_bar.show_conflict(
            f"{error.message} Your edits are still on screen. Their version is {state}."
        )

    def save_over_theirs(self) -> bool:
        """Aim the next save at the version someone else saved; False when there is none."""
        if self.theirs is None:
            return False
        self.version = self.theirs.version
        self.theirs = None
        return True

    def take_theirs(self) -> VisitDetail | None:
        """The version someone else saved (once), for the dialog to show instead of the edits."""
        theirs, self.theirs = self.theirs, None
        return theirs
