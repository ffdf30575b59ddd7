"""Differences as short sentences a reader follows: records named by title, figures in words, old → new."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import figures
from .differences import BRIEFING, Difference, FieldChange, FigureChange, RecordChange
from .edtf import EdtfError, parse_edtf
from .registry import REGISTRY

SINGULAR = {**{rt.collection: rt.label for rt in REGISTRY}, BRIEFING: "briefing"}
DATE_KEYS = frozenset({"date", "said_on", "as_of", "published", "accessed", "start", "end", "coverage"})
REF_LISTS = {"places": "places", "related": "events", "audience": "actors"}
REF_FIELDS = {"speaker": "actors", "event": "events", "country": "places", "parent": "actors", "head": "actors",
              "within": "places"}
FIELD_LABELS = {"as_of": "as of", "date_display": "date as shown", "key_points": "key points",
                "speaker_role": "speaker’s role", "short_name": "short name", "archive_url": "archive URL",
                "url": "URL", "changes": "revision log"}
LONG_TEXT = 200  # characters: a longer value is said to be revised rather than quoted twice


@dataclass(frozen=True)
class Part:
    """A piece of a sentence. kind: "text"; "record" (a record the site has: link it); "name" (a record
    no longer in the briefing: plain); "old" and "new" (a value before and after)."""

    text: str
    kind: str = "text"
    collection: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class ChangeItem:
    """One sentence: what kind of change, the record it is about, and its parts in reading order.

    kind: added, removed, renamed, field, wording, citations, figure, figure-added, figure-removed,
    figure-claimant."""

    kind: str
    collection: str
    id: str
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)


def plain_text_of(items: list[ChangeItem]) -> str:
    """The sentences as plain text, one per line, for the feed and the PDF."""
    return "".join(f"{item.text}\n" for item in items)


def _date(text: Any) -> str:
    try:
        return parse_edtf(text).render() if isinstance(text, str) else str(text)
    except EdtfError:
        return str(text)


def _quoted(text: Any) -> str:
    return f"“{text}”"


def possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


class _Namer:
    """Names records as a reader knows them, from the snapshot that holds them."""

    def __init__(self, snapshot: Mapping[str, Any]) -> None:
        self.snapshot = snapshot
        self.indexes: dict[str, dict[Any, Any]] = {}  # built when first asked: most differences name few

    def records(self, collection: str) -> dict[Any, Any]:
        if collection not in self.indexes:
            records = self.snapshot.get(collection, []) if collection != BRIEFING else []
            self.indexes[collection] = {r.get("id"): r for r in records if isinstance(r, dict)}
        return self.indexes[collection]

    def label(self, collection: str, id_: str) -> str:
        record = self.records(collection).get(id_)
        if collection == BRIEFING:
            return "Briefing"
        if record is None:
            return id_
        if collection == "statements":
            speaker = self.label("actors", str(record.get("speaker")))
            return f"{possessive(speaker)} statement of {_date(record.get('said_on'))}"
        name = record.get("title") if collection in ("events", "sources") else record.get("name")
        return name if isinstance(name, str) and name else id_


def amount_of(figure: Mapping[str, Any]) -> str:
    """A figure's number in words, as the model says it ("at least 9"), else its reported wording."""
    def number(key: str) -> float | None:
        value = figure.get(key)
        return value if type(value) in (int, float) else None

    def word(key: str) -> str | None:
        value = figure.get(key)
        return value if isinstance(value, str) else None

    said = figures.amount_of(number("value"), number("min"), number("max"), figure.get("approx") is True,
                             scale=word("scale"), unit=word("unit"), per=word("per"))
    as_reported = figure.get("as_reported")
    return said or (_quoted(as_reported) if as_reported else "no number")


