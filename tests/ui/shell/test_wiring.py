"""The shell's wiring: every opener installed and the features' chart tabs registered, as the
main window does at start-up (the ui tests' conftest does the same)."""

from __future__ import annotations

import pytest

from ldnclinic.ui.shell import wiring
from ldnclinic.ui.widgets import chart_tabs, openers
from ldnclinic.ui.widgets.openers import OpenerNotInstalledError


def test_wiring_installs_every_opener_and_registers_the_tabs() -> None:
    wiring.wire_features()
    wiring.wire_features()  # again: nothing changes
    assert [opener.name for opener in openers.ALL if not opener.installed] == []
    assert [spec.key for spec in chart_tabs.chart_tab_specs()] == [
        "demographics",
        "clinical",
        "prescriptions",
        "visits",
        "documents",
    ]


def test_an_opener_left_without_an_implementation_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openers, "ALL", list(openers.ALL))  # the stray declaration goes with the test

    def stray_window() -> None:
        """Declared by a feature, but the shell does not install it."""

    openers.opener(stray_window)
    with pytest.raises(OpenerNotInstalledError, match="no implementation for: stray_window"):
        wiring.install_openers()
