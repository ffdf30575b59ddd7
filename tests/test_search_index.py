"""The Pagefind index: one record per event, actor, statement, source and place, with filters and a date sort."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from generator.build import check_briefing
from generator.model import Briefing
from generator.search import records_of, search_index_of

FIXTURE = Path(__file__).resolve().parent / "briefings" / "minimal"


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    linked, problems = check_briefing(FIXTURE)
    assert linked is not None, problems.sorted()
    return linked


def test_one_record_per_record_with_urls_from_the_plan(briefing: Briefing) -> None:
    records = records_of(briefing)
    b = briefing
    assert len(records) == len(b.events) + len(b.actors) + len(b.statements) + len(b.sources) + len(b.places)
    urls = [r.url for r in records]
    assert len(set(urls)) == len(urls)
    assert urls[0] == f"events/{b.events[0].id}/index.html"
    assert all(not u.startswith("/") for u in urls)  # search.js prefixes the page's own way to the root
    event = records[0]
    assert event.kind == "Event" and event.date and set(event.filters) <= {"actor", "place", "kind", "tag"}
    present = {kind for kind, items in (("Event", b.events), ("Actor", b.actors), ("Statement", b.statements),
                                        ("Source", b.sources), ("Place", b.places)) if items}
    assert {r.kind for r in records} == present


def test_the_index_is_written_into_the_site_and_names_every_record(briefing: Briefing) -> None:
    files = search_index_of(briefing)
    assert "pagefind/pagefind.js" in files and "pagefind/pagefind-entry.json" in files
    assert all(name.startswith("pagefind/") for name in files)
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    assert list(entry["languages"]) == [briefing.meta.lang.split("-")[0]]
    fragments = [name for name in files if name.endswith(".pf_fragment")]
    assert len(fragments) == len(records_of(briefing))
    # a fragment is a gzip'd JSON object holding the record's url and meta
    urls = {json.loads(zlib.decompress(files[f], 16 + zlib.MAX_WBITS)[len(b"pagefind_dcd"):])["url"]
            for f in fragments}
    assert urls == {r.url for r in records_of(briefing)}


def test_two_indexes_of_the_same_briefing_hold_the_same_fragments(briefing: Briefing) -> None:
    # Measured: Pagefind 1.5.2 writes the record fragments byte-identically, but the filter files (and so
    # the meta and entry files naming them by hash) can come out in a different order from one run to the
    # next. docs/publishing.md says so; the fragments, which hold what a reader sees, must not differ.
    one, two = search_index_of(briefing), search_index_of(briefing)
    fragments = {k: v for k, v in one.items() if k.endswith(".pf_fragment")}
    assert fragments == {k: v for k, v in two.items() if k.endswith(".pf_fragment")}
    assert one["pagefind/pagefind.js"] == two["pagefind/pagefind.js"]


def test_a_search_build_puts_the_box_on_every_page_and_a_plain_build_on_none(tmp_path: Path) -> None:
    from generator.build import build
    from generator.render import CSP

    searched, plain = build(FIXTURE, tmp_path / "searched", search=True), build(FIXTURE, tmp_path / "plain")
    assert searched.written and plain.written
    assert (tmp_path / "searched" / "pagefind" / "pagefind.js").is_file()
    assert not (tmp_path / "plain" / "pagefind").exists()
    for page in sorted((tmp_path / "searched").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(tmp_path / "searched").as_posix()
        root = "../" * rel.count("/")
        assert f'<form class="site-search" id="site-search" role="search" aria-label="Search this briefing" ' \
               f'data-root="{root}" hidden>' in html, rel
        assert f'<script src="{root}assets/search.js" defer></script>' in html, rel
    for page in sorted((tmp_path / "plain").rglob("*.html")):
        assert "site-search" not in page.read_text(encoding="utf-8")
    assert "script-src 'self' 'wasm-unsafe-eval';" in CSP and "unsafe-eval'" not in CSP.replace("wasm-unsafe-eval'", "")
