"""All services for one database, built once by the composition root (app.py or cli.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ldnclinic.db.engine import Database
from ldnclinic.services.audit import AuditService
from ldnclinic.services.clinic.service import ClinicService, PharmacyService
from ldnclinic.services.clinic.setup import SetupService
from ldnclinic.services.context import Clock, system_clock
from ldnclinic.services.demo.build import DemoService
from ldnclinic.services.followups.service import FollowupService
from ldnclinic.services.followups.settings import FollowupSettingsService
from ldnclinic.services.handouts.service import HandoutService
from ldnclinic.services.patients.importing import ImportService
from ldnclinic.services.patients.service import PatientService
from ldnclinic.services.prescriptions.formulary import FormularyService
from ldnclinic.services.prescriptions.service import PrescriptionService
from ldnclinic.services.users.passwords import Passwords
from ldnclinic.services.users.service import UserService
from ldnclinic.services.visits.service import VisitService


@dataclass(frozen=True, slots=True)
class Services:
    db: Database
    setup: SetupService
    users: UserService
    clinic: ClinicService
    pharmacies: PharmacyService
    patients: PatientService
    audit: AuditService
    importing: ImportService
    demo: DemoService
    formulary: FormularyService
    prescriptions: PrescriptionService
    followups: FollowupService
    followup_settings: FollowupSettingsService
    visits: VisitService
    handouts: HandoutService

    @property
    def database_name(self) -> str:
        return self.db.display_name


def build_services(db: Database, passwords: Passwords | None = None, clock: Clock = system_clock) -> Services:
    hashing = passwords or Passwords()
    return Services(
        db=db,
        setup=SetupService(db, hashing, clock),
        users=UserService(db, hashing, clock),
        clinic=ClinicService(db, clock),
        pharmacies=PharmacyService(db, clock),
        patients=PatientService(db, clock),
        audit=AuditService(db, clock),
        importing=ImportService(db, clock),
        demo=DemoService(db, hashing, clock),
        formulary=FormularyService(db, clock),
        prescriptions=PrescriptionService(db, clock, passwords=hashing),
        followups=FollowupService(db, clock),
        followup_settings=FollowupSettingsService(db, clock),
        visits=VisitService(db, clock),
        handouts=HandoutService(db, clock),
    )
