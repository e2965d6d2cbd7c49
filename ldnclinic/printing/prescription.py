"""The printed prescription for compounded LDN: one US Letter page, wet-signed by the prescriber.

Top to bottom: the clinic and the serial number with its QR code; a reprint, chart-copy or
preview banner when needed; patient and pharmacy beside prescriber (and a PA's supervising
physician); the medication block; one microprint signature line with the printed name;
a short legend of the security features. The document model lives in the domain, where
the Texas required-elements check runs before anything is printed.

A preview (`PrescriptionDocument.preview`) is the same page watermarked "PREVIEW - NOT VALID
FOR DISPENSING" across it, with no serial and no QR code: the serial is assigned when the
original prints.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCode
from reportlab.platypus import Flowable, Paragraph, Spacer

from ldnclinic.domain.prescription_document import (
    MedicationBlock,
    PatientBlock,
    PharmacyBlock,
    PrescriberBlock,
    PrescriptionDocument,
)
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.styles import LETTER_PAGE as PAGE
from ldnclinic.printing.templates import (
    DOT,
    SPACING,
    MicroprintLine,
    PageFurniture,
    document_template,
    full_width_table,
    furnished_canvas,
    labelled,
    paragraph,
    printed_stamp,
    qr_code,
    us_date,
)

CHART_COPY_TEXT = "COPY - NOT VALID FOR DISPENSING"
PREVIEW_TEXT = "PREVIEW - NOT VALID FOR DISPENSING"
SERIAL_PENDING = "Assigned when printed"
GAP = styles.BLOCK_GAP
CARD_PADDING = styles.CARD_PADDING
RX_COLUMN = styles.RX_COLUMN
MEDICATION_PADDING = styles.MEDICATION_PADDING


def render_prescription(doc: PrescriptionDocument, *, invariant: bool = False) -> bytes:
    """The prescription as PDF bytes; `invariant` gives the same bytes for the same input."""
    register_fonts()
    buffer = BytesIO()
    template = document_template(
        buffer,
        PAGE,
        title=_title(doc),
        author=doc.prescriber.signature_name,
        subject=f"{_name(doc)} from {doc.practice.name}",
        invariant=invariant,
    )
    template.build(_story(doc), canvasmaker=furnished_canvas(_furniture(doc)))
    return buffer.getvalue()


def serial_qr(serial: str) -> QrCode:
    """The QR code printed beside the serial: it carries the serial and nothing else."""
    return qr_code(serial, styles.QR_SIZE)


def _name(doc: PrescriptionDocument) -> str:
    """ "Prescription RX-0000001-8", or "Prescription preview" before it has a serial."""
    return f"Prescription {doc.serial}" if doc.serial else "Prescription preview"


class QrPending(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """Where the QR code goes, on a preview: a dashed square saying it comes with the serial."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas, inset = self.canv, self.size * 0.12
        side = self.size - 2 * inset
        canvas.saveState()
        canvas.setStrokeColor(styles.RULE)
        canvas.setLineWidth(styles.HAIRLINE)
        canvas.setDash(2, 2)
        canvas.rect(inset, inset, side, side)
        canvas.setFillColor(styles.MUTED)
        canvas.setFont(styles.BASE_FONT, 6.5)
        middle = self.size / 2
        canvas.drawCentredString(middle, middle + 1.5, "QR code")
        canvas.drawCentredString(middle, middle - 6.5, "when printed")
        canvas.restoreState()


def _title(doc: PrescriptionDocument) -> str:
    kind = " (chart copy)" if doc.chart_copy else " (reprint)" if doc.reprint_of else ""
    if doc.preview and doc.serial:
        kind += " (preview)"
    return f"{_name(doc)}{kind}"


def _furniture(doc: PrescriptionDocument) -> PageFurniture:
    watermark = PREVIEW_TEXT if doc.preview else CHART_COPY_TEXT if doc.chart_copy else None
    return PageFurniture(
        geometry=PAGE,
        footer_left=printed_stamp(doc.printed_at),
        footer_centre=f"{doc.practice.name} · {_name(doc)}",
        watermark=watermark,
    )


