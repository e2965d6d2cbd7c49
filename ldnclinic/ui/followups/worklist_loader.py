"""Fetching the worklist off the GUI thread: the service is asked in a worker, and when the
filters change again before it answers, only the newest request's answer is delivered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import QObject

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.followups.worklist import WEEK_DAYS
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import Worklist, WorklistFilter
from ldnclinic.ui.followups.dialog_base import clinic_today
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background


class WorklistLoader:
    """Loads for `owner`: `on_loaded(worklist)` with the answer, `on_refused(message)` when the
    service refuses (a domain error); anything else is a bug and is reported as one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        owner: QObject,
        *,
        on_loaded: Callable[[Worklist], None],
        on_refused: Callable[[str], None],
    ) -> None:
        self._services = services
        self._actor = actor
        self._owner = owner
        self._on_loaded = on_loaded
        self._on_refused = on_refused
        self._ticket = 0
        self.loading = False

    def load(self, wanted: WorklistFilter, days: int) -> None:
        """Ask for `wanted`, reaching `days` ahead of the clinic's today (unless it says how far)."""
        self._ticket += 1
        ticket = self._ticket
        self.loading = True
        services, actor = self._services, self._actor

        def fetch() -> Worklist:
            chosen = wanted
            if days != WEEK_DAYS and chosen.through is None:
                chosen = replace(chosen, through=clinic_today(services, actor) + timedelta(days=days))
            return services.followups.worklist(actor, chosen)

        run_in_background(
            fetch,
            on_result=lambda worklist: self._loaded(ticket, worklist),
            on_error=lambda error: self._failed(ticket, error),
            owner=self._owner,
        )

    def _loaded(self, ticket: int, worklist: Worklist) -> None:
        if ticket != self._ticket:
            return  # a newer request is on its way: its answer counts
        self.loading = False
        self._on_loaded(worklist)

    def _failed(self, ticket: int, error: BaseException) -> None:
        if ticket != self._ticket:
            return
        self.loading = False
        if isinstance(error, DomainError):
            self._on_refused(error.message)
        else:
            report_unhandled(error)
