"""A handout packet for one patient, ready to print: the texts with every placeholder filled,
the patient's dated dose schedule and step chart, the next follow-ups, and the notice
(clinic contact and the Texas Medical Board complaint notice) that ends every handout.

Services gather the facts (`HandoutContext`); `build_packet` does the rest here, so what a
patient reads is decided by rules a test can check without a database or a PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.handouts.language import (
    LABELS,
    amount_text,
    dose_time,
    followup_label,
    form_name,
    long_date,
    short_date,
)
from ldnclinic.domain.handouts.texts import (
    Block,
    HandoutText,
    Heading,
    ItemList,
    Paragraph,
    WalletCard,
    fill,
)
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula
from ldnclinic.domain.prescriptions.supply import SupplyCalculation
from ldnclinic.domain.prescriptions.titration import TimeOfDay


class NeedsPrescriptionError(ValueError):
    """The handout uses the patient's prescription and the patient has none that counts."""

    def __init__(self, kind: str, title: str) -> None:
        super().__init__(f"“{title}” shows the patient's own prescription; approve one first.")
        self.kind = kind


@dataclass(frozen=True, slots=True)
class HandoutPrescription:
    formula: Formula
    calculation: SupplyCalculation
    start: date
    pharmacy_name: str
    pharmacy_phone: str
    prescriber_name: str
    time_of_day: TimeOfDay = TimeOfDay.BEDTIME


@dataclass(frozen=True, slots=True)
class HandoutContext:
    first_name: str
    preferred_name: str | None
    full_name: str  # reading order
    clinic_name: str
    clinic_phone: str
    clinic_address: str
    print_date: date
    prescriber_name: str = ""  # the patient's prescriber, when known without a prescription
    prescription: HandoutPrescription | None = None
    followups: tuple[tuple[date, FollowupType], ...] = ()  # the next open ones, soonest first


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    starts: str
    ends: str  # "and after" for the last, open-ended step
    dose: str  # "1.5 mg"
    amount: str  # "1 capsule", "1.5 mL"


@dataclass(frozen=True, slots=True)
class DoseStep:
    """For the step chart: the dose from day `first_day` (0 = the start) for `days` days."""

    first_day: int
    days: int | None
    dose_mg: Decimal


@dataclass(frozen=True, slots=True)
class FilledHandout:
    kind: str
    version: int
    language: str
    title: str
    blocks: tuple[Block, ...]  # every text filled in
    schedule: tuple[ScheduleRow, ...] = ()
    dose_steps: tuple[DoseStep, ...] = ()
    followups: tuple[tuple[str, str], ...] = ()  # (date text, what it is)
    sources: tuple[str, ...] = ()
    notice: tuple[Block, ...] = ()  # clinic contact and the TMB complaint notice, filled


@dataclass(frozen=True, slots=True)
class HandoutPacket:
    language: str
    patient_name: str
    clinic_name: str
    printed_on: str  # long date in the packet's language
    handouts: tuple[FilledHandout, ...]

    @property
    def labels(self) -> dict[str, str]:
        return LABELS[self.language]

    @property
    def title(self) -> str:
        if len(self.handouts) == 1:
            return self.handouts[0].title
        return " · ".join(h.title for h in self.handouts)


def handout_values(context: HandoutContext, language: str) -> dict[str, str]:
    """Every placeholder's value for this patient (prescription ones only with a prescription)."""
    values = {
        "greeting_name": (context.preferred_name or "").strip() or context.first_name,
        "patient_name": context.full_name,
        "clinic_name": context.clinic_name,
        "clinic_phone": context.clinic_phone,
        "clinic_address": context.clinic_address,
        "print_date": long_date(context.print_date, language),
        "prescriber_name": context.prescriber_name
        or (context.prescription.prescriber_name if context.prescription else ""),
    }
    if not values["prescriber_name"]:
        del values["prescriber_name"]
    rx = context.prescription
    if rx is not None:
        calculation = rx.calculation
        values.update(
            medication=medication_phrase(rx.formula, language),
            strength=strength_text(rx.formula),
            dosage_form=form_name(rx.formula.dosage_form, language),
            dose_time=dose_time(rx.time_of_day, language),
            start_date=long_date(rx.start, language),
            target_dose=format_mg(calculation.target_dose_mg),
            target_date=long_date(calculation.target_date, language),
            pharmacy_name=rx.pharmacy_name,
            pharmacy_phone=rx.pharmacy_phone,
        )
    return values


