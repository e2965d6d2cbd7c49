"""Domain errors: each carries a message written for the person at the keyboard.

The UI and the CLI show these messages as they are; any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Problem(str):
    """A problem's message that also says, as data, what it is about.

    It reads as its message wherever a string goes (lists, joins, the command line), and
    `subject` ("1 mg") and `predicate` ("cannot be given in whole capsules of …") let a screen
    group or place problems by what they are about without reading the text."""

    subject: str
    predicate: str

    def __new__(cls, subject: str, predicate: str) -> Problem:
        problem = super().__new__(cls, f"{subject} {predicate}")
        problem.subject = subject
        problem.predicate = predicate
        return problem

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # copies and pickles
        return self.subject, self.predicate


class DomainError(Exception):
    """An expected problem with a message fit to show a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """One or more fields are wrong. `field_errors` maps a field name to its message."""

    def __init__(self, field_errors: Mapping[str, str]) -> None:
        self.field_errors = dict(field_errors)
        lines = [f"{name}: {text}" for name, text in self.field_errors.items()]
        super().__init__("Please correct: " + "; ".join(lines))


class NotFoundError(DomainError):
    """The record asked for does not exist."""


class PermissionDeniedError(DomainError):
    """The signed-in user's role does not allow this action."""


class AuthenticationError(DomainError):
    """Sign-in failed: wrong user name or password (never says which)."""


class AccountLockedError(AuthenticationError):
    """Too many failed sign-ins; the account is locked for a while."""


class PasswordChangeRequiredError(AuthenticationError):
    """The account still has its initial password and must change it first."""


class ConflictError(DomainError):
    """Someone else saved the record since it was loaded.

    `current` holds their version (as the service's DTO) so nothing is lost:
    the user still has their own edits and can compare.
    """

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


class DuplicatePatientError(DomainError):
    """A patient with the same normalized name and date of birth already exists."""

    def __init__(self, message: str, matches: tuple[Any, ...]) -> None:
        super().__init__(message)
        self.matches = matches


class SetupError(DomainError):
    """The clinic set-up file or the database set-up is not usable.

    `field_errors` maps each place ("clinic.zip", "prescribers[0].npi") to its problem,
    so a form (the first-run wizard) can show every message at its field.
    """

    def __init__(self, message: str, field_errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = dict(field_errors or {})
