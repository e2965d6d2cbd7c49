"""The fax cover sheet sent ahead of a prescription to a pharmacy.

A fax is not covered by the Texas prescription-element rules, so the cover defines its own
small document model here (`FaxCover`); the service that faxes fills it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from reportlab.platypus import Paragraph, Spacer

from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.styles import LETTER_PAGE as PAGE
from ldnclinic.printing.templates import (
    SPACING,
    PageFurniture,
    document_template,
    full_width_table,
    furnished_canvas,
    labelled,
    paragraph,
    us_date,
)

GAP = styles.FAX_GAP
PADDING = styles.FAX_PADDING


@dataclass(frozen=True, slots=True)
class FaxCover:
    """Who sends what to whom: plain text, already formatted."""

    from_name: str  # the practice
    from_phone: str
    from_fax: str
    to_name: str  # the pharmacy
    to_fax: str
    sent_on: date
    pages: int  # including the cover
    callback: str  # the number to call about this fax
    sender: str  # the person who sends it
    to_phone: str | None = None
    note: str | None = None


def render_fax_cover(cover: FaxCover, *, invariant: bool = False) -> bytes:
    """The cover sheet as PDF bytes; `invariant` gives the same bytes for the same input."""
    register_fonts()
    buffer = BytesIO()
    template = document_template(
        buffer,
        PAGE,
        title=f"Fax to {cover.to_name}",
        author=cover.sender,
        subject=f"Fax cover sheet from {cover.from_name}",
        invariant=invariant,
    )
    furniture = PageFurniture(
        geometry=PAGE,
        footer_left=f"Fax cover sheet · {cover.from_name}",
        footer_centre=us_date(cover.sent_on),
    )
    template.build(_story(cover), canvasmaker=furnished_canvas(furniture))
    return buffer.getvalue()


def confidentiality_notice(cover: FaxCover) -> str:
    """The notice printed at the foot of the cover, in plain words."""
    return (
        "This fax is confidential and may hold protected health information. It is meant only for "
        "the pharmacy or person named above. If it reached you by mistake, please do not read, copy "
        f"or pass on any part of it: call us at {cover.callback}, then destroy every page you received."
    )


def _story(cover: FaxCover) -> list[Any]:
    story: list[Any] = [_header(cover), Spacer(1, GAP), _addresses(cover), Spacer(1, GAP)]
    story += [_facts(cover), Spacer(1, GAP)]
    note = [paragraph(cover.note, styles.FAX_NOTE)] if cover.note else []
    story += [_boxed("NOTE", [*note, Spacer(1, styles.FAX_NOTE_ROOM)]), Spacer(1, GAP)]
    story.append(_boxed("CONFIDENTIAL", [paragraph(confidentiality_notice(cover), styles.NOTICE)]))
    return story


def _header(cover: FaxCover) -> Any:
    practice = [
        paragraph(cover.from_name, styles.FAX_CLINIC),
        Paragraph(
            f"{labelled('Phone', cover.from_phone)}{SPACING}{labelled('Fax', cover.from_fax)}",
            styles.FAX_CLINIC_LINE,
        ),
    ]
    title_width = styles.FAX_TITLE_COLUMN
    return full_width_table(
        [[paragraph("FAX", styles.FAX_TITLE), practice]],
        [title_width, PAGE.frame_width - title_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LINEBELOW", (0, 0), (-1, 0), styles.BAND_RULE_WIDTH, styles.ACCENT),
        ],
    )


def _addresses(cover: FaxCover) -> Any:
    to_lines = [labelled("Fax", cover.to_fax)] + (
        [labelled("Phone", cover.to_phone)] if cover.to_phone else []
    )
    to = [paragraph("TO", styles.LABEL), paragraph(cover.to_name, styles.FAX_NAME)]
    to += [Paragraph(line, styles.FAX_FIELD) for line in to_lines]
    sender = [paragraph("FROM", styles.LABEL), paragraph(cover.from_name, styles.FAX_NAME)]
    sender += [
        Paragraph(labelled("Sent by", cover.sender), styles.FAX_FIELD),
        Paragraph(labelled("Fax", cover.from_fax), styles.FAX_FIELD),
        Paragraph(labelled("Phone", cover.from_phone), styles.FAX_FIELD),
    ]
    half = (PAGE.frame_width - GAP) / 2
    return full_width_table(
        [[to, "", sender]],
        [half, GAP, half],
        [
            ("BOX", (0, 0), (0, 0), styles.HAIRLINE, styles.RULE),
            ("BOX", (2, 0), (2, 0), styles.HAIRLINE, styles.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), PADDING - 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
        ],
    )


def _facts(cover: FaxCover) -> Any:
    cells = [
        [paragraph("DATE", styles.LABEL), paragraph(us_date(cover.sent_on), styles.FIGURE)],
        [paragraph("PAGES, THIS ONE INCLUDED", styles.LABEL), paragraph(str(cover.pages), styles.FIGURE)],
        [paragraph("QUESTIONS? CALL", styles.LABEL), paragraph(cover.callback, styles.FIGURE)],
    ]
    third = PAGE.frame_width / 3
    return full_width_table(
        [cells],
        [third, third, third],
        [
            ("LINEABOVE", (0, 0), (-1, 0), styles.HAIRLINE, styles.RULE),
            ("LINEBELOW", (0, 0), (-1, 0), styles.HAIRLINE, styles.RULE),
            ("LINEBEFORE", (1, 0), (-1, 0), styles.HAIRLINE, styles.RULE),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("LEFTPADDING", (1, 0), (-1, 0), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ],
    )


def _boxed(label: str, body: list[Any]) -> Any:
    """A labelled box with no fill: tints turn to speckle on a fax machine."""
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), styles.HAIRLINE, styles.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING - 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
    ]
    return full_width_table([[[paragraph(label, styles.LABEL), *body]]], [PAGE.frame_width], commands)
