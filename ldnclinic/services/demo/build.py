"""`ldnclinic demo`: fill an empty database with a fictional clinic, its users and patients.

Everything is written in one transaction, so a failure leaves the database empty. Patients
are generated in Python (ldnclinic.services.demo.patients) and bulk inserted with
SQLAlchemy Core executemany in large batches: 100,000 patients take seconds, not minutes.
The clinic, the pharmacies and the accounts pass the same checks as `init` and the
pharmacy directory. Demo accounts may sign in without the forced password change.
The audit trail gets one DEMO_DATA_CREATED entry (counts only), and one USER_CREATED per account.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ldnclinic.db.base import Base
from ldnclinic.db.engine import Database
from ldnclinic.db.migrate import upgrade
from ldnclinic.db.models.clinic import ClinicProfile, Pharmacy
from ldnclinic.db.models.patients import Patient
from ldnclinic.db.models.users import User
from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import SetupError
from ldnclinic.domain.identifiers import luhn_check_digit
from ldnclinic.domain.passwords import password_problem
from ldnclinic.services import audit
from ldnclinic.services.clinic.service import PharmacyInput, check_clinic, check_pharmacy
from ldnclinic.services.clinic.setup import ClinicSetup, parse_setup
from ldnclinic.services.context import Clock, system_clock
from ldnclinic.services.demo import names
from ldnclinic.services.demo.patients import DemoContext, DemoPatientGenerator
from ldnclinic.services.demo.treatment import add_demo_treatment
from ldnclinic.services.users.accounts import AccountSpec
from ldnclinic.services.users.passwords import Passwords
from ldnclinic.services.users.service import new_user

BATCH_SIZE = 5000
MAX_PATIENTS = 1_000_000
TREATED_PATIENTS = 60  # demo patients given a treatment history (a quarter of small demos)
DEMO_ACTOR = "ldnclinic demo"
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    description: str
    roles: frozenset[Role]


@dataclass(frozen=True, slots=True)
class DemoReport:
    patients: int
    opioid_patients: int
    out_of_state_patients: int
    pharmacies: int
    accounts: tuple[DemoAccount, ...]
    seed: int
    treated_patients: int = 0  # with an LDN prescription, visits and follow-ups


def _npi(rng: random.Random) -> str:
    body = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    return body + str(luhn_check_digit("80840" + body))


def demo_setup(seed: int) -> ClinicSetup:
    """The demo clinic and its four accounts, checked like an `init` file."""
    rng = random.Random(seed)
    raw = {
        "clinic": {
            "name": "Hill Country LDN Telemedicine (demo)",
            "street": "600 Congress Ave, Suite 1400",
            "city": "Austin",
            "state": "TX",
            "zip": "78701",
            "phone": "(512) 555-0110",
            "fax": "(512) 555-0111",
            "timezone": "America/Chicago",
        },
        "prescribers": [
            {
                "username": "drreyes", "first_name": "Ana Lucía", "last_name": "Reyes",
                "credentials": "MD", "npi": _npi(rng), "texas_license": f"Q{rng.randrange(1000, 9999)}",
            },
            {
                "username": "panguyen", "first_name": "Linh", "last_name": "Nguyễn",
                "credentials": "PA-C", "npi": _npi(rng), "texas_license": f"PA{rng.randrange(10000, 99999)}",
                "supervising": "drreyes",
            },
        ],
        "staff": [{"username": "jwashington", "first_name": "Jasmine", "last_name": "Washington"}],
        "admin": {"username": "admin", "first_name": "Clinic", "last_name": "Administrator"},
    }  # fmt: skip
    return parse_setup(raw)


class DemoService:
    def __init__(self, db: Database, passwords: Passwords, clock: Clock = system_clock) -> None:
        self._db = db
        self._passwords = passwords
        self._clock = clock

    def create(
        self,
        *,
        patients: int,
        seed: int,
        password: Callable[[], str],
        progress: Progress | None = None,
        treated: int | None = None,
    ) -> DemoReport:
        """Fill an empty database (the schema is brought up to date first); refuse otherwise.
        `treated` patients (default: a quarter, at most 60) get a treatment history."""
        if not 0 <= patients <= MAX_PATIENTS:
            raise SetupError(f"The number of demo patients must be between 0 and {MAX_PATIENTS:,}.")
        upgrade(self._db.engine, self._db.url)
        setup = demo_setup(seed)
        with self._db.transaction() as session:
            _refuse_unless_empty(session)
            initial = password()
            for account in setup.accounts:
                problem = password_problem(initial, account.username)
                if problem:
                    raise SetupError(f"The password is not acceptable for {account.username}: {problem}")
            now = self._clock()
            session.add(ClinicProfile(**check_clinic(setup.clinic)))
            pharmacy_ids = _add_pharmacies(session, random.Random(seed))
            users = self._add_accounts(session, setup.accounts, initial)
            staff_id = next(u.id for u in users if u.roles[0].role == Role.STAFF.value)
            generator = DemoPatientGenerator(seed, DemoContext(pharmacy_ids, staff_id, now))
            opioid, out_of_state = 0, 0
            for first in range(1, patients + 1, BATCH_SIZE):
                rows = generator.batch(first, min(BATCH_SIZE, patients - first + 1))
                _insert_rows(session, rows.tables())
                opioid += rows.opioid_patients
                out_of_state += rows.out_of_state_patients
                if progress:
                    progress(first - 1 + len(rows.patients), patients)
            _advance_id_sequence(session)
            counts = f"patients: {patients}; pharmacies: {len(pharmacy_ids)}; accounts: {len(users)}"
            audit.record(
                session, at=now, action=AuditAction.DEMO_DATA_CREATED, username=DEMO_ACTOR,
                detail=f"{counts}; seed: {seed}",
            )  # fmt: skip
        wanted = min(patients // 4, TREATED_PATIENTS) if treated is None else max(0, treated)
        on_ldn = add_demo_treatment(self._db, self._clock, seed, patients=wanted) if wanted else 0
        return DemoReport(
            patients=patients,
            opioid_patients=opioid,
            out_of_state_patients=out_of_state,
            pharmacies=len(pharmacy_ids),
            accounts=tuple(DemoAccount(a.username, _describe(a), a.roles) for a in setup.accounts),
            seed=seed,
            treated_patients=on_ldn,
        )

    def _add_accounts(self, session: Session, specs: tuple[AccountSpec, ...], initial: str) -> list[User]:
        users: dict[str, User] = {}
        for spec in specs:
            user = new_user(spec, self._passwords.hash(initial))
            user.must_change_password = False  # demo accounts are ready to use
            session.add(user)
            users[spec.username] = user
        session.flush()
        for spec in specs:
            user = users[spec.username]
            if spec.supervising:
                user.supervising_id = users[spec.supervising].id
            audit.record(
                session, at=self._clock(), action=AuditAction.USER_CREATED, username=DEMO_ACTOR,
                record_type="user", record_id=user.id,
                detail="demo account; roles: " + ", ".join(sorted(r.value for r in spec.roles)),
            )  # fmt: skip
        return list(users.values())


def _describe(spec: AccountSpec) -> str:
    name = f"{spec.first_name} {spec.last_name}"
    if spec.credentials:
        name += f", {spec.credentials}"
    roles = ", ".join(role.label.lower() for role in sorted(spec.roles))
    supervised = f", supervised by {spec.supervising}" if spec.supervising else ""
    return f"{name} ({roles}{supervised})"


def _refuse_unless_empty(session: Session) -> None:
    counts = {
        "users": session.scalar(select(func.count()).select_from(User)) or 0,
        "patients": session.scalar(select(func.count()).select_from(Patient)) or 0,
        "pharmacies": session.scalar(select(func.count()).select_from(Pharmacy)) or 0,
        "clinic profile": session.scalar(select(func.count()).select_from(ClinicProfile)) or 0,
    }
    found = [f"{name}: {count}" for name, count in counts.items() if count]
    if found:
        raise SetupError(
            "This database is not empty (" + ", ".join(found) + "). Demo data goes only into an "
            "empty database: give --db a new file, such as sqlite:///demo.sqlite3."
        )


def _add_pharmacies(session: Session, rng: random.Random) -> tuple[int, ...]:
    rows = []
    for pharmacy in names.PHARMACIES:
        values = check_pharmacy(
            PharmacyInput(
                name=pharmacy.name, street=pharmacy.street, city=pharmacy.city, state="TX",
                zip=pharmacy.zip, phone=f"({pharmacy.area_code}) 555-01{rng.randrange(20, 100)}",
                fax=f"({pharmacy.area_code}) 555-01{rng.randrange(20, 100)}", npi=_npi(rng),
            )
        )  # fmt: skip
        rows.append(Pharmacy(**values))
    session.add_all(rows)
    session.flush()
    return tuple(row.id for row in rows)


def _insert_rows(session: Session, tables: dict[str, list[dict[str, object]]]) -> None:
    connection = session.connection()
    for name, rows in tables.items():
        if rows:
            connection.execute(Base.metadata.tables[name].insert(), rows)


def _advance_id_sequence(session: Session) -> None:
    """Patients got explicit ids; make PostgreSQL's sequence continue after them."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('patients', 'id'), "
                "COALESCE((SELECT MAX(id) FROM patients), 0) + 1, false)"
            )
        )
