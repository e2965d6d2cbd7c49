"""Patient-education handouts: a packet of filled handouts in, one PDF out.

Each handout starts on a new page with its title and "Prepared for ... on ..." line, then
its blocks in order: headings, paragraphs (`**bold**` prints bold, everything else exactly
as typed), hanging bullet and numbered lists, and the parts the app builds (the dated dose
schedule, the step chart of the dose over the weeks, the next follow-ups), a cut-out wallet
card, the sources of a condition note, and last the notice band (clinic contact and the
Texas Medical Board complaint notice), which is never split across pages.

The footer carries the clinic name and the handout's title, and "Page X of Y" counted per
handout (each handout can be handed out or filed on its own), in the packet's language.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from ldnclinic.domain.doses import format_mg
from ldnclinic.domain.handout_document import DoseStep, FilledHandout, HandoutPacket, ScheduleRow
from ldnclinic.domain.handout_language import PDF_LANGUAGE
from ldnclinic.domain.handouts import Block, BuiltBlock, Heading, ItemList, WalletCard
from ldnclinic.domain.handouts import Paragraph as TextParagraph
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.styles import LETTER_PAGE as PAGE
from ldnclinic.printing.templates import DOT, PageFurniture, document_template, draw_footer, full_width_table

SUBJECT = "Patient education"
BULLET = "•"
SCISSORS = "✂"
ELLIPSIS = "…"
_DOSE_UNIT = re.compile(r"(\d) (mg|mL)\b")  # a dose never breaks between its number and unit
_PHONE = re.compile(r"(\(\d{3}\)) (\d{3}-\d{4})")  # nor a phone number after its area code
_MG_STEPS = tuple(Decimal(text) for text in ("0.1", "0.25", "0.5", "1", "2", "2.5", "5", "10", "25", "50"))


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
    story += _notice(handout.notice)
    return story


# --- text ------------------------------------------------------------------------------------------


def markup(text: str) -> str:
    """ReportLab markup for handout text: `**bold**` turns bold, the rest prints as typed
    ("O'Brien", "<", "&"); an unpaired `**` prints as it is."""
    parts = text.split("**")
    if len(parts) % 2 == 0:
        parts[-2:] = ["**".join(parts[-2:])]
    pieces = [f"<b>{escape(part)}</b>" if odd % 2 else escape(part) for odd, part in enumerate(parts)]
    return unbroken("".join(pieces))


def unbroken(text: str) -> str:
    """No-break spaces inside doses ("4.5 mg") and phone numbers ("(512) 555-0100")."""
    return _PHONE.sub("\\1\u00a0\\2", _DOSE_UNIT.sub("\\1\u00a0\\2", text))


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def _plain(text: str, style: ParagraphStyle) -> Paragraph:
    """Text from the app (labels, names, dates): never bold, never markup."""
    return Paragraph(unbroken(escape(text)), style)


# --- the header and the blocks -----------------------------------------------------------------


def _header(packet: HandoutPacket, handout: FilledHandout) -> list[Flowable]:
    prepared = packet.labels["prepared_for"].format(name=packet.patient_name, date=packet.printed_on)
    return [
        _plain(packet.clinic_name, styles.HANDOUT_CLINIC),
        _para(handout.title, styles.HANDOUT_TITLE),
        _plain(prepared, styles.HANDOUT_PREPARED),
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
        return [_para(block.text, style)]
    if isinstance(block, TextParagraph):
        return [_para(block.text, styles.HANDOUT_BODY)]
    if isinstance(block, ItemList):
        return _items(block, styles.HANDOUT_NUMBERED if block.numbered else styles.HANDOUT_BULLET)
    if isinstance(block, WalletCard):
        return [_wallet_card(block.lines, labels)]
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
        title = _plain(labels["chart_title"], styles.HANDOUT_CHART_TITLE)
        return [KeepTogether([title, step_chart(handout.dose_steps, labels["week"])])]
    if block.name == "followup_list":
        return _followups(handout.followups, labels)
    raise ValueError(f"[[{block.name}]] is not a block the handout printer can build.")


# --- the dose schedule ---------------------------------------------------------------------------


def schedule_table(rows: Sequence[ScheduleRow], labels: Mapping[str, str]) -> Flowable:
    """From / To / Daily dose / How much: a zebra-striped table whose header repeats on a new page."""
    header = [
        _plain(labels[key], styles.HANDOUT_CELL_HEADER) for key in ("from", "to", "daily_dose", "how_much")
    ]
    body = [
        [
            _plain(row.starts, styles.HANDOUT_CELL),
            _plain(row.ends, styles.HANDOUT_CELL),
            _plain(row.dose, styles.HANDOUT_CELL_BOLD),
            _plain(row.amount, styles.HANDOUT_CELL),
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


# --- the step chart ------------------------------------------------------------------------------


def step_chart(
    steps: Sequence[DoseStep],
    week_label: str,
    *,
    width: float = styles.HANDOUT_CHART_WIDTH,
    height: float = styles.HANDOUT_CHART_HEIGHT,
) -> Drawing:
    """The daily dose in mg over the days, the weeks numbered along the bottom; the last,
    open-ended step runs on for two more weeks, fading, with an arrow."""
    register_fonts()
    drawing = Drawing(
        width, height, initialFontName=styles.CHART_FONT, initialFontSize=styles.HANDOUT_CHART_TEXT_SIZE
    )
    ticks = mg_ticks(max(step.dose_mg for step in steps))
    plot = _ChartPlot.fit(steps, ticks, week_label, width, height)
    _draw_grid(drawing, plot, ticks, week_label)
    _draw_steps(drawing, plot, steps)
    _draw_dose_labels(drawing, plot, steps)
    return drawing


def mg_ticks(highest: Decimal) -> tuple[Decimal, ...]:
    """0 mg up to a round value at or above the highest dose, in at most a few even steps."""
    for step in _MG_STEPS:
        count = math.ceil(highest / step)
        if count <= styles.HANDOUT_CHART_MAX_TICKS:
            return tuple(step * index for index in range(max(count, 1) + 1))
    step = _MG_STEPS[-1]
    return tuple(step * index for index in range(math.ceil(highest / step) + 1))


def step_end(step: DoseStep) -> int:
    """The day after the step's last drawn day; an open step is drawn for two more weeks."""
    return step.first_day + (step.days if step.days is not None else 7 * styles.HANDOUT_CHART_OPEN_WEEKS)


