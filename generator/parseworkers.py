"""Reads, parses and validates the files of a large briefing in forked processes, for the loader to take in order.

Files parse independently, and parsing and validating them is most of a cold check: `jobs` forked workers
each take a slice of files at a time (in file order) and send back, per file, what the loader would have
made of it (its records validated, the problems met in reading it, the values it holds, the parse cache's
key and a new cache entry, pickled in the worker). The loader takes these in file order (load.py), so the
records, the problems, the briefing's budget of values and every other limit are applied exactly as when it
reads the files itself: a file whose values would pass the budget left is read again there, so that the
parser says where. A worker keeps each limit for its own share too (the budget, the bytes and the records):
past one it stops, and the loader reads the rest itself. A worker that fails or dies costs only speed.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from .load import (
    MAX_FILE_BYTES,
    MAX_RECORDS,
    MAX_TOTAL_BYTES,
    CachedFile,
    Checked,
    Entry,
    FileOutcome,
    RawRecord,
    Reuse,
    decode_text,
    keepable,
    parse_file,
    read_bytes,
)
from .parsecache import entry_of, file_of
from .problems import Problem, Problems
from .processes import can_fork, default_jobs, forked_pool
from .yamlnodes import Budget, limit_of

# Below both, a briefing is read by the loader alone: forking and shipping records back cost more than
# they save (about 0.1 s; the sample briefing and the tests' are far below).
PARALLEL_FILES = 200
PARALLEL_BYTES = 2 * 1024 * 1024
SLICE_FILES = 64  # files a worker reads at a time, at most: a slice is sent back as one message
AHEAD = 4  # slices sent ahead per worker: enough to keep it busy, few enough that outcomes do not pile up

Files = list[tuple[str, str | Path, str]]  # (collection, path, the path as messages show it)


@dataclass
class _Share:
    """What a worker needs (inherited through fork) and what it has read so far, against the limits."""

    reuse: Reuse | None
    check: Callable[[RawRecord], Checked]
    values: bool = True  # the loader takes the records' values (not only what the checks read)
    budget: Budget = field(default_factory=Budget)
    max_file: int = field(default_factory=lambda: limit_of("FACTSHEET_MAX_FILE_BYTES", MAX_FILE_BYTES))
    max_total: int = field(default_factory=lambda: limit_of("FACTSHEET_MAX_CONTENT_BYTES", MAX_TOTAL_BYTES))
    max_records: int = field(default_factory=lambda: limit_of("FACTSHEET_MAX_RECORDS", MAX_RECORDS))
    chars: int = 0
    records: int = 0

    @property
    def stopped(self) -> bool:
        """Past a limit: the loader reads the rest itself and reports it."""
        return self.chars > self.max_total or self.budget.nodes_left < 0 or self.records > self.max_records


_SHARE: _Share | None = None  # set in the parent just before forking; each worker inherits its copy


def outcomes_of(files: Files, reuse: Reuse | None, check: Callable[[RawRecord], Checked],
                jobs: int | None) -> Iterator[FileOutcome | None]:
    """What workers made of each file, in file order (None: read it yourself); nothing when not worth forking."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 2 or not _worth_forking(files, reuse) or not can_fork():
        return iter(())
    return _outcomes(files, _Share(reuse, check, reuse.values if reuse is not None else True), jobs)


def _worth_forking(files: Files, reuse: Reuse | None) -> bool:
    if reuse is not None and 2 * reuse.known() >= len(files):
        # Most files are in the parse cache (a check again, or after an edit): taking an entry is far quicker
        # than parsing, and forking, shipping each entry back and unpickling it in both processes cost more
        # than they save (a warm check of 10,000 events: 1.1 s more CPU in the workers, a slower load).
        return False
    if len(files) >= PARALLEL_FILES:
        return True
    size = 0
    for _collection, path, _shown in files:
        with contextlib.suppress(OSError):  # the loader says why it cannot read it
            size += os.stat(path).st_size
    return size >= PARALLEL_BYTES


