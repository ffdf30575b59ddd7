"""The masthead search box, in Chromium: a name searched for over http under a sub-path, its excerpt seen and the
result followed, by mouse and by keyboard; a source found at its entry in the sources list; a briefing whose text
is markup shown as text; the sample indexed in several shards searched as one; from file:// the box says plainly
that search needs a web server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browserkit import REPO, SUB_PATH, Site, describe_violations, run_axe

HOSTILE_EVENTS = """\
- id: bridge-opens
  date: 2022-09-30
  title: "Bridge <script>alert(1)</script> opens & <b>closes</b>"
  summary: |
    The code `<img src=x onerror=alert(2)>` was posted; 5 < 6 & "quoted" words stay.
  sources: [notice]
"""


@pytest.fixture(scope="module")
def hostile(web_root: Path, server: str) -> Site:
    """The minimal briefing with an event whose title and summary hold markup, built (with search, the
    default) beside the sample under the same web server."""
    src = web_root.parent / "hostile-briefing"
    shutil.copytree(REPO / "tests" / "briefings" / "minimal", src, ignore=shutil.ignore_patterns("site"))
    (src / "content" / "events.yaml").write_text(HOSTILE_EVENTS, encoding="utf-8")
    out = web_root / SUB_PATH / "hostile"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", str(src), "-o", str(out), "-q"],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return Site("hostile", out, f"{server}{SUB_PATH}/hostile/", ["index.html"])


SHARD_SIZE = 20  # the sample's 65 records in 4 shards


@pytest.fixture(scope="module")
def sharded(web_root: Path, server: str) -> Site:
    """The sample built with shards of at most SHARD_SIZE records (searchshards.SHARD_SIZE, set in the build's
    own process), beside the sample, which has one."""
    out = web_root / SUB_PATH / "sharded"
    code = ("import sys; from generator import cli, searchshards; searchshards.SHARD_SIZE = int(sys.argv[1]); "
            "sys.exit(cli.main(sys.argv[2:]))")
    proc = subprocess.run([sys.executable, "-c", code, str(SHARD_SIZE), "build", str(REPO), "-o", str(out), "-q"],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return Site("sharded", out, f"{server}{SUB_PATH}/sharded/", ["index.html"])


def search_for(page: Any, query: str) -> None:
    page.focus("#site-search-q")  # visible once search.js ran; reached by keyboard like any field
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.wait_for_selector("#site-search-results li a")


def test_a_name_is_found_from_a_deep_page_its_excerpt_shown_and_the_result_followed(
        sample: Site, open_page: Callable[..., Any]) -> None:
    page, watch = open_page(sample, "events/cross-border-strikes/index.html", viewport={"width": 390, "height": 900})
    search_for(page, "Jilani")
    status = page.inner_text("#site-search-status")
    assert status.endswith("results for “Jilani”"), status
    first = page.locator("#site-search-results li").first
    link = first.locator("a")
    assert "Jilani" in link.inner_text()
    # the excerpt: the record's words around the match, the match marked
    marks = first.locator(".site-search-excerpt mark").all_inner_texts()
    assert marks and all(m.strip(".:,").lower() == "jilani" for m in marks), marks
    assert len(first.locator(".site-search-excerpt").inner_text()) > 40
    violations = run_axe(page)  # the results as shown, marks and all, in light and at 390 px
    assert not violations, describe_violations(violations)
    href = link.get_attribute("href")
    assert href.startswith("../../") and href.endswith("/index.html")
    with page.expect_navigation():
        link.click()
    assert page.url.startswith(sample.http_base) and page.url.endswith(href.removeprefix("../../"))
    assert "Jilani" in page.inner_text("main")
    assert not watch.problems, watch.problems


def test_the_results_are_reached_and_followed_by_keyboard(sample: Site, open_page: Callable[..., Any]) -> None:
    page, watch = open_page(sample, "timeline/index.html", color_scheme="dark")
    search_for(page, "Fidan")
    violations = run_axe(page)  # the results in dark mode: the marks' contrast too
    assert not violations, describe_violations(violations)
    links = page.locator("#site-search-results li a")
    assert links.count() >= 2

    def focused() -> str:
        return str(page.evaluate("document.activeElement.id || document.activeElement.getAttribute('href')"))

    page.keyboard.press("ArrowDown")
    assert focused() == links.nth(0).get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert focused() == links.nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused() == "site-search-q"
    page.keyboard.press("ArrowDown")
    target = links.nth(0).get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target.removeprefix("../"))
    page.go_back()
    page.wait_for_selector("#site-search-q")
    search_for(page, "Fidan")
    page.keyboard.press("Escape")  # from the box: clears the box and the results
    assert page.input_value("#site-search-q") == "" and page.locator("#site-search-results li").count() == 0
    assert page.inner_text("#site-search-status") == ""
    assert not watch.problems, watch.problems


def test_a_source_is_found_at_its_entry_in_the_sources_list(sample: Site, open_page: Callable[..., Any]) -> None:
    page, watch = open_page(sample, "actors/index.html")
    search_for(page, "headline")
    link = page.locator("#site-search-results li", has_text="Source").first.locator("a")
    assert link.get_attribute("href") == "../sources/index.html#report"
    link.click()
    page.wait_for_url("**/sources/index.html#report")
    assert page.locator("#report").is_visible()
    assert not watch.problems, watch.problems


def test_markup_in_the_briefing_is_shown_as_text_and_never_runs(hostile: Site, open_page: Callable[..., Any]) -> None:
    page, watch = open_page(hostile, "index.html")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    search_for(page, "onerror")
    result = page.locator("#site-search-results li").first
    assert result.locator("a").inner_text() == "Bridge <script>alert(1)</script> opens & <b>closes</b>"
    excerpt = result.locator(".site-search-excerpt")
    assert "The code <img src=x onerror=alert(2)> was posted; 5 < 6 & “quoted” words stay." in excerpt.inner_text()
    assert excerpt.locator("mark").all_inner_texts() == ["onerror=alert(2)>"]
    tags = page.evaluate("Array.from(document.querySelectorAll('#site-search-results *'), e => e.localName)")
    assert set(tags) == {"li", "a", "span", "p", "mark"}, tags
    assert dialogs == []
    assert not watch.problems, watch.problems


def test_from_file_the_box_says_search_needs_a_web_server(sample: Site, open_page: Callable[..., Any]) -> None:
    page, _watch = open_page(sample, "index.html", mode="file")
    assert page.is_visible("#site-search")
    assert page.is_disabled("#site-search-q")
    assert page.inner_text("#site-search-status").startswith(
        "Search works only when the site is served over the web (http or https).")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_briefing_in_shards_is_searched_as_one(sample: Site, sharded: Site, open_page: Callable[..., Any],
                                                 screenshot_dir: Path, width: int) -> None:
    from generator.searchshards import shard_of

    entry = json.loads((sharded.dir / "pagefind" / "pagefind-entry.json").read_bytes())
    assert entry["factsheet_shards"] == ["1/", "2/", "3/"]
    found = {}
    for site in (sample, sharded):
        page, watch = open_page(site, "events/cross-border-strikes/index.html", viewport={"width": width, "height": 900})
        search_for(page, "Iran")
        found[site.name] = (page.inner_text("#site-search-status"),
                            page.locator("#site-search-results li a").evaluate_all("as => as.map(a => a.href)"))
        assert not watch.problems, watch.problems
    status, links = found["sharded"]
    assert status == found["sample"][0] and status.startswith("The first 10 of "), status  # every shard's results
    base = sharded.http_base
    assert all(link.startswith(base) for link in links)
    shards = {shard_of(link.removeprefix(base), 4) for link in links}
    assert len(shards) > 1, links  # the first ten come from more than one shard
    entries = {r.removeprefix(base) for r in watch.requests if r.split("?")[0].endswith("pagefind-entry.json")}
    assert {e.split("?")[0] for e in entries} == {"pagefind/pagefind-entry.json", *(
        f"pagefind/{n}/pagefind-entry.json" for n in (1, 2, 3))}
    page.screenshot(path=str(screenshot_dir / f"search-shards-{width}.png"), full_page=True)
    other = page.locator("#site-search-results li a").nth(
        next(i for i, link in enumerate(links) if shard_of(link.removeprefix(base), 4) != 0))
    href = other.get_attribute("href")
    with page.expect_navigation():
        other.click()
    assert page.url == base + href.removeprefix("../../")
    assert not watch.problems, watch.problems
