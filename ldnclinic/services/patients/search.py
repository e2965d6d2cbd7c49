"""Search-as-you-type over the registry, with keyset paging.

A query is split into words. Date-like words filter on the date of birth; the other words
must each be the start of some part of the patient's names (folded, so "pena" finds Peña).
A query of digits only looks up MRNs and phone numbers (start or end of the number).
Every branch uses an index, so a page costs a few milliseconds at 100,000 patients.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, SQLColumnExpression, and_, or_, select, tuple_
from sqlalchemy.orm import Session

from ldnclinic.db.models.patients import Patient, PatientNameToken, PatientPhone
from ldnclinic.domain.dates import DateFormatError, looks_like_date, parse_date
from ldnclinic.domain.enums import PatientStatus, PhoneKind, Sex
from ldnclinic.domain.identifiers import normalize_mrn
from ldnclinic.domain.names import query_words
from ldnclinic.domain.text import collapse_spaces
from ldnclinic.services.contact_checks import display_phone, phone_search_digits
from ldnclinic.services.patients.dto import PatientSummary, SearchCursor

_MAX_CODE_POINT = 0x10FFFF
_SURROGATES_FIRST, _SURROGATES_LAST = 0xD800, 0xDFFF
_PHONE_ORDER = {PhoneKind.MOBILE.value: 0, PhoneKind.HOME.value: 1, PhoneKind.WORK.value: 2}


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    words: tuple[str, ...] = ()
    birth_dates: tuple[date, ...] = ()
    digits: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.birth_dates or self.digits)


def parse_query(text: str, today: date) -> ParsedQuery:
    # Control characters and lone surrogates cannot be stored or sent (PostgreSQL refuses NUL).
    printable = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs"))
    value = collapse_spaces(printable)[:200]
    if not value:
        return ParsedQuery()
    # Bare digits ("10158814") may be an MRN, a phone or MMDDYYYY: the digits branch tries all.
    if looks_like_date(value) and not value.isdecimal():
        try:
            return ParsedQuery(birth_dates=(parse_date(value, today=today),))
        except DateFormatError:
            pass
    digits = phone_search_digits(value)
    if digits:
        return ParsedQuery(digits=digits)
    words: list[str] = []
    births: list[date] = []
    for raw in value.split(" "):
        if looks_like_date(raw):
            try:
                births.append(parse_date(raw, today=today))
                continue
            except DateFormatError:
                pass
        words.extend(query_words(raw))
    return ParsedQuery(words=tuple(words), birth_dates=tuple(births))


def prefix_upper_bound(prefix: str) -> str | None:
    """The least string above every string that starts with `prefix` (code-point order).

    None when there is none (the prefix is all U+10FFFF). Skips the surrogate block, which
    no stored text can contain.
    """
    for end in range(len(prefix) - 1, -1, -1):
        code = ord(prefix[end]) + 1
        if code > _MAX_CODE_POINT:
            continue
        if _SURROGATES_FIRST <= code <= _SURROGATES_LAST:
            code = _SURROGATES_LAST + 1
        return prefix[:end] + chr(code)
    return None


def _prefix_range(column: SQLColumnExpression[str], prefix: str) -> ColumnElement[bool]:
    """column starts with prefix, as a range an index can use (binary collation)."""
    upper = prefix_upper_bound(prefix)
    if upper is None:
        return column >= prefix
    return and_(column >= prefix, column < upper)


def _filters(query: ParsedQuery) -> list[ColumnElement[bool]]:
    filters: list[ColumnElement[bool]] = []
    for word in query.words:
        tokens = select(PatientNameToken.patient_id).where(_prefix_range(PatientNameToken.token, word))
        filters.append(Patient.id.in_(tokens))
    if query.birth_dates:
        filters.append(Patient.date_of_birth.in_(query.birth_dates))
    if query.digits:
        digits = query.digits
        numbers = [digits]
        if len(digits) == 11 and digits.startswith("1"):
            numbers.append(digits[1:])  # "+1 512 555 0142": stored digits are national
        phones = select(PatientPhone.patient_id).where(
            or_(
                *(_prefix_range(PatientPhone.digits, number) for number in numbers),
                _prefix_range(PatientPhone.digits_reversed, digits[::-1]),
            )
        )
        alternatives: list[ColumnElement[bool]] = [Patient.id.in_(phones)]
        mrn = normalize_mrn(digits)
        if mrn:
            alternatives.append(Patient.mrn == mrn)
        elif len(digits) <= 8:
            shaped = digits if len(digits) <= 4 else f"{digits[:4]}-{digits[4:]}"
            alternatives.append(_prefix_range(Patient.mrn, shaped))
        if len(digits) == 8:
            with contextlib.suppress(DateFormatError):
                alternatives.append(Patient.date_of_birth == parse_date(digits))
        filters.append(or_(*alternatives))
    return filters


_LIST_COLUMNS = (
    Patient.id,
    Patient.mrn,
    Patient.first_name,
    Patient.middle_name,
    Patient.last_name,
    Patient.preferred_name,
    Patient.date_of_birth,
    Patient.sex,
    Patient.city,
    Patient.state,
    Patient.status,
    Patient.sort_key,
)


def search_statement(query: ParsedQuery, after: SearchCursor | None, limit: int) -> Select[*tuple[Any, ...]]:
    """Only the list's columns: no relationship loading for a page of results."""
    stmt = select(*_LIST_COLUMNS).where(*_filters(query)).order_by(Patient.sort_key, Patient.id).limit(limit)
    if after is not None:
        stmt = stmt.where(tuple_(Patient.sort_key, Patient.id) > tuple_(after.sort_key, after.id))
    return stmt


def run_search(
    session: Session, query: ParsedQuery, after: SearchCursor | None, limit: int
) -> list[PatientSummary]:
    rows = session.execute(search_statement(query, after, limit)).all()
    phones = _first_phones(session, [row.id for row in rows])
    return [_summary(row, phones.get(row.id, "")) for row in rows]


def _first_phones(session: Session, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(PatientPhone.patient_id, PatientPhone.kind, PatientPhone.number).where(
            PatientPhone.patient_id.in_(ids)
        )
    ).all()
    best: dict[int, tuple[int, str]] = {}
    for patient_id, kind, number in rows:
        rank = _PHONE_ORDER.get(kind, 9)
        if patient_id not in best or rank < best[patient_id][0]:
            best[patient_id] = (rank, number)
    return {pid: display_phone(number) for pid, (_, number) in best.items()}


def _summary(p: Row[Any], phone: str) -> PatientSummary:
    return PatientSummary(
        id=p.id,
        mrn=p.mrn,
        first_name=p.first_name,
        middle_name=p.middle_name,
        last_name=p.last_name,
        preferred_name=p.preferred_name,
        date_of_birth=p.date_of_birth,
        sex=Sex(p.sex),
        phone=phone,
        city=p.city,
        state=p.state,
        status=PatientStatus(p.status),
        sort_key=p.sort_key,
    )
