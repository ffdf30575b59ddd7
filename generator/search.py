"""The Pagefind search index: one record per event, actor, statement, source and place, from the model.

Each record becomes a small HTML page in a temporary folder (its text, and data-pagefind-* attributes for
its title, kind, link, filters for actor, place, kind and tag, and the date as a sort key), and Pagefind's
own binary indexes that folder in one run, beside the rendering. Measured (docs/publishing.md): Pagefind's
Python API answers each call only after a 0.1 s pause of its own (its reader sleeps before every
response), so adding records one by one cost 0.1 s each; one run over a folder costs the indexing alone.
Links are relative to the site root (`events/x/index.html`): search.js prefixes the page's own way back to
the root, so results work from any sub-path. The bundle is read back into memory, put in a canonical
order (pagefindfiles.py) and written with the rest of the site, atomically.

Between builds into one output folder, two things are kept beside the page cache's manifest: the plain text
of each Markdown text (PlainTexts), and the last bundle, under a digest of the record pages it was made from,
which a build with the same record pages takes instead of running Pagefind. Pagefind cannot index part of a
site (its issue 71), so a build whose records changed at all indexes them all again.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tempfile
import weakref
from dataclasses import dataclass, field
from html import escape
from importlib import metadata
from pathlib import Path
from typing import Any

from .cache import code_digest, manifest_of, write_atomic
from .csvdata import bounds_of
from .mdstore import identity_of
from .model import Actor, Briefing, Event, Place, Source
from .pagefindfiles import BundleError, canonical_bundle, kept_bundle, save_bundle
from .pages import url_for
from .text import MarkdownRenderer
from .write import TEMP_PREFIX

INDEX_DIR = "pagefind"
# Pagefind's ready-made interfaces (about 420 KB): search.js drives pagefind.js itself and uses none of them.
UNUSED = re.compile(r"pagefind-(component-ui|modular-ui|ui)\.(css|js)|pagefind-highlight\.js")


@dataclass(frozen=True)
class SearchRecord:
    url: str  # relative to the site root
    title: str
    content: str  # the text searched and quoted in excerpts, after the title
    kind: str  # "Event", "Actor", ...: a filter, and shown beside each result
    date: str = ""  # ISO earliest bound, the sort key; "" when undated
    filters: dict[str, list[str]] = field(default_factory=dict)


TEXTS = "search-texts.json"  # beside the page cache's manifest of the output folder (cache.manifest_of)
BUNDLE = "search-bundle.bin"  # the last bundle, beside it too (pagefindfiles.save_bundle)


class PlainTexts:
    """Markdown as the plain text the index holds, each distinct text converted once.

    With a `path`, the texts of the last build into the same output folder are read from it and this build's
    are saved there (`save`): a rebuild converts only the texts it has not seen (at 10,000 events converting
    every text was 90% of making the records, about 4.5 s). Keyed by the text itself and by what its HTML
    depends on, as the Markdown store is (mdstore.identity_of); a file that is unreadable, of another code or
    of the wrong shape is ignored."""

    def __init__(self, md: MarkdownRenderer | None = None, path: Path | None = None, *, fresh: bool = False) -> None:
        self.md = md or MarkdownRenderer()
        self.path = path
        self.identity = ""
        self.known: dict[str, str] = {}
        if path is not None:
            self.identity = identity_of()  # what the HTML they are made from depends on (mdstore.py)
            self.known = {} if fresh else self._read(path)
        self.used: dict[str, str] = {}

    def __call__(self, markdown: str | None) -> str:
        if not markdown:
            return ""
        plain = self.used.get(markdown)
        if plain is None:
            plain = self.known.get(markdown)
            if plain is None:
                plain = " ".join(self.md.block(markdown).striptags().split())
            self.used[markdown] = plain
        return plain

    def _read(self, path: Path) -> dict[str, str]:
        try:
            data: Any = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return {}
        texts = data.get("texts") if isinstance(data, dict) and data.get("identity") == self.identity else None
        if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
            return {}
        return texts

    def save(self) -> None:
        """Keep this build's texts (only these: the file never grows past one briefing's) for the next build.
        Best effort: a cache that cannot be written only makes the next build slower."""
        if self.path is None or self.used == self.known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = {"identity": self.identity, "texts": self.used}
            write_atomic(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            self.path.unlink(missing_ok=True)


def _shortened(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def records_of(briefing: Briefing, md: MarkdownRenderer | None = None,
               plain: PlainTexts | None = None) -> list[SearchRecord]:
    """What the index holds, in the briefing's reading order; Markdown made plain by `plain` (else with `md`)."""
    text = plain or PlainTexts(md)
    actors: dict[str, Actor] = briefing.by_id["actors"]
    places: dict[str, Place] = briefing.by_id["places"]
    out: list[SearchRecord] = []
    for e in briefing.events:
        out.append(_event(e, actors, places, text))
    for a in briefing.actors:
        names = " ".join(n.name for n in a.names)
        out.append(SearchRecord(url_for(a), a.name, " ".join(
            filter(None, (a.short_name, names, a.summary, text(a.description)))), "Actor",
            filters={"kind": [a.kind.replace("-", " ")]}))
    for s in briefing.statements:
        speaker, said = actors[s.speaker].name, _shortened(s.text, 80)
        out.append(SearchRecord(url_for(s), f"{speaker}: {said}", " ".join(
            filter(None, (s.speaker_role, s.text if said != s.text else None,
                          s.original.text if s.original else None, text(s.context)))),
            "Statement", bounds_of(s.said_on)[0], {"actor": [speaker], "kind": [s.mode]}))
    for src in briefing.sources:
        out.append(_source(src, text))
    for p in briefing.places:
        within = places[p.within].name if p.within else ""
        out.append(SearchRecord(url_for(p), p.name, " ".join(
            filter(None, (" ".join(n.name for n in p.names), within))), "Place",
            filters={"kind": [(p.kind or "place").replace("-", " ")]}))
    return out


