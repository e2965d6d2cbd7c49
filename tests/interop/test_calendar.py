"""Calendar files (ldnclinic.interop.calendar) that calendar programs import."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from ldnclinic.interop.calendar import CalendarEvent, ics_bytes

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)


def _event(number: int, start: datetime) -> CalendarEvent:
    return CalendarEvent(
        uid=f"followup-{number}@ldnclinic",
        start=start,
        end=start + timedelta(minutes=20),
        summary=f"Call {number}",
        description="Open ldnclinic for the details.",
        categories=("Check-in call",),
        sequence=3,
    )


def test_each_event_keeps_its_uid_times_and_sequence() -> None:
    start = datetime(2026, 12, 9, 10, 30, tzinfo=CHICAGO)
    data = ics_bytes(
        [_event(1, start), _event(2, start + timedelta(hours=1))],
        calendar_name="Clinic",
        product="Follow-ups",
        now=NOW,
    )
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == ["followup-1@ldnclinic", "followup-2@ldnclinic"]
    assert events[0].decoded("dtstart") == start
    assert events[0].decoded("dtend") == start + timedelta(minutes=20)
    assert int(events[0]["sequence"]) == 3
    assert str(calendar["x-wr-calname"]) == "Clinic"
    assert str(calendar["prodid"]) == "-//ldnclinic//Follow-ups//EN"


def test_the_zone_an_event_uses_is_described_for_outlook() -> None:
    data = ics_bytes(
        [_event(1, datetime(2026, 7, 1, 9, 0, tzinfo=CHICAGO))], calendar_name="C", product="P", now=NOW
    )
    zones = Calendar.from_ical(data).walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["America/Chicago"]


def test_no_events_is_still_a_valid_calendar() -> None:
    calendar = Calendar.from_ical(ics_bytes([], calendar_name="C", product="P", now=NOW))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"
