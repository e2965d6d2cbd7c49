"""Password rules (the hashing itself lives in the services, with argon2id)."""

from __future__ import annotations

from ldnclinic.domain import field_limits as limits

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_SIGN_INS = 5
LOCKOUT_MINUTES = 15


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"A password needs at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > limits.PASSWORD.chars:
        return f"A password can have at most {limits.PASSWORD.chars} characters."
    if len(set(password)) < 4:
        return "This password repeats too few different characters."
    if username and username.casefold() in password.casefold():
        return "A password must not contain the user name."
    return None
