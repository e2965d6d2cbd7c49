"""The patient registry: create, update (optimistic locking), view and search."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.db.models.patients import (
    Patient,
    PatientAllergy,
    PatientCondition,
    PatientConsent,
    PatientMedication,
    PatientNameToken,
    PatientPhone,
)
from ldnclinic.db.records import by_id, existing
from ldnclinic.domain.dates import today_in
from ldnclinic.domain.enums import AuditAction, ConsentKind, Language, PatientStatus, PhoneKind, Sex
from ldnclinic.domain.errors import ConflictError, DuplicatePatientError, NotFoundError, ValidationError
from ldnclinic.domain.geography import OUT_OF_TEXAS_WARNING, is_texas
from ldnclinic.domain.identifiers import new_mrn, normalize_mrn
from ldnclinic.domain.medications.entries import entries_to_stop, refuse_duplicates
from ldnclinic.domain.medications.reading import classify_medication
from ldnclinic.domain.names import identity_key, name_tokens, sort_key
from ldnclinic.domain.permissions import Permission
from ldnclinic.services import audit
from ldnclinic.services.clinic.service import pharmacy_info
from ldnclinic.services.clinic.settings import clinic_zone
from ldnclinic.services.contact_checks import display_phone
from ldnclinic.services.context import Actor, Clock, require, system_clock
from ldnclinic.services.patients.checks import CheckedPatient, check_patient, check_typed_medications
from ldnclinic.services.patients.dto import (
    AllergyEntry,
    ConditionEntry,
    ConsentEntry,
    MedicationEntry,
    PatientDetail,
    PatientInput,
    PatientSummary,
    PhoneEntry,
    SearchCursor,
)
from ldnclinic.services.patients.search import parse_query, run_search
from ldnclinic.services.prescriptions.followup_sync import sync_patient_followups

PAGE_SIZE = 100
STALE_MESSAGE = (
    "Someone else saved changes to this patient after you opened the chart. Nothing was "
    "overwritten: your edits are still here, and their version is shown beside them."
)


class PatientService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock
        self._zone: ZoneInfo | None = None

    def today(self) -> date:
        """Today in the clinic's time zone (ages, dates typed into search and forms).

        Called for every row a list paints and every keystroke a form checks, so the zone is
        read from the database once per service (a change of the clinic's zone applies at the
        next start)."""
        if self._zone is None:
            with self._db.transaction() as session:
                self._zone = clinic_zone(session)
        return today_in(self._zone, self._clock())

    # --- reading ------------------------------------------------------------------------

    def search(
        self, actor: Actor, text: str, after: SearchCursor | None = None, limit: int = PAGE_SIZE
    ) -> list[PatientSummary]:
        """One page of matches, in name order; an empty query lists everyone."""
        require(actor, Permission.PATIENT_READ)
        query = parse_query(text, self.today())
        with self._db.transaction() as session:
            return run_search(session, query, after, max(1, min(limit, 1000)))

    def get(self, actor: Actor, patient_id: int) -> PatientDetail:
        """The whole chart; audited as a view."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            patient = _load(session, patient_id)
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.PATIENT_VIEWED,
                actor=actor,
                record_type="patient",
                record_id=patient.id,
            )
            return patient_detail(patient)

    def get_by_mrn(self, actor: Actor, mrn: str) -> PatientDetail:
        require(actor, Permission.PATIENT_READ)
        canonical = normalize_mrn(mrn)
        if canonical is None:
            raise NotFoundError(f"“{mrn[:20]}” is not an MRN; an MRN looks like 1234-5678.")
        with self._db.transaction() as session:
            patient_id = session.scalar(select(Patient.id).where(Patient.mrn == canonical))
        if patient_id is None:
            raise NotFoundError(f"No patient has MRN {canonical}.")
        return self.get(actor, patient_id)

    def count_by_status(self, actor: Actor) -> dict[PatientStatus, int]:
        """How many patients have each status (every status present, zero included)."""
        require(actor, Permission.PATIENT_READ)
        with self._db.transaction() as session:
            rows = session.execute(select(Patient.status, func.count()).group_by(Patient.status))
            counts = {status: 0 for status in PatientStatus}
            for status, count in rows:
                counts[PatientStatus(status)] += count
            return counts

    def find_duplicates(
        self, actor: Actor, data: PatientInput, exclude_id: int | None = None
    ) -> list[PatientSummary]:
        """Patients with the same normalized name and date of birth."""
        require(actor, Permission.PATIENT_READ)
        checked = check_patient(data, self.today())
        with self._db.transaction() as session:
            return _duplicates(session, checked, exclude_id)

    # --- writing ------------------------------------------------------------------------

    def create(self, actor: Actor, data: PatientInput, *, confirm_duplicate: bool = False) -> PatientDetail:
        """Register a patient. A likely duplicate is refused unless confirmed."""
        require(actor, Permission.PATIENT_WRITE)
        checked = check_patient(data, self.today())
        with self._db.transaction() as session:
            _check_pharmacy(session, checked)
            matches = _duplicates(session, checked, None)
            if matches and not confirm_duplicate:
                raise DuplicatePatientError(_duplicate_message(matches), tuple(matches))
            patient = Patient(mrn=_unused_mrn(session), **checked.scalars)
            _apply_derived(patient, checked)
            _replace_children(patient, checked, actor)
            session.add(patient)
            session.flush()
            detail = "possible duplicate confirmed" if matches else None
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.PATIENT_CREATED,
                actor=actor,
                record_type="patient",
                record_id=patient.id,
                detail=detail,
            )
            return patient_detail(patient)

    def update(
        self,
        actor: Actor,
        patient_id: int,
        data: PatientInput,
        expected_version: int,
        *,
        confirm_duplicate: bool = False,
    ) -> PatientDetail:
        """Save edits made to the version the user loaded; a stale save is refused."""
        require(actor, Permission.PATIENT_WRITE)
        checked = check_patient(data, self.today())
        return self._refusing_stale(
            patient_id, lambda: self._save(actor, patient_id, checked, expected_version, confirm_duplicate)
        )

    def _refusing_stale(self, patient_id: int, save: Callable[[], PatientDetail]) -> PatientDetail:
        """`save()`, or a conflict with the chart as it is now when someone else committed
        between our version check and our write."""
        try:
            return save()
        except StaleDataError:
            with self._db.transaction() as session:
                current = patient_detail(_load(session, patient_id))
            raise ConflictError(STALE_MESSAGE, current=current) from None

    def _save(
        self,
        actor: Actor,
        patient_id: int,
        checked: CheckedPatient,
        expected_version: int,
        confirm_duplicate: bool,
    ) -> PatientDetail:
        with self._db.transaction() as session:
            patient = _load(session, patient_id)
            if patient.version != expected_version:
                raise ConflictError(STALE_MESSAGE, current=patient_detail(patient))
            _check_pharmacy(session, checked)
            matches = _duplicates(session, checked, patient_id)
            if matches and not confirm_duplicate:
                raise DuplicatePatientError(_duplicate_message(matches), tuple(matches))
            before = patient_detail(patient)
            with session.no_autoflush:  # one UPDATE (one version step) per save, not two
                for key, value in checked.scalars.items():
                    setattr(patient, key, value)
                _apply_derived(patient, checked)
                _replace_children(patient, checked, actor)
                patient.updated_at = self._clock()
            session.flush()
            if patient.status != before.status.value:
                # Paused or discharged: no refill or routine items; active again: back they come.
                sync_patient_followups(session, patient.id, self._clock())
            after = patient_detail(patient)
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.PATIENT_UPDATED,
                actor=actor,
                record_type="patient",
                record_id=patient.id,
                detail="changed: " + ", ".join(_changed_fields(before, after)),
            )
            return after

    def update_medications(
        self,
        actor: Actor,
        patient_id: int,
        *,
        add: Sequence[str] = (),
        stop: Sequence[str] = (),
        expected_version: int,
    ) -> PatientDetail:
        """Edit the current medication list (a pharmacy reconciliation, a call from the patient).

        `add`: entries as staff say them ("Tramadol 50 mg twice a day"), split into name and
        dose as the CSV import splits them, cleaned as the chart form cleans them, taken now.
        `stop`: entries taken now, named by name or by name and dose (case and accents
        ignored), marked not taking: the list keeps them as history. An unknown or ambiguous
        name, or a stale version, refuses the whole edit. One audit entry, with counts only."""
        require(actor, Permission.PATIENT_WRITE)
        return self._refusing_stale(
            patient_id, lambda: self._save_medications(actor, patient_id, add, stop, expected_version)
        )

    def _save_medications(
        self,
        actor: Actor,
        patient_id: int,
        add: Sequence[str],
        stop: Sequence[str],
        expected_version: int,
    ) -> PatientDetail:
        with self._db.transaction() as session:
            patient = _load(session, patient_id)
            if patient.version != expected_version:
                raise ConflictError(STALE_MESSAGE, current=patient_detail(patient))
            added = check_typed_medications(add, listed=len(patient.medications))
            stopping = entries_to_stop(patient.medications, stop)
            refuse_duplicates(patient.medications, stopping, added)
            if not added and not stopping:
                return patient_detail(patient)
            with session.no_autoflush:  # one UPDATE of the patient (one version step)
                for index in stopping:
                    patient.medications[index].active = False
                patient.medications.extend(PatientMedication(name=n, dose=d, active=True) for n, d in added)
                patient.updated_at = self._clock()
            session.flush()
            audit.record(
                session,
                at=self._clock(),
                action=AuditAction.PATIENT_UPDATED,
                actor=actor,
                record_type="patient",
                record_id=patient.id,
                detail=f"medications: {len(added)} added, {len(stopping)} marked not taking",
            )
            return patient_detail(patient)


