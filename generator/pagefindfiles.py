"""Pagefind's bundle put in one canonical order, so that two builds of the same briefing write the same bytes.

Pagefind 1.5 writes its filters from a Rust HashMap, whose order is seeded at random in each run: the
filter files (one per filter: each value with the pages that carry it) list their values in a different
order each time, so their content hashes, which are their names, differ; and the language's meta file,
which lists the filters by name in that same random order, and the entry file naming the meta file by its
hash differ with them. Everything else (the fragments, the word index, the sort orders) is already
identical from run to run (measured; Pagefind's issue 638 says the same). What a search finds does not
depend on either order, so here each filter file's values and the meta file's list of filters are
sorted, and the files whose names are hashes of their content are renamed after the new content.
Nothing else is touched: a layout this module does not know is refused rather than guessed at.

A bundle (each search shard's, searchshards.py) is also kept between builds of one output folder (save_bundle,
kept_bundle), under the key of the record pages it was made from: a shard whose record pages are all the same
runs no Pagefind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from pathlib import Path
from typing import Any

import cbor2

from .cache import write_atomic

SIGNATURE = b"pagefind_dcd"  # every binary file of the bundle: gzip of this, then one CBOR value
# The meta file: [version, pages, word index chunks, filters as [name, file hash], sorts, meta keys].
_META_FILTERS = 3
_META_NAME = re.compile(r"pagefind\.([a-z0-9_-]+)\.pf_meta")


class BundleError(Exception):
    """The bundle is not laid out as the Pagefind version this module was written for lays it out."""


def _decoded(data: bytes) -> Any:
    raw = zlib.decompress(data, 16 + zlib.MAX_WBITS)
    if not raw.startswith(SIGNATURE):
        raise BundleError("a Pagefind file without its signature")
    return cbor2.loads(raw[len(SIGNATURE):])


def _encoded(value: Any) -> tuple[bytes, str]:
    """The file's bytes (gzip without a time stamp, as Pagefind writes them) and the hex digest of its content."""
    raw = SIGNATURE + cbor2.dumps(value)
    return gzip.compress(raw, mtime=0), hashlib.sha256(raw).hexdigest()


def canonical_bundle(files: dict[str, bytes], folder: str = "pagefind/") -> dict[str, bytes]:
    """The same bundle with its filters in sorted order and the files named after them renamed; `folder`: where
    the bundle sits below the site root (each search shard has its own, searchshards.py)."""
    out = dict(files)
    entry_name = f"{folder}pagefind-entry.json"
    entry = json.loads(files[entry_name])
    text = files[entry_name].decode("utf-8")
    for language, about in sorted(entry["languages"].items()):
        meta_name = f"{folder}pagefind.{about['hash']}.pf_meta"
        meta = _decoded(out.pop(meta_name))
        if not isinstance(meta, list) or len(meta) != 6 or meta[0] != entry["version"]:
            raise BundleError(f"unknown layout of {meta_name}")
        filters = []
        for name, old in sorted(meta[_META_FILTERS]):
            key = f"{folder}filter/{old}.pf_filter"
            filter_name, values = _decoded(out.pop(key))
            if filter_name != name:
                raise BundleError(f"{key} holds filter {filter_name!r}, not {name!r}")
            data, digest = _encoded([name, sorted(values, key=lambda v: str(v[0]))])
            new = f"{language}_{digest[:7]}"
            out[f"{folder}filter/{new}.pf_filter"] = data
            filters.append([name, new])
        meta[_META_FILTERS] = filters
        data, digest = _encoded(meta)
        new_meta = f"{language}_{digest[:10]}"
        out[f"{folder}pagefind.{new_meta}.pf_meta"] = data
        text = text.replace(json.dumps(about["hash"]), json.dumps(new_meta))
    out[entry_name] = text.encode("utf-8")
    metas = sum(1 for name in out if name.startswith(folder) and _META_NAME.fullmatch(name[len(folder):]))
    if metas != len(entry["languages"]):
        raise BundleError("a meta file that pagefind-entry.json does not name")
    return out


def _payload_digest(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=20).hexdigest()


def save_bundle(path: Path, key: str, files: dict[str, bytes]) -> None:
    """Keep a bundle under `key` in one file: a JSON line naming each file and its length, then their bytes.
    Best effort: a bundle that cannot be kept only makes the next build run Pagefind."""
    names = sorted(files)
    payload = b"".join(files[name] for name in names)
    header = {"key": key, "files": [[name, len(files[name])] for name in names], "digest": _payload_digest(payload)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(header).encode("utf-8") + b"\n" + payload)
    except OSError:
        path.unlink(missing_ok=True)


def kept_bundle(path: Path, key: str) -> dict[str, bytes] | None:
    """The bundle kept under `key`, or None: none kept, another key, or a file that does not check out."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    line, _, payload = data.partition(b"\n")
    try:
        header = json.loads(line)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("key") != key or header.get("digest") != _payload_digest(payload):
        return None
    files, start = {}, 0
    listed = header.get("files")
    if not isinstance(listed, list):
        return None
    for item in listed:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and type(item[1]) is int
                and item[0].startswith("pagefind/") and 0 <= item[1] <= len(payload) - start):
            return None
        files[item[0]] = payload[start:start + item[1]]
        start += item[1]
    return files if start == len(payload) and len(files) == len(listed) else None
