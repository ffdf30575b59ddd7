"""Reads a briefing's YAML files (walk.py finds them) into raw, located records, validated as they come."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .paths import show_path
from .problems import Pos, Problem, Problems
from .walk import NOT_REGULAR, Walker, is_content_folder
from .yamlnodes import (
    MAX_PROBLEMS_PER_FILE,
    Budget,
    Map,
    Node,
    Scalar,
    Seq,
    describe,
    limit_of,
    parse_documents,
    raise_hint,
)

# Bounds against hostile input (see docs/security.md). An honest briefing of 50,000 events stays
# far below them (one file a collection: events.yaml about 62 MB; split: 117,500 files, 96 MB in
# all); each can be raised with the environment variable its message names.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_FILES = 1_000_000
MAX_RECORDS = 1_000_000


# A reference a record makes, checked once every id is known: the collections it may point into, the id, and
# where it is written (line, column) in the record's file. Plain data, not a fields.Ref: a check from the parse
# cache takes 130,000 of them at 10,000 events, and making a Ref and a Pos of each was half of taking an entry.
Reference = tuple[tuple[str, ...], str, int, int]


@dataclass(frozen=True)
class Checked:
    """What validating one record on its own made: its values (a dict, or INVALID), the references it
    makes (checked once every id is known), its problems, and what the checks across records read of its
    values (`across`: a few keys, validate.across_of). The parse cache keeps it between runs; a check that
    makes no model takes all but the values from it (`values` None), a far smaller part."""

    values: Any
    refs: tuple[Reference, ...]
    problems: tuple[Problem, ...]
    across: Any  # a dict of some of the values' keys, or INVALID with them


@dataclass(frozen=True)
class RawRecord:
    collection: str  # "briefing" or one of COLLECTIONS
    node: Node  # from the parse cache: only the mapping's place and its `id`
    checked: Checked | None = None  # from the parse cache: validated in an earlier run


@dataclass(frozen=True)
class CachedFile:
    """A file's records as an earlier run read and validated them (parsecache.py)."""

    nodes: int  # values, lists and mappings it holds: they count against the briefing's budget
    records: tuple[RawRecord, ...]


# A file's entry in the parse cache, in two parts each with its checksum: what the checks read, then the whole.
Entry = tuple[bytes, bytes, bytes, bytes]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What a worker made of one file (parseworkers.py): its records validated, or why it could not be read."""

    chars: int  # the length of its text; -1 when it could not be read (`problems` say why)
    nodes: int  # values, lists and mappings it holds
    problems: tuple[Problem, ...]  # reported in reading it (each record's own are in its `checked`)
    records: tuple[RawRecord, ...]
    key: str  # its key in the parse cache
    cached: bool  # its records are the parse cache's entry under `key`
    entry: Entry | None = None  # a new entry for the parse cache


class Reuse(Protocol):
    """The parse cache as the loader sees it: a key per file, what an earlier run made of it, and what this
    run made of a file that read and validated without an error. `values`: what an earlier run made includes the
    records' values; else only what the checks read of them (`Checked.values` None)."""

    values: bool

    def key_of(self, collection: str, shown: str, data: bytes) -> str: ...

    def lookup(self, key: str) -> CachedFile | None: ...

    def keep(self, key: str, file: CachedFile) -> None: ...

    def old_entry_of(self, key: str) -> tuple[bytes, CachedFile] | None: ...

    def take(self, outcome: FileOutcome) -> None: ...

    def known(self) -> int:
        """How many files an earlier run left entries for."""
        ...


