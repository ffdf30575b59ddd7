"""What changed between two snapshots, record by record by id: pure functions over plain JSON data.

A snapshot is an edition's data or data/briefing.json's: the same record shape either way, so anyone
holding the published files computes the same differences."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .registry import COLLECTIONS

BRIEFING = "briefing"  # the briefing's own fields (title, as_of, summary, ...) compared as one record

# Lists whose order is part of what they say: a relay chain runs from the speaker outwards, authors and
# key points are ranked, the revision log is dated in order. Every other list (tags, places, actors,
# audience, related events, citations, names, roles, figures...) is compared as a bag of values.
ORDERED_LISTS = frozenset({
    ("statements", "via"), ("sources", "authors"),
    (BRIEFING, "key_points"), (BRIEFING, "authors"), (BRIEFING, "changes"),
})
# Keys that follow from other content rather than being written: sources are numbered by order of
# first citation, so adding a source renumbers the others without changing anything a reader relies on.
DERIVED_KEYS = frozenset({"number"})
BOOKKEEPING_KEYS = frozenset({"formerly"})  # `formerly: old-id` tracks a rename; it is not itself news
# Where a record points at another, by key: an id change tracked with `formerly` rewrites these too.
# (tests/test_editions_diff.py holds this to the schema's RefTo fields; `via` and `about` are links.)
REFERENCE_KEYS = {
    "actor": "actors", "speaker": "actors", "audience": "actors", "claimed_by": "actors",
    "organization": "actors", "by": "actors", "parent": "actors", "head": "actors",
    "places": "places", "country": "places", "within": "places",
    "event": "events", "related": "events", "source": "sources",
}
FIGURE_AMOUNT_KEYS = ("value", "min", "max", "approx")


@dataclass(frozen=True)
class FieldChange:
    """One key of a record: its old and new value (None where it was or is absent), normalised."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class FigureChange:
    """A figure of an event, matched by measure, claimant and category.

    kind: "revised" (same figure, other amount or wording), "claimant" (same measure and category,
    now credited to someone else), "added" or "removed". `fields` names the keys that differ."""

    kind: str
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordChange:
    collection: str
    id: str
    fields: tuple[FieldChange, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    formerly: str | None = None  # the id it had, when the change is a tracked rename


@dataclass(frozen=True)
class Difference:
    """Records added, removed and changed; each list in collection order, then reading order."""

    added: tuple[tuple[str, str], ...] = ()
    removed: tuple[tuple[str, str], ...] = ()
    changed: tuple[RecordChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def marks(self) -> dict[str, dict[str, str]]:
        """collection -> id -> "new" or "updated": the marks a page puts beside a record."""
        marks: dict[str, dict[str, str]] = {}
        for collection, id_ in self.added:
            marks.setdefault(collection, {})[id_] = "new"
        for change in self.changed:
            marks.setdefault(change.collection, {})[change.id] = "updated"
        return marks


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def normalise(value: Any, collection: str, key: str = "") -> Any:
    """A value as compared: derived keys dropped, unordered lists sorted."""
    if isinstance(value, dict):
        return {k: normalise(v, collection, k) for k, v in value.items() if k not in DERIVED_KEYS}
    if isinstance(value, list):
        items = [normalise(v, collection, key) for v in value]
        return items if (collection, key) in ORDERED_LISTS else sorted(items, key=_canonical)
    return value


def figure_key(figure: Mapping[str, Any]) -> tuple[str, str, str]:
    """How a figure is recognised from one edition to the next: what it counts, who says so, of whom."""
    return (str(figure.get("measure", "")), str(figure.get("claimed_by", "")), str(figure.get("category") or ""))


def _compare_figures(old: list[Any], new: list[Any]) -> list[FigureChange]:
    unmatched_new: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for figure in new:
        unmatched_new.setdefault(figure_key(figure), []).append(figure)
    changes: list[FigureChange] = []
    left_old: list[dict[str, Any]] = []
    for figure in old:
        candidates = unmatched_new.get(figure_key(figure))
        if not candidates:
            left_old.append(figure)
            continue
        # Several figures under one key (the same side's count on several days): prefer an equal one.
        partner = next((c for c in candidates if c == figure), candidates[0])
        candidates.remove(partner)
        differing = _differing_keys(figure, partner)
        if differing:
            changes.append(FigureChange("revised", figure, partner, differing))
    left_new = [f for figures in unmatched_new.values() for f in figures]
    for figure in left_old:
        other = [n for n in left_new if figure_key(n)[::2] == figure_key(figure)[::2]]
        if not other:
            changes.append(FigureChange("removed", figure, None))
        else:
            left_new.remove(other[0])
            changes.append(FigureChange("claimant", figure, other[0], _differing_keys(figure, other[0])))
    changes += [FigureChange("added", None, figure) for figure in new if any(figure is n for n in left_new)]
    return changes


def _differing_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k))