@dataclass(frozen=True, slots=True)
class _ChartPlot:
    """Where the plot area sits in the drawing, and days and mg mapped onto it."""

    left: float
    right: float
    bottom: float
    top: float
    days: int
    high: Decimal

    @classmethod
    def fit(
        cls, steps: Sequence[DoseStep], ticks: Sequence[Decimal], week_label: str, width: float, height: float
    ) -> _ChartPlot:
        size = styles.HANDOUT_CHART_TEXT_SIZE
        texts = [format_mg(tick) for tick in ticks] + [week_label]
        left = max(stringWidth(text, styles.CHART_FONT, size) for text in texts) + 10
        weeks = max(1, math.ceil(max(step_end(step) for step in steps) / 7))
        bottom = 2 * size + 1  # the week numbers under the plot, clear of the "0 mg" label
        top = height - styles.HANDOUT_CHART_DOSE_SIZE - 8  # room for the label on the highest step
        return cls(left=left, right=width - 12, bottom=bottom, top=top, days=7 * weeks, high=ticks[-1])

    def x(self, day: float) -> float:
        return self.left + day / self.days * (self.right - self.left)

    def y(self, mg: Decimal) -> float:
        return self.bottom + float(mg / self.high) * (self.top - self.bottom)


def _text(
    x: float, y: float, text: str, *, size: float, anchor: str, bold: bool = False, colour: Any = None
) -> String:
    return String(
        x,
        y,
        text,
        fontName=styles.CHART_BOLD if bold else styles.CHART_FONT,
        fontSize=size,
        fillColor=colour or styles.MUTED,
        textAnchor=anchor,
    )


def _draw_grid(drawing: Drawing, plot: _ChartPlot, ticks: Sequence[Decimal], week_label: str) -> None:
    """mg lines up the side; week boundaries and numbers along the bottom."""
    size = styles.HANDOUT_CHART_TEXT_SIZE
    for tick in ticks:
        y = plot.y(tick)
        colour = styles.RULE if tick == 0 else styles.CHART_GRID
        drawing.add(Line(plot.left, y, plot.right, y, strokeColor=colour, strokeWidth=styles.HAIRLINE))
        drawing.add(_text(plot.left - 6, y - size / 3, format_mg(tick), size=size, anchor="end"))
    weeks = plot.days // 7
    gap = (plot.right - plot.left) / weeks
    every = 1
    while gap * every < styles.HANDOUT_CHART_MIN_WEEK_GAP:
        every *= 2
    baseline = plot.bottom - size - 6
    drawing.add(_text(plot.left - 6, baseline, week_label, size=size, anchor="end"))
    for week in range(weeks + 1):
        x = plot.x(7 * week)
        drawing.add(
            Line(x, plot.bottom, x, plot.top, strokeColor=styles.CHART_GRID, strokeWidth=styles.HAIRLINE)
        )
        if week < weeks and (week % every == 0):
            drawing.add(_text(x + gap / 2, baseline, str(week + 1), size=size, anchor="middle"))