# What a worker sends back for a file: the length of its text (-1: unreadable), the values it holds, the problems
# met in reading it, its cache key, its entry for the parse cache or None, whether that entry is the old one (then
# only the part the loader reads, in its place, without checksums), and its records when they have no entry (a file
# with errors: never cached).
_Sent = tuple[int, int, tuple[Problem, ...], str, Entry | None, bool, tuple[RawRecord, ...]]


def _outcomes(files: Files, share: _Share, jobs: int) -> Iterator[FileOutcome | None]:
    global _SHARE
    size = max(1, min(SLICE_FILES, len(files) // (jobs * 8)))
    slices = iter([files[start:start + size] for start in range(0, len(files), size)])
    _SHARE = share
    pool = forked_pool(jobs)
    window: deque[tuple[int, Future[list[_Sent | None]] | None]] = deque()
    try:
        for part in slices:
            try:
                window.append((len(part), pool.submit(_read_share, part)))
            except Exception:  # the pool broke (a worker died): the loader reads the rest itself
                window.append((len(part), None))
            if len(window) < AHEAD * jobs:
                continue
            yield from (_outcome_of(sent, share.values) for sent in _taken(*window.popleft()))
        while window:
            yield from (_outcome_of(sent, share.values) for sent in _taken(*window.popleft()))
    finally:
        _SHARE = None
        pool.shutdown(wait=True, cancel_futures=True)  # a loader that stops early leaves nothing running


def _taken(count: int, future: Future[list[_Sent | None]] | None) -> list[_Sent | None]:
    try:
        return future.result() if future is not None else [None] * count
    except Exception:  # a worker died or failed: the loader reads these itself (and meets any error itself)
        return [None] * count


def _outcome_of(sent: _Sent | None, values: bool) -> FileOutcome | None:
    """A file's outcome, its records made here from the entry the worker sent (pickled once, for the cache);
    without their values unless the loader takes them (`values`)."""
    if sent is None:
        return None
    chars, nodes, problems, key, entry, cached, records = sent
    if entry is not None:
        file = file_of(entry[2] if values else entry[0], values)
        if file is None:  # pragma: no cover - made by the worker a moment ago
            return None
        records = file.records
    return FileOutcome(chars, nodes, problems, records, key, cached, None if cached else entry)


def _read_share(files: Files) -> list[_Sent | None]:
    share = _SHARE
    assert share is not None, "worker started without its share"
    return [None if share.stopped else _read_one(share, *file) for file in files]


def _read_one(share: _Share, collection: str, path: str | Path, shown: str) -> _Sent | None:
    """What the loader would make of one file (load.py's loop and _read_here), with problems of its own."""
    problems = Problems()
    data = read_bytes(path, shown, problems, share.max_file)
    text = None if data is None else decode_text(data, shown, problems)
    if data is None or text is None:
        return (-1, 0, tuple(problems.items), "", None, False, ())
    share.chars += len(text)
    if share.chars > share.max_total:
        return None
    reuse, budget = share.reuse, share.budget
    key = reuse.key_of(collection, shown, data) if reuse is not None else ""
    del data
    old = reuse.old_entry_of(key) if reuse is not None else None
    if old is not None and old[1].nodes <= budget.nodes_left:
        blob, cached = old
        budget.nodes_left -= cached.nodes
        share.records += len(cached.records)
        return (len(text), cached.nodes, (), key, (blob, b"", blob, b""), True, ())
    nodes_before = budget.nodes_left
    found = parse_file(collection, shown, text, problems, budget, share.check)
    nodes = nodes_before - budget.nodes_left
    share.records += len(found)
    if reuse is not None and keepable(found, problems, 0):
        return (len(text), nodes, (), key, entry_of(key, CachedFile(nodes, tuple(found))), False, ())
    return (len(text), nodes, tuple(problems.items), key, None, False, tuple(found))
