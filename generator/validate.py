"""Checks raw records against the contract: types, ids, references and warnings, all at once."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .fields import ID_RE, INVALID, Ctx, Ref, suggest_id
from .figures import check_figure_ids
from .load import Checked, RawRecord
from .practice import warn_markdown, warn_practice
from .problems import Pos, Problems, did_you_mean
from .registry import COLLECTIONS, REGISTRY, SCHEMAS, normalize_name, record_type_of
from .yamlnodes import Scalar


@dataclass(frozen=True)
class Parsed:
    """Validated records as typed values (dicts per the schema), in load order."""

    briefing: dict[str, Any]
    collections: dict[str, list[dict[str, Any]]]


def validate(raw: list[RawRecord], problems: Problems, unreadable: frozenset[str] = frozenset()) -> Parsed | None:
    """Parse every record; report every problem; return None when there are errors.

    `unreadable` names collections with a file that could not be read: their ids are not all known,
    so references into them are not reported as unknown, nor records as unused (the fix is the file).
    A record the loader validated already (`record.checked`: as it read it, or from the parse cache)
    is not parsed again: its problems are reported here."""
    ctx = Ctx(problems)
    briefing: dict[str, Any] = {}
    collections: dict[str, list[dict[str, Any]]] = {c: [] for c in COLLECTIONS}
    items, refs = problems.items, ctx.refs
    for record in raw:
        done = record.checked or check_record(record)
        values = done.values
        refs.extend(done.refs)
        items.extend(done.problems)
        problems.errors += sum(p.severity == "error" for p in done.problems)
        if values is INVALID:
            continue
        if record.collection == "briefing":
            briefing = values
        else:
            collections[record.collection].append(values)
    ids = _index_ids(raw, problems)
    names = {(c, r["id"]): r["name"] for c in ("actors", "places") for r in collections[c] if "name" in r}
    _check_refs([r for r in ctx.refs if not unreadable & set(r.targets)], ids, problems, names)
    if not unreadable:
        _warn_unreferenced(ids, ctx.refs, problems)
    _check_loops(collections["places"], "within", "place", problems)
    _check_loops(collections["actors"], "parent", "actor", problems)
    _warn_same_names(collections["actors"], problems)
    check_figure_ids(collections["events"], problems)
    warn_practice(briefing, collections, problems)
    if problems.has_errors or not briefing:
        return None
    return Parsed(briefing, collections)


def check_record(record: RawRecord) -> Checked:
    """One record validated on its own: its values, its references and its problems, reported by `validate`."""
    problems = Problems()
    ctx = Ctx(problems)
    values = SCHEMAS[record.collection].parse(record.node, ctx)
    if values is not INVALID:
        warn_markdown(record.collection, values, problems)
    return Checked(values, tuple(ctx.refs), tuple(problems.items))


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


def _check_refs(refs: list[Ref], ids: dict[str, dict[str, Pos]], problems: Problems,
                names: dict[tuple[str, str], str]) -> None:
    for ref in refs:
        if any(ref.id in ids[t] for t in ref.targets):
            continue
        kinds = " or ".join(record_type_of(t).singular for t in ref.targets)
        candidates = [i for t in ref.targets for i in ids[t]]
        named = _by_name(ref.id, [(t, i) for t in ref.targets for i in ids[t]], names)
        if named and named[0] > max((_likeness(ref.id, i) for i in candidates), default=0.0):
            hint = f"; did you mean '{named[1][1]}' ({names[named[1]]})?"
        else:
            hint = did_you_mean(ref.id, candidates)
        problems.error(ref.pos, f"unknown {kinds} '{ref.id}'{hint}")


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


def _warn_unreferenced(ids: dict[str, dict[str, Pos]], refs: list[Ref], problems: Problems) -> None:
    used = {(t, r.id) for r in refs for t in r.targets}
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