def _draw_steps(drawing: Drawing, plot: _ChartPlot, steps: Sequence[DoseStep]) -> None:
    """The tinted area under the dose and the step line over it; an open last step fades out."""
    zero = plot.y(Decimal(0))
    closed = [step for step in steps if step.days is not None]
    opened = [step for step in steps if step.days is None]
    line: list[float] = []
    area: list[float] = []
    for step in closed:
        y = plot.y(step.dose_mg)
        line += [plot.x(step.first_day), y, plot.x(step_end(step)), y]
    if closed:
        area = [plot.x(closed[0].first_day), zero, *line, plot.x(step_end(closed[-1])), zero]
        drawing.add(Polygon(area, fillColor=styles.CHART_DOSE_FILL, strokeColor=None, strokeWidth=0))
    for step in opened:
        start, end, y = plot.x(step.first_day), plot.x(step_end(step)), plot.y(step.dose_mg)
        _draw_fading_area(drawing, start, end, zero, y)
        arrow = 8.0
        line += [start, y, end - arrow + 1, y]
        drawing.add(
            Polygon(
                [end - arrow, y + 4.5, end, y, end - arrow, y - 4.5],
                fillColor=styles.ACCENT,
                strokeColor=None,
                strokeWidth=0,
            )
        )
    drawing.add(
        PolyLine(
            line,
            strokeColor=styles.ACCENT,
            strokeWidth=styles.HANDOUT_CHART_LINE_WIDTH,
            strokeLineJoin=0,
            strokeLineCap=0,
        )
    )


def _draw_fading_area(drawing: Drawing, start: float, end: float, zero: float, y: float) -> None:
    slices = 10
    width = (end - start) / slices
    for index in range(slices):
        opacity = 1 - 0.9 * index / (slices - 1)
        drawing.add(
            Rect(
                start + index * width,
                zero,
                width + 0.3,
                y - zero,
                fillColor=styles.CHART_DOSE_FILL,
                fillOpacity=opacity,
                strokeColor=None,
                strokeWidth=0,
            )
        )


def _draw_dose_labels(drawing: Drawing, plot: _ChartPlot, steps: Sequence[DoseStep]) -> None:
    """Each dose written above its step; a label that would collide with the previous one is left out."""
    previous: tuple[float, float, float, float] | None = None
    for step in steps:
        text = format_mg(step.dose_mg)
        x0, x1 = plot.x(step.first_day), plot.x(step_end(step))
        size = styles.HANDOUT_CHART_DOSE_SIZE
        if stringWidth(text, styles.CHART_BOLD, size) > x1 - x0 - 4:
            size = styles.HANDOUT_CHART_TEXT_SIZE
        half = stringWidth(text, styles.CHART_BOLD, size) / 2
        centre = (x0 + x1) / 2
        y = plot.y(step.dose_mg) + 5
        box = (centre - half, centre + half, y, y + size)
        if previous and box[0] < previous[1] + 2 and box[2] < previous[3] and previous[2] < box[3]:
            continue
        drawing.add(_text(centre, y, text, size=size, anchor="middle", bold=True, colour=styles.ACCENT))
        previous = box


# --- follow-ups, wallet card, sources, notice -------------------------------------------------------


def _followups(followups: Sequence[tuple[str, str]], labels: Mapping[str, str]) -> list[Flowable]:
    """The dates only: the handout's own text gives the heading above the block."""
    if not followups:
        return [_plain(labels["followups_none"], styles.HANDOUT_BODY)]
    rows = [
        [_plain(day, styles.HANDOUT_CELL_BOLD), _plain(what, styles.HANDOUT_CELL)] for day, what in followups
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


def _wallet_card(lines: Sequence[str], labels: Mapping[str, str]) -> Flowable:
    """The card and a scissors mark; the handout's own text says to cut it out."""
    mark = _plain(SCISSORS, styles.HANDOUT_CUT_NOTE)
    return KeepTogether([Spacer(1, 6), WalletCardBox(lines), mark, Spacer(1, styles.HANDOUT_GAP)])


class WalletCardBox(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A dashed, round-cornered card of credit-card size, the first line bold. The text never
    shrinks below the body size: a card with more lines than fit grows taller instead."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__()
        padding = styles.HANDOUT_CARD_PADDING
        self.paragraphs = [
            _para(line, styles.HANDOUT_CARD_TITLE if index == 0 else styles.HANDOUT_CARD_LINE)
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


def _sources(sources: Sequence[str], labels: Mapping[str, str]) -> list[Flowable]:
    if not sources:
        return []
    title = _plain(labels["sources"], styles.HANDOUT_SOURCES_TITLE)
    items = [
        Paragraph(escape(source), styles.HANDOUT_SOURCE, bulletText=f"{n}.")
        for n, source in enumerate(sources, 1)
    ]
    return [title, *items]


def _notice(blocks: Sequence[Block]) -> list[Flowable]:
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
        return [_para(block.text, styles.HANDOUT_NOTICE_HEADING)]
    if isinstance(block, ItemList):
        return [
            Paragraph(
                markup(item), styles.HANDOUT_NOTICE_BULLET, bulletText=f"{n}." if block.numbered else BULLET
            )
            for n, item in enumerate(block.items, start=1)
        ]
    if isinstance(block, TextParagraph):
        return [_para(block.text, styles.HANDOUT_NOTICE_BODY)]
    return []


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
