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
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from largebriefing import write_briefing  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("FACTSHEET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SUB_PATH = "some/where"

# Preferred records for the "one page of each type" checks: in the sample, the richest record of
# each kind; in the generated briefing, the first of each kind plus some with unusual content.
PREFERRED = {
    "sample": {"events": "pakistan-air-strikes", "actors": "jalil-abbas-jilani",
               "statements": "jilani-no-escalation", "places": "sistan-baluchestan"},
    "large": {"events": "event-000", "actors": "actor-07", "statements": "statement-000", "places": "town-00"},
}
LIST_PAGES = {
    "overview": "index.html", "timeline": "timeline/index.html", "actors": "actors/index.html",
    "statements": "statements/index.html", "places": "places/index.html", "sources": "sources/index.html",
    "brief": "brief/index.html",
}
RECORD_TYPES = {"event": "events", "actor": "actors", "statement": "statements", "place": "places"}


def missing_tool(message: str) -> None:
    """Fail in CI, skip on a developer's machine without the tool."""
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must run every browser test; run `bash .ci/setup`)")
    pytest.skip(message)


@dataclass
class Site:
    name: str
    dir: Path
    http_base: str  # ends in "/"
    pages: list[str] = field(default_factory=list)  # every HTML page, relative paths

    @property
    def file_base(self) -> str:
        return self.dir.as_uri() + "/"

    def base(self, mode: str) -> str:
        return self.http_base if mode == "http" else self.file_base

    def url(self, rel: str, mode: str = "http") -> str:
        return self.base(mode) + rel

    def page_types(self) -> dict[str, str]:
        """One page of every type: name -> path relative to the site root."""
        types = {k: v for k, v in LIST_PAGES.items() if (self.dir / v).is_file()}
        for name, section in RECORD_TYPES.items():
            prefer = PREFERRED.get(self.name, {}).get(section)
            if prefer and (self.dir / section / prefer / "index.html").is_file():
                types[name] = f"{section}/{prefer}/index.html"
                continue
            folder = self.dir / section
            for child in sorted(folder.iterdir()) if folder.is_dir() else []:
                if (child / "index.html").is_file():
                    types[name] = f"{section}/{child.name}/index.html"
                    break
        return types


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _build(src: Path, out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "build", str(src), "-o", str(out)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, f"build of {src} failed:\n{proc.stderr}"


@pytest.fixture(scope="session")
def web_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the web server serves; the sites sit in `some/where/<name>/` below it."""
    root = tmp_path_factory.mktemp("www")
    large_src = write_briefing(tmp_path_factory.mktemp("large-briefing"))
    _build(REPO, root / SUB_PATH / "sample")
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
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _allowed(url: str, prefixes: tuple[str, ...]) -> bool:
    return url.startswith(prefixes) or url.startswith(("data:", "about:"))


class Watch:
    """Records everything that went wrong while a page was open: console errors and warnings,
    uncaught exceptions, failed requests, error responses, and requests outside the site."""

    def __init__(self, page: Any, prefixes: tuple[str, ...]) -> None:
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.where = ""
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"{self.where}: uncaught exception: {exc}"))
        page.on("requestfailed", lambda r: self.problems.append(
            f"{self.where}: request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: self.problems.append(f"{self.where}: HTTP {r.status} for {r.url}")
                if r.status >= 400 else None)
        page.on("request", self._request)
        self.prefixes = prefixes

    def _console(self, msg: Any) -> None:
        if msg.type in ("error", "warning"):
            self.problems.append(f"{self.where}: console {msg.type}: {msg.text}")

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        if not _allowed(request.url, self.prefixes):
            self.problems.append(f"{self.where}: request outside the site: {request.url}")


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., tuple[Any, Watch]]]:
    """open_page(site, rel, mode='http', **context_options) -> (page, watch).

    Requests that leave the site are recorded as problems and aborted, so nothing reaches the network.
    """
    contexts: list[Any] = []

    def _open(site: Site, rel: str, mode: str = "http", **options: Any) -> tuple[Any, Watch]:
        prefixes = (site.base(mode),)
        ctx = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        contexts.append(ctx)
        ctx.route(lambda url: not _allowed(url, prefixes), lambda route: route.abort())
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


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


SAMPLE_LONG_LISTS_JS = """(keep) => {
  let n = 0;
  for (const parent of document.querySelectorAll('body, body *')) {
    if (parent.children.length <= keep) continue;
    while (parent.children.length > keep) { parent.lastElementChild.remove(); n++; }
  }
  return n;
}"""


def run_axe(page: Any, tags: list[str] | None = None, keep: int | None = None) -> list[dict[str, Any]]:
    """axe-core's violations for WCAG 2.1 A and AA on the open page.

    keep=N first removes all but the first N children of any longer list or container on the page:
    the 320-event timeline and brief repeat one structure hundreds of times, and axe takes 15 s
    over such a page. Use it on a page that is thrown away afterwards."""
    if not AXE_JS.is_file():
        missing_tool(f"{AXE_JS} missing; run `npm ci`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Inject by evaluation, not a <script> tag: the site's Content-Security-Policy forbids inline
        # and foreign scripts, and an injected tag would itself be a CSP violation.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    if keep:
        page.evaluate(SAMPLE_LONG_LISTS_JS, keep)
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations'], preload: false})", tags or AXE_TAGS)
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)
