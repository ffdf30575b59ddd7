"""The render cache: each page's bytes reused while nothing the page is made from has changed.

Where: one `manifest.json` per output folder under the user's cache folder (`$FACTSHEET_CACHE_DIR`,
else `$XDG_CACHE_HOME/factsheet`, else `~/.cache/factsheet`), in a folder named by a digest of the
output's path: nothing lands in the briefing, in the site or beside it, and the atomic swap of
write.py stays as it is. The manifest holds factsheet's version and code, the briefing folder, and
for every page its key and the digest of its bytes; the bytes themselves are the ones the last
build wrote into the site, so the cache costs no second copy. A page's key is a digest of everything
it is made from: the records in its `reads` with what the reverse indexes hold for them (so a
renumbered source, a moved line or one more event of an actor counts), the order of the collections
it lists, briefing.yaml, every template, theme and static file, and its own path, template and
section. It also keeps a digest of every input and the size and time of every file of the site, so
that a build with nothing changed does nothing. A cache from another version or another briefing,
or a page that no longer matches its digest, is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import orjson

from . import cachedir
from .cachedir import cache_root
from .load import MAX_FILE_BYTES
from .model import Briefing
from .pages import META, Page
from .picture import CHARTED
from .yamlnodes import limit_of

FORMAT = 2  # bump when the layout of the cache changes


def manifest_of(out: Path) -> Path:
    """The manifest of one output folder: one folder per output path, so two sites never share one."""
    return cache_root() / _digest(os.fsencode(out.resolve())) / "manifest.json"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def code_digest() -> str:
    """factsheet's version and its code, so a changed checkout never reuses pages an older one made."""
    return cachedir.code_digest(FORMAT)


def tree_digest(folders: Iterable[Path]) -> str:
    """Every file under the folders pages are made with (templates, the theme, static files), names and bytes."""
    h = hashlib.blake2b(digest_size=20)
    limit = limit_of("FACTSHEET_MAX_FILE_BYTES", MAX_FILE_BYTES)
    try:
        for folder in folders:
            h.update(b"\1" + os.fsencode(folder))
            for rel, entry in _files_under(str(folder)) if folder.is_dir() and not folder.is_symlink() else ():
                if "__pycache__" not in rel.split("/"):
                    h.update(os.fsencode(rel) + b"\0" + _file_digest(entry.path, limit).encode())
    except (_Unsure, OSError):
        return secrets.token_hex(20)  # a link, pipe or device among them: match no earlier build
    return h.hexdigest()


def _files_under(folder: str, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path below the folder, entry) of every file under it, in name order. A symbolic link, pipe, socket
    or device raises _Unsure: what it holds may change unseen, or reading it may never end."""
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if entry.is_symlink():
            raise _Unsure(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(entry.path, prefix + entry.name + "/")
        elif entry.is_file(follow_symlinks=False):
            yield prefix + entry.name, entry
        else:
            raise _Unsure(entry.path)


class _Unsure(Exception):
    """An input whose digest cannot be trusted or taken safely: the build then runs in full (and reports it)."""


def _file_digest(path: str, limit: int) -> str:
    """The digest of a regular file of at most `limit` bytes, read without blocking on a pipe swapped in."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise _Unsure(path)  # the loader refuses it with a located error; nothing to skip to
        data = stream.read(info.st_size + 1)
        if len(data) > info.st_size:
            raise _Unsure(path)  # it grew while read: let the loader deal with it
        return _digest(data)


def inputs_digest(folders: Iterable[Path], options: str) -> str | None:
    """Every file a build reads (content, templates, theme, static), names and bytes, with the build's options
    and factsheet's code; None where a symbolic link makes that uncertain (the build then runs in full)."""
    h = hashlib.blake2b(f"{code_digest()}\0{options}".encode(), digest_size=20)
    limit = limit_of("FACTSHEET_MAX_FILE_BYTES", MAX_FILE_BYTES)
    try:
        for folder in folders:
            h.update(b"\1" + os.fsencode(folder))
            if folder.is_symlink():
                return None
            if not folder.is_dir():
                continue
            for rel, entry in _files_under(str(folder)):
                h.update(os.fsencode(rel) + b"\0" + _file_digest(entry.path, limit).encode())
    except (_Unsure, OSError):
        return None
    return h.hexdigest()


def site_state(out: Path) -> dict[str, list[int]]:
    """Size and modification time of every file of a written site: a changed or removed one shows."""
    state: dict[str, list[int]] = {}
    try:
        for rel, entry in _files_under(str(out)):
            info = entry.stat(follow_symlinks=False)
            state[rel] = [info.st_size, info.st_mtime_ns]
    except _Unsure:
        return {}  # the build writes only regular files: someone else put this here
    return state


