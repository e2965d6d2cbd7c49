"""UI fixtures: prompts answered by tests, never by a modal dialog; the features wired as the
app wires them (openers installed, chart tabs registered), even without a main window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ldnclinic.ui.shell.wiring import wire_features
from ldnclinic.ui.widgets import prompts


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
