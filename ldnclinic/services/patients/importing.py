"""CSV import of patients, for a clinic moving from a spreadsheet (`ldnclinic patients import`).

Columns (header names are case- and space-insensitive; a few common aliases such as "DOB",
"Gender" or "ZIP code" are understood): first_name, middle_name, last_name, preferred_name,
date_of_birth (YYYY-MM-DD or M/D/YYYY), sex (F/M/X/U or words), phone, email, address, city,
state, zip, preferred_language ("English", "Spanish", "es", ...), conditions, allergies,
medications (lists separated by ";"), pharmacy. Optional extras: home_phone, work_phone,
status, emergency_contact_name, emergency_contact_relationship, emergency_contact_phone.

Decisions, so that a clinic knows what to expect:
- Every row passes the same checks as a patient typed into the app (check_patient); a row
  that fails is not imported and goes to the rejects CSV with the reasons, by column.
- A pharmacy is matched by name (case and accents ignored) against the pharmacy directory.
  An unknown pharmacy rejects the row: the directory needs an address and phone that a
  spreadsheet cell does not hold. Add the pharmacy in the app, then import the rejects file.
- A patient whose normalized name and date of birth are already registered (or appeared
  earlier in the file) is skipped and counted, never duplicated: importing the same file
  again adds nothing, and importing a corrected rejects file adds only the fixed rows.
- An empty sex cell is stored as "unknown"; an empty language as English; an empty status
  as "prospective" (consents are not imported, so the chart shows they are still needed).
- "phone" is the mobile number. Allergies "NKA", "NKDA" or "none" mean no known allergies.
  An allergy may carry its reaction as "Penicillin (hives)"; a condition its ICD-10-CM code
  as "Migraine (G43.909)"; a medication its dose after the name ("Levothyroxine 50 mcg").
- A file that is not UTF-8 is read as Windows-1252 (Excel's plain "CSV" format); Excel's
  UTF-8 byte-order mark is accepted. The rejects CSV is written as UTF-8 with a BOM so Excel
  opens it with accents intact.

Rows are checked outside the database, then written in batches (one transaction per batch),
so thousands of rows take seconds. Each patient gets its PATIENT_CREATED audit entry, and the
import one PATIENTS_IMPORTED entry with the counts (no PHI, not even the file name).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.domain.enums import AuditAction, Language, PhoneKind, Sex
from ldnclinic.domain.errors import DomainError, ValidationError
from ldnclinic.domain.medications.entries import split_medication
from ldnclinic.domain.names import fold, identity_key
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.text import collapse_spaces, lookup_key
from ldnclinic.interop.spreadsheet import UnreadableCsvError, read_csv_rows
from ldnclinic.services import audit
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.patients.checks import CheckedPatient, check_patient
from ldnclinic.services.patients.dto import AllergyInput, ConditionInput, MedicationInput, PatientInput
from ldnclinic.services.patients.service import add_checked_patients, duplicates_of

BATCH_SIZE = 250
REASON_COLUMN = "reason"
Progress = Callable[[int, int], None]

COLUMNS = (
    "first_name", "middle_name", "last_name", "preferred_name", "date_of_birth", "sex", "phone",
    "email", "address", "city", "state", "zip", "preferred_language", "conditions", "allergies",
    "medications", "pharmacy",
)  # fmt: skip
OPTIONAL_COLUMNS = (
    "home_phone", "work_phone", "status", "emergency_contact_name",
    "emergency_contact_relationship", "emergency_contact_phone",
)  # fmt: skip
REQUIRED_COLUMNS = ("first_name", "last_name", "date_of_birth")

_ALIASES = {
    "first": "first_name", "firstname": "first_name", "given_name": "first_name",
    "last": "last_name", "lastname": "last_name", "surname": "last_name", "family_name": "last_name",
    "middle": "middle_name", "middlename": "middle_name", "preferred": "preferred_name",
    "nickname": "preferred_name", "dob": "date_of_birth", "birth_date": "date_of_birth",
    "birthdate": "date_of_birth", "date_of_birth_(yyyy_mm_dd)": "date_of_birth", "gender": "sex",
    "phone_number": "phone", "mobile": "phone", "mobile_phone": "phone", "cell": "phone",
    "cell_phone": "phone", "home": "home_phone", "work": "work_phone", "e_mail": "email",
    "email_address": "email", "street": "address", "street_address": "address",
    "address_1": "address", "address1": "address", "zip_code": "zip", "zipcode": "zip",
    "postal_code": "zip", "language": "preferred_language", "preferred_pharmacy": "pharmacy",
}  # fmt: skip
# Where check_patient's field names differ from the spreadsheet's columns.
_FIELD_COLUMNS = {
    "street": "address", "phone_mobile": "phone", "phone_home": "home_phone", "phone_work": "work_phone",
}  # fmt: skip

_SEX_WORDS = {
    "f": Sex.FEMALE, "female": Sex.FEMALE, "woman": Sex.FEMALE, "w": Sex.FEMALE,
    "femenino": Sex.FEMALE, "mujer": Sex.FEMALE,
    "m": Sex.MALE, "male": Sex.MALE, "man": Sex.MALE, "masculino": Sex.MALE, "hombre": Sex.MALE,
    "x": Sex.INTERSEX, "i": Sex.INTERSEX, "intersex": Sex.INTERSEX,
    "u": Sex.UNKNOWN, "unknown": Sex.UNKNOWN, "unk": Sex.UNKNOWN, "": Sex.UNKNOWN,
}  # fmt: skip
_LANGUAGE_EXTRAS = {
    "eng": Language.ENGLISH, "ingles": Language.ENGLISH, "spa": Language.SPANISH,
    "espanol": Language.SPANISH, "castellano": Language.SPANISH, "tieng viet": Language.VIETNAMESE,
    "mandarin": Language.CHINESE, "cantonese": Language.CHINESE, "filipino": Language.TAGALOG,
}  # fmt: skip
_NO_KNOWN_ALLERGIES = {"nka", "nkda", "none", "no known allergies", "no known drug allergies"}
_LABEL_WITH_CODE = re.compile(
    r"^(?P<label>.+?)\s*[(\[]\s*(?P<code>[A-Za-z][0-9][0-9A-Za-z](?:\.[0-9A-Za-z]{1,4})?)\s*[)\]]$"
)
_WITH_REACTION = re.compile(r"^(?P<substance>[^(]+?)\s*\((?P<reaction>.*)\)$")


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (not CSV, no header, required column missing)."""


