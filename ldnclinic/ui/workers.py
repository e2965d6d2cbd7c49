"""Run slow work off the GUI thread and hand the outcome back on the GUI thread.

    run_in_background(lambda: services.patients.count_by_status(actor),
                      on_result=self._show_counts, owner=self)

`work` runs on a QThreadPool thread and must not touch widgets; it only calls services.
`on_result` / `on_error` run later on the GUI thread, and only while `owner` (a widget or
other QObject) still exists: closing a window cancels the delivery, never crashes it.
Without `on_error`, a domain error is shown as a warning and anything else goes to the crash
handler (sys.excepthook), exactly as if it had happened on the GUI thread.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import Shiboken

T = TypeVar("T")

# Relays waiting for their worker; kept alive here so a signal never hits a deleted object.
_pending: set[_Relay[Any]] = set()


class _Relay(QObject, Generic[T]):
    """Lives on the GUI thread; the worker emits its signals, Qt queues them over."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        owner: QObject,
        on_result: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__()
        self._owner = owner
        self._on_result = on_result
        self._on_error = on_error
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    def _owner_alive(self) -> bool:
        return Shiboken.isValid(self._owner)

    @Slot(object)
    def _deliver_result(self, value: T) -> None:
        _pending.discard(self)
        if self._owner_alive():
            self._on_result(value)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        _pending.discard(self)
        if self._on_error is not None and self._owner_alive():
            self._on_error(error)
        else:
            report_unhandled(error, only_bugs=not self._owner_alive())


class _Job(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[], T], relay: _Relay[T]) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            value = self._work()
        except Exception as error:
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(value)


def report_unhandled(error: BaseException, *, only_bugs: bool = False) -> None:
    """Show a domain error as a warning; send anything else to the crash handler."""
    from ldnclinic.domain.errors import DomainError
    from ldnclinic.ui import prompts

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
    relay: _Relay[T] = _Relay(owner, on_result, on_error)
    _pending.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))


def busy() -> bool:
    """True while some background work has not been delivered yet (for tests and shutdown)."""
    return bool(_pending)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every worker thread is idle (at shutdown, before the database closes)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
