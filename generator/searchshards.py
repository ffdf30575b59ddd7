"""The search records' pages indexed by Pagefind in shards, each its own bundle, kept and indexed again on its own.

Pagefind cannot index part of a site (its issue 71), so the records are split into shards, each indexed by its
own Pagefind run into its own bundle, and the browser searches them all as one (pagefind.js's `mergeIndex`:
each bundle is searched and the union sorted by score; assets/search.js). A record's shard is a hash of its
link modulo the shard count, a power of two that depends only on the number of records (`shard_count_of`), so
an edit leaves every other record in its shard, and only the shards whose record pages changed are indexed
again; the others are taken from where the last build into the same output folder kept them (`keep`).

Shard 0 is the bundle under `pagefind/` with Pagefind's script, worker and WebAssembly; shard k > 0 is under
`pagefind/k/` and holds only its index (a merged bundle runs on the first one's code). A briefing of at most
SHARD_SIZE records has one shard: exactly the single bundle of before. With more, the first bundle's
`pagefind-entry.json` also names the others (`factsheet_shards`), which search.js reads before searching.
Measured (docs/publishing.md): Pagefind takes about 0.45 ms of CPU and 46 KB of memory per record, so a
shard of 4,000 records is indexed in under 2 s in under 200 MB; a first search downloads each shard's entry,
meta (about 9 bytes a record, the same in all) and one index chunk a word (about 15 KB).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import weakref
from dataclasses import dataclass, field
from html import escape
from importlib import metadata
from pathlib import Path

from .cache import code_digest
from .pagefindfiles import BundleError, canonical_bundle, kept_bundle, save_bundle
from .text import MarkdownRenderer
from .write import TEMP_PREFIX

INDEX_DIR = "pagefind"
SHARD_SIZE = 4000  # the most records a shard holds (docs/publishing.md, "Search", says why)
LANES = 2  # Pagefind runs at a time: memory stays bounded by two shards', whatever the briefing's size
# What a shard's folder keeps: its index; Pagefind's script, worker and WebAssembly only in shard 0, and none of
# its ready-made interfaces (about 420 KB): search.js drives pagefind.js itself and uses none of them.
_INDEX_FILES = re.compile(r"pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|(index|filter|fragment)/[^/]+")
_CODE_FILES = re.compile(r"pagefind\.js|pagefind-worker\.js|wasm\.[a-z0-9_-]+\.pagefind")
ENTRY_SHARDS = "factsheet_shards"  # the key of pagefind-entry.json naming the other shards' folders

# One lane: its shards indexed one after the other in a small process of its own, which the build leaves
# running beside the rendering (no thread in the build process, which forks the render workers meanwhile).
_LANE = """\
import subprocess, sys
binary, language, *folders = sys.argv[1:]
for folder in folders:
    with open(folder + "/pagefind.log", "wb") as log:
        try:
            status = str(subprocess.call(
                [binary, "--site", "records", "--output-path", "pagefind", "--force-language", language,
                 "--silent"], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=folder))
        except OSError as exc:
            status = "could not start Pagefind (%s): %s" % (binary, exc.strerror or exc)
    with open(folder + "/status", "w") as out:
        out.write(status)
    if status != "0":
        break
