"""CSV written for spreadsheets and CSV read as staff save it (ldnclinic.interop.spreadsheet)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldnclinic.interop.spreadsheet import (
    UnreadableCsvError,
    csv_text,
    decode_csv_bytes,
    read_csv_rows,
    safe_cell,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@given(st.one_of(st.none(), st.integers(), st.text()))
def test_no_cell_can_start_a_formula(value: object) -> None:
    cell = safe_cell(value)
    assert not cell.startswith(FORMULA_STARTS)
    text = "" if value is None else str(value)
    assert cell in (text, "'" + text)


@given(st.lists(st.lists(st.text(), min_size=3, max_size=3), max_size=8))
def test_what_is_written_reads_back_cell_for_cell(rows: list[list[str]]) -> None:
    text = csv_text(("a", "b", "c"), rows)
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["a", "b", "c"]
    assert back[1:] == [[safe_cell(cell) for cell in row] for row in rows]


def test_lines_end_the_way_excel_writes_them() -> None:
    assert csv_text(("Name",), [["=cmd|' /C calc'!A0"]]) == "Name\r\n'=cmd|' /C calc'!A0\r\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("first_name\r\nJosé\r\n".encode(), "utf-8"),
        ("\ufefffirst_name\r\nJosé\r\n".encode(), "utf-8"),
        ("first_name\r\nJosé\r\n".encode("cp1252"), "cp1252"),
    ],
)
def test_utf8_with_or_without_a_bom_and_windows_1252_are_read(raw: bytes, encoding: str) -> None:
    table = read_csv_rows(raw)
    assert (table.header, table.rows, table.encoding) == (["first_name"], [["José"]], encoding)


@pytest.mark.parametrize("signature", [b"PK\x03\x04rest-of-zip", b"\xd0\xcf\x11\xe0rest-of-ole"])
def test_a_spreadsheet_saved_as_csv_is_named_as_such(signature: bytes) -> None:
    with pytest.raises(UnreadableCsvError, match="spreadsheet file, not CSV"):
        decode_csv_bytes(signature)


def test_blank_rows_are_dropped_and_a_broken_quote_names_its_line() -> None:
    assert read_csv_rows(b"a,b\r\n,\r\n1,2\r\n").rows == [["1", "2"]]
    with pytest.raises(UnreadableCsvError, match="near line"):
        read_csv_rows(b"a\r\n" + b"x" * (csv.field_size_limit() + 1))


@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_in_words(raw: bytes) -> None:
    try:
        table = read_csv_rows(raw)
    except UnreadableCsvError as problem:
        assert problem.reason
    else:
        assert all(any(cell.strip() for cell in row) for row in table.rows)
