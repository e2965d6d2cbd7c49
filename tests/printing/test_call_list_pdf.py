"""The follow-up call list: every row readable, grouped by bucket, the headings repeated on every page."""

from __future__ import annotations

import bisect
import dataclasses
import html
import itertools
import re
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

from ldnclinic.domain.followups.documents import CallListDocument, CallListRow, ClinicHeader
from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.followups.worklist import Bucket, FollowupStatus
from ldnclinic.printing.call_list import COLUMNS, NOTHING_DUE, PHI_NOTICE, WIDTHS, render_call_list
from ldnclinic.printing.fonts import SANS, SANS_BOLD
from ldnclinic.printing.styles import LETTER_LANDSCAPE as PAGE
from tests.printing import builders as b

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')
TODAY = b.PRINTED.date()  # 12/01/2026
LONG_REASON = (
    "The dispensed supply (first fill and 2 refills) runs out on 12/08/2026: renew the prescription "
    "in time. The patient asked for a call after 3 PM on weekdays because of work; confirm the "
    "compounding pharmacy (Peña & Sons) has the new strength in stock before promising a date."
)
PEOPLE = [
    ("Nguyễn Thị Hằng", "000123", "(512) 555-0142", date(1961, 3, 2)),
    ("Peña, José", "000124", "(512) 555-0143", date(1975, 11, 30)),
    ("O'Brien, Siobhán", "000125", "(737) 555-0199", date(1988, 7, 4)),
    ("Ødegård, Kari", "000126", None, None),
    ("Washington, Jordan", "000127", "(512) 555-0150", date(1959, 1, 15)),
    ("Al-Sayed, Mariam", "000128", "(210) 555-0111", date(1992, 5, 21)),
    ("Kowalczyk-Brzęczyszczykiewicz, Zofia", "000129", "(512) 555-0177", date(1970, 9, 9)),
]


def clinic() -> ClinicHeader:
    return ClinicHeader(
        name="Hill Country LDN Clinic",
        address="100 Congress Ave, Suite 200, Austin, TX 78701",
        phone="(512) 555-0100",
        fax="(512) 555-0101",
    )


def row(index: int, bucket: Bucket, **changes: object) -> CallListRow:
    """A realistic row for the `index`-th person (cycling through PEOPLE), in `bucket`."""
    name, mrn, phone, dob = PEOPLE[index % len(PEOPLE)]
    offset = {Bucket.OVERDUE: -3 - index % 5, Bucket.TODAY: 0, Bucket.THIS_WEEK: 1 + index % 6}
    kinds = list(FollowupType)
    base = CallListRow(
        bucket=bucket,
        work_date=TODAY + timedelta(days=offset.get(bucket, 10 + index)),
        type=kinds[index % len(kinds)],
        status=FollowupStatus.OPEN,
        patient_name=name,
        mrn=f"{int(mrn) + 100 * (index // len(PEOPLE)):06d}",
        phone=phone,
        date_of_birth=dob,
        assignee=("Jordan Washington", "Elena García", None)[index % 3],
        reason="Titration check: the patient reached 4.5 mg; ask about sleep and vivid dreams.",
        attempts=index % 3,
        last_attempt="11/28 phone: no answer" if index % 3 else None,
        scheduled_at=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def mixed_rows(count: int = 25) -> tuple[CallListRow, ...]:
    """`count` rows across all four buckets, with a long reason, a scheduled and a snoozed item."""
    buckets = [Bucket.OVERDUE] * 6 + [Bucket.TODAY] * 4 + [Bucket.THIS_WEEK] * 9 + [Bucket.LATER] * 6
    rows = [row(i, buckets[i % len(buckets)]) for i in range(count)]
    rows[1] = dataclasses.replace(rows[1], reason=LONG_REASON)
    rows[7] = dataclasses.replace(
        rows[7],
        bucket=Bucket.TODAY,
        work_date=TODAY,
        status=FollowupStatus.SCHEDULED,
        scheduled_at=datetime(2026, 12, 1, 14, 30, tzinfo=b.CENTRAL),
    )
    rows[12] = dataclasses.replace(rows[12], status=FollowupStatus.SNOOZED)
    return tuple(sorted(rows, key=lambda item: (list(Bucket).index(item.bucket), item.work_date)))


def call_list(rows: tuple[CallListRow, ...] | None = None) -> CallListDocument:
    return CallListDocument(
        clinic=clinic(),
        title="Follow-up call list",
        scope="Overdue and due through 12/08/2026 · all types · all staff",
        printed_at=b.PRINTED,
        printed_by="Jordan Washington",
        rows=mixed_rows() if rows is None else rows,
    )


def columns_of(doc: CallListDocument, tmp_path: Path) -> dict[str, str]:
    """The text of each column over all pages, top to bottom, from the words' positions on the page.

    pdftotext -layout interleaves cells that wrap onto several lines, so wrapped text is read
    back per column instead: every word goes to the column its left edge falls in.
    """
    path = tmp_path / "call-list.pdf"
    path.write_bytes(render_call_list(doc, invariant=True))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True)
    edges = list(itertools.accumulate(WIDTHS, initial=PAGE.left))
    words: list[tuple[int, float, float, str, str]] = []
    for page, chunk in enumerate(boxes.stdout.split("<page ")[1:]):
        for x, y, word in WORD.findall(chunk):
            column = bisect.bisect_right(edges, float(x)) - 1
            if 0 <= column < len(COLUMNS):
                words.append((page, float(y), float(x), COLUMNS[column], html.unescape(word)))
    words.sort()
    return {name: " ".join(word for *_, column, word in words if column == name) for name in COLUMNS}


