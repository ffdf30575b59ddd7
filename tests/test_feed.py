"""feed.xml and sitemap.xml parsed back with xml.etree: Atom's required elements, order, links, escaping."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import check_briefing
from generator.edtf import parse_edtf
from generator.feed import FEED_SIZE, FeedEntry, event_entries_of, feed_of, moment_of, sitemap_of, sitemaps_of, url_of
from generator.model import Briefing
from generator.outputs import FEED_RELATED
from generator.text import MarkdownRenderer
from tests.bigbriefing import write_briefing

REPO = Path(__file__).resolve().parent.parent
A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/brief/"
RFC3339 = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def linked(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None, problems.sorted()
    return briefing


def text_of(element: ET.Element, tag: str) -> str:
    found = element.find(A + tag)
    assert found is not None and found.text is not None, f"no <{tag}> in <{element.tag}>"
    return found.text


def test_the_sample_feed_has_what_atom_requires() -> None:
    briefing = linked(REPO)
    feed = ET.fromstring(feed_of(briefing, BASE, event_entries_of(briefing)))
    assert feed.tag == A + "feed"
    assert text_of(feed, "id") == BASE and text_of(feed, "title") == briefing.meta.title
    assert RFC3339.fullmatch(text_of(feed, "updated"))
    assert text_of(feed.find(A + "author"), "name")
    links = {link.get("rel"): link.get("href") for link in feed.findall(A + "link")}
    assert links == {"self": BASE + "feed.xml", "alternate": BASE}
    entries = feed.findall(A + "entry")
    assert len(entries) == len(briefing.events) == 13
    for entry in entries:
        assert text_of(entry, "id").startswith(BASE + "events/") and text_of(entry, "id").endswith("/")
        assert text_of(entry, "title")
        assert RFC3339.fullmatch(text_of(entry, "updated"))
        (link,) = entry.findall(A + "link")
        assert link.get("href") == text_of(entry, "id") and link.get("rel") == "alternate"
    updated = [text_of(e, "updated") for e in entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    assert text_of(feed, "updated") == updated[0] == "2024-01-19T00:00:00Z"
    # "On or before 16 January" is dated by the start of its known end, and so sorts with 16 January.
    irbil = next(e for e in entries if text_of(e, "id").endswith("/irbil-strike/"))
    assert text_of(irbil, "updated") == "2024-01-16T00:00:00Z"
    assert text_of(irbil, "summary").startswith("<p>On or before 16 January (day not given)</p><p>Civilians")


def test_entries_of_any_kind_mix_and_text_is_escaped(briefing_dir: Callable[..., Path]) -> None:
    folder = briefing_dir({
        "briefing.yaml": """\
            title: 'Strikes <b>& "quotes"</b>'
            as_of: 2024-01-19
            summary: S.
            lang: fr
            authors: [{name: A. Author}, {name: B. Author}]
            """,
        "events.yaml": """\
            - id: strike
              date: 2024-01-16T04:30+03:30
              title: A <script>alert(1)</script> & co
              summary: Uses *Markdown* and <img src=x onerror=alert(1)>.
              sources: [report]
            """,
    })
    briefing = linked(folder)
    edition = FeedEntry("editions/2/index.html", "Edition 2", dt.datetime(2024, 1, 20, 8, 0, tzinfo=dt.UTC),
                        summary="Plain text <not html>")
    data = feed_of(briefing, "https://example.org/brief", [*event_entries_of(briefing), edition])
    assert b"<script>" not in data and b"<b>" not in data
    feed = ET.fromstring(data)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert text_of(feed, "title") == 'Strikes <b>& "quotes"</b>'
    assert [text_of(a, "name") for a in feed.findall(A + "author")] == ["A. Author", "B. Author"]
    first, second = feed.findall(A + "entry")
    assert text_of(first, "id") == "https://example.org/brief/editions/2/"
    assert first.find(A + "summary").get("type") == "text"
    assert text_of(first, "summary") == "Plain text <not html>"
    assert text_of(feed, "updated") == "2024-01-20T08:00:00Z"
    assert text_of(second, "title") == "A <script>alert(1)</script> & co"
    assert text_of(second, "updated") == "2024-01-16T01:00:00Z"  # 04:30 at +03:30
    summary = second.find(A + "summary")
    assert summary is not None and summary.get("type") == "html"
    assert summary.text == "<p>16 January 2024, 04:30 UTC+03:30</p><p>Uses <em>Markdown</em> and .</p>"


def test_feed_is_deterministic_and_credits_the_title_without_authors(briefing_dir: Callable[..., Path]) -> None:
    briefing = linked(briefing_dir())
    data = feed_of(briefing, BASE, event_entries_of(briefing))
    assert data == feed_of(briefing, BASE, list(reversed(event_entries_of(briefing))))
    assert text_of(ET.fromstring(data).find(A + "author"), "name") == "Test briefing"


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    """A briefing of 160 events, several on the same day: more than the feed keeps."""
    return linked(write_briefing(tmp_path_factory.mktemp("busy"), 160))


def test_the_feed_keeps_its_newest_entries_and_links_where_the_rest_are(busy: Briefing) -> None:
    every = event_entries_of(busy)
    assert len(every) == 160 > FEED_SIZE == 100
    feed = ET.fromstring(feed_of(busy, BASE, every, related=FEED_RELATED))
    kept = [text_of(e, "id") for e in feed.findall(A + "entry")]
    newest = sorted(every, key=lambda e: (-e.updated.timestamp(), e.path))
    assert kept == [url_of(BASE, e.path) for e in newest[:FEED_SIZE]]
    assert newest[FEED_SIZE - 1].updated > newest[FEED_SIZE].updated  # none left out is newer than one kept
    links = [link for link in feed.findall(A + "link") if link.get("rel") == "related"]
    assert [(link.get("type"), link.get("href")) for link in links] == [
        ("text/html", BASE + "timeline/"), ("application/json", BASE + "data/briefing.json"),
        ("text/csv", BASE + "data/events.csv"), ("text/calendar", BASE + "data/events.ics")]
    assert all(link.get("title") for link in links)


def test_entries_of_one_moment_are_cut_by_path(briefing_dir: Callable[..., Path]) -> None:
    briefing = linked(briefing_dir())
    moment, older = dt.datetime(2024, 1, 18, tzinfo=dt.UTC), dt.datetime(2024, 1, 17, tzinfo=dt.UTC)
    entries = [FeedEntry(f"events/{name}/index.html", name, moment) for name in ("c", "a", "b")]
    entries.append(FeedEntry("events/0/index.html", "0", older))
    feed = ET.fromstring(feed_of(briefing, BASE, reversed(entries), size=2))
    assert [text_of(e, "title") for e in feed.findall(A + "entry")] == ["a", "b"]


def test_the_feed_converts_the_markdown_of_the_events_it_keeps_only(busy: Briefing) -> None:
    markdown = MarkdownRenderer()
    newest = event_entries_of(busy, markdown, FEED_SIZE)
    assert len(newest) == FEED_SIZE and len(markdown._blocks) <= FEED_SIZE
    assert [e.path for e in newest] == [e.path for e in event_entries_of(busy) if e in newest]  # reading order
    assert feed_of(busy, BASE, newest) == feed_of(busy, BASE, event_entries_of(busy))
    assert feed_of(busy, BASE, event_entries_of(busy, newest=3), size=3) == feed_of(busy, BASE, newest, size=3)


@pytest.mark.parametrize(("path", "url"), [
    ("index.html", "https://example.org/b/"),
    ("events/x/index.html", "https://example.org/b/events/x/"),
    ("data/events.csv", "https://example.org/b/data/events.csv"),
    ("odd name/index.html", "https://example.org/b/odd%20name/"),
])
def test_url_of(path: str, url: str) -> None:
    assert url_of("https://example.org/b/", path) == url == url_of("https://example.org/b", path)


def test_moment_of_open_and_far_dates() -> None:
    assert moment_of(parse_edtf("2024-01-16/..")) == dt.datetime(2024, 1, 16, tzinfo=dt.UTC)
    assert moment_of(parse_edtf("../2024-01")) == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert moment_of(parse_edtf("-0044-03-15")) is None


def test_sitemap_lists_each_page_once_as_folder_urls() -> None:
    paths = ["index.html", "timeline/index.html", "events/a/index.html", "timeline/index.html", "data/events.csv"]
    urlset = ET.fromstring(sitemap_of("https://example.org/b", paths))
    assert urlset.tag == SM + "urlset"
    assert [loc.text for loc in urlset.iter(SM + "loc")] == [
        "https://example.org/b/", "https://example.org/b/timeline/", "https://example.org/b/events/a/",
        "https://example.org/b/data/events.csv"]
    assert all(len(url) == 1 for url in urlset.findall(SM + "url"))


def test_sitemap_refuses_more_urls_than_the_protocol_allows() -> None:
    with pytest.raises(ValueError, match="^50001 pages are more than one sitemap may list \\(50000\\)$"):
        sitemap_of(BASE, [f"events/e{i}/index.html" for i in range(50_001)])


def test_past_the_limit_the_sitemap_is_an_index_of_numbered_sitemaps_at_the_root() -> None:
    paths = [f"events/e{i}/index.html" for i in range(50_001)] + ["events/e0/index.html"]  # a repeat counts once
    files = sitemaps_of(BASE, paths)
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == SM + "sitemapindex"
    assert [loc.text for loc in index.iter(SM + "loc")] == [f"{BASE}sitemap-1.xml", f"{BASE}sitemap-2.xml"]
    listed = [loc.text for name in ("sitemap-1.xml", "sitemap-2.xml")
              for loc in ET.fromstring(files[name]).iter(SM + "loc")]
    assert listed == [f"{BASE}events/e{i}/" for i in range(50_001)]
    assert len(ET.fromstring(files["sitemap-1.xml"]).findall(SM + "url")) == 50_000


def test_within_the_limit_there_is_one_sitemap() -> None:
    assert list(sitemaps_of(BASE, ["index.html", "timeline/index.html"])) == ["sitemap.xml"]
