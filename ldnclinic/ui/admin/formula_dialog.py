"""Adding or editing one formula of the formulary (admin only; optimistic locking on edit).

The fields are checked as they are typed by the domain's own rules (`formula_problems`,
and `parse_dose` for the strength), so a forbidden base such as calcium carbonate is named
at its field before Save; the service checks again on save (and alone knows whether a code
is already taken). A refusal never clears what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.errors import ValidationError
from ldnclinic.domain.prescriptions.doses import DoseFormatError, format_amount, parse_dose
from ldnclinic.domain.prescriptions.formulary import (
    DEFAULT_BASE,
    DosageForm,
    Formula,
    formula_code,
    formula_problems,
)
from ldnclinic.domain.text import collapse_spaces, optional_text
from ldnclinic.services.clinic.service import PharmacyInfo
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import FormulaEntry, FormulaInput
from ldnclinic.ui.widgets.conflict import ConflictBar
from ldnclinic.ui.widgets.dialogs import button_row, error_banner, show_save_failure
from ldnclinic.ui.widgets.form import Form
from ldnclinic.ui.widgets.workers import run_in_background

ACTIVE, INACTIVE = "yes", "no"
ACTIVE_CHOICES = (
    (ACTIVE, "Active: offered for new prescriptions"),
    (INACTIVE, "Inactive: kept for the prescriptions that use it"),
)
ANY_PHARMACY = ""


def formula_values(entry: FormulaEntry) -> dict[str, str]:
    return {
        "code": entry.code,
        "dosage_form": entry.dosage_form.value,
        "strength_mg": format_amount(entry.strength_mg),
        "base": entry.base,
        "flavour": entry.flavour or "",
        "pharmacy_id": str(entry.pharmacy_id) if entry.pharmacy_id is not None else ANY_PHARMACY,
        "notes": entry.notes or "",
        "active": ACTIVE if entry.active else INACTIVE,
    }


def _strength(text: str) -> tuple[Decimal | None, str | None]:
    try:
        return parse_dose(text), None
    except DoseFormatError as error:
        return None, str(error)


def formula_input(values: Mapping[str, str]) -> FormulaInput:
    """The typed values as the service's command; a strength that is not a number is refused."""
    strength, problem = _strength(values["strength_mg"])
    if strength is None:
        raise ValidationError({"strength_mg": problem or "Type the strength in mg, such as 1.5."})
    pharmacy = values["pharmacy_id"]
    return FormulaInput(
        code=values["code"],
        dosage_form=DosageForm(values["dosage_form"]),
        strength_mg=strength,
        base=values["base"],
        flavour=optional_text(values["flavour"]),
        notes=optional_text(values["notes"]),
        pharmacy_id=int(pharmacy) if pharmacy else None,
        active=values["active"] == ACTIVE,
    )


def formula_check(values: Mapping[str, str]) -> dict[str, str]:
    """Every problem with the typed values, by field, as the service would report it."""
    strength, strength_problem = _strength(values["strength_mg"])
    formula = Formula(
        code=formula_code(values["code"]),
        dosage_form=DosageForm(values["dosage_form"]),
        strength_mg=strength if strength is not None else Decimal(1),
        base=collapse_spaces(values["base"]),
        flavour=optional_text(values["flavour"]),
    )
    problems = formula_problems(formula)
    if strength_problem:
        problems["strength_mg"] = strength_problem
    return problems


def strength_hint(form: DosageForm) -> str:
    return "per mL, e.g. 1" if form.per_volume else f"per {form.unit}, e.g. 1.5"


class FormulaDialog(QDialog):
    """Emits `saved(FormulaEntry)`. `formula` None means a new entry."""

    saved = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        formula: FormulaEntry | None = None,
        pharmacies: Sequence[PharmacyInfo] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._formula = formula
        self._theirs: FormulaEntry | None = None
        self.setWindowTitle(f"Edit formula {formula.code}" if formula else "New formula")
        self.setMinimumWidth(600)
        self.form = Form(check=formula_check)
        f = self.form
        f.add_line("code", "Code", max_length=limits.FORMULA_CODE.box, placeholder="e.g. CAP-2")
        self.dosage_form = f.add_combo("dosage_form", "Dosage form", [(d.value, d.label) for d in DosageForm])
        self.strength = f.add_line("strength_mg", "Strength (mg)", max_length=limits.STRENGTH_BOX)
        f.add_line(
            "base",
            "Base or filler",
            max_length=limits.FORMULA_BASE.box,
            placeholder="e.g. microcrystalline cellulose (Avicel)",
        )
        f.add_line(
            "flavour",
            "Flavour",
            max_length=limits.FORMULA_FLAVOUR.box,
            placeholder="liquids, drops and troches only",
        )
        choices = [(ANY_PHARMACY, "Any pharmacy")] + [(str(p.id), p.name) for p in pharmacies]
        known = {p.id for p in pharmacies}
        if formula is not None and formula.pharmacy_id is not None and formula.pharmacy_id not in known:
            choices.append((str(formula.pharmacy_id), f"Pharmacy #{formula.pharmacy_id}"))
        f.add_combo("pharmacy_id", "Made by", choices)
        f.add_line(
            "notes",
            "Notes",
            max_length=limits.FORMULA_NOTES.box,
            placeholder="optional, e.g. storage or what the pharmacy supplies",
        )
        f.add_combo("active", "In use", list(ACTIVE_CHOICES))
        self.dosage_form.currentIndexChanged.connect(self._form_changed)
        if formula is not None:
            f.load(formula_values(formula))
        else:
            f.load({"base": DEFAULT_BASE})  # the usual filler; the admin may type another
        self._form_changed()
        self.conflict = ConflictBar()
        self.conflict.use_theirs.connect(self._use_theirs)
        self.conflict.keep_mine.connect(self._keep_mine)
        self.error = error_banner("Formula message")
        buttons, self.save_button, self.cancel_button = button_row(
            "Save formula", "Cancel", self.save, self.reject
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(self.form)
        layout.addWidget(self.conflict)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _form_changed(self) -> None:
        self.strength.setPlaceholderText(strength_hint(DosageForm(self.dosage_form.currentData())))
        self.form.refresh()  # a flavour may be fine for a liquid and wrong for a capsule

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        if not self.form.reveal_all():
            return
        data = formula_input(self.form.values())
        current = self._theirs or self._formula
        self.save_button.setEnabled(False)
        self.error.hide()
        services, actor = self._services, self._actor
        if current is None:
            work = lambda: services.formulary.create(actor, data)  # noqa: E731
        else:
            formula_id, version = current.id, current.version
            work = lambda: services.formulary.update(actor, formula_id, data, version)  # noqa: E731
        run_in_background(work, on_result=self._saved, on_error=self._failed, owner=self)

    def _saved(self, entry: FormulaEntry) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(entry)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        show_save_failure(
            error,
            record_type=FormulaEntry,
            values=formula_values,
            form=self.form,
            conflict=self.conflict,
            banner=self.error,
            save_button=self.save_button,
            keep_theirs=self._keep_theirs,
        )

    def _keep_theirs(self, theirs: FormulaEntry) -> None:
        self._theirs = theirs

    def _use_theirs(self) -> None:
        if self._theirs is not None:
            self._formula, self._theirs = self._theirs, None
            self.form.load(formula_values(self._formula))
            self._form_changed()
        self.save_button.setEnabled(True)

    def _keep_mine(self) -> None:
        self.form.show_other(None)
        self.save_button.setEnabled(True)
        self.save()