class _Writer:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = _Namer(old), _Namer(new)

    def record(self, collection: str, id_: str, gone: bool = False) -> Part:
        if gone:
            return Part(self.old.label(collection, id_), "name", collection, id_)
        return Part(self.new.label(collection, id_), "record", collection, id_)

    def ref(self, collection: str, id_: Any, namer: _Namer) -> Part:
        exists = id_ in self.new.records(collection)
        return Part(namer.label(collection, str(id_)), "record" if exists else "name", collection, str(id_))

    def figure_parts(self, event_id: str, figure: Mapping[str, Any], namer: _Namer) -> list[Part]:
        category = f" ({figure['category']})" if figure.get("category") else ""
        return [self.ref("actors", figure.get("claimed_by"), namer), Part(f"’s figure for {figure.get('measure')}"
                f"{category} in "), self.record("events", event_id)]

    def figure(self, event_id: str, change: FigureChange) -> ChangeItem:
        old, new = change.old or {}, change.new or {}
        if change.kind == "added":
            parts = [Part("New: "), *self.figure_parts(event_id, new, self.new), Part(": "),
                     Part(amount_of(new), "new")]
        elif change.kind == "removed":
            parts = [Part("Withdrawn: "), *self.figure_parts(event_id, old, self.old), Part(" (was "),
                     Part(amount_of(old), "old"), Part(")")]
        else:
            parts = self.figure_parts(event_id, new, self.new)
            if change.kind == "claimant":
                parts += [Part(", formerly credited to "), self.ref("actors", old.get("claimed_by"), self.old)]
            parts.append(Part(": "))
            if amount_of(old) != amount_of(new):
                parts += [Part(amount_of(old), "old"), Part(" → "), Part(amount_of(new), "new")]
            elif change.kind == "claimant":
                parts.append(Part(amount_of(new), "new"))
            elif "as_reported" in change.fields:
                was, now = old.get("as_reported"), new.get("as_reported")
                parts += ([Part("wording "), Part(_quoted(was), "old"), Part(" → "), Part(_quoted(now), "new")]
                          if was and now else [Part("wording added: "), Part(_quoted(now), "new")] if now
                          else [Part("wording removed (was "), Part(_quoted(was), "old"), Part(")")])
            else:
                parts.append(Part(f"{_figure_detail(change.fields)} revised"))
        kind = "figure" if change.kind == "revised" else f"figure-{change.kind}"
        return ChangeItem(kind, "events", event_id, tuple(parts))

    def value(self, key: str, value: Any, namer: _Namer) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if key in DATE_KEYS:
            return _date(value)
        if key in REF_FIELDS:
            return namer.label(REF_FIELDS[key], str(value))
        if isinstance(value, str):
            return _quoted(value)
        if isinstance(value, dict):
            return _item_text(value, namer)
        if isinstance(value, list):
            return "; ".join(_item_text(v, namer) for v in value)
        return str(value)

    def field(self, change: RecordChange, field: FieldChange) -> ChangeItem:
        subject = [self.record(change.collection, change.id)]
        label = FIELD_LABELS.get(field.field, field.field.replace("_", " "))
        if change.collection == "statements" and field.field == "text":
            return ChangeItem("wording", change.collection, change.id, (
                Part("Corrected wording of "), *subject, Part(": "), Part(_quoted(field.old), "old"), Part(" → "),
                Part(_quoted(field.new), "new")))
        if field.field == "sources":
            return ChangeItem("citations", change.collection, change.id, tuple(self.citations(subject, field)))
        if field.field == "key" and change.collection == "events":
            state = "now a key event" if field.new else "no longer a key event"
            return ChangeItem("field", change.collection, change.id, (*subject, Part(f": {state}")))
        if isinstance(field.old, list) and isinstance(field.new, list) and (change.collection, field.field) not in (
                (BRIEFING, "key_points"), (BRIEFING, "changes"), ("statements", "via")):
            return ChangeItem("field", change.collection, change.id, tuple(self.bag(subject, label, field)))
        old = None if field.old is None else self.value(field.field, field.old, self.old)
        new = None if field.new is None else self.value(field.field, field.new, self.new)
        if new is None:
            tail = [Part(f": {label} removed (was "), Part(str(old), "old"), Part(")")]
        elif old is None:
            tail = [Part(f": {label} added: "), Part(new, "new")]
        else:
            tail = [Part(f": {label} "), Part(old, "old"), Part(" → "), Part(new, "new")]
        if len(old or "") > LONG_TEXT or len(new or "") > LONG_TEXT:
            tail = [Part(f": {label} {'added' if old is None else 'removed' if new is None else 'revised'}")]
        return ChangeItem("field", change.collection, change.id, (*subject, *tail))

    def bag(self, subject: list[Part], label: str, field: FieldChange) -> list[Part]:
        """A list whose order does not count: what joined it and what left it."""
        old_items, new_items = list(field.old), list(field.new)
        added = [v for v in new_items if v not in old_items]
        removed = [v for v in old_items if v not in new_items]
        if not added and not removed:
            return [*subject, Part(f": {label} revised")]
        parts = [*subject, Part(f": {label}:")]
        for word, values, namer in (("added", added, self.new), ("removed", removed, self.old)):
            if values:
                parts.append(Part(f"{';' if values is removed and added else ''} {word} "))
                for i, value in enumerate(values):
                    parts += [Part(", ")] if i else []
                    target = REF_LISTS.get(field.field) if isinstance(value, str) else None
                    shown = _quoted(value) if isinstance(value, str) else _item_text(value, namer)
                    parts.append(self.ref(target, value, namer) if target else Part(shown))
        return parts

    def citations(self, subject: list[Part], field: FieldChange) -> list[Part]:
        old_ids = [c.get("source") for c in field.old or [] if isinstance(c, dict)]
        new_ids = [c.get("source") for c in field.new or [] if isinstance(c, dict)]
        added = sorted({s for s in new_ids if s not in old_ids}, key=new_ids.index)
        removed = sorted({s for s in old_ids if s not in new_ids}, key=old_ids.index)
        if not added and not removed:
            return [Part("Revised citations of "), *subject]
        parts: list[Part] = [Part("Sources of "), *subject, Part(":")]
        for word, ids, namer in (("added", added, self.new), ("removed", removed, self.old)):
            if ids:
                parts.append(Part(f"{';' if ids is removed and added else ''} {word} "))
                for i, source in enumerate(ids):
                    parts += [Part(", ")] if i else []
                    parts.append(self.ref("sources", source, namer))
        return parts


