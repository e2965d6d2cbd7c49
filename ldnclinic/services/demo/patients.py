"""Generate fictional demo patients as table rows, reproducibly from a seeded random.Random.

Rows carry the same derived columns the patient service stores (sort key, identity key,
name tokens, phone search digits), so search and the duplicate guard work on demo data
exactly as on patients entered by hand. Generation is pure Python: no database here.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from ldnclinic.domain.conditions import CONDITION_PICKLIST
from ldnclinic.domain.enums import ConsentKind, Language, PatientStatus, PhoneKind, Sex
from ldnclinic.domain.identifiers import new_mrn
from ldnclinic.domain.names import fold, identity_key, name_tokens, sort_key
from ldnclinic.services.demo import names

T = TypeVar("T")
Row = dict[str, Any]

_NOT_EMAIL = re.compile(r"[^a-z0-9]")
_STATUSES = (PatientStatus.ACTIVE, PatientStatus.PROSPECTIVE, PatientStatus.PAUSED, PatientStatus.DISCHARGED)
_STATUS_WEIGHTS = (70, 15, 8, 7)
_FIRST_BIRTH_YEAR, _LAST_BIRTH_YEAR, _MODE_BIRTH_YEAR = 1941, 2006, 1977


class WeightedChoice(Generic[T]):
    """Pick from items with weights, quickly (cumulative weights computed once)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self._items = list(items)
        self._cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random) -> T:
        return rng.choices(self._items, cum_weights=self._cumulative)[0]


@dataclass(slots=True)
class PatientRows:
    """Rows for one batch of patients, per table."""

    patients: list[Row] = field(default_factory=list)
    name_tokens: list[Row] = field(default_factory=list)
    phones: list[Row] = field(default_factory=list)
    consents: list[Row] = field(default_factory=list)
    conditions: list[Row] = field(default_factory=list)
    allergies: list[Row] = field(default_factory=list)
    medications: list[Row] = field(default_factory=list)
    opioid_patients: int = 0
    out_of_state_patients: int = 0

    def tables(self) -> dict[str, list[Row]]:
        return {
            "patients": self.patients,
            "patient_name_tokens": self.name_tokens,
            "patient_phones": self.phones,
            "patient_consents": self.consents,
            "patient_conditions": self.conditions,
            "patient_allergies": self.allergies,
            "patient_medications": self.medications,
        }


@dataclass(frozen=True, slots=True)
class DemoContext:
    """What generated rows refer to: pharmacies, the staff member recording consents, time."""

    pharmacy_ids: tuple[int, ...]
    recorded_by_id: int | None
    now: datetime

    @property
    def today(self) -> date:
        return self.now.date()


