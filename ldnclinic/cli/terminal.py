"""The command line at the terminal: writing results and messages, reading passwords (from
the environment or a hidden prompt), and the usage errors that end a command with status 2."""

from __future__ import annotations

import getpass
import io
import os
import sys
from collections.abc import Mapping

from ldnclinic.config import PASSWORD_ENV


def say(*lines: str) -> None:
    """Results, on standard output."""
    sys.stdout.write("".join(f"{line}\n" for line in lines))


def complain(*lines: str) -> None:
    """Problems and progress, on standard error (so a pipe gets only results)."""
    sys.stderr.write("".join(f"{line}\n" for line in lines))


def progress(text: str, *, finished: bool) -> None:
    """A progress line that overwrites itself on a terminal."""
    sys.stderr.write(f"\r{text}" + ("\n" if finished else ""))
    sys.stderr.flush()


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):
        return False


class CommandLineError(Exception):
    """A usage problem (a missing option, no way to ask for a password): exit status 2."""


def stdin_is_interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):  # a closed or replaced stdin
        return False


def read_password(
    env_name: str, prompt: str, *, confirm: bool = False, environ: Mapping[str, str] | None = None
) -> str:
    """The password from `env_name`, else asked twice (if `confirm`) without echo.

    Without the variable and without a terminal to ask on, this is a usage error: a script
    must set the variable.
    """
    env = os.environ if environ is None else environ
    value = env.get(env_name)
    if value:
        return value
    if not stdin_is_interactive():
        raise CommandLineError(
            f"A password is needed: set {env_name}, or run the command in a terminal to be asked."
        )
    try:
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != first:
            raise CommandLineError("The two passwords are not the same; nothing was changed.")
    except EOFError:
        raise CommandLineError("No password was typed.") from None
    if not first:
        raise CommandLineError("No password was typed.")
    return first


def sign_in_password(username: str) -> str:
    return read_password(PASSWORD_ENV, f"Password for {username}: ")


def unicode_safe_output() -> None:
    """A console that cannot show "Nguyễn" gets a replacement character, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            stream.reconfigure(errors="replace")
