"""Look of every printed document, as data: page geometry, colours, fonts, paragraph styles.

Document modules only arrange flowables; sizes, colours and spacing are chosen here so the
prescription, the fax cover and later documents share one quiet, consistent house style.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch

from ldnclinic.printing.fonts import SANS, SANS_BOLD, SANS_OBLIQUE


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """A page and its margins, in points; the footer sits inside the bottom margin."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    footer_baseline: float

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


LETTER_PAGE = PageGeometry(
    width=LETTER[0],
    height=LETTER[1],
    left=0.6 * inch,
    right=0.6 * inch,
    top=0.5 * inch,
    bottom=0.7 * inch,
    footer_baseline=0.4 * inch,
)

# Colours: dark ink for what a pharmacist must read, one accent, grey for labels and rules.
INK = colors.HexColor("#1B1F24")
ACCENT = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#5C6673")
RULE = colors.HexColor("#C3CBD4")
TINT = colors.HexColor("#F1F4F8")
ZEBRA = colors.HexColor("#F7F9FB")
ALERT = colors.HexColor("#A01C1C")
ALERT_TINT = colors.HexColor("#FBECEC")
WATERMARK = colors.HexColor("#B22222")
WATERMARK_ALPHA = 0.14
WHITE = colors.white

# Line widths and fixed sizes.
HAIRLINE = 0.5
RULE_WIDTH = 0.75
BAND_RULE_WIDTH = 1.6
QR_SIZE = 0.9 * inch
SIGNATURE_LINE_WIDTH = 3.1 * inch
SIGNATURE_SPACE = 0.42 * inch  # room above the line for the wet signature

# Spacing: between the blocks of a page, inside the cards, the medication block's margins.
BLOCK_GAP = 7.0
CARD_PADDING = 6.5
MEDICATION_PADDING = 9.0
RX_COLUMN = 0.62 * inch  # the "Rx" hangs in its own column left of the drug
SERIAL_COLUMN = 2.1 * inch  # the serial number block in the header, left of the QR code
FAX_GAP = 14.0
FAX_PADDING = 9.0
FAX_TITLE_COLUMN = 2.2 * inch
FAX_NOTE_ROOM = 1.6 * inch  # blank space in the note box for a handwritten line or two

# Microprint: text this small prints as a plain line and blurs on a photocopy.
MICROPRINT_SIZE = 0.9
MICROPRINT_FONT = SANS_BOLD
MICROPRINT_TEXT = "ORIGINAL PRESCRIPTION LDNCLINIC"

# Fonts by role (all embedded DejaVu; never a standard PDF font).
BASE_FONT = SANS  # the canvas's starting font and any plain table cell
WATERMARK_FONT = SANS_BOLD
FOOTER_FONT = SANS
FOOTER_SIZE = 7.5


def _style(name: str, **values: object) -> ParagraphStyle:
    defaults: dict[str, object] = {"fontName": SANS, "fontSize": 9, "leading": 11.5, "textColor": INK}
    return ParagraphStyle(name, **(defaults | values))


# Header band.
CLINIC_NAME = _style("clinic-name", fontName=SANS_BOLD, fontSize=16, leading=19.5, textColor=ACCENT)
CLINIC_LINE = _style("clinic-line", fontSize=8.8, leading=11.5, textColor=INK)
SERIAL_LABEL = _style(
    "serial-label", fontSize=6.8, leading=8.5, textColor=MUTED, alignment=TA_RIGHT, spaceBefore=1
)
SERIAL = _style("serial", fontName=SANS_BOLD, fontSize=13.5, leading=16.5, textColor=INK, alignment=TA_RIGHT)
SERIAL_DATE = _style("serial-date", fontSize=9, leading=11.5, textColor=INK, alignment=TA_RIGHT)
BANNER = _style("banner", fontName=SANS_BOLD, fontSize=10, leading=13, textColor=ALERT, alignment=TA_CENTER)

