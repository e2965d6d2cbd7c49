"""Looking a row up by its id, whatever id a caller gives.

`session.get` hands the id to the database driver, which raises (SQLite: OverflowError;
PostgreSQL: integer out of range) for an id no integer column holds. `by_id` answers None
for such an id, as for any id with no row, so a loader says "not found" and never fails
deep in the driver. `existing` is the loader every service uses: the row, or a NotFoundError
that names what was looked for.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from ldnclinic.domain.errors import NotFoundError
from ldnclinic.domain.identifiers import is_record_id

T = TypeVar("T")


def by_id(session: Session, model: type[T], record_id: object) -> T | None:
    """The row of `model` with this id, or None (also for an id out of the column's range)."""
    return session.get(model, record_id) if is_record_id(record_id) else None


def existing(session: Session, model: type[T], record_id: object, what: str) -> T:
    """The row of `model` with this id; NotFoundError "There is no {what} with id {id}." when
    there is none (also for an id out of the column's range)."""
    row = by_id(session, model, record_id)
    if row is None:
        raise NotFoundError(f"There is no {what} with id {record_id}.")
    return row
