"""Run slow work off the GUI thread and hand the outcome back on the GUI thread.

    run_in_background(lambda: services.patients.count_by_status(actor),
                      on_result=self._show_counts, owner=self)

`work` runs on a QThreadPool thread and must not touch widgets; it only calls services and
returns plain data (DTOs). `on_result` / `on_error` run later on the GUI thread, and only
while `owner` (a widget or other QObject) still exists: closing a window cancels the
delivery, never crashes it. Without `on_error`, a domain error is shown as a warning and
anything else goes to the crash handler (sys.excepthook), as if it happened on the GUI thread.

Call it from the GUI thread. Every Python object the job refers to (the `work` closure
often holds a widget) is released on the GUI thread: a widget freed on a worker thread
would take its C++ object down on the wrong thread.
"""

from __future__ import annotations

import itertools
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import Shiboken

from ldnclinic.domain.errors import DomainError
from ldnclinic.ui.widgets import prompts

T = TypeVar("T")


@dataclass(slots=True)
class _Pending:
    owner: QObject
    work: Callable[[], Any]  # kept here so the GUI thread, not the worker, lets go of it last
    on_result: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None


@dataclass(frozen=True, slots=True)
class _Outcome:
    value: object = None
    error: BaseException | None = None


_pending: dict[int, _Pending] = {}
_tickets = itertools.count(1)


class _Dispatcher(QObject):
    """One per process, on the GUI thread; workers emit, Qt queues the call over."""

    finished = Signal(int, object)  # ticket, _Outcome

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver)

    @Slot(int, object)
    def _deliver(self, ticket: int, outcome: _Outcome) -> None:
        job = _pending.pop(ticket, None)
        if job is None:
            return
        alive = Shiboken.isValid(job.owner)
        if outcome.error is None:
            if alive:
                job.on_result(outcome.value)
        elif job.on_error is not None and alive:
            job.on_error(outcome.error)
        else:
            report_unhandled(outcome.error, only_bugs=not alive)


_dispatcher: _Dispatcher | None = None


class _Job(QRunnable):
    def __init__(self, ticket: int, work: Callable[[], object], dispatcher: _Dispatcher) -> None:
        super().__init__()
        self._ticket = ticket
        self._work: Callable[[], object] | None = work
        self._dispatcher = dispatcher

    def run(self) -> None:
        work, self._work = self._work, None
        assert work is not None
        try:
            value = work()
        except Exception as error:
            del work  # before emitting: the GUI thread must hold the last reference
            _clear_frames(error)
            self._dispatcher.finished.emit(self._ticket, _Outcome(error=error))
        else:
            del work
            self._dispatcher.finished.emit(self._ticket, _Outcome(value=value))


def _clear_frames(error: BaseException) -> None:
    """Drop the locals of the traceback's frames (they may hold widgets); the code
    locations, which the crash report uses, stay."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__


def report_unhandled(error: BaseException, *, only_bugs: bool = False) -> None:
    """Show a domain error as a warning; send anything else to the crash handler."""
    if isinstance(error, DomainError):
        if not only_bugs:
            prompts.warn(None, "domain-error", "ldnclinic", error.message)
        return
    sys.excepthook(type(error), error, error.__traceback__)


def run_in_background(
    work: Callable[[], T],
    *,
    on_result: Callable[[T], None],
    owner: QObject,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Start `work` on the thread pool; deliver its result or error on the GUI thread."""
    global _dispatcher  # noqa: PLW0603 - created on first use, on the GUI thread
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    ticket = next(_tickets)
    _pending[ticket] = _Pending(owner, work, on_result, on_error)
    QThreadPool.globalInstance().start(_Job(ticket, work, _dispatcher))


def busy() -> bool:
    """True while some background work has not been delivered yet (for tests and shutdown)."""
    return bool(_pending)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every worker thread is idle (at shutdown, before the database closes)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