def _story(doc: PrescriptionDocument) -> list[Any]:
    story: list[Any] = [_header(doc), *_banner(doc), Spacer(1, GAP)]
    story += [_parties(doc), Spacer(1, GAP)]
    story += [_medication(doc.medication), Spacer(1, GAP + 2)]
    story.append(_signature_and_legend(doc))
    return story


# --- header band ------------------------------------------------------------------------


def _header(doc: PrescriptionDocument) -> Any:
    practice = doc.practice
    contact = f"Phone {practice.phone}" + (f"{DOT}Fax {practice.fax}" if practice.fax else "")
    clinic = [
        paragraph(practice.name, styles.CLINIC_NAME),
        paragraph(f"{practice.street}, {practice.city_line}", styles.CLINIC_LINE),
        paragraph(contact, styles.CLINIC_LINE),
    ]
    pending = doc.preview and not doc.serial  # a preview before the original: no serial yet
    serial = [
        paragraph("PRESCRIPTION SERIAL NO.", styles.SERIAL_LABEL),
        paragraph(SERIAL_PENDING, styles.SERIAL_DATE) if pending else paragraph(doc.serial, styles.SERIAL),
        paragraph(f"Issued {us_date(doc.issued_on)}", styles.SERIAL_DATE),
    ]
    qr_width = styles.QR_SIZE
    serial_width = styles.SERIAL_COLUMN
    widths = [PAGE.frame_width - serial_width - qr_width, serial_width, qr_width]
    return full_width_table(
        [[clinic, serial, QrPending(qr_width) if pending else serial_qr(doc.serial)]],
        widths,
        [
            ("VALIGN", (0, 0), (1, 0), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (1, 0), 4),
            ("RIGHTPADDING", (2, 0), (2, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, 0), styles.BAND_RULE_WIDTH, styles.ACCENT),
        ],
    )


def _banner(doc: PrescriptionDocument) -> list[Any]:
    """A red band under the header for a preview, a reprint or a chart copy (one line each); none
    for an original."""
    lines = []
    if doc.preview:
        pending = f"{DOT}serial number assigned when printed" if not doc.serial else ""
        lines.append(f"<b>PREVIEW</b>{DOT}{PREVIEW_TEXT.partition(' - ')[2]}{pending}")
    if doc.reprint_of:
        lines.append(
            f"<b>REPRINT</b> of original serial {escape(doc.reprint_of)} issued {us_date(doc.issued_on)}"
        )
    if doc.chart_copy:
        lines.append(f"<b>CHART COPY</b>{DOT}{CHART_COPY_TEXT}")
    if not lines:
        return []
    band = full_width_table(
        [[Paragraph("<br/>".join(lines), styles.BANNER)]],
        [PAGE.frame_width],
        [
            ("BACKGROUND", (0, 0), (-1, -1), styles.ALERT_TINT),
            ("BOX", (0, 0), (-1, -1), styles.RULE_WIDTH, styles.ALERT),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
    )
    return [Spacer(1, 5), band]


# --- patient, pharmacy, prescriber ---------------------------------------------------------


def _parties(doc: PrescriptionDocument) -> Any:
    """Patient and prescriber side by side; the pharmacy goes under the shorter column."""
    left = _patient_card(doc.patient)
    right = _prescriber_card(doc.prescriber)
    if doc.prescriber.is_physician_assistant:
        right += [Spacer(1, GAP), *_supervising_card(doc.prescriber)]
    if doc.pharmacy is not None:
        shorter = left if doc.prescriber.is_physician_assistant else right
        shorter += [Spacer(1, GAP), *_pharmacy_card(doc.pharmacy)]
    half = (PAGE.frame_width - GAP) / 2
    return full_width_table(
        [[left, "", right]],
        [half, GAP, half],
        [
            ("BOX", (0, 0), (0, 0), styles.HAIRLINE, styles.RULE),
            ("BOX", (2, 0), (2, 0), styles.HAIRLINE, styles.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), CARD_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CARD_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), CARD_PADDING - 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CARD_PADDING),
        ],
    )