# Labelled cards (patient, prescriber, pharmacy) and the medication block.
LABEL = _style("label", fontName=SANS_BOLD, fontSize=6.8, leading=9, textColor=MUTED, spaceAfter=1)
CARD_NAME = _style("card-name", fontName=SANS_BOLD, fontSize=10.5, leading=13)
CARD_LINE = _style("card-line", fontSize=8.8, leading=11.2)
RX_SYMBOL = _style("rx-symbol", fontName=SANS_BOLD, fontSize=24, leading=26, textColor=ACCENT)
DRUG = _style("drug", fontName=SANS_BOLD, fontSize=15, leading=18.5, textColor=INK)
DRUG_DETAIL = _style("drug-detail", fontSize=9.5, leading=12.5)
FIGURE = _style("figure", fontName=SANS_BOLD, fontSize=11, leading=14)
BODY = _style("body", fontSize=9, leading=12)
STEP_CELL = _style("step-cell", fontSize=8.3, leading=10)
STEP_NUMBER = _style("step-number", fontSize=8.3, leading=10, textColor=MUTED, alignment=TA_RIGHT)

# Signature and the fine print.
SIGNATURE_NAME = _style("signature-name", fontName=SANS_BOLD, fontSize=10, leading=12.5, alignment=TA_LEFT)
SIGNATURE_CAPTION = _style("signature-caption", fontSize=7, leading=9, textColor=MUTED)
LEGEND_TITLE = _style("legend-title", fontName=SANS_BOLD, fontSize=7, leading=9, textColor=ACCENT)
LEGEND = _style("legend", fontSize=7, leading=9, textColor=MUTED)


@dataclass(frozen=True)
class RxLook:
    """The prescription's type and spacing below the header. The regular look suits an
    ordinary script; a long one (many dose steps, a long note) is set in the compact look,
    which keeps every text a pharmacist or the law needs at 8 pt or more, so that it still
    prints on one page."""

    name: str
    block_gap: float
    card_padding: float
    medication_padding: float
    card_name: ParagraphStyle
    card_line: ParagraphStyle
    drug: ParagraphStyle
    drug_detail: ParagraphStyle
    figure: ParagraphStyle
    body: ParagraphStyle
    step_cell: ParagraphStyle
    step_number: ParagraphStyle
    step_padding: float
    signature_space: float
    schedule_columns: int  # the titration schedule side by side in this many columns
    inline_labels: bool = False  # "DIRECTIONS" at the start of its text, not on a line above
    rx_symbol: ParagraphStyle = RX_SYMBOL


RX_REGULAR = RxLook(
    name="regular",
    block_gap=BLOCK_GAP,
    card_padding=CARD_PADDING,
    medication_padding=MEDICATION_PADDING,
    card_name=CARD_NAME,
    card_line=CARD_LINE,
    drug=DRUG,
    drug_detail=DRUG_DETAIL,
    figure=FIGURE,
    body=BODY,
    step_cell=STEP_CELL,
    step_number=STEP_NUMBER,
    step_padding=1.0,
    signature_space=SIGNATURE_SPACE,
    schedule_columns=1,
)
COMPACT_MIN_SIZE = 8.0  # nothing a pharmacist or the law needs is set smaller
RX_COMPACT = RxLook(
    name="compact",
    block_gap=4.5,
    card_padding=4.5,
    medication_padding=6.0,
    card_name=_style("card-name-compact", fontName=SANS_BOLD, fontSize=9.5, leading=11.5),
    card_line=_style("card-line-compact", fontSize=8, leading=9.8),
    drug=_style("drug-compact", fontName=SANS_BOLD, fontSize=12.5, leading=15),
    drug_detail=_style("drug-detail-compact", fontSize=8, leading=9.8),
    figure=_style("figure-compact", fontName=SANS_BOLD, fontSize=9.5, leading=11.5),
    body=_style("body-compact", fontSize=8, leading=9.5),
    step_cell=_style("step-cell-compact", fontSize=8, leading=9.4),
    step_number=_style("step-number-compact", fontSize=8, leading=9.4, textColor=MUTED, alignment=TA_RIGHT),
    step_padding=0.6,
    signature_space=0.38 * inch,
    schedule_columns=2,
    inline_labels=True,
    rx_symbol=_style("rx-symbol-compact", fontName=SANS_BOLD, fontSize=19, leading=21, textColor=ACCENT),
)

