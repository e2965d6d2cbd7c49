"""The visit summary: one telemedicine visit note on US Letter, for the chart or for the patient.

Top to bottom: the clinic and the title; a red DRAFT band (and a DRAFT watermark on every
page) until the note is signed, else the signed line; the patient and the visit; the
medication, adherence and side effects; the outcome measures as a table and the outcome
chart; the SOAP note and the decision; then the addenda, each with its author and time,
after the original text, which is never changed. The patient's copy leaves out the
objective and assessment sections. Empty fields read "Not recorded", never a bare label.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from ldnclinic.domain.followups.documents import AddendumText, VisitSummaryDocument
from ldnclinic.domain.prescriptions.doses import format_amount, format_mg
from ldnclinic.domain.visits.note import PGIC_LABELS, Measure, SideEffect, VisitStatus
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.outcome_chart import outcome_drawing
from ldnclinic.printing.styles import LETTER_PAGE as PAGE
from ldnclinic.printing.templates import (
    DOT,
    PageFurniture,
    document_template,
    full_width_table,
    furnished_canvas,
    labelled,
    paragraph,
    printed_stamp,
    us_date,
)

NOT_RECORDED = "Not recorded"
DRAFT_TEXT = "DRAFT — not signed. This note may still change; it is not part of the signed record yet."
CHART_TITLE = "Visit summary"
PATIENT_TITLE = "Visit summary for the patient"
TABLE_MEASURES = (Measure.PAIN, Measure.FATIGUE, Measure.SLEEP, Measure.MOOD, Measure.PGIC)
GAP = styles.SUMMARY_GAP


def render_visit_summary(doc: VisitSummaryDocument, *, invariant: bool = False) -> bytes:
    """The visit summary as PDF bytes; `invariant` gives the same bytes for the same input."""
    register_fonts()
    buffer = BytesIO()
    template = document_template(
        buffer,
        PAGE,
        title=f"{title(doc)}: {doc.patient_name}, {us_date(doc.visit_at.date())}",
        author=doc.clinic.name,
        subject=f"{doc.modality.label} visit on {us_date(doc.visit_at.date())} ({doc.status.label.lower()})",
        invariant=invariant,
    )
    template.build(_story(doc), canvasmaker=furnished_canvas(_furniture(doc)))
    return buffer.getvalue()


def title(doc: VisitSummaryDocument) -> str:
    return PATIENT_TITLE if doc.for_patient else CHART_TITLE


def moment(value: datetime) -> str:
    """ "12/01/2026 10:05 AM CST" (the zone's abbreviation only when the time knows it)."""
    clock = f"{value.hour % 12 or 12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"
    zone = value.tzname()
    return f"{us_date(value.date())} {clock}" + (f" {zone}" if zone else "")


def status_line(doc: VisitSummaryDocument) -> str:
    """ "Signed by Elena García, MD on 12/01/2026 10:40 AM CST", or the DRAFT text."""
    if doc.status is not VisitStatus.SIGNED:
        return DRAFT_TEXT
    by = f" by {doc.signed_by}" if doc.signed_by else ""
    when = f" on {moment(doc.signed_at)}" if doc.signed_at else ""
    return f"Signed{by}{when}"


def side_effects_text(doc: VisitSummaryDocument) -> str:
    """ "Vivid dreams, Headache, Other: dry mouth"; "None reported" when the list is empty."""
    if not doc.side_effects:
        return "None reported"
    names = []
    for effect in doc.side_effects:
        other = doc.side_effect_other.strip()
        names.append(f"Other: {other}" if effect is SideEffect.OTHER and other else effect.label)
    return ", ".join(names)


def _furniture(doc: VisitSummaryDocument) -> PageFurniture:
    return PageFurniture(
        geometry=PAGE,
        # One line on the left: a long name in a centred part would run into the print time.
        footer_left=(
            f"{doc.patient_name}{DOT}MRN {doc.mrn}{DOT}Visit {us_date(doc.visit_at.date())}"
            f"{DOT}{printed_stamp(doc.printed_at)}"
        ),
        watermark=None if doc.status is VisitStatus.SIGNED else styles.DRAFT_WATERMARK,
    )


def _story(doc: VisitSummaryDocument) -> list[Any]:
    story: list[Any] = [_header(doc), Spacer(1, GAP), _status(doc), Spacer(1, GAP), _parties(doc)]
    story += [_heading("Medication"), _medication(doc)]
    story += [_heading("Outcome measures"), _outcome_table(doc)]
    story += _chart(doc)
    story += _note(doc)
    story += _addenda(doc.addenda)
    return story


# --- header, status, patient and visit --------------------------------------------------------


def _header(doc: VisitSummaryDocument) -> Any:
    clinic = doc.clinic
    contact = f"Phone {clinic.phone}" + (f"{DOT}Fax {clinic.fax}" if clinic.fax else "")
    left = [
        paragraph(clinic.name, styles.CLINIC_NAME),
        paragraph(clinic.address, styles.CLINIC_LINE),
        paragraph(contact, styles.CLINIC_LINE),
    ]
    right = [
        paragraph(title(doc), styles.SUMMARY_TITLE),
        paragraph(f"Visit of {us_date(doc.visit_at.date())}", styles.SUMMARY_DATE),
    ]
    right_width = PAGE.frame_width * styles.SUMMARY_TITLE_SHARE
    return full_width_table(
        [[left, right]],
        [PAGE.frame_width - right_width, right_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 0), (-1, 0), styles.BAND_RULE_WIDTH, styles.ACCENT),
        ],
    )