def strength_text(formula: Formula) -> str:
    """ "1.5 mg", or "1 mg/mL" for a liquid or cream."""
    if formula.dosage_form in (DosageForm.ORAL_LIQUID, DosageForm.TOPICAL_CREAM):
        return f"{format_mg(formula.strength_mg)}/mL"
    return format_mg(formula.strength_mg)


def medication_phrase(formula: Formula, language: str) -> str:
    form = form_name(formula.dosage_form, language)
    strength = strength_text(formula)
    if language == "es":
        return f"naltrexona de {strength} en {form} (preparada en una farmacia de compuestos)"
    return f"naltrexone {strength} {form} (made for you by a compounding pharmacy)"


def schedule_rows(rx: HandoutPrescription, language: str) -> tuple[ScheduleRow, ...]:
    form = rx.formula.dosage_form
    return tuple(
        ScheduleRow(
            starts=short_date(step.starts, language),
            ends=short_date(step.ends, language) if step.ends else LABELS[language]["onward"],
            dose=format_mg(step.dose_mg),
            amount=amount_text(form, step.units, language),
        )
        for step in rx.calculation.schedule
    )


def dose_steps(rx: HandoutPrescription) -> tuple[DoseStep, ...]:
    steps = []
    for step in rx.calculation.schedule:
        days = (step.ends - step.starts).days + 1 if step.ends else None
        steps.append(DoseStep((step.starts - rx.start).days, days, step.dose_mg))
    return tuple(steps)


def _filled_block(block: Block, values: dict[str, str]) -> Block:
    if isinstance(block, Heading | Paragraph):
        return replace(block, text=fill(block.text, values))
    if isinstance(block, ItemList):
        return replace(block, items=tuple(fill(item, values) for item in block.items))
    if isinstance(block, WalletCard):
        return replace(block, lines=tuple(fill(line, values) for line in block.lines))
    return block


def fill_handout(
    text: HandoutText, notice: HandoutText, context: HandoutContext, language: str
) -> FilledHandout:
    """One handout for this patient. Raises NeedsPrescriptionError, or MissingValueError
    for a placeholder with no value (a test keeps the library free of those)."""
    if text.needs_prescription and context.prescription is None:
        raise NeedsPrescriptionError(text.kind, text.title)
    values = handout_values(context, language)
    rx = context.prescription
    return FilledHandout(
        kind=text.kind,
        version=text.version,
        language=language,
        title=fill(text.title, values),
        blocks=tuple(_filled_block(block, values) for block in text.blocks),
        schedule=schedule_rows(rx, language) if rx and "schedule_table" in text.built_blocks else (),
        dose_steps=dose_steps(rx) if rx and "step_chart" in text.built_blocks else (),
        followups=tuple(
            (long_date(day, language), followup_label(kind, language)) for day, kind in context.followups
        ),
        sources=text.sources,
        notice=tuple(_filled_block(block, values) for block in notice.blocks),
    )


def build_packet(
    texts: Sequence[HandoutText], notice: HandoutText, context: HandoutContext, language: str
) -> HandoutPacket:
    """The chosen handouts, in library order, as one packet for printing."""
    ordered = sorted(texts, key=lambda text: (text.order, text.kind))
    return HandoutPacket(
        language=language,
        patient_name=context.full_name,
        clinic_name=context.clinic_name,
        printed_on=long_date(context.print_date, language),
        handouts=tuple(fill_handout(text, notice, context, language) for text in ordered),
    )
