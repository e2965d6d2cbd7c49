"""Prescription PDF speed: one page through `render_prescription` against a bare ReportLab canvas
page carrying the same text in the same embedded font, measured in the same run; then a batch.

Usage: python benchmarks/rx_pdf.py [--repeats R] [--batch N] [--batches B]

- cold: the first prescription in this process (reads and registers the DejaVu fonts);
- prescription: `render_prescription` for the fullest page there is (a PA with a supervising
  physician, a 9-step titration plan, pharmacy, notes), median of R;
- bare canvas: the same strings drawn line by line with `canvas.drawString`, same fonts, no
  layout, median of R: the floor ReportLab itself sets on this machine;
- batch: N prescriptions with distinct serials rendered one after another (median of B runs).
  Target: a batch of 100 under 3 s.
No asserts: these are measurements to read, compare and keep in the closing notes.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from demo_database import median  # also puts the repository on sys.path

from ldnclinic.domain.prescriptions.document import (
    MedicationBlock,
    PatientBlock,
    PharmacyBlock,
    PracticeBlock,
    PrescriberBlock,
    PrescriptionDocument,
)


def sample_document() -> PrescriptionDocument:
    """A PA's prescription with a 9-step plan: +0.5 mg a week from 0.5 mg to 4.5 mg, 90 days."""
    issued = date(2026, 12, 1)
    steps, clauses = [], []
    for index in range(9):
        dose = f"{(index + 1) * 0.5:g} mg"
        count = index + 1
        unit = "capsule" if count == 1 else "capsules"
        start = issued + timedelta(days=7 * index)
        if index < 8:
            end = start + timedelta(days=6)
            when = f"Days {7 * index + 1}-{7 * index + 7} ({start:%b} {start.day}-{end:%b} {end.day})"
            span = "for 7 days"
        else:
            when, span = f"Day {7 * index + 1} on ({start:%b} {start.day} on)", "from then on"
        steps.append(f"{when}: {dose} = {count} {unit} at bedtime")
        verb = "Take" if index == 0 else "then take"
        clauses.append(f"{verb} {count} {unit} ({dose}) by mouth once a day at bedtime {span}")
    return PrescriptionDocument(
        serial="RX-2026-000123",
        issued_on=issued,
        printed_at=datetime(2026, 12, 1, 9, 14, tzinfo=ZoneInfo("America/Chicago")),
        practice=PracticeBlock(
            name="Hill Country LDN Clinic",
            street="100 Congress Ave, Suite 200",
            city="Austin",
            state="TX",
            zip="78701",
            phone="(512) 555-0100",
            fax="(512) 555-0101",
        ),
        prescriber=PrescriberBlock(
            name="Kari Ødegård",
            credentials="PA-C",
            npi="1245319599",
            texas_license="PA09876",
            supervising_name="Elena García",
            supervising_credentials="MD",
            supervising_address="100 Congress Ave, Suite 200, Austin, TX 78701",
            supervising_phone="(512) 555-0100",
            supervising_npi="1234567893",
        ),
        patient=PatientBlock(
            name="Nguyễn Thị Hằng",
            date_of_birth=date(1961, 3, 2),
            street="1400 S Congress Ave, Apt 3",
            city_line="Austin, TX 78704",
            phone="(512) 555-0142",
            mrn="000123",
        ),
        medication=MedicationBlock(
            drug="Naltrexone HCl",
            strength="0.5 mg per capsule",
            dosage_form="capsule",
            release="compounded, immediate release",
            base="microcrystalline cellulose (Avicel)",
            flavour=None,
            quantity="558 (five hundred fifty-eight) capsules",
            days_supply=90,
            directions=", ".join(clauses) + ".",
            steps=tuple(steps),
            refills="0 (zero)",
            diagnosis="Fibromyalgia (M79.7)",
            diagnosis_omitted=False,
            pharmacist_note="Immediate release only. No calcium carbonate filler, please.",
        ),
        pharmacy=PharmacyBlock(
            name="Peña & Sons Compounding Pharmacy",
            address="2200 Guadalupe St, Austin, TX 78705",
            phone="(512) 555-0170",
            fax="(512) 555-0171",
        ),
    )


