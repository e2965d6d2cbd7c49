"""The front door. The `ldnclinic` command, `python -m ldnclinic` and `python main.py` all
start here.

It reads the command line (ldnclinic.cli.parser). A command goes to ldnclinic.cli.run; no
command opens the app (ldnclinic.app, the composition root of the window). The two never
import each other, and only the one needed is loaded: `--help`, `--version` and every
command run without Qt, and the services (SQLAlchemy, Alembic ...) load only for a command
that needs them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ldnclinic.cli.parser import parse_command_line
from ldnclinic.cli.terminal import unicode_safe_output
from ldnclinic.config import Settings

if TYPE_CHECKING:
    from ldnclinic.services.users.passwords import Passwords


def main(argv: Sequence[str] | None = None, *, passwords: Passwords | None = None) -> int:
    """Run the app or one command; returns the exit status. `passwords` is a hook for tests
    (a cheap argon2id hasher); the real command always uses the default cost."""
    unicode_safe_output()
    parsed = parse_command_line(sys.argv[1:] if argv is None else list(argv))
    if isinstance(parsed, int):
        return parsed
    settings = Settings.resolve(parsed.db)
    if getattr(parsed, "handler", None) is None:
        from ldnclinic.app import run_gui  # Qt is loaded only to open the app

        return run_gui(settings, user=parsed.user, smoke_test=parsed.smoke_test)
    from ldnclinic.cli.run import run_command

    return run_command(parsed, settings, passwords)
