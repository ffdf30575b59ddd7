"""The parse cache: each content file's records as the last run read and validated them, kept by its bytes.

Reading YAML and checking each record on its own is most of a check; an edit changes one file of
thousands. So every file that read and validated without an error is kept, per briefing folder, in
`parsed/<digest of the folder>.cache` under the cache folder (cache.py's `cache_root`): for each
file, keyed by a digest of factsheet's code, the limits that bear on reading, the file's name as
messages show it, its collection and its bytes, what validating its records made (values, references,
warnings) with a checksum, and a stub of each record (its place and its `id`), which is all the checks across records
read. The checks across records (ids, references, loops, names) and linking always run in full.

The file is the entries one after another, then an index (key -> offset, length, checksum), then the
index's length: an entry is read when the loader asks for it, and written as soon as its file is
validated, so that the entries of a whole briefing (285 MB at 50,000 events) are never in memory.

The cache is not trusted: the file names a version and code, each entry carries its own checksum,
and entries are unpickled with an unpickler that makes only the classes such an entry is made of
(a crafted file cannot run code or make anything else). Anything that does not fit is ignored, and
that file is parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import struct
import sys
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from .cachedir import cache_root, code_digest
from .edtf import Edtf, _Point
from .fields import Positions, Ref, ref_of
from .load import CachedFile, Checked, Entry, FileOutcome, RawRecord
from .problems import Pos, Problem
from .yamlnodes import MAX_SCALAR_CHARS, Map, Scalar, limit_of

FORMAT = 4  # bump when what an entry holds changes shape
_ALLOWED: dict[tuple[str, str], Any] = {
    (made.__module__, made.__qualname__): made
    for made in (CachedFile, RawRecord, Checked, Map, Scalar, Positions, Ref, ref_of, Pos, Problem, Edtf, _Point)}
_TRAILER = struct.Struct("<Q")  # the index's length, at the very end of the file
Index = dict[str, tuple[int, int, bytes]]  # key -> (offset, length, checksum) of its entry
COPY_RUN = 4 * 1024 * 1024  # old entries copied at a time, at most (about): few reads, little memory


class _Unpickler(pickle.Unpickler):
    """Makes the classes an entry is made of and nothing else: no function is ever called by name."""

    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a parse cache entry")
        return found


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def checksum_of(key: str, blob: bytes) -> bytes:
    """An entry's checksum binds it to its key: a damaged entry, or one moved to another file's key, fails it."""
    return _digest(key.encode() + b"\0" + blob)


def values_key(key: str) -> str:
    """Where the whole of a file's entry, its records' values too, is kept (what the checks read is under `key`)."""
    return key + ":values"


def entry_of(key: str, file: CachedFile) -> Entry:
    """A file's entry as kept, in two parts, each with its checksum: what the checks read of its records (their
    stubs, references, problems and `across`), for a check that makes no model, then the whole of it, with
    their values, for one that links. Each part is read alone: a check reads one, never both."""
    checks = CachedFile(file.nodes, tuple(
        RawRecord(r.collection, r.node, Checked(None, r.checked.refs, r.checked.problems, r.checked.across))
        for r in file.records if r.checked is not None))
    blob, whole = pickle.dumps(checks, protocol=5), pickle.dumps(file, protocol=5)
    return blob, checksum_of(key, blob), whole, checksum_of(values_key(key), whole)


def file_of(blob: bytes, values: bool = False) -> CachedFile | None:
    """A part of an entry, if it is of the right shape: the whole of it (`values`), the keys of the records'
    values shared again, or what the checks read (their `values` None)."""
    try:
        cached = _Unpickler(io.BytesIO(blob)).load()
    except Exception:
        return None
    if not _well_formed(cached, values):
        return None
    if not values:
        return CachedFile(cached.nodes, tuple(RawRecord(sys.intern(r.collection), r.node, r.checked)
                                              for r in cached.records))
    return CachedFile(cached.nodes, tuple(
        RawRecord(sys.intern(r.collection), r.node, Checked(_rekeyed(r.checked.values), r.checked.refs,
                                                             r.checked.problems, r.checked.across))
        for r in cached.records))


class ParseCache:
    """The parse cache of one briefing folder: `key_of`, `lookup` and `keep` for the loader, `save` after
    validating. `clean` starts from nothing (and saves what this run made). `values`: lookups give the records'
    values (what the model is made from); without, only what the checks read (a check that makes no model)."""

    def __init__(self, briefing_dir: Path, *, clean: bool = False, values: bool = True) -> None:
        self.values = values
        self.path = cache_root() / "parsed" / (_digest(os.fsencode(briefing_dir.resolve())).hex() + ".cache")
        chars = limit_of("FACTSHEET_MAX_VALUE_CHARS", MAX_SCALAR_CHARS)
        try:
            self.identity: str | None = f"{FORMAT}:{code_digest()}:{chars}"
        except OSError:  # factsheet's own code unreadable (a check run as another user): no cache at all
            self.identity = None
        self.old: Index = {}
        self._old_stream: BinaryIO | None = None
        if not clean and self.identity is not None:
            self._old_stream, self.old = _open_store(self.path, self.identity)
        self.used: list[str] = []  # keys of the old entries this run took, to keep for the next
        self.new: Index = {}  # entries this run made, already in `_writer`
        self._writer: _Writer | None = None
        self._unwritable = False  # writing failed once: make no more entries
        self.hits = 0
        self.made = 0  # entries made by this run

    def key_of(self, collection: str, shown: str, data: bytes) -> str:
        head = f"{self.identity}\0{collection}\0{shown}\0".encode("utf-8", "surrogateescape")
        return hashlib.blake2b(head + data, digest_size=20).hexdigest()

    def known(self) -> int:
        return len(self.old) // 2  # an entry is in two parts

    def lookup(self, key: str) -> CachedFile | None:
        """What an earlier run made of the file with this key, if it is whole and of the right shape."""
        blob = self._blob_of(values_key(key) if self.values else key)
        file = file_of(blob, self.values) if blob is not None else None
        if file is None:
            return None
        self.used.append(key)
        self.hits += 1
        return file

    def old_entry_of(self, key: str) -> tuple[bytes, CachedFile] | None:
        """The part of the old entry under this key that lookups read (`values`: the whole of it) and what it
        holds as kept, if it is whole and of the right shape: a worker's lookup (parseworkers.py), which `take`
        then notes as used here."""
        blob = self._blob_of(values_key(key) if self.values else key)
        if blob is None:
            return None
        try:
            cached = _Unpickler(io.BytesIO(blob)).load()
        except Exception:
            return None
        return (blob, cached) if _well_formed(cached, self.values) else None

    def _blob_of(self, key: str) -> bytes | None:
        """The old entry's bytes if its checksum holds (a damaged entry, or one under another key, fails)."""
        where = self.old.get(key)
        if where is None or self._old_stream is None:
            return None
        offset, length, checksum = where
        try:
            blob = os.pread(self._old_stream.fileno(), length, offset)
        except (OSError, OverflowError, ValueError):
            return None
        return blob if checksum_of(key, blob) == checksum else None

    def keep(self, key: str, file: CachedFile) -> None:
        """Remember a file this run parsed and validated without a problem in reading or an error: it is
        written out at once, so that only its place is held in memory."""
        if self.identity is None or key in self.new or self._unwritable:
            return
        try:
            self._add(key, entry_of(key, file))
        except OSError:
            self._drop_writer()

    def take(self, outcome: FileOutcome) -> None:
        """What a worker made of a file (parseworkers.py), as `lookup` or `keep` would have noted it here."""
        if outcome.cached:
            self.used.append(outcome.key)
            self.hits += 1
            return
        if outcome.entry is None or self.identity is None or outcome.key in self.new or self._unwritable:
            return
        try:
            self._add(outcome.key, outcome.entry)
        except OSError:
            self._drop_writer()

    def _add(self, key: str, entry: Entry) -> None:
        if self._writer is None:
            self._writer = _Writer(self.path)
        blob, checksum, values, values_checksum = entry
        self.new[key] = self._writer.add(key, blob, checksum)
        self.new[values_key(key)] = self._writer.add(values_key(key), values, values_checksum)
        self.made += 1

    def _copied(self, writer: _Writer, keys: list[str]) -> Index:
        """The old entries under these keys, copied into the new file in runs of neighbours; their new places."""
        assert self._old_stream is not None
        fd = self._old_stream.fileno()
        placed: Index = {}
        run: list[tuple[str, int, int, bytes]] = []  # (key, offset, length, checksum) of neighbouring entries

        def copy_run() -> None:
            start, end = run[0][1], run[-1][1] + run[-1][2]
            data = os.pread(fd, end - start, start)
            if len(data) == end - start:  # else the index points past the file's end: leave them out
                base = writer.copy(data)
                placed.update((key, (base + offset - start, length, checksum)) for key, offset, length, checksum in run)
            run.clear()

        for key in sorted(keys, key=lambda k: self.old[k][0]):
            offset, length, checksum = self.old[key]
            if run and (offset != run[-1][1] + run[-1][2] or offset - run[0][1] > COPY_RUN):
                copy_run()
            run.append((key, offset, length, checksum))
        if run:
            copy_run()
        return placed

    def _drop_writer(self) -> None:
        if self._writer is not None:
            self._writer.discard()
        self._writer = None
        self._unwritable = True

    def save(self) -> None:
        """Keep this run's entries and the old ones it took (only those) for the next. Best effort: a cache
        that cannot be written only makes the next run slower.

        The old entries are copied as they are, both parts, with their checksums, in runs of neighbouring
        entries: not read through and digested again (that was a fifth of a check after editing one file of
        23,501). A damaged one is found when a check reads it, as in the old file."""
        try:
            if self.identity is None or not self.made and len(self.old) == 2 * len(set(self.used)) \
                    and all(values_key(key) in self.old for key in self.used):
                return  # the same files as last time, every one from the cache
            if self._unwritable:
                raise OSError("the cache cannot be written")
            writer = self._writer = self._writer or _Writer(self.path)
            index = dict(self.new)
            if self._old_stream is not None:
                kept = [key for key in dict.fromkeys(self.used) if key not in index and values_key(key) in self.old]
                index.update(self._copied(writer, [*kept, *map(values_key, kept)]))
            writer.finish(self.identity, index, self.path)
            self._writer = None
            self.path.with_suffix(".pickle").unlink(missing_ok=True)  # the earlier format of this cache
        except OSError:
            self._drop_writer()
            with contextlib.suppress(OSError):  # a folder we may not write in: nothing to remove either
                self.path.unlink(missing_ok=True)
        finally:
            if self._writer is not None:
                self._writer.discard()
                self._writer = None
            if self._old_stream is not None:
                self._old_stream.close()
                self._old_stream = None


