"""What each page shows, selected, sorted and grouped in Python: templates present these, never query."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from . import briefplan, periods
from .briefplan import Brief
from .editions import EditionChanges
from .editionsite import NO_EDITIONS, SiteEditions
from .edtf import parse_edtf
from .labels import ACTOR_KINDS, CITER_NOUNS, MODES, PLACE_KINDS, kind_heading
from .model import (
    Actor,
    Briefing,
    Cite,
    Event,
    Place,
    Source,
    Statement,
    cites_of,
)
from .viewtypes import (
    UNPAGED,
    ActorCard,
    ActorPage,
    ActorRole,
    ChangeEntry,
    ChangeLine,
    ChangesPage,
    ClaimantFigures,
    Counted,
    DesignationOf,
    EventCard,
    EventPage,
    EventRole,
    FigureOf,
    Filters,
    Group,
    Index,
    NotFound,
    Overview,
    Paging,
    Phrase,
    PlaceIn,
    PlacePage,
    PlaceRow,
    RoleOf,
    SourceEntry,
    Sources,
    StatementCard,
    StatementPage,
    Statements,
    Timeline,
)

MAIN_ACTORS = 12  # how many the overview lists
LATEST_STATEMENTS = 4
FALLBACK_KEY_EVENTS = 5  # shown as key events when no event is marked `key`
KEY_LINE_BYTES = 500  # a key event as a line on a paged timeline's index, with what its filters test
SOURCE_BYTES, CITER_BYTES = 1000, 150  # about what a source and each link to a citer take on the sources page
CITERS_SHOWN = 10  # the citers a source lists when all of them would make its page too heavy
# Cards of each kind kept for the pages that follow: a period's page and its records' pages meet the same ones,
# but a render worker of a large briefing must not keep one of every record (the cards are made again at will).
CARDS_KEPT = 4096


class Views:
    """Builds the views of one briefing; a record's card is made once and shared by the pages that follow."""

    def __init__(self, briefing: Briefing, editions: SiteEditions = NO_EDITIONS,
                 cards_kept: int | None = None) -> None:
        self.b = briefing
        self.editions = editions
        # Cards of each kind, CARDS_KEPT unless given: the plan keeps every card while it walks the site once.
        self.cards_kept = CARDS_KEPT if cards_kept is None else cards_kept
        self._events: dict[str, EventCard] = {}
        self._statements: dict[str, StatementCard] = {}
        self._filters: Filters | None = None
        self._speakers: tuple[Counted, ...] | None = None
        self._modes: tuple[tuple[str, str], ...] = ()
        self._options: dict[str, dict[str, Counted]] = {}  # "actors", "places", "speakers": id -> option

    # ---- lookups -----------------------------------------------------------------------------

    def actor(self, id_: str) -> Actor:
        return self.b.by_id["actors"][id_]  # type: ignore[no-any-return]

    def place(self, id_: str) -> Place:
        return self.b.by_id["places"][id_]  # type: ignore[no-any-return]

    def event(self, id_: str) -> Event:
        return self.b.by_id["events"][id_]  # type: ignore[no-any-return]

    def related(self, index: str, id_: str, collection: str) -> tuple[Any, ...]:
        return tuple(self.b.related(index, id_, collection))

    # ---- cards -------------------------------------------------------------------------------

    def event_card(self, e: Event) -> EventCard:
        card = self._events.get(e.id)
        if card is None:
            if len(self._events) >= self.cards_kept:
                self._events.clear()
            card = self._events[e.id] = EventCard(
                e,
                tuple(ActorRole(self.actor(a.actor), a.role) for a in e.actors),
                tuple(self.place_in(p) for p in e.places),
                tuple(FigureOf(f, self.actor(f.claimed_by), e,
                               self.editions.earlier_of(e.id, (f.measure, f.claimed_by, f.category or "")))
                      for f in e.figures),
                self.editions.mark_of("events", e.id),
            )
        return card

    def place_in(self, id_: str) -> PlaceIn:
        p = self.place(id_)
        return PlaceIn(p, self.place(p.within) if p.within else None)

    def statement_card(self, s: Statement) -> StatementCard:
        card = self._statements.get(s.id)
        if card is None:
            if len(self._statements) >= self.cards_kept:
                self._statements.clear()
            card = self._statements[s.id] = StatementCard(
                s,
                self.actor(s.speaker),
                tuple(self.actor(a) for a in s.audience),
                tuple(self.b.get(link.collection, link.id) for link in s.via),
                self.event(s.event) if s.event else None,
                tuple(self.b.get(link.collection, link.id) for link in s.about),
                MODES[s.mode],
                self.editions.mark_of("statements", s.id),
            )
        return card

    def statement_cards(self, index: str, id_: str) -> tuple[StatementCard, ...]:
        return tuple(self.statement_card(s) for s in self.b.related(index, id_, "statements"))

    def actor_card(self, a: Actor) -> ActorCard:
        index = self.b.index
        # A role with its organisation ("Foreign Minister, Pakistan"); the statements its page shows, each once
        # (made, addressed to it, relayed, about it), so the count matches the page.
        roles = tuple(r.label() + (f", {self.actor(r.organization).name}" if r.organization else "")
                      for r in a.roles if r.end is None)
        shown = {s for name in ("actor_statements", "actor_addressed", "actor_relayed", "actor_about")
                 for s in index[name].get(a.id, ())}
        return ActorCard(a, roles, len(index["actor_events"].get(a.id, ())), len(shown),
                         self.editions.mark_of("actors", a.id))

    # ---- selections shared by several pages --------------------------------------------------

    def key_events(self) -> tuple[Event, ...]:
        """The events marked `key`, or the first few when none is."""
        return self.b.key_events or self.b.events[:FALLBACK_KEY_EVENTS]

    def figures_by_claimant(self, events: tuple[Event, ...]) -> tuple[ClaimantFigures, ...]:
        """Figures grouped under who gives them, claimants in order of first appearance."""
        groups: dict[str, list[FigureOf]] = {}
        superseded = {f.supersedes for e in self.b.events for f in e.figures if f.supersedes}
        for e in events:
            for f in self.event_card(e).figures:
                if f.figure.id is None or f.figure.id not in superseded:  # key figures show the latest
                    groups.setdefault(f.figure.claimed_by, []).append(f)
        return tuple(ClaimantFigures(self.actor(c), tuple(fs)) for c, fs in groups.items())

    def main_actors(self) -> tuple[Actor, ...]:
        """The actors that appear most (events, statements made, received, relayed, figures given)."""
        counts: Counter[str] = Counter()
        for name in ("actor_events", "actor_statements", "actor_addressed", "actor_relayed", "actor_figures"):
            for actor_id, ids in self.b.index[name].items():
                counts[actor_id] += len(ids)
        order = self.b.positions["actors"]
        ranked = sorted(counts, key=lambda a: (-counts[a], order[a]))
        return tuple(self.actor(a) for a in ranked[:MAIN_ACTORS])

    # ---- pages -------------------------------------------------------------------------------

    def overview(self) -> Overview:
        b = self.b
        # The latest by when they could last have been said (an open "by 19 January" counts as 19 January),
        # then by their order within the day.
        newest = sorted(b.statements, key=lambda s: (s.said_on.latest(), s.sequence, s.id), reverse=True)
        latest = tuple(self.statement_card(s) for s in newest[:LATEST_STATEMENTS])
        # A page a browser opens at a glance: the latest key events (and figures) that fit a third of a list
        # page each, all of them in a briefing of ordinary size; the timeline lists the others.
        key = latest_within(self.key_events(), periods.PAGE_BYTES // 3)
        return Overview(
            b.meta.key_points,
            tuple(self.event_card(e) for e in key),
            self.figures_by_claimant(latest_within(b.key_events or b.events, periods.PAGE_BYTES // 3)),
            self.main_actors(),
            latest,
            len(b.events), len(b.actors), len(b.statements),
            self.change_entry(self.editions.latest) if self.editions.latest else None,
            len(self.key_events()),
        )

    def timeline_filters(self) -> Filters:
        """The timeline's filter options, briefing-wide: made once, whatever the number of period pages."""
        if self._filters is None:
            b = self.b
            index = b.index
            self._filters = Filters(
                tuple(Counted(a, len(index["actor_events"][a.id])) for a in b.actors if a.id in index["actor_events"]),
                tuple(Counted(p, len(index["place_events"][p.id])) for p in b.places if p.id in index["place_events"]),
                tuple(sorted({e.kind for e in b.events if e.kind})),
                tuple(sorted({t for e in b.events for t in e.tags})),
            )
            self._options["actors"] = {c.record.id: c for c in self._filters.actors}
            self._options["places"] = {c.record.id: c for c in self._filters.places}
        return self._filters

    def timeline(self, events: tuple[Event, ...] | None = None, paging: Paging = UNPAGED) -> Timeline:
        """The timeline: every event, or one period's (`events`), or on a paged index the key events.

        A page of a paged timeline offers as filter options only what its events have (counted over the
        whole timeline): filters.js adds the others from the list's options file."""
        b = self.b
        every = self.timeline_filters()
        filters = every
        compact = False
        key_total = 0
        if events is None:
            events = self.key_events() if paging.paged else b.events
            # The index also lists every period: its key events get half the page, as cards or a line each.
            if paging.paged and sum(card_weight(e) for e in events) > periods.PAGE_BYTES // 2:
                compact, key_total = True, len(events)
                events = events[:periods.PAGE_BYTES // 2 // KEY_LINE_BYTES]
        if paging.paged:  # in the order of the whole list's options, at a cost of this page's events only
            actors = {a.actor for e in events for a in e.actors}
            places = {p for e in events for p in e.places}
            filters = Filters(_among(self._options["actors"], actors, b.positions["actors"]),
                              _among(self._options["places"], places, b.positions["places"]),
                              tuple(sorted({e.kind for e in events if e.kind})),
                              tuple(sorted({t for e in events for t in e.tags})))
        return Timeline(
            tuple(self.event_card(e) for e in events),
            *filters,
            len(b.events),
            paging,
            bool(every.kinds),
            bool(every.tags),
            compact,
            key_total,
        )

    def event_page(self, e: Event, listed: str = "") -> EventPage:
        previous, next_ = self.b.neighbours("events", e.id)
        return EventPage(
            self.event_card(e),
            listed or f"timeline/index.html#{e.id}",
            self.b.positions["events"][e.id] + 1,
            len(self.b.events),
            previous,
            next_,
            self.statement_cards("event_statements", e.id),
            self.related("event_related", e.id, "events"),
            cited_once(cites_of(e)),
        )

    def actor_page(self, a: Actor) -> ActorPage:
        as_of = self.b.meta.as_of
        designated = tuple(
            DesignationOf(d, a, x)
            for x in self.related("actor_designated", a.id, "actors")
            for d in x.designations if d.by == a.id
        )
        return ActorPage(
            a,
            self.place(a.country) if a.country else None,
            self.actor(a.parent) if a.parent else None,
            self.actor(a.head) if a.head else None,
            self.related("actor_heads", a.id, "actors"),
            self.related("actor_members", a.id, "actors"),
            tuple(RoleOf(r, self.actor(r.organization) if r.organization else None, r.label(as_of),
                         r.ended_before(as_of)) for r in a.roles),
            tuple(DesignationOf(d, self.actor(d.by), a) for d in a.designations),
            designated,
            tuple(EventRole(e, next((link.role for link in e.actors if link.actor == a.id and link.role), None))
                  for e in self.related("actor_events", a.id, "events")),
            self.statement_cards("actor_statements", a.id),
            self.statement_cards("actor_addressed", a.id),
            self.statement_cards("actor_relayed", a.id),
            self.statement_cards("actor_about", a.id),
            tuple(f for e in self.related("actor_figures", a.id, "events")
                  for f in self.event_card(e).figures if f.figure.claimed_by == a.id),
            self.editions.mark_of("actors", a.id),
        )

    def statement_page(self, s: Statement, listed: str = "") -> StatementPage:
        return StatementPage(self.statement_card(s), listed or f"statements/index.html#{s.id}")

    def place_page(self, p: Place) -> PlacePage:
        return PlacePage(
            p,
            tuple(self.place(c) for c in reversed(self.b.ancestors(p.id))),
            self.related("place_events", p.id, "events"),
            self.related("place_events_within", p.id, "events"),
            self.related("place_children", p.id, "places"),
            self.related("place_actors", p.id, "actors"),
        )

    def actors_index(self) -> Index:
        return Index(_by_kind(tuple(self.actor_card(a) for a in self.b.actors), ACTOR_KINDS,
                              lambda c: c.actor.kind, "Other"), len(self.b.actors))

    def place_row(self, p: Place) -> PlaceRow:
        return PlaceRow(p, self.place(p.within) if p.within else None,
                        self.related("place_events", p.id, "events"))

    def places_index(self) -> Index:
        return Index(_by_kind(tuple(self.place_row(p) for p in self.b.places), PLACE_KINDS,
                              lambda r: r.place.kind, "Other places"), len(self.b.places))

    def statements_index(self, statements: tuple[Statement, ...] | None = None,
                         paging: Paging = UNPAGED) -> Statements:
        """Every statement, or one period's; a paged index lists the latest few and the periods. A page of
        a paged list offers only its own speakers as options (filters.js adds the others)."""
        b = self.b
        if self._speakers is None:
            speakers = b.index["actor_statements"]
            present = {s.mode for s in b.statements}
            self._speakers = tuple(Counted(a, len(speakers[a.id])) for a in b.actors if a.id in speakers)
            self._modes = tuple((mode, label.badge) for mode, label in MODES.items() if mode in present)
            self._options["speakers"] = {c.record.id: c for c in self._speakers}
        if statements is None:
            statements = tuple(reversed(b.statements[-LATEST_STATEMENTS:])) if paging.paged else b.statements
        shown = self._speakers
        if paging.paged:
            shown = _among(self._options["speakers"], {s.speaker for s in statements}, b.positions["actors"])
        return Statements(
            tuple(self.statement_card(s) for s in statements),
            shown,
            self._modes,
            len(b.statements),
            paging,
        )

    def not_found(self, sections: tuple[tuple[str, str, str], ...]) -> NotFound:
        return NotFound(sections, rooted=bool(self.b.meta.base_url))

    def sources_index(self, sources: tuple[Source, ...] | None = None, paging: Paging = UNPAGED) -> Sources:
        """Every source (or one page's) with what cites it; when the citers would make the page heavier than
        periods.PAGE_BYTES, each source lists its first CITERS_SHOWN and counts the rest."""
        entries = []
        for s in self.b.sources if sources is None else sources:
            groups = tuple(
                Group(kind, CITER_NOUNS[kind],
                      tuple(self.statement_card(r) for r in items) if kind == "statements" else tuple(items))
                for kind, items in self.b.citers(s.id)
            )
            entries.append(SourceEntry(s, groups, sum(len(g.records) for g in groups),
                                       tuple((g.heading, len(g.records)) for g in groups)))
        if sum(SOURCE_BYTES + CITER_BYTES * e.total for e in entries) > periods.PAGE_BYTES:
            entries = [_first_citers(e, CITERS_SHOWN) for e in entries]
        return Sources(tuple(entries), len(self.b.sources), paging)

    def brief(self, short: bool) -> Brief:
        """The printed brief: every record of a small briefing; of a large one, what briefplan.py bounds."""
        return briefplan.brief_of(self, short)

    # ---- editions ----------------------------------------------------------------------------

    def change_entry(self, changes: EditionChanges) -> ChangeEntry:
        lines = tuple(ChangeLine(item.kind, tuple(self.phrase(p) for p in item.parts)) for item in changes.items)
        log = tuple(c for c in self.b.meta.changes if c.edition is not None and c.edition == changes.number
                    and changes.recorded)
        return ChangeEntry(changes.number, changes.previous, parse_edtf(changes.as_of), changes.note,
                           changes.recorded, lines, log)

    def phrase(self, part: Any) -> Phrase:
        """A record named in a change is linked when the briefing still has it."""
        record = None
        if part.kind == "record" and part.collection in self.b.by_id:
            record = self.b.by_id[part.collection].get(part.id)
        return Phrase(part.kind if part.kind != "record" or record is not None else "name", part.text, record)

    def changes_page(self) -> ChangesPage:
        return ChangesPage(tuple(self.change_entry(c) for c in self.editions.log))


def _among(options: dict[str, Counted], ids: set[str], positions: dict[str, int]) -> tuple[Counted, ...]:
    """The options of records `ids` in the collection's order: at the cost of `ids`, not of every option."""
    return tuple(options[i] for i in sorted(ids & options.keys(), key=positions.__getitem__))


def card_weight(record: Event | Statement) -> int:
    """About how many bytes a record's card takes on a list page (fitted on the 10,000-event benchmark's pages,
    rounded up): what decides where a long list is split."""
    if isinstance(record, Event):
        return (800 + 3 * len(record.title) + 2 * len(record.summary or "") + 150 * len(record.actors)
                + 150 * len(record.places) + 750 * len(record.figures) + 250 * len(record.sources)
                + 10 * len(record.tags))
    return (1450 + len(record.text) + 150 * len(record.audience) + 200 * len(record.via) + 150 * len(record.about)
            + 250 * len(record.sources))


def latest_within(events: tuple[Event, ...], budget: int) -> tuple[Event, ...]:
    """The latest events whose cards fit in `budget` estimated bytes (at least one), in reading order."""
    total, first = 0, len(events)
    while first > 0 and (first == len(events) or total + card_weight(events[first - 1]) <= budget):
        first -= 1
        total += card_weight(events[first])
    return events[first:]


def _first_citers(entry: SourceEntry, n: int) -> SourceEntry:
    """The entry with only its first `n` citers listed (in group order), the groups' full lengths kept."""
    groups, left = [], n
    for g in entry.citers:
        groups.append(Group(g.kind, g.heading, g.records[:max(left, 0)]))
        left -= len(g.records)
    return SourceEntry(entry.source, tuple(g for g in groups if g.records), entry.total, entry.counts,
                       max(entry.total - n, 0))


def cited_once(cites: Iterable[Cite]) -> tuple[Cite, ...]:
    """Citations without repeats (the same source, place and passage), in source-number order."""
    seen: dict[tuple[str, str | None, str | None], Cite] = {}
    for c in cites:
        seen.setdefault((c.source, c.locator, c.excerpt), c)
    return tuple(sorted(seen.values(), key=lambda c: c.number))


def _by_kind(records: tuple[Any, ...], headings: dict[str, str], kind_of: Any, other: str) -> tuple[Group, ...]:
    """Records grouped by kind: known kinds in the contract's order, then any other, then those of no kind
    (under the heading `other`)."""
    groups: dict[str, list[Any]] = {}
    for r in records:
        groups.setdefault(kind_of(r) or "", []).append(r)
    order = [k for k in headings if k in groups] + sorted(k for k in groups if k and k not in headings)
    out = [Group(k, kind_heading(k, headings), tuple(groups[k])) for k in order]
    if "" in groups:
        out.append(Group("other", other, tuple(groups[""])))
    return tuple(out)
