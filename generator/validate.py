"""Checks raw records against the contract: types, ids, references and warnings, all at once."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .fields import ID_RE, INVALID, Ctx, suggest_id
from .figures import check_figure_ids
from .load import Checked, RawRecord, Reference
from .practice import warn_markdown, warn_practice
from .problems import Pos, Problems, did_you_mean
from .registry import COLLECTIONS, REGISTRY, SCHEMAS, normalize_name, record_type_of
from .yamlnodes import Scalar

# What the checks across records read of each record's values: they see only these keys (and `positions`),
# so that a check that makes no model takes only these from the parse cache, not every value of every record
# (check.py). A check across records that reads another key must add it here. The briefing's are all its values.
ACROSS: dict[str, tuple[str, ...]] = {
    "events": ("id", "date", "figures"),
    "statements": ("id", "said_on", "event"),
    "actors": ("id", "name", "parent"),
    "places": ("id", "name", "within"),
    "sources": ("id",),
}
FIGURE_ACROSS = ("id", "supersedes")  # of an event's figures: only those with one of them are kept


@dataclass(frozen=True)
class Parsed:
    """Validated records as typed values (dicts per the schema), in load order."""

    briefing: dict[str, Any]
    collections: dict[str, list[dict[str, Any]]]


def validate(raw: list[RawRecord], problems: Problems, unreadable: frozenset[str] = frozenset()) -> Parsed | None:
    """Parse every record; report every problem; return None when there are errors, or when the records' values
    were not loaded (a check that makes no model: only what the checks across records read, `across_of`).

    `unreadable` names collections with a file that could not be read: their ids are not all known,
    so references into them are not reported as unknown, nor records as unused (the fix is the file).
    A record the loader validated already (`record.checked`: as it read it, or from the parse cache)
    is not parsed again: its problems are reported here."""
    briefing: dict[str, Any] = {}
    briefing_values: dict[str, Any] = {}
    collections: dict[str, list[dict[str, Any]]] = {c: [] for c in COLLECTIONS}  # what the checks read
    values: dict[str, list[dict[str, Any]]] = {c: [] for c in COLLECTIONS}  # what the model is made from
    complete = True
    items = problems.items
    placed: list[tuple[str, tuple[Reference, ...]]] = []  # each record's references, with the file they are in
    for record in raw:
        done = record.checked or check_record(record)
        if done.refs:
            placed.append((record.node.path, done.refs))
        items.extend(done.problems)
        problems.errors += sum(p.severity == "error" for p in done.problems)
        if done.across is INVALID:
            continue
        complete = complete and done.values is not None
        if record.collection == "briefing":
            briefing, briefing_values = done.across, done.values
        else:
            collections[record.collection].append(done.across)
            values[record.collection].append(done.values)
    ids = _index_ids(raw, problems)
    names = {(c, r["id"]): r["name"] for c in ("actors", "places") for r in collections[c] if "name" in r}
    _check_refs(placed, unreadable, ids, problems, names)
    if not unreadable:
        _warn_unreferenced(ids, placed, problems)
    _check_loops(collections["places"], "within", "place", problems)
    _check_loops(collections["actors"], "parent", "actor", problems)
    _warn_same_names(collections["actors"], problems)
    check_figure_ids(collections["events"], problems)
    warn_practice(briefing, collections, problems)
    if problems.has_errors or not briefing or not complete:
        return None
    return Parsed(briefing_values, values)


def check_record(record: RawRecord) -> Checked:
    """One record validated on its own: its values, its references and its problems, reported by `validate`."""
    problems = Problems()
    ctx = Ctx(problems)
    values = SCHEMAS[record.collection].parse(record.node, ctx)
    if values is not INVALID:
        warn_markdown(record.collection, values, problems)
    refs = tuple((ref.targets, ref.id, ref.pos.line, ref.pos.col) for ref in ctx.refs)
    return Checked(values, refs, tuple(problems.items), across_of(record.collection, values))


def across_of(collection: str, values: Any) -> Any:
    """What the checks across records read of a record's values (ACROSS): the same objects, a few keys."""
    if values is INVALID or collection == "briefing":
        return values
    kept = {key: values[key] for key in ACROSS[collection] if key in values}
    if "figures" in kept:
        kept["figures"] = tuple(
            {**{key: figure[key] for key in FIGURE_ACROSS if key in figure}, "positions": figure["positions"]}
            for figure in kept["figures"] if any(key in figure for key in FIGURE_ACROSS))
    kept["positions"] = values["positions"]
    return kept


