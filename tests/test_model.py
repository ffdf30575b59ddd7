"""The linked model: reading order, reverse indexes, source numbering and the helpers templates use."""

# ruff: noqa: E501  (exact messages read best unbroken)

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import check_briefing
from generator.edtf import parse_edtf
from generator.model import Briefing, Cite, Figure, Link, Role
from generator.schema import FigurePart

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)

BRIEFING = """\
title: Model test
as_of: 2024-01-19
summary: S.
key_points:
  - {text: First point., sources: [s-kp]}
"""
SOURCES = "".join(f"- id: {s}\n  title: Source {s}\n" for s in ("s-kp", "s-late", "s-a", "s-b", "s-c", "s-d", "s-e", "s-z"))
ACTORS = """\
- id: zed
  name: Zed Org
  kind: organization
  sources: [s-d]
- id: amir
  name: Ámir Person
  kind: person
  parent: zed
  roles:
    - {title: Foreign Minister, organization: zed, sources: [s-e]}
  designations:
    - {by: zed, label: a terrorist, sources: [s-e]}
- id: bea
  name: Bea
  kind: person
  country: plain
"""
PLACES = """\
- id: plain
  name: The Plain
- id: hill
  name: Hill
  within: plain
  sources: [s-c]
"""
EVENTS = """\
- {id: e-day, date: 2024-01-01, title: Day, sources: [s-a], places: [hill], actors: [amir], related: [e-year]}
- {id: e-month, date: 2024-01, title: Month, sources: [s-late]}
- {id: e-year, date: 2024, title: Year, sources: [s-b]}
- {id: e-seq-b, date: 2024-01-05, sequence: 1, title: Seq B, sources: [s-a], actors: [{actor: bea, role: target}]}
- {id: e-seq-a, date: 2024-01-05, sequence: 2, title: Seq A, sources: [s-a]}
- {id: e-tie-b, date: 2024-01-07, title: Tie B, sources: [s-a], places: [hill, plain]}
- {id: e-tie-a, date: 2024-01-07, title: Tie A, sources: [s-a], related: [e-day], actors: [bea, amir]}
- id: e-early-time
  date: 2024-01-01T01:00+03:30
  title: Early time (still 31 December in UTC)
  sources: [s-a]
  figures: [{measure: killed, value: 3, claimed_by: zed, sources: [s-z]}]
- {id: e-interval, date: 2024-01-01/2024-01-03, title: Interval, sources: [s-a]}
"""
STATEMENTS = """\
- {id: st-2, speaker: amir, said_on: 2024-01-07, mode: verbatim, text: Two., sources: [s-a],
   event: e-tie-a, audience: [bea], via: [zed, s-b], about: [e-day, bea]}
- {id: st-1, speaker: bea, said_on: 2024-01-05, mode: paraphrase, text: One., sources: [s-a], audience: [amir, bea]}
- {id: st-0, speaker: amir, said_on: 2024-01-07, mode: summary, text: Zero., sources: [s-a], via: [amir]}
"""


@pytest.fixture
def model(briefing_dir: WriteBriefing) -> Briefing:
    files: dict[str, str | bytes | None] = {
        "briefing.yaml": BRIEFING, "sources.yaml": SOURCES, "actors.yaml": ACTORS,
        "places.yaml": PLACES, "events.yaml": EVENTS, "statements.yaml": STATEMENTS,
    }
    briefing, problems = check_briefing(briefing_dir(files))
    assert [p.format() for p in problems.sorted()] == []
    assert briefing is not None
    return briefing


def test_events_sorted_by_earliest_moment_precision_sequence_id(model: Briefing) -> None:
    assert [e.id for e in model.events] == [
        "e-early-time",  # 2023-12-31T21:30Z is the earliest moment of all
        "e-year",  # all of these begin at 2024-01-01T00:00Z: coarser first
        "e-month",
        "e-day",
        "e-interval",  # starts with e-day's day but lasts longer
        "e-seq-b",  # sequence 1 before 2, whatever the ids
        "e-seq-a",
        "e-tie-a",  # same date, no sequence: by id
        "e-tie-b",
    ]


def test_statements_sorted_by_date_then_id(model: Briefing) -> None:
    assert [s.id for s in model.statements] == ["st-1", "st-0", "st-2"]


def test_actors_and_places_sorted_by_folded_name(model: Briefing) -> None:
    assert [a.id for a in model.actors] == ["amir", "bea", "zed"]  # 'Ámir' sorts as 'amir'
    assert [p.id for p in model.places] == ["hill", "plain"]


