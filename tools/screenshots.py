"""Full-page screenshots of every page type of a built factsheet site, for looking at the theme.

Builds nothing: point it at a built site (default ./site). Opens each page from file:// in the
Debian Chromium through Playwright, at 390 px and 1280 px (and 1920 px for the overview), in light
and dark colour schemes, and prints any console error, page error or failed request
(CSP violations show up as console errors).

    python tools/screenshots.py [OUT_DIR] [--site SITE_DIR] [--only NAME,...] [--widths 390,1280]

OUT_DIR defaults to /tmp/shots. Exit status 1 when a page logged an error or scrolls sideways.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def first_record(site: Path, section: str, prefer: str | None = None) -> str | None:
    """One record page of a section: `prefer` if it exists, else the first in name order."""
    folder = site / section
    if prefer and (folder / prefer / "index.html").is_file():
        return f"{section}/{prefer}/index.html"
    for child in sorted(folder.iterdir()) if folder.is_dir() else []:
        if (child / "index.html").is_file():
            return f"{section}/{child.name}/index.html"
    return None


def page_list(site: Path) -> dict[str, str]:
    """name -> path of one page of every type."""
    pages = {
        "overview": "index.html",
        "timeline": "timeline/index.html",
        "actors": "actors/index.html",
        "statements": "statements/index.html",
        "places": "places/index.html",
        "sources": "sources/index.html",
    }
    prefer = {"events": "pakistan-air-strikes", "actors": "jalil-abbas-jilani",
              "statements": "jilani-no-escalation", "places": "sistan-baluchestan"}
    for section, name in (("events", "event"), ("actors", "actor"), ("statements", "statement"), ("places", "place")):
        found = first_record(site, section, prefer[section])
        if found:
            pages[name] = found
    return {k: v for k, v in pages.items() if (site / v).is_file()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default="/tmp/shots", help="folder for the PNGs (default /tmp/shots)")
    ap.add_argument("--site", default="site", help="the built site (default ./site)")
    ap.add_argument("--only", default="", help="comma-separated page names (overview,timeline,event,...)")
    ap.add_argument("--widths", default="390,1280", help="viewport widths (default 390,1280; overview adds 1920)")
    ap.add_argument("--schemes", default="light,dark")
    ap.add_argument("--query", default="", help="query string added to every URL, e.g. '?actor=iran'")
    opts = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    site = Path(opts.site).resolve()
    if not (site / "index.html").is_file():
        print(f"{site} has no index.html; build the site first", file=sys.stderr)
        return 2
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = page_list(site)
    if opts.only:
        wanted = set(opts.only.split(","))
        pages = {k: v for k, v in pages.items() if k in wanted}
    widths = [int(w) for w in opts.widths.split(",") if w]
    bad = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for scheme in opts.schemes.split(","):
            for name, rel in pages.items():
                for width in widths + ([1920] if name == "overview" and 1920 not in widths else []):
                    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                              device_scale_factor=1)
                    page = ctx.new_page()
                    errors: list[str] = []
                    page.on("console", lambda m, e=errors: e.append(f"console {m.type}: {m.text}")
                            if m.type in ("error", "warning") else None)
                    page.on("pageerror", lambda exc, e=errors: e.append(f"page error: {exc}"))
                    page.on("requestfailed", lambda r, e=errors: e.append(f"request failed: {r.url}"))
                    url = (site / rel).as_uri() + opts.query
                    page.goto(url, wait_until="load")
                    page.wait_for_timeout(150)
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    if overflow > 0:
                        errors.append(f"horizontal overflow: {overflow}px")
                    path = out / f"{name}-{width}-{scheme}.png"
                    page.screenshot(path=str(path), full_page=True)
                    status = "ok" if not errors else "PROBLEMS"
                    print(f"{status:8} {path}  <- {rel}")
                    for err in errors:
                        print(f"         {err}")
                    bad += bool(errors)
                    ctx.close()
        browser.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
