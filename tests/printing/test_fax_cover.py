"""The fax cover sheet: who sends what to whom, and the confidentiality notice."""

from __future__ import annotations

import re
from pathlib import Path

from ldnclinic.printing.fax_cover import FaxCover, confidentiality_notice, render_fax_cover
from ldnclinic.printing.fonts import SANS, SANS_BOLD, SANS_OBLIQUE
from tests.printing import builders as b


def text_of(cover: FaxCover, tmp_path: Path, *, layout: bool = False) -> str:
    """Reading order by default: the To and From boxes come out one after the other."""
    return b.pdf_text(render_fax_cover(cover, invariant=True), tmp_path, layout=layout)


def test_every_field_is_printed(tmp_path: Path) -> None:
    flat = b.flat(text_of(b.fax_cover(), tmp_path))
    for expected in (
        "FAX",
        "TO",
        "Peña & Sons Compounding Pharmacy",
        "Fax (512) 555-0171",
        "Phone (512) 555-0170",
        "FROM",
        "Hill Country LDN Clinic",
        "Sent by Jordan Washington",
        "Fax (512) 555-0101",
        "Phone (512) 555-0100",
        "DATE",
        "12/01/2026",
        "PAGES, THIS ONE INCLUDED",
        "QUESTIONS? CALL",
        "NOTE",
        "New prescription for Nguyễn Thị Hằng follows (1 page). Please call us with any question.",
        "CONFIDENTIAL",
        "Page 1 of 1",
    ):
        assert expected in flat, expected
    text = text_of(b.fax_cover(), tmp_path, layout=True)
    facts = next(line for line in text.splitlines() if "12/01/2026" in line and "(512) 555-0100" in line)
    assert re.search(r"12/01/2026\s+2\s+\(512\) 555-0100", facts)


def test_the_confidentiality_notice_says_what_to_do(tmp_path: Path) -> None:
    cover = b.fax_cover(callback="(512) 555-0199")
    notice = confidentiality_notice(cover)
    assert "meant only for" in notice
    assert "call us at (512) 555-0199" in notice
    assert "destroy every page" in notice
    assert notice in b.flat(text_of(cover, tmp_path))


def test_phone_and_note_may_be_left_out(tmp_path: Path) -> None:
    flat = b.flat(text_of(b.fax_cover(to_phone=None, note=None, to_name="Ødegård Apotek"), tmp_path))
    assert "Ødegård Apotek" in flat
    assert "(512) 555-0170" not in flat
    assert "New prescription" not in flat
    assert "NOTE" in flat  # the box stays, blank, for a handwritten line


def test_one_page_same_bytes_embedded_fonts_and_metadata(tmp_path: Path) -> None:
    first = render_fax_cover(b.fax_cover(), invariant=True)
    assert first == render_fax_cover(b.fax_cover(), invariant=True)
    info = b.pdf_info(first, tmp_path)
    assert info["Pages"] == "1"
    assert info["Title"] == "Fax to Peña & Sons Compounding Pharmacy"
    assert info["Author"] == "Jordan Washington"
    assert info["Subject"] == "Fax cover sheet from Hill Country LDN Clinic"
    fonts = b.pdf_fonts(first, tmp_path)
    assert {name.split("+")[-1] for name, _ in fonts} == {SANS, SANS_BOLD, SANS_OBLIQUE}
    assert all(embedded for _, embedded in fonts)
