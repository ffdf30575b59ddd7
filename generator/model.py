"""The typed, immutable briefing: its record types, declared once, and the Briefing that links them.

Each record type is a frozen dataclass whose fields carry their field type (fields.need/opt/derived): the
validator's `Obj`, this model, the JSON export and the JSON Schema for editors all come from it. The parts
records are made of (citations, figures, roles...) are declared the same way in schema.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from .edtf import Edtf
from .fields import (
    Boolean,
    Choice,
    Date,
    Id,
    Integer,
    Lang,
    ListOf,
    Markdown,
    Obj,
    RefTo,
    Text,
    Url,
    declared,
    derived,
    need,
    opt,
)
from .problems import Pos
from .schema import (
    ACTOR_REF,
    AUTHOR,
    CHANGE,
    DESIGNATION,
    FIGURE,
    GEO,
    KEY_POINT,
    NAME,
    NO_POS,
    ORIGINAL,
    ROLE,
    THEME,
    ActorLink,
    Author,
    Change,
    Cite,
    Designation,
    Figure,
    Geo,
    KeyPoint,
    Link,
    Name,
    Original,
    Role,
    Theme,
    cites,
    citing_fields_of,
)

__all__ = [
    "Actor", "ActorLink", "Author", "Briefing", "Change", "Cite", "Designation", "Event", "Figure", "Geo",
    "KeyPoint", "Link", "Meta", "Name", "Original", "Place", "Record", "Role", "Source", "Statement", "Theme",
    "cites_of",
]


def _newest_first(changes: tuple[Change, ...]) -> tuple[Change, ...]:
    return tuple(sorted(changes, key=lambda c: c.date.sort_key(), reverse=True))


@declared
class Meta:
    title: str = need(Text(), kw_only=False)
    subtitle: str | None = opt(Text(), default=None)
    as_of: Edtf = need(Date(day_or_finer=True), kw_only=False)
    lang: str = opt(Lang(), default="en")
    summary: str = need(Markdown(), kw_only=False)
    key_points: tuple[KeyPoint, ...] = opt(ListOf(KEY_POINT), default=())
    authors: tuple[Author, ...] = opt(ListOf(AUTHOR), default=())
    publisher: str | None = opt(Text(), default=None)
    coverage: Edtf | None = opt(Date(interval=True), default=None)
    changes: tuple[Change, ...] = opt(ListOf(CHANGE), default=(), order=_newest_first)
    base_url: str | None = opt(Url(), default=None)
    notes: str | None = opt(Markdown(), default=None)
    paper: str = opt(Choice("a4", "letter"), default="a4")
    theme: Theme = opt(THEME, default=Theme())
    extra: dict[str, Any] = derived(default={}, compare=False)


@declared
class Event:
    id: str = need(Id(), kw_only=False)
    date: Edtf = need(Date(), kw_only=False)
    date_display: str | None = opt(Text(), default=None)
    sequence: int = opt(Integer(), default=0)
    title: str = need(Text(), kw_only=False)
    summary: str | None = opt(Markdown(), default=None)
    kind: str | None = opt(Text(), default=None)
    tags: tuple[str, ...] = opt(ListOf(Text()), default=())
    key: bool = opt(Boolean(), default=False)
    status: str = opt(Choice("reported", "confirmed", "disputed", "denied"), default="reported")
    actors: tuple[ActorLink, ...] = opt(ListOf(ACTOR_REF), default=())
    places: tuple[str, ...] = opt(ListOf(RefTo("places")), default=())
    figures: tuple[Figure, ...] = opt(ListOf(FIGURE), default=())
    related: tuple[str, ...] = opt(ListOf(RefTo("events")), default=())
    sources: tuple[Cite, ...] = need(cites("an event"), kw_only=False)
    formerly: tuple[str, ...] = opt(ListOf(Id()), default=())  # ids it had in earlier editions
    extra: dict[str, Any] = derived(default={}, compare=False)
    pos: Pos = derived(default=NO_POS, compare=False)
    collection = "events"


ACTOR_KINDS = ("person", "state", "government", "organization", "armed-group", "media", "population")


@declared
class Actor:
    id: str = need(Id(), kw_only=False)
    name: str = need(Text(), kw_only=False)
    kind: str = need(Choice(*ACTOR_KINDS), kw_only=False)
    short_name: str | None = opt(Text(), default=None)
    names: tuple[Name, ...] = opt(ListOf(NAME), default=())
    summary: str | None = opt(Text(), default=None)
    description: str | None = opt(Markdown(), default=None)
    country: str | None = opt(RefTo("places"), default=None)
    parent: str | None = opt(RefTo("actors"), default=None)
    head: str | None = opt(RefTo("actors"), default=None)  # extension: who leads it ("Kakar's government")
    roles: tuple[Role, ...] = opt(ListOf(ROLE), default=())
    designations: tuple[Designation, ...] = opt(ListOf(DESIGNATION), default=())
    sources: tuple[Cite, ...] = opt(cites(), default=())
    formerly: tuple[str, ...] = opt(ListOf(Id()), default=())  # ids it had in earlier editions
    extra: dict[str, Any] = derived(default={}, compare=False)
    pos: Pos = derived(default=NO_POS, compare=False)
    collection = "actors"


@declared
class Statement:
    id: str = need(Id(), kw_only=False)
    speaker: str = need(RefTo("actors"), kw_only=False)
    speaker_role: str | None = opt(Text(), default=None)
    said_on: Edtf = need(Date(), kw_only=False)
    sequence: int = opt(Integer(), default=0)  # order within a day, as for events
    mode: str = need(Choice("verbatim", "partial", "paraphrase", "summary"), kw_only=False)
    text: str = need(Text(), kw_only=False)
    lang: str | None = opt(Lang(), default=None)
    original: Original | None = opt(ORIGINAL, default=None)
    channel: str | None = opt(Text(), default=None)
    audience: tuple[str, ...] = opt(ListOf(RefTo("actors")), default=())
    via: tuple[Link, ...] = opt(ListOf(RefTo("actors", "sources")), default=())
    event: str | None = opt(RefTo("events"), default=None)
    about: tuple[Link, ...] = opt(ListOf(RefTo("events", "actors")), default=())
    context: str | None = opt(Markdown(), default=None)
    sources: tuple[Cite, ...] = need(cites("a statement"), kw_only=False)
    formerly: tuple[str, ...] = opt(ListOf(Id()), default=())  # ids it had in earlier editions
    extra: dict[str, Any] = derived(default={}, compare=False)
    pos: Pos = derived(default=NO_POS, compare=False)
    collection = "statements"


SOURCE_KINDS = ("news", "official-statement", "report", "social-post", "video", "dataset", "other")


@declared
class Source:
    id: str = need(Id(), kw_only=False)
    title: str = need(Text(), kw_only=False)
    number: int = derived(number_of="id", kw_only=False)
    kind: str | None = opt(Choice(*SOURCE_KINDS), default=None)
    publisher: str | None = opt(Text(), default=None)
    authors: tuple[str, ...] = opt(ListOf(Text()), default=())
    url: str | None = opt(Url(), default=None)
    archive_url: str | None = opt(Url(), default=None)
    published: Edtf | None = opt(Date(), default=None)
    accessed: Edtf | None = opt(Date(), default=None)
    lang: str | None = opt(Lang(), default=None)
    note: str | None = opt(Markdown(), default=None)
    formerly: tuple[str, ...] = opt(ListOf(Id()), default=())  # ids it had in earlier editions
    extra: dict[str, Any] = derived(default={}, compare=False)
    pos: Pos = derived(default=NO_POS, compare=False)
    collection = "sources"


PLACE_KINDS = ("country", "province", "district", "city", "town", "border-area", "region", "site")


@declared
class Place:
    id: str = need(Id(), kw_only=False)
    name: str = need(Text(), kw_only=False)
    kind: str | None = opt(Choice(*PLACE_KINDS), default=None)
    names: tuple[Name, ...] = opt(ListOf(NAME), default=())
    within: str | None = opt(RefTo("places"), default=None)
    geo: Geo | None = opt(GEO, default=None)
    sources: tuple[Cite, ...] = opt(cites(), default=())
    formerly: tuple[str, ...] = opt(ListOf(Id()), default=())  # ids it had in earlier editions
    extra: dict[str, Any] = derived(default={}, compare=False)
    pos: Pos = derived(default=NO_POS, compare=False)
    collection = "places"


BRIEFING = Obj.of(Meta, "briefing")

Record = Event | Actor | Statement | Source | Place


def _group(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """key -> values, each list in first-seen order without repeats."""
    out: dict[str, dict[str, None]] = {}  # a dict as an ordered set: a list search made this quadratic
    for key, value in pairs:
        out.setdefault(key, {})[value] = None
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class Briefing:
    """Every collection sorted for reading, plus lookups and reverse indexes (ids in reading order)."""

    meta: Meta
    events: tuple[Event, ...]
    actors: tuple[Actor, ...]
    statements: tuple[Statement, ...]
    sources: tuple[Source, ...]
    places: tuple[Place, ...]

    def __post_init__(self) -> None:
        collections = [f.name for f in fields(self) if f.init and f.name != "meta"]  # the registry's, in order
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
                # one "events/x" string per record, however many sources it cites (a fifth of the index)
                + [(c.source, key) for r in self.records() for key in (f"{r.collection}/{r.id}",) for c in cites_of(r)]
            ),
        }

    def records(self) -> Iterator[Record]:
        """Every record but the sources (the bibliography, which cites nothing), in registry order."""
        for collection in self.by_id:
            if collection != Source.collection:
                yield from getattr(self, collection)

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


def cites_of(record: Any) -> Iterator[Cite]:
    """Every citation a record (or a nested object) makes, its own first, then its nested ones', in reading order."""
    own, nested = citing_fields_of(type(record))
    for name in own:
        yield from getattr(record, name)
    for name in nested:
        value = getattr(record, name)
        for item in value if isinstance(value, tuple) else (value,) if value is not None else ():
            yield from cites_of(item)
