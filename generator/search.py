"""The Pagefind search index, written from the page plan: one record per event, actor, statement, source, place.

Pagefind's Python API runs its bundled binary as a service; records are added from the model (not by
scraping the HTML), with filters for actor, place, kind and tag and the date as a sort key. URLs are
relative to the site root (`events/x/index.html`), so search.js can prefix the page's own way back to
the root and results work from any sub-path. The index is read back into memory, so it is written
with the rest of the site, atomically.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .csvdata import bounds_of
from .model import Actor, Briefing, Event, Place, Source
from .pages import url_for
from .text import MarkdownRenderer

INDEX_DIR = "pagefind"


@dataclass(frozen=True)
class SearchRecord:
    url: str  # relative to the site root
    title: str
    content: str
    kind: str  # "Event", "Actor", ...: a filter, and shown beside each result
    date: str = ""  # ISO earliest bound, the sort key; "" when undated
    filters: dict[str, list[str]] = field(default_factory=dict)


def _plain(markdown: str | None, md: MarkdownRenderer) -> str:
    return " ".join(md.block(markdown).striptags().split()) if markdown else ""


def records_of(briefing: Briefing, md: MarkdownRenderer | None = None) -> list[SearchRecord]:
    """What the index holds, in the briefing's reading order."""
    md = md or MarkdownRenderer()
    actors: dict[str, Actor] = briefing.by_id["actors"]
    places: dict[str, Place] = briefing.by_id["places"]
    out: list[SearchRecord] = []
    for e in briefing.events:
        out.append(_event(e, actors, places, md))
    for a in briefing.actors:
        names = " ".join(n.name for n in a.names)
        out.append(SearchRecord(url_for(a), a.name, " ".join(
            filter(None, (a.name, a.short_name, names, a.summary, _plain(a.description, md)))), "Actor",
            filters={"kind": [a.kind.replace("-", " ")]}))
    for s in briefing.statements:
        speaker = actors[s.speaker].name
        out.append(SearchRecord(url_for(s), f"{speaker}: {s.text[:80]}", " ".join(
            filter(None, (speaker, s.speaker_role, s.text, s.original.text if s.original else None,
                          _plain(s.context, md)))), "Statement", bounds_of(s.said_on)[0],
            {"actor": [speaker], "kind": [s.mode]}))
    for src in briefing.sources:
        out.append(_source(src, md))
    for p in briefing.places:
        within = places[p.within].name if p.within else ""
        out.append(SearchRecord(url_for(p), p.name, " ".join(
            filter(None, (p.name, " ".join(n.name for n in p.names), within))), "Place",
            filters={"kind": [(p.kind or "place").replace("-", " ")]}))
    return out


def _event(e: Event, actors: dict[str, Actor], places: dict[str, Place], md: MarkdownRenderer) -> SearchRecord:
    filters = {
        "actor": [actors[a.actor].name for a in e.actors],
        "place": [places[p].name for p in e.places],
        "kind": [e.kind] if e.kind else [],
        "tag": list(e.tags),
    }
    date = e.date_display or e.date.render(short=False)
    return SearchRecord(url_for(e), e.title, f"{e.title}. {date}. {_plain(e.summary, md)}", "Event",
                        bounds_of(e.date)[0], {k: v for k, v in filters.items() if v})


def _source(s: Source, md: MarkdownRenderer) -> SearchRecord:
    text = " ".join(filter(None, (s.title, s.publisher, " ".join(s.authors), _plain(s.note, md))))
    return SearchRecord(url_for(s), s.title, text, "Source", bounds_of(s.published)[0] if s.published else "",
                        {"kind": [s.kind.replace("-", " ")]} if s.kind else {})


def search_index_of(briefing: Briefing) -> dict[str, bytes]:
    """Every file of the Pagefind bundle, keyed by its path below the site root (pagefind/...)."""
    records, lang = records_of(briefing), briefing.meta.lang.split("-")[0].lower()
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        return asyncio.run(_index(records, lang))
    # Called from async code (a notebook, a test session with a browser open): Pagefind's API is a coroutine
    # that needs a loop of its own, so it runs on a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _index(records, lang)).result()


async def _index(records: list[SearchRecord], language: str) -> dict[str, bytes]:
    from pagefind.index import PagefindIndex  # starts a binary: imported only when a build indexes

    with tempfile.TemporaryDirectory(prefix="factsheet-search-") as tmp:
        async with PagefindIndex(config={"force_language": language}) as index:
            for r in records:
                await index.add_custom_record(
                    url=r.url, content=r.content, language=language,
                    meta={"title": r.title, "kind": r.kind, **({"date": r.date} if r.date else {})},
                    filters={"type": [r.kind], **r.filters}, sort={"date": r.date} if r.date else None)
            await index.write_files(output_path=tmp)
        root = Path(tmp)
        return {f"{INDEX_DIR}/{p.relative_to(root).as_posix()}": p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}