def _event(e: Event, actors: dict[str, Actor], places: dict[str, Place], text: PlainTexts) -> SearchRecord:
    filters = {
        "actor": [actors[a.actor].name for a in e.actors],
        "place": [places[p].name for p in e.places],
        "kind": [e.kind] if e.kind else [],
        "tag": list(e.tags),
    }
    date = e.date_display or e.date.render(short=False)
    return SearchRecord(url_for(e), e.title, f"{date}. {text(e.summary)}".strip(), "Event",
                        bounds_of(e.date)[0], {k: v for k, v in filters.items() if v})


def _source(s: Source, text: PlainTexts) -> SearchRecord:
    words = " ".join(filter(None, (s.publisher, " ".join(s.authors), text(s.note))))
    return SearchRecord(url_for(s), s.title, words, "Source", bounds_of(s.published)[0] if s.published else "",
                        {"kind": [s.kind.replace("-", " ")]} if s.kind else {})


class SearchError(Exception):
    """Pagefind could not index the briefing (its binary missing, failing, or writing what we cannot read)."""


def page_of(record: SearchRecord, lang: str) -> str:
    """The page Pagefind reads for one record: the text, and what a result shows and filters by as attributes.

    Values sit in attributes (`key[data-value]`), never in text, so that none of them is searched as text
    and a comma or colon in a name cannot split it."""
    def tag(kind: str, key: str, value: str) -> str:
        return f'<span data-pagefind-{kind}="{escape(key)}[data-value]" data-value="{escape(value)}"></span>'

    meta = {"url": record.url, "kind": record.kind, **({"date": record.date} if record.date else {})}
    filters = {"type": [record.kind], **record.filters}
    return "".join((
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title></title></head><body>',
        f'<h1 data-pagefind-meta="title">{escape(record.title)}</h1><p>{escape(record.content)}</p>',
        *(tag("meta", k, v) for k, v in meta.items()),
        *(tag("filter", k, v) for k, values in filters.items() for v in values),
        tag("sort", "date", record.date) if record.date else "",
        "</body></html>\n",
    ))


def _file_of(url: str) -> str:
    # A record shown as an entry of a list page (sources/index.html#x) still needs a page of its own here;
    # its real link travels in the `url` meta, which search.js follows.
    page, _, anchor = url.partition("#")
    return f"{page.removesuffix('.html')}.{anchor}.html" if anchor else page


