"""Who is acting (the Actor), the clock, and the permission check every service uses."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ldnclinic.domain.enums import Role
from ldnclinic.domain.errors import PermissionDeniedError
from ldnclinic.domain.permissions import PERMISSION_LABELS, Permission, permissions_for

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def workstation_name() -> str:
    return socket.gethostname()[:100]


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user, as services see them."""

    user_id: int
    username: str
    display_name: str
    roles: frozenset[Role]

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def roles_label(self) -> str:
        return ", ".join(role.label for role in sorted(self.roles))


def require(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDeniedError unless the actor's roles grant `permission`."""
    if not actor.can(permission):
        raise PermissionDeniedError(
            f"{actor.username} ({actor.roles_label}) is not allowed to {PERMISSION_LABELS[permission]}."
        )
