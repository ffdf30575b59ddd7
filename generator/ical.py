"""data/events.ics: the events that have a day or a time, as an iCalendar file for calendar apps."""

from __future__ import annotations

import datetime as dt
import re

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


Span = tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]  # start, and end when it is an interval


def span_of(date: Edtf) -> Span | None:
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


def description_of(event: Event) -> str:
    """What a calendar entry says: the date as written first ("c. 19 January 2024" must not read as a sure
    day), the status when it is not plain reporting (an entry reads as fact), then the summary."""
    description = event.date_display or event.date.render()
    if event.date.approximate or event.date.uncertain:
        description += f" (written {event.date.text})"
    if event.status != "reported":
        description += f"\nStatus: {event.status}"
    if event.summary:
        description += "\n\n" + event.summary.strip()
    return description


# Each VEVENT is written here rather than built as an icalendar.Event: icalendar's serialiser took about
# 2.5 s for 10,000 events (most of it folding lines a character at a time). The bytes are icalendar's own
# (tests/test_ical_bytes.py compares them with a calendar icalendar builds, for generated texts and dates
# too); the calendar, its time zones and every test that reads the file back still go through icalendar.


def _text(value: str) -> str:
    """An RFC 5545 TEXT value, escaped in icalendar's order (its _escape_char)."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


_QUOTED = re.compile("[,;:\u2019]")  # parameter values icalendar puts in double quotes


def _when(name: str, value: dt.date | dt.datetime) -> str:
    """A DTSTART/DTEND/DTSTAMP line: a day as VALUE=DATE, a time in UTC with Z, else with its zone's TZID."""
    day = f"{value.year:04}{value.month:02}{value.day:02}"
    if not isinstance(value, dt.datetime):
        return f"{name};VALUE=DATE:{day}"
    moment = f"{day}T{value.hour:02}{value.minute:02}{value.second:02}"
    if value.tzinfo is dt.UTC:
        return f"{name}:{moment}Z"
    zone = (value.tzinfo.tzname(value) if value.tzinfo else None) or ""
    zone = f'"{zone}"' if _QUOTED.search(zone) else zone
    return f"{name};TZID={zone}:{moment}"


def _folded(line: str) -> bytes:
    """A content line folded as icalendar folds it: at most 74 octets a line, never inside a character,
    and a backslash or caret that would end a line moves to the next, so an escape is not split."""
    data = line.encode("utf-8")
    if len(data) < 75:
        return data
    parts = []
    start, size = 0, len(data)
    while start < size:
        end = start + 74
        if end < size:
            while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character's start
                end -= 1
            if end - 1 > start and data[end - 1] in b"\\^":
                end -= 1
        else:
            end = size
        parts.append(data[start:end])
        start = end
    return b"\r\n ".join(parts)


def _entry(event: Event, span: tuple[dt.date | dt.datetime, dt.date | dt.datetime | None],
           base_url: str | None, stamp: str) -> bytes:
    """One VEVENT, properties in icalendar's order: its canonical ones, then the rest alphabetically."""
    lines = ["BEGIN:VEVENT", f"SUMMARY:{_text(event.title)}", _when("DTSTART", span[0])]
    if span[1] is not None:
        lines.append(_when("DTEND", span[1]))
    lines += [stamp, f"UID:{_text(uid_of(event, base_url))}"]
    if event.kind or event.tags:
        categories = dict.fromkeys(c for c in (event.kind, *event.tags) if c)
        lines.append("CATEGORIES:" + ",".join(_text(c) for c in categories))
    lines.append(f"DESCRIPTION:{_text(description_of(event))}")
    if base_url:
        lines.append(f"URL:{uid_of(event, base_url)}")
    lines.append("END:VEVENT")
    return b"\r\n".join(_folded(line) for line in lines) + b"\r\n"


def calendar_head_of(briefing: Briefing) -> tuple[icalendar.Calendar, list[tuple[Event, Span]]]:
    """The calendar with its properties and the time zones its events use, and the events it holds with their
    spans (those dated to a day or a time), in reading order."""
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
    return calendar, entries


def calendar_of(briefing: Briefing) -> bytes:
    """Every event dated to a day or a time (single or as an interval) as one VEVENT, in reading order."""
    calendar, entries = calendar_head_of(briefing)
    shell = bytes(calendar.to_ical())  # the calendar and its zones; the events go before its last line
    end = b"END:VCALENDAR\r\n"
    assert shell.endswith(end)
    stamp = _when("DTSTAMP", _stamp(briefing.meta.as_of))
    base_url = briefing.meta.base_url
    return b"".join([shell[: -len(end)], *(_entry(event, span, base_url, stamp) for event, span in entries), end])
