"""The visit note dialog: prefill, Texas location and consent, saving drafts, signing, the
read-only signed note with its addenda, hostile text, the summary PDF and the new prescription
offered after a dose change.

Real widgets on the real services (SQLite and PostgreSQL); questions are answered through
`prompts.answers`; the PDF renders on a worker thread and the tests wait for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from ldnclinic.domain.errors import ConflictError
from ldnclinic.domain.followups.worklist import FollowupStatus
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.domain.visits.note import NOTE_LIMIT, Decision, Measure, Modality, SideEffect, VisitStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.visits.dto import VisitDetail, VisitInput
from ldnclinic.ui.prescriptions.editor_dialog import DISCARD_KEY as RX_DISCARD_KEY
from ldnclinic.ui.prescriptions.editor_dialog import PrescriptionEditor
from ldnclinic.ui.visits.addenda import AddendumDialog
from ldnclinic.ui.visits.dose_change import DRAFT_RX_KEY
from ldnclinic.ui.visits.visit_dialog import DISCARD_KEY, SIGN_KEY, VisitDialog
from ldnclinic.ui.widgets import prompts, workers
from tests.services.rx_support import add_patient, approved_rx
from tests.support.qt import type_text
from tests.ui.shell_support import unnamed_inputs
from tests.ui.visit_support import record_visit

HOSTILE = (
    "Dolor crónico; Nguyễn Thị Hằng's notes: \"it's better\" <b>not bold</b> "
    "'; DROP TABLE visits;-- \u202edlrow 😊 Ødegård"
)


@pytest.fixture(autouse=True)
def _answered_and_settled(_reset_prompts: None, qtbot: QtBot, initialized: Services) -> Iterator[None]:
    """Closing a dialog never opens a real question; no worker outlives the test."""
    prompts.answers[DISCARD_KEY] = True
    prompts.answers[RX_DISCARD_KEY] = True
    yield
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)


# --- helpers -------------------------------------------------------------------------------------


def open_dialog(
    qtbot: QtBot, services: Services, actor: Actor, patient_id: int, **kwargs: int | None
) -> VisitDialog:
    dialog = VisitDialog(services, actor, patient_id, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def patient_on_ldn(services: Services, prescriber: Actor) -> tuple[int, int]:
    """A patient in Austin, TX on the standard 1.5 -> 3 -> 4.5 mg plan from today."""
    patient_id = add_patient(services, prescriber)
    return patient_id, approved_rx(services, prescriber, patient_id).id


def retype(edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    edit.del_()
    type_text(edit, text)


def make_valid(dialog: VisitDialog) -> None:
    """What a clinician fills in for a note the service accepts (the patient is in Austin)."""
    dialog.form.visit.consent.setChecked(True)


def saved(qtbot: QtBot, dialog: VisitDialog) -> VisitDetail:
    with qtbot.waitSignal(dialog.saved, timeout=5000) as signal:
        dialog.save_button.click()
    detail = signal.args[0]
    assert isinstance(detail, VisitDetail)
    return detail


# --- opening -------------------------------------------------------------------------------------


def test_a_new_visit_is_prefilled(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    form = dialog.form
    assert dialog.windowTitle() == "New visit — Peña, José Luis"
    assert dialog.patient_label.text().startswith("Peña, José Luis · MRN ")
    assert dialog.context_label.text() == "Reviewing: Naltrexone HCl 1.5 mg capsule"
    # 15:00 UTC is 09:00 in Chicago; the patient's Austin address; today's dose (day 1 of the plan).
    assert form.visit.visit_at.dateTime().toString("MM/dd/yyyy HH:mm") == "11/21/2026 09:00"
    assert form.visit.modality.currentData() == Modality.VIDEO.value
    assert form.visit.state.currentData() == "TX"
    assert form.visit.city.text() == "Austin"
    assert not form.visit.consent.isChecked()  # confirmed at every visit, never prefilled
    assert form.treatment.dose.text() == "1.5 mg"
    assert form.outcomes.scores[Measure.PAIN].text() == "Not asked"
    assert form.outcomes.pgic.currentText() == "Not asked"
    assert form.decision.value() is None
    assert not dialog.pdf_button.isEnabled()  # nothing saved to summarise yet
    assert dialog.sign_button.isVisibleTo(dialog)
    assert unnamed_inputs(dialog) == []


def test_location_and_consent_are_required_and_nothing_typed_is_lost(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber, visit=False, city="Santa Fe", state="NM", zip="87501")
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    form = dialog.form
    assert form.visit.state.currentData() == ""  # outside Texas: nothing is assumed
    assert form.visit.city.text() == ""
    type_text(form.soap.editors["subjective"], HOSTILE)
    retype(form.treatment.dose, "lots")
    form.outcomes.scores[Measure.PAIN].setValue(6)
    dialog.save_button.click()
    assert dialog.detail is None
    assert initialized.visits.for_patient(prescriber, patient_id) == []
    assert dialog.field_message("location_state").startswith("The patient must be in Texas")
    assert dialog.field_message("location_city") == "Enter the Texas city the patient is in right now."
    assert dialog.field_message("consent_confirmed") == "Confirm the patient consented to this visit."
    assert "is not a dose in mg" in dialog.field_message("current_dose_mg")
    assert form.treatment.messages["current_dose_mg"].isVisibleTo(dialog)
    assert dialog.banner.text().startswith("Not saved: please correct the 4 problems shown in red.")
    # Everything typed is still there.
    assert form.soap.editors["subjective"].toPlainText() == HOSTILE
    assert form.treatment.dose.text() == "lots"
    assert form.outcomes.scores[Measure.PAIN].value() == 6
    # Oklahoma is not Texas either: the service says so at the state.
    form.visit.state.setCurrentIndex(form.visit.state.findData("OK"))
    assert dialog.field_message("location_state") == ""  # an edit clears its message
    type_text(form.visit.city, "Tulsa")
    form.visit.consent.setChecked(True)
    retype(form.treatment.dose, "4.5")
    dialog.save_button.click()
    assert dialog.detail is None
    assert dialog.field_message("location_state").startswith("The patient must be in Texas")
    assert dialog.field_message("location_city") == ""
    assert dialog.banner.text().startswith("Not saved: please correct the 1 problem shown in red.")
    # In Texas, it saves.
    form.visit.state.setCurrentIndex(form.visit.state.findData("TX"))
    retype(form.visit.city, "El Paso")
    detail = saved(qtbot, dialog)
    assert (detail.note.location_state, detail.note.location_city) == ("TX", "El Paso")
    assert detail.note.current_dose_mg == Decimal("4.5")
    assert detail.note.subjective == HOSTILE.strip()


def test_a_visit_in_the_future_is_refused_at_its_date(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    make_valid(dialog)
    dialog.form.visit.visit_at.setDateTime(dialog.form.visit.visit_at.dateTime().addDays(2))
    dialog.save_button.click()
    assert dialog.field_message("visit_at") == "A visit cannot be documented before it happens."
    assert dialog.detail is None


def test_save_draft_then_save_again(
    qtbot: QtBot, initialized: Services, staff: Actor, prescriber: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, staff, patient_id)
    make_valid(dialog)
    dialog.form.visit.modality.setCurrentIndex(dialog.form.visit.modality.findData(Modality.AUDIO_ONLY.value))
    dialog.form.outcomes.scores[Measure.FATIGUE].setValue(7)
    dialog.form.outcomes.pgic.setCurrentIndex(dialog.form.outcomes.pgic.findData(3))
    dialog.form.treatment.side_effects[SideEffect.OTHER].setChecked(True)
    dialog.save_button.click()
    assert dialog.field_message("side_effect_other") == "Say which other side effect."
    type_text(dialog.form.treatment.other_text, "Dry mouth")
    first = saved(qtbot, dialog)
    assert first.status is VisitStatus.DRAFT
    assert first.note.modality is Modality.AUDIO_ONLY
    assert first.note.scores.fatigue == 7 and first.note.scores.pain is None
    assert first.note.scores.pgic == 3
    assert first.note.side_effects == {SideEffect.OTHER}
    assert first.note.side_effect_other == "Dry mouth"
    assert dialog.isVisible()  # the note stays open, to go on or to sign
    assert dialog.banner.text() == "Draft saved."
    assert dialog.windowTitle() == "Visit 11/21/2026 (draft) — Peña, José Luis"
    assert dialog.pdf_button.isEnabled()
    assert not dialog.has_changes()
    type_text(dialog.form.soap.editors["plan"], "Recheck in 4 weeks.")
    assert dialog.has_changes()
    second = saved(qtbot, dialog)
    assert second.id == first.id and second.version > first.version
    assert second.note.plan == "Recheck in 4 weeks."
    visits = initialized.visits.for_patient(staff, patient_id)
    assert [v.id for v in visits if v.status is VisitStatus.DRAFT] == [first.id]


def test_a_prescriber_signs_and_the_note_becomes_read_only(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    make_valid(dialog)
    type_text(dialog.form.soap.editors["assessment"], "Fibromyalgia, early on LDN.")
    prompts.answers[SIGN_KEY] = False
    assert dialog.sign() is None  # "Not yet": nothing saved, nothing signed
    assert dialog.detail is None
    prompts.answers[SIGN_KEY] = True
    with qtbot.waitSignal(dialog.saved):
        dialog.sign_button.click()
    detail = dialog.detail
    assert detail is not None and detail.status is VisitStatus.SIGNED
    assert detail.note.assessment == "Fibromyalgia, early on LDN."
    assert dialog.read_only
    assert dialog.signed_banner.text().startswith("Signed by Elena García, MD on 11/21/2026 09:00.")
    assert not dialog.save_button.isVisibleTo(dialog)
    assert not dialog.sign_button.isVisibleTo(dialog)
    assert dialog.close_button.text() == "Close"
    form = dialog.form
    assert form.visit.city.isReadOnly() and form.treatment.dose.isReadOnly()
    assert form.soap.editors["assessment"].isReadOnly()
    assert not form.visit.modality.isEnabled() and not form.visit.consent.isEnabled()
    assert form.outcomes.scores[Measure.PAIN].isReadOnly()
    assert not form.decision.decision.isEnabled()
    assert dialog.addenda.isVisibleTo(dialog)
    assert dialog.save() is None and dialog.sign() is None
    reopened = open_dialog(qtbot, initialized, prescriber, patient_id, visit_id=detail.id)
    assert reopened.read_only
    assert reopened.windowTitle() == "Visit 11/21/2026 (signed) — Peña, José Luis"


def test_staff_cannot_sign(qtbot: QtBot, initialized: Services, staff: Actor, prescriber: Actor) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, staff, patient_id)
    assert not dialog.sign_button.isVisibleTo(dialog)
    assert dialog.hint.text() == "Save the draft; a prescriber reviews and signs it."
    make_valid(dialog)
    draft = saved(qtbot, dialog)
    assert dialog.sign() is None
    assert initialized.visits.get(staff, draft.id).status is VisitStatus.DRAFT
    # The prescriber opens the staff draft and signs it.
    prompts.answers[SIGN_KEY] = True
    by_prescriber = open_dialog(qtbot, initialized, prescriber, patient_id, visit_id=draft.id)
    assert by_prescriber.context_label.text().endswith("Draft by María López, last saved 11/21/2026 09:00")
    signed = by_prescriber.sign()
    assert signed is not None and signed.signed_by == "Elena García, MD"


def test_an_addendum_keeps_the_signed_note_as_it_was(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    visit = record_visit(initialized, prescriber, patient_id, subjective="Pain 7 today.")
    dialog = open_dialog(qtbot, initialized, staff, patient_id, visit_id=visit.id)
    assert dialog.addenda.title.text() == "Addenda"
    assert dialog.addenda.empty.isVisibleTo(dialog)
    addendum = dialog.add_addendum()
    assert isinstance(addendum, AddendumDialog)
    type_text(addendum.text, "Oops")
    assert addendum.save() is None
    assert addendum.message.text() == "Write the correction or addition (at least 5 characters)."
    assert addendum.text.toPlainText() == "Oops"  # kept
    addendum.text.clear()
    type_text(addendum.text, f"Correction: pain was 4, not 7. {HOSTILE}")
    with qtbot.waitSignal(dialog.saved):
        addendum.accept_button.click()
    assert dialog.addenda.title.text() == "Addenda (1)"
    assert dialog.addenda.texts() == [f"Correction: pain was 4, not 7. {HOSTILE}".strip()]
    assert dialog.addenda.cards[0].byline.text() == "Addendum by María López · 11/21/2026 09:00"
    assert dialog.read_only
    again = initialized.visits.get(prescriber, visit.id)
    assert again.note.subjective == "Pain 7 today."  # the signed text never changes
    assert again.status is VisitStatus.SIGNED
    assert [a.author for a in again.addenda] == ["María López"]


def test_notes_keep_unicode_quotes_sql_and_very_long_text(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    make_valid(dialog)
    type_text(dialog.form.soap.editors["objective"], HOSTILE)
    type_text(dialog.form.outcomes.condition_name, "FIQR — revisión")
    type_text(dialog.form.outcomes.condition_value, "52.5")
    longest = ("Ünïcödé line; it's fine. " * 1000)[:NOTE_LIMIT]
    dialog.form.soap.editors["plan"].setPlainText(longest + "x")
    dialog.save_button.click()
    assert dialog.field_message("plan") == f"Keep this section to {NOTE_LIMIT:,} characters."
    assert dialog.form.soap.editors["plan"].toPlainText() == longest + "x"
    dialog.form.soap.editors["plan"].setPlainText(longest)
    detail = saved(qtbot, dialog)
    again = initialized.visits.get(prescriber, detail.id)
    assert again.note.objective == HOSTILE.strip()
    assert again.note.plan == longest.strip()
    assert again.note.scores.condition_name == "FIQR — revisión"
    assert again.note.scores.condition == Decimal("52.5")
    reopened = open_dialog(qtbot, initialized, prescriber, patient_id, visit_id=detail.id)
    assert reopened.form.soap.editors["objective"].toPlainText() == HOSTILE.strip()
    assert reopened.form.outcomes.condition_value.text() == "52.5"


def test_a_condition_score_must_be_a_number(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    make_valid(dialog)
    dialog.form.outcomes.condition_name.clear()
    type_text(dialog.form.outcomes.condition_value, "５２")
    dialog.save_button.click()
    assert dialog.field_message("condition") == "Type the score as a number, for example 42 or 42.5."
    dialog.form.outcomes.condition_value.clear()
    type_text(dialog.form.outcomes.condition_value, "52")
    dialog.save_button.click()
    assert dialog.field_message("condition_name").startswith("Name the condition score")
    assert dialog.detail is None


def test_an_increase_offers_a_new_draft_prescription(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, rx_id = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    make_valid(dialog)
    decision = dialog.form.decision
    decision.decision.setCurrentIndex(decision.decision.findData(Decision.INCREASE.value))
    assert decision.hint.isVisibleTo(dialog)
    prompts.answers[DRAFT_RX_KEY] = True
    drafted: list[object] = []
    dialog.prescription_drafted.connect(drafted.append)
    saved(qtbot, dialog)
    assert any(key == DRAFT_RX_KEY for key, _text in prompts.shown)
    editor = dialog.rx_editor
    assert isinstance(editor, PrescriptionEditor)
    assert editor.existing is not None and editor.existing.status is RxStatus.DRAFT
    new_id = editor.existing.id
    scripts = initialized.prescriptions.for_patient(prescriber, patient_id)
    assert [rx.status for rx in scripts if rx.id == new_id] == [RxStatus.DRAFT]
    assert initialized.prescriptions.get(prescriber, new_id).renewed_from_id == rx_id
    assert len(drafted) == 1
    editor.reject()
    # Signing the same visit afterwards does not offer a second one.
    prompts.answers[SIGN_KEY] = True
    prompts.shown.clear()
    assert dialog.sign() is not None
    assert all(key != DRAFT_RX_KEY for key, _text in prompts.shown)
    assert len(initialized.prescriptions.for_patient(prescriber, patient_id)) == 2


def test_declining_the_new_prescription_drafts_nothing(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    make_valid(dialog)
    dialog.form.decision.decision.setCurrentIndex(
        dialog.form.decision.decision.findData(Decision.DECREASE.value)
    )
    prompts.answers[DRAFT_RX_KEY] = False
    saved(qtbot, dialog)
    assert dialog.rx_editor is None
    assert len(initialized.prescriptions.for_patient(prescriber, patient_id)) == 1


def test_no_prescription_is_offered_without_one_under_review(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id = add_patient(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    make_valid(dialog)
    dialog.form.decision.decision.setCurrentIndex(
        dialog.form.decision.decision.findData(Decision.INCREASE.value)
    )
    assert not dialog.form.decision.hint.isVisibleTo(dialog)
    saved(qtbot, dialog)
    assert all(key != DRAFT_RX_KEY for key, _text in prompts.shown)


def test_summary_pdf_and_patient_copy(qtbot: QtBot, initialized: Services, prescriber: Actor) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    visit = record_visit(initialized, prescriber, patient_id)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id, visit_id=visit.id)
    dialog.pdf_button.click()
    qtbot.waitUntil(lambda: dialog.pdf_dialog is not None, timeout=15_000)
    preview = dialog.pdf_dialog
    assert preview is not None and preview.page_count() >= 1
    assert preview.windowTitle() == "Visit 11/21/2026 — summary — Peña, José Luis"
    preview.close()
    qtbot.waitUntil(lambda: dialog.pdf_dialog is None)
    dialog.patient_copy.setChecked(True)
    dialog.pdf_button.click()
    qtbot.waitUntil(lambda: dialog.pdf_dialog is not None, timeout=15_000)
    assert dialog.pdf_dialog is not None
    assert dialog.pdf_dialog.windowTitle() == "Visit 11/21/2026 — patient copy — Peña, José Luis"


def test_someone_else_saved_first(
    qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    draft = record_visit(initialized, staff, patient_id, sign=False)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id, visit_id=draft.id)
    theirs = VisitInput(
        patient_id, dataclasses.replace(draft.note, plan="Their plan."), draft.prescription_id
    )
    initialized.visits.update(staff, draft.id, theirs, draft.version)
    type_text(dialog.form.soap.editors["plan"], "My plan.")
    assert dialog.save() is None
    assert dialog.conflict_bar.isVisibleTo(dialog)
    assert "Someone else changed this visit note" in dialog.conflict_bar.message.text()
    assert dialog.form.soap.editors["plan"].toPlainText() == "My plan."
    mine = dialog.keep_mine()
    assert mine is not None and mine.note.plan == "My plan."
    with pytest.raises(ConflictError):
        initialized.visits.update(staff, draft.id, theirs, draft.version)


def test_taking_their_version(qtbot: QtBot, initialized: Services, prescriber: Actor, staff: Actor) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    draft = record_visit(initialized, staff, patient_id, sign=False)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id, visit_id=draft.id)
    initialized.visits.sign(prescriber, draft.id, draft.version)  # signed elsewhere meanwhile
    type_text(dialog.form.soap.editors["plan"], "My plan.")
    assert dialog.save() is None
    assert "signed by Elena García, MD" in dialog.conflict_bar.message.text()
    dialog.use_theirs()
    assert dialog.read_only
    assert dialog.form.soap.editors["plan"].toPlainText() == ""


def test_a_visit_for_a_follow_up_marks_it_done(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    item = initialized.followups.for_patient(prescriber, patient_id)[0]
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id, followup_id=item.id)
    assert "Saving this visit marks its follow-up done" in dialog.context_label.text()
    make_valid(dialog)
    detail = saved(qtbot, dialog)
    assert detail.followup_ids == (item.id,)
    assert initialized.followups.get(prescriber, item.id).status is FollowupStatus.DONE


def test_closing_with_unsaved_edits_asks_first(
    qtbot: QtBot, initialized: Services, prescriber: Actor
) -> None:
    patient_id, _rx = patient_on_ldn(initialized, prescriber)
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    dialog.close_button.click()  # nothing typed: closes without asking
    assert not dialog.isVisible()
    assert prompts.shown == []
    dialog = open_dialog(qtbot, initialized, prescriber, patient_id)
    type_text(dialog.form.soap.editors["subjective"], "Half a note")
    prompts.answers[DISCARD_KEY] = False
    dialog.close_button.click()
    assert dialog.isVisible()
    assert dialog.form.soap.editors["subjective"].toPlainText() == "Half a note"
    prompts.answers[DISCARD_KEY] = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
