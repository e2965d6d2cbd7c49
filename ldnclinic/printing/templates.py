"""Page furniture shared by the documents: footer, watermark, microprint line, QR code, text helpers.

Footers say "Page N of M", so the total is only known at the end: `furnished_canvas` keeps
each finished page and draws the furniture on all of them when the document is saved.
The watermark is drawn last and translucent, so no tinted box can hide it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCode
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.tables import Table

from ldnclinic.printing import styles
from ldnclinic.printing.styles import PageGeometry

DOT = "\u00a0\u00a0·\u00a0\u00a0"  # between items on one line; no-break spaces keep the gap
SPACING = "\u00a0" * 4  # between a value and the next label on one line
WATERMARK_MAX_SIZE = 60.0
WATERMARK_SHARE_OF_DIAGONAL = 0.74


def us_date(day: date) -> str:
    """12/01/2026: the month/day/year form a Texas pharmacy expects."""
    return day.strftime("%m/%d/%Y")


def printed_stamp(moment: datetime) -> str:
    """ "Printed 12/01/2026 9:14 AM CST" (the zone's abbreviation only when the time knows it)."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    zone = moment.tzname()
    text = f"Printed {us_date(moment.date())} {hour}:{moment.minute:02d} {half}"
    return f"{text} {zone}" if zone else text


def paragraph(text: str, style: Any) -> Paragraph:
    """A paragraph of plain text: never read as markup, so "&" and "<" print as typed."""
    return Paragraph(escape(text), style)


def muted(text: str) -> str:
    """Markup for a grey inline label, such as "DOB" before a date."""
    return f'<font color="#{styles.MUTED.hexval()[2:]}">{escape(text)}</font>'


def labelled(label: str, value: str) -> str:
    """Markup for a grey label followed by its value."""
    return f"{muted(label)}\u00a0\u00a0{escape(value)}"


def document_template(
    output: IO[bytes], page: PageGeometry, *, title: str, author: str, subject: str, invariant: bool
) -> BaseDocTemplate:
    """A one-frame document with the house metadata; the frame has no inner padding."""
    frame = Frame(
        page.left,
        page.bottom,
        page.frame_width,
        page.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    return BaseDocTemplate(
        output,
        pagesize=page.size,
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=title,
        author=author,
        subject=subject,
        creator="ldnclinic",
        initialFontName=styles.BASE_FONT,
        invariant=1 if invariant else 0,
    )


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """What every page of a document carries besides its story."""

    geometry: PageGeometry
    footer_left: str
    footer_centre: str = ""
    watermark: str | None = None


def furnished_canvas(furniture: PageFurniture) -> Callable[..., Canvas]:
    """A canvas maker for `doc.build(..., canvasmaker=...)` that adds the page furniture."""
    return functools.partial(_FurnishedCanvas, furniture=furniture)


class _FurnishedCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._finished_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._finished_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._finished_pages)
        for number, state in enumerate(self._finished_pages, start=1):
            self.__dict__.update(state)
            draw_furniture(self, self._furniture, number, total)
            super().showPage()
        super().save()


def draw_furniture(canvas: Canvas, furniture: PageFurniture, number: int, total: int) -> None:
    """Footer first, then the watermark over everything (translucent)."""
    draw_footer(canvas, furniture, f"Page {number} of {total}")
    if furniture.watermark:
        draw_watermark(canvas, furniture.geometry, furniture.watermark)


def draw_footer(canvas: Canvas, furniture: PageFurniture, page_text: str) -> None:
    """A hairline and one line of small grey text: left, centre and the page number."""
    page = furniture.geometry
    y = page.footer_baseline
    canvas.saveState()
    canvas.setStrokeColor(styles.RULE)
    canvas.setLineWidth(styles.HAIRLINE)
    canvas.line(page.left, y + 11, page.width - page.right, y + 11)
    canvas.setFillColor(styles.MUTED)
    canvas.setFont(styles.FOOTER_FONT, styles.FOOTER_SIZE)
    canvas.drawString(page.left, y, furniture.footer_left)
    if furniture.footer_centre:
        canvas.drawCentredString(page.width / 2, y, furniture.footer_centre)
    canvas.drawRightString(page.width - page.right, y, page_text)
    canvas.restoreState()


def draw_watermark(canvas: Canvas, page: PageGeometry, text: str) -> None:
    """Large translucent text across the page, corner to corner."""
    diagonal = math.hypot(page.width, page.height)
    width_at_one_point = stringWidth(text, styles.WATERMARK_FONT, 1)
    size = min(WATERMARK_MAX_SIZE, diagonal * WATERMARK_SHARE_OF_DIAGONAL / width_at_one_point)
    canvas.saveState()
    canvas.translate(page.width / 2, page.height / 2)
    canvas.rotate(math.degrees(math.atan2(page.height, page.width)))
    canvas.setFillColor(styles.WATERMARK, alpha=styles.WATERMARK_ALPHA)
    canvas.setFont(styles.WATERMARK_FONT, size)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.restoreState()


@functools.cache
def microprint(text: str, width: float, font: str, size: float) -> str:
    """`text` repeated (space separated) and cut to fit `width` exactly or just under.

    Cached: every page of a run draws the same line.
    """
    unit = text + " "
    whole_units = int(width // stringWidth(unit, font, size))
    line = unit * whole_units
    used = stringWidth(line, font, size)
    for character in unit:
        used += stringWidth(character, font, size)
        if used > width:
            break
        line += character
    return line.rstrip()


def draw_microprint_line(canvas: Canvas, x: float, y: float, width: float) -> None:
    """A line that is really tiny repeated text, readable under a magnifier."""
    text = microprint(styles.MICROPRINT_TEXT, width, styles.MICROPRINT_FONT, styles.MICROPRINT_SIZE)
    canvas.saveState()
    canvas.setFillColor(styles.INK)
    canvas.setFont(styles.MICROPRINT_FONT, styles.MICROPRINT_SIZE)
    canvas.drawString(x, y, text)
    canvas.restoreState()


class MicroprintLine(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A flowable signature line made of microprint."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.line_width = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.line_width, styles.MICROPRINT_SIZE + 1

    def draw(self) -> None:
        draw_microprint_line(self.canv, 0, 0.5, self.line_width)


def qr_code(payload: str, size: float) -> QrCode:
    """A square QR code flowable carrying `payload`, with its quiet zone; ASCII only, since
    readers guess other character sets badly."""
    if not payload.isascii() or not payload.strip():
        raise ValueError(f"A QR code here carries ASCII text only, not {payload!r}.")
    return QrCode(payload, width=size, height=size, qrLevel="M", qrBorder=4)


def full_width_table(rows: list[list[Any]], widths: list[float], commands: list[tuple[Any, ...]]) -> Table:
    """A table with the house defaults: cells aligned to the top, text cells in the house font."""
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    defaults = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), styles.BASE_FONT)]
    table.setStyle([*defaults, *commands])
    return table