def compare_records(collection: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> RecordChange | None:
    """The change from one version of a record to the next, or None when they say the same."""
    if old is new or old == new:  # the common case (editions share unchanged records), before normalising
        return None
    old_n, new_n = normalise(old, collection), normalise(new, collection)
    fields: list[FieldChange] = []
    figures: list[FigureChange] = []
    for key in sorted(set(old_n) | set(new_n)):
        if key in BOOKKEEPING_KEYS or old_n.get(key) == new_n.get(key):
            continue
        if collection == "events" and key == "figures":
            figures = _compare_figures(old_n.get(key, []), new_n.get(key, []))
        else:
            fields.append(FieldChange(key, old_n.get(key), new_n.get(key)))
    if not fields and not figures:
        return None
    return RecordChange(collection, str(new.get("id", BRIEFING)), tuple(fields), tuple(figures))


def _formerly_of(record: Mapping[str, Any]) -> list[str]:
    formerly = record.get("formerly")
    if isinstance(formerly, str):
        return [formerly]
    return [f for f in formerly if isinstance(f, str)] if isinstance(formerly, list) else []


def _renames(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """collection -> old id -> new id, for records whose new version says `formerly: old-id`."""
    renames: dict[str, dict[str, str]] = {}
    for collection in COLLECTIONS:
        old_ids = {r["id"] for r in old.get(collection, [])}
        new_ids = {r["id"] for r in new.get(collection, [])}
        for record in new.get(collection, []):
            for former in _formerly_of(record):
                if former in old_ids and former not in new_ids and record["id"] not in old_ids:
                    renames.setdefault(collection, {})[former] = record["id"]
    return renames


def _rewrite_refs(value: Any, renames: dict[str, dict[str, str]], target: str | None = None) -> Any:
    """A value with every reference to a renamed record pointing at its new id."""
    if isinstance(value, dict):
        if set(value) == {"collection", "id"}:  # a resolved link (`via`, `about`)
            return {**value, "id": renames.get(value["collection"], {}).get(value["id"], value["id"])}
        return {k: _rewrite_refs(v, renames, REFERENCE_KEYS.get(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite_refs(v, renames, target) for v in value]
    if isinstance(value, str) and target is not None:
        return renames.get(target, {}).get(value, value)
    return value


def difference_of(old: Mapping[str, Any], new: Mapping[str, Any]) -> Difference:
    """What changed from snapshot `old` to snapshot `new`, record by record by id."""
    renames = _renames(old, new)
    added: list[tuple[str, str]] = []
    removed: list[tuple[str, str]] = []
    changed: list[RecordChange] = []
    meta = compare_records(BRIEFING, old.get(BRIEFING, {}), new.get(BRIEFING, {}))
    if meta is not None:
        changed.append(meta)
    for collection in COLLECTIONS:
        moved = renames.get(collection, {})
        before = {r["id"]: r for r in old.get(collection, [])}
        if renames:
            before = {moved.get(i, i): {**_rewrite_refs(r, renames), "id": moved.get(i, i)} for i, r in before.items()}
        formerly = {new_id: old_id for old_id, new_id in moved.items()}
        for record in new.get(collection, []):
            previous = before.get(record["id"])
            if previous is None:
                added.append((collection, record["id"]))
                continue
            change = compare_records(collection, previous, record)
            if record["id"] in formerly:
                change = RecordChange(collection, record["id"], change.fields if change else (),
                                      change.figures if change else (), formerly[record["id"]])
            if change is not None:
                changed.append(change)
        now = {r["id"] for r in new.get(collection, [])}
        removed += [(collection, r["id"]) for r in old.get(collection, [])
                    if r["id"] not in now and r["id"] not in moved]
    return Difference(tuple(added), tuple(removed), tuple(changed))

