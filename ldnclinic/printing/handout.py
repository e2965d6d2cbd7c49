"""Patient-education handouts: a packet of filled handouts in, one PDF out.

Each handout starts on a new page with its title and "Prepared for ... on ..." line, then
its blocks in order: headings, paragraphs (`**bold**` prints bold, everything else exactly
as typed), hanging bullet and numbered lists, and the parts the app builds (the dated dose
schedule, the step chart of the dose over the weeks, the next follow-ups), a cut-out wallet
card, the sources of a condition note, and last the notice band (clinic contact and the
Texas Medical Board complaint notice), which is never split across pages.

The footer carries the clinic name and the handout's title, and "Page X of Y" counted per
handout (each handout can be handed out or filed on its own), in the packet's language.

This module arranges the story and numbers the pages; the text markup is in
`handout_text`, the step chart in `handout_chart`, the wallet card and the notice band in
`handout_boxes`.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from ldnclinic.domain.handouts.language import PDF_LANGUAGE
from ldnclinic.domain.handouts.packet import FilledHandout, HandoutPacket, ScheduleRow
from ldnclinic.domain.handouts.texts import Block, BuiltBlock, Heading, ItemList, WalletCard
from ldnclinic.domain.handouts.texts import Paragraph as TextParagraph
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.handout_boxes import notice_band, wallet_card
from ldnclinic.printing.handout_chart import step_chart
from ldnclinic.printing.handout_text import BULLET, markup, para, plain
from ldnclinic.printing.styles import LETTER_PAGE as PAGE
from ldnclinic.printing.templates import DOT, PageFurniture, document_template, draw_footer, full_width_table

SUBJECT = "Patient education"
ELLIPSIS = "…"


def render_handouts(packet: HandoutPacket, *, invariant: bool = False) -> bytes:
    """The packet as one PDF; `invariant` gives the same bytes for the same input."""
    register_fonts()
    buffer = BytesIO()
    template = document_template(
        buffer, PAGE, title=packet.title, author=packet.clinic_name, subject=SUBJECT, invariant=invariant
    )
    template.lang = PDF_LANGUAGE[packet.language]  # the catalog's /Lang, for screen readers
    story: list[Flowable] = []
    for index, handout in enumerate(packet.handouts):
        if index:
            story.append(PageBreak())
        story += handout_story(packet, handout, index)
    footers = [_footer_left(packet.clinic_name, handout.title) for handout in packet.handouts]
    template.build(story, canvasmaker=_handout_canvas(footers, packet.labels["page"]))
    return buffer.getvalue()


def handout_story(packet: HandoutPacket, handout: FilledHandout, index: int) -> list[Flowable]:
    """One handout's flowables, from its header to the notice band."""
    labels = packet.labels
    story: list[Flowable] = [HandoutStart(index), *_header(packet, handout)]
    for block in handout.blocks:
        story += _block(block, handout, labels)
    story += _sources(handout.sources, labels)
    story += notice_band(handout.notice)
    return story


# --- the header and the blocks -----------------------------------------------------------------


def _header(packet: HandoutPacket, handout: FilledHandout) -> list[Flowable]:
    prepared = packet.labels["prepared_for"].format(name=packet.patient_name, date=packet.printed_on)
    return [
        plain(packet.clinic_name, styles.HANDOUT_CLINIC),
        para(handout.title, styles.HANDOUT_TITLE),
        plain(prepared, styles.HANDOUT_PREPARED),
        HRFlowable(
            width="100%",
            thickness=styles.BAND_RULE_WIDTH,
            color=styles.ACCENT,
            spaceBefore=6,
            spaceAfter=styles.HANDOUT_RULE_GAP,
        ),
    ]


def _block(block: Block, handout: FilledHandout, labels: Mapping[str, str]) -> list[Flowable]:
    if isinstance(block, Heading):
        style = styles.HANDOUT_HEADING if block.level == 1 else styles.HANDOUT_SUBHEADING
        return [para(block.text, style)]
    if isinstance(block, TextParagraph):
        return [para(block.text, styles.HANDOUT_BODY)]
    if isinstance(block, ItemList):
        return _items(block, styles.HANDOUT_NUMBERED if block.numbered else styles.HANDOUT_BULLET)
    if isinstance(block, WalletCard):
        return [wallet_card(block.lines, labels)]
    return _built(block, handout, labels)


def _items(block: ItemList, style: ParagraphStyle) -> list[Flowable]:
    """One paragraph per item, the bullet or number hanging in the indent."""
    items: list[Flowable] = []
    for number, item in enumerate(block.items, start=1):
        bullet = f"{number}." if block.numbered else BULLET
        items.append(Paragraph(markup(item), style, bulletText=bullet))
    return [*items, Spacer(1, styles.HANDOUT_LIST_END)]


