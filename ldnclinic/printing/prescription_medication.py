"""The medication block of the printed prescription (`printing.prescription`): the drug, its
form and base, quantity, days supply and refills in figures and words, what one refill is,
the directions, the dated titration schedule (in two columns when a compact one is long),
the intended use and the note to the pharmacist."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from ldnclinic.domain.prescriptions.document import (
    MedicationBlock,
)
from ldnclinic.printing import styles
from ldnclinic.printing.styles import LETTER_PAGE as PAGE
from ldnclinic.printing.styles import RxLook
from ldnclinic.printing.templates import (
    DOT,
    full_width_table,
    labelled,
    paragraph,
)

GAP = styles.BLOCK_GAP
CARD_PADDING = styles.CARD_PADDING
RX_COLUMN = styles.RX_COLUMN
MEDICATION_PADDING = styles.MEDICATION_PADDING
SCHEDULE_SPLIT_STEPS = 9  # a compact schedule this long runs in two columns
SCHEDULE_GUTTER = 10.0


# --- the medication block -----------------------------------------------------------------


def medication_block(medication: MedicationBlock, look: RxLook) -> Any:
    padding = look.medication_padding
    content_width = PAGE.frame_width - RX_COLUMN - 2 * padding
    rows: list[list[Any]] = [
        [paragraph("Rx", look.rx_symbol), _drug_lines(medication, look)],
        ["", _figures(medication, content_width, look)],
    ]
    if medication.refill_note:
        rows.append(["", Paragraph(_refill_markup(medication.refill_note), look.body)])
    rows.append(["", _section("DIRECTIONS", medication.directions, look)])
    if medication.steps:
        rows.append(["", _schedule(medication, content_width, look)])
    notes = _notes(medication, content_width, look)
    if notes is not None:
        rows.append(["", notes])
    return full_width_table(
        rows,
        [RX_COLUMN + padding, content_width + padding],
        [
            ("BACKGROUND", (0, 0), (-1, -1), styles.TINT),
            ("LINEBEFORE", (0, 0), (0, -1), 3, styles.ACCENT),
            # the empty cells under "Rx" take no height of their own (a one-line row stays one line)
            ("FONTSIZE", (0, 1), (0, -1), 1),
            ("LEADING", (0, 1), (0, -1), 1),
            ("LEFTPADDING", (0, 0), (0, -1), padding),
            ("LEFTPADDING", (1, 0), (1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), padding / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, 0), padding),
            ("BOTTOMPADDING", (0, -1), (-1, -1), padding),
        ],
    )


def _refill_markup(note: str) -> str:
    """ "<b>Each refill:</b> 48 capsules, 16 days at 4.5 mg a day." (the label in bold)."""
    label, colon, rest = note.partition(": ")
    if not colon:
        return escape(note.rstrip(".")) + "."
    return f"<b>{escape(label)}:</b> {escape(rest.rstrip('.'))}."


def _drug_lines(medication: MedicationBlock, look: RxLook) -> list[Any]:
    form = f"{labelled('Dosage form', medication.dosage_form)}{DOT}{escape(medication.release)}"
    base = labelled("Base", medication.base)
    if medication.flavour:
        base += f"{DOT}{labelled('Flavour', medication.flavour)}"
    return [
        paragraph(f"{medication.drug} {medication.strength}", look.drug),
        Paragraph(form, look.drug_detail),
        Paragraph(base, look.drug_detail),
    ]


def _notes(medication: MedicationBlock, width: float, look: RxLook) -> Any:
    """Intended use and the note to the pharmacist: side by side (or one alone, full width);
    in the compact look one above the other when that is shorter (a long note)."""
    sections = []
    if medication.diagnosis and not medication.diagnosis_omitted:
        sections.append(_section("INTENDED USE", medication.diagnosis, look))
    if medication.pharmacist_note:
        sections.append(_section("NOTE TO THE PHARMACIST", medication.pharmacist_note, look))
    if not sections:
        return None
    commands = [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    widths = [width] if len(sections) == 1 else [width * 0.36, width * 0.64]
    beside = full_width_table([sections], widths, commands)
    if len(sections) == 1 or look.schedule_columns == 1:
        return beside
    stacked = full_width_table(
        [[sections[0]], [sections[1]]], [width], [*commands, ("TOPPADDING", (0, 1), (-1, 1), 3)]
    )
    return min((beside, stacked), key=lambda table: table.wrap(width, PAGE.frame_height)[1])


def _figures(medication: MedicationBlock, width: float, look: RxLook) -> Any:
    days = f"{medication.days_supply} day{'s' if medication.days_supply != 1 else ''}"
    cells = [
        _labelled_cell("QUANTITY", paragraph(medication.quantity, look.figure)),
        _labelled_cell("DAYS SUPPLY", paragraph(days, look.figure)),
        _labelled_cell("REFILLS", paragraph(medication.refills, look.figure)),
    ]
    return full_width_table(
        [cells],
        [width * 0.56, width * 0.2, width * 0.24],
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (1, 0), (-1, -1), 8),
            ("LINEBEFORE", (1, 0), (-1, 0), styles.HAIRLINE, styles.RULE),
            ("LINEABOVE", (0, 0), (-1, 0), styles.HAIRLINE, styles.RULE),
            ("LINEBELOW", (0, 0), (-1, 0), styles.HAIRLINE, styles.RULE),
            ("TOPPADDING", (0, 0), (-1, -1), look.medication_padding / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), look.medication_padding / 2),
        ],
    )


def _labelled_cell(label: str, body: Any) -> list[Any]:
    return [paragraph(label, styles.LABEL), body]


def _section(label: str, text: str, look: RxLook) -> list[Any]:
    """A labelled text: the label above it, or in the compact look at its start (a line saved)."""
    if look.inline_labels:
        return [Paragraph(f"{_inline_label(label)}\u00a0\u00a0{escape(text)}", look.body)]
    return [paragraph(label, styles.LABEL), paragraph(text, look.body)]


def _inline_label(label: str) -> str:
    colour = styles.MUTED.hexval()[2:]
    size = styles.LABEL.fontSize
    return f'<font name="{styles.LABEL.fontName}" size="{size}" color="#{colour}">{escape(label)}</font>'


def _schedule(medication: MedicationBlock, width: float, look: RxLook) -> list[Any]:
    """The dated steps, one a row, under their label. In the compact look a long schedule runs
    in two columns side by side (steps 1-12 left, 13-24 right) in its short form, when every
    step fits on one line there; otherwise in one column."""
    label = "TITRATION SCHEDULE"
    steps = medication.steps
    two_columns = look.schedule_columns >= 2 and len(steps) >= SCHEDULE_SPLIT_STEPS
    if not two_columns or len(medication.short_steps) != len(steps):
        return [paragraph(label, styles.LABEL), _steps_table(steps, 1, width, look)]
    half = (width - SCHEDULE_GUTTER) / 2
    middle = (len(steps) + 1) // 2
    short = medication.short_steps
    left = _steps_table(short[:middle], 1, half, look)
    right = _steps_table(short[middle:], middle + 1, half, look)
    one_line = look.step_cell.leading + 2 * look.step_padding + 1
    if max(left.wrap(half, PAGE.frame_height)[1], right.wrap(half, PAGE.frame_height)[1]) > middle * one_line:
        return [paragraph(label, styles.LABEL), _steps_table(steps, 1, width, look)]
    if medication.dose_time:
        label += f"{DOT}EVERY DOSE {medication.dose_time.upper()}"
    columns = full_width_table(
        [[left, "", right]],
        [half, SCHEDULE_GUTTER, half],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
    )
    return [paragraph(label, styles.LABEL), columns]


def _steps_table(steps: tuple[str, ...], first: int, width: float, look: RxLook) -> Any:
    number_width = 19.0 if first + len(steps) > 10 else 15.0  # room for "24."
    rows = []
    texts = []
    for number, step in enumerate(steps, start=first):
        when, _, dose = step.partition(": ")
        cells = [when, dose] if dose else [step, ""]
        texts.append(cells)
        rows.append(
            [
                Paragraph(f"{number}.", look.step_number),
                paragraph(cells[0], look.step_cell),
                paragraph(cells[1], look.step_cell),
            ]
        )
    # The dates take what their longest entry needs (never more than half), the dose the rest.
    font, size = look.step_cell.fontName, look.step_cell.fontSize
    widest = max(stringWidth(when, font, size) for when, _ in texts) + 9
    when_width = min(max(widest, width * 0.3), width * 0.5)
    pad = look.step_padding
    commands: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.5),
        ("LINEBELOW", (0, 0), (-1, -1), styles.HAIRLINE, styles.RULE),
    ]
    commands += [("BACKGROUND", (0, row), (-1, row), styles.WHITE) for row in range(0, len(rows), 2)]
    commands += [("BACKGROUND", (0, row), (-1, row), styles.ZEBRA) for row in range(1, len(rows), 2)]
    return full_width_table(rows, [number_width, when_width, width - number_width - when_width], commands)
