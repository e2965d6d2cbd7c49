"""One save of the prescription editor's draft, with the service's refusals shown to the user.

`create_draft` for a new script, `update_draft` over the version last loaded for a saved one.
A refused save keeps everything typed on screen:
- a plan that cannot be read is not sent; the banner points at the steps;
- bad fields (ValidationError): each message beside its field, the others in the banner;
- a stale version (ConflictError): the conflict bar offers their version or saving over it.
  `save_over_theirs()` aims the next save at their version; `take_theirs()` hands their
  version over for the editor to show;
- any other refusal: its message in the banner.
"""

from __future__ import annotations

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescription_dto import PrescriptionDetail, PrescriptionInput
from ldnclinic.ui.patients.style import Banner, Tone
from ldnclinic.ui.prescriptions.editor_form import PrescriptionForm
from ldnclinic.ui.widgets.conflict import ConflictBar


class DraftSaveFlow:
    """Saves the form as a new draft (`existing` None) or over `version` of a saved one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        form: PrescriptionForm,
        *,
        banner: Banner,
        conflict_bar: ConflictBar,
    ) -> None:
        self._services = services
        self._actor = actor
        self._form = form
        self._banner = banner
        self._conflict_bar = conflict_bar
        self.existing: PrescriptionDetail | None = None
        self.version = 0
        self.theirs: PrescriptionDetail | None = None

    def editing(self, detail: PrescriptionDetail | None) -> None:
        """Save over this saved script from now on (None: a new one)."""
        self.existing = detail
        self.version = detail.version if detail else 0

    def save(self, data: PrescriptionInput | None) -> PrescriptionDetail | None:
        """Save `data` (the form as read; None while its plan cannot be read); None when refused."""
        if data is None:
            self._show_unreadable_plan()
            return None
        try:
            detail = self._write(data)
        except ValidationError as error:
            self._show_invalid(error)
        except ConflictError as error:
            self._show_conflict(error)
        except DomainError as error:
            self._banner.show_message(f"Not saved: {error.message}", Tone.DANGER)
        else:
            self.editing(detail)
            return detail
        return None

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

    def _show_invalid(self, error: ValidationError) -> None:
        unplaced = self._form.show_errors(error.field_errors)
        count = len(error.field_errors)
        text = f"Not saved: please correct the {count} problem{'s' if count != 1 else ''} shown in red."
        if unplaced:
            text += " " + " ".join(unplaced)
        self._banner.show_message(text, Tone.DANGER)

    def _show_conflict(self, error: ConflictError) -> None:
        theirs = error.current
        self.theirs = theirs if isinstance(theirs, PrescriptionDetail) else None
        self._banner.clear_message()
        if self.theirs is None:
            self._banner.show_message(f"Not saved: {error.message}", Tone.DANGER)
            return
        self._conflict_bar.show_conflict(
            f"{error.message} Your edits are still on screen. Their version is "
            f"{self.theirs.status.label.lower()}: {self.theirs.plan_name or 'custom plan'}, "
            f"{self.theirs.medication}, {self.theirs.supply_days} days."
        )

    def save_over_theirs(self) -> bool:
        """Aim the next save at the version someone else saved; False when there is none."""
        if self.theirs is None:
            return False
        self.version = self.theirs.version
        self.theirs = None
        return True

    def take_theirs(self) -> PrescriptionDetail | None:
        """The version someone else saved (once), for the editor to show instead of the edits."""
        theirs, self.theirs = self.theirs, None
        return theirs