def read_bytes(path: str | Path, shown: str, problems: Problems, limit: int | None = None) -> bytes | None:
    """The file's bytes; never blocks on a pipe or reads a device, never reads more than the limit."""
    limit = limit if limit is not None else limit_of("FACTSHEET_MAX_FILE_BYTES", MAX_FILE_BYTES)
    hint = raise_hint("FACTSHEET_MAX_FILE_BYTES")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (one may replace the file after the walk).
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        problems.error(Pos(shown), f"cannot read file: {exc.strerror}")
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            problems.error(Pos(shown), f"'{os.path.basename(path)}' {NOT_REGULAR}")
            return None
        if info.st_size > limit:
            problems.error(Pos(shown), f"file is {info.st_size} bytes; the limit is {limit}: split it or {hint}")
            return None
        # read(n) allocates n bytes up front: ask for the size fstat saw, then read on in slices (the file
        # grew since, or a read came back short), never past the limit. os.read on the descriptor: a
        # buffered stream per file was a tenth of reading 23,501 files.
        parts: list[bytes] = []
        size, ask = 0, info.st_size + 1
        while ask > 0:
            part = os.read(fd, ask)
            if not part:
                break
            parts.append(part)
            size += len(part)
            ask = min(1 << 20, limit + 1 - size)
        data = b"".join(parts)
    except OSError as exc:
        problems.error(Pos(shown), f"cannot read file: {exc.strerror}")
        return None
    finally:
        os.close(fd)
    if len(data) > limit:
        problems.error(Pos(shown), f"file is over {limit} bytes, the limit: split it or {hint}")
        return None
    return data


def read_text(path: str | Path, shown: str, problems: Problems, limit: int | None = None) -> str | None:
    data = read_bytes(path, shown, problems, limit)
    return None if data is None else decode_text(data, shown, problems)


