"""The ledger records what really happened: a print is recorded only once it came out.

`PrescriptionService.print` hands the rendered PDF to a `deliver` callback inside its
transaction and records the print (serial, status, archived PDF, audit) only if `deliver`
returned. The preview is watermarked, has no serial and records nothing. Two desks printing
the same original at once record it once. Real PDFs (the default renderer), SQLite and
PostgreSQL.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ldnclinic.db.engine import Database
from ldnclinic.db.models.prescriptions import PrescriptionPrint
from ldnclinic.db.models.users import User
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, DomainError
from ldnclinic.domain.prescriptions.document import PrescriptionDocument
from ldnclinic.domain.prescriptions.status import PrintKind, RxStatus
from ldnclinic.printing.prescription import render_prescription
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.delivery import DeliveryError, PdfFile
from ldnclinic.services.patients.dto import MedicationInput
from ldnclinic.services.prescriptions.dto import PrescriptionDetail
from ldnclinic.services.prescriptions.printing import MissingElementsError, SafetyStopError
from ldnclinic.services.prescriptions.service import PrescriptionService
from tests.services.rx_support import add_patient, approved_rx, audit_trail, clean_patient, pdf_text, rx_input
from tests.support.clock import FakeClock

SERIAL = re.compile(r"RX-\d{7}-\d")
WATERMARK = "PREVIEW - NOT VALID FOR DISPENSING"


class Paper:
    """A `deliver` that keeps what came out, or fails like a printer that is switched off."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.delivered: list[bytes] = []

    def __call__(self, pdf: bytes) -> None:
        if self.fail:
            raise DeliveryError("The printer could not be started.")
        self.delivered.append(pdf)


