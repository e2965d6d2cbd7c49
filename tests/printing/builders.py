"""Complete, valid documents for the printing tests, and quick ways to vary them.

Texts are written the way the domain formats them (ISMP-safe doses, quantity and refills
in figures and words), since the printing package lays them out and never reformats.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ldnclinic.domain.prescriptions.document import (
    MedicationBlock,
    PatientBlock,
    PharmacyBlock,
    PracticeBlock,
    PrescriberBlock,
    PrescriptionDocument,
)
from ldnclinic.domain.prescriptions.doses import format_amount, format_mg, number_words
from ldnclinic.printing.fax_cover import FaxCover

CENTRAL = ZoneInfo("America/Chicago")
ISSUED = date(2026, 12, 1)
PRINTED = datetime(2026, 12, 1, 9, 14, tzinfo=CENTRAL)
SERIAL = "RX-2026-000123"
NPI = "1234567893"  # passes the NPI Luhn check


def practice(**changes: Any) -> PracticeBlock:
    base = PracticeBlock(
        name="Hill Country LDN Clinic",
        street="100 Congress Ave, Suite 200",
        city="Austin",
        state="TX",
        zip="78701",
        phone="(512) 555-0100",
        fax="(512) 555-0101",
    )
    return dataclasses.replace(base, **changes)


def physician(**changes: Any) -> PrescriberBlock:
    base = PrescriberBlock(name="Elena García", credentials="MD", npi=NPI, texas_license="R4821")
    return dataclasses.replace(base, **changes)


def physician_assistant(**changes: Any) -> PrescriberBlock:
    base = PrescriberBlock(
        name="Kari Ødegård",
        credentials="PA-C",
        npi="1245319599",
        texas_license="PA09876",
        supervising_name="Elena García",
        supervising_credentials="MD",
        supervising_address="100 Congress Ave, Suite 200, Austin, TX 78701",
        supervising_phone="(512) 555-0100",
        supervising_npi=NPI,
        supervising_texas_license="R4821",
    )
    return dataclasses.replace(base, **changes)


def patient(**changes: Any) -> PatientBlock:
    base = PatientBlock(
        name="Nguyễn Thị Hằng",
        date_of_birth=date(1961, 3, 2),
        street="1400 S Congress Ave, Apt 3",
        city_line="Austin, TX 78704",
        phone="(512) 555-0142",
        mrn="000123",
    )
    return dataclasses.replace(base, **changes)


def pharmacy(**changes: Any) -> PharmacyBlock:
    base = PharmacyBlock(
        name="Peña & Sons Compounding Pharmacy",
        address="2200 Guadalupe St, Austin, TX 78705",
        phone="(512) 555-0170",
        fax="(512) 555-0171",
    )
    return dataclasses.replace(base, **changes)


def medication(**changes: Any) -> MedicationBlock:
    """1.5 mg capsules: 1.5 mg for 14 days, 3 mg for 14 days, then 4.5 mg; 30 days' supply."""
    base = MedicationBlock(
        drug="Naltrexone HCl",
        strength="1.5 mg per capsule",
        dosage_form="capsule",
        release="compounded, immediate release",
        base="microcrystalline cellulose (Avicel)",
        flavour=None,
        quantity="48 (forty-eight) capsules",
        days_supply=30,
        directions=(
            "Take 1 capsule (1.5 mg) by mouth once a day at bedtime for 14 days, then take 2 capsules "
            "(3 mg) by mouth once a day at bedtime for 14 days, then take 3 capsules (4.5 mg) by mouth "
            "once a day at bedtime from then on."
        ),
        steps=(
            "Days 1-14 (Dec 1-Dec 14): 1.5 mg = 1 capsule at bedtime",
            "Days 15-28 (Dec 15-Dec 28): 3 mg = 2 capsules at bedtime",
            "Day 29 on (Dec 29 on): 4.5 mg = 3 capsules at bedtime",
        ),
        refills="2 (two)",
        diagnosis="Fibromyalgia (M79.7)",
        diagnosis_omitted=False,
        pharmacist_note="Immediate release only. No calcium carbonate filler, please.",
    )
    return dataclasses.replace(base, **changes)