def _patient_card(patient: PatientBlock) -> list[Any]:
    identity = [labelled("DOB", us_date(patient.date_of_birth))] if patient.date_of_birth else []
    identity.append(labelled("MRN", patient.mrn))
    address = ", ".join(part for part in (patient.street, patient.city_line) if part)
    card = [
        paragraph("PATIENT", styles.LABEL),
        paragraph(patient.name, styles.CARD_NAME),
        Paragraph(SPACING.join(identity), styles.CARD_LINE),
    ]
    if address:
        card.append(paragraph(address, styles.CARD_LINE))
    if patient.phone:
        card.append(Paragraph(labelled("Phone", patient.phone), styles.CARD_LINE))
    return card


def _pharmacy_card(pharmacy: PharmacyBlock) -> list[Any]:
    contact = [labelled("Phone", pharmacy.phone)] + ([labelled("Fax", pharmacy.fax)] if pharmacy.fax else [])
    return [
        paragraph("TO PHARMACY", styles.LABEL),
        paragraph(pharmacy.name, styles.CARD_NAME),
        paragraph(pharmacy.address, styles.CARD_LINE),
        Paragraph(SPACING.join(contact), styles.CARD_LINE),
    ]


def _prescriber_card(prescriber: PrescriberBlock) -> list[Any]:
    numbers = []
    if prescriber.npi:
        numbers.append(labelled("NPI", prescriber.npi))
    if prescriber.texas_license:
        numbers.append(labelled("Texas license", prescriber.texas_license))
    return [
        paragraph("PRESCRIBER", styles.LABEL),
        paragraph(prescriber.signature_name, styles.CARD_NAME),
        *(Paragraph(line, styles.CARD_LINE) for line in numbers),
    ]


def _supervising_card(prescriber: PrescriberBlock) -> list[Any]:
    name = prescriber.supervising_name or ""
    if prescriber.supervising_credentials:
        name = f"{name}, {prescriber.supervising_credentials}"
    card = [paragraph("SUPERVISING PHYSICIAN", styles.LABEL), paragraph(name, styles.CARD_NAME)]
    if prescriber.supervising_address:
        card.append(paragraph(prescriber.supervising_address, styles.CARD_LINE))
    contact = []
    if prescriber.supervising_phone:
        contact.append(labelled("Phone", prescriber.supervising_phone))
    if prescriber.supervising_npi:
        contact.append(labelled("NPI", prescriber.supervising_npi))
    if contact:
        card.append(Paragraph(SPACING.join(contact), styles.CARD_LINE))
    return card


# --- the medication block -----------------------------------------------------------------


def _medication(medication: MedicationBlock) -> Any:
    content_width = PAGE.frame_width - RX_COLUMN - 2 * MEDICATION_PADDING
    rows: list[list[Any]] = [
        [paragraph("Rx", styles.RX_SYMBOL), _drug_lines(medication)],
        ["", _figures(medication, content_width)],
        ["", _section("DIRECTIONS", paragraph(medication.directions, styles.BODY))],
    ]
    if medication.steps:
        rows.append(["", _section("TITRATION SCHEDULE", _steps_table(medication.steps, content_width))])
    notes = _notes(medication, content_width)
    if notes is not None:
        rows.append(["", notes])
    return full_width_table(
        rows,
        [RX_COLUMN + MEDICATION_PADDING, content_width + MEDICATION_PADDING],
        [
            ("BACKGROUND", (0, 0), (-1, -1), styles.TINT),
            ("LINEBEFORE", (0, 0), (0, -1), 3, styles.ACCENT),
            ("LEFTPADDING", (0, 0), (0, -1), MEDICATION_PADDING),
            ("LEFTPADDING", (1, 0), (1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), MEDICATION_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, 0), MEDICATION_PADDING),
            ("BOTTOMPADDING", (0, -1), (-1, -1), MEDICATION_PADDING),
        ],
    )


def _drug_lines(medication: MedicationBlock) -> list[Any]:
    form = f"{labelled('Dosage form', medication.dosage_form)}{DOT}{escape(medication.release)}"
    base = labelled("Base", medication.base)
    if medication.flavour:
        base += f"{DOT}{labelled('Flavour', medication.flavour)}"
    return [
        paragraph(f"{medication.drug} {medication.strength}", styles.DRUG),
        Paragraph(form, styles.DRUG_DETAIL),
        Paragraph(base, styles.DRUG_DETAIL),
    ]