# Fax cover.
FAX_TITLE = _style("fax-title", fontName=SANS_BOLD, fontSize=30, leading=34, textColor=ACCENT)
FAX_CLINIC = _style(
    "fax-clinic", fontName=SANS_BOLD, fontSize=14, leading=17, textColor=ACCENT, alignment=TA_RIGHT
)
FAX_CLINIC_LINE = _style("fax-clinic-line", fontSize=9, leading=12, alignment=TA_RIGHT)
FAX_NAME = _style("fax-name", fontName=SANS_BOLD, fontSize=12, leading=15)
FAX_FIELD = _style("fax-field", fontSize=10, leading=13.5)
FAX_NOTE = _style("fax-note", fontSize=10.5, leading=14.5)
NOTICE = _style("notice", fontName=SANS_OBLIQUE, fontSize=8.5, leading=11.5, textColor=INK)

# --- the follow-up documents: call list (landscape), visit summary, outcome chart ----------

LETTER_LANDSCAPE = PageGeometry(
    width=LETTER[1],
    height=LETTER[0],
    left=0.5 * inch,
    right=0.5 * inch,
    top=0.5 * inch,
    bottom=0.65 * inch,
    footer_baseline=0.38 * inch,
)

# Call list: column widths in points (the landscape frame is 10 in = 720 pt); Notes takes the rest.
CALL_COLUMNS: dict[str, float] = {
    "Date": 50.0,
    "Type": 70.0,
    "Patient": 132.0,
    "Phone": 76.0,
    "Assignee": 68.0,
    "Reason": 148.0,
    "Attempts": 80.0,
}
CALL_CELL_PADDING = 4.0
NOTES_RULE_PITCH = 15.0  # room per handwritten line in the Notes column
NOTES_MIN_LINES = 2
NOTES_RULE = colors.HexColor("#9AA5B1")
CALL_GROUP_GAP = 10.0
# embeddedHyphenation: a long double-barrelled name breaks after its hyphen, not mid-word.
CALL_TITLE = _style("call-title", fontName=SANS_BOLD, fontSize=17, leading=21, textColor=ACCENT)
CALL_SCOPE = _style("call-scope", fontSize=9.5, leading=12.5)
CALL_STAMP = _style("call-stamp", fontSize=8.5, leading=11.5, textColor=MUTED, alignment=TA_RIGHT)
CALL_CLINIC = _style(
    "call-clinic", fontName=SANS_BOLD, fontSize=11, leading=14, textColor=ACCENT, alignment=TA_RIGHT
)
CALL_COUNTS = _style("call-counts", fontSize=9, leading=12, textColor=INK)
CALL_GROUP = _style("call-group", fontName=SANS_BOLD, fontSize=10.5, leading=13, textColor=WHITE)
CALL_HEADER = _style("call-header", fontName=SANS_BOLD, fontSize=7.5, leading=9.5, textColor=ACCENT)
CALL_CELL = _style("call-cell", fontSize=8.5, leading=10.5, embeddedHyphenation=1)
CALL_CELL_BOLD = _style(
    "call-cell-bold", fontName=SANS_BOLD, fontSize=8.5, leading=10.5, embeddedHyphenation=1
)
CALL_CELL_SMALL = _style("call-cell-small", fontSize=7.8, leading=10)
CALL_CELL_MUTED = _style("call-cell-muted", fontSize=7.5, leading=9.5, textColor=MUTED)
CALL_EMPTY = _style("call-empty", fontName=SANS_BOLD, fontSize=12, leading=16, textColor=INK, spaceBefore=18)

