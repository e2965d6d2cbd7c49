"""How users are named on screen and on paper: "First Last, MD" (credentials when they have
them), for a loaded user or for many ids in one query."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.db.models.users import User


def user_name(user: User | None) -> str | None:
    if user is None:
        return None
    credentials = f", {user.credentials}" if user.credentials else ""
    return f"{user.first_name} {user.last_name}{credentials}"


def user_label(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return user_labels(session, {user_id}).get(user_id)


def user_labels(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """ "First Last, MD" for each user id, in one query."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(User.id, User.first_name, User.last_name, User.credentials).where(User.id.in_(wanted))
    )
    return {
        user_id: f"{first} {last}" + (f", {credentials}" if credentials else "")
        for user_id, first, last, credentials in rows
    }
