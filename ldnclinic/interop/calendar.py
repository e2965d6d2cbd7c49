"""Calendar files (.ics, RFC 5545) that Outlook, Google Calendar and Apple Calendar import.

The caller decides what an event says; this module only writes the format. Staff calendars
are often synced to phones and cloud services, so callers keep patient details out of the
summary and description.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str  # stable across exports, so a re-import updates the event instead of doubling it
    start: datetime  # aware
    end: datetime
    summary: str
    description: str
    categories: Sequence[str]
    sequence: int  # raised on every change, so calendars take the newer copy


def ics_bytes(events: Iterable[CalendarEvent], *, calendar_name: str, product: str, now: datetime) -> bytes:
    """One VCALENDAR holding the events, with a VTIMEZONE for each zone they use."""
    from icalendar import Calendar, Event  # only when exporting: it costs 40 ms at start-up

    calendar = Calendar()
    calendar.add("prodid", f"-//ldnclinic//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("categories", list(item.categories))
        event.add("sequence", item.sequence)
        calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for each zone used (Outlook needs it)
    data: bytes = calendar.to_ical()
    return data