class RejectedRowError(ValueError):
    """One row cannot be turned into a patient; str(self) is the reason for the rejects file."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")
        self.column = column


@dataclass(frozen=True, slots=True)
class CsvTable:
    header: list[str]
    columns: list[str | None]  # each header cell's canonical column, None when ignored
    rows: list[list[str]]
    encoding: str
    ignored_columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportReport:
    imported: int
    skipped: int  # already registered, or earlier in the same file
    rejected: int
    rejects_path: Path | None  # written only when a row was rejected
    encoding: str
    ignored_columns: tuple[str, ...] = ()
    problems_by_column: tuple[tuple[str, int], ...] = ()  # how many rejects each column caused

    @property
    def total(self) -> int:
        return self.imported + self.skipped + self.rejected


@dataclass(slots=True)
class _Tally:
    imported: int = 0
    skipped: int = 0
    rejects: list[tuple[list[str], str]] = field(default_factory=list)
    columns: Counter[str] = field(default_factory=Counter)


def default_rejects_path(source: Path) -> Path:
    """patients.csv -> patients.rejects.csv, beside the input."""
    return source.with_name(f"{source.stem}.rejects.csv")


# --- reading the file ---------------------------------------------------------------------


def column_key(name: str) -> str:
    """'First Name' -> 'first_name'; aliases such as 'DOB' -> 'date_of_birth'."""
    key = re.sub(r"[\s\-]+", "_", name.strip().strip("\ufeff\u200b").casefold())
    return _ALIASES.get(key, key)


def read_csv_file(source: Path) -> CsvTable:
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {source}.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{source} is a folder, not a CSV file.") from None
    except OSError as error:  # no permission, a name too long for the file system ...
        raise ImportFileError(f"Cannot read {str(source)[:200]}: {error.strerror or error}.") from None
    try:
        table = read_csv_rows(raw)
    except UnreadableCsvError as problem:
        raise ImportFileError(f"{source.name} {problem.reason}") from None
    header = table.header
    if not header or not any(cell.strip() for cell in header):
        raise ImportFileError(f"{source.name} is empty: the first line must name the columns.")
    columns, ignored = _map_columns(header)
    return CsvTable(header, columns, table.rows, table.encoding, ignored)


def _map_columns(header: Sequence[str]) -> tuple[list[str | None], tuple[str, ...]]:
    known = set(COLUMNS) | set(OPTIONAL_COLUMNS)
    columns: list[str | None] = []
    ignored: list[str] = []
    for cell in header:
        key = column_key(cell)
        if key in known and key in columns:
            raise ImportFileError(f"The column “{cell.strip()}” appears twice.")
        columns.append(key if key in known else None)
        if key not in known and key and key != REASON_COLUMN:
            ignored.append(cell.strip())
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(
            "The file has no " + ", ".join(missing) + " column. The first line must name the columns: "
            + ", ".join(COLUMNS) + "."
        )  # fmt: skip
    return columns, tuple(ignored)


# --- one row -> PatientInput ---------------------------------------------------------------


def _quote(value: str) -> str:
    text = collapse_spaces(value)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def _items(text: str) -> list[str]:
    return [collapse_spaces(item) for item in text.split(";") if item.strip()]


def _sex(text: str) -> str:
    sex = _SEX_WORDS.get(fold(text).strip(" ."))
    return sex.value if sex else text  # anything else: check_patient names the choices


def _language_names() -> dict[str, Language]:
    """'en', 'english', 'es', 'spanish', 'espanol', 'tieng viet', ... -> Language."""
    names = dict(_LANGUAGE_EXTRAS)
    for language in Language:
        names[language.value] = language
        for part in re.split(r"[()]", language.label):
            if part.strip():
                names[fold(part.strip())] = language
    return names


_LANGUAGES = _language_names()


def _language(text: str) -> str:
    key = lookup_key(text)
    if not key:
        return Language.ENGLISH.value
    language = _LANGUAGES.get(key)
    return language.value if language else text  # anything else: check_patient names the choices


def _condition(item: str) -> ConditionInput:
    match = _LABEL_WITH_CODE.match(item)
    return ConditionInput(match["label"], match["code"].upper()) if match else ConditionInput(item)


def _allergy(item: str) -> AllergyInput:
    match = _WITH_REACTION.match(item)
    if match:
        return AllergyInput(match["substance"], match["reaction"])
    for separator in (":", " - "):
        if separator in item:
            substance, reaction = item.split(separator, 1)
            return AllergyInput(substance, reaction)
    return AllergyInput(item)


def row_input(cells: Mapping[str, str], pharmacies: Mapping[str, int]) -> PatientInput:
    """A spreadsheet row (canonical column -> cell) as the service's PatientInput."""

    def cell(name: str) -> str:
        return cells.get(name, "")

    allergy_items = _items(cell("allergies"))
    no_known = len(allergy_items) == 1 and fold(allergy_items[0]).strip(" .") in _NO_KNOWN_ALLERGIES
    phone_columns = {PhoneKind.MOBILE: "phone", PhoneKind.HOME: "home_phone", PhoneKind.WORK: "work_phone"}
    phones = {kind: cell(column) for kind, column in phone_columns.items() if cell(column).strip()}
    return PatientInput(
        first_name=cell("first_name"), last_name=cell("last_name"),
        date_of_birth=cell("date_of_birth"), sex=_sex(cell("sex")),
        middle_name=cell("middle_name"), preferred_name=cell("preferred_name"),
        street=cell("address"), city=cell("city"), state=cell("state"), zip=cell("zip"),
        phones=phones, email=cell("email"), preferred_language=_language(cell("preferred_language")),
        emergency_contact_name=cell("emergency_contact_name"),
        emergency_contact_relationship=cell("emergency_contact_relationship"),
        emergency_contact_phone=cell("emergency_contact_phone"),
        preferred_pharmacy_id=_pharmacy_id(cell("pharmacy"), pharmacies),
        status=fold(cell("status")).strip() or "prospective",
        conditions=tuple(_condition(item) for item in _items(cell("conditions"))),
        allergies=() if no_known else tuple(_allergy(item) for item in allergy_items),
        no_known_allergies=no_known,
        medications=tuple(MedicationInput(*split_medication(item)) for item in _items(cell("medications"))),
    )  # fmt: skip


