"""UI fixtures: prompts answered by tests, never by a modal dialog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ldnclinic.ui.widgets import prompts


@pytest.fixture(autouse=True)
def _reset_prompts() -> Iterator[None]:
    prompts.answers.clear()
    prompts.shown.clear()
    yield
    prompts.answers.clear()
    prompts.shown.clear()
