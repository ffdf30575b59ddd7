"""The typed, immutable briefing: records with references resolved and reverse indexes built."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .edtf import Edtf
from .problems import Pos


@dataclass(frozen=True)
class Cite:
    source: str
    number: int
    locator: str | None = None
    excerpt: str | None = None


@dataclass(frozen=True)
class Link:
    """A resolved reference into one of several collections (`via`, `about`)."""

    collection: str
    id: str


@dataclass(frozen=True)
class Name:
    name: str
    lang: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class ActorLink:
    actor: str
    role: str | None = None


@dataclass(frozen=True)
class Figure:
    measure: str
    claimed_by: str
    sources: tuple[Cite, ...]
    value: int | None = None
    min: int | None = None
    max: int | None = None
    approx: bool = False
    as_reported: str | None = None
    category: str | None = None
    said_on: Edtf | None = None

    def amount(self) -> str:
        """The number in words a reader expects: "at least 9", "about 40", "9–12"."""
        about = "about " if self.approx else ""
        if self.value is not None:
            return f"{about}{self.value:,}"
        if self.min is not None and self.max is not None:
            return f"{about}{self.min:,}–{self.max:,}"
        if self.min is not None:  # "at least about 9" reads badly; the approximation goes last
            return f"at least {self.min:,}" + (" (approx.)" if self.approx else "")
        if self.max is not None:
            return f"up to {self.max:,}" + (" (approx.)" if self.approx else "")
        return ""


@dataclass(frozen=True)
class Role:
    title: str
    sources: tuple[Cite, ...] = ()
    organization: str | None = None
    qualifier: str | None = None
    start: Edtf | None = None
    end: Edtf | None = None

    def ended_before(self, date: Edtf) -> bool:
        return self.end is not None and self.end.latest() < date.earliest()

    def label(self, at: Edtf | None = None) -> str:
        """The title as it stood at a date: "caretaker Prime Minister", "then-Foreign Minister"."""
        title = f"{self.qualifier} {self.title}" if self.qualifier else self.title
        return f"then-{title}" if at is not None and self.ended_before(at) else title


@dataclass(frozen=True)
class Designation:
    by: str
    label: str
    sources: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class KeyPoint:
    text: str
    sources: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class Author:
    name: str
    title: str | None = None


@dataclass(frozen=True)
class Change:
    date: Edtf
    text: str
    kind: str = "update"


@dataclass(frozen=True)
class Geo:
    lat: float
    lon: float


@dataclass(frozen=True)
class Original:
    text: str
    lang: str


@dataclass(frozen=True)
class Meta:
    title: str
    as_of: Edtf
    summary: str
    lang: str = "en"
    subtitle: str | None = None
    key_points: tuple[KeyPoint, ...] = ()
    authors: tuple[Author, ...] = ()
    publisher: str | None = None
    coverage: Edtf | None = None
    changes: tuple[Change, ...] = ()  # newest first
    base_url: str | None = None
    notes: str | None = None
    paper: str = "a4"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Event:
    id: str
    date: Edtf
    title: str
    sources: tuple[Cite, ...]
    date_display: str | None = None
    sequence: int = 0
    summary: str | None = None
    kind: str | None = None
    tags: tuple[str, ...] = ()
    key: bool = False
    status: str = "reported"
    actors: tuple[ActorLink, ...] = ()
    places: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    related: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    pos: Pos = field(default=Pos(""), compare=False)
    collection = "events"


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    short_name: str | None = None
    names: tuple[Name, ...] = ()
    summary: str | None = None
    description: str | None = None
    country: str | None = None
    parent: str | None = None
    head: str | None = None  # extension: the person who leads it ("Kakar's government")
    roles: tuple[Role, ...] = ()
    designations: tuple[Designation, ...] = ()
    sources: tuple[Cite, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    pos: Pos = field(default=Pos(""), compare=False)
    collection = "actors"


@dataclass(frozen=True)
class Statement:
    id: str
    speaker: str
    said_on: Edtf
    mode: str
    text: str
    sources: tuple[Cite, ...]
    speaker_role: str | None = None
    lang: str | None = None
    original: Original | None = None
    channel: str | None = None
    audience: tuple[str, ...] = ()
    via: tuple[Link, ...] = ()
    event: str | None = None
    about: tuple[Link, ...] = ()
    context: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    pos: Pos = field(default=Pos(""), compare=False)
    collection = "statements"

    @property
    def quoted(self) -> bool:
        """Only verbatim words get quotation marks around the whole text."""
        return self.mode == "verbatim"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    number: int
    kind: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    archive_url: str | None = None
    published: Edtf | None = None
    accessed: Edtf | None = None
    lang: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    pos: Pos = field(default=Pos(""), compare=False)
    collection = "sources"


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str | None = None
    names: tuple[Name, ...] = ()
    within: str | None = None
    geo: Geo | None = None
    sources: tuple[Cite, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    pos: Pos = field(default=Pos(""), compare=False)
    collection = "places"


Record = Event | Actor | Statement | Source | Place


def _group(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """key -> values, each list in first-seen order without repeats."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        bucket = out.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Briefing:
    """Every collection sorted for reading, plus lookups and reverse indexes (ids in reading order)."""

    meta: Meta
    events: tuple[Event, ...]
    actors: tuple[Actor, ...]
    statements: tuple[Statement, ...]
    sources: tuple[Source, ...]
    places: tuple[Place, ...]

    def __post_init__(self) -> None:
        collections = ("events", "actors", "statements", "sources", "places")
        by_id = {c: {r.id: r for r in getattr(self, c)} for c in collections}
        object.__setattr__(self, "by_id", by_id)
        positions = {c: {r.id: i for i, r in enumerate(getattr(self, c))} for c in collections}
        object.__setattr__(self, "positions", positions)
        object.__setattr__(self, "index", self._build_index())

    by_id: dict[str, dict[str, Any]] = field(init=False, repr=False, compare=False)
    positions: dict[str, dict[str, int]] = field(init=False, repr=False, compare=False)
    index: dict[str, dict[str, tuple[str, ...]]] = field(init=False, repr=False, compare=False)

    def _build_index(self) -> dict[str, dict[str, tuple[str, ...]]]:
        ev, st = self.events, self.statements
        related = [(e.id, r) for e in ev for r in e.related] + [(r, e.id) for e in ev for r in e.related]
        order = {e.id: i for i, e in enumerate(ev)}
        return {
            "actor_events": _group((a.actor, e.id) for e in ev for a in e.actors),
            "actor_statements": _group((s.speaker, s.id) for s in st),
            "actor_addressed": _group((a, s.id) for s in st for a in s.audience),
            "actor_relayed": _group((v.id, s.id) for s in st for v in s.via if v.collection == "actors"),
            "actor_about": _group((v.id, s.id) for s in st for v in s.about if v.collection == "actors"),
            "actor_figures": _group((f.claimed_by, e.id) for e in ev for f in e.figures),
            "actor_members": _group((a.parent, a.id) for a in self.actors if a.parent),
            "actor_heads": _group((a.head, a.id) for a in self.actors if a.head),
            "actor_designated": _group((d.by, a.id) for a in self.actors for d in a.designations),
            "place_events": _group((p, e.id) for e in ev for p in e.places),
            "place_children": _group((p.within, p.id) for p in self.places if p.within),
            "place_events_within": _group(
                (parent, e.id)
                for e in ev
                for place in e.places
                for parent in self.ancestors(place)
                if parent not in e.places
            ),
            "place_actors": _group((a.country, a.id) for a in self.actors if a.country),
            "event_statements": _group(
                [(s.event, s.id) for s in st if s.event]
                + [(v.id, s.id) for s in st for v in s.about if v.collection == "events"]
            ),
            "event_related": {
                k: tuple(sorted(v, key=order.__getitem__)) for k, v in _group(related).items()
            },
            "source_citers": _group(
                [(c.source, f"key-points/{i}") for i, k in enumerate(self.meta.key_points, 1) for c in k.sources]
                + [(c.source, f"{r.collection}/{r.id}") for r in self.records() for c in cites_of(r)]
            ),
        }

    def records(self) -> Iterator[Record]:
        yield from self.events
        yield from self.actors
        yield from self.statements
        yield from self.places

    def citers(self, source_id: str) -> list[tuple[str, list[Any]]]:
        """What cites a source, grouped by kind in reading order: key points (by number), then records."""
        groups: dict[str, list[Any]] = {}
        for entry in self.index["source_citers"].get(source_id, ()):
            kind, _, key = entry.partition("/")
            groups.setdefault(kind, []).append(int(key) if kind == "key-points" else self.get(kind, key))
        return list(groups.items())

    def ancestors(self, place_id: str) -> list[str]:
        """The places a place lies within, innermost first (validation has ruled out loops)."""
        chain: list[str] = []
        current = self.by_id["places"][place_id].within
        while current is not None and current not in chain:
            chain.append(current)
            current = self.by_id["places"][current].within
        return chain

    def neighbours(self, collection: str, id_: str) -> tuple[Any, Any]:
        """The records before and after one in reading order (None at either end)."""
        records = getattr(self, collection)
        i = self.positions[collection][id_]
        return (records[i - 1] if i > 0 else None), (records[i + 1] if i + 1 < len(records) else None)

    def get(self, collection: str, id_: str) -> Any:
        return self.by_id[collection][id_]

    def related(self, index: str, id_: str, collection: str) -> list[Any]:
        return [self.by_id[collection][i] for i in self.index[index].get(id_, ())]

    @property
    def key_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.key)


def cites_of(record: Record) -> Iterator[Cite]:
    """Every citation a record makes, its own and its nested ones, in reading order."""
    if isinstance(record, Source):
        return
    yield from record.sources
    if isinstance(record, Event):
        for figure in record.figures:
            yield from figure.sources
    if isinstance(record, Actor):
        for role in record.roles:
            yield from role.sources
        for designation in record.designations:
            yield from designation.sources
