"""The text tidiers: one function per meaning, checked against what each one promises."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ldnclinic.domain.names import fold
from ldnclinic.domain.text import (
    clean_text,
    collapse_spaces,
    has_hidden_characters,
    lookup_key,
    optional_clean_text,
    optional_line,
    optional_text,
    username_key,
)

ANY_TEXT = st.text()
SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000"])


@given(ANY_TEXT)
def test_collapse_spaces_is_the_old_split_and_join(text: str) -> None:
    assert collapse_spaces(text) == " ".join(text.split())


@given(ANY_TEXT)
def test_collapse_spaces_leaves_no_run_of_spaces_and_no_ends(text: str) -> None:
    collapsed = collapse_spaces(text)
    assert "  " not in collapsed
    assert collapsed == collapsed.strip()
    assert not any(ch.isspace() and ch != " " for ch in collapsed)
    assert collapse_spaces(collapsed) == collapsed


@given(ANY_TEXT)
def test_collapse_spaces_keeps_every_other_character(text: str) -> None:
    # Hidden characters stay: a field that refuses them must still see them.
    assert [ch for ch in collapse_spaces(text) if not ch.isspace()] == [ch for ch in text if not ch.isspace()]
    assert has_hidden_characters(collapse_spaces(text)) is has_hidden_characters(
        "".join(ch for ch in text if not ch.isspace())
    )


@given(st.lists(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1), min_size=1), SPACES)
def test_collapse_spaces_joins_words_with_one_space(words: list[str], gap: str) -> None:
    assert collapse_spaces(gap + gap.join(words) + gap) == " ".join(words)


def test_none_reads_as_nothing() -> None:
    assert collapse_spaces(None) == ""
    assert optional_line(None) is None
    assert optional_text(None) is None


@given(ANY_TEXT)
def test_optional_line_is_collapse_spaces_or_none(text: str) -> None:
    line = optional_line(text)
    assert line == (collapse_spaces(text) or None)
    assert line is None or line.strip() == line != ""


@given(ANY_TEXT)
def test_optional_text_trims_the_ends_and_keeps_the_lines(text: str) -> None:
    kept = optional_text(text)
    assert kept == (text.strip() or None)
    if kept is not None:
        assert kept.count("\n") <= text.count("\n")
        assert kept in text


def test_a_note_keeps_its_line_breaks_and_a_line_does_not() -> None:
    note = "  First line.\n\nSecond   line.  "
    assert optional_text(note) == "First line.\n\nSecond   line."
    assert optional_line(note) == "First line. Second line."


@given(ANY_TEXT)
def test_lookup_key_is_the_folded_collapsed_text(text: str) -> None:
    assert lookup_key(text) == fold(" ".join(text.split()))
    assert lookup_key(text) == lookup_key(f"  {text}\t")


def test_lookup_key_finds_a_pharmacy_typed_another_way() -> None:
    assert lookup_key("  Peña   Pharmacy\n") == lookup_key("pena pharmacy") == "pena pharmacy"


@given(ANY_TEXT)
def test_username_key_trims_and_folds_case(text: str) -> None:
    assert username_key(text) == text.strip().casefold()


def test_username_key() -> None:
    assert username_key("  EGarcia ") == "egarcia"


@given(ANY_TEXT)
def test_clean_text_is_collapsed(text: str) -> None:
    # clean_text is the stricter cleaner: its result never changes under collapse_spaces.
    assert collapse_spaces(clean_text(text)) == clean_text(text)


@given(st.one_of(st.none(), ANY_TEXT))
def test_optional_clean_text_is_clean_text_or_none(text: str | None) -> None:
    cleaned = optional_clean_text(text)
    assert cleaned == (clean_text(text or "") or None)
    assert cleaned is None or not has_hidden_characters(cleaned)
