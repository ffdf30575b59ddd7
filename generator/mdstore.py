"""Every Markdown text of a briefing converted once per build, in parallel, and kept between builds.

Before the pages are planned, `converted_ahead` gathers every text of the briefing's Markdown fields (the
schema says which), takes those an earlier build converted from the store, and hands the rest out to forked
processes, which convert them while the build plans its pages; their HTML fills the renderer, so the
render workers and the PDF processes, forked later, inherit every conversion instead of each making its own.

The store: one file per briefing folder under the cache folder (cache.cache_root()/markdown/), the HTML of
each text of the last build. Keyed by factsheet's code, the Markdown and nh3 versions and the converter's
configuration, with a checksum over its body: a store that is unreadable, damaged, of another identity or of
the wrong shape is ignored, never trusted. It holds only the texts of the last build, so it never grows past
one briefing's. A build with `clean` does not read it (and saves its own).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .cache import code_digest, write_atomic
from .cachedir import cache_root
from .fields import ListOf, Markdown, Obj
from .model import Briefing
from .processes import end_with_parent
from .text import CONVERTER, MarkdownRenderer

FORMAT = 1  # bump when the layout of the store changes
AHEAD_FROM = 200  # texts to convert: below this, forking costs more than converting them here


def store_of(briefing_dir: Path) -> Path:
    """The store of one briefing folder: two briefings never share one."""
    name = hashlib.blake2b(os.fsencode(briefing_dir.resolve()), digest_size=20).hexdigest()
    return cache_root() / "markdown" / f"{name}.json"


def identity_of() -> str:
    """What a kept conversion depends on: factsheet's code, the libraries' versions, the converter's setup."""
    versions = [f"{lib} {metadata.version(lib)}" for lib in ("markdown", "nh3")]
    return "\0".join([str(FORMAT), code_digest(), *versions, CONVERTER])


# -- the texts ---------------------------------------------------------------------------------------------


_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _markdown_fields_of(model: type) -> tuple[tuple[str, str], ...]:
    """(field, how) for each field of a model class that holds Markdown, directly or in its parts: how is
    "text", "texts" (a list of them), "part" or "parts" (another model, or a list of them)."""
    known = _FIELDS.get(model)
    if known is not None:
        return known
    found: list[tuple[str, str]] = []
    for f in dataclasses.fields(model):
        ft = f.metadata.get("type")
        many = isinstance(ft, ListOf)
        if isinstance(ft, ListOf):
            ft = ft.item
        if isinstance(ft, Markdown):
            found.append((f.name, "texts" if many else "text"))
        elif isinstance(ft, Obj) and ft.model is not None and _markdown_fields_of(ft.model):
            found.append((f.name, "parts" if many else "part"))
    known = _FIELDS[model] = tuple(found)
    return known


def _gather(value: Any, found: dict[str, None]) -> None:
    for name, how in _markdown_fields_of(type(value)):
        held = getattr(value, name)
        if held is None:
            continue
        if how == "text":
            found[held] = None
        elif how == "texts":
            found.update(dict.fromkeys(held))
        elif how == "part":
            _gather(held, found)
        else:
            for part in held:
                _gather(part, found)


def texts_of(briefing: Briefing) -> list[str]:
    """Every distinct Markdown text of the briefing, in reading order (briefing.yaml, then each collection)."""
    found: dict[str, None] = {}
    _gather(briefing.meta, found)
    for f in dataclasses.fields(briefing):
        if f.init and f.name != "meta":
            for record in getattr(briefing, f.name):
                _gather(record, found)
    found.pop("", None)  # an empty text is never converted (the templates test it first)
    return list(found)


# -- the store ---------------------------------------------------------------------------------------------


def read_store(path: Path, identity: str) -> dict[str, str]:
    """The conversions kept at `path`, if the store is whole, ours and of this identity; else none."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    head, newline, body = data.partition(b"\n")
    if not newline or head != _head_of(identity, body):
        return {}  # another identity, damaged or cut short
    try:
        texts: Any = json.loads(body)
    except ValueError:
        return {}
    if not isinstance(texts, dict) or not all(type(v) is str for v in texts.values()):
        return {}
    return texts


def save_store(path: Path, identity: str, texts: dict[str, str]) -> None:
    """Keep `texts` for the next build. Best effort: a store that cannot be written only makes it slower."""
    try:
        body = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _head_of(identity, body) + b"\n" + body)
    except (OSError, ValueError):  # ValueError: a text Unicode cannot encode (a lone surrogate)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _head_of(identity: str, body: bytes) -> bytes:
    """The store's first line: its identity and body bound together, so any change to either fails it."""
    return hashlib.blake2b(identity.encode("utf-8") + b"\0" + body, digest_size=20).hexdigest().encode()


# -- converting ahead --------------------------------------------------------------------------------------


