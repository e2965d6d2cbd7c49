"""The printed prescription: every Texas element readable in the PDF, the security features, the markings.

PDFs are built with invariant=True and read back with poppler's pdftotext, pdfinfo, pdffonts
and pdftoppm: the tests compare extracted text, never a stored PDF.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget

from ldnclinic.domain.prescriptions.document import PrescriptionDocument, missing_elements
from ldnclinic.domain.prescriptions.page import PageOverflowError
from ldnclinic.domain.prescriptions.titration import MAX_STEPS
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import SANS, SANS_BOLD
from ldnclinic.printing.prescription import CHART_COPY_TEXT, PREVIEW_TEXT, render_prescription, serial_qr
from ldnclinic.printing.templates import microprint, printed_stamp, qr_code
from tests.printing import builders as b
from tests.support.pdf_pages import assert_one_page


def text_of(doc: PrescriptionDocument, tmp_path: Path, **options: bool) -> str:
    return b.pdf_text(render_prescription(doc, invariant=True), tmp_path, **options)


def test_the_sample_documents_are_complete() -> None:
    assert missing_elements(b.prescription()) == []
    assert missing_elements(b.pa_prescription_with_long_plan()) == []


def test_every_required_element_is_printed(tmp_path: Path) -> None:
    doc = b.prescription()
    text = text_of(doc, tmp_path)
    flat = b.flat(text)
    practice, patient, medication = doc.practice, doc.patient, doc.medication
    expected = [
        # the clinic: where the order was issued
        practice.name,
        f"{practice.street}, {practice.city_line}",
        "Phone (512) 555-0100",
        "Fax (512) 555-0101",
        # the prescriber
        "Elena García, MD",
        "NPI 1234567893",
        "Texas license R4821",
        # date issued and the serial
        "Issued 12/01/2026",
        "RX-2026-000123",
        # the patient
        patient.name,
        "DOB 03/02/1961",
        "MRN 000123",
        "1400 S Congress Ave, Apt 3, Austin, TX 78704",
        "Phone (512) 555-0142",
        # the medication
        "Rx Naltrexone HCl 1.5 mg per capsule",
        "Dosage form capsule",
        "compounded, immediate release",
        "Base microcrystalline cellulose (Avicel)",
        "QUANTITY",
        "48 (forty-eight) capsules",
        "DAYS SUPPLY",
        "30 days",
        "REFILLS",
        "2 (two)",
        "DIRECTIONS",
        medication.directions,
        "INTENDED USE",
        "Fibromyalgia (M79.7)",
        "NOTE TO THE PHARMACIST",
        "Immediate release only. No calcium carbonate filler, please.",
        # the pharmacy it goes to
        "TO PHARMACY",
        "Peña & Sons Compounding Pharmacy",
        "2200 Guadalupe St, Austin, TX 78705",
        "Phone (512) 555-0170 Fax (512) 555-0171",
        # signature, legend and footer
        "Prescriber's signature",
        "SECURITY FEATURES",
        "Printed 12/01/2026 9:14 AM CST",
        "Page 1 of 1",
    ]
    missing = [item for item in expected if item not in flat]
    assert missing == []


def test_the_titration_steps_are_printed_in_order(tmp_path: Path) -> None:
    doc = b.pa_prescription_with_long_plan()
    lines = text_of(doc, tmp_path).splitlines()
    rows = [b.flat(line) for line in lines if re.match(r"^\s*\d\. Days? \d", line)]
    expected = [f"{number}. {step.replace(': ', ' ')}" for number, step in enumerate(doc.medication.steps, 1)]
    assert rows == expected
    assert rows[-1] == "9. Day 57 on (Jan 26 on) 4.5 mg = 9 capsules at bedtime"


def test_a_prescription_without_steps_or_notes_still_prints(tmp_path: Path) -> None:
    medication = b.medication(steps=(), pharmacist_note=None, diagnosis=None, diagnosis_omitted=True)
    flat = b.flat(text_of(b.prescription(medication=medication, pharmacy=None), tmp_path))
    assert "Naltrexone HCl 1.5 mg per capsule" in flat
    for absent in ("TITRATION SCHEDULE", "NOTE TO THE PHARMACIST", "INTENDED USE", "TO PHARMACY"):
        assert absent not in flat


def test_the_flavour_is_printed_when_given(tmp_path: Path) -> None:
    medication = b.medication(dosage_form="oral liquid", strength="1 mg/mL", flavour="cherry")
    flat = b.flat(text_of(b.prescription(medication=medication), tmp_path))
    assert "Naltrexone HCl 1 mg/mL" in flat
    assert "Dosage form oral liquid" in flat
    assert "Flavour cherry" in flat


@pytest.mark.parametrize("name", ["Nguyễn Thị Hằng", "Peña, José", "Ødegård, Ingrid", "Łukasz Żółć-Ďurčo"])
def test_names_in_any_script_survive(tmp_path: Path, name: str) -> None:
    doc = b.prescription(patient=b.patient(name=name), prescriber=b.physician_assistant())
    flat = b.flat(text_of(doc, tmp_path))
    assert name in flat
    assert "Kari Ødegård, PA-C" in flat


def test_text_is_printed_as_typed_never_read_as_markup(tmp_path: Path) -> None:
    note = "Label A & B <separately>; dose < 5 mg"
    doc = b.prescription(
        medication=b.medication(pharmacist_note=note), pharmacy=b.pharmacy(name="Smith & Co")
    )
    flat = b.flat(text_of(doc, tmp_path))
    assert note in flat
    assert "Smith & Co" in flat


def test_doses_keep_their_safe_forms(tmp_path: Path) -> None:
    flat = b.flat(text_of(b.pa_prescription_with_long_plan(), tmp_path))
    assert "0.5 mg" in flat
    assert "4.5 mg" in flat
    assert not re.search(r"(?<![\d])\.\d+\s*mg", flat), "a dose without a leading zero"
    assert not re.search(r"\d\.\d*0\s*mg", flat), "a dose with a trailing zero"


def right_column(text: str) -> list[str]:
    """The lines of the prescriber's column, from its heading down to the medication block."""
    lines = text.splitlines()
    start = next(index for index, line in enumerate(lines) if "PATIENT" in line and "PRESCRIBER" in line)
    column = lines[start].index("PRESCRIBER")
    found = []
    for line in lines[start:]:
        if line.lstrip().startswith("Rx "):
            break
        if part := b.flat(line[column:]):
            found.append(part)
    return found


