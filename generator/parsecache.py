"""The parse cache: each content file's records as the last run read and validated them, kept by its bytes.

Reading YAML and checking each record on its own is most of a check; an edit changes one file of
thousands. So every file that read and validated without an error is kept, per briefing folder, in
`parsed/<digest of the folder>.pickle` under the cache folder (cache.py's `cache_root`): for each
file, keyed by a digest of factsheet's code, the limits that bear on reading, the file's name as
messages show it, its collection and its bytes, what validating its records made (values, references,
warnings) with a checksum, and a stub of each record (its place and its `id`), which is all the checks across records
read. The checks across records (ids, references, loops, names) and linking always run in full.

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
from pathlib import Path
from typing import Any

from .cache import cache_root, code_digest, write_atomic
from .edtf import Edtf, _Point
from .fields import Positions, Ref
from .load import CachedFile, Checked, Loaded, RawRecord, stub_of
from .problems import Pos, Problem
from .yamlnodes import MAX_SCALAR_CHARS, Map, Scalar, limit_of

FORMAT = 1  # bump when what an entry holds changes shape
_ALLOWED = {(cls.__module__, cls.__qualname__): cls
            for cls in (CachedFile, RawRecord, Checked, Map, Scalar, Positions, Ref, Pos, Problem, Edtf, _Point)}


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


class ParseCache:
    """The parse cache of one briefing folder: `key_of` and `lookup` for the loader, `keep` and `save` after
    validating. `clean` starts from nothing (and saves what this run made)."""

    def __init__(self, briefing_dir: Path, *, clean: bool = False) -> None:
        self.path = cache_root() / "parsed" / (_digest(os.fsencode(briefing_dir.resolve())).hex() + ".pickle")
        chars = limit_of("FACTSHEET_MAX_VALUE_CHARS", MAX_SCALAR_CHARS)
        try:
            self.identity: str | None = f"{FORMAT}:{code_digest()}:{chars}"
        except OSError:  # factsheet's own code unreadable (a check run as another user): no cache at all
            self.identity = None
        self.old: dict[str, tuple[bytes, bytes]] = {} if clean or self.identity is None else self._read()
        self.kept: dict[str, tuple[bytes, bytes]] = {}  # entries of the files this run read, to save
        self.hits = 0
        self.made = 0  # entries made by this run

    def _read(self) -> dict[str, tuple[bytes, bytes]]:
        try:
            with open(self.path, "rb") as stream:
                stored = _Unpickler(stream).load()
            if not isinstance(stored, dict) or stored.get("identity") != self.identity:
                return {}  # another version, other limits, or not ours
            files = stored["files"]
            return files if isinstance(files, dict) else {}
        except Exception:  # missing, truncated or garbage: the same as no cache
            return {}

    def key_of(self, collection: str, shown: str, data: bytes) -> str:
        head = f"{self.identity}\0{collection}\0{shown}\0".encode("utf-8", "surrogateescape")
        return hashlib.blake2b(head + data, digest_size=20).hexdigest()

    def lookup(self, key: str) -> CachedFile | None:
        """What an earlier run made of the file with this key, if it is whole and of the right shape."""
        entry = self.old.get(key)
        if not (isinstance(entry, tuple) and len(entry) == 2 and all(isinstance(e, bytes) for e in entry)):
            return None
        checksum, blob = entry
        if checksum_of(key, blob) != checksum:
            return None
        try:
            cached = _Unpickler(io.BytesIO(blob)).load()
        except Exception:
            return None
        if not _well_formed(cached):
            return None
        self.kept[key] = entry
        self.hits += 1
        return cached  # type: ignore[no-any-return]

    def keep(self, loaded: Loaded, checked: list[Checked]) -> None:
        """Remember the files this run parsed and validated without a problem in reading or an error."""
        if len(checked) != len(loaded.records):
            return  # validation did not see every record: nothing to pair them with
        for file in loaded.files:
            if file.cached or file.problems or file.key in self.kept:
                continue
            done = checked[file.start:file.end]
            if any(p.severity == "error" for c in done for p in c.problems):
                continue
            records = tuple(RawRecord(r.collection, stub_of(r.node), c)
                            for r, c in zip(loaded.records[file.start:file.end], done, strict=True))
            blob = pickle.dumps(CachedFile(file.nodes, records), protocol=5)
            self.kept[file.key] = (checksum_of(file.key, blob), blob)
            self.made += 1

    def save(self) -> None:
        """Keep this run's entries (and only those) for the next. Best effort: a cache that cannot be
        written only makes the next run slower."""
        if self.identity is None or not self.made and self.kept.keys() == self.old.keys():
            return  # the same files as last time, every one from the cache
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, pickle.dumps({"identity": self.identity, "files": self.kept}, protocol=5))
        except OSError:
            with contextlib.suppress(OSError):  # a folder we may not write in: nothing to remove either
                self.path.unlink(missing_ok=True)


def _well_formed(cached: Any) -> bool:
    """The shape the loader and the validator rely on (the checksum rules out damage; this, other makers)."""
    return isinstance(cached, CachedFile) and isinstance(cached.nodes, int) and cached.nodes >= 0 \
        and isinstance(cached.records, tuple) \
        and all(isinstance(r, RawRecord) and isinstance(r.node, Map) and isinstance(r.checked, Checked)
                and isinstance(r.checked.values, dict) for r in cached.records)
