"""The clinic's own settings as every area reads them, from the one clinic profile row: its
time zone and today there, its follow-up rules and what its calendar exports show, how far a
prescription's start may be from today, and the header its documents print.

Before a clinic profile exists each reader answers with the defaults (America/Chicago, the
default rules and limits, a plain "Clinic" header). Changing these settings is the clinic
service's work (profile, time zone) and the follow-up settings service's (rules, limits).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from ldnclinic.config import DEFAULT_TIMEZONE
from ldnclinic.db.models.clinic import ClinicProfile
from ldnclinic.domain.dates import today_in
from ldnclinic.domain.followups.documents import ClinicHeader
from ldnclinic.domain.followups.rules import FollowupRules
from ldnclinic.domain.followups.worklist import CalendarDetail
from ldnclinic.domain.prescriptions.start_window import RxStartLimits
from ldnclinic.services.contact_checks import display_phone


def zone_named(name: str | None) -> ZoneInfo:
    """The clinic's time zone, or the default (America/Chicago) when it is unset or unknown here."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def clinic_zone(session: Session) -> ZoneInfo:
    """The clinic's time zone: dates on scripts, follow-ups and visits are the clinic's dates."""
    clinic = session.scalar(select(ClinicProfile))
    return zone_named(clinic.timezone if clinic else None)


def clinic_today(session: Session, now: datetime) -> date:
    """Today in the clinic's time zone at `now` (the caller's clock)."""
    return today_in(clinic_zone(session), now)


def clinic_settings(session: Session) -> tuple[FollowupRules, CalendarDetail, ZoneInfo]:
    """The clinic's follow-up rules, what its calendar exports show, and its time zone."""
    clinic = session.scalar(select(ClinicProfile))
    if clinic is None:
        return FollowupRules(), CalendarDetail.INITIALS_MRN, zone_named(None)
    rules = FollowupRules(
        fixed_dose_check_days=clinic.fixed_dose_check_days,
        efficacy_review_days=clinic.efficacy_review_days,
        refill_lead_days=clinic.refill_lead_days,
        routine_review_months=clinic.routine_review_months,
        routine_reviews_ahead=clinic.routine_reviews_ahead,
    )
    return rules, CalendarDetail(clinic.calendar_detail), zone_named(clinic.timezone)


def start_limits_of(clinic: ClinicProfile | None) -> RxStartLimits:
    """The clinic's start-date limits (the defaults before a clinic profile exists)."""
    if clinic is None:
        return RxStartLimits()
    return RxStartLimits(**{item.name: getattr(clinic, item.name) for item in fields(RxStartLimits)})


def clinic_header(session: Session) -> ClinicHeader:
    """The clinic as its documents head it: name, one-line address, phone and fax."""
    clinic = session.scalar(select(ClinicProfile))
    if clinic is None:
        return ClinicHeader(name="Clinic", address="", phone="")
    return ClinicHeader(
        name=clinic.name,
        address=f"{clinic.street}, {clinic.city}, {clinic.state} {clinic.zip}",
        phone=display_phone(clinic.phone) or clinic.phone,
        fax=(display_phone(clinic.fax) or clinic.fax) if clinic.fax else None,
    )
