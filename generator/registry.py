"""The record types, once: each collection's names, model, schema, reading order, page and section."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .fields import Obj
from .model import BRIEFING, Actor, Event, Place, Source, Statement

SortKey = Callable[[dict[str, Any]], tuple[Any, ...]]


@dataclass(frozen=True)
class RecordType:
    """One collection of records (`events.yaml`, `events/`), as every step of the pipeline sees it."""

    model: type[Any]  # the declared dataclass of model.py; its fields declare the keys
    singular: str  # "event": the schema's name in messages ("an event"), "unknown event 'x'"
    label: str  # for people: "event"
    label_plural: str  # for people: "events"
    sort_key: SortKey | None  # reading order, on validated values; None: in source-number order (sources)
    template: str | None  # the page of one record ("event.html"); None: no page of its own
    section: str  # the site section its pages belong to ("timeline" for events); pages are in <collection>/
    unused: str | None = None  # the verb of the "is unused: nothing <verb> it" warning; None: never unused
    obj: Obj = field(init=False, repr=False, compare=False)  # the mapping an author writes, from `model`

    def __post_init__(self) -> None:
        object.__setattr__(self, "obj", Obj.of(self.model, self.singular))

    @property
    def collection(self) -> str:
        return str(self.model.collection)


def normalize_name(name: str) -> str:
    """Case, accents, punctuation and spacing folded away, for spotting the same name twice."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", stripped)


def event_order(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["date"].sort_key(), values.get("sequence", 0), values["id"])


def statement_order(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["said_on"].sort_key(), values.get("sequence", 0), values["id"])


def name_order(values: dict[str, Any]) -> tuple[Any, ...]:
    # Locale-independent: folded name first, then the exact name and id to break ties.
    return (normalize_name(values["name"]), values["name"], values["id"])


# In the order a reader of the brief meets them: it is the order of source numbers and of the JSON export.
REGISTRY: tuple[RecordType, ...] = (
    RecordType(Event, "event", "event", "events", event_order, "event.html", "timeline"),
    RecordType(Actor, "actor", "actor", "actors", name_order, "actor.html", "actors", unused="references"),
    RecordType(Statement, "statement", "statement", "statements", statement_order, "statement.html", "statements"),
    RecordType(Source, "source", "source", "sources", None, None, "sources", unused="cites"),
    RecordType(Place, "place", "place", "places", name_order, "place.html", "places", unused="references"),
)
COLLECTIONS: tuple[str, ...] = tuple(rt.collection for rt in REGISTRY)
RECORD_TYPES: dict[str, RecordType] = {rt.collection: rt for rt in REGISTRY}
SCHEMAS: dict[str, Obj] = {"briefing": BRIEFING, **{rt.collection: rt.obj for rt in REGISTRY}}


def record_type_of(collection: str) -> RecordType:
    return RECORD_TYPES[collection]
