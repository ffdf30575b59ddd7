"""data/events.ics read back with icalendar: which events get entries, all-day and timed values, UIDs, DTSTAMP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import icalendar

from generator.build import check_briefing
from generator.ical import calendar_of
from generator.model import Briefing

REPO = Path(__file__).resolve().parent.parent

EVENTS = """\
- id: a-day
  date: 2024-01-16
  title: A day, with; punctuation
  summary: What happened.
  kind: strike
  tags: [strike, border]
  sources: [report]
- id: a-time
  date: 2024-01-16T04:30+03:30
  title: A time with an offset
  sources: [report]
- id: a-utc-time
  date: 2024-01-17T22:00:15Z
  title: A time in UTC
  sources: [report]
- id: days
  date: 2024-01-16/2024-01-19
  title: Four days
  sources: [report]
- id: times
  date: 2024-01-16T10:00Z/2024-01-16T12:00+01:00
  title: Two hours
  sources: [report]
- id: day-to-time
  date: 2024-01-18/2024-01-19T06:00Z
  title: A day to a time
  sources: [report]
- id: about-a-day
  date: 2024-01-19~
  title: About a day
  status: denied
  sources: [report]
- id: a-month
  date: 2024-01
  title: A month
  sources: [report]
- id: a-year
  date: 2024
  title: A year
  sources: [report]
- id: a-season
  date: 2024-21
  title: A season
  sources: [report]
- id: day-unknown
  date: 2024-01-XX
  title: Day unknown
  sources: [report]
- id: open-start
  date: ../2024-01-16
  title: Open start
  sources: [report]
- id: day-to-month
  date: 2024-01-16/2024-02
  title: Day to month
  sources: [report]
"""


def linked(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None, problems.sorted()
    return briefing


def entries_of(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_days_times_and_spans_get_entries_coarser_dates_do_not(briefing_dir: Callable[..., Path]) -> None:
    data = calendar_of(linked(briefing_dir({"events.yaml": EVENTS})))
    entries = entries_of(data)
    zones = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert sorted(str(z["tzid"]) for z in zones) == ["UTC+01:00", "UTC+03:30"]  # one per offset used, UTC needs none
    # Month, year, season, an unknown day, an open start and a month end: no entry claims a day they don't give.
    assert sorted(entries) == ["a-day", "a-time", "a-utc-time", "about-a-day", "day-to-time", "days", "times"]

    def span(uid: str) -> tuple[object, object]:
        entry = entries[uid]
        return entry.decoded("dtstart"), (entry.decoded("dtend") if "dtend" in entry else None)

    assert span("a-day") == (dt.date(2024, 1, 16), dt.date(2024, 1, 17))  # all-day: DTEND is the next day
    assert span("days") == (dt.date(2024, 1, 16), dt.date(2024, 1, 20))
    assert span("day-to-time") == (dt.date(2024, 1, 18), dt.date(2024, 1, 20))
    assert span("about-a-day") == (dt.date(2024, 1, 19), dt.date(2024, 1, 20))
    start, end = span("a-time")
    assert isinstance(start, dt.datetime) and end is None
    assert (start.hour, start.minute, start.utcoffset()) == (4, 30, dt.timedelta(hours=3, minutes=30))
    assert start == dt.datetime(2024, 1, 16, 1, 0, tzinfo=dt.UTC)
    utc = entries["a-utc-time"].decoded("dtstart")
    assert utc == dt.datetime(2024, 1, 17, 22, 0, 15, tzinfo=dt.UTC) and utc.utcoffset() == dt.timedelta(0)
    start, end = span("times")
    assert isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
    assert (end - start) == dt.timedelta(hours=1) and end.utcoffset() == dt.timedelta(hours=1)


def test_text_fields_and_uncertain_dates_say_what_was_written(briefing_dir: Callable[..., Path]) -> None:
    entries = entries_of(calendar_of(linked(briefing_dir({"events.yaml": EVENTS}))))
    day = entries["a-day"]
    assert str(day["summary"]) == "A day, with; punctuation"
    assert str(day["description"]) == "16 January 2024\n\nWhat happened."
    assert day["categories"].cats == ["strike", "border"]
    assert str(entries["about-a-day"]["description"]) == "c. 19 January 2024 (written 2024-01-19~)\nStatus: denied"
    assert "url" not in day  # no base_url, no address to give


def test_uids_stable_and_dtstamp_from_as_of(briefing_dir: Callable[..., Path]) -> None:
    base = "title: T\nas_of: 2024-01-19T18:00+05:00\nsummary: S.\nbase_url: https://example.org/brief\n"
    folder = briefing_dir({"briefing.yaml": base})
    data = calendar_of(linked(folder))
    assert data == calendar_of(linked(folder))
    (entry,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(entry["uid"]) == "https://example.org/brief/events/strike/"
    assert str(entry["url"]) == "https://example.org/brief/events/strike/"
    assert entry.decoded("dtstamp") == dt.datetime(2024, 1, 19, 13, 0, tzinfo=dt.UTC)
    assert b"DTSTAMP:20240119T130000Z\r\n" in data


def test_the_sample_calendar() -> None:
    briefing = linked(REPO)
    calendar = icalendar.Calendar.from_ical(calendar_of(briefing))
    assert str(calendar["x-wr-calname"]) == briefing.meta.title
    entries = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    # 13 events; the two dated only "on or before" a day have no entry.
    assert len(briefing.events) == 13 and len(entries) == 11
    strikes = entries["pakistan-air-strikes@factsheet.invalid"]
    assert strikes.decoded("dtstart") == dt.date(2024, 1, 18)
    assert str(strikes["description"]).startswith("Early on 18 January\n\n")
