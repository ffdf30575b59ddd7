"""Turns validated values into the frozen model: sorted, references resolved, sources numbered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .fields import Ref
from .model import (
    Actor,
    ActorLink,
    Author,
    Briefing,
    Change,
    Cite,
    Designation,
    Event,
    Figure,
    Geo,
    KeyPoint,
    Link,
    Meta,
    Name,
    Original,
    Place,
    Role,
    Source,
    Statement,
)
from .validate import Parsed, normalize_name


def event_order(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["date"].sort_key(), values.get("sequence", 0), values["id"])


def statement_order(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["said_on"].sort_key(), values["id"])


def name_order(values: dict[str, Any]) -> tuple[Any, ...]:
    # Locale-independent: folded name first, then the exact name and id to break ties.
    return (normalize_name(values["name"]), values["name"], values["id"])


def _citations(values: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from values.get("sources", ())
    for nested in ("figures", "roles", "designations"):
        for item in values.get(nested, ()):
            yield from item.get("sources", ())


def number_sources(parsed: Parsed, events: list[dict[str, Any]], actors: list[dict[str, Any]],
                   statements: list[dict[str, Any]], places: list[dict[str, Any]]) -> dict[str, int]:
    """One number per source for the whole site, in the order a reader of the brief meets them."""
    numbers: dict[str, int] = {}
    groups = [parsed.briefing.get("key_points", ()), events, actors, statements, places]
    for group in groups:
        for values in group:
            for cite in _citations(values):
                numbers.setdefault(cite["source"].id, len(numbers) + 1)
    for source in sorted(parsed.collections["sources"], key=lambda s: s["id"]):
        numbers.setdefault(source["id"], len(numbers) + 1)
    return numbers


class _Linker:
    def __init__(self, numbers: dict[str, int]) -> None:
        self.numbers = numbers

    def cites(self, values: dict[str, Any]) -> tuple[Cite, ...]:
        return tuple(
            Cite(c["source"].id, self.numbers[c["source"].id], c.get("locator"), c.get("excerpt"))
            for c in values.get("sources", ())
        )

    @staticmethod
    def plain(values: dict[str, Any], *keys: str) -> dict[str, Any]:
        """The simple keys present, references reduced to ids."""
        out: dict[str, Any] = {}
        for key in keys:
            if key in values:
                value = values[key]
                out[key] = value.id if isinstance(value, Ref) else value
        return out

    @staticmethod
    def ids(values: dict[str, Any], key: str) -> tuple[str, ...]:
        return tuple(ref.id for ref in values.get(key, ()))

    @staticmethod
    def links(values: dict[str, Any], key: str, ids: dict[str, set[str]]) -> tuple[Link, ...]:
        # A reference allowed into two collections resolves to the first that has the id.
        return tuple(Link(next(t for t in ref.targets if ref.id in ids[t]), ref.id) for ref in values.get(key, ()))

    def names(self, values: dict[str, Any]) -> tuple[Name, ...]:
        return tuple(Name(**self.plain(n, "name", "lang", "kind")) for n in values.get("names", ()))

    def event(self, v: dict[str, Any]) -> Event:
        return Event(
            **self.plain(v, "id", "date", "date_display", "sequence", "title", "summary", "kind", "key", "status"),
            sources=self.cites(v),
            tags=tuple(v.get("tags", ())),
            actors=tuple(ActorLink(a["actor"].id, a.get("role")) for a in v.get("actors", ())),
            places=self.ids(v, "places"),
            figures=tuple(
                Figure(
                    **self.plain(f, "measure", "claimed_by", "value", "min", "max", "approx", "as_reported",
                                 "category", "said_on"),
                    sources=self.cites(f),
                )
                for f in v.get("figures", ())
            ),
            related=self.ids(v, "related"),
            extra=v["extra"],
            pos=v["pos"],
        )

    def actor(self, v: dict[str, Any]) -> Actor:
        return Actor(
            **self.plain(v, "id", "name", "kind", "short_name", "summary", "description", "country", "parent",
                         "head"),
            names=self.names(v),
            roles=tuple(
                Role(**self.plain(r, "title", "organization", "qualifier", "start", "end"), sources=self.cites(r))
                for r in v.get("roles", ())
            ),
            designations=tuple(
                Designation(d["by"].id, d["label"], self.cites(d)) for d in v.get("designations", ())
            ),
            sources=self.cites(v),
            extra=v["extra"],
            pos=v["pos"],
        )

    def statement(self, v: dict[str, Any], ids: dict[str, set[str]]) -> Statement:
        original = v.get("original")
        return Statement(
            **self.plain(v, "id", "speaker", "said_on", "mode", "text", "speaker_role", "lang", "channel",
                         "event", "context"),
            sources=self.cites(v),
            original=Original(original["text"], original["lang"]) if original else None,
            audience=self.ids(v, "audience"),
            via=self.links(v, "via", ids),
            about=self.links(v, "about", ids),
            extra=v["extra"],
            pos=v["pos"],
        )

    def source(self, v: dict[str, Any]) -> Source:
        return Source(
            **self.plain(v, "id", "title", "kind", "publisher", "url", "archive_url", "published", "accessed",
                         "lang", "note"),
            number=self.numbers[v["id"]],
            authors=tuple(v.get("authors", ())),
            extra=v["extra"],
            pos=v["pos"],
        )

    def place(self, v: dict[str, Any]) -> Place:
        geo = v.get("geo")
        return Place(
            **self.plain(v, "id", "name", "kind", "within"),
            names=self.names(v),
            geo=Geo(geo["lat"], geo["lon"]) if geo else None,
            sources=self.cites(v),
            extra=v["extra"],
            pos=v["pos"],
        )

    def meta(self, v: dict[str, Any]) -> Meta:
        changes = sorted(v.get("changes", ()), key=lambda c: c["date"].sort_key(), reverse=True)
        return Meta(
            **self.plain(v, "title", "as_of", "summary", "lang", "subtitle", "publisher", "coverage", "base_url",
                         "notes", "paper"),
            key_points=tuple(KeyPoint(k["text"], self.cites(k)) for k in v.get("key_points", ())),
            authors=tuple(Author(a["name"], a.get("title")) for a in v.get("authors", ())),
            changes=tuple(Change(c["date"], c["text"], c.get("kind", "update")) for c in changes),
            extra=v["extra"],
        )


def link(parsed: Parsed) -> Briefing:
    """The model of a validated briefing. Pure: same input, same output."""
    c = parsed.collections
    events = sorted(c["events"], key=event_order)
    actors = sorted(c["actors"], key=name_order)
    statements = sorted(c["statements"], key=statement_order)
    places = sorted(c["places"], key=name_order)
    numbers = number_sources(parsed, events, actors, statements, places)
    linker = _Linker(numbers)
    ids = {name: {r["id"] for r in records} for name, records in c.items()}
    return Briefing(
        meta=linker.meta(parsed.briefing),
        events=tuple(linker.event(v) for v in events),
        actors=tuple(linker.actor(v) for v in actors),
        statements=tuple(linker.statement(v, ids) for v in statements),
        sources=tuple(sorted((linker.source(v) for v in c["sources"]), key=lambda s: s.number)),
        places=tuple(linker.place(v) for v in places),
    )