def test_actor_reverse_indexes(model: Briefing) -> None:
    index = model.index
    assert index["actor_events"] == {"amir": ("e-day", "e-tie-a"), "bea": ("e-seq-b", "e-tie-a")}
    assert index["actor_statements"] == {"bea": ("st-1",), "amir": ("st-0", "st-2")}
    assert index["actor_addressed"] == {"amir": ("st-1",), "bea": ("st-1", "st-2")}
    assert index["actor_relayed"] == {"amir": ("st-0",), "zed": ("st-2",)}
    assert index["actor_about"] == {"bea": ("st-2",)}
    assert index["actor_designated"] == {"zed": ("amir",)}
    assert index["actor_members"] == {"zed": ("amir",)}
    assert index["actor_figures"] == {"zed": ("e-early-time",)}
    assert [a.id for a in model.related("actor_events", "amir", "events")] == ["e-day", "e-tie-a"]
    assert model.related("actor_events", "zed", "events") == []


def test_place_reverse_indexes(model: Briefing) -> None:
    assert model.index["place_events"] == {"hill": ("e-day", "e-tie-b"), "plain": ("e-tie-b",)}
    assert model.index["place_children"] == {"plain": ("hill",)}
    assert model.index["place_actors"] == {"plain": ("bea",)}


def test_event_reverse_indexes(model: Briefing) -> None:
    assert model.index["event_statements"] == {"e-tie-a": ("st-2",), "e-day": ("st-2",)}
    # related works both ways, in reading order
    assert model.index["event_related"] == {"e-day": ("e-year", "e-tie-a"), "e-year": ("e-day",),
                                            "e-tie-a": ("e-day",)}


def test_source_citers(model: Briefing) -> None:
    citers = model.index["source_citers"]
    assert citers["s-a"] == (
        "events/e-early-time", "events/e-day", "events/e-interval", "events/e-seq-b", "events/e-seq-a",
        "events/e-tie-a", "events/e-tie-b", "statements/st-1", "statements/st-0", "statements/st-2",
    )
    assert citers["s-z"] == ("events/e-early-time",)  # a figure's citation counts for its event
    assert citers["s-e"] == ("actors/amir",)  # a role's and a designation's, for the actor
    assert citers["s-c"] == ("places/hill",)
    assert citers["s-kp"] == ("key-points/1",)  # key points are listed by their number on the overview
    assert model.citers("s-kp") == [("key-points", [1])]
    assert [(kind, [r.id for r in records]) for kind, records in model.citers("s-z")] == [
        ("events", ["e-early-time"])
    ]


def test_sources_numbered_once_in_reading_order(model: Briefing) -> None:
    numbers = {s.id: s.number for s in model.sources}
    assert numbers == {
        "s-kp": 1,  # key points come first in the brief
        "s-a": 2, "s-z": 3,  # then events in order: e-early-time and its figure
        "s-b": 4, "s-late": 5,  # e-year, e-month
        "s-e": 6, "s-d": 7,  # then actors: amir (roles, designations), zed
        "s-c": 8,  # then places: hill
    }
    assert [s.number for s in model.sources] == list(range(1, 9))
    every_cite = [c for r in model.records() for c in r.sources] + list(model.meta.key_points[0].sources)
    assert all(c.number == numbers[c.source] for c in every_cite)
    assert model.get("events", "e-early-time").figures[0].sources == (Cite("s-z", 3),)


def test_links_resolve_to_their_collection(model: Briefing) -> None:
    st2 = model.get("statements", "st-2")
    assert st2.via == (Link("actors", "zed"), Link("sources", "s-b"))
    assert st2.about == (Link("events", "e-day"), Link("actors", "bea"))


def test_an_unused_source_is_numbered_after_the_cited_ones(briefing_dir: WriteBriefing) -> None:
    files: dict[str, str | bytes | None] = {
        "sources.yaml": "- {id: report, title: R}\n- {id: b-unused, title: B}\n- {id: a-unused, title: A}\n"
    }
    briefing, _problems = check_briefing(briefing_dir(files))
    assert briefing is not None
    assert [(s.id, s.number) for s in briefing.sources] == [("report", 1), ("a-unused", 2), ("b-unused", 3)]


def test_changes_newest_first(briefing_dir: WriteBriefing) -> None:
    text = "title: T\nas_of: 2024-01-19\nsummary: S\nchanges:\n  - {date: 2024-01-17, text: a}\n" \
           "  - {date: 2024-01-19, text: b, kind: correction}\n  - {date: 2024-01-18, text: c}\n"
    briefing, _problems = check_briefing(briefing_dir({"briefing.yaml": text}))
    assert briefing is not None
    assert [(c.text, c.kind) for c in briefing.meta.changes] == [("b", "correction"), ("c", "update"), ("a", "update")]