def _pharmacy_id(name: str, pharmacies: Mapping[str, int]) -> int | None:
    key = lookup_key(name)
    if not key:
        return None
    if key not in pharmacies:
        raise RejectedRowError(
            "pharmacy",
            f"{_quote(name)} is not in the pharmacy directory; add it in the app first, "
            "or leave the cell empty.",
        )
    return pharmacies[key]


def rejection_reason(error: ValidationError) -> str:
    """check_patient's messages, named by the spreadsheet's columns."""
    return "; ".join(f"{_FIELD_COLUMNS.get(name, name)}: {text}" for name, text in error.field_errors.items())


# --- the service -------------------------------------------------------------------------------


class ImportService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def import_csv(
        self, actor: Actor, source: Path, rejects: Path | None = None, progress: Progress | None = None
    ) -> ImportReport:
        """Import every valid row; write the others to the rejects CSV with their reasons."""
        require(actor, Permission.PATIENT_IMPORT)
        if not source.name:  # "" is the current folder: no file to read
            raise ImportFileError(f"{source} is a folder, not a CSV file.")
        rejects_path = rejects or default_rejects_path(source)
        if rejects_path.resolve() == source.resolve():
            raise ImportFileError("The rejects file must not be the file being imported.")
        if not rejects_path.parent.is_dir():
            raise ImportFileError(f"There is no folder {rejects_path.parent} for the rejects file.")
        table = read_csv_file(source)
        pharmacies = self._pharmacy_directory()
        tally = _Tally()
        seen: set[tuple[str, date]] = set()
        for done, batch in _batches(table.rows, BATCH_SIZE):
            checked = self._check_rows(table, batch, pharmacies, seen, tally)
            self._store(actor, checked, tally)
            if progress:
                progress(done, len(table.rows))
        report = ImportReport(
            imported=tally.imported, skipped=tally.skipped, rejected=len(tally.rejects),
            rejects_path=rejects_path if tally.rejects else None, encoding=table.encoding,
            ignored_columns=table.ignored_columns,
            problems_by_column=tuple(sorted(tally.columns.items(), key=lambda item: (-item[1], item[0]))),
        )  # fmt: skip
        with self._db.transaction() as session:  # recorded before anything else can fail
            audit.record(
                session, at=self._clock(), action=AuditAction.PATIENTS_IMPORTED, actor=actor,
                detail=f"rows: {report.total}; imported: {report.imported}; "
                f"skipped as already present: {report.skipped}; rejected: {report.rejected}",
            )  # fmt: skip
        if tally.rejects:
            _write_rejects(rejects_path, table.header, tally.rejects)
        return report

    def _pharmacy_directory(self) -> dict[str, int]:
        with self._db.transaction() as session:
            rows = session.execute(select(Pharmacy.name_key, Pharmacy.id).where(Pharmacy.active.is_(True)))
            return {name_key: pharmacy_id for name_key, pharmacy_id in rows}

    def _check_rows(
        self,
        table: CsvTable,
        batch: Sequence[list[str]],
        pharmacies: Mapping[str, int],
        seen: set[tuple[str, date]],
        tally: _Tally,
    ) -> list[CheckedPatient]:
        """Check a batch outside any transaction; skip repeats within the file."""
        today = self._clock().date()
        checked_rows: list[CheckedPatient] = []
        for cells in batch:
            try:
                checked = _check_row(table, cells, pharmacies, today)
            except RejectedRowError as problem:
                tally.rejects.append((cells, str(problem)))
                tally.columns[problem.column] += 1
                continue
            except ValidationError as error:
                tally.rejects.append((cells, rejection_reason(error)))
                tally.columns.update(_FIELD_COLUMNS.get(name, name) for name in error.field_errors)
                continue
            key = _identity(checked)
            if key in seen:
                tally.skipped += 1
                continue
            seen.add(key)
            checked_rows.append(checked)
        return checked_rows

    def _store(self, actor: Actor, checked_rows: list[CheckedPatient], tally: _Tally) -> None:
        """One transaction per batch; the duplicate guard runs inside it."""
        if not checked_rows:
            return
        with self._db.transaction() as session:
            new = [checked for checked in checked_rows if not duplicates_of(session, checked)]
            add_checked_patients(session, new, actor, self._clock(), detail="imported from a CSV file")
            tally.imported += len(new)
            tally.skipped += len(checked_rows) - len(new)