def _status(doc: VisitSummaryDocument) -> Any:
    """A red band for a draft; a quiet ruled line for a signed note."""
    if doc.status is not VisitStatus.SIGNED:
        commands = [
            ("BACKGROUND", (0, 0), (-1, -1), styles.ALERT_TINT),
            ("BOX", (0, 0), (-1, -1), styles.RULE_WIDTH, styles.ALERT),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        return full_width_table([[paragraph(DRAFT_TEXT, styles.BANNER)]], [PAGE.frame_width], commands)
    text = f"<b>{escape(status_line(doc))}</b>{DOT}{labelled('Written by', doc.author)}"
    commands = [
        ("LINEBEFORE", (0, 0), (0, 0), 3, styles.ACCENT),
        ("BACKGROUND", (0, 0), (-1, -1), styles.TINT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    return full_width_table([[Paragraph(text, styles.SUMMARY_SIGNED)]], [PAGE.frame_width], commands)


def _parties(doc: VisitSummaryDocument) -> Any:
    born = us_date(doc.date_of_birth) if doc.date_of_birth else NOT_RECORDED
    patient = [
        paragraph("PATIENT", styles.LABEL),
        paragraph(doc.patient_name, styles.SUMMARY_NAME),
        Paragraph(labelled("DOB", born), styles.SUMMARY_FIELD),
        Paragraph(labelled("MRN", doc.mrn), styles.SUMMARY_FIELD),
    ]
    consent = "Confirmed" if doc.consent_confirmed else "Not confirmed"
    visit = [
        paragraph("VISIT", styles.LABEL),
        paragraph(moment(doc.visit_at), styles.SUMMARY_NAME),
        Paragraph(f"{labelled('Modality', doc.modality.label)}", styles.SUMMARY_FIELD),
        Paragraph(labelled("Patient located in", doc.location.strip() or NOT_RECORDED), styles.SUMMARY_FIELD),
        Paragraph(labelled("Consent to telemedicine", consent), styles.SUMMARY_FIELD),
    ]
    half = (PAGE.frame_width - GAP) / 2
    return full_width_table(
        [[patient, "", visit]],
        [half, GAP, half],
        [
            ("BOX", (0, 0), (0, 0), styles.HAIRLINE, styles.RULE),
            ("BOX", (2, 0), (2, 0), styles.HAIRLINE, styles.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), styles.CARD_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), styles.CARD_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), styles.CARD_PADDING - 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), styles.CARD_PADDING),
        ],
    )


# --- medication and outcomes ---------------------------------------------------------------------


def _medication(doc: VisitSummaryDocument) -> Any:
    dose = format_mg(doc.current_dose_mg) if doc.current_dose_mg is not None else None
    rows = [
        ("Medication", doc.medication),
        ("Current dose", dose),
        ("Adherence", doc.adherence.label if doc.adherence else None),
        ("Side effects", side_effects_text(doc)),
    ]
    return _fields(rows)


def _fields(rows: list[tuple[str, str | None]]) -> Any:
    """Label and value rows; a missing value reads "Not recorded"."""
    cells = [[paragraph(label.upper(), styles.SUMMARY_LABEL), _value(value)] for label, value in rows]
    width = styles.SUMMARY_LABEL_COLUMN
    return full_width_table(
        cells,
        [width, PAGE.frame_width - width],
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ],
    )


def _value(value: str | None) -> Paragraph:
    if value is None or not value.strip():
        return paragraph(NOT_RECORDED, styles.SUMMARY_EMPTY)
    return paragraph(value, styles.SUMMARY_FIELD)


