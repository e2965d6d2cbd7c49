"""The printed prescription for compounded LDN: one US Letter page, wet-signed by the prescriber.

Top to bottom: the clinic and the serial number with its QR code; a reprint, chart-copy or
preview banner when needed; patient and pharmacy beside prescriber (and a PA's supervising
physician); the medication block; one microprint signature line with the printed name;
a short legend of the security features. The document model lives in the domain, where
the Texas required-elements check runs before anything is printed.

Always ONE page (never a signature line on a page without the patient, the drug and the
serial): a script too long for the regular look is set in the compact one (`styles.RX_COMPACT`:
8 pt and up, a long titration schedule in two columns, labels at the start of their text),
and one too long even for that is refused (PageOverflowError). The domain's page check
(`domain.prescriptions.page`) refuses such a script when the draft is saved, long before printing.

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
from reportlab.platypus.doctemplate import LayoutError

from ldnclinic.domain.prescriptions.document import (
    PatientBlock,
    PharmacyBlock,
    PrescriberBlock,
    PrescriptionDocument,
)
from ldnclinic.domain.prescriptions.page import PAGE_OVERFLOW, PageOverflowError
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.prescription_medication import medication_block
from ldnclinic.printing.styles import LETTER_PAGE as PAGE
from ldnclinic.printing.styles import RxLook
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


def render_prescription(doc: PrescriptionDocument, *, invariant: bool = False) -> bytes:
    """The prescription as PDF bytes, always ONE page; `invariant` gives the same bytes for the
    same input. A script too long for the regular look is set in the compact one (8 pt and up);
    one too long even for that raises PageOverflowError: a script is never printed on two pages."""
    register_fonts()
    for look in (styles.RX_REGULAR, styles.RX_COMPACT):
        try:
            pdf, pages = _render(doc, look, invariant=invariant)
        except LayoutError:  # a part taller than a whole page
            continue
        if pages == 1:
            return pdf
    raise PageOverflowError(PAGE_OVERFLOW)


def _render(doc: PrescriptionDocument, look: RxLook, *, invariant: bool) -> tuple[bytes, int]:
    """The PDF in `look`, and how many pages it took."""
    buffer = BytesIO()
    template = document_template(
        buffer,
        PAGE,
        title=_title(doc),
        author=doc.prescriber.signature_name,
        subject=f"{_name(doc)} from {doc.practice.name}",
        invariant=invariant,
    )
    template.build(_story(doc, look), canvasmaker=furnished_canvas(_furniture(doc)))
    return buffer.getvalue(), template.page


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


def _story(doc: PrescriptionDocument, look: RxLook = styles.RX_REGULAR) -> list[Any]:
    gap = look.block_gap
    story: list[Any] = [_header(doc), *_banner(doc), Spacer(1, gap)]
    story += [_parties(doc, look), Spacer(1, gap)]
    story += [medication_block(doc.medication, look), Spacer(1, gap + 2)]
    story.append(_signature_and_legend(doc, look))
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


def _parties(doc: PrescriptionDocument, look: RxLook) -> Any:
    """Patient and prescriber side by side; the pharmacy goes under the shorter column."""
    gap, padding = look.block_gap, look.card_padding
    left = _patient_card(doc.patient, look)
    right = _prescriber_card(doc.prescriber, look)
    if doc.prescriber.is_physician_assistant:
        right += [Spacer(1, gap), *_supervising_card(doc.prescriber, look)]
    if doc.pharmacy is not None:
        shorter = left if doc.prescriber.is_physician_assistant else right
        shorter += [Spacer(1, gap), *_pharmacy_card(doc.pharmacy, look)]
    half = (PAGE.frame_width - GAP) / 2
    return full_width_table(
        [[left, "", right]],
        [half, GAP, half],
        [
            ("BOX", (0, 0), (0, 0), styles.HAIRLINE, styles.RULE),
            ("BOX", (2, 0), (2, 0), styles.HAIRLINE, styles.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), padding - 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ],
    )


def _patient_card(patient: PatientBlock, look: RxLook) -> list[Any]:
    identity = [labelled("DOB", us_date(patient.date_of_birth))] if patient.date_of_birth else []
    identity.append(labelled("MRN", patient.mrn))
    address = ", ".join(part for part in (patient.street, patient.city_line) if part)
    card = [
        paragraph("PATIENT", styles.LABEL),
        paragraph(patient.name, look.card_name),
        Paragraph(SPACING.join(identity), look.card_line),
    ]
    if address:
        card.append(paragraph(address, look.card_line))
    if patient.phone:
        card.append(Paragraph(labelled("Phone", patient.phone), look.card_line))
    return card


def _pharmacy_card(pharmacy: PharmacyBlock, look: RxLook) -> list[Any]:
    contact = [labelled("Phone", pharmacy.phone)] + ([labelled("Fax", pharmacy.fax)] if pharmacy.fax else [])
    return [
        paragraph("TO PHARMACY", styles.LABEL),
        paragraph(pharmacy.name, look.card_name),
        paragraph(pharmacy.address, look.card_line),
        Paragraph(SPACING.join(contact), look.card_line),
    ]


def _prescriber_card(prescriber: PrescriberBlock, look: RxLook) -> list[Any]:
    numbers = []
    if prescriber.npi:
        numbers.append(labelled("NPI", prescriber.npi))
    if prescriber.texas_license:
        numbers.append(labelled("Texas license", prescriber.texas_license))
    return [
        paragraph("PRESCRIBER", styles.LABEL),
        paragraph(prescriber.signature_name, look.card_name),
        *(Paragraph(line, look.card_line) for line in numbers),
    ]


def _supervising_card(prescriber: PrescriberBlock, look: RxLook) -> list[Any]:
    card = [
        paragraph("SUPERVISING PHYSICIAN", styles.LABEL),
        paragraph(prescriber.supervising_signature_name, look.card_name),
    ]
    if prescriber.supervising_address:
        card.append(paragraph(prescriber.supervising_address, look.card_line))
    if prescriber.supervising_phone:
        card.append(Paragraph(labelled("Phone", prescriber.supervising_phone), look.card_line))
    numbers = []
    if prescriber.supervising_npi:
        numbers.append(labelled("NPI", prescriber.supervising_npi))
    if prescriber.supervising_texas_license:
        numbers.append(labelled("Texas\u00a0license", prescriber.supervising_texas_license))
    if numbers:
        card.append(Paragraph(SPACING.join(numbers), look.card_line))
    return card


# --- signature and security legend ----------------------------------------------------------


def _signature_and_legend(doc: PrescriptionDocument, look: RxLook) -> Any:
    """The security legend on the left, the one signature line on the right."""
    signature_width = styles.SIGNATURE_LINE_WIDTH
    legend_width = PAGE.frame_width - signature_width - 2 * GAP
    return full_width_table(
        [[_legend(doc, legend_width, look), "", _signature(doc, look)]],
        [legend_width, 2 * GAP, signature_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
    )


def _signature(doc: PrescriptionDocument, look: RxLook) -> list[Any]:
    return [
        Spacer(1, look.signature_space),
        MicroprintLine(styles.SIGNATURE_LINE_WIDTH),
        Spacer(1, 3),
        paragraph(doc.prescriber.signature_name, styles.SIGNATURE_NAME),
        paragraph(
            f"Prescriber's signature  ·  Date issued {us_date(doc.issued_on)}", styles.SIGNATURE_CAPTION
        ),
    ]


def _legend(doc: PrescriptionDocument, width: float, look: RxLook) -> Any:
    if look.schedule_columns == 1:
        text = (
            "Made to be printed on tamper-resistant security paper. The signature line is microprint: the "
            f"words “{styles.MICROPRINT_TEXT}” repeated, readable with a magnifier and blurred by a copier. "
            "The serial number is unique to this prescription; the QR code holds only that number. "
            "Quantity and refills are written in figures and in words. Any change voids the original. "
            f"To verify it, call the clinic at {escape(doc.practice.phone)}."
        )
    else:  # the same features, said in fewer words beside the signature
        text = (
            "Tamper-resistant paper; microprint signature line, blurred by a copier; a unique serial, "
            "the only thing in the QR code; quantity and refills in figures and words. Any change voids "
            f"it. To verify, call {escape(doc.practice.phone)}."
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