class _Writer:
    """A new cache file being written beside the old one: entries as they come, the index last."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        self.tmp = tmp
        self.stream = os.fdopen(fd, "wb")
        self.offset = 0

    def copy(self, data: bytes) -> int:
        """Entries copied from the old file as they are; where they start in this one."""
        self.stream.write(data)
        self.offset += len(data)
        return self.offset - len(data)

    def add(self, key: str, blob: bytes, checksum: bytes | None = None) -> tuple[int, int, bytes]:
        self.stream.write(blob)
        where = (self.offset, len(blob), checksum if checksum is not None else checksum_of(key, blob))
        self.offset += len(blob)
        return where

    def finish(self, identity: str, index: Index, target: Path) -> None:
        head = pickle.dumps({"identity": identity, "files": index}, protocol=5)
        self.stream.write(head + _TRAILER.pack(len(head)))
        self.stream.close()
        os.replace(self.tmp, target)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
            os.unlink(self.tmp)


def _open_store(path: Path, identity: str) -> tuple[BinaryIO | None, Index]:
    """The old cache file, open, and its index; (None, {}) when it is missing, damaged or not this version's."""
    stream: BinaryIO | None = None
    try:
        stream = open(path, "rb")  # noqa: SIM115 - kept open for the lookups, closed by save()
        index = read_index(stream, identity)
        if index:
            return stream, index
    except Exception:  # missing, truncated or garbage: the same as no cache
        pass
    if stream is not None:
        stream.close()
    return None, {}


