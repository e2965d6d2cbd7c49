"""The openers: a feature asks for another's window by name, and a missing one says so."""

from __future__ import annotations

import pytest

from ldnclinic.ui.widgets import openers
from ldnclinic.ui.widgets.openers import ActionState, OpenerNotInstalledError


def test_an_opener_runs_what_was_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []

    def states(item: object, actor: object) -> dict[str, ActionState]:
        calls.append((item, actor))
        return {"done": ActionState("done", "Done…", "Mark it done.", enabled=False)}

    monkeypatch.setattr(openers.followup_actions, "_implementation", states)
    assert openers.followup_actions(None, None) == {
        "done": ActionState("done", "Done…", "Mark it done.", enabled=False)
    }
    assert calls == [(None, None)]


def test_an_opener_nobody_installed_names_itself_and_the_installer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openers.new_followup, "_implementation", None)
    assert not openers.new_followup.installed
    assert "not installed" in repr(openers.new_followup)
    with pytest.raises(OpenerNotInstalledError, match=r"'new_followup' is not installed: .*wire_features"):
        openers.new_followup(None, None, 1, patient_label="", parent=None, on_created=print)


def test_each_opener_keeps_the_name_and_the_words_of_its_declaration() -> None:
    names = [opener.name for opener in openers.ALL]
    assert len(names) == len(set(names))
    assert "open_chart_at_prescription" in names
    assert all(opener.__doc__ for opener in openers.ALL)