def page_count(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / f"count-{hashlib.sha256(pdf).hexdigest()[:12]}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, flags=re.MULTILINE)
    assert match is not None, info
    return int(match[1])


def words(pdf: bytes) -> str:
    text = pdf_text(pdf)
    assert text is not None, "poppler-utils (pdftotext) is needed"
    return " ".join(text.split())


def watermarked(pdf: bytes) -> bool:
    """The diagonal watermark is there: pdftotext -raw reads it a letter a line."""
    raw = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return "".join(WATERMARK.split()) in "".join(raw.stdout.decode().split())


@pytest.fixture
def approved(initialized: Services, prescriber: Actor, staff: Actor) -> PrescriptionDetail:
    return approved_rx(initialized, prescriber, add_patient(initialized, staff), refills=2)


def original_rows(database: Database, rx_id: int) -> int:
    with database.transaction() as session:
        count: int = session.scalar(
            select(func.count())
            .select_from(PrescriptionPrint)
            .where(PrescriptionPrint.prescription_id == rx_id, PrescriptionPrint.kind == "original")
        )
        return count


def still_ready(services: Services, staff: Actor, admin: Actor, rx_id: int) -> None:
    """Nothing of a print was kept: approved, no serial, no print, no RX_PRINTED entry."""
    after = services.prescriptions.get(staff, rx_id)
    assert (after.status, after.serial, after.prints) == (RxStatus.APPROVED, None, ())
    actions = {e.action for e in audit_trail(services, admin, rx_id)}
    assert AuditAction.RX_PRINTED not in actions
    assert [rx.id for rx in services.prescriptions.ready_to_print(staff)] == [rx_id]


# --- the original ------------------------------------------------------------------------------


def test_a_failed_delivery_records_nothing_and_the_next_print_is_the_original(
    initialized: Services, staff: Actor, admin: Actor, approved: PrescriptionDetail, tmp_path: Path
) -> None:
    jammed = Paper(fail=True)
    with pytest.raises(DeliveryError, match="could not be started"):
        initialized.prescriptions.print(staff, approved.id, deliver=jammed)
    still_ready(initialized, staff, admin, approved.id)

    paper = Paper()
    result = initialized.prescriptions.print(staff, approved.id, deliver=paper)
    assert result.kind is PrintKind.ORIGINAL and SERIAL.fullmatch(result.serial)
    [pdf] = paper.delivered
    assert page_count(pdf, tmp_path) == 1
    assert result.serial in words(pdf) and "REPRINT" not in words(pdf)


def test_the_original_is_recorded_with_the_bytes_that_came_out(
    initialized: Services, staff: Actor, admin: Actor, approved: PrescriptionDetail, tmp_path: Path
) -> None:
    paper = Paper()
    result = initialized.prescriptions.print(staff, approved.id, deliver=paper, expect=PrintKind.ORIGINAL)
    [pdf] = paper.delivered
    assert page_count(pdf, tmp_path) == 1
    digest = hashlib.sha256(pdf).hexdigest()
    assert (result.pdf, result.sha256) == (pdf, digest)
    assert initialized.prescriptions.archived_pdf(staff, approved.id) == (pdf, digest)
    after = initialized.prescriptions.get(staff, approved.id)
    assert (after.status, after.serial) == (RxStatus.PRINTED, result.serial)
    assert [(p.kind, p.sha256) for p in after.prints] == [(PrintKind.ORIGINAL, digest)]
    [entry] = [e for e in audit_trail(initialized, admin, approved.id) if e.action is AuditAction.RX_PRINTED]
    assert entry.detail == f"serial {result.serial}, sha256 {digest[:16]}"


def test_a_file_that_cannot_be_written_records_nothing(
    initialized: Services, staff: Actor, admin: Actor, approved: PrescriptionDetail, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for place in (out / "no-such-folder" / "rx.pdf", out):
        with pytest.raises(DeliveryError, match="could not be saved"):
            initialized.prescriptions.print(staff, approved.id, deliver=PdfFile(place))
        still_ready(initialized, staff, admin, approved.id)
    assert list(out.iterdir()) == []  # no temporary file left behind

    target = PdfFile(out / "rx.pdf")
    result = initialized.prescriptions.print(staff, approved.id, deliver=target)
    assert target.written and target.path.read_bytes() == result.pdf
    assert page_count(result.pdf, tmp_path) == 1
    assert [p.name for p in out.iterdir()] == ["rx.pdf"]


def test_a_chart_change_refuses_before_anything_comes_out(
    initialized: Services, staff: Actor, approved: PrescriptionDetail
) -> None:
    chart = initialized.patients.get(staff, approved.patient_id)
    assert chart.pharmacy is not None
    initialized.patients.update(
        staff,
        chart.id,
        clean_patient(chart.pharmacy.id, medications=(MedicationInput("Norco 5/325", "", True),)),
        chart.version,
    )
    paper = Paper()
    with pytest.raises(SafetyStopError, match="back in draft"):
        initialized.prescriptions.print(staff, approved.id, deliver=paper)
    assert paper.delivered == []
    after = initialized.prescriptions.get(staff, approved.id)
    assert (after.status, after.serial, after.prints) == (RxStatus.DRAFT, None, ())


def test_missing_texas_elements_refuse_before_anything_comes_out(
    initialized: Services, staff: Actor, prescriber: Actor, approved: PrescriptionDetail
) -> None:
    with initialized.db.transaction() as session:  # the NPI was taken off after approval
        session.get_one(User, prescriber.user_id).npi = None
    paper = Paper()
    with pytest.raises(MissingElementsError) as caught:
        initialized.prescriptions.print(staff, approved.id, deliver=paper)
    assert caught.value.missing == ("the prescriber's NPI",)
    assert paper.delivered == []
    assert initialized.prescriptions.get(staff, approved.id).serial is None


# --- reprints and chart copies ---------------------------------------------------------------


def test_reprints_and_copies_are_recorded_only_once_they_came_out(
    initialized: Services, staff: Actor, admin: Actor, approved: PrescriptionDetail, tmp_path: Path
) -> None:
    rx = initialized.prescriptions
    original = rx.print(staff, approved.id, deliver=Paper())
    for copy in (False, True):
        with pytest.raises(DeliveryError):
            rx.print(staff, approved.id, copy=copy, deliver=Paper(fail=True))
    assert [p.kind for p in rx.get(staff, approved.id).prints] == [PrintKind.ORIGINAL]
    actions = [e.action for e in audit_trail(initialized, admin, approved.id)]
    assert AuditAction.RX_REPRINTED not in actions and AuditAction.RX_COPY_PRINTED not in actions

    paper = Paper()
    reprint = rx.print(staff, approved.id, deliver=paper)
    copy = rx.print(staff, approved.id, copy=True, deliver=paper)
    assert (reprint.kind, copy.kind) == (PrintKind.REPRINT, PrintKind.CHART_COPY)
    assert paper.delivered == [reprint.pdf, copy.pdf]
    assert all(page_count(pdf, tmp_path) == 1 for pdf in paper.delivered)
    after = rx.get(staff, approved.id)
    assert [(p.kind, p.sha256) for p in after.prints] == [
        (PrintKind.ORIGINAL, original.sha256),
        (PrintKind.REPRINT, hashlib.sha256(paper.delivered[0]).hexdigest()),
        (PrintKind.CHART_COPY, hashlib.sha256(paper.delivered[1]).hexdigest()),
    ]


def test_an_original_asked_for_after_another_desk_printed_it_is_refused(
    initialized: Services, staff: Actor, prescriber: Actor, approved: PrescriptionDetail
) -> None:
    original = initialized.prescriptions.print(prescriber, approved.id, deliver=Paper())
    paper = Paper()
    with pytest.raises(DomainError, match=f"The original of {original.serial} was printed already") as caught:
        initialized.prescriptions.print(staff, approved.id, deliver=paper, expect=PrintKind.ORIGINAL)
    assert "by Elena García, MD" in caught.value.message and "Reprint" in caught.value.message
    assert paper.delivered == []
    assert [p.kind for p in initialized.prescriptions.get(staff, approved.id).prints] == [PrintKind.ORIGINAL]


# --- two desks at once -------------------------------------------------------------------------


@pytest.fixture
def other_desk(db_url: str, clock: FakeClock) -> Iterator[tuple[PrescriptionService, threading.Event]]:
    """A second app on the same database; its renderer says when it has rendered (the last
    step before it claims the script)."""
    rendered = threading.Event()

    def render(document: PrescriptionDocument) -> bytes:
        pdf = render_prescription(document)
        rendered.set()
        return pdf

    database = Database(db_url)
    try:
        yield PrescriptionService(database, clock, renderer=render), rendered
    finally:
        database.dispose()


def test_two_desks_printing_the_same_original_at_once_record_it_once(
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    approved: PrescriptionDetail,
    other_desk: tuple[PrescriptionService, threading.Event],
    tmp_path: Path,
) -> None:
    """Desk B asks while desk A's original is coming out: B waits for A, then is refused."""
    desk_b, b_rendered = other_desk
    outcome: dict[str, object] = {}
    b_paper = Paper()

    def print_at_desk_b() -> None:
        try:
            outcome["b"] = desk_b.print(prescriber, approved.id, deliver=b_paper, expect=PrintKind.ORIGINAL)
        except Exception as error:
            outcome["b"] = error

    desk_b_thread = threading.Thread(target=print_at_desk_b)

    def a_printer(pdf: bytes) -> None:
        desk_b_thread.start()
        assert b_rendered.wait(30)  # B has passed every check and is about to claim the script
        desk_b_thread.join(0.5)  # ... and is held there while A's page comes out
        assert desk_b_thread.is_alive(), outcome
        a_paper.append(pdf)

    a_paper: list[bytes] = []
    result = initialized.prescriptions.print(staff, approved.id, deliver=a_printer)
    desk_b_thread.join(30)
    assert isinstance(outcome["b"], ConflictError), outcome
    assert "at another desk" in outcome["b"].message
    assert b_paper.delivered == []
    assert original_rows(initialized.db, approved.id) == 1
    assert a_paper == [result.pdf] and page_count(result.pdf, tmp_path) == 1
    after = initialized.prescriptions.get(staff, approved.id)
    assert (after.status, after.serial, [p.kind for p in after.prints]) == (
        RxStatus.PRINTED,
        result.serial,
        [PrintKind.ORIGINAL],
    )


def test_when_the_first_desks_print_fails_the_second_prints_the_original(
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    approved: PrescriptionDetail,
    other_desk: tuple[PrescriptionService, threading.Event],
    tmp_path: Path,
) -> None:
    desk_b, b_rendered = other_desk
    outcome: dict[str, object] = {}
    b_paper = Paper()

    def print_at_desk_b() -> None:
        outcome["b"] = desk_b.print(prescriber, approved.id, deliver=b_paper, expect=PrintKind.ORIGINAL)

    desk_b_thread = threading.Thread(target=print_at_desk_b)

    def a_jams(_pdf: bytes) -> None:
        desk_b_thread.start()
        assert b_rendered.wait(30)
        desk_b_thread.join(0.5)
        raise DeliveryError("The printer stopped taking pages.")

    with pytest.raises(DeliveryError):
        initialized.prescriptions.print(staff, approved.id, deliver=a_jams)
    desk_b_thread.join(30)
    result = outcome["b"]
    assert getattr(result, "kind", None) is PrintKind.ORIGINAL, outcome
    assert b_paper.delivered == [getattr(result, "pdf", None)]
    assert page_count(b_paper.delivered[0], tmp_path) == 1
    assert original_rows(initialized.db, approved.id) == 1


def test_a_desk_that_comes_after_the_original_makes_a_reprint_or_is_refused(
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    approved: PrescriptionDetail,
    other_desk: tuple[PrescriptionService, threading.Event],
) -> None:
    desk_b, _rendered = other_desk
    initialized.prescriptions.print(staff, approved.id, deliver=Paper())
    with pytest.raises(DomainError, match="printed already"):
        desk_b.print(prescriber, approved.id, deliver=Paper(), expect=PrintKind.ORIGINAL)
    assert desk_b.print(prescriber, approved.id, deliver=Paper()).kind is PrintKind.REPRINT
    assert original_rows(initialized.db, approved.id) == 1


# --- the preview -------------------------------------------------------------------------------


def test_the_preview_is_watermarked_has_no_serial_and_records_nothing(
    initialized: Services, staff: Actor, admin: Actor, approved: PrescriptionDetail, tmp_path: Path
) -> None:
    preview = initialized.prescriptions.script_preview(staff, approved.id)
    assert (preview.kind, preview.serial, preview.missing) == (PrintKind.ORIGINAL, None, ())
    assert page_count(preview.pdf, tmp_path) == 1
    text = words(preview.pdf)
    assert watermarked(preview.pdf)
    assert "PREVIEW · NOT VALID FOR DISPENSING" in text  # and the band under the header
    assert "Assigned when printed" in text
    assert SERIAL.search(text) is None
    assert "José Luis Peña" in text and "Naltrexone HCl" in text
    still_ready(initialized, staff, admin, approved.id)
    looks = [e for e in audit_trail(initialized, admin, approved.id) if e.detail == "preview"]
    assert [(e.action, e.username) for e in looks] == [(AuditAction.RX_VIEWED, "maria")]
    # The preview is not the original: printing it now still issues the original.
    assert initialized.prescriptions.print(staff, approved.id, deliver=Paper()).kind is PrintKind.ORIGINAL


def test_a_draft_and_a_script_missing_texas_elements_still_preview(
    initialized: Services, staff: Actor, prescriber: Actor, tmp_path: Path
) -> None:
    bare = add_patient(initialized, staff, street="", city="", state="", zip="", phones={})
    draft = initialized.prescriptions.create_draft(staff, rx_input(initialized, bare, diagnosis=None))
    preview = initialized.prescriptions.script_preview(staff, draft.id)
    assert page_count(preview.pdf, tmp_path) == 1
    assert watermarked(preview.pdf)
    assert "the patient's street address" in preview.missing
    assert "the intended use (diagnosis), or a choice to leave it off" in preview.missing
    assert "the serial number" not in preview.missing
    after = initialized.prescriptions.get(staff, draft.id)
    assert (after.status, after.serial, after.prints) == (RxStatus.DRAFT, None, ())


def test_the_preview_of_a_printed_script_is_the_reprint_or_copy_marked_preview(
    initialized: Services, staff: Actor, approved: PrescriptionDetail, tmp_path: Path
) -> None:
    original = initialized.prescriptions.print(staff, approved.id, deliver=Paper())
    reprint = initialized.prescriptions.script_preview(staff, approved.id)
    copy = initialized.prescriptions.script_preview(staff, approved.id, copy=True)
    assert (reprint.kind, reprint.serial, copy.kind) == (
        PrintKind.REPRINT,
        original.serial,
        PrintKind.CHART_COPY,
    )
    for pdf in (reprint.pdf, copy.pdf):
        assert page_count(pdf, tmp_path) == 1
        assert watermarked(pdf) and original.serial in words(pdf)
    assert "REPRINT" in words(reprint.pdf) and "CHART COPY" in words(copy.pdf)
    assert [p.kind for p in initialized.prescriptions.get(staff, approved.id).prints] == [PrintKind.ORIGINAL]


def test_a_void_script_has_no_preview(
    initialized: Services, staff: Actor, prescriber: Actor, approved: PrescriptionDetail
) -> None:
    initialized.prescriptions.void(prescriber, approved.id, approved.version, "Patient changed her mind.")
    with pytest.raises(DomainError, match="void"):
        initialized.prescriptions.script_preview(staff, approved.id)
