"""Every page of both sites, served under a sub-path and opened from disk, loads cleanly.

Clean means: no console error or warning (a Content-Security-Policy violation is one), no uncaught
exception, no failed request, no HTTP error, and no request that leaves the site (another host,
or a path above the site's own folder).
"""

from __future__ import annotations

from typing import Any

import pytest
from browserkit import Site


@pytest.mark.parametrize("mode", ["http", "file"])
def test_every_page_loads_cleanly(site: Site, mode: str, open_page: Any) -> None:
    """Sample: every page. Large (548 pages, ~100 s in a browser): every page type and every 8th page;
    test_links.py fetches all of its pages and everything they refer to, and vnu validates them all."""
    page, watch = open_page(site, None, mode)
    assert len(site.pages) > (500 if site.name == "large" else 50)
    pages = site.pages
    if site.name == "large":
        pages = sorted(set(site.pages[::8]) | set(site.page_types().values()) | {"brief-short/index.html"})
    for rel in pages:
        watch.where = rel
        page.goto(site.url(rel, mode), wait_until="load")
    assert not watch.problems, "\n".join(watch.problems[:40])
    # the stylesheet and scripts were actually fetched from inside the site
    assert any(u.endswith("assets/style.css") for u in watch.requests)
    assert any(u.endswith("assets/filters.js") for u in watch.requests)


def test_pages_use_relative_links_only(site: Site) -> None:
    """The contract: every internal link is relative and ends in index.html or a file name."""
    from linkcrawl import parse_page

    bad = []
    for rel in site.pages:
        parsed = parse_page((site.dir / rel).read_text(encoding="utf-8"))
        for attr, url in parsed.urls:
            if url.startswith(("http:", "https:", "mailto:", "data:")) or url.startswith("#"):
                continue
            path = url.split("#", 1)[0].split("?", 1)[0]
            if url.startswith("/") or url.startswith("//"):
                bad.append(f"{rel}: {attr}={url} is absolute")
            elif path and not path.rsplit("/", 1)[-1]:
                bad.append(f"{rel}: {attr}={url} names a folder, not a file (breaks from file://)")
    assert not bad, "\n".join(bad[:40])