@dataclass
class _Share:
    """Texts one forked process converts; its HTML comes back through a pipe as a JSON list."""

    pid: int
    reader: int
    texts: list[str]


@dataclass
class Ahead:
    """One build's conversions: what was asked for, what came from the store, what was converted."""

    renderer: MarkdownRenderer
    texts: list[str]
    path: Path | None
    identity: str
    stored: dict[str, str] = field(default_factory=dict)  # dropped once taken (start)
    kept: int = 0  # texts the store held
    shares: list[_Share] = field(default_factory=list)
    reused: int = 0  # texts taken from the store
    converted: int = 0  # texts converted by this build (in the forked processes or here)

    def start(self, jobs: int) -> None:
        """Take what the store holds; fork processes to convert the rest when there are enough of them."""
        renderer = self.renderer
        for text in self.texts:  # the model's own strings as keys: the store's copies are dropped below
            html = self.stored.get(text)
            if html is not None and renderer.converted(text) is None:
                renderer.keep(text, html)
                self.reused += 1
        self.kept, self.stored = len(self.stored), {}
        missing = [t for t in self.texts if renderer.converted(t) is None]
        # One job: one process, as for the pages. Else every process converts while the build plans its pages.
        workers = min(jobs, len(missing) // AHEAD_FROM) if jobs > 1 else 0
        if workers < 1 or not hasattr(os, "fork"):
            return
        for stream in (sys.stdout, sys.stderr):  # a forked process must not write out a copy of their buffers
            stream.flush()
        for i in range(workers):
            self.shares.append(_fork(renderer, missing[i::workers], [s.reader for s in self.shares]))

    def finish(self) -> None:
        """Every text converted (what a process failed to send back, here) and the store saved."""
        renderer = self.renderer
        while self.shares:
            htmls = _collect(self.shares[0])
            share = self.shares.pop(0)
            if htmls is not None:
                for text, html in zip(share.texts, htmls, strict=True):
                    renderer.keep(text, html)
        for text in self.texts:
            if renderer.converted(text) is None:
                renderer.block(text)
        self.converted = len(self.texts) - self.reused
        if self.path is not None and (self.converted or self.kept != len(self.texts)):
            save_store(self.path, self.identity, {t: str(renderer.converted(t)) for t in self.texts})

    def stop(self) -> None:
        """The build stopped before finish(): end the processes, with nothing left behind."""
        while self.shares:
            share = self.shares.pop()
            if share.reader >= 0:
                os.close(share.reader)
            if share.pid > 0:
                os.kill(share.pid, signal.SIGKILL)  # not reaped yet, so still ours even if it has ended
                os.waitpid(share.pid, 0)


def _fork(renderer: MarkdownRenderer, texts: list[str], readers: list[int]) -> _Share:
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # a converting process: it never returns into the build
        code = 1
        try:
            end_with_parent(parent)
            gc.freeze()  # the model it shares with the build is never walked (so never copied) by its collections
            for fd in (reader, *readers):  # the build's ends, not its own
                os.close(fd)
            data = json.dumps([str(renderer.block(t)) for t in texts], ensure_ascii=False).encode("utf-8")
            with os.fdopen(writer, "wb") as stream:
                stream.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    return _Share(pid, reader, texts)


def _collect(share: _Share) -> list[str] | None:
    """The HTML a process sent back, in the order of its texts; None if it failed or sent anything else."""
    reader, share.reader = share.reader, -1  # closed below, whatever happens: stop() must not close it again
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(share.pid, 0)
    share.pid = 0  # reaped: its number may be another process's from now on
    if status != 0:
        return None
    try:
        htmls: Any = json.loads(data)
    except ValueError:
        return None
    if not isinstance(htmls, list) or len(htmls) != len(share.texts) or not all(type(h) is str for h in htmls):
        return None
    return htmls


@contextmanager
def converted_ahead(renderer: MarkdownRenderer, briefing: Briefing, briefing_dir: Path | None, jobs: int,
                    *, clean: bool = False) -> Iterator[Ahead]:
    """Every Markdown text of the briefing in `renderer` by the end of the block: converted in up to `jobs`
    forked processes while the block runs (the build plans its pages meanwhile), or taken from the store of
    `briefing_dir` (not read when `clean`; None: no store). Fork the render workers after it, not inside it."""
    path = store_of(briefing_dir) if briefing_dir is not None else None
    try:
        identity = identity_of() if path is not None else ""
    except OSError:  # factsheet's own code unreadable: no store at all
        path, identity = None, ""
    stored = read_store(path, identity) if path is not None and not clean else {}
    ahead = Ahead(renderer, texts_of(briefing), path, identity, stored)
    try:
        ahead.start(jobs)
        yield ahead
        ahead.finish()
    finally:
        ahead.stop()
