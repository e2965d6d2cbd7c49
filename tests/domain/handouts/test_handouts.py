"""The handout text format: parsing, the placeholder and block checks, translations, filling."""

from __future__ import annotations

import pytest

from ldnclinic.domain.handouts.texts import (
    BuiltBlock,
    HandoutFormatError,
    Heading,
    ItemList,
    MissingValueError,
    Paragraph,
    WalletCard,
    fill,
    handout_problems,
    parse_handout,
    plain_text,
    translation_problems,
)

GOOD = """\
kind: starting_ldn
version: 3
title: Starting LDN, {greeting_name}
needs: prescription
order: 20
sources: Younger J, Mackey S. Pain Med. 2009 | Smith JP, et al. Am J Gastroenterol. 2011
---
Hello {greeting_name},

This sheet shows your own plan.
It is **yours** to keep.

= When to take it
Take it {dose_time}.

== If you miss a dose
- Skip it.
- Never take two doses.

1. First step.
2. Second step.

[[schedule_table]]
[[step_chart]]

[[wallet_card]]
I take LDN
Name: {patient_name}
[[/wallet_card]]
"""


def parse(text: str, language: str = "en") -> object:
    return parse_handout(text, language=language, name=f"{language}/test.txt")


def test_a_handout_is_read_into_blocks() -> None:
    handout = parse_handout(GOOD, language="en", name="en/starting_ldn.txt")
    assert (handout.kind, handout.version, handout.order, handout.needs_prescription) == (
        "starting_ldn",
        3,
        20,
        True,
    )
    assert handout.title == "Starting LDN, {greeting_name}"
    assert handout.sources == (
        "Younger J, Mackey S. Pain Med. 2009",
        "Smith JP, et al. Am J Gastroenterol. 2011",
    )
    assert handout.blocks == (
        Paragraph("Hello {greeting_name},"),
        Paragraph("This sheet shows your own plan. It is **yours** to keep."),
        Heading(1, "When to take it"),
        Paragraph("Take it {dose_time}."),
        Heading(2, "If you miss a dose"),
        ItemList(("Skip it.", "Never take two doses.")),
        ItemList(("First step.", "Second step."), numbered=True),
        BuiltBlock("schedule_table"),
        BuiltBlock("step_chart"),
        WalletCard(("I take LDN", "Name: {patient_name}")),
    )
    assert handout.placeholders == {"greeting_name", "dose_time", "patient_name"}
    assert handout_problems(handout) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind: x1\ntitle: T\n", "must end with a line holding only ---"),
        ("kind: Bad Kind\nversion: 1\ntitle: T\n---\nHi", "needs `kind:`"),
        ("kind: ok\nversion: one\ntitle: T\n---\nHi", "`version:` must be a whole number"),
        ("kind: ok\nversion: 0\ntitle: T\n---\nHi", "`version:` must be a whole number"),
        ("kind: ok\nversion: 1\n---\nHi", "needs `title:`"),
        ("kind: ok\nversion: 1\ntitle: T\nneeds: a car\n---\nHi", "`needs:` can only be `prescription`"),
        (
            "kind: ok\nversion: 1\ntitle: T\ncolour: red\n---\nHi",
            "line 4: “colour: red” is not a header line",
        ),
        ("kind: ok\nkind: ok\nversion: 1\ntitle: T\n---\nHi", "`kind:` is given twice"),
        (
            "kind: ok\nversion: 1\ntitle: T\n---\n[[drop_table]]",
            "[[drop_table]] is not a block the app can build",
        ),
        ("kind: ok\nversion: 1\ntitle: T\n---\n[[wallet_card]]\nName", "never closed"),
        ("kind: ok\nversion: 1\ntitle: T\n---\n=\n", "a heading needs text"),
    ],
)
def test_a_broken_file_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(HandoutFormatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse(text)


def test_unknown_placeholders_and_stray_braces_are_found() -> None:
    handout = parse_handout(
        "kind: ok\nversion: 1\ntitle: Hi {patient_nmae}\n---\nYour dose is {dose}.\nA { lone brace.",
        language="en",
        name="en/ok.txt",
    )
    problems = handout_problems(handout)
    assert "en/ok: {patient_nmae} is not a placeholder the app knows." in problems
    assert "en/ok: {dose} is not a placeholder the app knows." in problems
    assert any("without its pair" in problem for problem in problems)


def test_prescription_placeholders_and_blocks_need_the_header() -> None:
    handout = parse_handout(
        "kind: ok\nversion: 1\ntitle: T\n---\nTake {strength} {dose_time}.\n\n[[schedule_table]]",
        language="en",
        name="en/ok.txt",
    )
    assert handout_problems(handout) == [
        "en/ok: {dose_time} needs `needs: prescription` in the header.",
        "en/ok: {strength} needs `needs: prescription` in the header.",
        "en/ok: [[schedule_table]] needs `needs: prescription` in the header.",
    ]


def test_a_translation_must_match_its_original() -> None:
    english = parse_handout(GOOD, language="en", name="en/starting_ldn.txt")
    spanish = parse_handout(
        GOOD.replace("version: 3", "version: 2").replace("{dose_time}", "a la hora de dormir"),
        language="es",
        name="es/starting_ldn.txt",
    )
    problems = translation_problems(english, spanish)
    assert any("its version (2) differ from en's (3)" in p for p in problems)
    assert any("its placeholders" in p for p in problems)
    assert translation_problems(english, parse_handout(GOOD, language="es", name="es/x.txt")) == []


def test_fill_replaces_every_placeholder_or_says_which_is_missing() -> None:
    assert fill("Hola, {greeting_name}: {x}", {"greeting_name": "Pepe", "x": "{y}"}) == "Hola, Pepe: {y}"
    with pytest.raises(MissingValueError) as caught:
        fill("Take {strength}.", {})
    assert caught.value.name == "strength"


def test_plain_text_is_what_a_patient_reads() -> None:
    handout = parse_handout(GOOD, language="en", name="en/starting_ldn.txt")
    text = plain_text(handout, {"greeting_name": "Pepe", "dose_time": "at bedtime", "patient_name": "José"})
    assert "**" not in text and "[[" not in text and "{" not in text
    assert "Take it at bedtime." in text
    assert "If you miss a dose." in text  # a heading becomes a sentence for the measures
    assert "José" not in text  # the wallet card is not running text


def test_odd_text_is_kept_as_written() -> None:
    text = (
        "kind: ok\nversion: 1\ntitle: Peña's <b>notes</b> & more\n---\n"
        "DROP TABLE patients;-- 'quoted' “curly” ✓"
    )
    handout = parse_handout(text, language="es", name="es/ok.txt")
    assert handout.title == "Peña's <b>notes</b> & more"
    assert handout.blocks == (Paragraph("DROP TABLE patients;-- 'quoted' “curly” ✓"),)
    assert handout_problems(handout) == []