def test_a_physician_assistant_prints_the_supervising_physician(tmp_path: Path) -> None:
    text = text_of(b.pa_prescription_with_long_plan(), tmp_path)
    assert right_column(text) == [
        "PRESCRIBER",
        "Kari Ødegård, PA-C",
        "NPI 1245319599",
        "Texas license PA09876",
        "SUPERVISING PHYSICIAN",
        "Elena García, MD",
        "100 Congress Ave, Suite 200, Austin, TX 78701",
        "Phone (512) 555-0100",
        "NPI 1234567893 Texas license R4821",
    ]


def test_a_physician_prints_no_supervising_block(tmp_path: Path) -> None:
    # Even with supervising details filled in, an MD signs alone.
    prescriber = b.physician(supervising_name="Someone Else", supervising_credentials="MD")
    text = text_of(b.prescription(prescriber=prescriber), tmp_path)
    assert right_column(text)[:4] == [
        "PRESCRIBER",
        "Elena García, MD",
        "NPI 1234567893",
        "Texas license R4821",
    ]
    assert "SUPERVISING" not in text
    assert "Someone Else" not in text


def test_an_omitted_diagnosis_is_not_printed(tmp_path: Path) -> None:
    medication = b.medication(diagnosis="Fibromyalgia (M79.7)", diagnosis_omitted=True)
    flat = b.flat(text_of(b.prescription(medication=medication), tmp_path))
    assert "INTENDED USE" not in flat
    assert "Fibromyalgia" not in flat
    assert "NOTE TO THE PHARMACIST" in flat


def test_one_signature_line_made_of_microprint(tmp_path: Path) -> None:
    text = text_of(b.prescription(), tmp_path)
    line = f"{styles.MICROPRINT_TEXT} {styles.MICROPRINT_TEXT} {styles.MICROPRINT_TEXT}"
    assert sum(line in row for row in text.splitlines()) == 1
    assert styles.MICROPRINT_SIZE <= 1
    assert "Elena García, MD Prescriber's signature · Date issued 12/01/2026" in b.flat(text)


def test_microprint_fills_the_line_and_no_more() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ldnclinic.printing.fonts import register_fonts

    register_fonts()
    width = styles.SIGNATURE_LINE_WIDTH
    text = microprint("ORIGINAL", width, SANS_BOLD, 0.9)
    assert text.startswith("ORIGINAL ORIGINAL ORIGINAL")
    assert width - 3 < stringWidth(text, SANS_BOLD, 0.9) <= width


def test_the_serial_is_prominent_and_the_qr_code_holds_only_the_serial(tmp_path: Path) -> None:
    doc = b.prescription(serial="RX-2026-004711")
    text = text_of(doc, tmp_path)
    assert "PRESCRIPTION SERIAL NO." in text
    assert "RX-2026-004711" in text
    assert serial_qr(doc.serial).value == "RX-2026-004711"


