"""Name folding for search and the duplicate guard: case, accents, apostrophes, hyphens."""

from __future__ import annotations

import pytest

from ldnclinic.domain.names import display_name, fold, identity_key, name_tokens, query_words, sort_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Peña", "pena"),
        ("PEÑA", "pena"),
        ("Ødegård", "odegard"),
        ("Nguyễn Thị Hằng", "nguyen thi hang"),
        ("Đặng", "dang"),
        ("Straße", "strasse"),  # German ß folds to ss
        ("Işık", "isik"),  # Turkish dotless ı
        ("İstanbul", "istanbul"),  # Turkish dotted capital İ
        ("Łukasz", "lukasz"),
        ("Æsir", "aesir"),
        ("Müller", "muller"),
        ("Ａｌｉ", "ali"),  # full-width letters
        ("José", "jose"),
        ("Jose\u0301", "jose"),  # decomposed accent
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_precomposed_and_decomposed_accents_fold_alike() -> None:
    assert fold("Pe\u00f1a") == fold("Pen\u0303a") == "pena"


def test_name_tokens_for_vietnamese_name() -> None:
    assert name_tokens("Nguyễn Thị Hằng") == ["nguyen", "thi", "hang"]


@pytest.mark.parametrize("name", ["O'Brien", "O’Brien", "O`Brien", "OBrien", "o'brien"])
def test_apostrophes_vanish(name: str) -> None:
    assert name_tokens(name) == ["obrien"]
    assert query_words(name) == ["obrien"]


def test_hyphenated_names_give_each_part_and_the_whole() -> None:
    assert name_tokens("García-López") == ["garcia", "lopez", "garcialopez"]
    assert name_tokens("García–López") == ["garcia", "lopez", "garcialopez"]  # en dash


def test_query_words_join_hyphenated_words() -> None:
    assert query_words("garcía-lópez") == ["garcialopez"]
    assert query_words("  Garcia   LOPEZ ") == ["garcia", "lopez"]


def test_name_tokens_of_several_parts_without_repeats() -> None:
    assert name_tokens("Peña", "José", None, "", "José") == ["pena", "jose"]


def test_query_words_drop_pure_punctuation() -> None:
    assert query_words("' - ; --") == [";"]
    assert query_words("-- '") == []


def test_identity_key_ignores_case_accents_and_spaces() -> None:
    assert identity_key("JOSE", "PENA") == identity_key("José", "Peña") == identity_key(" jose ", "Pe ña")
    assert identity_key("Mary-Jane", "O'Brien") == identity_key("Mary Jane", "OBrien")
    assert identity_key("José", "Peña") != identity_key("Peña", "José")


def test_sort_key_orders_by_last_then_first_name_ignoring_accents() -> None:
    names = [("Peña", "Zoe"), ("Pena", "Adam"), ("Ødegård", "Ola"), ("Abbott", "Zed"), ("Pen", "Xavier")]
    ordered = sorted(names, key=lambda n: sort_key(*n))
    assert ordered == [
        ("Abbott", "Zed"),
        ("Ødegård", "Ola"),
        ("Pen", "Xavier"),
        ("Pena", "Adam"),
        ("Peña", "Zoe"),
    ]


def test_display_name() -> None:
    assert display_name("José", "Peña") == "Peña, José"
    assert display_name("Thị Hằng", "Nguyễn", "Minh") == "Nguyễn, Thị Hằng Minh"