def _identity(checked: CheckedPatient) -> tuple[str, date]:
    """The duplicate guard's key: normalized first and last name, and the date of birth."""
    scalars = checked.scalars
    born = scalars["date_of_birth"]
    assert isinstance(born, date)
    return identity_key(str(scalars["first_name"]), str(scalars["last_name"])), born


def _check_row(
    table: CsvTable, cells: list[str], pharmacies: Mapping[str, int], today: date
) -> CheckedPatient:
    if len(cells) > len(table.header) and any(cell.strip() for cell in cells[len(table.header) :]):
        raise RejectedRowError(
            "row",
            f"it has {len(cells)} cells but the header names {len(table.header)} columns "
            "(a comma inside a value needs quotes).",
        )
    values = {column: cell for column, cell in zip(table.columns, cells, strict=False) if column}
    return check_patient(row_input(values, pharmacies), today)


def _batches(rows: list[list[str]], size: int) -> Iterator[tuple[int, list[list[str]]]]:
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        yield start + len(batch), batch


def _write_rejects(path: Path, header: list[str], rejects: list[tuple[list[str], str]]) -> None:
    reason_column = REASON_COLUMN if REASON_COLUMN not in (column_key(h) for h in header) else "reject_reason"
    width = len(header)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([*header, reason_column])
            for cells, reason in rejects:
                padded = cells[:width] + [""] * (width - len(cells))
                writer.writerow([*padded, reason, *cells[width:]])
    except OSError as error:
        raise ImportFileError(f"Cannot write the rejects file {path}: {error.strerror}.") from None
