"""After `ldnclinic demo`, every approved demo script passes the print checks: the demo shows
a clinic whose "Ready to print" list prints, not one the printer refuses (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from ldnclinic.config import PASSWORD_ENV
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from tests.cli.conftest import Run


def test_every_approved_demo_script_can_print(
    run: Run, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "demo-password-2026")
    result = run("demo", "--patients", "300", "--seed", "3")
    assert result.code == 0, result.err
    user = next(u for u in services.users.prescribers() if u.username == "drreyes")
    prescriber = Actor(user.id, user.username, user.display_name, user.roles)
    approved = services.prescriptions.query(prescriber, status=RxStatus.APPROVED, limit=5000)
    queue = services.prescriptions.print_queue(prescriber)
    assert [(rx.id, rx.cannot_print) for rx in queue.blocked] == []
    assert len(queue.ready) == len(approved) >= 30
    assert all(rx.prescriber_id == prescriber.user_id for rx in queue.ready)
    for rx in queue.ready[:3]:  # and the printer agrees
        assert services.prescriptions.print(prescriber, rx.id).serial