def _load(session: Session, patient_id: int) -> Patient:
    patient = existing(session, Patient, patient_id, "patient")
    return patient


def _unused_mrn(session: Session) -> str:
    for _ in range(50):
        mrn = new_mrn()
        if session.scalar(select(Patient.id).where(Patient.mrn == mrn)) is None:
            return mrn
    raise RuntimeError("could not find an unused MRN after 50 tries")


def _check_pharmacy(session: Session, checked: CheckedPatient) -> None:
    pharmacy_id = checked.scalars.get("preferred_pharmacy_id")
    if pharmacy_id is not None and by_id(session, Pharmacy, pharmacy_id) is None:
        raise ValidationError({"preferred_pharmacy": "This pharmacy is not in the directory."})


def _duplicates(session: Session, checked: CheckedPatient, exclude_id: int | None) -> list[PatientSummary]:
    key = identity_key(str(checked.scalars["first_name"]), str(checked.scalars["last_name"]))
    stmt = select(Patient).where(
        Patient.identity_key == key, Patient.date_of_birth == checked.scalars["date_of_birth"]
    )
    if exclude_id is not None:
        stmt = stmt.where(Patient.id != exclude_id)
    return [_summary(p) for p in session.scalars(stmt)]


def _duplicate_message(matches: list[PatientSummary]) -> str:
    listed = "; ".join(
        f"{m.display_name}, born {m.date_of_birth.isoformat()}, MRN {m.mrn}" for m in matches[:3]
    )
    return (
        f"This may be a patient we already have: {listed}. Open the existing chart, or "
        "confirm that this is a different person."
    )


