"""The Pagefind search index: one record per event, actor, statement, source and place, from the model.

Each record becomes a small HTML page in a temporary folder (its text, and data-pagefind-* attributes for
its title, kind, link, filters for actor, place, kind and tag, and the date as a sort key), and Pagefind's
own binary indexes it, shard by shard, beside the rendering (searchshards.py). Measured (docs/publishing.md): Pagefind's
Python API answers each call only after a 0.1 s pause of its own (its reader sleeps before every
response), so adding records one by one cost 0.1 s each; one run over a folder costs the indexing alone.
Links are relative to the site root (`events/x/index.html`): search.js prefixes the page's own way back to
the root, so results work from any sub-path. The bundles are read back into memory, put in a canonical
order (pagefindfiles.py) and written with the rest of the site, atomically.

Between builds into one output folder, two things are kept beside the page cache's manifest: the plain text
of each Markdown text (PlainTexts), and the last bundle of each shard, under a digest of the record pages it was
made from, which a build with the same record pages in that shard takes instead of running Pagefind: an edited
record costs one shard's run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .cache import manifest_of, write_atomic
from .csvdata import bounds_of
from .mdstore import identity_of
from .model import Actor, Briefing, Event, Place, Source
from .pages import url_for
from .searchshards import INDEX_DIR, Indexing, SearchError, SearchRecord, page_of
from .text import MarkdownRenderer

__all__ = ["INDEX_DIR", "Indexing", "PlainTexts", "SearchError", "SearchRecord", "page_of",
           "records_of", "search_index_of", "start_index"]


TEXTS = "search-texts.json"  # beside the page cache's manifest of the output folder (cache.manifest_of)
BUNDLES = "search-bundles"  # the last build's bundle of each shard, beside it too (pagefindfiles.save_bundle)
OLD_BUNDLE = "search-bundle.bin"  # where builds before the shards kept their one bundle: removed


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


def start_index(briefing: Briefing, out: Path | None = None, *, clean: bool = False,
                markdown: MarkdownRenderer | None = None, shard_size: int | None = None) -> Indexing:
    """Write the record pages (beside the site folder `out`, if given) and start Pagefind on them, shard by
    shard (searchshards.py); `.files()` waits for it and returns the bundles. Given `out`, the plain texts of
    the last build into it are reused (PlainTexts), and each shard's bundle whose record pages are the same,
    unless `clean`. `markdown`: the pages' renderer, whose conversions (mdstore.converted_ahead) the plain
    texts are made from. `shard_size`: the most records to a shard (None: searchshards.SHARD_SIZE)."""
    folder = None if out is None else manifest_of(out).parent
    texts = PlainTexts(markdown, path=folder and folder / TEXTS, fresh=clean)
    records = records_of(briefing, plain=texts)
    texts.save()
    if folder is not None:
        (folder / OLD_BUNDLE).unlink(missing_ok=True)
    return Indexing(records, briefing.meta.lang.split("-")[0].lower(), out, texts.md,
                    keep=folder and folder / BUNDLES, fresh=clean, shard_size=shard_size)


def search_index_of(briefing: Briefing, shard_size: int | None = None) -> dict[str, bytes]:
    """Every file of the Pagefind bundles, keyed by its path below the site root (pagefind/...)."""
    return start_index(briefing, shard_size=shard_size).files()
