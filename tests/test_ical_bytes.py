"""data/events.ics is written by hand (ical.py) for speed: its bytes are the ones icalendar itself writes.

The reference below is how ical.py built the calendar before, with icalendar's Event components; every
calendar here, the samples', a generated briefing's and ones made of generated texts and dates, must come
out byte for byte the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.make_briefing import make_briefing
from generator.build import check_briefing
from generator.edtf import parse_edtf
from generator.ical import Span, calendar_head_of, calendar_of, description_of, uid_of
from generator.model import Briefing, Event, Meta

REPO = Path(__file__).resolve().parent.parent


def reference_entry(event: Event, span: Span,
                    briefing: Briefing) -> icalendar.Event:
    entry = icalendar.Event()
    base_url = briefing.meta.base_url
    entry.add("uid", uid_of(event, base_url))
    _, year, month, day, hour, minute, second = briefing.meta.as_of.earliest()
    entry.add("dtstamp", dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC))
    entry.add("dtstart", span[0])
    if span[1] is not None:
        entry.add("dtend", span[1])
    entry.add("summary", event.title)
    entry.add("description", description_of(event))
    if event.kind or event.tags:
        entry.add("categories", list(dict.fromkeys(c for c in (event.kind, *event.tags) if c)))
    if base_url:
        entry.add("url", uid_of(event, base_url))
    return entry


def reference_calendar(briefing: Briefing) -> bytes:
    """The whole calendar as icalendar writes it: the head as ical.py makes it, every VEVENT by icalendar."""
    calendar, entries = calendar_head_of(briefing)
    for event, span in entries:
        calendar.add_component(reference_entry(event, span, briefing))
    return bytes(calendar.to_ical())


def model_of(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None, [str(p) for p in problems]
    return briefing


def test_the_samples_calendars_are_icalendars_bytes() -> None:
    for folder in (REPO, REPO / "tests/briefings/minimal", REPO / "tests/briefings/multiscript"):
        briefing = model_of(folder)
        assert calendar_of(briefing) == reference_calendar(briefing), folder


def test_a_generated_briefings_calendar_is_icalendars_bytes(tmp_path: Path) -> None:
    briefing = model_of(make_briefing(tmp_path, events=200, actors=20, places=10, sources=15))
    data = calendar_of(briefing)
    assert data.count(b"BEGIN:VEVENT") > 100
    assert data == reference_calendar(briefing)


# Texts that meet every rule: escapes (\ ; , and line ends, "\N"), characters of 1-4 UTF-8 bytes around
# the 74-octet fold, and the backslash or caret that must not end a folded line.
TEXT = st.text(st.sampled_from(list("ab \\;,^\n\r:\"'’") + ["N", "é", "ж", "中", "😀", "\t"]), max_size=200)
DATES = st.sampled_from([
    "2024-01-16", "2024-01-16T04:30+03:30", "2024-01-17T22:00:15Z", "2024-01-16/2024-01-19",
    "2024-01-16T10:00Z/2024-01-16T12:00+01:00", "2024-01-18/2024-01-19T06:00Z", "2024-01-19~",
    "2024-01-16T23:59:59-09:30", "0999-02-03", "2024-01-20?", "2024-01", "../2024-01-19",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(DATES, TEXT, st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT),
                          st.lists(TEXT.filter(bool), max_size=3), st.sampled_from(["reported", "denied"])),
                min_size=1, max_size=4),
       st.sampled_from([None, "https://example.org/brief/", "https://example.org/a,b;c/"]))
def test_generated_events_give_icalendars_bytes(events: list[tuple[str, str, str | None, str | None, list[str], str]],
                                                base_url: str | None) -> None:
    records = tuple(
        Event(f"e{i}", parse_edtf(date), title or "t", (), summary=summary, kind=kind or None, tags=tuple(tags),
              status=status)
        for i, (date, title, summary, kind, tags, status) in enumerate(events))
    meta = Meta("A briefing", parse_edtf("2024-02-01T12:00Z"), "Summary.", base_url=base_url)
    briefing = Briefing(meta, records, (), (), (), ())
    assert calendar_of(briefing) == reference_calendar(briefing)