"""


class SearchError(Exception):
    """Pagefind could not index the briefing (its binary missing, failing, or writing what we cannot read)."""


@dataclass(frozen=True)
class SearchRecord:
    url: str  # relative to the site root
    title: str
    content: str  # the text searched and quoted in excerpts, after the title
    kind: str  # "Event", "Actor", ...: a filter, and shown beside each result
    date: str = ""  # ISO earliest bound, the sort key; "" when undated
    filters: dict[str, list[str]] = field(default_factory=dict)


def page_of(record: SearchRecord, lang: str) -> str:
    """The page Pagefind reads for one record: the text, and what a result shows and filters by as attributes.

    Values sit in attributes (`key[data-value]`), never in text, so that none of them is searched as text
    and a comma or colon in a name cannot split it."""
    meta = {"url": record.url, "kind": record.kind, **({"date": record.date} if record.date else {})}
    filters = {"type": [record.kind], **record.filters}
    return "".join((
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title></title></head><body>',
        f'<h1 data-pagefind-meta="title">{escape(record.title)}</h1><p>{escape(record.content)}</p>',
        *(_tag("meta", k, v) for k, v in meta.items()),
        *(_tag("filter", k, v) for k, values in filters.items() for v in values),
        _tag("sort", "date", record.date) if record.date else "",
        "</body></html>\n",
    ))


@functools.lru_cache(maxsize=65536)  # the same actors, places, kinds and dates on thousands of records
def _tag(kind: str, key: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{escape(key)}[data-value]" data-value="{escape(value)}"></span>'


def file_of(url: str) -> str:
    """The record page's name. A record shown as an entry of a list page (sources/index.html#x) still needs a
    page of its own here; its real link travels in the `url` meta, which search.js follows."""
    page, _, anchor = url.partition("#")
    return f"{page.removesuffix('.html')}.{anchor}.html" if anchor else page


def shard_count_of(records: int, size: int = SHARD_SIZE) -> int:
    """The fewest shards, a power of two, that hold `records` at most `size` to a shard on average. A power of
    two, so that when the count doubles each shard splits in two (shard_of(url, 2n) % n == shard_of(url, n))."""
    count = 1
    while records > count * size:
        count *= 2
    return count


def shard_of(url: str, count: int) -> int:
    """The shard of the record at `url`: the same whatever else the briefing holds, while the count holds."""
    return _hash_of(url) % count


def _hash_of(url: str) -> int:
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big")


def folder_of(shard: int) -> str:
    """Where a shard's bundle sits in the site: shard 0 is `pagefind/`, as a briefing's only bundle is."""
    return f"{INDEX_DIR}/" if shard == 0 else f"{INDEX_DIR}/{shard}/"


def kept_name(shard: int, count: int) -> str:
    return f"{shard}-of-{count}.bin"


@dataclass
class _Shard:
    number: int
    records: list[SearchRecord]  # in the briefing's order
    key: str
    kept: dict[str, bytes] | None = None
    folder: Path | None = None  # its working folder, when Pagefind indexes it


class Indexing:
    """Pagefind running over the record pages in shards, started before the site is rendered and read after."""

    def __init__(self, records: list[SearchRecord], language: str, out: Path | None = None,
                 markdown: MarkdownRenderer | None = None, *, keep: Path | None = None, fresh: bool = False,
                 shard_size: int | None = None) -> None:
        """`keep`: the folder where each shard's bundle is kept for the next build (pagefindfiles.save_bundle);
        a shard kept there from the same record pages, shard count, Pagefind version and code is taken instead
        of running Pagefind, unless `fresh`. `shard_size`: the most records to a shard (SHARD_SIZE)."""
        from pagefind.service import get_executable  # the binary that pagefind[bin] ships

        # The renderer the records' Markdown was converted with: made before the pages are rendered, so the
        # pages' `md` filter can be this renderer and reuse those conversions (in the forked workers too).
        self.markdown = markdown
        self.count = shard_count_of(len(records), SHARD_SIZE if shard_size is None else shard_size)
        hashes = [_hash_of(r.url) for r in records]
        while self.count > 1 and len({h % self.count for h in hashes}) < self.count:
            self.count //= 2  # no shard left empty (Pagefind indexes no empty folder): only ever with tiny shards
        self._keep, self._error = keep, ""  # the error said by files(), where the build reports problems
        self._lanes: list[subprocess.Popen[bytes]] = []
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        grouped: list[list[SearchRecord]] = [[] for _ in range(self.count)]
        for record, h in zip(records, hashes, strict=True):
            grouped[h % self.count].append(record)
        made_by = f"{code_digest()}\0{metadata.version('pagefind')}\0{language}" if keep else ""
        self.shards = [_Shard(n, chosen, _key_of(f"{made_by}\0{n}/{self.count}", chosen) if keep else "")
                       for n, chosen in enumerate(grouped)]
        if keep is not None and not fresh:
            for shard in self.shards:
                shard.kept = kept_bundle(keep / kept_name(shard.number, self.count), shard.key)
        self.indexed = [s.number for s in self.shards if s.kept is None and s.records]  # what Pagefind runs over
        if not self.indexed:  # all kept (or no records: Pagefind refuses an empty folder, and there is no index)
            return
        # Beside the site, named like write.py's temporary folders, so that what a killed build leaves
        # there is removed by the next build into `out` (write.clean_leftovers); else the system's.
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = tempfile.TemporaryDirectory(
            prefix=f"{TEMP_PREFIX}{out.name}-search-" if out else "factsheet-search-", dir=out and out.parent)
        root = Path(self._tmp.name).resolve()  # absolute: Pagefind runs in it, and `out` may be relative
        for number in self.indexed:
            shard = self.shards[number]
            shard.folder = root / str(number)
            for record in shard.records:  # made only here: a kept shard needs no pages
                path = shard.folder / "records" / file_of(record.url)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(page_of(record, language), encoding="utf-8")
        binary = get_executable()
        if binary is None:
            self._error = "Pagefind's binary is missing; reinstall factsheet (pip install 'pagefind[bin]')"
            return
        lanes = min(LANES, len(self.indexed))
        for lane in range(lanes):
            folders = [str(self.shards[n].folder) for n in self.indexed[lane::lanes]]
            try:
                # its own session: stopping the lane (below) stops the Pagefind it runs too
                self._lanes.append(subprocess.Popen(
                    [sys.executable, "-I", "-S", "-c", _LANE, str(binary), language, *folders],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    cwd=root, start_new_session=True))
            except OSError as exc:
                self._error = f"could not start Pagefind's runner ({sys.executable}): {exc.strerror or exc}"
                break
        # A build that stops early (an error, an interrupt) drops this object: stop Pagefind, then delete.
        weakref.finalize(self, _stop, self._lanes, self._tmp)

    def wait(self) -> None:
        """Until every Pagefind run has ended."""
        for lane in self._lanes:
            lane.wait()

    def files(self) -> dict[str, bytes]:
        """Every file of every shard's bundle, keyed by its path below the site root (pagefind/...)."""
        bundle: dict[str, bytes] = {}
        try:
            if self._error:
                raise SearchError(self._error)
            self.wait()
            for shard in self.shards:
                if shard.kept is not None:
                    bundle.update(shard.kept)
                elif shard.folder is not None:
                    bundle.update(self._indexed(shard))
        finally:
            if self._tmp is not None:
                self._tmp.cleanup()
        if self._keep is not None:
            _forget_others(self._keep, {kept_name(s.number, self.count) for s in self.shards})
        return bundle

    def _indexed(self, shard: _Shard) -> dict[str, bytes]:
        """The bundle Pagefind wrote for one shard, in canonical order, under the shard's folder; kept."""
        assert shard.folder is not None
        out = shard.folder / "pagefind"
        try:
            status = (shard.folder / "status").read_text(encoding="utf-8")
        except OSError:
            status = "none"
        if status.startswith("could not start"):
            raise SearchError(status)
        if status != "0" or not (out / "pagefind-entry.json").is_file():
            log = (shard.folder / "pagefind.log").read_text(encoding="utf-8", errors="replace").strip() \
                if (shard.folder / "pagefind.log").is_file() else ""
            raise SearchError(f"Pagefind could not index the briefing (exit status {status}): "
                              f"{log.splitlines()[-1] if log else 'no message'}")
        wanted = _INDEX_FILES if shard.number else re.compile(f"{_INDEX_FILES.pattern}|{_CODE_FILES.pattern}")
        prefix = folder_of(shard.number)
        files = {f"{prefix}{rel}": p.read_bytes() for p in sorted(out.rglob("*"))
                 if p.is_file() and wanted.fullmatch(rel := p.relative_to(out).as_posix())}
        try:
            files = canonical_bundle(files, prefix)
        except (BundleError, ValueError, KeyError) as exc:  # ValueError: zlib and CBOR errors
            raise SearchError(f"Pagefind wrote a bundle factsheet cannot put in order: {exc}") from exc
        if shard.number == 0 and self.count > 1:
            entry = f"{prefix}pagefind-entry.json"
            others = ",".join(f'"{n}/"' for n in range(1, self.count))
            files[entry] = files[entry].rstrip().removesuffix(b"}") + f',"{ENTRY_SHARDS}":[{others}]}}'.encode()
        if self._keep is not None:
            save_bundle(self._keep / kept_name(shard.number, self.count), shard.key, files)
        return files


def _key_of(made_by: str, records: list[SearchRecord]) -> str:
    """What a shard's bundle is made from: its records (whose pages page_of makes, part of factsheet's code) and
    `made_by`: factsheet's code, Pagefind's version, the language, the shard's place among the shards."""
    h = hashlib.blake2b(made_by.encode(), digest_size=20)
    for r in records:
        h.update(f"\1{r.url}\0{r.title}\0{r.content}\0{r.kind}\0{r.date}\0{r.filters!r}".encode())
    return h.hexdigest()


def _forget_others(keep: Path, names: set[str]) -> None:
    """Remove the kept bundles of another shard count: best effort, they only take room."""
    try:
        for path in keep.iterdir():
            if path.name not in names:
                path.unlink(missing_ok=True)
    except OSError:
        pass


def _stop(lanes: list[subprocess.Popen[bytes]], tmp: tempfile.TemporaryDirectory[str] | None) -> None:
    for lane in lanes:
        if lane.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(lane.pid, signal.SIGKILL)  # the lane and the Pagefind it runs
            lane.wait()
    if tmp is not None:
        tmp.cleanup()
