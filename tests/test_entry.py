"""The front door (ldnclinic.entry): `python -m ldnclinic`, `python main.py` and the console
script all go through it; the command line's own options, as processes."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import ldnclinic
from ldnclinic import entry
from ldnclinic.config import DB_ENV

ROOT = Path(__file__).resolve().parents[1]


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    env.pop(DB_ENV, None)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_every_way_in_goes_through_the_front_door() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"ldnclinic": "ldnclinic.entry:main"}
    for starter in (ROOT / "main.py", ROOT / "ldnclinic" / "__main__.py"):
        assert "from ldnclinic.entry import main\n" in starter.read_text(encoding="utf-8"), starter


def test_python_m_ldnclinic_version() -> None:
    result = run_process("-m", "ldnclinic", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ldnclinic {ldnclinic.__version__}"


def test_python_main_py_help() -> None:
    result = run_process("main.py", "--help")
    assert result.returncode == 0, result.stderr
    for command in ("init", "passwd", "demo", "patients", "--smoke-test", "--db URL", "exit status"):
        assert command in result.stdout


def test_commands_never_load_qt(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    code = (
        "import os, sys; from ldnclinic.entry import main; "
        "os.environ['LDNCLINIC_PASSWORD'] = 'demo-password-2026'; "
        f"status = main(['--db', {url!r}, 'demo', '--patients', '2']); "
        "print('PySide6' in sys.modules, status)"
    )
    result = run_process("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False 0"


def test_version_and_help_load_no_database_code() -> None:
    code = (
        "import sys; from ldnclinic.entry import main; "
        "codes = [main(['--version']), main(['patients', 'import', '--help'])]; "
        "print([m for m in ('sqlalchemy', 'PySide6', 'alembic') if m in sys.modules], codes)"
    )
    result = run_process("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[] [0, 0]"


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["patients", "fly"]) == 2
    assert "invalid choice: 'fly'" in capsys.readouterr().err


def test_smoke_test_does_not_go_with_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["--smoke-test", "passwd"]) == 2
    assert "--smoke-test opens the app" in capsys.readouterr().err


def test_an_unusable_database_url_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["--db", "nosuchdb://x", "patients", "list", "--user", "maria"]) == 2
    assert "database URL is not usable" in capsys.readouterr().err


def test_an_unreachable_database_is_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/ldnclinic?connect_timeout=2"
    assert entry.main(["--db", url, "demo", "--patients", "1"]) == 1
    err = capsys.readouterr().err
    assert "cannot use the database postgresql+psycopg://nobody:***@127.0.0.1:1/ldnclinic" in err
    assert "secret" not in err
    assert "Traceback" not in err