def _notes(medication: MedicationBlock, width: float) -> Any:
    """Intended use and the note to the pharmacist, side by side (or one alone, full width)."""
    sections = []
    if medication.diagnosis and not medication.diagnosis_omitted:
        sections.append(_section("INTENDED USE", paragraph(medication.diagnosis, styles.BODY)))
    if medication.pharmacist_note:
        sections.append(
            _section("NOTE TO THE PHARMACIST", paragraph(medication.pharmacist_note, styles.BODY))
        )
    if not sections:
        return None
    widths = [width] if len(sections) == 1 else [width * 0.36, width * 0.64]
    return full_width_table(
        [sections],
        widths,
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
    )


def _figures(medication: MedicationBlock, width: float) -> Any:
    days = f"{medication.days_supply} day{'s' if medication.days_supply != 1 else ''}"
    cells = [
        _section("QUANTITY", paragraph(medication.quantity, styles.FIGURE)),
        _section("DAYS SUPPLY", paragraph(days, styles.FIGURE)),
        _section("REFILLS", paragraph(medication.refills, styles.FIGURE)),
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
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
    )


def _section(label: str, body: Any) -> list[Any]:
    return [paragraph(label, styles.LABEL), body]


def _steps_table(steps: tuple[str, ...], width: float) -> Any:
    number_width, when_width = 16.0, width * 0.36
    rows = []
    for number, step in enumerate(steps, start=1):
        when, _, dose = step.partition(": ")
        cells = [when, dose] if dose else [step, ""]
        rows.append(
            [
                Paragraph(f"{number}.", styles.STEP_NUMBER),
                paragraph(cells[0], styles.STEP_CELL),
                paragraph(cells[1], styles.STEP_CELL),
            ]
        )
    commands: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, -1), styles.HAIRLINE, styles.RULE),
    ]
    commands += [("BACKGROUND", (0, row), (-1, row), styles.WHITE) for row in range(0, len(rows), 2)]
    commands += [("BACKGROUND", (0, row), (-1, row), styles.ZEBRA) for row in range(1, len(rows), 2)]
    return full_width_table(rows, [number_width, when_width, width - number_width - when_width], commands)


# --- signature and security legend ----------------------------------------------------------


def _signature_and_legend(doc: PrescriptionDocument) -> Any:
    """The security legend on the left, the one signature line on the right."""
    signature_width = styles.SIGNATURE_LINE_WIDTH
    legend_width = PAGE.frame_width - signature_width - 2 * GAP
    return full_width_table(
        [[_legend(doc, legend_width), "", _signature(doc)]],
        [legend_width, 2 * GAP, signature_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
    )


def _signature(doc: PrescriptionDocument) -> list[Any]:
    return [
        Spacer(1, styles.SIGNATURE_SPACE),
        MicroprintLine(styles.SIGNATURE_LINE_WIDTH),
        Spacer(1, 3),
        paragraph(doc.prescriber.signature_name, styles.SIGNATURE_NAME),
        paragraph(
            f"Prescriber's signature  ·  Date issued {us_date(doc.issued_on)}", styles.SIGNATURE_CAPTION
        ),
    ]


def _legend(doc: PrescriptionDocument, width: float) -> Any:
    text = (
        "Made to be printed on tamper-resistant security paper. The signature line is microprint: the words "
        f"“{styles.MICROPRINT_TEXT}” repeated, readable with a magnifier and blurred by a copier. "
        "The serial number is unique to this prescription; the QR code holds only that number. "
        "Quantity and refills are written in figures and in words. Any change voids the original. "
        f"To verify it, call the clinic at {escape(doc.practice.phone)}."
    )
    return full_width_table(
        [[[paragraph("SECURITY FEATURES", styles.LEGEND_TITLE), Paragraph(text, styles.LEGEND)]]],
        [width],
        [
            ("BOX", (0, 0), (-1, -1), styles.HAIRLINE, styles.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), CARD_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CARD_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ],
    )