# Visit summary: body text at 10 pt for reading, headings in the accent colour.
SUMMARY_GAP = 9.0
SUMMARY_CHART_HEIGHT = 4.1 * inch  # at most; less (down to the minimum) to fit the room left on a page
SUMMARY_CHART_MIN_HEIGHT = 3.1 * inch
SUMMARY_CHART_EMPTY_HEIGHT = 0.6 * inch  # just the box saying nothing is recorded yet
SUMMARY_TITLE = _style(
    "summary-title", fontName=SANS_BOLD, fontSize=15, leading=19, textColor=ACCENT, alignment=TA_RIGHT
)
SUMMARY_TITLE_SHARE = 0.56  # of the header's width: room for "Visit summary for the patient" on one line
SUMMARY_DATE = _style("summary-date", fontSize=10, leading=13, alignment=TA_RIGHT)
SUMMARY_HEADING = _style(
    "summary-heading",
    fontName=SANS_BOLD,
    fontSize=11,
    leading=14,
    textColor=ACCENT,
    spaceBefore=10,
    spaceAfter=3,
    keepWithNext=1,
)
SUMMARY_SUBHEADING = _style(
    "summary-subheading",
    fontName=SANS_BOLD,
    fontSize=10,
    leading=13,
    spaceBefore=6,
    spaceAfter=1,
    keepWithNext=1,
)
SUMMARY_BODY = _style("summary-body", fontSize=10, leading=13.5, spaceAfter=4)
SUMMARY_FIELD = _style("summary-field", fontSize=10, leading=13.5)
SUMMARY_LABEL = _style("summary-label", fontName=SANS_BOLD, fontSize=8.5, leading=13.5, textColor=MUTED)
SUMMARY_CELL = _style("summary-cell", fontSize=10, leading=13)
SUMMARY_CELL_HEADER = _style(
    "summary-cell-header", fontName=SANS_BOLD, fontSize=8, leading=10, textColor=ACCENT
)
SUMMARY_LABEL_COLUMN = 1.45 * inch
SUMMARY_NAME = _style("summary-name", fontName=SANS_BOLD, fontSize=12, leading=15)
SUMMARY_EMPTY = _style("summary-empty", fontName=SANS_OBLIQUE, fontSize=10, leading=13.5, textColor=MUTED)
SUMMARY_SIGNED = _style("summary-signed", fontSize=10, leading=13, textColor=INK)
SUMMARY_ADDENDUM_BY = _style(
    "summary-addendum-by",
    fontName=SANS_BOLD,
    fontSize=9.5,
    leading=12.5,
    textColor=MUTED,
    spaceBefore=4,
    keepWithNext=1,
)
DRAFT_WATERMARK = "DRAFT - NOT SIGNED"

# Outcome chart: one time axis; the symptom, global-impression, condition and dose panels stacked.
CHART_FONT = SANS
CHART_BOLD = SANS_BOLD
CHART_TEXT_SIZE = 7.0
CHART_TITLE_SIZE = 7.5
CHART_LEGEND_SIZE = 7.5
CHART_MESSAGE_SIZE = 10.0
CHART_GRID = colors.HexColor("#E4E9EF")
CHART_FRAME = RULE
CHART_AXIS_TEXT = MUTED
CHART_LINE_WIDTH = 1.2
CHART_DOSE_WIDTH = 1.8
CHART_DOSE_FILL = colors.HexColor("#E3EAF3")
CHART_MARKER_SIZE = 4.6
CHART_MIN_MARKER_SIZE = 2.6
CHART_AXIS_ROOM = 40.0  # left of the panels: the value labels
CHART_RIGHT_ROOM = 14.0
CHART_TITLE_ROOM = 11.0  # above each panel: its title
CHART_DATE_ROOM = 21.0  # under the panels: dates, and the year under the first date of each year
CHART_PANEL_GAP = 5.0
CHART_LEGEND_ROW = 12.0
CHART_LEGEND_SAMPLE = 20.0
CHART_INSET = 5.0  # the lowest and highest values sit this far inside a panel
CHART_MIN_DATE_GAP = 46.0  # the date labels are at least this far apart
CHART_MIN_TICK_GAP = 9.0  # and the value labels at least this far


