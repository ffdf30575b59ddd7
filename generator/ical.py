"""data/events.ics: the events that have a day or a time, as an iCalendar file for calendar apps."""

from __future__ import annotations

import datetime as dt

import icalendar

from .edtf import Edtf, _Point  # an end of a parsed date: its local fields are what a calendar needs
from .model import Briefing, Event

PRODID = "-//factsheet//factsheet briefing//EN"


def _value_of(point: _Point | str | None) -> dt.date | dt.datetime | None:
    """A date for a day, a datetime with its own UTC offset for a time; None for anything coarser.

    A calendar entry claims a day or a moment; a month, season or year would have to be drawn as
    one arbitrary day or as weeks of "all-day" blocks, both of which read as more than the source
    says, so coarser dates get no entry at all (they stay on the site and in the CSV files)."""
    if not isinstance(point, _Point) or point.month is None or point.day is None:
        return None  # open ('..') or unknown ('') ends, and anything coarser than a day
    if not 1 <= point.year <= 9999:  # Python's datetime, and calendar apps, stop there
        return None
    if point.hour is None:
        return dt.date(point.year, point.month, point.day)
    offset = dt.timedelta(minutes=point.offset)
    zone = dt.UTC if offset == dt.timedelta(0) else dt.timezone(offset, f"UTC{point.offset_text}")
    return dt.datetime(point.year, point.month, point.day, point.hour, point.minute or 0, point.second or 0,
                       tzinfo=zone)


def span_of(date: Edtf) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None] | None:
    """DTSTART and DTEND (exclusive; None for a moment) of a date, or None if it gets no entry."""
    start = _value_of(date.start)
    if start is None:
        return None
    if not date.is_interval:
        if isinstance(start, dt.datetime):
            return start, None  # a moment: no DTEND, so it lasts no time at all (RFC 5545 3.6.1)
        return start, start + dt.timedelta(days=1)
    end = _value_of(date.end)
    if end is None:
        return None  # an open or coarser end: no honest span to draw
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        return start, end
    # A day at either end makes the whole span all-day, from the first day to the day after the last.
    first = start.date() if isinstance(start, dt.datetime) else start
    last = end.date() if isinstance(end, dt.datetime) else end
    return first, last + dt.timedelta(days=1)


def _stamp(as_of: Edtf) -> dt.datetime:
    _, year, month, day, hour, minute, second = as_of.earliest()
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def _zone_of(zone: dt.tzinfo) -> icalendar.Timezone:
    """A VTIMEZONE for a fixed UTC offset, so a time keeps the offset it was written with."""
    offset = zone.utcoffset(None) or dt.timedelta(0)
    name = zone.tzname(None) or "UTC"
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", offset)
    standard.add("tzoffsetto", offset)
    standard.add("tzname", name)
    timezone = icalendar.Timezone()
    timezone.add("tzid", name)
    timezone.add_component(standard)
    return timezone


def uid_of(event: Event, base_url: str | None) -> str:
    """Stable across builds: the event page's address when the site has one, else the event id."""
    if base_url:
        return f"{base_url.rstrip('/')}/events/{event.id}/"
    return f"{event.id}@factsheet.invalid"  # .invalid: a domain reserved never to exist (RFC 6761)


def _entry(event: Event, span: tuple[dt.date | dt.datetime, dt.date | dt.datetime | None],
           briefing: Briefing) -> icalendar.Event:
    entry = icalendar.Event()
    base_url = briefing.meta.base_url
    entry.add("uid", uid_of(event, base_url))
    entry.add("dtstamp", _stamp(briefing.meta.as_of))
    entry.add("dtstart", span[0])
    if span[1] is not None:
        entry.add("dtend", span[1])
    entry.add("summary", event.title)
    # The date as written comes first: "c. 19 January 2024" must not read as a sure day.
    description = event.date_display or event.date.render()
    if event.date.approximate or event.date.uncertain:
        description += f" (written {event.date.text})"
    if event.status != "reported":  # a calendar entry reads as fact; say when it is disputed or denied
        description += f"\nStatus: {event.status}"
    if event.summary:
        description += "\n\n" + event.summary.strip()
    entry.add("description", description)
    if event.kind or event.tags:
        entry.add("categories", list(dict.fromkeys(c for c in (event.kind, *event.tags) if c)))
    if base_url:
        entry.add("url", uid_of(event, base_url))
    return entry


def calendar_of(briefing: Briefing) -> bytes:
    """Every event dated to a day or a time (single or as an interval) as one VEVENT, in reading order."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # icalendar writes an X- property raw: a line break in the title would end the content line.
    calendar.add("x-wr-calname", " ".join(briefing.meta.title.split()))
    entries = [(event, span) for event in briefing.events if (span := span_of(event.date)) is not None]
    zones = {
        value.tzinfo.tzname(None) or "": value.tzinfo
        for _, span in entries for value in span
        if isinstance(value, dt.datetime) and value.tzinfo is not None and value.tzinfo is not dt.UTC
    }
    for name in sorted(zones):
        calendar.add_component(_zone_of(zones[name]))
    for event, span in entries:
        calendar.add_component(_entry(event, span, briefing))
    return bytes(calendar.to_ical())