def read_index(stream: BinaryIO, identity: str | None = None) -> Index:
    """A cache file's index; empty when the file does not end in one of the right shape (or identity)."""
    size = os.fstat(stream.fileno()).st_size
    if size < _TRAILER.size:
        return {}
    (length,) = _TRAILER.unpack(os.pread(stream.fileno(), _TRAILER.size, size - _TRAILER.size))
    if length > size - _TRAILER.size:
        return {}
    stored = _Unpickler(io.BytesIO(os.pread(stream.fileno(), length, size - _TRAILER.size - length))).load()
    if not isinstance(stored, dict) or identity is not None and stored.get("identity") != identity:
        return {}  # another version, other limits, or not ours
    files = stored.get("files")
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, tuple) and len(v) == 3
            and type(v[0]) is int and type(v[1]) is int and isinstance(v[2], bytes) and v[0] >= 0 and v[1] >= 0}


def _rekeyed(value: Any) -> Any:
    """Validated values with the keys of their mappings the interned strings validating makes (the declared
    keys): unpickled, each file's entry had its own copy of each (about 100 MB at 50,000 events)."""
    if type(value) is dict:
        return {sys.intern(k): v if k == "extra" else _rekeyed(v) for k, v in value.items()}
    if type(value) is tuple and value and type(value[0]) is dict:
        return tuple([_rekeyed(v) for v in value])
    return value


def _well_formed(cached: Any, values: bool) -> bool:
    """The shape the loader and the validator rely on (the checksum rules out damage; this, other makers): with
    the records' values (`values`) or without (None)."""
    return isinstance(cached, CachedFile) and isinstance(cached.nodes, int) and cached.nodes >= 0 \
        and isinstance(cached.records, tuple) and all(_checked_well(r, values) for r in cached.records)


def _checked_well(record: Any, values: bool) -> bool:
    if not isinstance(record, RawRecord) or not isinstance(record.node, Map) or type(record.checked) is not Checked:
        return False
    checked = record.checked
    return (isinstance(checked.values, dict) if values else checked.values is None) \
        and isinstance(checked.across, dict) and type(checked.problems) is tuple \
        and all(type(p) is Problem for p in checked.problems) \
        and type(checked.refs) is tuple and all(type(ref) is tuple and len(ref) == 4 for ref in checked.refs)