class DemoPatientGenerator:
    """Reproducible: the same seed gives the same patients, in the same order, with the same MRNs."""

    def __init__(self, seed: int, context: DemoContext) -> None:
        self._rng = random.Random(seed)
        self._context = context
        self._used_mrns: set[str] = set()
        self._group = WeightedChoice(names.NAME_GROUPS, [g.weight for g in names.NAME_GROUPS])
        self._place = WeightedChoice(names.PLACES, [p.weight for p in names.PLACES])
        away = names.OUT_OF_STATE_PLACES
        self._other_place = WeightedChoice(away, [p.weight for p in away])
        self._status = WeightedChoice(_STATUSES, _STATUS_WEIGHTS)
        conditions = [(c.label, c.icd10) for c in CONDITION_PICKLIST] + list(names.OTHER_CONDITIONS)
        weights = [names.CONDITION_WEIGHTS.get(label, 1.0) for label, _ in conditions]
        weights[len(CONDITION_PICKLIST) :] = [0.5] * len(names.OTHER_CONDITIONS)
        self._condition = WeightedChoice(conditions, weights)

    def batch(self, first_id: int, count: int) -> PatientRows:
        rows = PatientRows()
        for patient_id in range(first_id, first_id + count):
            self._add_patient(rows, patient_id)
        return rows

    # --- one patient --------------------------------------------------------------------

    def _add_patient(self, rows: PatientRows, patient_id: int) -> None:
        rng = self._rng
        group = self._group(rng)
        sex = Sex.FEMALE if rng.random() < 0.66 else Sex.MALE
        if rng.random() < 0.002:
            sex = Sex.INTERSEX if rng.random() < 0.5 else Sex.UNKNOWN
        female = sex is Sex.FEMALE or (sex is not Sex.MALE and rng.random() < 0.5)
        first = rng.choice(group.female if female else group.male)
        last = self._surname(group)
        middle = self._middle_name(group, female)
        preferred = self._preferred_name(group, female, first)
        status = self._status(rng)
        place = self._other_place(rng) if rng.random() < names.OUT_OF_STATE_SHARE else self._place(rng)
        language = self._language(group)
        rows.patients.append(
            {
                "id": patient_id,
                "mrn": self._mrn(),
                "first_name": first,
                "middle_name": middle,
                "last_name": last,
                "preferred_name": preferred,
                "date_of_birth": self._birth_date(),
                "sex": sex.value,
                **self._address(place),
                "email": self._email(first, last) if rng.random() < 0.78 else None,
                "preferred_language": language.value,
                **self._emergency_contact(group, place),
                "preferred_pharmacy_id": self._pharmacy(),
                "status": status.value,
                "no_known_allergies": False,
                "sort_key": sort_key(last, first),
                "identity_key": identity_key(first, last),
                "created_at": self._context.now,
                "updated_at": self._context.now,
                "version": 1,
            }
        )
        if place.state != "TX":
            rows.out_of_state_patients += 1
        rows.name_tokens.extend(
            {"patient_id": patient_id, "token": token[:100]}
            for token in name_tokens(last, first, middle, preferred)
        )
        self._add_phones(rows, patient_id, place)
        self._add_consents(rows, patient_id, status)
        self._add_clinical_lists(rows, patient_id, status)

    def _mrn(self) -> str:
        while True:
            mrn = new_mrn(self._rng)
            if mrn not in self._used_mrns:
                self._used_mrns.add(mrn)
                return mrn

    def _surname(self, group: names.NameGroup) -> str:
        last = self._rng.choice(group.surnames)
        if group.hyphenated_share and self._rng.random() < group.hyphenated_share:
            second = self._rng.choice(group.surnames)
            if second != last and " " not in last + second and "-" not in last + second:
                return f"{last}-{second}"
        return last

    def _middle_name(self, group: names.NameGroup, female: bool) -> str | None:
        middles = group.female_middles if female else group.male_middles
        if middles and (group.key == "vietnamese" or self._rng.random() < 0.35):
            return self._rng.choice(middles)
        return None

    def _preferred_name(self, group: names.NameGroup, female: bool, first: str) -> str | None:
        if self._rng.random() >= group.preferred_share:
            return None
        choices = names.PREFERRED_NAMES_FEMALE if female else names.PREFERRED_NAMES_MALE
        preferred = self._rng.choice(choices)
        return None if preferred == first else preferred

    def _birth_date(self) -> date:
        year = round(self._rng.triangular(_FIRST_BIRTH_YEAR, _LAST_BIRTH_YEAR, _MODE_BIRTH_YEAR))
        return date(year, 1, 1) + timedelta(days=self._rng.randrange(365))

    def _language(self, group: names.NameGroup) -> Language:
        if group.other_language and self._rng.random() < group.other_language_share:
            return group.other_language
        return Language.ENGLISH

    def _address(self, place: names.Place) -> Row:
        rng = self._rng
        if rng.random() < 0.03:
            return {"street": None, "city": None, "state": None, "zip": None}
        name, suffix = rng.choice(names.STREET_NAMES), rng.choice(names.STREET_SUFFIXES)
        street = f"{rng.randrange(100, 9900)} {name} {suffix}"
        if rng.random() < 0.2:
            street += ", " + rng.choice(names.UNIT_FORMATS).format(n=rng.randrange(1, 40))
        return {"street": street, "city": place.city, "state": place.state, "zip": rng.choice(place.zips)}

    def _email(self, first: str, last: str) -> str:
        rng = self._rng
        given = _NOT_EMAIL.sub("", fold(first))
        family = _NOT_EMAIL.sub("", fold(last))
        local = rng.choice((f"{given}.{family}", f"{given}{family}", f"{given[:1]}{family}"))
        if rng.random() < 0.6:
            local += str(rng.randrange(1, 99))
        return f"{local}@{rng.choice(names.EMAIL_DOMAINS)}"

    def _fictional_phone(self, place: names.Place) -> str:
        """E.164 in the 555-0100..0199 block, reserved for fiction."""
        return f"+1{self._rng.choice(place.area_codes)}555{self._rng.randrange(100, 200):04d}"

    def _emergency_contact(self, group: names.NameGroup, place: names.Place) -> Row:
        rng = self._rng
        if rng.random() >= 0.6:
            return dict.fromkeys(
                ("emergency_contact_name", "emergency_contact_relationship", "emergency_contact_phone")
            )
        female = rng.random() < 0.5
        given = rng.choice(group.female if female else group.male)
        relationships = names.RELATIONSHIPS_FEMALE if female else names.RELATIONSHIPS_MALE
        return {
            "emergency_contact_name": f"{given} {rng.choice(group.surnames)}",
            "emergency_contact_relationship": rng.choice(relationships),
            "emergency_contact_phone": self._fictional_phone(place),
        }

    def _pharmacy(self) -> int | None:
        ids = self._context.pharmacy_ids
        if not ids or self._rng.random() >= 0.85:
            return None
        return self._rng.choice(ids)

    def _add_phones(self, rows: PatientRows, patient_id: int, place: names.Place) -> None:
        rng = self._rng
        kinds = [
            kind
            for kind, share in ((PhoneKind.MOBILE, 0.92), (PhoneKind.HOME, 0.25), (PhoneKind.WORK, 0.08))
            if rng.random() < share
        ]
        for kind in kinds:
            number = self._fictional_phone(place)
            digits = number.removeprefix("+1")
            rows.phones.append(
                {
                    "patient_id": patient_id,
                    "kind": kind.value,
                    "number": number,
                    "digits": digits,
                    "digits_reversed": digits[::-1],
                }
            )

    def _add_consents(self, rows: PatientRows, patient_id: int, status: PatientStatus) -> None:
        rng = self._rng
        if status is PatientStatus.PROSPECTIVE and rng.random() < 0.7:
            return
        given = self._context.today - timedelta(days=rng.randrange(7, 900))
        rows.consents.extend(
            {
                "patient_id": patient_id,
                "kind": kind.value,
                "given_on": given,
                "recorded_by_id": self._context.recorded_by_id,
            }
            for kind in ConsentKind
        )

    def _add_clinical_lists(self, rows: PatientRows, patient_id: int, status: PatientStatus) -> None:
        rng = self._rng
        count = rng.choice((1, 1, 1, 2, 2, 3))
        if status is PatientStatus.PROSPECTIVE and rng.random() < 0.3:
            count = 0
        chosen: list[tuple[str, str]] = []
        for _ in range(count):
            condition = self._condition(rng)
            if condition not in chosen:
                chosen.append(condition)
        rows.conditions.extend(
            {"patient_id": patient_id, "label": label, "icd10": code} for label, code in chosen
        )
        self._add_allergies(rows, patient_id)
        medications = rng.sample(names.MEDICATIONS, rng.choice((0, 1, 1, 2, 2, 3, 4)))
        if rng.random() < names.OPIOID_SHARE:
            medications.insert(rng.randrange(len(medications) + 1), rng.choice(names.OPIOID_MEDICATIONS))
            rows.opioid_patients += 1
        rows.medications.extend(
            {"patient_id": patient_id, "name": name, "dose": dose, "active": True, "note": None}
            for name, dose in medications
        )

    def _add_allergies(self, rows: PatientRows, patient_id: int) -> None:
        rng = self._rng
        if rng.random() < 0.35:
            for substance, reaction in rng.sample(names.ALLERGIES, rng.choice((1, 1, 2, 3))):
                rows.allergies.append(
                    {"patient_id": patient_id, "substance": substance, "reaction": reaction or None}
                )
        elif rng.random() < 0.7:
            rows.patients[-1]["no_known_allergies"] = True
