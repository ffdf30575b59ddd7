"""The content contract as data: every record type's keys, their types, and cross-field rules."""

from __future__ import annotations

from typing import Any

from .fields import (
    Boolean,
    Choice,
    Ctx,
    Date,
    F,
    Id,
    Integer,
    Lang,
    ListOf,
    Markdown,
    Number,
    Obj,
    RefTo,
    Text,
    Url,
)
from .yamlnodes import Map

CITATION = Obj(
    "citation",
    {"source": F(RefTo("sources"), True), "locator": F(Text()), "excerpt": F(Text())},
    shorthand="source",
)
ACTOR_REF = Obj("actor reference", {"actor": F(RefTo("actors"), True), "role": F(Text())}, shorthand="actor")
NAME_KINDS = ("variant", "original", "transliteration", "translation", "acronym")
NAME = Obj("name", {"name": F(Text(), True), "lang": F(Lang()), "kind": F(Choice(*NAME_KINDS))})


def cites(*, required: bool = False, what: str = "") -> F:
    message = f"{what} needs at least one source" if what else ""
    return F(ListOf(CITATION, min_items=1 if required else 0, empty_message=message), required)


def _check_figure(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    if not any(k in values for k in ("value", "min", "max", "as_reported")):
        ctx.problems.error(node.pos, "a figure needs one of value, min, max or as_reported")
    if "value" in values and ("min" in values or "max" in values):
        ctx.problems.error(node.pos, "a figure has either an exact value or a min/max range, not both")
    low, high = values.get("min"), values.get("max")
    if low is not None and high is not None and low > high:
        ctx.problems.error(node.get("min").pos, f"min ({low}) is greater than max ({high})")  # type: ignore[union-attr]
    for key in ("value", "min", "max"):
        if values.get(key, 0) < 0:
            ctx.problems.error(node.get(key).pos, f"{key} cannot be negative")  # type: ignore[union-attr]


def _check_role(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end.latest() < start.earliest():
        ctx.problems.error(node.get("end").pos, f"role ends ({end.text}) before it starts ({start.text})")  # type: ignore[union-attr]


def _check_geo(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    for key, limit in (("lat", 90.0), ("lon", 180.0)):
        if not -limit <= values[key] <= limit:
            ctx.problems.error(node.get(key).pos, f"{key} {values[key]} is outside -{limit:g}..{limit:g}")  # type: ignore[union-attr]


FIGURE = Obj(
    "figure",
    {
        "measure": F(Text(), True),
        "value": F(Integer()),
        "min": F(Integer()),
        "max": F(Integer()),
        "approx": F(Boolean()),
        "as_reported": F(Text()),
        "category": F(Text()),
        "claimed_by": F(RefTo("actors"), True),
        "said_on": F(Date()),
        "sources": cites(required=True, what="a figure"),
    },
    checks=(_check_figure,),
)
ROLE = Obj(
    "role",
    {
        "title": F(Text(), True),
        "organization": F(RefTo("actors")),
        "qualifier": F(Choice("acting", "caretaker", "interim", "designate")),
        "start": F(Date()),
        "end": F(Date()),
        "sources": cites(),
    },
    checks=(_check_role,),
)
AUTHOR = Obj("author", {"name": F(Text(), True), "title": F(Text())})
KEY_POINT = Obj("key point", {"text": F(Markdown(), True), "sources": cites()})
CHANGE = Obj(
    "change",
    {"date": F(Date(), True), "text": F(Markdown(), True), "kind": F(Choice("update", "correction"))},
)

BRIEFING = Obj(
    "briefing",
    {
        "title": F(Text(), True),
        "subtitle": F(Text()),
        "as_of": F(Date(day_or_finer=True), True),
        "lang": F(Lang()),
        "summary": F(Markdown(), True),
        "key_points": F(ListOf(KEY_POINT)),
        "authors": F(ListOf(AUTHOR)),
        "publisher": F(Text()),
        "coverage": F(Date(interval=True)),
        "changes": F(ListOf(CHANGE)),
        "base_url": F(Url()),
        "notes": F(Markdown()),
        "paper": F(Choice("a4", "letter")),
    },
)

EVENT = Obj(
    "event",
    {
        "id": F(Id(), True),
        "date": F(Date(), True),
        "date_display": F(Text()),
        "sequence": F(Integer()),
        "title": F(Text(), True),
        "summary": F(Markdown()),
        "kind": F(Text()),
        "tags": F(ListOf(Text())),
        "key": F(Boolean()),
        "status": F(Choice("reported", "confirmed", "disputed", "denied")),
        "actors": F(ListOf(ACTOR_REF)),
        "places": F(ListOf(RefTo("places"))),
        "figures": F(ListOf(FIGURE)),
        "related": F(ListOf(RefTo("events"))),
        "sources": cites(required=True, what="an event"),
    },
)

ACTOR_KINDS = ("person", "state", "government", "organization", "armed-group", "media", "population")
ACTOR = Obj(
    "actor",
    {
        "id": F(Id(), True),
        "name": F(Text(), True),
        "kind": F(Choice(*ACTOR_KINDS), True),
        "short_name": F(Text()),
        "names": F(ListOf(NAME)),
        "summary": F(Text()),
        "description": F(Markdown()),
        "country": F(RefTo("places")),
        "parent": F(RefTo("actors")),
        "head": F(RefTo("actors")),
        "roles": F(ListOf(ROLE)),
        "designations": F(
            ListOf(Obj("designation", {"by": F(RefTo("actors"), True), "label": F(Text(), True), "sources": cites()}))
        ),
        "sources": cites(),
    },
)

STATEMENT = Obj(
    "statement",
    {
        "id": F(Id(), True),
        "speaker": F(RefTo("actors"), True),
        "speaker_role": F(Text()),
        "said_on": F(Date(), True),
        "mode": F(Choice("verbatim", "partial", "paraphrase", "summary"), True),
        "text": F(Text(), True),
        "lang": F(Lang()),
        "original": F(Obj("original", {"text": F(Text(), True), "lang": F(Lang(), True)})),
        "channel": F(Text()),
        "audience": F(ListOf(RefTo("actors"))),
        "via": F(ListOf(RefTo("actors", "sources"))),
        "event": F(RefTo("events")),
        "about": F(ListOf(RefTo("events", "actors"))),
        "context": F(Markdown()),
        "sources": cites(required=True, what="a statement"),
    },
)

SOURCE = Obj(
    "source",
    {
        "id": F(Id(), True),
        "title": F(Text(), True),
        "kind": F(Choice("news", "official-statement", "report", "social-post", "video", "dataset", "other")),
        "publisher": F(Text()),
        "authors": F(ListOf(Text())),
        "url": F(Url()),
        "archive_url": F(Url()),
        "published": F(Date()),
        "accessed": F(Date()),
        "lang": F(Lang()),
        "note": F(Markdown()),
    },
)

PLACE = Obj(
    "place",
    {
        "id": F(Id(), True),
        "name": F(Text(), True),
        "kind": F(Choice("country", "province", "district", "city", "town", "border-area", "region", "site")),
        "names": F(ListOf(NAME)),
        "within": F(RefTo("places")),
        "geo": F(Obj("geo", {"lat": F(Number(), True), "lon": F(Number(), True)}, checks=(_check_geo,))),
        "sources": cites(),
    },
)

SCHEMAS: dict[str, Obj] = {
    "briefing": BRIEFING,
    "events": EVENT,
    "actors": ACTOR,
    "statements": STATEMENT,
    "sources": SOURCE,
    "places": PLACE,
}
