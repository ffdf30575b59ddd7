"""The masthead search box, in Chromium: a name searched for over http under a sub-path, and the result followed;
from file:// the box says plainly that search needs a web server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from browserkit import Site


def test_a_name_is_found_from_a_deep_page_and_the_result_followed(sample: Site,
                                                                  open_page: Callable[..., Any]) -> None:
    page, watch = open_page(sample, "events/cross-border-strikes/index.html", viewport={"width": 390, "height": 900})
    page.focus("#site-search-q")  # visible once search.js ran; reached by keyboard like any field
    page.keyboard.type("Jilani")
    page.keyboard.press("Enter")
    page.wait_for_selector("#site-search-results li a")
    status = page.inner_text("#site-search-status")
    assert status.endswith("for “Jilani”") and "result" in status
    first = page.locator("#site-search-results li a").first
    assert "Jilani" in first.inner_text()
    href = first.get_attribute("href")
    assert href.startswith("../../") and href.endswith("/index.html")
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(sample.http_base) and page.url.endswith(href.removeprefix("../../"))
    assert "Jilani" in page.inner_text("main")
    assert not watch.problems, watch.problems


def test_from_file_the_box_says_search_needs_a_web_server(sample: Site, open_page: Callable[..., Any]) -> None:
    page, _watch = open_page(sample, "index.html", mode="file")
    assert page.is_visible("#site-search")
    assert page.is_disabled("#site-search-q")
    assert page.inner_text("#site-search-status").startswith(
        "Search works only when the site is served over the web (http or https).")