def _apply_derived(patient: Patient, checked: CheckedPatient) -> None:
    first, last = str(checked.scalars["first_name"]), str(checked.scalars["last_name"])
    patient.sort_key = sort_key(last, first)
    patient.identity_key = identity_key(first, last)
    words = name_tokens(last, first, patient.middle_name, patient.preferred_name)
    existing = {t.token: t for t in patient.name_tokens}
    patient.name_tokens = [existing.get(w) or PatientNameToken(token=w[:100]) for w in words]


def _replace_children(patient: Patient, checked: CheckedPatient, actor: Actor) -> None:
    patient.phones = [
        PatientPhone(kind=kind.value, number=p.e164, digits=p.digits, digits_reversed=p.digits[::-1])
        for kind, p in sorted(checked.phones.items(), key=lambda item: list(PhoneKind).index(item[0]))
    ]
    old_consents = {(c.kind, c.given_on): c for c in patient.consents}
    patient.consents = [
        old_consents.get((kind.value, given))
        or PatientConsent(kind=kind.value, given_on=given, recorded_by_id=actor.user_id)
        for kind, given in checked.consents.items()
    ]
    patient.conditions = [PatientCondition(label=c.label, icd10=c.icd10 or None) for c in checked.conditions]
    patient.allergies = [PatientAllergy(substance=s, reaction=r) for s, r in checked.allergies]
    patient.medications = [PatientMedication(name=n, dose=d, active=a) for n, d, a in checked.medications]


