"""What a reader's first search downloads, and what it finds, with the index in one bundle and in shards.

    PYTHONPATH=. python benchmarks/search_downloads.py CORPUS OUT [--sizes 1000000000 4000 2000] [--query Iran ...]

CORPUS is a briefing folder (e.g. /tmp/bench-work/corpus-10000-split). For each shard size (the most records to
a shard: searchshards.SHARD_SIZE), the briefing's search bundles are made (search.search_index_of) into
OUT/<size>/pagefind/, beside a page holding the search box and assets/search.js as a built site has them, served
over http on 127.0.0.1. In Chromium (Debian's, as the browser tests use), each query is typed into a fresh page:
printed are the requests and bytes the page fetched for search (the index files; the page itself excluded),
then the first ten results, and how many of the first ten the first size's search also shows first.
A report, not a test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import check_briefing  # noqa: E402
from generator.search import search_index_of  # noqa: E402

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>search</title></head><body>
<form class="site-search" id="site-search" role="search" data-root="" hidden>
<input type="search" id="site-search-q"><button type="submit">Search</button>
<p id="site-search-status"></p><ol id="site-search-results"></ol></form>
<script src="assets/search.js"></script></body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000_000, 4000])
    parser.add_argument("--query", nargs="+", default=["Iran", "ceasefire", "border closure", "evacuation camp"])
    args = parser.parse_args()
    briefing, _ = check_briefing(args.corpus)
    if briefing is None:
        raise SystemExit(f"{args.corpus}: the briefing has errors")
    for size in args.sizes:
        site = args.out / str(size)
        shutil.rmtree(site, ignore_errors=True)
        for name, data in search_index_of(briefing, shard_size=size).items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)
        (site / "assets").mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "templates" / "assets" / "search.js", site / "assets" / "search.js")
        (site / "index.html").write_text(PAGE, encoding="utf-8")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    from playwright.sync_api import sync_playwright

    first: dict[str, list[str]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        for query in args.query:
            for size in args.sizes:
                page = browser.new_context().new_page()
                fetched: list[tuple[str, int]] = []
                page.on("requestfinished", lambda r, f=fetched: f.append((r.url, r.sizes()["responseBodySize"])))
                page.goto(f"{base}{size}/index.html")
                fetched.clear()  # the page and search.js: not the search's
                page.fill("#site-search-q", query)
                page.press("#site-search-q", "Enter")
                page.wait_for_selector("#site-search-results li a")
                page.wait_for_load_state("networkidle")
                results = page.locator("#site-search-results li a").evaluate_all(
                    "as => as.map(a => a.getAttribute('href'))")
                status = page.inner_text("#site-search-status")
                first.setdefault(query, results)
                same = len(set(results) & set(first[query]))
                print(f"{query!r} shard size {size}: {len(fetched)} requests, "
                      f"{sum(n for _, n in fetched) / 1000:.0f} KB; {status}; {same}/10 of the first size's top ten")
                for href in results:
                    print(f"    {href}")
                page.context.close()
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
