"""The printed prescription is ONE page: what that page holds, checked before approval.

`ldnclinic.printing.prescription` lays the page out in a regular look and, for a long
script, a compact one (nothing a pharmacist or the law needs below 8 pt: the titration
schedule in two columns, labels at the start of their text). `page_problems` estimates from
the texts alone how tall the compact page would be, so the editor can say what to shorten
before the script reaches the prescriber, and the service refuses to save a script that
would not fit. Every script the editor allows with ordinary names and addresses fits: 24
dose steps, a 1,000-character note to the pharmacist and a 300-character intended use at once.

The estimate mirrors the compact layout (`COMPACT_PAGE`: its widths, type sizes and spacing
in points) and errs on the side of refusing: character widths are taken a little wider than
DejaVu Sans sets them. The printing tests check that every script it passes prints on one
page, and the renderer refuses (PageOverflowError) rather than ever print a second page.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from dataclasses import dataclass

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.prescriptions.document import PrescriptionDocument

PAGE_OVERFLOW = (
    "This prescription does not fit on one page, even in small type, so it was not printed. "
    "Shorten the note to the pharmacist or the intended use, or use fewer dose steps."
)


class PageOverflowError(DomainError):
    """The script would need a second page; nothing was printed."""


@dataclass(frozen=True, slots=True)
class CompactPage:
    """The compact prescription page in points (US Letter, the printing package's layout)."""

    frame_width: float = 525.6
    frame_height: float = 705.6
    safety: float = 6.0  # kept free at the bottom of the frame
    # header (always in the regular type): clinic column, QR code
    header_text_width: float = 305.6
    header_min: float = 68.8
    clinic_name: tuple[float, float] = (16.0, 19.5)  # size, leading (bold)
    clinic_line: tuple[float, float] = (8.8, 11.5)
    banner_line: float = 13.0
    banner_extra: float = 12.0
    # the patient / prescriber cards
    card_text_width: float = 250.3
    card_padding: float = 8.0  # top and bottom together
    label: float = 10.0  # a grey label line above a text (with its space after)
    card_name: tuple[float, float] = (9.5, 11.5)
    card_line: tuple[float, float] = (8.0, 9.8)
    gap: float = 4.5
    # the medication block
    content_width: float = 468.96
    row_padding: float = 5.0  # above and below each row
    block_padding: float = 7.0  # extra above the first row and below the last
    rx_symbol: float = 21.0
    drug: tuple[float, float] = (12.5, 15.0)
    drug_detail: tuple[float, float] = (8.0, 9.8)
    figures_padding: float = 6.0
    figure: tuple[float, float] = (9.5, 11.5)
    body: tuple[float, float] = (8.0, 9.5)
    inline_label_size: float = 6.8
    step: tuple[float, float] = (8.0, 9.4)
    step_row_extra: float = 1.7  # padding around each schedule row
    schedule_gutter: float = 10.0
    step_number_width: float = 19.0
    notes_padding: float = 10.0  # right padding of each note column
    # signature line and security legend
    signature_gap: float = 6.5
    signature_width: float = 223.2
    signature_room: float = 41.26  # the space to sign, the line, the caption
    signature_name: tuple[float, float] = (10.0, 12.5)  # bold
    legend_text_width: float = 275.4
    legend_line: tuple[float, float] = (7.0, 9.0)
    legend_extra: float = 20.0  # its title and box padding


COMPACT_PAGE = CompactPage()
LEGEND_TEXT = (  # the compact page's security legend, with room for a long phone number
    "Tamper-resistant paper; microprint signature line, blurred by a copier; a unique serial, "
    "the only thing in the QR code; quantity and refills in figures and words. Any change voids "
    "it. To verify, call (000) 000-0000 extension 0000."
)


# --- how wide a text sets, and how many lines it takes -----------------------------------

# DejaVu Sans (the printing's font) advance widths of the ASCII characters " " to "~", in
# thousandths of an em, regular and bold; other letters are read as their base letter.
_ASCII = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
    752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390,
    337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821,
    837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457,
    365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip
_WIDTHS = {False: dict(zip(_ASCII, _REGULAR, strict=True)), True: dict(zip(_ASCII, _BOLD, strict=True))}
_WIDTH_MARGIN = 1.03  # every estimate a little wider than the font really sets it


def char_width(char: str, *, bold: bool = False) -> float:
    """The width of `char` in ems, as DejaVu Sans sets it (or a little wider: a letter outside
    ASCII counts as its base letter and a bit more, a symbol or a wide letter as a full em+)."""
    widths = _WIDTHS[bold]
    if char in widths:
        return widths[char] / 1000
    if char == "\u00a0":
        return widths[" "] / 1000
    base = unicodedata.normalize("NFKD", char)[:1]
    if base in widths and base.isalpha():
        return widths[base] / 1000 + 0.03
    if unicodedata.east_asian_width(char) in ("W", "F") or unicodedata.category(char).startswith("S"):
        return 1.1
    return 0.85


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Points `text` takes on one line at `size`."""
    return sum(char_width(char, bold=bold) for char in text) * size * _WIDTH_MARGIN


def line_count(text: str, width: float, size: float, *, bold: bool = False, lead: float = 0.0) -> int:
    """Lines `text` wraps to in `width` (breaking at spaces, as the printing does; a word
    longer than a line is cut); `lead` is room already taken on the first line (a label)."""
    if not text.strip():
        return 1 if lead else 0
    space = text_width(" ", size, bold=bold)
    lines, used = 1, lead
    for word in text.split():
        wide = text_width(word, size, bold=bold)
        needed = wide if used == 0 else used + space + wide
        if needed <= width:
            used = needed
            continue
        if used > 0:
            lines += 1
        if wide > width:
            lines += math.ceil(wide / width) - 1
            used = wide - (math.ceil(wide / width) - 1) * width
        else:
            used = wide
    return lines


def _height(text: str | None, width: float, style: tuple[float, float], *, bold: bool = False) -> float:
    size, leading = style
    return line_count(text or "", width, size, bold=bold) * leading


# --- the page, part by part -----------------------------------------------------------------


def estimated_height(document: PrescriptionDocument, page: CompactPage = COMPACT_PAGE) -> float:
    """How tall the compact page's story would be, in points (compare with `page.frame_height`)."""
    return (
        _header(document, page)
        + _banner(document, page)
        + page.gap
        + _parties(document, page)
        + page.gap
        + _medication(document, page)
        + page.signature_gap
        + max(_signature(document, page), _legend(page))
    )


def _header(document: PrescriptionDocument, page: CompactPage) -> float:
    practice = document.practice
    width = page.header_text_width
    text = (
        _height(practice.name, width, page.clinic_name, bold=True)
        + _height(f"{practice.street}, {practice.city_line}", width, page.clinic_line)
        + _height(f"Phone {practice.phone}    Fax {practice.fax or ''}", width, page.clinic_line)
    )
    return max(page.header_min, text + 4)


def _banner(document: PrescriptionDocument, page: CompactPage) -> float:
    lines = sum((bool(document.preview), bool(document.reprint_of), document.chart_copy))
    return lines * page.banner_line + page.banner_extra if lines else 0.0


def _parties(document: PrescriptionDocument, page: CompactPage) -> float:
    prescriber, patient, pharmacy = document.prescriber, document.patient, document.pharmacy
    width = page.card_text_width

    def card(name: str, *lines: str | None) -> float:
        height = page.label + _height(name, width, page.card_name, bold=True)
        return height + sum(_height(line, width, page.card_line) for line in lines if line)

    address = ", ".join(part for part in (patient.street, patient.city_line) if part)
    left = card(patient.name, "DOB 00/00/0000    MRN " + patient.mrn, address, f"Phone {patient.phone or ''}")
    right = card(
        prescriber.signature_name,
        f"NPI {prescriber.npi or ''}",
        f"Texas license {prescriber.texas_license or ''}",
    )
    if prescriber.is_physician_assistant:
        numbers = (
            f"NPI {prescriber.supervising_npi or ''}    "
            f"Texas license {prescriber.supervising_texas_license or ''}"
        )
        right += page.gap + card(
            prescriber.supervising_signature_name,
            prescriber.supervising_address,
            f"Phone {prescriber.supervising_phone or ''}",
            numbers,
        )
    if pharmacy is not None:
        pharmacy_card = page.gap + card(
            pharmacy.name, pharmacy.address, f"Phone {pharmacy.phone}    Fax {pharmacy.fax or ''}"
        )
        if prescriber.is_physician_assistant:
            left += pharmacy_card
        else:
            right += pharmacy_card
    return max(left, right) + page.card_padding


def _medication(document: PrescriptionDocument, page: CompactPage) -> float:
    medication = document.medication
    width = page.content_width
    drug = (
        _height(f"{medication.drug} {medication.strength}", width, page.drug, bold=True)
        + _height(f"Dosage form {medication.dosage_form}    {medication.release}", width, page.drug_detail)
        + _height(f"Base {medication.base}    Flavour {medication.flavour or ''}", width, page.drug_detail)
    )
    rows = [max(page.rx_symbol, drug), _figures(document, page)]
    if medication.refill_note:
        rows.append(_height(medication.refill_note + ".", width, page.body))
    rows.append(_labelled(medication.directions, "DIRECTIONS", width, page))
    if medication.steps:
        rows.append(page.label + _schedule(document, page))
    notes = _notes(document, page)
    if notes:
        rows.append(notes)
    return sum(rows) + len(rows) * page.row_padding + page.block_padding


def _figures(document: PrescriptionDocument, page: CompactPage) -> float:
    medication, width = document.medication, page.content_width
    days = f"{medication.days_supply} days"
    lines = max(
        line_count(medication.quantity, width * 0.56 - 6, page.figure[0], bold=True),
        line_count(days, width * 0.2 - 14, page.figure[0], bold=True),
        line_count(medication.refills, width * 0.24 - 14, page.figure[0], bold=True),
    )
    return page.label + lines * page.figure[1] + page.figures_padding


def _labelled(text: str, label: str, width: float, page: CompactPage) -> float:
    """A text with its grey label at the start, in the body type."""
    lead = text_width(label + "  ", page.inline_label_size, bold=True)
    size, leading = page.body
    return line_count(text, width, size, lead=lead) * leading


def _schedule(document: PrescriptionDocument, page: CompactPage) -> float:
    medication = document.medication
    steps, short = medication.steps, medication.short_steps
    size, leading = page.step
    row = leading + page.step_row_extra
    if len(steps) >= 9 and len(short) == len(steps):
        half = (page.content_width - page.schedule_gutter) / 2
        pieces = [line.partition(": ") for line in short]
        widest = max(text_width(when, size) for when, _, _ in pieces) + 9
        when_width = min(max(widest, half * 0.3), half * 0.5)
        dose_width = half - page.step_number_width - when_width - 8
        if all(text_width(dose, size) <= dose_width for _, _, dose in pieces) and widest <= half * 0.5:
            return math.ceil(len(steps) / 2) * row
    width = page.content_width
    pieces = [line.partition(": ") for line in steps]
    widest = max(text_width(when, size) for when, _, _ in pieces) + 9
    when_width = min(max(widest, width * 0.3), width * 0.5)
    dose_width = width - page.step_number_width - when_width - 8
    return sum(
        max(line_count(when, when_width - 8, size), line_count(dose, dose_width, size)) * leading
        + page.step_row_extra
        for when, _, dose in pieces
    )


def _notes(document: PrescriptionDocument, page: CompactPage) -> float:
    medication, width = document.medication, page.content_width
    texts = []
    if medication.diagnosis and not medication.diagnosis_omitted:
        texts.append((medication.diagnosis, "INTENDED USE"))
    if medication.pharmacist_note:
        texts.append((medication.pharmacist_note, "NOTE TO THE PHARMACIST"))
    if not texts:
        return 0.0
    inner = width - page.notes_padding
    if len(texts) == 1:
        return _labelled(*texts[0], inner, page)
    (use, use_label), (note, note_label) = texts
    beside = max(
        _labelled(use, use_label, width * 0.36 - page.notes_padding, page),
        _labelled(note, note_label, width * 0.64 - page.notes_padding, page),
    )
    stacked = _labelled(use, use_label, inner, page) + 3 + _labelled(note, note_label, inner, page)
    return min(beside, stacked)


def _signature(document: PrescriptionDocument, page: CompactPage) -> float:
    name = document.prescriber.signature_name
    return page.signature_room + _height(name, page.signature_width, page.signature_name, bold=True)


def _legend(page: CompactPage) -> float:
    size, leading = page.legend_line
    return line_count(LEGEND_TEXT, page.legend_text_width, size) * leading + page.legend_extra


# --- the check --------------------------------------------------------------------------------


def overflow(document: PrescriptionDocument, page: CompactPage = COMPACT_PAGE) -> float:
    """Points the compact page would run past its room (0 or less: it fits)."""
    return estimated_height(document, page) - (page.frame_height - page.safety)


def page_problems(document: PrescriptionDocument, page: CompactPage = COMPACT_PAGE) -> dict[str, str]:
    """Why the script would not print on one page, by the field to shorten (empty: it fits).

    The message says how long the note to the pharmacist (or else the intended use) may be
    for the script to fit; with neither to shorten, it asks for fewer dose steps.
    """
    if overflow(document, page) <= 0:
        return {}
    medication = document.medication
    lead = "This prescription would not fit on one printed page"
    for field, text, what in (
        ("pharmacist_note", medication.pharmacist_note, "the note to the pharmacist"),
        ("diagnosis", None if medication.diagnosis_omitted else medication.diagnosis, "the intended use"),
    ):
        if not text:
            continue
        fits = _longest_fitting(document, field, text, page)
        if fits is not None and fits >= 20:
            return {
                field: f"{lead} with everything else on it: shorten {what} to about {fits:,} characters "
                f"(it has {len(text):,})."
            }
    if len(medication.steps) > 1:
        return {
            "steps": f"{lead}: use fewer dose steps, or shorten the note to the pharmacist or the "
            "intended use."
        }
    return {
        "prescriber_id": f"{lead}: the names and addresses on it are too long to print; shorten them in "
        "the patient's chart, the pharmacy directory or the clinic profile."
    }


def _longest_fitting(document: PrescriptionDocument, field: str, text: str, page: CompactPage) -> int | None:
    """The longest start of `text` (in characters) with which the page fits, or None."""

    def fits(length: int) -> bool:
        shorter = text[:length] or None
        if field == "pharmacist_note":
            medication = dataclasses.replace(document.medication, pharmacist_note=shorter)
        else:
            medication = dataclasses.replace(document.medication, diagnosis=shorter)
        return overflow(dataclasses.replace(document, medication=medication), page) <= 0

    if not fits(0):
        return None
    low, high = 0, len(text)
    while low < high:  # the longest length that fits
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return (low // 10) * 10  # a round number, and a little room
