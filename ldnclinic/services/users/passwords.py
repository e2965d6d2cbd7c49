"""argon2id password hashing. Cost parameters are argon2-cffi's defaults unless a
caller (the test suite) passes cheaper ones."""

from __future__ import annotations

from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_DEFAULT = PasswordHasher()  # argon2id, RFC 9106 "low memory" profile


class Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or _DEFAULT

    @cached_property
    def _dummy_hash(self) -> str:
        # Made on first use (an unknown user name), not at start-up: a hash costs ~0.2 s.
        return self._hasher.hash("not a real password, used to even out timing")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)

    def burn_time(self, password: str) -> None:
        """Verify against a dummy hash so an unknown user name takes as long as a known one."""
        self.verify(self._dummy_hash, password)