def read_digests(briefing: Briefing, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A digest for every key a page's `reads` can hold: each record, each collection's order, and META;
    `extra` adds what the plan made of other inputs (editions, the periods of a long list)."""
    digests = {META: _digest(pickle.dumps(briefing.meta, protocol=5)), **(extra or {})}
    indexes = [briefing.index[name] for name in sorted(briefing.index)]
    for name in ("events", "actors", "statements", "sources", "places"):
        records = getattr(briefing, name)
        digests[name] = _digest("\0".join(r.id for r in records).encode())
        for record in records:
            # The record and what the reverse indexes hold for it: a card counts an actor's events, and
            # an event page lists its statements, though those records are not on the page themselves.
            related = tuple(index.get(record.id) for index in indexes)
            digests[f"{name}/{record.id}"] = _digest(pickle.dumps((record, related), protocol=5))
    return digests


def read_lines(briefing: Briefing, extra: dict[str, str] | None = None) -> dict[str, bytes]:
    """Each read's name and digest (read_digests), digested once into 20 bytes: a page's key then digests 20
    bytes per read (1.2 million reads at 10,000 events: 25 MB to digest, where their text was 112 MB)."""
    return {read: hashlib.blake2b(f"{read}={digest}".encode(), digest_size=20).digest()
            for read, digest in read_digests(briefing, extra).items()}


def page_keys_of(pages: list[Page], briefing: Briefing, folders: list[Path],
                 extra: dict[str, str] | None = None, lines: dict[str, bytes] | None = None) -> list[str]:
    """The key of every page of a plan, in plan order (page_key); `lines`: read_lines(briefing, extra) when
    the caller has them (made in another process while the pages were planned)."""
    lines, trees = read_lines(briefing, extra) if lines is None else lines, tree_digest(folders)
    # The timeline chart (picture.py) is drawn on its pages outside their views, from every event: its marks
    # show each one's title and date, which the page's reads (found in its view) need not hold.
    charted = b"".join(lines[f"events/{event.id}"] for event in briefing.events)
    return [page_key(page, lines, trees, charted if page.path in CHARTED else b"") for page in pages]


def page_key(page: Page, lines: dict[str, bytes], templates: str, drawn: bytes = b"") -> str:
    """A digest of the page's path, template, section and kind, the templates, the `lines` of its reads, in the
    plan's order of them (sorted), and what its chart is `drawn` from."""
    h = hashlib.blake2b("\n".join((page.path, page.template, page.section, str(page.brief), templates)).encode(),
                        digest_size=20)
    h.update(b"".join(map(lines.__getitem__, page.reads)))  # a read with no digest is a bug: KeyError
    h.update(b"\0" + drawn)
    return h.hexdigest()


class PageCache:
    """What the last build of one output folder made: `reuse` a page whose key is unchanged, `save` after a build.

    The bytes come from the site itself (the last build wrote them there), checked against their digest."""

    def __init__(self, out: Path, briefing_dir: Path, *, clean: bool = False) -> None:
        self.out = out
        self.manifest = manifest_of(out)
        self.identity = {"format": FORMAT, "code": code_digest(), "briefing": str(briefing_dir.resolve())}
        self.last: dict[str, Any] = {}  # the whole manifest of the last build, once checked
        self.entries: dict[str, list[str]] = {} if clean else self._read_manifest()
        if not self.entries:
            self.last = {}
        self.plan: list[Page] = []
        self._index: dict[str, int] = {}
        self.reused: set[str] = set()  # pages whose bytes are those the site already holds
        self.keys: list[str] | None = []  # None: to be given (reuse_pages, keys_later)
        self.digests: dict[str, str] = {}  # of pages as written (note)

    def _read_manifest(self) -> dict[str, list[str]]:
        try:
            manifest = orjson.loads(self.manifest.read_bytes())  # 20 times json's speed: 116,578 pages at 50,000
            if not isinstance(manifest, dict) or manifest.get("identity") != self.identity:
                return {}  # another version, another briefing, or not ours: start again
            self.last = manifest
            pages = manifest["pages"]
            if not isinstance(pages, dict) or not all(
                isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in pages.values()
            ):
                return {}
            return pages
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # missing or corrupt

    def unchanged(self, inputs: str | None) -> list[list[Any]] | None:
        """The problems of the last build if nothing it read has changed and its site is as it left it."""
        if inputs is None or self.last.get("inputs") != inputs:
            return None
        try:
            if site_state(self.out) != self.last.get("site"):
                return None
        except OSError:
            return None
        problems = self.last.get("problems")
        return problems if isinstance(problems, list) else None

    def reuse_pages(self, pages: list[Page], briefing: Briefing, folders: list[Path],
                    extra: dict[str, str] | None = None, *, in_place: bool = False,
                    read: Collection[str] = (), keys_later: bool = False,
                    lines: Callable[[], dict[str, bytes] | None] = lambda: None) -> dict[int, bytes | int]:
        """The pages of this plan (by index) that need not be rendered again; remembers the plan's keys.

        Each is its bytes, read back from the site and checked against their digest; or, `in_place`, its size:
        the page is left where it is (linked into the new site), trusted because the file has the size and time
        the last build left it with, as a build with nothing changed trusts the whole site (pages in `read`
        are still read: the PDFs need them).

        `keys_later`: when the last build left nothing to reuse, the keys are not made here (seconds at 50,000
        events) but set in `keys` before `save`, made by page_keys_of elsewhere (a render worker). `lines()`: the
        read_lines of the plan's briefing when made elsewhere already, asked for only when the keys are made."""
        self.plan = pages
        self._index = {page.path: i for i, page in enumerate(pages)}
        if keys_later and not self.entries:
            self.keys = None
            return {}
        self.keys = page_keys_of(pages, briefing, folders, extra, lines())
        site = self.last.get("site") if in_place else None
        reused: dict[int, bytes | int] = {}
        for i, (page, key) in enumerate(zip(pages, self.keys, strict=True)):
            entry = self.entries.get(page.path)
            if entry is None or entry[0] != key:
                continue
            data: bytes | int | None = None
            if isinstance(site, dict) and page.path not in read:
                data = self._size_in_place(page.path, site.get(page.path))
            if data is None:
                data = self.reuse(page, key)
            if data is not None:
                reused[i] = data
                self.reused.add(page.path)
        return reused

    def _size_in_place(self, path: str, was: Any) -> int | None:
        """The page's size if the site's file is as the last build wrote it (size and modification time)."""
        try:
            info = os.lstat(self.out / path)
        except OSError:
            return None
        same = stat.S_ISREG(info.st_mode) and was == [info.st_size, info.st_mtime_ns]
        return info.st_size if same else None

    def note(self, path: str, data: bytes) -> None:
        """A page as this build wrote it (pages written as they render are not kept for `save`)."""
        key = self.keys[self._index[path]] if self.keys is not None and path in self._index else None
        old = self.entries.get(path)
        self.digests[path] = old[1] if old is not None and old[0] == key else _digest(data)

    def reuse(self, page: Page, key: str) -> bytes | None:
        """The page's bytes from the last build, if its key is the same and the file is as that build wrote it."""
        entry = self.entries.get(page.path)
        if entry is None or entry[0] != key:
            return None
        try:
            data = (self.out / page.path).read_bytes()
        except OSError:
            return None
        return data if _digest(data) == entry[1] else None

    def forget(self) -> None:
        """Before the site is replaced: a build that stops half way must not leave a manifest that vouches
        for pages the folder no longer holds."""
        self.manifest.unlink(missing_ok=True)

    def save(self, files: Mapping[str, bytes], inputs: str | None = None,
             problems: list[list[Any]] | None = None) -> None:
        """Remember this build's pages (as written into the site: `files`, the pages `note`d, the pages left in
        place) for the next one, with what it read and the problems it reported. Best effort: a cache that
        cannot be written only makes the next build slower."""
        if self.keys is None:  # never given: vouch for nothing
            self.forget()
            return
        entries: dict[str, list[str]] = {}
        for page, key in zip(self.plan, self.keys, strict=True):
            if page.path not in self.digests and page.path in files:
                self.note(page.path, files[page.path])
            old = self.entries.get(page.path)
            if page.path in self.digests:
                entries[page.path] = [key, self.digests[page.path]]
            elif page.path in self.reused and old is not None and old[0] == key:
                entries[page.path] = [key, old[1]]
        try:
            self.manifest.parent.mkdir(parents=True, exist_ok=True)
            manifest = {"identity": self.identity, "pages": entries, "inputs": inputs, "problems": problems or [],
                        "site": site_state(self.out)}
            write_atomic(self.manifest, orjson.dumps(manifest))
        except (OSError, TypeError):  # TypeError: orjson's refusal (orjson.JSONEncodeError), a value it cannot write
            self.manifest.unlink(missing_ok=True)
        self.entries = entries


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """The compiled templates of the last builds (a quarter of a second of CPU at each build otherwise): one
    folder per version of factsheet's code, whose code generator (render._Printing) makes them; a template is
    taken only with the checksum of its source. One that cannot be read back whole is compiled again, one that
    cannot be written is not kept."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # corrupt: compiled again (Bucket checks Jinja's and Python's magic, then the source)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache() -> TemplateCache | None:
    """The compiled templates' folder for this code (older codes' folders removed), or None where it cannot be
    made."""
    folder = cache_root() / "templates"
    own = folder / code_digest()
    try:
        if not own.is_dir():
            for old in folder.iterdir() if folder.is_dir() else ():
                shutil.rmtree(old, ignore_errors=True)
            own.mkdir(parents=True, exist_ok=True)
        return TemplateCache(str(own))
    except OSError:
        return None


def write_atomic(target: Path, data: bytes) -> None:
    """A whole file or none: a build killed while saving leaves no half manifest under a good name."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
