"""Looking a row up by its id, whatever id a caller gives.

`session.get` hands the id to the database driver, which raises (SQLite: OverflowError;
PostgreSQL: integer out of range) for an id no integer column holds. `by_id` answers None
for such an id, as for any id with no row, so a loader says "not found" and never fails
deep in the driver.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from ldnclinic.domain.identifiers import is_record_id

T = TypeVar("T")


def by_id(session: Session, model: type[T], record_id: object) -> T | None:
    """The row of `model` with this id, or None (also for an id out of the column's range)."""
    return session.get(model, record_id) if is_record_id(record_id) else None