@dataclass(frozen=True, slots=True)
class SeriesLook:
    """How one line reads in colour and in black and white: colour, marker, dash and fill."""

    colour: colors.Color
    marker: str  # circle, square, triangle, diamond, cross, plus
    dash: tuple[float, ...] | None  # None: a solid line
    filled: bool


# Okabe-Ito colours (safe for colour-blind readers), each with its own marker and dash.
CHART_LOOKS: dict[str, SeriesLook] = {
    "pain": SeriesLook(colors.HexColor("#C4451C"), "circle", None, filled=True),
    "fatigue": SeriesLook(colors.HexColor("#0067A5"), "square", (4.0, 2.0), filled=False),
    "sleep": SeriesLook(colors.HexColor("#007F5F"), "triangle", (1.2, 1.8), filled=True),
    "mood": SeriesLook(colors.HexColor("#A3488A"), "diamond", (6.0, 2.0, 1.2, 2.0), filled=False),
    "pgic": SeriesLook(colors.HexColor("#8A5A00"), "cross", None, filled=True),
    "condition": SeriesLook(colors.HexColor("#3D3D3D"), "plus", (3.0, 1.5), filled=True),
}
CHART_DOSE_LOOK = SeriesLook(ACCENT, "none", None, filled=True)

# --- patient-education handouts: calm, large type for patients ----------------------------------
# Body text never below 11 pt, with generous leading; the Texas Medical Board complaint notice
# must be at least 10 pt by law, and is set a little larger. Only the sources and the page
# furniture are smaller.
HANDOUT_GAP = 8.0
HANDOUT_RULE_GAP = 10.0  # under the accent rule that closes the header
HANDOUT_CLINIC = _style("handout-clinic", fontName=SANS_BOLD, fontSize=10, leading=13, textColor=MUTED)
HANDOUT_TITLE = _style(
    "handout-title", fontName=SANS_BOLD, fontSize=22, leading=27, textColor=ACCENT, spaceBefore=2
)
HANDOUT_PREPARED = _style("handout-prepared", fontSize=11, leading=15, textColor=MUTED, spaceBefore=3)
HANDOUT_HEADING = _style(
    "handout-heading",
    fontName=SANS_BOLD,
    fontSize=15,
    leading=19,
    textColor=ACCENT,
    spaceBefore=14,
    spaceAfter=5,
    keepWithNext=1,
)
HANDOUT_SUBHEADING = _style(
    "handout-subheading",
    fontName=SANS_BOLD,
    fontSize=12.5,
    leading=16,
    textColor=INK,
    spaceBefore=10,
    spaceAfter=3,
    keepWithNext=1,
)
HANDOUT_BODY = _style("handout-body", fontSize=11.5, leading=16.5, spaceAfter=7)
# Lists hang: the bullet (or number) sits in the indent, wrapped lines align with the text.
HANDOUT_BULLET = _style(
    "handout-bullet",
    fontSize=11.5,
    leading=16.5,
    leftIndent=20,
    bulletIndent=5,
    bulletFontName=SANS,
    bulletFontSize=11.5,
    bulletColor=ACCENT,
    spaceAfter=3,
)
HANDOUT_NUMBERED = _style(
    "handout-numbered",
    fontSize=11.5,
    leading=16.5,
    leftIndent=22,
    bulletIndent=2,
    bulletFontName=SANS_BOLD,
    bulletFontSize=11.5,
    bulletColor=ACCENT,
    spaceAfter=3,
)
HANDOUT_LIST_END = 4.0  # extra room after the last item of a list

# The dose schedule table: column shares of the frame width (From, To, Daily dose, How much).
HANDOUT_SCHEDULE_COLUMNS = (0.28, 0.28, 0.18, 0.26)
HANDOUT_CELL = _style("handout-cell", fontSize=11, leading=14)
HANDOUT_CELL_BOLD = _style("handout-cell-bold", fontName=SANS_BOLD, fontSize=11, leading=14)
HANDOUT_CELL_HEADER = _style(
    "handout-cell-header", fontName=SANS_BOLD, fontSize=11, leading=14, textColor=WHITE
)
HANDOUT_CELL_PADDING = 5.0

