"""Helpers shared by the browser tests (imported as `browserkit`; fixtures live in conftest.py).

Test modules import from here, never from `conftest`: the tree has more than one conftest.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

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
            url = (msg.location or {}).get("url", "")
            self.problems.append(f"{self.where}: console {msg.type}: {msg.text}" + (f" [{url}]" if url else ""))

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        if not _allowed(request.url, self.prefixes):
            self.problems.append(f"{self.where}: request outside the site: {request.url}")


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