def _built(block: BuiltBlock, handout: FilledHandout, labels: Mapping[str, str]) -> list[Flowable]:
    if block.name == "schedule_table":
        return [schedule_table(handout.schedule, labels)] if handout.schedule else []
    if block.name == "step_chart":
        if not handout.dose_steps:
            return []
        title = plain(labels["chart_title"], styles.HANDOUT_CHART_TITLE)
        return [KeepTogether([title, step_chart(handout.dose_steps, labels["week"])])]
    if block.name == "followup_list":
        return _followups(handout.followups, labels)
    raise ValueError(f"[[{block.name}]] is not a block the handout printer can build.")


# --- the dose schedule ---------------------------------------------------------------------------


def schedule_table(rows: Sequence[ScheduleRow], labels: Mapping[str, str]) -> Flowable:
    """From / To / Daily dose / How much: a zebra-striped table whose header repeats on a new page."""
    header = [
        plain(labels[key], styles.HANDOUT_CELL_HEADER) for key in ("from", "to", "daily_dose", "how_much")
    ]
    body = [
        [
            plain(row.starts, styles.HANDOUT_CELL),
            plain(row.ends, styles.HANDOUT_CELL),
            plain(row.dose, styles.HANDOUT_CELL_BOLD),
            plain(row.amount, styles.HANDOUT_CELL),
        ]
        for row in rows
    ]
    padding = styles.HANDOUT_CELL_PADDING
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), styles.ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 1), (-1, -1), styles.HAIRLINE, styles.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), padding + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding - 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding + 1),
    ]
    commands += [("BACKGROUND", (0, row), (-1, row), styles.TINT) for row in range(2, len(rows) + 1, 2)]
    widths = [PAGE.frame_width * share for share in styles.HANDOUT_SCHEDULE_COLUMNS]
    table = full_width_table([header, *body], widths, commands)
    table.repeatRows = 1
    table.spaceBefore = 4
    table.spaceAfter = styles.HANDOUT_GAP + 2
    return table


# --- follow-ups and sources -------------------------------------------------------------------


def _followups(followups: Sequence[tuple[str, str]], labels: Mapping[str, str]) -> list[Flowable]:
    """The dates only: the handout's own text gives the heading above the block."""
    if not followups:
        return [plain(labels["followups_none"], styles.HANDOUT_BODY)]
    rows = [
        [plain(day, styles.HANDOUT_CELL_BOLD), plain(what, styles.HANDOUT_CELL)] for day, what in followups
    ]
    column = styles.HANDOUT_FOLLOWUP_DATE_COLUMN
    table = full_width_table(
        rows,
        [column, PAGE.frame_width - column],
        [
            ("LINEBELOW", (0, 0), (-1, -1), styles.HAIRLINE, styles.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ],
    )
    table.spaceAfter = styles.HANDOUT_GAP
    return [table]


def _sources(sources: Sequence[str], labels: Mapping[str, str]) -> list[Flowable]:
    if not sources:
        return []
    title = plain(labels["sources"], styles.HANDOUT_SOURCES_TITLE)
    items = [
        Paragraph(escape(source), styles.HANDOUT_SOURCE, bulletText=f"{n}.")
        for n, source in enumerate(sources, 1)
    ]
    return [title, *items]


# --- page furniture: the footer, counted per handout ------------------------------------------


def _footer_left(clinic_name: str, title: str) -> str:
    """ "Clinic · Handout title", the title cut short (…) when the line would reach the page number."""
    room = PAGE.frame_width * 0.78
    text = f"{clinic_name}{DOT}{title}"
    if _footer_width(text) <= room:
        return text
    while title and _footer_width(f"{clinic_name}{DOT}{title}{ELLIPSIS}") > room:
        title = title[:-1]
    return f"{clinic_name}{DOT}{title.rstrip()}{ELLIPSIS}"


def _footer_width(text: str) -> float:
    return float(stringWidth(text, styles.FOOTER_FONT, styles.FOOTER_SIZE))


class HandoutStart(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """Takes no room; tells the canvas that handout `index` starts on this page."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        begin = getattr(self.canv, "begin_handout", None)  # absent on a plain canvas
        if begin is not None:
            begin(self.index)


def _handout_canvas(footers: Sequence[str], page_text: str) -> Callable[..., Canvas]:
    return functools.partial(_HandoutCanvas, footers=tuple(footers), page_text=page_text)


class _HandoutCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
    """Keeps each finished page with the handout it belongs to; on save, draws each page's
    footer with its number within that handout ("Page 2 of 3")."""

    def __init__(self, *args: Any, footers: tuple[str, ...], page_text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footers = footers
        self._page_text = page_text
        self._handout = 0
        self._finished_pages: list[tuple[dict[str, Any], int]] = []

    def begin_handout(self, index: int) -> None:
        self._handout = index

    def showPage(self) -> None:
        self._finished_pages.append((dict(self.__dict__), self._handout))
        self._startPage()

    def save(self) -> None:
        totals = Counter(handout for _, handout in self._finished_pages)
        numbers: Counter[int] = Counter()
        for state, handout in self._finished_pages:
            numbers[handout] += 1
            self.__dict__.update(state)
            furniture = PageFurniture(geometry=PAGE, footer_left=self._footers[handout])
            draw_footer(self, furniture, self._page_text.format(page=numbers[handout], pages=totals[handout]))
            super().showPage()
        super().save()
