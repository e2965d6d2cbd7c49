"""UI fixtures: prompts answered by tests, never by a modal dialog; the features wired as the
app wires them (openers installed, chart tabs registered), even without a main window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from ldnclinic.db.engine import Database
from ldnclinic.ui.shell.wiring import wire_features
from ldnclinic.ui.widgets import prompts


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """The root fixture's database, dropped only once the test's windows can no longer reach
    it: their pending timers (a debounced preview) are stopped and the background work already
    started has finished. Otherwise an editor left open by a PostgreSQL test queries its
    dropped database during the next test, which then fails."""
    db = Database(db_url)
    try:
        yield db
    finally:
        for window in QApplication.topLevelWidgets():
            for timer in window.findChildren(QTimer):
                timer.stop()
        QThreadPool.globalInstance().waitForDone(60_000)
        db.dispose()


@pytest.fixture(autouse=True)
def _wired() -> None:
    wire_features()


@pytest.fixture(autouse=True)
def _reset_prompts() -> Iterator[None]:
    prompts.answers.clear()
    prompts.shown.clear()
    yield
    prompts.answers.clear()
    prompts.shown.clear()