def decode_text(data: bytes, shown: str, problems: Problems) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        problems.error(
            Pos(shown, line, col),
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


def records_of(collection: str, documents: list[Node], shown: str, problems: Problems) -> list[RawRecord]:
    records: list[RawRecord] = []
    wrong = 0
    for doc in documents:
        if isinstance(doc, Scalar) and doc.is_null:
            continue
        items = doc.items if isinstance(doc, Seq) and collection != "briefing" else (doc,)
        for item in items:
            if isinstance(item, Map):
                records.append(RawRecord(collection, item))
            elif wrong < MAX_PROBLEMS_PER_FILE:
                wrong += 1
                expected = "a mapping of keys" if collection == "briefing" else "a record (a mapping of keys)"
                problems.error(item.pos, f"expected {expected}, found {describe(item)}")
    if collection == "briefing" and len(records) > 1:
        problems.error(records[1].node.pos, "briefing.yaml must hold one document; remove the others")
        records = records[:1]
    return records


@dataclass(frozen=True)
class Loaded:
    records: list[RawRecord]
    # Collections with a file that could not be read in full: their ids are not all known, so
    # validation must not call references into them unknown, nor their records unused.
    incomplete: frozenset[str] = frozenset()


def stub_of(node: Node) -> Map:
    """What the checks across records read of a record's mapping once it is validated: its place and `id`."""
    found = node.get("id") if isinstance(node, Map) else None
    items = ((Scalar("id", True, found.path, found.line, found.col), found),) if isinstance(found, Scalar) else ()
    return Map(items, node.path, node.line, node.col)


def _checker(collection: str, check: Callable[[RawRecord], Checked], done: dict[int, Checked]) -> Callable[[Map], Map]:
    """What parse_documents calls with each record of a list: it is validated, and a stub stands for it."""
    def each(node: Map) -> Map:
        stub = stub_of(node)
        done[id(stub)] = check(RawRecord(collection, node))
        return stub
    return each


def _shown_in(path: str | Path, prefixes: dict[str, str]) -> str:
    """show_path(path), worked out once per folder: the files of a folder share everything but their name
    (a relpath per file was a tenth of a check of 23,501 files)."""
    folder, name = os.path.split(path)
    prefix = prefixes.get(folder)
    if prefix is not None:
        return prefix + name
    shown = show_path(Path(path))
    if shown.endswith(name) and name not in ("", ".", ".."):
        prefixes[folder] = shown[: len(shown) - len(name)]
    return shown


def load_content(briefing_dir: Path, problems: Problems, reuse: Reuse | None = None,
                 check: Callable[[RawRecord], Checked] | None = None, jobs: int | None = 1) -> Loaded:
    """Every record under briefing_dir/content, in a stable order, with problems collected.

    `check`: validates one record on its own (validate.check_record); given, each file's records are
    validated as soon as it is read and only a stub of their nodes is kept (stub_of), so that the nodes of
    the whole briefing are never in memory at once (a third of a check's peak at 10,000 events).
    `reuse`: the parse cache; a file it knows by name and bytes is not parsed again (its records come
    validated already), unless it would pass the briefing's budget of values (then the parser says where);
    with `check`, a file parsed without a problem in reading and with no record in error is given to it
    (`reuse.keep`) as soon as it is validated.
    `jobs`: with `check`, processes that read, parse and validate the files of a large briefing (None: one per
    core); the records and problems are the same as with one (parseworkers.py)."""
    content = briefing_dir / "content"
    if not content.is_dir() and is_content_folder(briefing_dir):
        above = show_path(briefing_dir.resolve().parent)
        problems.error(
            Pos(show_path(briefing_dir)),
            f"this is the content/ folder itself; run factsheet on the folder above it ('{above}')",
        )
        return Loaded([])
    if not content.is_dir():
        problems.error(
            Pos(show_path(content)), "no content/ folder here; run 'factsheet new DIR' to start a briefing"
        )
        return Loaded([])
    walker = Walker(briefing_dir, problems, limit_of("FACTSHEET_MAX_FILES", MAX_FILES))
    if not walker.inside(content):
        return Loaded([])
    walker.walk_top(content)
    if len(walker.files) > walker.max_files:
        problems.error(Pos(show_path(content)), f"more than {walker.max_files} files; merge records into fewer "
                       f"files or {raise_hint('FACTSHEET_MAX_FILES')}")
        return Loaded([])
    prefixes: dict[str, str] = {}
    files = [(collection, path, _shown_in(path, prefixes)) for collection, path in walker.files]
    # Read, parsed and validated ahead by forked workers when the briefing is large (parseworkers.py); each
    # outcome is taken here in file order, with the budget, limits and problems exactly as this process's own.
    ahead: Iterator[FileOutcome | None] = iter(())
    if check is not None and jobs != 1:
        from .parseworkers import outcomes_of  # imported only here: it imports this module

        ahead = outcomes_of(files, reuse, check, jobs)
    try:
        return _take_files(files, ahead, problems, reuse, check, walker.incomplete)
    finally:
        getattr(ahead, "close", lambda: None)()  # a loader that stops early (a limit) stops the workers


def _take_files(files: list[tuple[str, str | Path, str]], ahead: Iterator[FileOutcome | None], problems: Problems,
                reuse: Reuse | None, check: Callable[[RawRecord], Checked] | None,
                incomplete_walk: set[str]) -> Loaded:
    """Each file's records in order: as a worker made them (`ahead`), else read here."""
    records: list[RawRecord] = []
    incomplete = set(incomplete_walk)
    budget = Budget()
    total = 0
    max_total = limit_of("FACTSHEET_MAX_CONTENT_BYTES", MAX_TOTAL_BYTES)
    max_records = limit_of("FACTSHEET_MAX_RECORDS", MAX_RECORDS)
    max_file = limit_of("FACTSHEET_MAX_FILE_BYTES", MAX_FILE_BYTES)
    for collection, path, shown in files:
        errors_before = problems.errors
        got = next(ahead, None)
        if got is not None and got.chars < 0:  # a worker could not read it: its problems say why
            _add(problems, got.problems)
            incomplete.add(collection)
            continue
        read = _read(path, shown, problems, max_file) if got is None else None
        if got is None and read is None:
            incomplete.add(collection)
            continue
        total += got.chars if got is not None else len(read[1]) if read is not None else 0
        if total > max_total:
            problems.error(Pos(shown), f"the content is over {max_total} bytes, the limit; stopped reading here: "
                           f"{raise_hint('FACTSHEET_MAX_CONTENT_BYTES')}")
            return Loaded([])
        if got is not None and got.nodes <= budget.nodes_left:
            budget.nodes_left -= got.nodes
            _add(problems, got.problems)
            if reuse is not None:
                reuse.take(got)
            found = list(got.records)
        else:  # read here, or past the budget: read again here, so the parser says where the budget ran out
            read = read or _read(path, shown, problems, max_file)
            if read is None:
                incomplete.add(collection)
                continue
            key = reuse.key_of(collection, shown, read[0]) if reuse is not None else ""
            text = read[1]
            del read  # the text is enough from here on (both were 62 MB for events.yaml at 50,000 events)
            found = _read_here(collection, shown, key, text, problems, budget, reuse, check)
        if problems.errors > errors_before:
            incomplete.add(collection)
        records.extend(found)
        if len(records) > max_records:
            problems.error(records[max_records].node.pos, f"more than {max_records} records; stopped reading "
                           f"here: {raise_hint('FACTSHEET_MAX_RECORDS')}")
            return Loaded([])
    return Loaded(records, frozenset(incomplete))


def _add(problems: Problems, found: tuple[Problem, ...]) -> None:
    problems.items.extend(found)
    problems.errors += sum(p.severity == "error" for p in found)


def _read(path: str | Path, shown: str, problems: Problems, limit: int) -> tuple[bytes, str] | None:
    data = read_bytes(path, shown, problems, limit)
    text = None if data is None else decode_text(data, shown, problems)
    return None if data is None or text is None else (data, text)


def _read_here(collection: str, shown: str, key: str, text: str, problems: Problems, budget: Budget,
               reuse: Reuse | None, check: Callable[[RawRecord], Checked] | None) -> list[RawRecord]:
    """A file's records: from the parse cache if it knows the file (by `key`), else parsed (and validated, with
    `check`) and given to the cache if it read without a problem and no record has an error."""
    cached = reuse.lookup(key) if reuse is not None else None
    if cached is not None and cached.nodes <= budget.nodes_left:
        budget.nodes_left -= cached.nodes
        return list(cached.records)
    before = len(problems.items)
    nodes_before = budget.nodes_left
    found = parse_file(collection, shown, text, problems, budget, check)
    if reuse is not None and check is not None and keepable(found, problems, before):
        reuse.keep(key, CachedFile(nodes_before - budget.nodes_left, tuple(found)))
    return found


def parse_file(collection: str, shown: str, text: str, problems: Problems, budget: Budget,
               check: Callable[[RawRecord], Checked] | None) -> list[RawRecord]:
    """The records of a file's text; with `check`, each validated as the parser completes it, a stub kept."""
    before = len(problems.items)
    # A list of records is validated record by record as the parser completes each (see `each`).
    done: dict[int, Checked] = {}  # by the id of the stub standing for the record in the list
    each = None if check is None or collection == "briefing" else _checker(collection, check, done)
    found = records_of(collection, parse_documents(text, shown, problems, budget, each), shown, problems)
    if not found and collection == "briefing" and len(problems.items) == before:
        problems.error(Pos(shown), "briefing.yaml is empty; it needs title, as_of and summary")
    if check is not None:
        found = [RawRecord(r.collection, r.node, done[id(r.node)]) if id(r.node) in done
                 else RawRecord(r.collection, stub_of(r.node), check(r)) for r in found]
    return found


def keepable(found: list[RawRecord], problems: Problems, before: int) -> bool:
    """Worth keeping for the next run: validated, nothing reported in reading it and no record in error."""
    return len(problems.items) == before and all(
        r.checked is not None and not any(p.severity == "error" for p in r.checked.problems) for r in found)
