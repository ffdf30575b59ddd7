"""A briefing too large for one page per list, in a real browser: the period pages' filters.

The generated briefing is built with the page budget lowered (periods.PAGE_BYTES), so its timeline
is split by period the way a briefing of tens of thousands of events is (its actors, places and
sources too). A period page offers as
options only its own events' actors; over http filters.js fills in every option from
data/timeline-filters.json and finds matches in every period; from disk it filters the period shown.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from browserkit import SUB_PATH, Site  # noqa: E402
from largebriefing import write_briefing  # noqa: E402

from generator import pages as pages_module  # noqa: E402
from generator import periods  # noqa: E402
from generator.build import build  # noqa: E402


@pytest.fixture(scope="module")
def paged(web_root: Path, server: str, tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = web_root / SUB_PATH / "paged"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTSHEET_CACHE_DIR", str(tmp_path_factory.mktemp("paged-cache")))
        mp.setattr(periods, "PAGE_BYTES", 12_000)
        mp.setattr(pages_module, "SOURCES_PER_PAGE", 4)
        result = build(write_briefing(tmp_path_factory.mktemp("paged-briefing")), folder, jobs=1)
    assert result.ok, [p.format() for p in result.problems]
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    return Site("paged", folder, f"{server}{SUB_PATH}/paged/", pages)


def a_period_and_an_actor_not_in_it(site: Site) -> tuple[str, str]:
    every = [a for a, _ in json.loads((site.dir / "data/timeline-filters.json").read_text())["actor"]]
    for rel in site.pages:
        if re.match(r"timeline/\d{4}-\d\d", rel):
            own = set(re.findall(r'<option value="(actor-\d+)"', (site.dir / rel).read_text()))
            absent = [a for a in every if a not in own]
            if own and absent:
                return rel, absent[0]
    raise AssertionError("no period page lacks an actor")


def test_over_http_a_period_page_offers_every_option_and_finds_matches_in_every_period(
        paged: Site, open_page: Any) -> None:
    rel, actor = a_period_and_an_actor_not_in_it(paged)
    every = json.loads((paged.dir / "data/timeline-filters.json").read_text())["actor"]
    page, watch = open_page(paged, rel)
    page.wait_for_function(f"document.querySelector('select[name=actor]').options.length === {len(every) + 1}")
    page.select_option("select[name=actor]", actor)
    page.wait_for_selector(".filter-results:not([hidden])")
    found = page.eval_on_selector_all(".filter-results-list a", "links => links.map(a => a.href)")
    expected = [item for item in json.loads((paged.dir / "data/timeline.json").read_text())["items"]
                if actor in item["actors"]]
    assert len(found) == len(expected) > 0
    assert f"?actor={actor}" in page.url
    assert watch.problems == []


def test_from_disk_a_filter_from_another_period_is_kept_and_said_to_search_this_period_only(
        paged: Site, open_page: Any) -> None:
    rel, actor = a_period_and_an_actor_not_in_it(paged)
    page, watch = open_page(paged, None, mode="file")
    page.goto(paged.url(rel, "file") + f"?actor={actor}")
    assert page.eval_on_selector("select[name=actor]", "s => s.value") == actor
    count = page.inner_text(".filter-count")
    assert count.startswith("Showing 0 of ") and "Only this period is searched" in count
    assert watch.problems == []


@pytest.mark.parametrize("width", [390, 1280])
def test_the_pages_of_split_lists_lay_out_at_phone_and_desktop_widths(
        paged: Site, width: int, open_page: Any, screenshot_dir: Path) -> None:
    """A period page, the timeline's index (every period, a row per month), a paged actor and place page and
    one of their period pages, a page of the actors' index: the layout check of test_layout.py, screenshots."""
    from test_layout import _check

    actor_period = next(p for p in paged.pages if re.match(r"actors/[^/]+/\d{4}", p))
    chosen = {"period": next(p for p in paged.pages if re.match(r"timeline/\d{4}-\d\d", p)),
              "periods": "timeline/index.html",
              "actor": actor_period.rsplit("/", 2)[0] + "/index.html",
              "actor-period": actor_period,
              "place-period": next(p for p in paged.pages if re.match(r"places/[^/]+/\d{4}", p)),
              "sources": "sources/2/index.html"}
    page, watch = open_page(paged, None, viewport={"width": width, "height": 900}, reduced_motion="reduce")
    problems = []
    for name, rel in chosen.items():
        page.goto(paged.url(rel), wait_until="load")
        problems += _check(page, f"{name} at {width}px")
        page.screenshot(path=str(screenshot_dir / f"paged-{name}-{width}.png"))
    assert not problems, "\n".join(problems[:40])
    assert watch.problems == []