def _index_ids(raw: list[RawRecord], problems: Problems) -> dict[str, dict[str, Pos]]:
    """Every id per collection with where it is defined, read from the raw nodes so an
    otherwise invalid record still counts as existing (no cascade of unknown-id errors)."""
    ids: dict[str, dict[str, Pos]] = {c: {} for c in COLLECTIONS}
    for record in raw:
        if record.collection == "briefing":
            continue
        node = record.node.get("id")  # type: ignore[union-attr]
        if not isinstance(node, Scalar) or not ID_RE.match(node.value):
            continue  # already reported as a bad id; nothing can refer to it
        seen = ids[record.collection]
        if node.value in seen:
            first = seen[node.value]
            problems.error(
                node.pos,
                f"duplicate {record_type_of(record.collection).singular} id '{node.value}' (first defined at {first}); "
                "ids must be unique within a collection",
            )
        else:
            seen[node.value] = node.pos
    return ids


def _check_refs(placed: list[tuple[str, tuple[Reference, ...]]], unreadable: frozenset[str],
                ids: dict[str, dict[str, Pos]], problems: Problems, names: dict[tuple[str, str], str]) -> None:
    for path, refs in placed:
        for targets, id_, line, col in refs:
            # most references have one target: asked without a generator each (130,000 at 10,000 events)
            if (id_ in ids[targets[0]] if len(targets) == 1 else any(id_ in ids[t] for t in targets)) \
                    or unreadable and unreadable & set(targets):
                continue
            kinds = " or ".join(record_type_of(t).singular for t in targets)
            candidates = [i for t in targets for i in ids[t]]
            named = _by_name(id_, [(t, i) for t in targets for i in ids[t]], names)
            if named and named[0] > max((_likeness(id_, i) for i in candidates), default=0.0):
                hint = f"; did you mean '{named[1][1]}' ({names[named[1]]})?"
            else:
                hint = did_you_mean(id_, candidates)
            problems.error(Pos(path, line, col), f"unknown {kinds} '{id_}'{hint}")


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _by_name(written: str, targets: list[tuple[str, str]],
             names: dict[tuple[str, str], str]) -> tuple[float, tuple[str, str]] | None:
    """The record whose name, or a word of it, is closest to a reference written by name, with how close."""
    by_key: dict[str, tuple[str, str]] = {}
    for target in targets:
        if target in names:
            words = suggest_id(names[target])
            by_key.setdefault(words, target)
            for word in words.split("-"):
                if len(word) >= 4:  # a surname or a place, not 'al' or 'of'
                    by_key.setdefault(word, target)
    close = difflib.get_close_matches(written, sorted(by_key), n=1, cutoff=0.75)
    return (_likeness(written, close[0]), by_key[close[0]]) if close else None


def _warn_unreferenced(ids: dict[str, dict[str, Pos]], placed: list[tuple[str, tuple[Reference, ...]]],
                       problems: Problems) -> None:
    used = {(t, id_) for _path, refs in placed for targets, id_, _line, _col in refs for t in targets}
    for record_type in REGISTRY:
        for id_, pos in ids[record_type.collection].items() if record_type.unused else ():
            if (record_type.collection, id_) not in used:
                problems.warning(pos, f"{record_type.singular} '{id_}' is unused: nothing {record_type.unused} it")


def _check_loops(records: list[dict[str, Any]], key: str, noun: str, problems: Problems) -> None:
    """A place within itself (or an organization its own parent), directly or through others."""
    links = {r["id"]: r[key].id for r in records if key in r}
    reported: set[str] = set()
    for record in records:
        chain = [record["id"]]
        while chain[-1] in links and links[chain[-1]] not in chain:
            chain.append(links[chain[-1]])
        looped = chain[-1] in links and links[chain[-1]] == record["id"]
        if looped and not reported & set(chain):
            reported.update(chain)
            path = " → ".join([*chain, record["id"]])
            problems.error(
                record["positions"][key],
                f"{noun} '{record['id']}' is its own '{key}' through {path}; remove one of these '{key}' keys",
            )


def _warn_same_names(actors: list[dict[str, Any]], problems: Problems) -> None:
    seen: dict[str, dict[str, Any]] = {}
    for actor in actors:
        key = normalize_name(actor["name"])
        if key and key in seen:
            first = seen[key]
            problems.warning(
                actor["positions"]["name"],
                f"actor '{actor['id']}' has the same name as '{first['id']}' (\"{first['name']}\"); "
                "merge them or make the names distinct",
            )
        else:
            seen.setdefault(key, actor)
