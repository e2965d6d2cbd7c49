"""The visit summary: every field readable, draft versus signed, the patient's copy, the addenda."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ldnclinic.domain.followups.documents import AddendumText, ClinicHeader, VisitSummaryDocument
from ldnclinic.domain.visits.note import Adherence, Decision, Modality, Scores, SideEffect, VisitStatus
from ldnclinic.domain.visits.outcomes import OutcomeSeries
from ldnclinic.printing.fonts import SANS, SANS_BOLD, SANS_OBLIQUE
from ldnclinic.printing.visit_summary import DRAFT_TEXT, NOT_RECORDED, render_visit_summary
from tests.printing import builders as b
from tests.printing.test_outcome_chart import six_visit_series

VISIT_AT = datetime(2026, 11, 8, 10, 5, tzinfo=b.CENTRAL)
SUBJECTIVE = (
    "Pain down to 3/10 most days; sleeps through the night 5 nights a week.\n"
    "Vivid dreams the first two weeks at 4.5 mg, now rare.\n\n"
    "Walks 20 minutes daily & gardens again (“first time in years”)."
)
OBJECTIVE = "Alert, no distress on video. Gait steady when walking to the kitchen."
ASSESSMENT = "Fibromyalgia, improving on LDN 4.5 mg; tolerating it well."
PLAN = "Continue 4.5 mg at bedtime. Routine review in 3 months; call sooner if sleep worsens."


def clinic() -> ClinicHeader:
    return ClinicHeader(
        name="Hill Country LDN Clinic",
        address="100 Congress Ave, Suite 200, Austin, TX 78701",
        phone="(512) 555-0100",
        fax="(512) 555-0101",
    )


def signed_summary(**changes: Any) -> VisitSummaryDocument:
    """A signed video visit, six visits of outcomes, a 3-step dose history and two addenda."""
    base = VisitSummaryDocument(
        clinic=clinic(),
        patient_name="Nguyễn Thị Hằng",
        date_of_birth=datetime(1961, 3, 2).date(),
        mrn="000123",
        visit_at=VISIT_AT,
        modality=Modality.VIDEO,
        location="Austin, TX",
        consent_confirmed=True,
        status=VisitStatus.SIGNED,
        author="Kari Ødegård, PA-C",
        signed_by="Elena García, MD",
        signed_at=datetime(2026, 11, 8, 11, 40, tzinfo=b.CENTRAL),
        subjective=SUBJECTIVE,
        objective=OBJECTIVE,
        assessment=ASSESSMENT,
        plan=PLAN,
        current_dose_mg=Decimal("4.50"),
        adherence=Adherence.MISSED_SOME,
        side_effects=(SideEffect.VIVID_DREAMS, SideEffect.OTHER),
        side_effect_other="Dry mouth in the morning",
        scores=Scores(
            pain=3, fatigue=4, sleep=7, mood=7, pgic=2, condition_name="FIQR", condition=Decimal(39)
        ),
        decision=Decision.CONTINUE,
        medication="Naltrexone HCl 4.5 mg capsule (compounded)",
        addenda=(
            AddendumText(
                "Elena García, MD",
                datetime(2026, 11, 9, 14, 15, tzinfo=b.CENTRAL),
                "Correction: the vivid dreams began at 3 mg, not 4.5 mg.",
            ),
            AddendumText(
                "Kari Ødegård, PA-C",
                datetime(2026, 11, 12, 9, 0, tzinfo=b.CENTRAL),
                "Pharmacy confirmed the refill for 0.5 mg capsules is not needed.",
            ),
        ),
        outcomes=six_visit_series(),
        printed_at=b.PRINTED,
    )
    return dataclasses.replace(base, **changes)


def draft_summary(**changes: Any) -> VisitSummaryDocument:
    fields: dict[str, Any] = {
        "status": VisitStatus.DRAFT,
        "signed_by": None,
        "signed_at": None,
        "addenda": (),
    }
    return signed_summary(**(fields | changes))


def patient_copy(**changes: Any) -> VisitSummaryDocument:
    return signed_summary(**({"for_patient": True} | changes))


def sparse_summary() -> VisitSummaryDocument:
    """A draft with almost nothing filled in: no scores, no dose, no note text, no history."""
    return draft_summary(
        date_of_birth=None,
        modality=Modality.AUDIO_ONLY,
        location="",
        subjective="",
        objective="   ",
        assessment="",
        plan="",
        current_dose_mg=None,
        adherence=None,
        side_effects=(),
        side_effect_other="",
        scores=Scores(),
        decision=None,
        medication=None,
        outcomes=OutcomeSeries(),
    )


def text_of(doc: VisitSummaryDocument, tmp_path: Path, **options: bool) -> str:
    return b.flat(b.pdf_text(render_visit_summary(doc, invariant=True), tmp_path, diagonal=False, **options))


def test_every_field_is_printed(tmp_path: Path) -> None:
    flat = text_of(signed_summary(), tmp_path, layout=False)
    for expected in (
        "Hill Country LDN Clinic",
        "100 Congress Ave, Suite 200, Austin, TX 78701",
        "Visit summary",
        "Nguyễn Thị Hằng",
        "DOB 03/02/1961",
        "MRN 000123",
        "11/08/2026 10:05 AM CST",
        "Modality Video",
        "Patient located in Austin, TX",
        "Consent to telemedicine Confirmed",
        "Signed by Elena García, MD on 11/08/2026 11:40 AM CST",
        "Written by Kari Ødegård, PA-C",
        "MEDICATION Naltrexone HCl 4.5 mg capsule (compounded)",
        "CURRENT DOSE 4.5 mg",
        "ADHERENCE Missed a few doses",
        "SIDE EFFECTS Vivid dreams, Other: Dry mouth in the morning",
        "Decision Continue the current dose",
        "Page 1 of",
    ):
        assert expected in flat, expected
    assert "4.50" not in flat
    assert DRAFT_TEXT not in flat


def test_outcome_table_and_chart(tmp_path: Path) -> None:
    flat = text_of(signed_summary(), tmp_path, layout=True)
    for expected in (
        "MEASURE THIS VISIT READING",
        "Pain (0-10) 3 Lower is better",
        "Sleep quality (0-10) 7 Higher is better",
        "Global impression of change (1-7) 2 Much improved",
        "Condition score: FIQR 39",
        "Outcomes over time",
        "Daily dose (mg)",
        "1.5 mg",
    ):
        assert expected in flat, expected


def test_the_soap_note_keeps_its_text_and_order(tmp_path: Path) -> None:
    flat = text_of(signed_summary(), tmp_path, layout=False)
    order = ["Subjective", "Objective", "Assessment", "Plan", "Decision", "Addenda"]
    positions = [flat.index(f"{heading} ") for heading in order]
    assert positions == sorted(positions)
    for text in (SUBJECTIVE, OBJECTIVE, ASSESSMENT, PLAN):
        assert b.flat(text) in flat


def test_addenda_follow_the_unchanged_original(tmp_path: Path) -> None:
    flat = text_of(signed_summary(), tmp_path, layout=False)
    original = flat.index("Vivid dreams the first two weeks at 4.5 mg")
    first = flat.index("Addendum 1 · Elena García, MD · 11/09/2026 2:15 PM CST")
    second = flat.index("Addendum 2 · Kari Ødegård, PA-C · 11/12/2026 9:00 AM CST")
    assert original < flat.index("Addenda") < first < second
    assert flat.index("Correction: the vivid dreams began at 3 mg, not 4.5 mg.") > first
    assert "0.5 mg capsules" in flat


def test_a_draft_has_a_band_and_a_watermark(tmp_path: Path) -> None:
    flat = text_of(draft_summary(), tmp_path, layout=False)
    assert DRAFT_TEXT in flat
    assert "Signed by" not in flat
    assert "Addenda" not in flat
    # The diagonal watermark: reddish pixels in the lower left quarter, where a signed note has none.
    # (The sparse note has no chart, whose red pain line would count too.)
    sparse = sparse_summary()
    assert reddish_share(render_visit_summary(sparse, invariant=True), tmp_path) > 0.01
    signed = dataclasses.replace(sparse, status=VisitStatus.SIGNED, signed_by="Elena García, MD")
    assert reddish_share(render_visit_summary(signed, invariant=True), tmp_path) == 0
    assert "DRAFT" not in text_of(signed, tmp_path, layout=False)


def test_a_signed_note_without_a_recorded_signer_still_says_signed(tmp_path: Path) -> None:
    flat = text_of(signed_summary(signed_by=None, signed_at=None), tmp_path, layout=False)
    assert "Signed · Written by Kari Ødegård, PA-C" in flat
    assert DRAFT_TEXT not in flat


def reddish_share(pdf: bytes, tmp_path: Path) -> float:
    width, height, pixels = b.page_pixels(pdf, tmp_path)
    reddish = total = 0
    for y in range(height // 2, height):
        for x in range(width // 2):
            red, green, blue = pixels[3 * (y * width + x) : 3 * (y * width + x) + 3]
            total += 1
            reddish += red > green + 12 and red > blue + 12
    return reddish / total


def test_the_patient_copy_leaves_out_objective_and_assessment(tmp_path: Path) -> None:
    flat = text_of(patient_copy(), tmp_path, layout=False)
    assert "Visit summary for the patient" in flat
    for left_out in ("Objective", OBJECTIVE, "Assessment", ASSESSMENT):
        assert left_out not in flat, left_out
    for kept in ("Subjective", "Plan", b.flat(PLAN), "Decision", "Addenda"):
        assert kept in flat, kept
    info = b.pdf_info(render_visit_summary(patient_copy(), invariant=True), tmp_path)
    assert info["Title"].startswith("Visit summary for the patient: Nguyễn Thị Hằng")


def test_empty_fields_read_not_recorded(tmp_path: Path) -> None:
    flat = text_of(sparse_summary(), tmp_path, layout=False)
    for expected in (
        f"DOB {NOT_RECORDED}",
        f"Patient located in {NOT_RECORDED}",
        "Modality Audio only",
        f"MEDICATION {NOT_RECORDED}",
        f"CURRENT DOSE {NOT_RECORDED}",
        f"ADHERENCE {NOT_RECORDED}",
        "SIDE EFFECTS None reported",
        f"Subjective {NOT_RECORDED}",
        f"Objective {NOT_RECORDED}",
        f"Decision {NOT_RECORDED}",
        "No outcome measures recorded yet",
    ):
        assert expected in flat, expected
    assert "Condition score" not in flat


def test_metadata(tmp_path: Path) -> None:
    info = b.pdf_info(render_visit_summary(signed_summary(), invariant=True), tmp_path)
    assert info["Title"] == "Visit summary: Nguyễn Thị Hằng, 11/08/2026"
    assert info["Author"] == "Hill Country LDN Clinic"
    assert info["Subject"] == "Video visit on 11/08/2026 (signed)"
    assert info["Page size"].startswith("612 x 792")


def test_only_embedded_fonts(tmp_path: Path) -> None:
    for doc in (signed_summary(), draft_summary(), sparse_summary()):
        fonts = b.pdf_fonts(render_visit_summary(doc, invariant=True), tmp_path)
        assert fonts
        assert all(embedded for _, embedded in fonts)
        assert {name.split("+")[-1] for name, _ in fonts} <= {SANS, SANS_BOLD, SANS_OBLIQUE}


def test_invariant_builds_are_identical() -> None:
    assert render_visit_summary(signed_summary(), invariant=True) == render_visit_summary(
        signed_summary(), invariant=True
    )


def test_doses_are_written_the_ismp_way(tmp_path: Path) -> None:
    flat = text_of(signed_summary(current_dose_mg=Decimal("0.50")), tmp_path, layout=False)
    assert "CURRENT DOSE 0.5 mg" in flat
    assert " .5 mg" not in flat
    assert "0.50" not in flat
