"""Fixtures for the browser suite: two built sites, a local web server, a real Chromium.

The sites are the sample briefing (the repository's own `content/`) and a generated briefing of
320 events (`largebriefing.py`). Both are built with the command line into one web root and
served by `http.server` on 127.0.0.1 under sub-paths (`/some/where/sample/`,
`/some/where/large/`), so any link that assumes the site sits at `/` breaks. They are also
opened straight from disk (`file://`).

The browser is Debian's Chromium (`/usr/bin/chromium`, or `$FACTSHEET_CHROMIUM`) driven by
Playwright's sync API; nothing is downloaded. In CI (`CI` set) a missing tool is an error, never a
skip.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from browserkit import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, REPO, SUB_PATH, Site, Watch, missing_tool  # noqa: E402
from largebriefing import write_briefing  # noqa: E402

# Every host name fails to resolve, so a stray request to another host fails fast and offline.
BROWSER_ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _build(src: Path, out: Path, *options: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "build", str(src), "-o", str(out), *options],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, f"build of {src} failed:\n{proc.stderr}"


@pytest.fixture(scope="session")
def web_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the web server serves; the sites sit in `some/where/<name>/` below it."""
    root = tmp_path_factory.mktemp("www")
    large_src = write_briefing(tmp_path_factory.mktemp("large-briefing"))
    _build(REPO, root / SUB_PATH / "sample", "--search")  # every page then has the search box to check
    _build(large_src, root / SUB_PATH / "large")
    return root


@pytest.fixture(scope="session")
def server(web_root: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT/ serving `web_root`, on a random free port."""
    handler = functools.partial(_QuietHandler, directory=str(web_root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def sites(web_root: Path, server: str) -> dict[str, Site]:
    out = {}
    for name in ("sample", "large"):
        folder = web_root / SUB_PATH / name
        pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
        out[name] = Site(name, folder, f"{server}{SUB_PATH}/{name}/", pages)
    return out


@pytest.fixture(scope="session", params=["sample", "large"])
def site(request: pytest.FixtureRequest, sites: dict[str, Site]) -> Site:
    return sites[request.param]


@pytest.fixture(scope="session")
def sample(sites: dict[str, Site]) -> Site:
    return sites["sample"]


@pytest.fixture(scope="session")
def large(sites: dict[str, Site]) -> Site:
    return sites["large"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("playwright is not installed")
    if not Path(CHROMIUM).is_file():
        missing_tool(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., tuple[Any, Watch]]]:
    """open_page(site, rel, mode='http', **context_options) -> (page, watch).

    Requests that leave the site are recorded as problems; the browser cannot resolve any host but
    127.0.0.1 (see BROWSER_ARGS), so nothing reaches the network. (Not `context.route`: routing every
    request through Python made page loads three times slower.)
    """
    contexts: list[Any] = []

    def _open(site: Site, rel: str, mode: str = "http", **options: Any) -> tuple[Any, Watch]:
        prefixes = (site.base(mode),)
        ctx = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        contexts.append(ctx)
        ctx.set_default_timeout(10_000)
        page = ctx.new_page()
        watch = Watch(page, prefixes)
        if rel is not None:
            watch.where = rel
            page.goto(site.url(rel, mode), wait_until="load")
        return page, watch

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """test-artifacts/screenshots/, emptied once per run and left behind for people to look at."""
    folder = ARTIFACTS / "screenshots"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


