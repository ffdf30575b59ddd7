"""The views' types: what each page shows, as frozen data that templates present (views.py makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .editions import EarlierValue
from .edtf import Edtf
from .labels import ModeLabel
from .model import (
    Actor,
    Cite,
    Designation,
    Event,
    Figure,
    KeyPoint,
    Place,
    Record,
    Role,
    Source,
    Statement,
)
from .periods import NavLink


class ActorRole(NamedTuple):
    actor: Actor
    role: str | None


class EventRole(NamedTuple):
    event: Event
    role: str | None  # the role the page's actor plays in it


class PlaceIn(NamedTuple):
    place: Place
    within: Place | None


class FigureOf(NamedTuple):
    """A figure with the records it names: who gives it, and the event it is about."""

    figure: Figure
    claimant: Actor
    event: Event
    earlier: tuple[EarlierValue, ...] = ()  # the values earlier editions gave, newest first


class ClaimantFigures(NamedTuple):
    claimant: Actor
    figures: tuple[FigureOf, ...]


class RoleOf(NamedTuple):
    role: Role
    organization: Actor | None
    label: str  # as it stood at the briefing's as_of: "then-Foreign Minister"
    past: bool


class DesignationOf(NamedTuple):
    designation: Designation
    by: Actor
    of: Actor


class Counted(NamedTuple):
    record: Any
    n: int


class Group(NamedTuple):
    kind: str
    heading: Any  # the group's heading; for citers, its (singular, plural) noun
    records: tuple[Any, ...]


@dataclass(frozen=True)
class EventCard:
    """An event with its references resolved, as every list and card shows it."""

    event: Event
    actors: tuple[ActorRole, ...]
    places: tuple[PlaceIn, ...]
    figures: tuple[FigureOf, ...]
    mark: str | None = None  # "new" or "updated" since the last edition


@dataclass(frozen=True)
class StatementCard:
    statement: Statement
    speaker: Actor
    audience: tuple[Actor, ...]
    via: tuple[Record | Source, ...]
    event: Event | None
    about: tuple[Record, ...]
    mode: ModeLabel
    mark: str | None = None


@dataclass(frozen=True)
class ActorCard:
    """An actor as the index and the brief list it, with how often it appears."""

    actor: Actor
    current_roles: tuple[str, ...]  # with their organisation: "Foreign Minister, Pakistan"
    events: int
    statements: int  # every statement its page shows: made, addressed to it, relayed, about it
    mark: str | None = None


@dataclass(frozen=True)
class SourceEntry:
    source: Source
    citers: tuple[Group, ...]  # key points (by number), events, actors, statements, places that cite it
    total: int
    counts: tuple[tuple[Any, int], ...] = ()  # (heading, length) of every group, though it may list only the first
    more: int = 0  # citers not listed


class Phrase(NamedTuple):
    """A piece of a change sentence: text, or a record to link (`record`), or a value before/after."""

    kind: str  # text, record, name, old, new
    text: str
    record: Any = None


class ChangeLine(NamedTuple):
    kind: str  # added, removed, renamed, field, wording, citations, figure, ...
    phrases: tuple[Phrase, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.phrases)


@dataclass(frozen=True)
class ChangeEntry:
    """One edition in the log of changes, or the content not yet recorded as one."""

    number: int
    previous: int | None
    as_of: Edtf
    note: str | None
    recorded: bool
    lines: tuple[ChangeLine, ...]
    log: tuple[Any, ...]  # the hand-written revision-log entries that name this edition


@dataclass(frozen=True)
class ChangesPage:
    entries: tuple[ChangeEntry, ...]  # newest first


@dataclass(frozen=True)
class Overview:
    key_points: tuple[KeyPoint, ...]
    key_events: tuple[EventCard, ...]
    key_figures: tuple[ClaimantFigures, ...]
    main_actors: tuple[Actor, ...]
    latest_statements: tuple[StatementCard, ...]
    events_total: int
    actors_total: int
    statements_total: int
    latest_changes: ChangeEntry | None = None
    key_events_total: int = 0  # of which key_events are the latest (all, in a briefing of ordinary size)


class PeriodLink(NamedTuple):
    key: str
    label: str
    n: int  # records in the period
    path: str  # from the site root


@dataclass(frozen=True)
class Paging:
    """A long list split by period: every period, the one this page shows (None: the list's index page)."""

    periods: tuple[PeriodLink, ...] = ()
    period: PeriodLink | None = None
    index: str = ""  # data file of every record of the list, for filters that find records in every period
    home: str = ""  # the list's first page, from the site root ("timeline/index.html")
    levels: tuple[tuple[NavLink, ...], ...] = ()  # on a period's page: years, months of its year, days of its month
    previous: PeriodLink | None = None
    next: PeriodLink | None = None
    options: str = ""  # data file of every filter's options, for a period page that lists only its own
    split: tuple[Any, ...] = ()  # a record page's: every record whose date decides the periods (for `reads`)
    rows: tuple[tuple[str, tuple[NavLink, ...]], ...] = ()  # on the index: every period, a row per month or year

    @property
    def paged(self) -> bool:
        return bool(self.periods)


UNPAGED = Paging()  # a list on one page


class Filters(NamedTuple):
    """A list's filter options across the whole briefing, made once: a paged list's pages show their own."""

    actors: tuple[Counted, ...]
    places: tuple[Counted, ...]
    kinds: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    events: tuple[EventCard, ...]
    actors: tuple[Counted, ...]  # filter options: actors in events, with their number of events
    places: tuple[Counted, ...]
    kinds: tuple[str, ...]
    tags: tuple[str, ...]
    total: int = 0  # events in the whole timeline
    paging: Paging = Paging()
    has_kinds: bool = False  # the timeline has a kind (a tag) filter, though this page's events may have none
    has_tags: bool = False
    compact: bool = False  # a line per event: the key events of a paged index when they are many
    key_total: int = 0  # the key events of a paged index, when there are more than it lists


@dataclass(frozen=True)
class EventPage:
    card: EventCard
    listed: str  # where the timeline lists it, from the site root ("timeline/index.html#<id>")
    number: int  # its place in the timeline, from 1
    total: int
    previous: Event | None
    next: Event | None
    statements: tuple[StatementCard, ...]
    related: tuple[Event, ...]
    cited: tuple[Cite, ...] = ()  # every citation on the page, its figures' too, each once, in number order


@dataclass(frozen=True)
class ActorPage:
    actor: Actor
    country: Place | None
    parent: Actor | None
    head: Actor | None
    leads: tuple[Actor, ...]
    members: tuple[Actor, ...]
    roles: tuple[RoleOf, ...]
    designations: tuple[DesignationOf, ...]  # given to it
    designated: tuple[DesignationOf, ...]  # made by it
    events: tuple[EventRole, ...]
    made: tuple[StatementCard, ...]
    addressed: tuple[StatementCard, ...]
    relayed: tuple[StatementCard, ...]
    about: tuple[StatementCard, ...]
    figures: tuple[FigureOf, ...]
    mark: str | None = None
    compact: bool = False  # statements a line each: too many for cards
    paging: Paging = Paging()  # too many for one page: the latest of each list here, the rest by period
    totals: dict[str, int] = field(default_factory=dict)  # list -> its length, when the page shows only part

    @property
    def statement_groups(self) -> tuple[tuple[str, str, tuple[StatementCard, ...]], ...]:
        """(anchor, heading, statements) of every non-empty group, in page order."""
        groups = (("actor_statements", "Statements it made", self.made),
                  ("actor_addressed", "Statements addressed to it", self.addressed),
                  ("actor_relayed", "Statements it relayed", self.relayed),
                  ("actor_about", "Statements about it", self.about))
        return tuple(g for g in groups if g[2])


@dataclass(frozen=True)
class StatementPage:
    card: StatementCard
    listed: str  # where the statements page lists it, from the site root


@dataclass(frozen=True)
class PlacePage:
    place: Place
    chain: tuple[Place, ...]  # the places it lies within, outermost first
    events: tuple[Event, ...]
    inner_events: tuple[Event, ...]  # events in places within it
    children: tuple[Place, ...]
    actors: tuple[Actor, ...]
    paging: Paging = Paging()  # too many events for one page: the latest here, the rest by period
    totals: dict[str, int] = field(default_factory=dict)  # list -> its length, when the page shows only part

    @property
    def map_url(self) -> str:
        """The place on OpenStreetMap, for a place with coordinates."""
        geo = self.place.geo
        if geo is None:
            return ""
        return (f"https://www.openstreetmap.org/?mlat={geo.lat:.5f}&mlon={geo.lon:.5f}"
                f"#map=8/{geo.lat:.4f}/{geo.lon:.4f}")


@dataclass(frozen=True)
class Index:
    """An index page: the records grouped (by kind), or one group holding them all."""

    groups: tuple[Group, ...]
    total: int
    paging: Paging = Paging()  # too many for one page: the kinds here, a page per kind (or part of one)
    runs: dict[str, tuple[PeriodLink, ...]] = field(default_factory=dict)  # kind -> its pages, on the first page


@dataclass(frozen=True)
class Statements:
    statements: tuple[StatementCard, ...]
    speakers: tuple[Counted, ...]
    modes: tuple[tuple[str, str], ...]  # (mode, label) of the modes present, in the contract's order
    total: int = 0
    paging: Paging = Paging()


@dataclass(frozen=True)
class Sources:
    sources: tuple[SourceEntry, ...]
    total: int = 0  # sources in the briefing
    paging: Paging = Paging()  # many sources: a page per range of numbers


@dataclass(frozen=True)
class NotFound:
    """The page served for an unknown address: the sections to go to instead."""

    sections: tuple[tuple[str, str, str], ...]  # (key, label, path) as in the navigation
    rooted: bool  # links start at the site's own address (base_url); else they hold only at the top folder


class PlaceRow(NamedTuple):
    place: Place
    within: Place | None
    events: tuple[Event, ...]
