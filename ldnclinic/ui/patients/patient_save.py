"""One save of the patient form, with the registry's three refusals handled for the user.

- Bad fields (ValidationError): each message beside its field; the form keeps every keystroke.
- A likely duplicate (DuplicatePatientError): the matches are listed with 'Open chart', and
  prompts.confirm(key="duplicate_patient") asks whether this is a different person.
- A stale version (ConflictError): yours beside theirs, until the user keeps one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ldnclinic.domain.errors import ConflictError, DomainError, DuplicatePatientError, ValidationError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail, PatientInput
from ldnclinic.ui.patients.conflict_diff import differences
from ldnclinic.ui.patients.conflict_panel import ConflictPanel
from ldnclinic.ui.patients.duplicate_panel import DuplicatePanel
from ldnclinic.ui.patients.form.patient_form import PatientForm
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.tones import Banner, Tone

DUPLICATE_KEY = "duplicate_patient"


class SaveFlow:
    """Saves `form` as a new patient (patient_id None) or over `version` of an existing one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        form: PatientForm,
        *,
        banner: Banner,
        duplicates: DuplicatePanel,
        conflict: ConflictPanel,
        parent: QWidget,
        reveal: Callable[[QWidget], None],
        saved: Callable[[PatientDetail], None],
        take_theirs: Callable[[PatientDetail], None] | None = None,
    ) -> None:
        self._services = services
        self._actor = actor
        self._form = form
        self._banner = banner
        self._duplicates = duplicates
        self._conflict = conflict
        self._parent = parent
        self._reveal = reveal
        self._saved = saved
        self._take_theirs = take_theirs
        self.patient_id: int | None = None
        self.version = 0
        self.theirs: PatientDetail | None = None
        duplicates.confirm_requested.connect(lambda: self.save(confirm_duplicate=True))
        conflict.keep_mine.connect(self.keep_mine)
        conflict.take_theirs.connect(self.use_theirs)

    def editing(self, detail: PatientDetail | None) -> None:
        """Start from a loaded chart (or None for a new patient)."""
        self.patient_id = detail.id if detail else None
        self.version = detail.version if detail else 0
        self.reset_messages()

    def reset_messages(self) -> None:
        self.theirs = None
        self._banner.clear_message()
        self._duplicates.hide()
        self._conflict.hide()
        self._form.clear_errors()

    def save(self, *, confirm_duplicate: bool = False) -> PatientDetail | None:
        data = self._form.save()
        try:
            detail = self._write(data, confirm_duplicate)
        except ValidationError as error:
            self._show_invalid(error)
        except DuplicatePatientError as error:
            return self._duplicate(error)
        except ConflictError as error:
            self._show_conflict(error, data)
        except DomainError as error:
            self._banner.show_message(f"Not saved: {error.message}", Tone.DANGER)
        else:
            self.reset_messages()
            self._saved(detail)
            return detail
        return None

    def _write(self, data: PatientInput, confirm_duplicate: bool) -> PatientDetail:
        patients = self._services.patients
        if self.patient_id is None:
            return patients.create(self._actor, data, confirm_duplicate=confirm_duplicate)
        return patients.update(
            self._actor, self.patient_id, data, self.version, confirm_duplicate=confirm_duplicate
        )

    def _show_invalid(self, error: ValidationError) -> None:
        self._duplicates.hide()
        unplaced = self._form.show_errors(error.field_errors)
        count = len(error.field_errors)
        where = ", ".join(self._form.pages_with_problems())
        text = f"Not saved: please correct the {count} field{'s' if count != 1 else ''} marked in red"
        text += f" ({where})." if where else "."
        if unplaced:
            text += " " + " ".join(unplaced.values())
        self._banner.show_message(text, Tone.DANGER)
        widget = self._form.first_problem_widget()
        if widget is not None:
            self._reveal(widget)

    def _duplicate(self, error: DuplicatePatientError) -> PatientDetail | None:
        self._form.clear_errors()
        self._banner.clear_message()
        self._duplicates.show_matches(error.matches)
        different = prompts.confirm(
            self._parent,
            DUPLICATE_KEY,
            "Possible duplicate patient",
            f"{error.message}\n\nIs this a different person?",
            yes="Different person: save",
            no="Don't save",
        )
        if different:
            return self.save(confirm_duplicate=True)
        return None

    def _show_conflict(self, error: ConflictError, mine: PatientInput) -> None:
        theirs = error.current
        if not isinstance(theirs, PatientDetail):
            self._banner.show_message(error.message, Tone.DANGER)
            return
        self.theirs = theirs
        names = {p.id: p.name for p in self._services.pharmacies.list(include_inactive=True)}
        found = differences(mine, theirs.to_input(), self._form.baseline, names)
        self._conflict.show_conflict(error.message, found)
        self._banner.clear_message()
        self._reveal(self._conflict)

    def keep_mine(self) -> PatientDetail | None:
        """Save the edits on screen over the version someone else saved."""
        if self.theirs is None:
            return None
        self.version = self.theirs.version
        return self.save()

    def use_theirs(self) -> None:
        """Drop the edits on screen and show the version someone else saved."""
        theirs = self.theirs
        if theirs is None:
            return
        self.version = theirs.version
        self.reset_messages()
        if self._take_theirs is not None:
            self._take_theirs(theirs)