def _figure_detail(fields: tuple[str, ...]) -> str:
    names = {"as_reported": "wording", "said_on": "date", "sources": "sources"}
    return ", ".join(names.get(f, f.replace("_", " ")) for f in fields if f not in ("value", "min", "max", "approx"))


def _item_text(value: Any, namer: _Namer) -> str:
    """One entry of a list of objects, in a few words (an actor and role, a name, a role, a link)."""
    if not isinstance(value, dict):
        return str(value)
    if set(value) == {"collection", "id"}:
        return namer.label(str(value["collection"]), str(value["id"]))
    if "actor" in value:
        name = namer.label("actors", str(value["actor"]))
        return f"{name} ({value['role']})" if value.get("role") else name
    if "label" in value and "by" in value:
        return f"{value['label']} (according to {namer.label('actors', str(value['by']))})"
    for key in ("name", "title", "text"):
        if isinstance(value.get(key), str):
            return str(value[key])
    if "lat" in value and "lon" in value:
        return f"{value['lat']}, {value['lon']}"
    return ", ".join(f"{k}: {v}" for k, v in sorted(value.items()))


def sentences_of(difference: Difference, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ChangeItem]:
    """The difference from snapshot `old` to `new` as sentences: added records, then changes, then removed."""
    writer = _Writer(old, new)
    items = [ChangeItem("added", c, i, (Part(f"Added {SINGULAR[c]}: "), writer.record(c, i)))
             for c, i in difference.added]
    for change in difference.changed:
        if change.formerly is not None:
            items.append(ChangeItem("renamed", change.collection, change.id, (
                writer.record(change.collection, change.id),
                Part(f": new address (was ‘{change.formerly}’, now ‘{change.id}’)"))))
        items += [writer.field(change, field) for field in change.fields]
        items += [writer.figure(change.id, figure) for figure in change.figures]
    items += [ChangeItem("removed", c, i, (Part(f"Removed {SINGULAR[c]}: "), writer.record(c, i, gone=True)))
              for c, i in difference.removed]
    return items