# --- Role.label and Figure.amount ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "at", "label"),
    [
        (Role("Foreign Minister"), None, "Foreign Minister"),
        (Role("Prime Minister", qualifier="caretaker"), None, "caretaker Prime Minister"),
        (Role("Foreign Minister", end=parse_edtf("2023-08")), parse_edtf("2024-01-19"), "then-Foreign Minister"),
        (Role("Prime Minister", qualifier="acting", end=parse_edtf("2023")), parse_edtf("2024-01"),
         "then-acting Prime Minister"),
        (Role("Foreign Minister", end=parse_edtf("2024-01")), parse_edtf("2024-01-19"), "Foreign Minister"),
        (Role("Foreign Minister", end=parse_edtf("2024-01-19")), parse_edtf("2024-01-19"), "Foreign Minister"),
        (Role("Foreign Minister", end=parse_edtf("2024-01-18")), parse_edtf("2024-01-19"), "then-Foreign Minister"),
        (Role("Foreign Minister"), parse_edtf("2030"), "Foreign Minister"),
    ],
    ids=["plain", "qualifier", "ended", "ended-qualified", "ends-in-month-of", "ends-that-day", "ended-day-before",
         "no-end"],
)
def test_role_label(role: Role, at: object, label: str) -> None:
    assert role.label(at) == label  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("figure", "amount"),
    [
        (Figure("killed", "x", (), value=9), "9"),
        (Figure("killed", "x", (), value=1200), "1,200"),
        (Figure("killed", "x", (), value=40, approx=True), "about 40"),
        (Figure("killed", "x", (), min=9), "at least 9"),
        (Figure("killed", "x", (), min=9, approx=True), "at least 9 (approx.)"),
        (Figure("killed", "x", (), max=12, approx=True), "up to 12 (approx.)"),
        (Figure("killed", "x", (), max=12), "up to 12"),
        (Figure("killed", "x", (), min=9, max=12), "9–12"),
        (Figure("killed", "x", (), min=1000, max=2000, approx=True), "about 1,000–2,000"),
        (Figure("killed", "x", (), value=0), "0"),
        (Figure("killed", "x", (), as_reported="six children and two women"), ""),
        (Figure("trade", "x", (), value=9.6, unit="USD", scale="billion", per="day"), "$9.6bn a day"),
        (Figure("trade", "x", (), value=916000000, unit="USD"), "$916m"),
        (Figure("trade", "x", (), value=1234567890, unit="EUR"), "€1.23bn"),
        (Figure("trade", "x", (), value=40000, unit="GBP"), "£40,000"),
        (Figure("trade", "x", (), value=500, unit="PKR", scale="million"), "PKR 500m"),
        (Figure("trade", "x", (), value=2.5, unit="USD", scale="thousand", approx=True), "about $2,500"),
        (Figure("trade", "x", (), min=2, max=3, unit="USD", scale="billion"), "$2bn–$3bn"),
        (Figure("shipped", "x", (), value=9.6, unit="tonnes", scale="million", per="year"), "9.6 million tonnes a year"),
        (Figure("shipped", "x", (), value=916000000, unit="tonnes"), "916 million tonnes"),
        (Figure("shipped", "x", (), value=3, scale="thousand", unit="ships", per="week"), "3,000 ships a week"),
        (Figure("killed", "x", (), min=9, unit="people"), "at least 9 people"),
        (Figure("trade", "x", (), value=2.4e12, unit="USD"), "$2.4tn"),
    ],
    ids=["value", "thousands", "approx", "min", "min-approx", "max-approx", "max", "range", "range-approx", "zero", "as-reported",
         "currency-scale-per", "large-currency-shortened", "shortened-rounded", "currency-under-a-million",
         "code-without-symbol", "thousand-scale-in-full", "currency-range", "free-unit-scale-per", "large-plain-shortened",
         "ships-a-week", "people", "trillion"],
)
def test_figure_amount(figure: Figure, amount: str) -> None:
    assert figure.amount() == amount


@pytest.mark.parametrize(
    ("figure", "parts"),
    [
        (Figure("killed", "x", (), min=9, unit="people", parts=(FigurePart("children", value=6), FigurePart("women", value=2))),
         "of whom 6 children and 2 women"),
        (Figure("killed", "x", (), min=9, parts=(FigurePart("children", min=6, approx=True),)), "of whom at least 6 children (approx.)"),
        (Figure("lost", "x", (), value=9.6, unit="USD", scale="billion", per="day",
                parts=(FigurePart("fuel", value=2), FigurePart("grain", value=0.5), FigurePart("other", max=7))),
         "of which $2bn fuel, $500m grain and up to $7bn other"),
        (Figure("killed", "x", (), min=9), ""),
    ],
    ids=["people", "range-part", "currency-parts", "no-parts"],
)
def test_figure_parts(figure: Figure, parts: str) -> None:
    assert figure.parts_text() == parts


def test_head_is_indexed_both_ways_in_the_sample() -> None:
    """`head` (an extension): the government points at its leader, the leader's page lists what he leads."""
    model, problems = check_briefing(Path(__file__).resolve().parent.parent)
    assert model is not None and not problems.items
    assert model.get("actors", "pakistan-caretaker-government").head == "anwaar-ul-haq-kakar"
    assert model.index["actor_heads"]["anwaar-ul-haq-kakar"] == ("pakistan-caretaker-government",)
