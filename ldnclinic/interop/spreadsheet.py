"""CSV that spreadsheets open safely, and CSV files read the way staff save them.

Writing: a cell that starts with = + - @ (or a tab or carriage return) gets a leading
apostrophe, so Excel or LibreOffice shows it as text instead of running it as a formula.
Reading: UTF-8 (with or without the byte-order mark Excel writes) or, failing that,
Windows-1252; an .xlsx or .xls file saved under a .csv name is recognised and refused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SPREADSHEET_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (zip), .xls (OLE)


class UnreadableCsvError(ValueError):
    """The bytes are not CSV text; `reason` says why in words for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def safe_cell(value: object) -> str:
    """Text for a spreadsheet cell; a leading = + - @ is quoted so it is never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(columns: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """A header line and one line per row, CRLF line ends (what Excel writes), every cell safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(safe_cell(value) for value in row)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class CsvRows:
    """A CSV file's header, its non-blank rows, and the text encoding it was read in."""

    header: list[str]
    rows: list[list[str]]
    encoding: str


def decode_csv_bytes(raw: bytes) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes; UnreadableCsvError for a spreadsheet or binary."""
    if raw.startswith(_SPREADSHEET_SIGNATURES):
        raise UnreadableCsvError("is a spreadsheet file, not CSV: save it as “CSV UTF-8” first.")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise UnreadableCsvError("is not a text file in UTF-8: save it as “CSV UTF-8”.") from None


def read_csv_rows(raw: bytes) -> CsvRows:
    """The header and the rows that hold something; UnreadableCsvError when the bytes are not CSV."""
    text, encoding = decode_csv_bytes(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise UnreadableCsvError(f"is not readable CSV near line {reader.line_num}: {error}") from None
    return CsvRows(header or [], rows, encoding)