def test_the_qr_code_matches_reportlabs_own_encoder() -> None:
    # No decoder is installed: compare the modules with those of ReportLab's QR widget instead.
    code = serial_qr("RX-2026-004711")
    widget = QrCodeWidget("RX-2026-004711", barLevel="M")
    code.qr.make()
    widget.qr.make()
    assert code.qr.modules == widget.qr.modules
    assert code.qrBorder == 4  # the quiet zone readers need
    assert code.width == code.height == styles.QR_SIZE


def test_a_qr_code_takes_ascii_only() -> None:
    assert qr_code("RX-2026-000001", 50).value == "RX-2026-000001"
    with pytest.raises(ValueError, match="ASCII"):
        qr_code("RX-2026-Ø", 50)
    with pytest.raises(ValueError, match="ASCII"):
        qr_code("  ", 50)


def test_the_security_legend_names_each_feature(tmp_path: Path) -> None:
    flat = b.flat(text_of(b.prescription(), tmp_path, layout=False))
    for phrase in (
        "security paper",
        "microprint",
        "The serial number is unique to this prescription; the QR code holds only that number.",
        "Quantity and refills are written in figures and in words.",
        "Any change voids the original.",
        "call the clinic at (512) 555-0100",
    ):
        assert phrase in flat


def test_an_original_carries_no_reprint_or_copy_marking(tmp_path: Path) -> None:
    flat = b.flat(text_of(b.prescription(), tmp_path))
    assert "REPRINT" not in flat
    assert "COPY" not in flat


def test_a_reprint_says_so_and_names_the_original(tmp_path: Path) -> None:
    doc = b.prescription(serial="RX-2026-000130", reprint_of="RX-2026-000123")
    flat = b.flat(text_of(doc, tmp_path))
    assert "REPRINT of original serial RX-2026-000123 issued 12/01/2026" in flat
    assert "COPY" not in flat
    assert "RX-2026-000130" in flat
    assert b.pdf_info(render_prescription(doc, invariant=True), tmp_path)["Title"].endswith("(reprint)")


def test_a_chart_copy_is_marked_in_the_header_and_across_the_page(tmp_path: Path) -> None:
    doc = b.prescription(chart_copy=True)
    pdf = render_prescription(doc, invariant=True)
    header = b.flat(b.pdf_text(pdf, tmp_path, diagonal=False))
    assert f"CHART COPY · {CHART_COPY_TEXT}" in header
    assert "REPRINT" not in header
    assert "48 (forty-eight) capsules" in header  # the watermark hides nothing from the text
    # The diagonal watermark: reddish pixels in the lower left quarter, where an original has none.
    assert _reddish_share(pdf, tmp_path) > 0.01
    assert _reddish_share(render_prescription(b.prescription(), invariant=True), tmp_path) == 0


def test_a_chart_copy_of_a_reprint_carries_both_markings(tmp_path: Path) -> None:
    doc = b.prescription(serial="RX-2026-000130", reprint_of="RX-2026-000123", chart_copy=True)
    flat = b.flat(text_of(doc, tmp_path, diagonal=False))
    assert "REPRINT of original serial RX-2026-000123 issued 12/01/2026" in flat
    assert f"CHART COPY · {CHART_COPY_TEXT}" in flat


def test_a_preview_is_watermarked_and_has_no_serial_or_qr_code(tmp_path: Path) -> None:
    doc = b.prescription(serial="", preview=True)
    pdf = render_prescription(doc, invariant=True)
    assert b.pdf_info(pdf, tmp_path)["Pages"] == "1"
    header = b.flat(b.pdf_text(pdf, tmp_path, diagonal=False))
    assert "PREVIEW · NOT VALID FOR DISPENSING · serial number assigned when printed" in header
    assert "Assigned when printed" in header and "QR code" in header  # where the serial and its code go
    assert "48 (forty-eight) capsules" in header  # the watermark hides nothing
    assert re.search(r"RX-\d", header) is None
    path = tmp_path / "preview.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True)
    assert "".join(PREVIEW_TEXT.split()) in "".join(raw.stdout.split())  # across the page, a letter a line
    assert _reddish_share(pdf, tmp_path) > 0.01
    info = b.pdf_info(pdf, tmp_path)
    assert (info["Title"], info["Subject"]) == (
        "Prescription preview",
        "Prescription preview from Hill Country LDN Clinic",
    )


def test_a_preview_of_a_reprint_keeps_the_serial_and_both_markings(tmp_path: Path) -> None:
    doc = b.prescription(serial="RX-2026-000123", reprint_of="RX-2026-000123", preview=True)
    pdf = render_prescription(doc, invariant=True)
    header = b.flat(b.pdf_text(pdf, tmp_path, diagonal=False))
    assert "PREVIEW · NOT VALID FOR DISPENSING REPRINT of original serial RX-2026-000123" in header
    assert "assigned when printed" not in header
    assert b.pdf_info(pdf, tmp_path)["Title"] == "Prescription RX-2026-000123 (reprint) (preview)"


