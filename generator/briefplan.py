"""What the printed briefs hold: all of a small briefing; of a large one, bounded selections and summaries.

A brief of 500 pages helps nobody. Each bound below is where a collection stops being printed in full;
a briefing under every bound (the sample, any briefing of a few dozen records) prints exactly as it
always did. The figures behind the bounds are in docs/printing.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from .civil import MONTHS
from .edtf import Edtf
from .labels import ACTOR_KINDS
from .model import Actor, Briefing, Cite, Event, KeyPoint, Place, Source, Statement, cites_of

if TYPE_CHECKING:  # views.py builds the cards and pages a brief shows, and imports this module
    from .views import Views
    from .viewtypes import ActorPage, ChangeEntry, ClaimantFigures, EventCard, EventPage, PlaceRow, StatementCard

# The full brief (brief.pdf)
FULL_EVENTS = 100  # events printed in full; a briefing with more summarises the others by period
LATEST_EVENTS = 25  # of those, the latest, whatever they are; then key events, newest first; then recent ones
FULL_ACTORS = 40  # actors printed in full, those that appear most; the next ones are named in a compact list
FULL_STATEMENTS = 40  # the latest statements printed in full
FULL_PLACES = 60  # rows of the places table, the places with most events; the next ones are named compactly
LISTED_OTHERS = 200  # actors or places named in a compact list after those printed in full; the rest counted
PERIOD_ROWS = 60  # the summary of the other events is by month, or by year when that would take more rows
KEY_PER_PERIOD = 5  # key events named in one period's row of that summary
KEY_FIGURE_ROWS = 30  # rows of the key figures box of a summarised brief

# The short brief (brief-short.pdf): two pages at most, at every size
SHORT_EVENTS = 8  # the latest key events
SHORT_SUMMARIES = 2  # of a briefing of over FULL_EVENTS events, only the latest key events with one print a summary
SHORT_FIGURE_ROWS = 5
SHORT_KEY_POINTS = 6
SHORT_SOURCES = 12  # a briefing with at most this many sources lists them all; a larger one only those cited


class Named(NamedTuple):
    """A record a summary names without printing it: with how often it appears, and its web address."""

    record: Any
    appears: int
    url: str | None  # on the website, when briefing.yaml gives base_url


class PeriodRow(NamedTuple):
    label: str  # "March 2024" or "2024"
    size: int  # events of the period not printed in full
    kinds: tuple[tuple[str, int], ...]  # (kind, events), most frequent first
    key: tuple[Named, ...]  # its key events not printed in full, at most KEY_PER_PERIOD
    more_key: int  # the key events beyond those
    events: tuple[Event, ...]  # every event the row counts (what the row was made from)


class Omitted(NamedTuple):
    """What an entry of the brief does not list because the brief does not print it."""

    events: int = 0
    statements: int = 0


@dataclass(frozen=True)
class Summary:
    """What the full brief of a large briefing leaves out, and where the reader finds it."""

    web: str | None  # the website's address (base_url), or None
    events_total: int
    events_full: int  # printed in full
    latest: int  # of which the latest events
    period_unit: str  # "month" or "year"
    periods: tuple[PeriodRow, ...]
    actors_total: int
    actors_listed: tuple[Named, ...]  # named compactly, after those printed in full
    statements_total: int
    places_total: int
    places_listed: tuple[Named, ...]
    sources_total: int
    actors_printed: int
    places_printed: int
    omitted: dict[str, Omitted]  # "actors/<id>" or "places/<id>" -> what its entry leaves out

    @property
    def actors_more(self) -> int:
        """Actors neither printed nor named: counted, and on the website."""
        return self.actors_total - self.actors_printed - len(self.actors_listed)

    @property
    def places_more(self) -> int:
        return self.places_total - self.places_printed - len(self.places_listed)


def is_summarised(b: Briefing) -> bool:
    """True when the full brief of this briefing cannot print every record."""
    return (len(b.events) > FULL_EVENTS or len(b.actors) > FULL_ACTORS or len(b.statements) > FULL_STATEMENTS
            or len(b.places) > FULL_PLACES)


def events_in_full(b: Briefing) -> tuple[Event, ...]:
    """The events the full brief prints, in reading order: all, or the latest, the key ones and recent ones."""
    events = b.events
    if len(events) <= FULL_EVENTS:
        return events
    chosen = {e.id for e in events[-LATEST_EVENTS:]}
    for e in (*reversed(b.key_events), *reversed(events)):
        if len(chosen) >= FULL_EVENTS:
            break
        chosen.add(e.id)
    return tuple(e for e in events if e.id in chosen)


def short_events(key_events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The short brief's events: the latest SHORT_EVENTS key events, in reading order."""
    return key_events[-SHORT_EVENTS:]


