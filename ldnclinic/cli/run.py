"""Running one command: find its handler, run it, and turn expected problems into a
message on standard error and an exit status (never a traceback)."""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from collections.abc import Callable
from typing import cast

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from ldnclinic.cli.context import CommandContext
from ldnclinic.cli.terminal import CommandLineError, complain
from ldnclinic.config import Settings
from ldnclinic.domain.errors import AuthenticationError, DomainError
from ldnclinic.services.users.passwords import Passwords

Handler = Callable[[CommandContext], int]


def load_handler(reference: str) -> Handler:
    """'setup:init' -> ldnclinic.cli.setup.init (imported only when it runs)."""
    module, _, name = reference.partition(":")
    return cast(Handler, getattr(importlib.import_module(f"ldnclinic.cli.{module}"), name))


def run_command(args: argparse.Namespace, settings: Settings, passwords: Passwords | None) -> int:
    ctx = CommandContext(args, settings, passwords)
    try:
        return load_handler(args.handler)(ctx)
    except CommandLineError as error:
        complain(f"ldnclinic: {error}")
        return 2
    except AuthenticationError as error:
        complain(error.message)
        return 2
    except DomainError as error:
        complain(error.message)
        return 1
    except ArgumentError as error:
        complain(f"ldnclinic: the database URL is not usable: {error}")
        return 2
    except OperationalError as error:
        complain(f"ldnclinic: cannot use the database {_safe_name(settings)}: {_first_line(error.orig)}")
        return 1
    except KeyboardInterrupt:
        complain("Cancelled.")
        return 130
    except BrokenPipeError:  # `ldnclinic patients list | head`: the reader has had enough
        _silence_stdout()
        return 0
    finally:
        ctx.close()


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _safe_name(settings: Settings) -> str:
    try:
        return make_url(settings.database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable URL)"


def _first_line(error: BaseException | None) -> str:
    """The driver's message only: SQLAlchemy's full text would repeat the SQL parameters."""
    text = str(error or "").strip()
    return text.splitlines()[0] if text else "unknown error"
