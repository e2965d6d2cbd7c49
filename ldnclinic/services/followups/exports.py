"""The worklist as a CSV file, a calendar (.ics) of scheduled follow-ups, and a call list.

The calendar carries only what the clinic chose (`CalendarDetail`, default initials and
MRN) and the follow-up's type: no reason, dose or phone number, because staff calendars
are often synced to phones and cloud services.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from ldnclinic.domain.followup_documents import CallListDocument, CallListRow, ClinicHeader
from ldnclinic.domain.followups import Bucket, CalendarDetail, FollowupStatus, calendar_label
from ldnclinic.services.followups.dto import FollowupItem

APPOINTMENT_MINUTES = 20
CSV_COLUMNS = (
    "Work date",
    "Due date",
    "When",
    "Type",
    "Status",
    "Appointment",
    "Snoozed until",
    "Patient",
    "MRN",
    "Date of birth",
    "Phone",
    "Assigned to",
    "Reason",
    "Attempts",
    "Last attempt",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text for a spreadsheet cell; a leading = + - @ is quoted so it is never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(items: Iterable[FollowupItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        last = item.last_attempt
        writer.writerow(
            _cell(value)
            for value in (
                item.work_date.isoformat(),
                item.due_date.isoformat(),
                item.bucket.label if item.bucket else item.status.label,
                item.type.label,
                item.status.label,
                f"{item.scheduled_at:%Y-%m-%d %H:%M}" if item.scheduled_at else "",
                item.snoozed_until.isoformat() if item.snoozed_until else "",
                item.patient_name,
                item.mrn,
                item.date_of_birth.isoformat(),
                item.phone or "",
                item.assignee_name or "",
                item.reason,
                len(item.attempts),
                last.short if last else "",
            )
        )
    return out.getvalue()


def ics_bytes(
    items: Iterable[FollowupItem], *, detail: CalendarDetail, clinic_name: str, now: datetime
) -> tuple[bytes, int]:
    """A calendar of the scheduled items, and how many events it holds."""
    from icalendar import Calendar, Event  # only when exporting: it costs 40 ms at start-up

    calendar = Calendar()
    calendar.add("prodid", "-//ldnclinic//Follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{clinic_name} follow-ups")
    count = 0
    for item in items:
        if item.status is not FollowupStatus.SCHEDULED or item.scheduled_at is None:
            continue
        who = calendar_label(detail, item.patient_first, item.patient_last, item.mrn)
        event = Event()
        event.add("uid", f"followup-{item.id}@ldnclinic")
        event.add("dtstamp", now)
        event.add("dtstart", item.scheduled_at)
        event.add("dtend", item.scheduled_at + timedelta(minutes=APPOINTMENT_MINUTES))
        event.add("summary", f"{item.type.label}: {who}")
        event.add("description", "LDN follow-up. Open ldnclinic for the details.")
        event.add("categories", [item.type.label])
        event.add("sequence", item.version)
        calendar.add_component(event)
        count += 1
    calendar.add_missing_timezones()  # a VTIMEZONE for each zone used (RFC 5545; Outlook needs it)
    return calendar.to_ical(), count


def call_list_document(
    items: Sequence[FollowupItem],
    *,
    clinic: ClinicHeader,
    scope: str,
    printed_at: datetime,
    printed_by: str,
) -> CallListDocument:
    return CallListDocument(
        clinic=clinic,
        title="Follow-up call list",
        scope=scope,
        printed_at=printed_at,
        printed_by=printed_by,
        rows=tuple(
            CallListRow(
                bucket=item.bucket or Bucket.LATER,
                work_date=item.work_date,
                type=item.type,
                status=item.status,
                patient_name=item.patient_name,
                mrn=item.mrn,
                phone=item.phone,
                date_of_birth=item.date_of_birth,
                assignee=item.assignee_name,
                reason=item.reason,
                attempts=len(item.attempts),
                last_attempt=item.last_attempt.short if item.last_attempt else None,
                scheduled_at=item.scheduled_at,
            )
            for item in items
        ),
    )