def _summary(p: Patient) -> PatientSummary:
    phone = p.phones[0].number if p.phones else None
    return PatientSummary(
        id=p.id,
        mrn=p.mrn,
        first_name=p.first_name,
        middle_name=p.middle_name,
        last_name=p.last_name,
        preferred_name=p.preferred_name,
        date_of_birth=p.date_of_birth,
        sex=Sex(p.sex),
        phone=display_phone(phone),
        city=p.city,
        state=p.state,
        status=PatientStatus(p.status),
        sort_key=p.sort_key,
    )


def patient_detail(p: Patient) -> PatientDetail:
    has_address = bool(p.state)
    return PatientDetail(
        id=p.id,
        mrn=p.mrn,
        first_name=p.first_name,
        middle_name=p.middle_name,
        last_name=p.last_name,
        preferred_name=p.preferred_name,
        date_of_birth=p.date_of_birth,
        sex=Sex(p.sex),
        street=p.street,
        city=p.city,
        state=p.state,
        zip=p.zip,
        phones=tuple(PhoneEntry(PhoneKind(ph.kind), ph.number, display_phone(ph.number)) for ph in p.phones),
        email=p.email,
        preferred_language=Language(p.preferred_language),
        emergency_contact_name=p.emergency_contact_name,
        emergency_contact_relationship=p.emergency_contact_relationship,
        emergency_contact_phone=display_phone(p.emergency_contact_phone),
        pharmacy=pharmacy_info(p.preferred_pharmacy) if p.preferred_pharmacy else None,
        status=PatientStatus(p.status),
        consents=tuple(ConsentEntry(ConsentKind(c.kind), c.given_on) for c in p.consents),
        conditions=tuple(ConditionEntry(c.label, c.icd10) for c in p.conditions),
        allergies=tuple(AllergyEntry(a.substance, a.reaction) for a in p.allergies),
        no_known_allergies=p.no_known_allergies,
        medications=tuple(
            MedicationEntry(m.name, m.dose, m.active, classify_medication(m.name, m.dose, m.note))
            for m in p.medications
        ),
        version=p.version,
        out_of_texas_warning=None if not has_address or is_texas(p.state) else OUT_OF_TEXAS_WARNING,
    )


def _changed_fields(before: PatientDetail, after: PatientDetail) -> list[str]:
    skip = {"version", "out_of_texas_warning"}
    names = [
        name
        for name in PatientDetail.__dataclass_fields__
        if name not in skip and getattr(before, name) != getattr(after, name)
    ]
    return names or ["nothing"]


def duplicates_of(session: Session, checked: CheckedPatient) -> list[PatientSummary]:
    """The duplicate guard inside a caller's transaction: same normalized name and birth date."""
    return _duplicates(session, checked, None)


def add_checked_patients(
    session: Session,
    checked: Sequence[CheckedPatient],
    actor: Actor,
    at: datetime,
    detail: str | None = None,
) -> list[int]:
    """Store checked patients as create() does (MRN, search keys, lists), audit each creation.

    For callers that add many patients in one transaction (the CSV import): they check the
    permission, the pharmacy and the duplicate guard themselves. One flush for the batch,
    so the ORM inserts the rows of each table together. Returns the new ids, in order.
    """
    if not checked:
        return []
    patients = []
    for item, mrn in zip(checked, _unused_mrns(session, len(checked)), strict=True):
        patient = Patient(mrn=mrn, **item.scalars)
        _apply_derived(patient, item)
        _replace_children(patient, item, actor)
        patients.append(patient)
    session.add_all(patients)
    session.flush()
    for patient in patients:
        audit.record(
            session,
            at=at,
            action=AuditAction.PATIENT_CREATED,
            actor=actor,
            record_type="patient",
            record_id=patient.id,
            detail=detail,
        )
    return [patient.id for patient in patients]


def _unused_mrns(session: Session, count: int) -> list[str]:
    """`count` new MRNs, unused in the registry and different from each other."""
    chosen: dict[str, None] = {}  # insertion-ordered set
    for _ in range(50):
        candidates = [mrn for mrn in (new_mrn() for _ in range(count - len(chosen))) if mrn not in chosen]
        taken = set(session.scalars(select(Patient.mrn).where(Patient.mrn.in_(candidates))))
        chosen.update(dict.fromkeys(mrn for mrn in candidates if mrn not in taken))
        if len(chosen) >= count:
            return list(chosen)[:count]
    raise RuntimeError(f"could not find {count} unused MRNs after 50 tries")
