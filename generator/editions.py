"""Editions: numbered snapshots of the records in DIR/editions/, recorded, read back and published."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from .differences import Difference, difference_of, figure_key
from .jsondata import briefing_data, json_bytes
from .model import Briefing
from .registry import COLLECTIONS
from .sentences import ChangeItem, amount_of, sentences_of

EDITION_FORMAT = "factsheet-edition/1"
FORMAT_NAME, FORMAT_VERSION = "factsheet-edition", 1
EDITIONS_DIR = "editions"
# The keys an edition adds to the record data of data/briefing.json (whose "format" it replaces).
EDITION_KEYS = ("format", "edition", "as_of", "note")
TEMP_PREFIX = ".factsheet-edition-"


def edition_name(number: int) -> str:
    """The file name of an edition: 0001.json ... 9999.json, then 10000.json."""
    return f"{number:04d}.json"


EDITION_NAME_RE = re.compile(r"^(0*[1-9][0-9]*)\.json\Z")


@dataclass(frozen=True)
class Edition:
    """One recorded edition: its number, date and note, and the snapshot itself (plain JSON values)."""

    number: int
    as_of: str
    note: str | None
    data: dict[str, Any]
    digest: str  # sha256 of the file's bytes: the key for cached differences
    path: str  # as shown in messages
    file: Path | None = None  # where it was read from; published byte for byte

    @property
    def name(self) -> str:
        return edition_name(self.number)


def records_of(data: dict[str, Any]) -> dict[str, Any]:
    """The record data of a snapshot or of data/briefing.json, without what only an edition carries."""
    return {k: v for k, v in data.items() if k not in EDITION_KEYS}


def digest_of(data: dict[str, Any]) -> str:
    """A content hash of the record data (compact JSON: the indented form takes Python's slow encoder)."""
    text = json.dumps(records_of(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot_of(briefing: Briefing, number: int, note: str | None = None) -> dict[str, Any]:
    """The snapshot an edition records: data/briefing.json's records plus number, as_of and note."""
    data = {**records_of(briefing_data(briefing)), "format": EDITION_FORMAT, "edition": number,
            "as_of": briefing.meta.as_of.text}
    if note:
        data["note"] = note
    return data


def edition_bytes(snapshot: dict[str, Any]) -> bytes:
    """The bytes of an edition file: the same content always gives the same bytes."""
    return json_bytes(snapshot)


def write_edition(folder: Path, number: int, data: bytes) -> Path:
    """Write editions/NNNN.json all at once: a temporary file, synced, then linked in under its name.

    Linking (rather than renaming) refuses to replace an edition that appeared meanwhile, so two
    runs at once can never both write the same number; the loser gets FileExistsError."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / edition_name(number)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the edition is content, read by everyone
        try:
            os.link(tmp, target)
        except OSError as exc:
            if isinstance(exc, FileExistsError):
                raise
            if target.exists():  # a file system without hard links: check, then rename
                raise FileExistsError(str(target)) from exc
            os.rename(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


@dataclass
class EditionCache:
    """What reading and comparing editions has already computed, keyed by content hashes.

    Keep one for the life of a process (`serve`) so a rebuild parses and compares only new editions."""

    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)  # file digest -> checked data
    differences: dict[tuple[str, str], Difference] = field(default_factory=dict)  # (old, new) digests ->
    sentences: dict[tuple[str, str], tuple[ChangeItem, ...]] = field(default_factory=dict)  # the same keys ->


@dataclass(frozen=True)
class EditionChanges:
    """What an edition changed since the one before it (`previous` is None for the first edition)."""

    number: int
    previous: int | None
    as_of: str
    note: str | None
    difference: Difference
    items: tuple[ChangeItem, ...] = ()  # the difference in sentences
    recorded: bool = True  # False: the current content, not yet recorded as edition `number`


def _difference(old: Edition, new_data: dict[str, Any], new_digest: str, cache: EditionCache | None) -> Difference:
    key = (old.digest, new_digest)
    if cache is not None and key in cache.differences:
        return cache.differences[key]
    difference = difference_of(old.data, new_data)
    if cache is not None:
        cache.differences[key] = difference
    return difference


def _sentences(old: Edition, new_data: dict[str, Any], new_digest: str, difference: Difference,
               cache: EditionCache | None) -> tuple[ChangeItem, ...]:
    key = (old.digest, new_digest)
    if cache is not None and key in cache.sentences:
        return cache.sentences[key]
    items = tuple(sentences_of(difference, old.data, new_data))
    if cache is not None:
        cache.sentences[key] = items
    return items


def edition_changes(editions: Sequence[Edition], cache: EditionCache | None = None) -> list[EditionChanges]:
    """Each edition with what it changed since the previous one, oldest first; each pair compared once."""
    changes = [EditionChanges(editions[0].number, None, editions[0].as_of, editions[0].note, Difference())
               ] if editions else []
    for before, edition in pairwise(editions):
        difference = _difference(before, edition.data, edition.digest, cache)
        items = _sentences(before, edition.data, edition.digest, difference, cache)
        changes.append(EditionChanges(edition.number, before.number, edition.as_of, edition.note, difference, items))
    return changes


def current_changes(editions: Sequence[Edition], current: dict[str, Any],
                    cache: EditionCache | None = None) -> EditionChanges | None:
    """What the current content (briefing_data) changes since the last edition, as the edition it would
    be if recorded now (`recorded` False); None when there is no edition to compare with."""
    if not editions:
        return None
    last, digest = editions[-1], digest_of(current)
    difference = _difference(last, current, digest, cache)
    as_of = current.get("briefing", {}).get("as_of", last.as_of)
    return EditionChanges(last.number + 1, last.number, str(as_of), None, difference,
                          _sentences(last, current, digest, difference, cache), recorded=False)


def changes_since(
    last: Edition | None, current: dict[str, Any], cache: EditionCache | None = None
) -> Difference | None:
    """What the current content (briefing_data of the model) changes since the last edition; None
    when there is no edition yet, so nothing to compare with."""
    if last is None:
        return None
    return _difference(last, current, digest_of(current), cache)


@dataclass(frozen=True)
class Recorded:
    """What `factsheet edition` did: the edition written (number None: nothing changed, nothing written)."""

    number: int | None
    path: Path | None
    previous: Edition | None
    difference: Difference | None  # since `previous`; None for the first edition
    note: str | None = None
    current: dict[str, Any] = field(default_factory=dict)  # the record data compared (briefing_data)


def record_edition(briefing_dir: Path, briefing: Briefing, editions: Sequence[Edition], note: str | None = None,
                   cache: EditionCache | None = None) -> Recorded:
    """Record the current content as the next edition, unless nothing changed since the last one.

    `editions` must be what editions_of read without errors. Raises FileExistsError when another run
    wrote the same number meanwhile, OSError when the file cannot be written."""
    last = editions[-1] if editions else None
    current = briefing_data(briefing)
    difference = changes_since(last, current, cache)
    if difference is not None and difference.is_empty:
        return Recorded(None, None, last, difference, note, current)
    number = last.number + 1 if last else 1
    path = write_edition(briefing_dir / EDITIONS_DIR, number, edition_bytes(snapshot_of(briefing, number, note)))
    return Recorded(number, path, last, difference, note, current)


def recorded_lines(recorded: Recorded, briefing: Briefing) -> list[str]:
    """What `factsheet edition` prints under its first line: what the edition holds or changed."""
    lines = [f"note: {recorded.note}"] if recorded.note else []
    if recorded.previous is None:
        counts = ", ".join(f"{len(getattr(briefing, c))} {c}" for c in COLLECTIONS)
        return [*lines, f"first edition: {counts}"]
    items = sentences_of(recorded.difference or Difference(), recorded.previous.data, recorded.current)
    return [*lines, f"since edition {recorded.previous.number}:", *(f"- {item.text}" for item in items)]


# --- what a build publishes and shows -----------------------------------------------------------

INDEX_FORMAT = "factsheet-editions/1"


def published_files(editions: Sequence[Edition], cache: EditionCache | None = None) -> dict[str, bytes]:
    """data/editions/NNNN.json for every edition (its snapshot, canonical bytes) and data/editions/index.json
    listing them, oldest first, with each one's note, date, checksum and what it changed in sentences."""
    files: dict[str, bytes] = {}
    entries = []
    for edition, changes in zip(editions, edition_changes(editions, cache), strict=True):
        data = _published_bytes(edition)
        files[f"data/editions/{edition.name}"] = data
        entries.append({
            "edition": edition.number, "as_of": edition.as_of, **({"note": edition.note} if edition.note else {}),
            "file": edition.name, "sha256": hashlib.sha256(data).hexdigest(),
            "previous": changes.previous, "changes": [item.text for item in changes.items],
        })
    if editions:
        files["data/editions/index.json"] = json_bytes({"format": INDEX_FORMAT, "editions": entries})
    return files


def _published_bytes(edition: Edition) -> bytes:
    """The file as recorded (re-encoding 1 MB of indented JSON costs 80 ms; reading it, nothing),
    or the canonical bytes when it is gone or was changed since it was read."""
    try:
        raw = edition.file.read_bytes() if edition.file is not None else b""
    except OSError:
        raw = b""
    return raw if hashlib.sha256(raw).hexdigest() == edition.digest else edition_bytes(edition.data)


@dataclass(frozen=True)
class EarlierValue:
    """A value a figure had before: the amount in words, who gave it, and the edition that first showed it."""

    amount: str
    claimed_by: str
    edition: int
    as_of: str


FigureHistory = dict[str, dict[tuple[str, str, str], list[EarlierValue]]]


def figure_history_of(editions: Sequence[Edition], current: dict[str, Any] | None = None,
                      cache: EditionCache | None = None) -> FigureHistory:
    """event id -> figure_key of the figure as it stands -> its earlier values, newest first.

    Built from the differences (computed once, cached): a revised figure carries its history along,
    a figure whose claimant changed too. `current` (briefing_data) adds the unrecorded changes."""
    steps: list[tuple[Edition | None, Difference]] = [
        (editions[c.number - 1], c.difference) for c in edition_changes(editions, cache) if c.previous is not None]
    unrecorded = changes_since(editions[-1] if editions else None, current, cache) if current is not None else None
    if unrecorded is not None:
        steps.append((None, unrecorded))  # the content not yet recorded: no edition has given its values
    # (event, figure key) -> the edition that first showed the figure's present value
    introduced: dict[tuple[str, tuple[str, str, str]], Edition] = {}
    history: FigureHistory = {}
    for after, difference in steps:
        if after is not None:  # a figure new in this edition, on a new event or an old one, was given by it
            new_events = {i for c, i in difference.added if c == "events"}
            for event in after.data.get("events", []):
                if event.get("id") in new_events:
                    introduced.update({(event["id"], figure_key(f)): after for f in event.get("figures", [])})
        for change in difference.changed:
            for figure in change.figures:
                if figure.old is not None and figure.new is not None and (
                        amount_of(figure.old), figure.kind) == (amount_of(figure.new), "revised"):
                    continue  # the same value, other wording or sources: no earlier value to show
                if figure.old is not None and figure.new is not None:  # revised, or its claimant changed
                    old_key, new_key = figure_key(figure.old), figure_key(figure.new)
                    given = introduced.get((change.id, old_key), editions[0])
                    earlier = history.get(change.id, {}).pop(old_key, [])
                    value = EarlierValue(amount_of(figure.old), str(figure.old.get("claimed_by")), given.number,
                                         given.as_of)
                    history.setdefault(change.id, {})[new_key] = [value, *earlier]
                if figure.new is not None and after is not None:
                    introduced[(change.id, figure_key(figure.new))] = after
    return history
