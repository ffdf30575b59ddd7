"""feed.xml and sitemap.xml are written as text (feed.py) for speed: their bytes are ElementTree's.

The reference below is how feed.py wrote both files before, with xml.etree.ElementTree and ET.indent;
the samples' files, and feeds made of generated texts, must come out byte for byte the same."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.build import check_briefing
from generator.edtf import parse_edtf
from generator.feed import (
    ATOM,
    FEED_SIZE,
    SITEMAP,
    FeedEntry,
    Related,
    _stamp,
    event_entries_of,
    feed_of,
    moment_of,
    sitemap_of,
    url_of,
)
from generator.model import Author, Briefing, Meta
from generator.outputs import FEED_RELATED
from generator.pages import plan_pages

REPO = Path(__file__).resolve().parent.parent
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def reference_feed(briefing: Briefing, base_url: str, entries: Iterable[FeedEntry], size: int = FEED_SIZE,
                   related: Sequence[Related] = ()) -> bytes:
    meta = briefing.meta
    ordered = sorted(entries, key=lambda e: (-e.updated.timestamp(), e.path))[:size]
    as_of = moment_of(meta.as_of)
    updated = max([e.updated for e in ordered] + ([as_of] if as_of else []))
    feed = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: meta.lang})
    _sub(feed, "id", url_of(base_url, ""))
    _sub(feed, "title", meta.title)
    if meta.subtitle:
        _sub(feed, "subtitle", meta.subtitle)
    _sub(feed, "updated", _stamp(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=url_of(base_url, "feed.xml"))
    _sub(feed, "link", rel="alternate", type="text/html", href=url_of(base_url, "index.html"))
    for r in related:
        _sub(feed, "link", rel="related", type=r.type, href=url_of(base_url, r.path), title=r.title)
    for name in [a.name for a in meta.authors] or [meta.publisher or meta.title]:
        _sub(_sub(feed, "author"), "name", name)
    _sub(feed, "generator", "factsheet")
    for item in ordered:
        entry = _sub(feed, "entry")
        _sub(entry, "id", url_of(base_url, item.path))
        _sub(entry, "title", item.title)
        _sub(entry, "updated", _stamp(item.updated))
        _sub(entry, "link", rel="alternate", type="text/html", href=url_of(base_url, item.path))
        for category in item.categories:
            _sub(entry, "category", term=category)
        if item.summary is not None:
            kind = "html" if isinstance(item.summary, Markup) else "text"
            _sub(entry, "summary", str(item.summary), type=kind)
    return _serialise(feed)


def reference_sitemap(base_url: str, paths: Sequence[str]) -> bytes:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP})
    for url in dict.fromkeys(url_of(base_url, p) for p in paths):
        _sub(_sub(urlset, "url"), "loc", url)
    return _serialise(urlset)


def test_the_samples_feeds_and_sitemaps_are_elementtrees_bytes() -> None:
    for folder in (REPO, REPO / "tests/briefings/minimal", REPO / "tests/briefings/multiscript"):
        briefing, _ = check_briefing(folder)
        assert briefing is not None
        base = briefing.meta.base_url or "https://example.org/a b/"
        entries = event_entries_of(briefing)
        assert feed_of(briefing, base, entries) == reference_feed(briefing, base, entries), folder
        assert (feed_of(briefing, base, entries, FEED_SIZE, FEED_RELATED)
                == reference_feed(briefing, base, entries, FEED_SIZE, FEED_RELATED)), folder
        paths = [p.path for p in plan_pages(briefing)]
        assert sitemap_of(base, paths) == reference_sitemap(base, paths)


TEXT = st.text(st.sampled_from(list("ab &<>\"'\n\r\t;]#") + ["é", "😀", "\x7f"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(TEXT.filter(bool), st.one_of(st.none(), TEXT), st.sampled_from(["en", "fa-IR"]),
       st.lists(TEXT.filter(bool), max_size=2), st.one_of(st.none(), TEXT),
       st.lists(st.tuples(TEXT, TEXT, st.one_of(st.none(), TEXT), st.booleans(), st.lists(TEXT, max_size=3),
                          st.integers(0, 3)), max_size=4))
def test_generated_feeds_are_elementtrees_bytes(title: str, subtitle: str | None, lang: str, authors: list[str],
                                                publisher: str | None,
                                                items: list[tuple[str, str, str | None, bool, list[str], int]]) -> None:
    meta = Meta(title, parse_edtf("2024-02-01"), "Summary.", subtitle=subtitle or None, lang=lang,
                authors=tuple(Author(a) for a in authors), publisher=publisher or None)
    briefing = Briefing(meta, (), (), (), (), ())
    entries = [FeedEntry(f"events/{path}/index.html", text, dt.datetime(2024, 1, 1 + day, tzinfo=dt.UTC),
                         None if summary is None else Markup(summary) if html else summary, tuple(categories))
               for path, text, summary, html, categories, day in items]
    base = "https://example.org/b&r/"
    assert feed_of(briefing, base, entries) == reference_feed(briefing, base, entries)
    related = [Related(f"data/{path}.csv", "text/csv", text) for path, text, *_ in items[:2]]
    assert feed_of(briefing, base, entries, 2, related) == reference_feed(briefing, base, entries, 2, related)
    paths = [e.path for e in entries] + ["index.html", "data/events.csv"]
    assert sitemap_of(base, paths) == reference_sitemap(base, paths)
