"""The handout's boxed parts: the cut-out wallet card and the notice band.

The wallet card is a dashed, round-cornered box of credit-card size with a scissors mark
under it. The notice band (the clinic contact and the Texas Medical Board complaint notice)
closes every handout in a tinted band, two columns side by side, never split across pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from ldnclinic.domain.handouts.texts import Block, Heading, ItemList
from ldnclinic.domain.handouts.texts import Paragraph as TextParagraph
from ldnclinic.printing import styles
from ldnclinic.printing.handout_text import BULLET, markup, para, plain
from ldnclinic.printing.styles import LETTER_PAGE as PAGE
from ldnclinic.printing.templates import full_width_table

SCISSORS = "✂"


def wallet_card(lines: Sequence[str], labels: Mapping[str, str]) -> Flowable:
    """The card and a scissors mark; the handout's own text says to cut it out."""
    mark = plain(SCISSORS, styles.HANDOUT_CUT_NOTE)
    return KeepTogether([Spacer(1, 6), WalletCardBox(lines), mark, Spacer(1, styles.HANDOUT_GAP)])


class WalletCardBox(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A dashed, round-cornered card of credit-card size, the first line bold. The text never
    shrinks below the body size: a card with more lines than fit grows taller instead."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__()
        padding = styles.HANDOUT_CARD_PADDING
        self.paragraphs = [
            para(line, styles.HANDOUT_CARD_TITLE if index == 0 else styles.HANDOUT_CARD_LINE)
            for index, line in enumerate(lines)
        ]
        self.width = styles.HANDOUT_CARD_WIDTH
        self.inner_width = self.width - 2 * padding
        self.height = max(styles.HANDOUT_CARD_HEIGHT, self._content_height() + 2 * padding)

    def _content_height(self) -> float:
        total = 0.0
        for index, paragraph in enumerate(self.paragraphs):
            total += paragraph.wrap(self.inner_width, 10_000)[1]
            if index < len(self.paragraphs) - 1:
                total += paragraph.getSpaceAfter()
        return total

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setDash(*styles.HANDOUT_CARD_DASH)
        canvas.setStrokeColor(styles.MUTED)
        canvas.setLineWidth(styles.RULE_WIDTH)
        canvas.roundRect(0, 0, self.width, self.height, styles.HANDOUT_CARD_RADIUS, stroke=1, fill=0)
        canvas.restoreState()
        y = self.height - styles.HANDOUT_CARD_PADDING
        for paragraph in self.paragraphs:
            _, height = paragraph.wrap(self.inner_width, self.height)
            y -= height
            paragraph.drawOn(canvas, styles.HANDOUT_CARD_PADDING, y)
            y -= paragraph.getSpaceAfter()


def notice_band(blocks: Sequence[Block]) -> list[Flowable]:
    """The clinic contact and the complaint notice side by side in a light band, kept on one
    page: one section per column (two columns keep the band short enough to share the last
    page of a short handout)."""
    if not blocks:
        return []
    sections: list[list[Flowable]] = []
    for block in blocks:
        if isinstance(block, Heading) or not sections:
            sections.append([])
        sections[-1] += _notice_flowables(block)
    padding = styles.HANDOUT_NOTICE_PADDING
    columns = (
        [sections[0], [f for section in sections[1:] for f in section]] if len(sections) > 1 else sections
    )
    widths = [PAGE.frame_width * 0.3, PAGE.frame_width * 0.7] if len(columns) == 2 else [PAGE.frame_width]
    band = full_width_table(
        [columns],
        widths,
        [
            ("BACKGROUND", (0, 0), (-1, -1), styles.TINT),
            ("LINEBEFORE", (0, 0), (0, 0), 3, styles.ACCENT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), padding + 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), padding - 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ],
    )
    return [KeepTogether([Spacer(1, styles.HANDOUT_NOTICE_GAP), band])]


def _notice_flowables(block: Block) -> list[Flowable]:
    if isinstance(block, Heading):
        return [para(block.text, styles.HANDOUT_NOTICE_HEADING)]
    if isinstance(block, ItemList):
        return [
            Paragraph(
                markup(item), styles.HANDOUT_NOTICE_BULLET, bulletText=f"{n}." if block.numbered else BULLET
            )
            for n, item in enumerate(block.items, start=1)
        ]
    if isinstance(block, TextParagraph):
        return [para(block.text, styles.HANDOUT_NOTICE_BODY)]
    return []
