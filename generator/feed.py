"""feed.xml (Atom, RFC 4287) and sitemap.xml: the two files a host and a feed reader want, given base_url.

The feed is what a reader polls for news: its newest FEED_SIZE entries, not the whole briefing (a feed of
every event was 9.7 MB at 10,000 events, fetched again at every poll); its `related` links say where every
record is (docs/publishing.md, "The feed").

URLs: a page path ending in `index.html` is published as its folder (`events/x/index.html` ->
`<base_url>events/x/`), since every host serves a folder's index.html and a folder URL is the one
people share; the canonical links should use the same form. Other paths (`data/events.csv`) stay as
they are. Both files are deterministic: dates come from the briefing, never the clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from .edtf import Edtf, _Point  # an end of a parsed date
from .model import Briefing
from .pages import url_for
from .text import MarkdownRenderer

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000  # URLs one sitemap file may hold (sitemaps.org protocol)
FEED_SIZE = 100  # the newest entries the feed keeps: a few weeks of a busy briefing, about 100 KB


@dataclass(frozen=True)
class FeedEntry:
    """One entry: an event today, an edition or a correction tomorrow.

    `summary` is plain text, or Markup (already safe HTML) to be sent as Atom `type="html"`."""

    path: str  # the page it announces, relative to the site root, as the page plan names it
    title: str
    updated: dt.datetime  # timezone-aware
    summary: str | None = None
    categories: tuple[str, ...] = ()


def order_of(updated: dt.datetime, path: str) -> tuple[float, str]:
    """The feed's order: newest first, then by path (an event's path is its id), so ties never depend on input."""
    return -updated.timestamp(), path


def newest_of(entries: Iterable[FeedEntry], size: int = FEED_SIZE) -> list[FeedEntry]:
    """The `size` newest entries, newest first."""
    return heapq.nsmallest(size, entries, key=lambda e: order_of(e.updated, e.path))


@dataclass(frozen=True)
class Related:
    """A feed-level `<link rel="related">`: where the records the feed leaves out are."""

    path: str  # relative to the site root
    type: str  # its media type
    title: str


@functools.lru_cache(maxsize=1 << 16)  # pure; page heads name the same actors, places and sources again and again
def url_of(base_url: str, path: str) -> str:
    """The absolute URL of a site path: index.html pages as their folder, every segment percent-encoded;
    a #fragment is kept."""
    path, hashed, fragment = path.partition("#")
    folder, _, name = path.rpartition("/")
    if name == "index.html":
        path = f"{folder}/" if folder else ""
    return base_url.rstrip("/") + "/" + quote(path, safe="/") + hashed + quote(fragment)


def moment_of(date: Edtf) -> dt.datetime | None:
    """When an entry about something on `date` was news: when it began, or when its known end began ('../X').

    The start of the end, not its last second: "on or before 19 January" must not sort as the newest
    thing of that day. None for dates a timestamp cannot hold (years before 1 or after 9999)."""
    first = date.start if isinstance(date.start, _Point) else date.end
    if not isinstance(first, _Point):
        return None
    moment = first.earliest()
    if moment[0] != 1 or not 1 <= moment[1] <= 9999:
        return None
    _, year, month, day, hour, minute, second = moment
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_entries_of(briefing: Briefing, markdown: MarkdownRenderer | None = None,
                     newest: int | None = None) -> list[FeedEntry]:
    """One entry per event, in reading order; its summary is the date as written and the event's summary.

    `newest`: only the entries of that many newest events (in the feed's order), so that a feed which keeps
    FEED_SIZE entries converts the Markdown of FEED_SIZE summaries, not of every event."""
    markdown = markdown or MarkdownRenderer()
    as_of = moment_of(briefing.meta.as_of)
    assert as_of is not None  # as_of is a day or finer in a year a timestamp holds (validated)
    dated = [(moment_of(event.date) or as_of, url_for(event), event) for event in briefing.events]
    if newest is not None:
        kept = {id(d) for d in heapq.nsmallest(newest, dated, key=lambda d: order_of(d[0], d[1]))}
        dated = [d for d in dated if id(d) in kept]  # still in reading order
    entries = []
    for updated, path, event in dated:
        html = Markup("<p>{}</p>").format(event.date_display or event.date.render())
        if event.summary:
            html += markdown.block(event.summary)
        entries.append(FeedEntry(
            path=path,
            title=event.title,
            updated=updated,
            summary=html,
            categories=tuple(dict.fromkeys(c for c in (event.kind, *event.tags) if c)),
        ))
    return entries


# Both files are written as text, in exactly the bytes xml.etree.ElementTree wrote them with ET.indent
# (tests/test_feed.py keeps that writer as the reference): building 80,000 elements to serialise them took
# most of the feed's time at 10,000 events.
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return (_text(text).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
            .replace("\t", "&#09;"))


