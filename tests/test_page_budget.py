"""No page but the briefs over a byte budget at any size, and every record still reachable from the listings.

A generated briefing (tests/browser/largebriefing.py, made larger) is built with the page budget
(periods.PAGE_BYTES) and the bibliography's page size lowered, so that the timeline, the statements,
actor and place pages, the indexes and the bibliography are all split as a briefing of tens of thousands
of records would be, at a fraction of the build time.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml

from generator import pages, periods
from generator.build import build
from generator.cachedir import CACHE_ENV

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import largebriefing  # noqa: E402
from sitedigest import digest_of

BUDGET = 24_000  # estimated bytes of the entries of a list page
PAGE_LIMIT = 3 * BUDGET  # what a page may weigh with its head, navigation and filters
RECORD_PAGE = re.compile(r"^(events|statements|actors|places)/([^/]+)/index\.html$")
PERIOD = re.compile(r"^-?\d{4}(-\d\d){0,2}(-\d+)?$")  # a period's key: "2022", "2022-01-31-2"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("budget")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(folder / "cache"))  # never the user's cache
        mp.setattr(largebriefing, "N_EVENTS", 900)
        mp.setattr(largebriefing, "N_STATEMENTS", 400)
        mp.setattr(periods, "PAGE_BYTES", BUDGET)
        mp.setattr(pages, "SOURCES_PER_PAGE", 4)
        largebriefing.write_briefing(folder)
        result = build(folder, folder / "site", jobs=1)
    assert result.ok, [str(p) for p in result.problems]
    return folder / "site"


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_every_page_but_the_briefs_is_within_the_budget(site: Path) -> None:
    sizes = {rel: len(text.encode()) for rel, text in html_pages(site).items()}
    over = {rel: n for rel, n in sizes.items() if n > PAGE_LIMIT and not rel.startswith(("brief/", "brief-short/"))}
    assert over == {}
    # and the lists were split, each in its own way
    for paged in ("timeline/2022/index.html", "sources/2/index.html", "actors/person.html"):
        assert any(rel.startswith(paged.rsplit("/", 1)[0]) for rel in sizes), paged
    assert [rel for rel in sizes if re.match(r"actors/[^/]+/\d{4}[-\d]*/index\.html$", rel)]
    assert [rel for rel in sizes if re.match(r"places/[^/]+/\d{4}[-\d]*/index\.html$", rel)]


def test_every_record_is_reachable_from_the_listing_pages(site: Path) -> None:
    """Links followed from the section pages through every list page (not the brief, nor an event's or a
    statement's own page, which link to their neighbours): every record's page, and every source, is reached."""
    texts = html_pages(site)
    starts = ["timeline/index.html", "statements/index.html", "actors/index.html", "places/index.html",
              "sources/index.html"]
    expanded, reached, anchors, todo = set(starts), set(), set(), list(starts)
    while todo:
        rel = todo.pop()
        for href in re.findall(r'href="([^"#?]*)(#[^"]*)?"', texts[rel]):
            if not href[0] or "://" in href[0]:
                continue
            target = urljoin("http://x/" + rel, href[0])[len("http://x/"):]
            anchors.add(target + href[1])
            reached.add(target)
            m = _record_page(target)
            if target in texts and target not in expanded and not (m and m.group(1) in ("events", "statements")):
                expanded.add(target)
                todo.append(target)
    records = {rel for rel in texts if _record_page(rel)}
    assert len(records) > 1300 and records - reached == set()
    sources = {f"{rel}#{i}" for rel, text in texts.items() if rel.startswith("sources/")
               for i in re.findall(r'<li class="source" id="([^"]+)"', text)}
    assert len(sources) == 10 and sources - anchors == set()


def _record_page(rel: str) -> re.Match[str] | None:
    m = RECORD_PAGE.match(rel)
    return m if m and not PERIOD.match(m.group(2)) else None


def test_a_period_page_offers_only_its_own_options_and_names_the_file_of_all(site: Path) -> None:
    page = (site / "timeline/2022/index.html") if (site / "timeline/2022/index.html").exists() else next(
        (site / "timeline").glob("2022-*/index.html"))
    text = page.read_text(encoding="utf-8")
    shown = set(re.findall(r'<option value="(actor-\d+)"', text))
    present = set(re.findall(r'data-actors="([^"]*)"', text))
    assert shown == {a for ids in present for a in ids.split()}
    assert 'data-options="../../data/timeline-filters.json"' in text
    every = (site / "data/timeline-filters.json").read_text(encoding="utf-8")
    assert len(re.findall(r'\["actor-\d+",', every)) > len(shown)
    nav = re.search(r'<nav class="periods".*?</nav>', text, re.S)
    assert nav and nav.group(0).count("<li>") < 40  # years, months of its year, days of its month: not every period


def test_a_rebuild_after_edits_that_move_records_between_pages_is_a_clean_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page cache reuses a paged page only when nothing it shows changed: its navigation and options too."""
    monkeypatch.setattr(periods, "PAGE_BYTES", 12_000)
    monkeypatch.setattr(pages, "SOURCES_PER_PAGE", 4)
    briefing, out = largebriefing.write_briefing(tmp_path / "b"), tmp_path / "site"
    assert build(briefing, out, jobs=1).ok
    content = briefing / "content"

    def edit(name: str, change: Callable[[list[dict[str, Any]]], None]) -> None:
        records = yaml.safe_load((content / name).read_text(encoding="utf-8"))
        change(records)
        (content / name).write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def move_event(events: list[dict[str, Any]]) -> None:
        events[3]["date"] = "2024-06-30"  # to another year, another page of the timeline and of its actors' pages
        events[5].pop("kind", None)

    def rename_actor(actors: list[dict[str, Any]]) -> None:
        actors[0]["name"] = "Aardvark Front"  # first of its kind's run: named on every page of the actors' index

    for name, change in (("events.yaml", move_event), ("actors.yaml", rename_actor)):
        edit(name, change)
        incremental = build(briefing, out, jobs=1)
        clean = build(briefing, tmp_path / "clean", jobs=1, clean=True)
        assert incremental.ok and clean.ok
        assert digest_of(out) == digest_of(tmp_path / "clean"), name
        shutil.rmtree(tmp_path / "clean")


def test_the_chart_of_a_paged_timeline_points_to_its_period_pages(site: Path) -> None:
    # The index of a paged timeline lists the key events only: its chart must not say every event is below.
    page = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    caption = re.search(r'<figcaption id="timeline-chart-caption">(.*?)</figcaption>', page, re.S).group(1)
    assert caption.endswith("; every event is listed on the timeline&#39;s period pages.")
    assert '<nav class="periods" aria-label="Periods">' in page


def test_the_overview_shows_the_latest_key_events_that_fit_and_says_so(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    section = page.split('<section class="key-events"', 1)[1].split("</section>", 1)[0]
    shown = section.count('<li><article')
    note = re.search(r"Showing the latest (\d+)\s+of the (\d+) key events\.", section)
    assert note and int(note.group(1)) == shown < int(note.group(2))
    assert len(page.encode()) <= PAGE_LIMIT