def page_lines(doc: PrescriptionDocument) -> list[str]:
    """Every string the prescription prints, in page order, long texts cut into 100-character lines."""
    practice, prescriber, patient, medication = doc.practice, doc.prescriber, doc.patient, doc.medication
    texts = [
        practice.name, practice.street, practice.city_line, practice.phone, practice.fax or "",
        doc.serial, f"Issued {doc.issued_on:%m/%d/%Y}",
        patient.name, f"DOB {patient.date_of_birth:%m/%d/%Y}", f"MRN {patient.mrn}",
        patient.street or "", patient.city_line or "", patient.phone or "",
        prescriber.signature_name, f"NPI {prescriber.npi}", f"Texas license {prescriber.texas_license}",
        f"{prescriber.supervising_name}, {prescriber.supervising_credentials}",
        prescriber.supervising_address or "", prescriber.supervising_phone or "",
        *(dataclasses.astuple(doc.pharmacy) if doc.pharmacy else ()),
        f"Rx {medication.drug} {medication.strength}", medication.dosage_form, medication.release,
        medication.base, medication.quantity, f"{medication.days_supply} days", medication.refills,
        medication.directions, *medication.steps, medication.diagnosis or "",
        medication.pharmacist_note or "", "SECURITY FEATURES " + "legend text " * 40,
        prescriber.signature_name, "Printed 12/01/2026 9:14 AM CST", "Page 1 of 1",
    ]  # fmt: skip
    lines = []
    for text in texts:
        lines += [text[start : start + 100] for start in range(0, max(len(text), 1), 100)]
    return lines


def bare_canvas_page(lines: list[str], fonts: tuple[str, str]) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, initialFontName=fonts[0])
    y = LETTER[1] - 40
    for number, line in enumerate(lines):
        canvas.setFont(fonts[number % 2], 8)
        canvas.drawString(40, y, line)
        y -= 9.6
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds per call."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="single pages measured of each kind")
    parser.add_argument("--batch", type=int, default=100, help="prescriptions in one batch")
    parser.add_argument("--batches", type=int, default=3, help="batches measured")
    args = parser.parse_args()

    started = time.perf_counter()
    from ldnclinic.printing.fonts import SANS, SANS_BOLD
    from ldnclinic.printing.prescription import render_prescription

    imported = (time.perf_counter() - started) * 1000
    doc = sample_document()
    started = time.perf_counter()
    size = len(render_prescription(doc))
    cold = (time.perf_counter() - started) * 1000
    lines = page_lines(doc)
    bare_size = len(bare_canvas_page(lines, (SANS, SANS_BOLD)))

    rx_ms, bare_ms = [], []
    for _ in range(args.repeats):  # interleaved, so drift on a busy machine hits both alike
        rx_ms += timed(lambda: render_prescription(doc), 1)
        bare_ms += timed(lambda: bare_canvas_page(lines, (SANS, SANS_BOLD)), 1)

    batch = [dataclasses.replace(doc, serial=f"RX-2026-{number:06d}") for number in range(args.batch)]
    batch_s, batch_cpu_s = [], []
    for _ in range(args.batches):
        wall, cpu = time.perf_counter(), time.process_time()
        for one in batch:
            render_prescription(one)
        batch_s.append(time.perf_counter() - wall)
        batch_cpu_s.append(time.process_time() - cpu)
    report(imported, cold, size, bare_size, len(lines), rx_ms, bare_ms, batch_s, batch_cpu_s, args)


def report(
    imported: float,
    cold: float,
    size: int,
    bare_size: int,
    line_count: int,
    rx_ms: list[float],
    bare_ms: list[float],
    batch_s: list[float],
    batch_cpu_s: list[float],
    args: argparse.Namespace,
) -> None:
    rx, bare = median(rx_ms), median(bare_ms)
    print(
        f"Importing the printing package: {imported:.0f} ms; first prescription (loads fonts): {cold:.0f} ms"
    )
    print(f"One prescription (9-step PA page), median of {args.repeats}: {rx:.1f} ms, {size / 1024:.0f} KiB")
    print(f"Bare canvas page, same {line_count} lines and fonts: {bare:.1f} ms, {bare_size / 1024:.0f} KiB")
    print(f"Ratio prescription / bare canvas: {rx / bare:.1f}x")
    seconds, cpu = median(batch_s), median(batch_cpu_s)
    verdict = "meets" if seconds < 3 else "MISSES"
    print(
        f"Batch of {args.batch} prescriptions, median of {args.batches}: {seconds:.2f} s wall "
        f"({seconds * 1000 / args.batch:.1f} ms each), {cpu:.2f} s CPU; target under 3 s: {verdict}"
    )
    print(
        f"Batch / ({args.batch} x bare canvas page): {seconds / (args.batch * bare / 1000):.1f}x "
        "(wall clock drifts on a busy machine; the CPU time and the ratios drift less)"
    )


if __name__ == "__main__":
    main()
