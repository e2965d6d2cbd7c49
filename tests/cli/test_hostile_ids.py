"""Any traceback on the command line is a defect: every `rx`, `patients` and `followups`
command is given hostile ids, MRNs, counts and limits (beyond what SQLite or PostgreSQL hold,
negative, zero, not numbers at all) and must answer with a message and exit status 1 (refused)
or 2 (usage), never an exception. Both databases: their drivers fail differently."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

import pytest

from ldnclinic.cli.parser import build_parser
from ldnclinic.config import PASSWORD_ENV
from ldnclinic.services.container import Services
from tests.cli.conftest import Run
from tests.conftest import PASSWORD, signed_in

HOSTILE = (
    "999999999999999999999",  # beyond SQLite's and PostgreSQL's integers
    "9223372036854775808",  # one past SQLite's
    "2147483648",  # one past PostgreSQL's integer
    "-1",
    "0",
    "abc",
    "1.5",
    "1e9",
    "",
    "٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣",  # Arabic-Indic digits: int() reads them
    "9" * 5000,  # more digits than int() converts
)

# Every subcommand, with {H} where a hostile value goes and {OUT} for an output file; a
# command without an id or MRN gets a hostile --limit.
COMMANDS = {
    "rx": {
        "new": [
            "rx new --patient {H} --plan STD-1.5-14 --formula CAP-1.5 --days 30 --refills 0",
            "rx new --patient 1234-5678 --plan STD-1.5-14 --formula CAP-1.5 --days {H} --refills 0",
            "rx new --patient 1234-5678 --plan STD-1.5-14 --formula CAP-1.5 --days 30 --refills {H}",
            "rx new --patient 1234-5678 --steps 4.5 --formula CAP-1.5 --days 30 --refills 0 --pharmacy {H}",
        ],
        "show": ["rx show {H}", "rx show {H} --json"],
        "list": ["rx list --limit {H}", "rx list --patient {H}"],
        "approve": ["rx approve {H}", "rx approve {H} --acknowledge"],
        "print": ["rx print {H} -o {OUT}"],
        "preview": ["rx preview {H} -o {OUT}"],
        "fax-cover": ["rx fax-cover {H} -o {OUT}"],
        "sign": ["rx sign {H}"],
        "send": ["rx send {H} --method fax", "rx send 1 --method fax --pharmacy {H}"],
        "void": ["rx void {H} --reason 'entered twice'"],
        "renew": ["rx renew {H}"],
    },
    "patients": {
        "list": ["patients list --limit {H}"],
        "show": ["patients show {H}", "patients show {H} --json"],
        "medications": ["patients medications {H}", "patients medications {H} --add 'Tramadol 50 mg'"],
        "import": ["patients import {H}"],
    },
    "followups": {
        "due": ["followups due --limit {H}", "followups due --by {H}"],
        "show": ["followups show {H}", "followups show {H} --json"],
    },
}


def _subcommands(parser: argparse.ArgumentParser, command: str) -> set[str]:
    def children(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    return set(children(children(parser)[command]))


def test_every_subcommand_is_covered() -> None:
    parser = build_parser()
    for command, actions in COMMANDS.items():
        assert _subcommands(parser, command) == set(actions), command


def _args(template: str, hostile: str, out: Path) -> list[str]:
    values = {"{H}": hostile, "{OUT}": str(out)}
    return [values.get(word, word) for word in shlex.split(template)]


@pytest.fixture
def signed_in_clinic(initialized: Services, monkeypatch: pytest.MonkeyPatch) -> Services:
    signed_in(initialized, "drgarcia")
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return initialized


@pytest.mark.parametrize("command", list(COMMANDS))
def test_hostile_values_never_raise(
    run: Run, signed_in_clinic: Services, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out.pdf"
    for templates in COMMANDS[command].values():
        for template in templates:
            for hostile in HOSTILE:
                args = [*_args(template, hostile, out), "--user", "drgarcia"]
                result = run(*args)  # an exception here is the traceback a user would see
                shown = [*args[:6], "…"] if len(" ".join(args)) > 200 else args
                assert result.code in (1, 2), (shown, result.code, result.err[-300:])
                assert "Traceback" not in result.err + result.out, shown
                assert not out.exists(), shown


def test_an_id_out_of_range_is_a_usage_error_that_names_the_range(
    run: Run, signed_in_clinic: Services
) -> None:
    result = run("rx", "show", "999999999999999999999", "--user", "drgarcia")
    assert result.code == 2
    assert "argument ID: an id is a whole number from 1 to 2,147,483,647" in result.err
    biggest = run("rx", "show", "2147483647", "--user", "drgarcia")
    assert (biggest.code, biggest.err.strip()) == (1, "There is no prescription with id 2147483647.")
