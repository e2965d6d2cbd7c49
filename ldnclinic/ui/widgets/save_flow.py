"""What every record editor's save does with the service's refusals, once for all editors.

A refused save keeps everything typed on screen:
- bad fields (ValidationError): each message beside its field, the others in the banner;
- a stale version (ConflictError): the conflict bar offers their version or saving over it;
  `save_over_theirs()` aims the next save at their version, `take_theirs()` hands it over;
- any other refusal: its message in the banner.
A subclass says how to write (`_write`) and how to describe their version (`their_state`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, Protocol, TypeVar

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.widgets.conflict import ConflictBar
from ldnclinic.ui.widgets.tones import Banner, Tone


class Versioned(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def version(self) -> int: ...


class ErrorPlacingForm(Protocol):
    def show_errors(self, field_errors: Mapping[str, str]) -> list[str]:
        """Show each message at its field; return the ones with no field on this form."""
        ...


D = TypeVar("D", bound=Versioned)
F = TypeVar("F", bound=ErrorPlacingForm)


class RecordSaveFlow(Generic[D, F]):
    """Saves a form as a new record (`existing` None) or over `version` of a saved one."""

    detail_type: type[D]

    def __init__(
        self, services: Services, actor: Actor, form: F, *, banner: Banner, conflict_bar: ConflictBar
    ) -> None:
        self._services = services
        self._actor = actor
        self._form = form
        self._banner = banner
        self._conflict_bar = conflict_bar
        self.existing: D | None = None
        self.version = 0
        self.theirs: D | None = None

    def editing(self, detail: D | None) -> None:
        """Save over this saved record from now on (None: a new one)."""
        self.existing = detail
        self.version = detail.version if detail else 0

    def attempt(self, write: Callable[[], D], *, refused: str = "Not saved") -> D | None:
        """Run one write; the saved detail, or None when refused (and shown)."""
        try:
            detail = write()
        except ValidationError as error:
            self.show_invalid(error.field_errors, prefix=refused)
        except ConflictError as error:
            self._show_conflict(error)
        except DomainError as error:
            self._banner.show_message(f"{refused}: {error.message}", Tone.DANGER)
        else:
            self.editing(detail)
            return detail
        return None

    def show_invalid(self, field_errors: Mapping[str, str], *, prefix: str = "Not saved") -> None:
        unplaced = self._form.show_errors(field_errors)
        count = len(field_errors)
        text = f"{prefix}: please correct the {count} problem{'s' if count != 1 else ''} shown in red."
        if unplaced:
            text += " " + " ".join(unplaced)
        self._banner.show_message(text, Tone.DANGER)

    def their_state(self, theirs: D) -> str:
        """How their version is described in the conflict bar (after "Their version is ")."""
        raise NotImplementedError

    def _show_conflict(self, error: ConflictError) -> None:
        theirs = error.current
        self.theirs = theirs if isinstance(theirs, self.detail_type) else None
        self._banner.clear_message()
        if self.theirs is None:
            self._banner.show_message(f"Not saved: {error.message}", Tone.DANGER)
            return
        state = self.their_state(self.theirs)
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

    def take_theirs(self) -> D | None:
        """The version someone else saved (once), for the editor to show instead of the edits."""
        theirs, self.theirs = self.theirs, None
        return theirs
