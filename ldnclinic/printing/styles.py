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
