"""The shipped look-alike table is Unicode's confusables table as the package has it."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from ldnclinic.domain.text import match_text
from tools.build_lookalikes import lookalike_table


def test_the_shipped_table_is_the_packages_table() -> None:
    shipped = json.loads(
        resources.files("ldnclinic.domain.data").joinpath("lookalikes.json").read_text("utf-8")
    )
    assert shipped == lookalike_table(), "run tools/build_lookalikes.py"
    assert len(shipped) > 1000


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ΝΑLΤRΕΧΟΝΕ 50 ΜG", "naltrexone 50 mg"),  # Greek capitals
        ("օxycodone", "oxycodone"),  # Armenian
        ("ᴍorphine", "morphine"),  # Latin small capital
        ("Ꮯodeine", "codeine"),  # Cherokee
        ("ⲟxy 30", "oxy 30"),  # Coptic
        ("m٣٠", "m30"),  # Arabic-Indic digits
        ("Peña", "pena"),
    ],
)
def test_look_alike_letters_and_digits_are_read_as_latin(typed: str, read: str) -> None:
    assert match_text(typed) == read