def pages_of(doc: CallListDocument, tmp_path: Path) -> list[str]:
    text = b.pdf_text(render_call_list(doc, invariant=True), tmp_path)
    return [page for page in text.split("\f") if page.strip()]


def test_every_row_is_printed(tmp_path: Path) -> None:
    doc = call_list()
    columns = columns_of(doc, tmp_path)
    patients, phones = columns["Patient"], columns["Phone"]
    for item in doc.rows:
        assert f"{item.patient_name} MRN {item.mrn}" in patients.replace("- ", "-")
        if item.date_of_birth:
            assert f"MRN {item.mrn} DOB {item.date_of_birth:%m/%d/%Y}" in patients
        assert (item.phone or "No phone") in phones
    assert phones.count("(512) 555-0142") == sum(item.phone == "(512) 555-0142" for item in doc.rows)
    assert "Unassigned" in columns["Assignee"]
    for expected in ("None yet", "2 attempts", "1 attempt Last: 11/28 phone: no answer"):
        assert expected in columns["Attempts"], expected


def test_unicode_names_and_long_reasons_wrap_intact(tmp_path: Path) -> None:
    columns = columns_of(call_list(), tmp_path)
    patients = columns["Patient"]
    for name in ("Nguyễn Thị Hằng", "Peña, José", "O'Brien, Siobhán", "Ødegård, Kari"):
        assert name in patients, name
    # A long double-barrelled name breaks after its hyphen, never inside a word.
    assert "Kowalczyk- Brzęczyszczykiewicz, Zofia" in patients
    # The long reason wraps over several lines inside its own column, every word kept.
    assert LONG_REASON in columns["Reason"]
    layout = b.pdf_text(render_call_list(call_list(), invariant=True), tmp_path)
    first_line = next(line for line in layout.splitlines() if "The dispensed supply" in line)
    assert "renew the prescription" not in first_line


def test_groups_come_in_bucket_order_with_counts(tmp_path: Path) -> None:
    flat = b.flat("\n".join(pages_of(call_list(), tmp_path)))
    headings = ["Overdue · 6 items", "Due today · 4 items", "This week · 9 items", "Later · 6 items"]
    positions = [flat.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "Overdue 6 · Due today 4 · This week 9 · Later 6 · Total 25" in flat


def test_title_block_and_columns(tmp_path: Path) -> None:
    pages = pages_of(call_list(), tmp_path)
    flat = b.flat(pages[0])
    for expected in (
        "Follow-up call list",
        "Overdue and due through 12/08/2026 · all types · all staff",
        "Hill Country LDN Clinic",
        "Printed 12/01/2026 9:14 AM CST by Jordan Washington",
        "DATE TYPE PATIENT PHONE ASSIGNEE REASON ATTEMPTS NOTES",
        PHI_NOTICE,
        f"Page 1 of {len(pages)}",
    ):
        assert expected in flat, expected


def test_dates_types_and_status(tmp_path: Path) -> None:
    columns = columns_of(call_list(), tmp_path)
    assert "11/24 11/25" in columns["Date"]  # overdue work dates, mm/dd, oldest first
    assert "12/01 2:30 PM" in columns["Date"]  # the scheduled appointment's time
    for label in ("Titration check", "Efficacy review", "Refill due", "Routine review", "Other"):
        assert label in columns["Type"], label
    assert "Refill due Scheduled" in columns["Type"]
    assert "Snoozed" in columns["Type"]
    # The Notes column stays empty for handwriting: nothing from the rows runs into it.
    assert columns["Notes"].count("NOTES") >= 4  # one heading per group, and on every page
    assert not re.search(r"MRN|attempt|Titration|\(512\)", columns["Notes"])


def test_sixty_rows_run_over_pages_with_the_headings_repeated(tmp_path: Path) -> None:
    rows = tuple(row(i, Bucket.OVERDUE if i < 45 else Bucket.LATER) for i in range(60))
    pages = pages_of(call_list(rows), tmp_path)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        flat = b.flat(page)
        assert "PATIENT PHONE ASSIGNEE" in flat, number
        assert re.search(r"(Overdue · 45 items|Later · 15 items)", flat), number
        assert f"Page {number} of {len(pages)}" in flat
        assert PHI_NOTICE in flat
    everything = b.flat("\n".join(pages))
    assert all(f"MRN {item.mrn}" in everything for item in rows)


def test_an_empty_list_says_nothing_is_due(tmp_path: Path) -> None:
    pages = pages_of(call_list(rows=()), tmp_path)
    flat = b.flat(pages[0])
    assert len(pages) == 1
    assert NOTHING_DUE in flat
    assert "Total 0" in flat
    assert "PATIENT" not in flat


def test_only_embedded_fonts(tmp_path: Path) -> None:
    fonts = b.pdf_fonts(render_call_list(call_list(), invariant=True), tmp_path)
    assert fonts
    assert all(embedded for _, embedded in fonts)
    names = {name.split("+")[-1] for name, _ in fonts}
    assert names <= {SANS, SANS_BOLD}


def test_metadata_and_landscape(tmp_path: Path) -> None:
    info = b.pdf_info(render_call_list(call_list(), invariant=True), tmp_path)
    assert info["Title"] == "Follow-up call list (12/01/2026)"
    assert info["Author"] == "Hill Country LDN Clinic"
    assert info["Page size"].startswith("792 x 612")


def test_invariant_builds_are_identical() -> None:
    assert render_call_list(call_list(), invariant=True) == render_call_list(call_list(), invariant=True)