# The step chart of the daily dose, with the weeks along the bottom.
HANDOUT_CHART_WIDTH = 6.5 * inch
HANDOUT_CHART_HEIGHT = 2.2 * inch
HANDOUT_CHART_TITLE = _style(
    "handout-chart-title",
    fontName=SANS_BOLD,
    fontSize=12,
    leading=15,
    textColor=INK,
    spaceBefore=6,
    spaceAfter=4,
)
HANDOUT_CHART_TEXT_SIZE = 9.5  # axis labels
HANDOUT_CHART_DOSE_SIZE = 10.5  # the dose written on each step
HANDOUT_CHART_LINE_WIDTH = 2.2
HANDOUT_CHART_OPEN_WEEKS = 2  # the last, open-ended step is drawn this long, fading, with an arrow
HANDOUT_CHART_MAX_TICKS = 5  # at most this many mg intervals up the side
HANDOUT_CHART_MIN_WEEK_GAP = 18.0  # week numbers at least this far apart (else every 2nd, 4th ...)

# The next follow-ups: the date column, then what the visit is for.
HANDOUT_FOLLOWUP_DATE_COLUMN = 2.5 * inch  # "30 de septiembre de 2026" in bold on one line

# The wallet card: credit-card proportions, dashed for cutting out.
HANDOUT_CARD_WIDTH = 3.4 * inch
HANDOUT_CARD_HEIGHT = 2.1 * inch
HANDOUT_CARD_PADDING = 10.0
HANDOUT_CARD_DASH = (4.0, 3.0)
HANDOUT_CARD_RADIUS = 8.0
HANDOUT_CARD_TITLE = _style("handout-card-title", fontName=SANS_BOLD, fontSize=12, leading=15, spaceAfter=3)
HANDOUT_CARD_LINE = _style("handout-card-line", fontSize=11, leading=14, spaceAfter=2)
HANDOUT_CUT_NOTE = _style(
    "handout-cut-note", fontName=SANS_OBLIQUE, fontSize=10, leading=13, textColor=MUTED, spaceBefore=4
)

# Sources of a condition note: small, at the end of the handout.
HANDOUT_SOURCES_TITLE = _style(
    "handout-sources-title",
    fontName=SANS_BOLD,
    fontSize=10,
    leading=13,
    textColor=MUTED,
    spaceBefore=12,
    spaceAfter=2,
    keepWithNext=1,
)
HANDOUT_SOURCE = _style(
    "handout-source",
    fontSize=9.5,
    leading=12.5,
    textColor=MUTED,
    leftIndent=16,
    bulletIndent=0,
    bulletFontName=SANS,
    bulletFontSize=9.5,
    spaceAfter=2,
)

# The notice that ends every handout: clinic contact and the Texas Medical Board complaint
# notice, in a light band; never below 10 pt (the law's minimum for the complaint notice).
HANDOUT_NOTICE_GAP = 16.0
HANDOUT_NOTICE_PADDING = 10.0
HANDOUT_NOTICE_HEADING = _style(
    "handout-notice-heading",
    fontName=SANS_BOLD,
    fontSize=12,
    leading=15,
    textColor=ACCENT,
    spaceBefore=6,
    spaceAfter=3,
    keepWithNext=1,
)
HANDOUT_NOTICE_BODY = _style("handout-notice-body", fontSize=10.5, leading=14.5, spaceAfter=4)
HANDOUT_NOTICE_BULLET = _style(
    "handout-notice-bullet",
    fontSize=10.5,
    leading=14.5,
    leftIndent=16,
    bulletIndent=3,
    bulletFontName=SANS,
    bulletFontSize=10.5,
    bulletColor=ACCENT,
    spaceAfter=1.5,
)
