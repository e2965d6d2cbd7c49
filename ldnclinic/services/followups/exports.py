"""The worklist as a CSV file, a calendar (.ics) of scheduled follow-ups, and a call list.

The calendar carries only what the clinic chose (`CalendarDetail`, default initials and
MRN) and the follow-up's type: no reason, dose or phone number, because staff calendars
are often synced to phones and cloud services.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from ldnclinic.domain.followups.documents import CallListDocument, CallListRow, ClinicHeader
from ldnclinic.domain.followups.worklist import Bucket, CalendarDetail, FollowupStatus, calendar_label
from ldnclinic.interop.calendar import CalendarEvent
from ldnclinic.interop.calendar import ics_bytes as calendar_bytes
from ldnclinic.interop.spreadsheet import csv_text as spreadsheet_text
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


def csv_text(items: Iterable[FollowupItem]) -> str:
    """The worklist as spreadsheet rows, one per follow-up, in CSV_COLUMNS order."""
    return spreadsheet_text(CSV_COLUMNS, (_csv_row(item) for item in items))


def _csv_row(item: FollowupItem) -> tuple[object, ...]:
    last = item.last_attempt
    return (
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


def ics_bytes(
    items: Iterable[FollowupItem], *, detail: CalendarDetail, clinic_name: str, now: datetime
) -> tuple[bytes, int]:
    """A calendar of the scheduled items, and how many events it holds."""
    events = [_calendar_event(item, detail) for item in items if _on_calendar(item)]
    data = calendar_bytes(events, calendar_name=f"{clinic_name} follow-ups", product="Follow-ups", now=now)
    return data, len(events)


def _on_calendar(item: FollowupItem) -> bool:
    return item.status is FollowupStatus.SCHEDULED and item.scheduled_at is not None


def _calendar_event(item: FollowupItem, detail: CalendarDetail) -> CalendarEvent:
    """Only the type and what the clinic chose to show of the patient (`CalendarDetail`)."""
    assert item.scheduled_at is not None  # _on_calendar
    who = calendar_label(detail, item.patient_first, item.patient_last, item.mrn)
    return CalendarEvent(
        uid=f"followup-{item.id}@ldnclinic",
        start=item.scheduled_at,
        end=item.scheduled_at + timedelta(minutes=APPOINTMENT_MINUTES),
        summary=f"{item.type.label}: {who}",
        description="LDN follow-up. Open ldnclinic for the details.",
        categories=(item.type.label,),
        sequence=item.version,
    )


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
