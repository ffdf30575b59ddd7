"""The timeline chart parsed with xml.etree: structure, accessibility, escaping, time scale and size bound."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.build import check_briefing
from generator.chart import timeline_chart
from generator.edtf import parse_edtf
from generator.model import Event

REPO = Path(__file__).resolve().parent.parent
S = "{http://www.w3.org/2000/svg}"


def event(id_: str, date: str, title: str | None = None, key: bool = False) -> Event:
    return Event(id=id_, date=parse_edtf(date), title=title or f"Event {id_}", sources=(), key=key)


def href(e: Event) -> str:
    return f"../events/{e.id}/index.html"


def parse(events: list[Event], **options: object) -> tuple[ET.Element, ET.Element]:
    figure = ET.fromstring(str(timeline_chart(events, href, **options)))
    svg = figure.find(S + "svg")
    assert figure.tag == "figure" and svg is not None
    return figure, svg


def marks_of(svg: ET.Element) -> dict[str, ET.Element]:
    return {a.get("href", ""): a for a in svg.iter(S + "a")}


def test_the_sample_chart_links_every_event_and_says_what_it_shows() -> None:
    briefing, _ = check_briefing(REPO)
    assert briefing is not None
    figure, svg = parse(list(briefing.events), list_id="timeline-list")
    links = marks_of(svg)
    assert sorted(links) == sorted(href(e) for e in briefing.events)
    for e in briefing.events:
        mark = links[href(e)]
        assert mark.findtext(S + "title", "").startswith(e.title)
        assert ("fs-chart-key" in mark.get("class", "").split()) == e.key
    # Accessible: a title and a description named by the svg, a caption that points to the list.
    assert [child.tag for child in svg][:2] == [S + "title", S + "desc"]
    ids = {el.get("id") for el in svg.iter()}
    assert set(svg.get("aria-labelledby", "").split()) == {"timeline-chart-title", "timeline-chart-desc"} <= ids
    assert svg.findtext(S + "desc", "").startswith("13 events from 16 Jan 2024 to 19 Jan 2024")
    caption = figure.find("figcaption")
    assert caption is not None and figure.get("aria-labelledby") == caption.get("id")
    assert caption.find("a").get("href") == "#timeline-list"
    assert "".join(caption.itertext()) == (
        "13 events from 16 Jan 2024 to 19 Jan 2024, drawn to scale in time; every event is listed below.")


def test_each_precision_is_drawn_as_what_it_is() -> None:
    events = [event("day", "2024-01-10"), event("time", "2024-01-12T10:00Z"), event("month", "2024-02"),
              event("span", "2024-01-14/2024-01-20"), event("guess", "2024-01-11~"), event("open", "../2024-01-05"),
              event("key", "2024-01-13", key=True)]
    _, svg = parse(events)
    marks = {a.get("href", "").split("/")[2]: a for a in svg.iter(S + "a")}
    assert marks["day"].find(S + "circle") is not None and marks["day"].find(S + "rect") is None
    assert marks["time"].find(S + "circle") is not None
    month, span = marks["month"].find(S + "rect"), marks["span"].find(S + "rect")
    assert month is not None and span is not None
    # True time: February's bar is 29 days long, the interval's 7; the ratio survives rounding.
    assert abs(float(month.get("height", 0)) / float(span.get("height", 0)) - 29 / 7) < 0.1
    guess = marks["guess"].find(S + "circle")
    assert guess is not None and guess.get("stroke-dasharray") and guess.get("fill-opacity") == "0.25"
    assert "fs-chart-uncertain" in marks["guess"].get("class", "")
    assert "fs-chart-open" in marks["open"].get("class", "")
    assert marks["open"].find(S + "rect").get("stroke-dasharray")
    assert marks["key"].find(S + "path").get("d", "").endswith("l7 7-7 7-7-7z")
    assert marks["key"].find(S + "text").get("font-weight") == "700"


def test_gaps_look_like_gaps() -> None:
    _, svg = parse([event("a", "2024-01-01"), event("b", "2024-01-02"), event("c", "2024-03-01")])
    y = {a.get("href", "").split("/")[2]: float(a.find(S + "circle").get("cy", 0))
         for a in svg.iter(S + "a")}
    assert abs((y["c"] - y["b"]) / (y["b"] - y["a"]) - 59) < 0.5


def test_text_is_escaped_and_nothing_needs_inline_style_or_colour() -> None:
    hostile = '</text><script>alert(1)</script> & "quotes" <b>'
    markup = str(timeline_chart([event("x", "2024-01-01", hostile)], href, list_id='"><script>'))
    assert "<script" not in markup and "<b>" not in markup
    figure = ET.fromstring(markup)
    assert figure.findtext(f"{S}svg/{S}a/{S}title") == f"{hostile} (1 January 2024)"
    assert figure.findtext(f"{S}svg/{S}a/{S}text", "").startswith("</text><script>")
    assert figure.find("figcaption/a").get("href") == '#"><script>'
    for el in figure.iter():
        assert "style" not in el.attrib and not el.tag.endswith("script")
        for name in ("fill", "stroke"):
            assert el.get(name) in (None, "currentColor", "none"), (el.tag, el.attrib)


def test_thousands_of_events_are_counted_in_a_bounded_svg() -> None:
    events = [event(f"e{i}", f"{2000 + i % 20}-{1 + i % 12:02d}-{1 + i % 28:02d}", key=i % 50 == 0)
              for i in range(5000)]
    markup = str(timeline_chart(events, href, max_bins=60))
    assert len(markup.encode()) < 30_000
    figure, svg = parse(events, max_bins=60)
    bins = svg.findall(S + "a")
    assert 10 <= len(bins) <= 60 and all(a.get("class") == "fs-chart-bin" for a in bins)
    counts = [int(re.match(r"([0-9,]+) event", a.findtext(S + "text", "")).group(1).replace(",", ""))
              for a in bins]
    assert sum(counts) == 5000
    assert "counted per 6 months" in "".join(figure.find("figcaption").itertext())


def test_a_dense_month_is_counted_per_day_and_empty_days_stay_blank() -> None:
    events = [event(f"e{i}", f"2024-01-{1 + (i % 10) * 3:02d}") for i in range(200)]
    _, svg = parse(events)
    bins = svg.findall(S + "a")
    assert len(bins) == 10  # days 1, 4, 7 ... 28 have events; the days between draw nothing
    assert svg.findtext(S + "desc", "").startswith("200 events from 1 Jan 2024 to 28 Jan 2024, counted per day")


def test_deterministic_and_empty() -> None:
    events = [event("a", "2024-01-01"), event("b", "2024-01-01T12:00+05:00")]
    assert timeline_chart(events, href) == timeline_chart(list(reversed(events)), href)
    assert timeline_chart([], href) == ""
    figure, svg = parse(events, id_prefix="overview-chart", list_id="timeline", list_text="in the timeline")
    assert svg.get("aria-labelledby") == "overview-chart-title overview-chart-desc"
    assert "".join(figure.find("figcaption").itertext()) == (
        "2 events on 1 Jan 2024, drawn to scale in time; every event is in the timeline.")
    figure, _ = parse(events[:1])
    assert "".join(figure.find("figcaption").itertext()).startswith("1 event on 1 Jan 2024, ")


def test_far_years_give_a_few_ticks_not_billions() -> None:
    far = [event("past", "Y-99999999999"), event("now", "2024-01-01"), event("future", "Y170000000000")]
    _, svg = parse(far)
    assert len(svg.findall(f"{S}g/{S}text")) < 20
    many = [*far, *(event(f"e{i}", f"{1900 + i}") for i in range(100))]
    markup = str(timeline_chart(many, href))
    assert len(markup) < 20_000 and markup.count("<a ") <= 62
