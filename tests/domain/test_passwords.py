"""Password rules: length, variety, and not containing the user name."""

from __future__ import annotations

import pytest

from ldnclinic.domain.field_limits import PASSWORD
from ldnclinic.domain.passwords import MIN_PASSWORD_LENGTH, password_problem


def test_twelve_characters_is_the_minimum() -> None:
    assert MIN_PASSWORD_LENGTH == 12
    assert password_problem("abcdefghijk") == "A password needs at least 12 characters."
    assert password_problem("abcdefghijkl") is None


def test_too_long() -> None:
    assert PASSWORD.chars == 256
    assert password_problem("ab1!" * 64) is None
    assert password_problem("ab1!" * 64 + "x") == f"A password can have at most {PASSWORD.chars} characters."


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "abcabcabcabc"])
def test_too_few_different_characters(password: str) -> None:
    assert password_problem(password) == "This password repeats too few different characters."


@pytest.mark.parametrize("password", ["maria-is-great-2026", "MARIA-is-great-2026"])
def test_must_not_contain_the_user_name(password: str) -> None:
    assert password_problem(password, "maria") == "A password must not contain the user name."
    assert password_problem(password) is None


def test_unicode_passwords_are_fine() -> None:
    assert password_problem("contraseña-segura-ñ", "maria") is None