class Indexing:
    """Pagefind running over the record pages, started before the site is rendered and read after."""

    def __init__(self, records: list[SearchRecord], language: str, out: Path | None = None,
                 markdown: MarkdownRenderer | None = None, *, keep: Path | None = None, fresh: bool = False) -> None:
        """`keep`: where the bundle is kept for the next build (pagefindfiles.save_bundle); one kept there from the
        same record pages, Pagefind version and code is taken instead of running Pagefind, unless `fresh`."""
        from pagefind.service import get_executable  # the binary that pagefind[bin] ships

        # The renderer the records' Markdown was converted with: made before the pages are rendered, so the
        # pages' `md` filter can be this renderer and reuse those conversions (in the forked workers too).
        self.markdown = markdown
        self._process: subprocess.Popen[bytes] | None = None
        self._error = ""  # said by files(), where the build reports problems
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        pages = [(_file_of(record.url), page_of(record, language)) for record in records]
        self._keep, self._key = keep, _key_of(language, pages) if keep else ""
        self._kept = kept_bundle(keep, self._key) if keep is not None and not fresh else None
        if self._kept is not None:
            return
        # Beside the site, named like write.py's temporary folders, so that what a killed build leaves
        # there is removed by the next build into `out` (write.clean_leftovers); else the system's.
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = tempfile.TemporaryDirectory(
            prefix=f"{TEMP_PREFIX}{out.name}-search-" if out else "factsheet-search-", dir=out and out.parent)
        root = Path(self._tmp.name).resolve()  # absolute: Pagefind runs in it, and `out` may be relative
        self._out, self._log = root / "pagefind", root / "pagefind.log"
        for name, html in pages:
            path = root / "records" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        if not records:  # Pagefind refuses a folder without pages; a briefing with no records has no index
            return
        binary = get_executable()
        if binary is None:
            self._error = "Pagefind's binary is missing; reinstall factsheet (pip install 'pagefind[bin]')"
            return
        try:
            with self._log.open("wb") as log:  # a file, not a pipe: the render workers fork while this runs
                self._process = subprocess.Popen(
                    [str(binary), "--site", str(root / "records"), "--output-path", str(self._out),
                     "--force-language", language, "--silent"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=root)
        except OSError as exc:
            self._error = f"could not start Pagefind ({binary}): {exc.strerror or exc}"
            return
        # A build that stops early (an error, an interrupt) drops this object: stop Pagefind, then delete.
        weakref.finalize(self, _stop, self._process, self._tmp)

    def files(self) -> dict[str, bytes]:
        """Every file of the bundle, keyed by its path below the site root (pagefind/...)."""
        if self._kept is not None:
            return dict(self._kept)
        assert self._tmp is not None
        try:
            if self._process is None:
                if not self._error:
                    return {}
                raise SearchError(self._error)
            status = self._process.wait()
            log = self._log.read_text(encoding="utf-8", errors="replace").strip()
            if status != 0 or not (self._out / "pagefind-entry.json").is_file():
                raise SearchError(f"Pagefind could not index the briefing (exit status {status}): "
                                  f"{log.splitlines()[-1] if log else 'no message'}")
            bundle = {f"{INDEX_DIR}/{p.relative_to(self._out).as_posix()}": p.read_bytes()
                      for p in sorted(self._out.rglob("*")) if p.is_file() and not UNUSED.fullmatch(p.name)}
        finally:
            self._tmp.cleanup()
        try:
            bundle = canonical_bundle(bundle)
        except (BundleError, ValueError, KeyError) as exc:  # ValueError: zlib and CBOR errors
            raise SearchError(f"Pagefind wrote a bundle factsheet cannot put in order: {exc}") from exc
        if self._keep is not None:
            save_bundle(self._keep, self._key, bundle)
        return bundle


def _key_of(language: str, pages: list[tuple[str, str]]) -> str:
    """What a bundle is made from: the record pages (names and text), the language, Pagefind and factsheet."""
    h = hashlib.blake2b(f"{code_digest()}\0{metadata.version('pagefind')}\0{language}".encode(), digest_size=20)
    for name, html in pages:
        h.update(f"\1{name}\0{html}".encode())
    return h.hexdigest()


def _stop(process: subprocess.Popen[bytes], tmp: tempfile.TemporaryDirectory[str]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    tmp.cleanup()


def start_index(briefing: Briefing, out: Path | None = None, *, clean: bool = False,
                markdown: MarkdownRenderer | None = None) -> Indexing:
    """Write the record pages (beside the site folder `out`, if given) and start Pagefind on them;
    `.files()` waits for it and returns the bundle. Given `out`, the plain texts of the last build into it
    are reused (PlainTexts), and its bundle if the record pages are the same, unless `clean`. `markdown`: the
    pages' renderer, whose conversions (mdstore.converted_ahead) the plain texts are made from."""
    folder = None if out is None else manifest_of(out).parent
    texts = PlainTexts(markdown, path=folder and folder / TEXTS, fresh=clean)
    records = records_of(briefing, plain=texts)
    texts.save()
    return Indexing(records, briefing.meta.lang.split("-")[0].lower(), out, texts.md,
                    keep=folder and folder / BUNDLE, fresh=clean)


def search_index_of(briefing: Briefing) -> dict[str, bytes]:
    """Every file of the Pagefind bundle, keyed by its path below the site root (pagefind/...)."""
    return start_index(briefing).files()