def _outcome_table(doc: VisitSummaryDocument) -> Any:
    header = [paragraph(text, styles.SUMMARY_CELL_HEADER) for text in ("MEASURE", "THIS VISIT", "READING")]
    rows = [_outcome_row(doc, measure) for measure in TABLE_MEASURES]
    if doc.scores.condition is not None:
        name = doc.scores.condition_name or doc.outcomes.condition_name
        label = Measure.CONDITION.label + (f": {name}" if name else "")
        rows.append([paragraph(label, styles.SUMMARY_CELL), _value(format_amount(doc.scores.condition)), ""])
    widths = [PAGE.frame_width * 0.42, PAGE.frame_width * 0.2, PAGE.frame_width * 0.38]
    commands: list[tuple[Any, ...]] = [
        ("LINEBELOW", (0, 0), (-1, 0), styles.RULE_WIDTH, styles.ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), styles.HAIRLINE, styles.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("BACKGROUND", (0, row), (-1, row), styles.ZEBRA) for row in range(2, len(rows) + 1, 2)]
    return full_width_table([header, *rows], widths, commands)


def _outcome_row(doc: VisitSummaryDocument, measure: Measure) -> list[Any]:
    value = doc.scores.value(measure)
    name = paragraph(measure.label, styles.SUMMARY_CELL)
    if value is None:
        return [name, _value(None), ""]
    if measure is Measure.PGIC:
        reading = PGIC_LABELS.get(int(value), "")
    else:
        reading = "Higher is better" if measure.higher_is_better else "Lower is better"
    return [name, _value(format_amount(value)), paragraph(reading, styles.SUMMARY_CELL)]


def _chart(doc: VisitSummaryDocument) -> list[Flowable]:
    """The chart at the height that fits; with nothing recorded, a small box that says so."""

    def drawing(height: float) -> Any:
        return outcome_drawing(
            doc.outcomes, today=doc.printed_at.date(), width=PAGE.frame_width, height=height
        )

    heading = _heading("Outcomes over time")
    if doc.outcomes.is_empty:
        return [heading, drawing(styles.SUMMARY_CHART_EMPTY_HEIGHT)]
    return [ChartBlock(heading, drawing)]


class ChartBlock(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A heading and the outcome chart under it, as tall as the room left on the page allows.

    The chart shrinks (not below the minimum) to fill the rest of a page rather than leave a
    gap; with less room than the minimum, the block goes to the next page at full height.
    """

    def __init__(self, heading: Paragraph, drawing: Callable[[float], Any]) -> None:
        super().__init__()
        self.heading = heading
        self.make_drawing = drawing
        self.heading_height = 0.0
        self.drawing: Any = None

    def getSpaceBefore(self) -> float:
        return float(self.heading.getSpaceBefore())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.heading_height = self.heading.wrap(available_width, available_height)[1]
        below = self.heading_height + self.heading.getSpaceAfter()
        room = available_height - below - 1
        high, low = styles.SUMMARY_CHART_HEIGHT, styles.SUMMARY_CHART_MIN_HEIGHT
        self.drawing = self.make_drawing(min(high, room) if room >= low else high)
        return available_width, below + self.drawing.height

    def draw(self) -> None:
        total = self.heading_height + self.heading.getSpaceAfter() + self.drawing.height
        self.heading.drawOn(self.canv, 0, total - self.heading_height)
        self.drawing.drawOn(self.canv, 0, 0)


# --- the note, the decision, the addenda ---------------------------------------------------------


def _note(doc: VisitSummaryDocument) -> list[Any]:
    sections = [("Subjective", doc.subjective)]
    if not doc.for_patient:
        sections += [("Objective", doc.objective), ("Assessment", doc.assessment)]
    sections.append(("Plan", doc.plan))
    story: list[Any] = [_heading("Visit note")]
    for name, text in sections:
        story += [_subheading(name), *_text_block(text)]
    story += [_subheading("Decision"), _value(doc.decision.label if doc.decision else None)]
    return story


def _addenda(addenda: tuple[AddendumText, ...]) -> list[Any]:
    if not addenda:
        return []
    story: list[Any] = [_heading("Addenda")]
    for number, addendum in enumerate(addenda, start=1):
        by = f"Addendum {number}{DOT}{addendum.author}{DOT}{moment(addendum.written_at)}"
        story += [_subheading(by, styles.SUMMARY_ADDENDUM_BY), *_text_block(addendum.text)]
    return story


def _text_block(text: str) -> list[Paragraph]:
    """Typed text as paragraphs: a blank line starts a new paragraph, a line break is kept."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    blocks = [block for block in blocks if block]
    if not blocks:
        return [_value(None)]
    return [Paragraph(escape(block).replace("\n", "<br/>"), styles.SUMMARY_BODY) for block in blocks]


def _heading(text: str) -> Paragraph:
    return paragraph(text, styles.SUMMARY_HEADING)


def _subheading(text: str, style: Any = styles.SUMMARY_SUBHEADING) -> Paragraph:
    return paragraph(text, style)