def _tag(name: str, attrs: dict[str, str]) -> str:
    return name + "".join(f' {key}="{_attribute(value)}"' for key, value in attrs.items())


def _leaf(depth: int, name: str, text: str | None = None, **attrs: str) -> str:
    """One element without children on its own line: `<name a="x">text</name>`, or `<name a="x" />`."""
    tag = _tag(name, attrs)
    return f"{'  ' * depth}<{tag}>{_text(text)}</{name}>" if text else f"{'  ' * depth}<{tag} />"


def _document(lines: list[str]) -> bytes:
    return (_DECLARATION + "\n" + "\n".join(lines) + "\n").encode("utf-8", "xmlcharrefreplace")


def feed_of(briefing: Briefing, base_url: str, entries: Iterable[FeedEntry], size: int = FEED_SIZE,
            related: Sequence[Related] = ()) -> bytes:
    """The Atom feed: the `size` newest entries, newest first (ties by path), absolute links, ids that are the
    pages' URLs; `related` links after the feed's own."""
    meta = briefing.meta
    ordered = newest_of(entries, size)
    as_of = moment_of(meta.as_of)
    updated = max([e.updated for e in ordered] + ([as_of] if as_of else []))
    lines = [f'<feed xmlns="{ATOM}" xml:lang="{_attribute(meta.lang)}">',
             _leaf(1, "id", url_of(base_url, "")), _leaf(1, "title", meta.title)]
    if meta.subtitle:
        lines.append(_leaf(1, "subtitle", meta.subtitle))
    lines += [_leaf(1, "updated", _stamp(updated)),
              _leaf(1, "link", rel="self", type="application/atom+xml", href=url_of(base_url, "feed.xml")),
              _leaf(1, "link", rel="alternate", type="text/html", href=url_of(base_url, "index.html"))]
    lines += [_leaf(1, "link", rel="related", type=r.type, href=url_of(base_url, r.path), title=r.title)
              for r in related]
    # Atom requires an author; a briefing without authors is credited to its publisher, else its title.
    for name in [a.name for a in meta.authors] or [meta.publisher or meta.title]:
        lines += ["  <author>", _leaf(2, "name", name), "  </author>"]
    lines.append(_leaf(1, "generator", "factsheet"))
    for item in ordered:
        url = url_of(base_url, item.path)
        lines += ["  <entry>", _leaf(2, "id", url), _leaf(2, "title", item.title),
                  _leaf(2, "updated", _stamp(item.updated)),
                  _leaf(2, "link", rel="alternate", type="text/html", href=url)]
        lines += [_leaf(2, "category", term=category) for category in item.categories]
        if item.summary is not None:
            kind = "html" if isinstance(item.summary, Markup) else "text"
            lines.append(_leaf(2, "summary", str(item.summary), type=kind))
        lines.append("  </entry>")
    lines.append("</feed>")
    return _document(lines)


def sitemap_of(base_url: str, paths: Sequence[str]) -> bytes:
    """A sitemap listing each path once, in the order given; raises ValueError past the protocol's limit."""
    urls = list(dict.fromkeys(url_of(base_url, p) for p in paths))
    if len(urls) > SITEMAP_LIMIT:
        raise ValueError(f"{len(urls)} pages are more than one sitemap may list ({SITEMAP_LIMIT})")
    return _document([f'<urlset xmlns="{SITEMAP}">', *(f"  <url>\n{_leaf(2, 'loc', url)}\n  </url>" for url in urls),
                      "</urlset>"])


def sitemaps_of(base_url: str, paths: Sequence[str], name: str = "sitemap.xml") -> dict[str, bytes]:
    """`name` as one sitemap; past the protocol's 50,000 URLs, `name` as a sitemap index of numbered sitemaps
    beside it ("sitemap-1.xml"...): at the site root, since a sitemap may list only URLs below its own folder."""
    unique = list(dict.fromkeys(paths))
    if len(unique) <= SITEMAP_LIMIT:
        return {name: sitemap_of(base_url, unique)}
    stem = name.removesuffix(".xml")
    files = {f"{stem}-{n}.xml": sitemap_of(base_url, unique[start:start + SITEMAP_LIMIT])
             for n, start in enumerate(range(0, len(unique), SITEMAP_LIMIT), 1)}
    index = [f'<sitemapindex xmlns="{SITEMAP}">',
             *(f"  <sitemap>\n{_leaf(2, 'loc', url_of(base_url, part))}\n  </sitemap>" for part in files),
             "</sitemapindex>"]
    return {name: _document(index), **files}