def counts_of(b: Briefing) -> Counter[str]:
    """How often each actor appears: events, statements made, received or relayed, figures given."""
    counts: Counter[str] = Counter()
    for name in ("actor_events", "actor_statements", "actor_addressed", "actor_relayed", "actor_figures"):
        for actor_id, ids in b.index[name].items():
            counts[actor_id] += len(ids)
    return counts


def ranked(records: Sequence[Any], counts: Counter[str], order: dict[str, int]) -> list[Any]:
    """Records by how often they appear, most first; ties in the briefing's order."""
    return sorted(records, key=lambda r: (-counts[r.id], order[r.id]))


def split_by_rank(records: tuple[Any, ...], counts: Counter[str], order: dict[str, int], full: int,
                  web: str | None) -> tuple[tuple[Any, ...], tuple[Named, ...]]:
    """(printed in full, in the briefing's order; named compactly, most frequent first), both bounded."""
    if len(records) <= full:
        return records, ()
    by_rank = ranked(records, counts, order)
    kept = {r.id for r in by_rank[:full]}
    named = tuple(Named(r, counts[r.id], web_url(web, r)) for r in by_rank[full:full + LISTED_OTHERS])
    return tuple(r for r in records if r.id in kept), named


def latest_statements(statements: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """The latest FULL_STATEMENTS, in reading order: by when they could last have been said, then sequence."""
    if len(statements) <= FULL_STATEMENTS:
        return statements
    newest = sorted(statements, key=lambda s: (s.said_on.latest(), s.sequence, s.id), reverse=True)
    kept = {s.id for s in newest[:FULL_STATEMENTS]}
    return tuple(s for s in statements if s.id in kept)


def web_url(web: str | None, record: Any) -> str | None:
    from .pages import url_for  # pages.py builds the views: imported here, when first needed

    return web + url_for(record) if web else None


def _month_of(date: Edtf) -> tuple[int, int]:
    """(year, month) an event is filed under, as on the timeline's period pages; (0, 1) when unknown."""
    moment = date.earliest() if len(date.earliest()) > 1 else date.latest()
    return (moment[1], moment[2]) if len(moment) >= 4 else (0, 1)


def period_rows(events: tuple[Event, ...], web: str | None) -> tuple[str, tuple[PeriodRow, ...]]:
    """The events not printed in full, by month (by year when there would be over PERIOD_ROWS months)."""
    months = {_month_of(e.date) for e in events}
    unit = "month" if len(months) <= PERIOD_ROWS else "year"
    groups: dict[tuple[int, ...], list[Event]] = {}
    for e in events:
        month = _month_of(e.date)
        groups.setdefault(month if unit == "month" else month[:1], []).append(e)
    rows = []
    for parts, group in sorted(groups.items()):
        label = f"{MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) == 2 else str(parts[0])
        kinds = Counter(e.kind for e in group if e.kind)
        key = [e for e in group if e.key]
        rows.append(PeriodRow(label, len(group), tuple(sorted(kinds.items(), key=lambda k: (-k[1], k[0]))),
                              tuple(Named(e, 0, web_url(web, e)) for e in key[:KEY_PER_PERIOD]),
                              max(0, len(key) - KEY_PER_PERIOD), tuple(group)))
    return unit, tuple(rows)


def omitted_of(held: frozenset[str], events: Iterable[Any], statements: Iterable[Any] = ()) -> Omitted:
    """How many of an entry's events and statements the brief does not hold."""
    return Omitted(sum(1 for e in events if f"events/{e.id}" not in held),
                   sum(1 for s in statements if f"statements/{s.id}" not in held))


def sources_cited(b: Briefing, records: Iterable[Any], key_points: Iterable[KeyPoint],
                  figures: Iterable[Any], own: bool = False) -> tuple[Source, ...]:
    """The sources that what the brief prints cites, in number order (the website's numbers).

    `own`: only the records' own citations count (the short brief prints an event's sources, not its figures)."""
    cited: set[str] = set()
    for r in records:
        cited.update(c.source for c in (r.sources if own else cites_of(r)))
    for k in key_points:
        cited.update(c.source for c in k.sources)
    for f in figures:
        cited.update(c.source for c in _figure_cites(f))
    return tuple(s for s in b.sources if s.id in cited)


def _figure_cites(row: Any) -> tuple[Cite, ...]:
    return tuple(row.figure.sources)


def capped(groups: tuple[Any, ...], rows: int) -> tuple[Any, ...]:
    """Claimant groups of figures cut after `rows` rows in all; a group cut to nothing is dropped."""
    out = []
    for g in groups:
        if rows <= 0:
            break
        out.append(g._replace(figures=g.figures[:rows]))
        rows -= len(out[-1].figures)
    return tuple(out)


def figure_rows(groups: Iterable[Any]) -> list[Any]:
    return [f for g in groups for f in g.figures]


def considered_of(b: Briefing) -> tuple[Actor | Event | Place | Statement, ...]:
    """Every record a selection looks at: a page made from a selection reads them all (the page cache)."""
    return (*b.events, *b.actors, *b.statements, *b.places)


@dataclass(frozen=True)
class Brief:
    short: bool
    events: tuple[EventCard, ...]
    entries: dict[str, EventPage]  # id -> the event's statements and related events, for the full brief
    holds: frozenset[str]  # the records the document holds ("events/<id>"): others are named, not linked
    key_figures: tuple[ClaimantFigures, ...]
    actors: tuple[ActorPage, ...]  # in the order of ACTOR_KINDS
    statements: tuple[StatementCard, ...]
    places: tuple[PlaceRow, ...]
    sources: tuple[Source, ...]
    events_total: int
    contents: tuple[tuple[str, str], ...]  # (anchor, heading) of the sections present
    latest_changes: ChangeEntry | None = None
    key_points: tuple[KeyPoint, ...] = ()
    summary: Summary | None = None  # what the full brief of a large briefing leaves out
    considered: tuple[Any, ...] = ()  # every record the selection looked at: what the page reads
    sources_compact: bool = False  # the short brief of a briefing with many sources names them in a compact list
    summaries: frozenset[str] | None = None  # the events whose summary the short brief prints; None: all


def brief_of(views: Views, short: bool) -> Brief:
    """The view of brief/index.html (or, `short`, brief-short/index.html), bounded as this module says."""
    b = views.b
    sections = (
        ("sec-summary", "Summary", True), ("sec-key-points", "Key points", b.meta.key_points),
        ("sec-key-figures", "Key figures", None), ("sec-timeline", "Timeline", True),
        ("sec-actors", "Actors", b.actors), ("sec-statements", "Statements", b.statements),
        ("sec-places", "Places", b.places), ("sec-changes", "Revision log", b.meta.changes),
        ("sec-method", "Scope and method", b.meta.notes), ("sec-sources", "Sources (endnotes)", True),
    )
    if short:
        events = short_events(views.key_events())
        figures = capped(views.figures_by_claimant(events), SHORT_FIGURE_ROWS)
        key_points = b.meta.key_points[:SHORT_KEY_POINTS]
        sources = b.sources if len(b.sources) <= SHORT_SOURCES else sources_cited(
            b, events, key_points, figure_rows(figures), own=True)
        return Brief(True, tuple(views.event_card(e) for e in events), {}, _holds((*events, *sources)), figures,
                     (), (), (), sources, len(b.events), _contents(sections, figures),
                     views.change_entry(views.editions.latest) if views.editions.latest else None,
                     key_points, None, considered_of(b), len(b.sources) > SHORT_SOURCES,
                     _summarised(events) if len(b.events) > FULL_EVENTS else None)
    summary: Summary | None = None
    web = b.meta.base_url or None
    events = events_in_full(b)
    actors, actors_named = split_by_rank(b.actors, counts_of(b), b.positions["actors"], FULL_ACTORS, web)
    statements = latest_statements(b.statements)
    at_place = Counter({p: len(ids) for p, ids in b.index["place_events"].items()})
    places, places_named = split_by_rank(b.places, at_place, b.positions["places"], FULL_PLACES, web)
    if not is_summarised(b):
        figures = views.figures_by_claimant(b.key_events or b.events)
        sources = b.sources
    else:  # the newest figures, of the key events printed (else of every event printed)
        figures = capped(views.figures_by_claimant(
            tuple(reversed(tuple(e for e in events if e.key) or events))), KEY_FIGURE_ROWS)
        sources = sources_cited(b, (*events, *actors, *statements, *places), b.meta.key_points, figure_rows(figures))
    holds = _holds((*events, *actors, *statements, *places, *sources))
    kinds = {k: i for i, k in enumerate(ACTOR_KINDS)}
    actor_pages: list[ActorPage] = []
    omitted: dict[str, Omitted] = {}
    for a in sorted(actors, key=lambda a: kinds.get(a.kind, len(kinds))):
        v = views.actor_page(a)
        if is_summarised(b):  # entries list only what the brief holds
            omitted[f"actors/{a.id}"] = omitted_of(
                holds, (r.event for r in v.events), (c.statement for c in (*v.made, *v.addressed)))
            v = replace(v, events=tuple(r for r in v.events if f"events/{r.event.id}" in holds),
                        made=tuple(c for c in v.made if f"statements/{c.statement.id}" in holds),
                        addressed=tuple(c for c in v.addressed if f"statements/{c.statement.id}" in holds))
        actor_pages.append(v)
    rows: list[PlaceRow] = []
    for p in places:
        row = views.place_row(p)
        left = omitted_of(holds, row.events)
        if left.events:
            omitted[f"places/{p.id}"] = left
            row = row._replace(events=tuple(e for e in row.events if f"events/{e.id}" in holds))
        rows.append(row)
    if is_summarised(b):
        left_out = tuple(e for e in b.events if f"events/{e.id}" not in holds)
        unit, periods = period_rows(left_out, web)
        summary = Summary(web, len(b.events), len(events), min(LATEST_EVENTS, len(events)), unit, periods,
                          len(b.actors), actors_named, len(b.statements), len(b.places), places_named,
                          len(b.sources), len(actors), len(places), omitted)
    return Brief(
        False,
        tuple(views.event_card(e) for e in events),
        {e.id: views.event_page(e) for e in events},
        holds,
        figures,
        tuple(actor_pages),
        tuple(views.statement_card(s) for s in statements),
        tuple(rows),
        sources,
        len(b.events),
        _contents(sections, figures),
        views.change_entry(views.editions.latest) if views.editions.latest else None,
        b.meta.key_points,
        summary,
        considered_of(b),
    )


def _summarised(events: tuple[Event, ...]) -> frozenset[str]:
    """The latest SHORT_SUMMARIES of these events that have a summary."""
    return frozenset([e.id for e in events if e.summary][-SHORT_SUMMARIES:])


def _holds(records: Iterable[Any]) -> frozenset[str]:
    """The records a printed brief holds ("events/<id>"): links to them jump inside it; others are named."""
    return frozenset(f"{r.collection}/{r.id}" for r in records)


def _contents(sections: tuple[tuple[str, str, Any], ...], figures: Any) -> tuple[tuple[str, str], ...]:
    """(anchor, heading) of the sections present; the key figures' presence is known once they are chosen."""
    return tuple((anchor, heading) for anchor, heading, present in sections
                 if (figures if anchor == "sec-key-figures" else present))