def _reddish_share(pdf: bytes, tmp_path: Path) -> float:
    width, height, pixels = b.page_pixels(pdf, tmp_path)
    reddish = total = 0
    for y in range(height // 2, height):
        for x in range(width // 2):
            red, green, blue = pixels[3 * (y * width + x) : 3 * (y * width + x) + 3]
            total += 1
            reddish += red > green + 12 and red > blue + 12
    return reddish / total


def test_the_page_footer_shows_the_print_time_in_the_clinic_zone(tmp_path: Path) -> None:
    summer = datetime(2026, 6, 15, 13, 5, tzinfo=ZoneInfo("America/Chicago"))
    flat = b.flat(text_of(b.prescription(printed_at=summer), tmp_path))
    assert "Printed 06/15/2026 1:05 PM CDT" in flat
    assert "Page 1 of 1" in flat


@pytest.mark.parametrize(
    ("moment", "stamp"),
    [
        (datetime(2026, 12, 1, 0, 7, tzinfo=ZoneInfo("America/Chicago")), "Printed 12/01/2026 12:07 AM CST"),
        (datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("America/Chicago")), "Printed 12/01/2026 12:00 PM CST"),
        (datetime(2026, 12, 1, 23, 59), "Printed 12/01/2026 11:59 PM"),
    ],
)
def test_printed_stamp(moment: datetime, stamp: str) -> None:
    assert printed_stamp(moment) == stamp


def test_a_nine_step_plan_from_a_pa_fits_on_one_page(tmp_path: Path) -> None:
    doc = b.pa_prescription_with_long_plan()
    assert len(doc.medication.steps) == 9
    pdf = render_prescription(doc, invariant=True)
    assert b.pdf_info(pdf, tmp_path)["Pages"] == "1"
    for marking in (True, False):  # a banner takes room too
        marked = dataclasses.replace(doc, chart_copy=marking, reprint_of="RX-2026-000100")
        assert b.pdf_info(render_prescription(marked, invariant=True), tmp_path)["Pages"] == "1"
    for serial in ("", doc.serial):  # a preview, before the original and of a reprint
        preview = dataclasses.replace(doc, serial=serial, reprint_of=serial or None, preview=True)
        assert b.pdf_info(render_prescription(preview, invariant=True), tmp_path)["Pages"] == "1"


def test_a_plan_too_long_for_the_regular_page_is_set_compact_on_one_page(tmp_path: Path) -> None:
    long_plan = b.long_plan_medication()
    # 24 steps, the most the editor allows, and no short form for two columns (as in a
    # snapshot archived before it existed): one column, in the compact type.
    steps = (long_plan.steps * 3)[:MAX_STEPS]
    doc = b.pa_prescription_with_long_plan(medication=dataclasses.replace(long_plan, steps=steps))
    pdf = render_prescription(doc, invariant=True)
    assert_one_page(pdf)
    assert b.pdf_info(pdf, tmp_path)["Pages"] == "1"
    text = b.pdf_text(pdf, tmp_path)
    assert "Prescriber's signature" in text
    assert "Page 1 of 1" in text
    assert text.count("Days 1-7 (Dec 1-Dec 7)") == 3  # every step printed
    assert "24." in text


def test_a_script_too_long_even_for_the_compact_page_is_refused(tmp_path: Path) -> None:
    long_plan = b.long_plan_medication()
    medication = dataclasses.replace(long_plan, steps=long_plan.steps * 8, pharmacist_note="Dye-free. " * 100)
    with pytest.raises(PageOverflowError, match="does not fit on one page"):
        render_prescription(b.pa_prescription_with_long_plan(medication=medication), invariant=True)


def test_same_input_gives_the_same_bytes() -> None:
    first = render_prescription(b.pa_prescription_with_long_plan(), invariant=True)
    second = render_prescription(b.pa_prescription_with_long_plan(), invariant=True)
    assert first == second
    assert first.startswith(b"%PDF-")


def test_only_the_embedded_dejavu_fonts_are_used(tmp_path: Path) -> None:
    fonts = b.pdf_fonts(render_prescription(b.prescription(chart_copy=True), invariant=True), tmp_path)
    assert {name.split("+")[-1] for name, _ in fonts} == {SANS, SANS_BOLD}
    assert all(embedded for _, embedded in fonts)


def test_the_pdf_describes_itself(tmp_path: Path) -> None:
    info = b.pdf_info(render_prescription(b.prescription(), invariant=True), tmp_path)
    assert info["Title"] == "Prescription RX-2026-000123"
    assert info["Author"] == "Elena García, MD"
    assert info["Subject"] == "Prescription RX-2026-000123 from Hill Country LDN Clinic"
    assert info["Page size"].startswith("612 x 792 pts")
