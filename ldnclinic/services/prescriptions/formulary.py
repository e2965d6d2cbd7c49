"""The formulary of compounded LDN formulas: anyone signed in reads it, admins change it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.db.models.prescriptions import Formula as FormulaRow
from ldnclinic.db.records import by_id, existing
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.errors import ConflictError, NotFoundError, ValidationError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.formulary import DosageForm, Formula, formula_code, formula_problems
from ldnclinic.domain.text import collapse_spaces, optional_text
from ldnclinic.services import audit
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.prescriptions.dto import FormulaEntry, FormulaInput

FORMULA_CHANGED = "Someone else changed this formula after you opened it. Nothing was overwritten."


def domain_formula(row: FormulaRow) -> Formula:
    return Formula(
        code=row.code,
        dosage_form=DosageForm(row.dosage_form),
        strength_mg=row.strength_mg.normalize(),
        base=row.base,
        flavour=row.flavour,
        notes=row.notes,
        pharmacy_id=row.pharmacy_id,
        active=row.active,
        id=row.id,
    )


def formula_entry(row: FormulaRow) -> FormulaEntry:
    formula = domain_formula(row)
    return FormulaEntry(
        id=row.id,
        code=row.code,
        dosage_form=formula.dosage_form,
        strength_mg=formula.strength_mg,
        base=row.base,
        flavour=row.flavour,
        notes=row.notes,
        pharmacy_id=row.pharmacy_id,
        active=row.active,
        label=formula.label,
        strength_text=formula.strength_text,
        version=row.version,
    )


def _checked(data: FormulaInput) -> dict[str, object]:
    formula = Formula(
        code=formula_code(data.code),
        dosage_form=data.dosage_form,
        strength_mg=data.strength_mg,
        base=collapse_spaces(data.base),
        flavour=optional_text(data.flavour),
        notes=optional_text(data.notes),
        pharmacy_id=data.pharmacy_id,
        active=data.active,
    )
    problems = formula_problems(formula)
    if len(formula.base) > limits.FORMULA_BASE.chars:
        problems["base"] = f"Keep the base to {limits.FORMULA_BASE.chars} characters."
    if formula.flavour and len(formula.flavour) > limits.FORMULA_FLAVOUR.chars:
        problems["flavour"] = f"Keep the flavour to {limits.FORMULA_FLAVOUR.chars} characters."
    if problems:
        raise ValidationError(problems)
    return {
        "code": formula.code,
        "dosage_form": formula.dosage_form.value,
        "strength_mg": formula.strength_mg,
        "base": formula.base,
        "flavour": formula.flavour,
        "notes": formula.notes,
        "pharmacy_id": formula.pharmacy_id,
        "active": formula.active,
    }


class FormularyService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def list(self, *, include_inactive: bool = False) -> list[FormulaEntry]:
        """Formulas in a stable order: by dosage form, then strength (not PHI)."""
        with self._db.transaction() as session:
            stmt = select(FormulaRow)
            if not include_inactive:
                stmt = stmt.where(FormulaRow.active.is_(True))
            rows = [formula_entry(row) for row in session.scalars(stmt)]
        order = list(DosageForm)
        return sorted(rows, key=lambda f: (order.index(f.dosage_form), f.strength_mg, f.code))

    def by_code(self, code: str) -> FormulaEntry:
        with self._db.transaction() as session:
            row = session.scalar(select(FormulaRow).where(FormulaRow.code == formula_code(code)))
            if row is None:
                raise NotFoundError(f"There is no formula with the code “{code.strip()[:30]}”.")
            return formula_entry(row)

    def create(self, actor: Actor, data: FormulaInput) -> FormulaEntry:
        require(actor, Permission.FORMULARY_MANAGE)
        values = _checked(data)
        with self._db.transaction() as session:
            self._check_refs(session, values, None)
            row = FormulaRow(**values)
            session.add(row)
            session.flush()
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.FORMULA_CREATED,
                actor=actor,
                record_type="formula",
                record_id=row.id,
            )
            return formula_entry(row)

    def update(
        self, actor: Actor, formula_id: int, data: FormulaInput, expected_version: int
    ) -> FormulaEntry:
        require(actor, Permission.FORMULARY_MANAGE)
        values = _checked(data)
        try:
            with self._db.transaction() as session:
                row = existing(session, FormulaRow, formula_id, "formula")
                if row.version != expected_version:
                    raise ConflictError(FORMULA_CHANGED, current=formula_entry(row))
                self._check_refs(session, values, formula_id)
                for key, value in values.items():
                    setattr(row, key, value)
                session.flush()
                audit.record(
                    session,
                    at=self._clock(),
                    action=AuditAction.FORMULA_UPDATED,
                    actor=actor,
                    record_type="formula",
                    record_id=row.id,
                )
                return formula_entry(row)
        except StaleDataError:
            with self._db.transaction() as session:
                current = formula_entry(session.get_one(FormulaRow, formula_id))
            raise ConflictError(FORMULA_CHANGED, current=current) from None

    @staticmethod
    def _check_refs(session: Session, values: dict[str, object], own_id: int | None) -> None:
        clash = session.scalar(select(FormulaRow.id).where(FormulaRow.code == values["code"]))
        if clash is not None and clash != own_id:
            raise ValidationError({"code": f"The code {values['code']} is already in the formulary."})
        pharmacy_id = values["pharmacy_id"]
        if pharmacy_id is not None and by_id(session, Pharmacy, pharmacy_id) is None:
            raise ValidationError({"pharmacy_id": "That pharmacy is not in the directory."})