def long_plan_medication() -> MedicationBlock:
    """0.5 mg capsules: +0.5 mg every 7 days from 0.5 mg to 4.5 mg (9 steps), 90 days' supply."""
    doses = [Decimal("0.5") * n for n in range(1, 10)]
    steps, clauses, used = [], [], 0
    for index, dose in enumerate(doses):
        first_day, last_day = 7 * index + 1, 7 * index + 7
        capsules = index + 1
        unit = "capsule" if capsules == 1 else "capsules"
        start = ISSUED + timedelta(days=first_day - 1)
        if index < len(doses) - 1:
            end = ISSUED + timedelta(days=last_day - 1)
            when = f"Days {first_day}-{last_day} ({start:%b} {start.day}-{end:%b} {end.day})"
            span, days_taken = "for 7 days", 7
        else:
            when = f"Day {first_day} on ({start:%b} {start.day} on)"
            span, days_taken = "from then on", 90 - 7 * index
        steps.append(f"{when}: {format_mg(dose)} = {capsules} {unit} at bedtime")
        verb = "Take" if index == 0 else "then take"
        clauses.append(f"{verb} {capsules} {unit} ({format_mg(dose)}) by mouth once a day at bedtime {span}")
        used += capsules * days_taken
    return medication(
        strength="0.5 mg per capsule",
        quantity=f"{format_amount(used)} ({number_words(used)}) capsules",
        days_supply=90,
        directions=", ".join(clauses) + ".",
        steps=tuple(steps),
        refills="0 (zero)",
        flavour=None,
    )


def prescription(**changes: Any) -> PrescriptionDocument:
    """A complete original prescription from a physician, pharmacy named."""
    base = PrescriptionDocument(
        serial=SERIAL,
        issued_on=ISSUED,
        printed_at=PRINTED,
        practice=practice(),
        prescriber=physician(),
        patient=patient(),
        medication=medication(),
        pharmacy=pharmacy(),
    )
    return dataclasses.replace(base, **changes)


def pa_prescription_with_long_plan(**changes: Any) -> PrescriptionDocument:
    """The fullest page there is: a PA (supervising block), 9 titration steps, every field set."""
    fields: dict[str, Any] = {
        "prescriber": physician_assistant(),
        "patient": patient(name="Peña, José"),
        "medication": long_plan_medication(),
    }
    return prescription(**(fields | changes))


def fax_cover(**changes: Any) -> FaxCover:
    base = FaxCover(
        from_name="Hill Country LDN Clinic",
        from_phone="(512) 555-0100",
        from_fax="(512) 555-0101",
        to_name="Peña & Sons Compounding Pharmacy",
        to_fax="(512) 555-0171",
        to_phone="(512) 555-0170",
        sent_on=ISSUED,
        pages=2,
        callback="(512) 555-0100",
        sender="Jordan Washington",
        note="New prescription for Nguyễn Thị Hằng follows (1 page). Please call us with any question.",
    )
    return dataclasses.replace(base, **changes)


# --- reading a PDF back (poppler-utils) ------------------------------------------------------


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = True, diagonal: bool = True) -> str:
    """The text pdftotext extracts; `diagonal=False` leaves out watermarks drawn corner to corner."""
    path = _write(pdf, tmp_path)
    options = ["-enc", "UTF-8", *(["-layout"] if layout else []), *([] if diagonal else ["-nodiag"])]
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def flat(text: str) -> str:
    """Text with every run of whitespace made one space: wrapped lines read as one."""
    return " ".join(text.split())


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = _write(pdf, tmp_path)
    output = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {
        key.strip(): value.strip() for key, _, value in (line.partition(":") for line in output.splitlines())
    }


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font the PDF uses."""
    path = _write(pdf, tmp_path)
    output = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    fonts = []
    for line in output.splitlines()[2:]:
        name, *_, emb, _sub, _uni, _object, _generation = line.split()
        fonts.append((name, emb == "yes"))
    return fonts


def page_pixels(pdf: bytes, tmp_path: Path, dpi: int = 20) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of page 1, rendered by pdftoppm."""
    path = _write(pdf, tmp_path)
    ppm = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", str(path)], check=True, capture_output=True
    ).stdout
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    assert header is not None, "pdftoppm did not give a binary RGB picture"
    return int(header[1]), int(header[2]), ppm[header.end() :]


def _write(pdf: bytes, tmp_path: Path) -> Path:
    path = tmp_path / f"document-{hashlib.sha256(pdf).hexdigest()[:12]}.pdf"
    path.write_bytes(pdf)
    return path
