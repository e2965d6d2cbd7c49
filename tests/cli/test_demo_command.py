"""`ldnclinic demo [--patients N] [--seed S]` from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ldnclinic.config import PASSWORD_ENV
from tests.cli.conftest import Run

DEMO_PASSWORD = "demo-password-2026"


def test_demo_then_use_it(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORD)
    result = run("demo", "--patients", "250", "--seed", "7")
    assert result.code == 0, result.err
    assert "Demo data (seed 7) written to" in result.out
    assert "250 fictional patients" in result.out
    assert "drreyes      Ana Lucía Reyes, MD (prescriber)" in result.out
    assert "panguyen     Linh Nguyễn, PA-C (prescriber, supervised by drreyes)" in result.out
    assert "--user jwashington" in result.out
    assert DEMO_PASSWORD not in result.out
    listed = run("patients", "list", "--json", "--user", "jwashington")
    assert listed.code == 0, listed.err
    assert len(json.loads(listed.out)) == 250


def test_demo_refuses_a_database_with_data(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORD)
    assert run("demo", "--patients", "5").code == 0
    again = run("demo", "--patients", "5")
    assert again.code == 1
    assert "This database is not empty" in again.err


def test_demo_on_a_new_sqlite_file(
    run_with: Callable[[str], Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORD)
    target = tmp_path / "folder" / "demo.sqlite3"
    assert run_with(f"sqlite:///{target}")("demo", "--patients", "3").code == 0
    assert target.exists()


def test_demo_needs_a_password(run_with: Callable[[str], Run], tmp_path: Path) -> None:
    result = run_with(f"sqlite:///{tmp_path / 'demo.sqlite3'}")("demo", "--patients", "3")
    assert result.code == 2
    assert PASSWORD_ENV in result.err


@pytest.mark.parametrize("count", ["-1", "many"])
def test_a_bad_count_is_a_usage_error(run_with: Callable[[str], Run], tmp_path: Path, count: str) -> None:
    result = run_with(f"sqlite:///{tmp_path / 'demo.sqlite3'}")("demo", "--patients", count)
    assert result.code == 2
    assert "--patients" in result.err
