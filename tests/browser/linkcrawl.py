"""A small link checker: crawls a site over HTTP and checks every internal link and #fragment.

It does what `linkchecker` with `[AnchorCheck]` does for this site, without its setuid and
plugin quirks: starting from the overview, follow every `href`/`src` that stays inside the site,
fetch each target once, and check that a `#fragment` names an element `id` in the target page.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (attribute, value)
    duplicate_ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                if value in self.out.ids:
                    self.out.duplicate_ids.add(value)
                self.out.ids.add(value)
            elif name in ("href", "src") and tag != "base":
                self.out.urls.append((f"<{tag} {name}>", value))


def parse_page(html: str) -> Parsed:
    p = _Parser()
    p.feed(html)
    p.close()
    return p.out


@dataclass
class CrawlResult:
    pages: dict[str, Parsed] = field(default_factory=dict)  # url -> parsed (HTML only)
    fetched: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    links_checked: int = 0
    fragments_checked: int = 0


def crawl(base: str, start: str = "index.html") -> CrawlResult:
    """Crawl everything reachable under `base` (a URL ending in '/')."""
    result = CrawlResult()
    queue = [urljoin(base, start)]
    seen = set(queue)
    referrer: dict[str, str] = {queue[0]: "(start)"}
    wanted_fragments: list[tuple[str, str, str]] = []  # (from page, target url, fragment)
    while queue:
        url = queue.pop()
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                body = resp.read()
                ctype = resp.headers.get("Content-Type", "")
        except urllib.error.URLError as exc:
            result.problems.append(f"{referrer[url]}: broken link to {url}: {exc}")
            continue
        result.fetched.add(url)
        if "html" not in ctype:
            continue
        parsed = parse_page(body.decode("utf-8"))
        result.pages[url] = parsed
        for dup in sorted(parsed.duplicate_ids):
            result.problems.append(f"{url}: id '{dup}' is used more than once")
        for attr, value in parsed.urls:
            target = urljoin(url, value)
            if not target.startswith(base):
                if target.startswith(("http://127.0.0.1", "file:")):
                    result.problems.append(f"{url}: {attr}={value} leads out of the site")
                continue  # another host: not fetched
            result.links_checked += 1
            page_url, fragment = urldefrag(target)
            page_url = page_url.split("?", 1)[0]
            if fragment:
                wanted_fragments.append((url, page_url, unquote(fragment)))
            if page_url not in seen:
                seen.add(page_url)
                referrer[page_url] = url
                queue.append(page_url)
    for source, target, fragment in wanted_fragments:
        result.fragments_checked += 1
        if target not in result.fetched:
            continue  # already reported as a broken link
        parsed_target = result.pages.get(target)
        if parsed_target is None or fragment not in parsed_target.ids:
            result.problems.append(f"{source}: link to {target}#{fragment}: no element has that id")
    return result
