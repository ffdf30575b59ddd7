"""brief/index.html and brief-short/index.html: one document, in-document links, valid structure."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import check_briefing, render_site
from generator.model import Briefing

REPO = Path(__file__).resolve().parents[1]
BRIEFINGS = {"sample": REPO, "fixture": REPO / "tests" / "fixtures" / "print"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Everything the tests look at, and whether the tags nest properly."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[tuple[str, str]] = []  # (href, class)
        self.headings: list[int] = []
        self.heading_text: list[str] = []
        self.metas: list[dict[str, str | None]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.styles = 0
        self.scripts = 0
        self.inline_styles = 0
        self.handlers = 0
        self.texts: list[str] = []
        self._heading: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append((str(a["href"]), str(a.get("class") or "")))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
            self._heading = []
        if tag == "meta":
            self.metas.append(a)
        self.styles += tag == "style"
        # a JSON-LD data block is inert (browsers never run it); anything else would be code in the PDF page
        self.scripts += tag == "script" and dict(attrs).get("type") != "application/ld+json"
        self.inline_styles += "style" in a
        self.handlers += any(k.startswith("on") for k in a)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.heading_text.append(" ".join("".join(self._heading).split()))
            self._heading = None
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


@pytest.fixture(scope="module", params=sorted(BRIEFINGS))
def site(request: pytest.FixtureRequest) -> tuple[Briefing, dict[str, bytes]]:
    folder = BRIEFINGS[request.param]
    briefing, problems = check_briefing(folder)
    assert briefing is not None, [p.format() for p in problems]
    files, render_problems = render_site(briefing, folder)
    assert not render_problems, [p.format() for p in render_problems]
    return briefing, files


def _page(files: dict[str, bytes], path: str) -> Page:
    return Page(files[path].decode("utf-8"))


BRIEFS = ["brief/index.html", "brief-short/index.html"]


@pytest.mark.parametrize("path", BRIEFS)
def test_well_formed_and_accessible_structure(site: tuple[Briefing, dict[str, bytes]], path: str) -> None:
    _, files = site
    page = _page(files, path)
    assert not page.errors, page.errors[:5]
    assert page.stack == [], page.stack
    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert files[path].decode().lstrip().lower().startswith("<!doctype html>")


@pytest.mark.parametrize("path", BRIEFS)
def test_same_csp_as_the_site_and_nothing_inline(site: tuple[Briefing, dict[str, bytes]], path: str) -> None:
    _, files = site

    def csp(p: Page) -> str | None:
        found = (m.get("content") for m in p.metas if m.get("http-equiv") == "Content-Security-Policy")
        return next(found, None)

    brief, overview = _page(files, path), _page(files, "index.html")
    assert csp(brief) and csp(brief) == csp(overview)
    assert brief.styles == brief.scripts == brief.inline_styles == brief.handlers == 0


@pytest.mark.parametrize("path", BRIEFS)
def test_links_stay_in_the_document(site: tuple[Briefing, dict[str, bytes]], path: str) -> None:
    """Record links are prefixed in-document anchors that exist; other links are the site nav or external."""
    _, files = site
    page = _page(files, path)
    body = files[path].decode()
    main = Page(body[body.index('<main'):body.index("</main>")])
    ids = set(page.ids)
    for href, _cls in main.hrefs:
        if href.startswith("#"):
            assert href[1:] in ids, href
            assert re.match(r"#(ev|actor|st|place|src|sec)-", href), href
        else:
            assert href.startswith(("http://", "https://", "mailto:")), href
    # nothing inside the document points at the site's record pages
    assert not re.search(r'href="\.\./(events|actors|statements|places)/', body[body.index('<main'):])


def test_full_brief_holds_every_record_in_reading_order(site: tuple[Briefing, dict[str, bytes]]) -> None:
    briefing, files = site
    page = _page(files, "brief/index.html")
    ids = page.ids
    for prefix, records in (("ev", briefing.events), ("actor", briefing.actors), ("st", briefing.statements),
                            ("place", briefing.places), ("src", briefing.sources)):
        for r in records:
            assert f"{prefix}-{r.id}" in ids, (prefix, r.id)
    events = [i for i in ids if i.startswith("ev-") and not i.endswith("-h")]
    assert events == [f"ev-{e.id}" for e in briefing.events]
    order = [ids.index(s) for s in ("sec-summary", "sec-contents", "sec-timeline", "sec-sources")]
    assert order == sorted(order)
    names = [ids.index(f"sec-{s}") for s in ("actors", "statements", "places") if f"sec-{s}" in ids]
    assert names == sorted(names)


def test_citations_use_the_website_numbers(site: tuple[Briefing, dict[str, bytes]]) -> None:
    briefing, files = site
    website = files["sources/index.html"].decode()
    numbers = dict(re.findall(r'<li class="source" id="([a-z0-9-]+)" value="(\d+)"', website))
    for path in BRIEFS:
        html = files[path].decode()
        for source, number in re.findall(r'<a class="cite" href="#src-([a-z0-9-]+)"[^>]*>\[(\d+)', html):
            assert numbers[source] == number, (path, source, number)
        for source, number in re.findall(r'<li class="endnote" id="src-([a-z0-9-]+)" value="(\d+)"', html):
            assert numbers[source] == number
    # the website's own citations carry the same numbers for the same sources
    for source, number in re.findall(r'href="[./]*sources/index\.html#([a-z0-9-]+)"[^>]*>\[(\d+)\]',
                                     files["index.html"].decode()):
        assert numbers[source] == number


def test_every_quote_is_typeset_as_a_quote(site: tuple[Briefing, dict[str, bytes]]) -> None:
    briefing, files = site
    html = files["brief/index.html"].decode()
    from markupsafe import escape

    for s in briefing.statements:
        block = html[html.index(f'id="st-{s.id}"'):]
        block = block[: block.index("</article>")]
        if s.mode == "verbatim":
            assert f"<p>“{escape(s.text)}”</p>" in block
            assert 'class="quote quote-verbatim"' in block
        elif s.mode == "partial":
            assert "<blockquote" in block and str(escape(s.text)) in block
        else:
            assert f"{s.mode.capitalize()}:" in block


def test_short_brief_has_key_events_only(site: tuple[Briefing, dict[str, bytes]]) -> None:
    briefing, files = site
    page = _page(files, "brief-short/index.html")
    key = briefing.key_events or briefing.events[:5]
    shown = [i[3:] for i in page.ids if i.startswith("ev-")]
    assert shown == [e.id for e in key]
    for section in ("sec-summary", "sec-timeline"):
        assert section in page.ids
    for absent in ("sec-actors", "sec-statements", "sec-places", "sec-contents"):
        assert absent not in page.ids


def test_site_navigation_kept_for_the_web_hidden_in_print(site: tuple[Briefing, dict[str, bytes]]) -> None:
    _, files = site
    html = files["brief/index.html"].decode()
    assert 'class="site-nav"' in html and 'href="../timeline/index.html"' in html
    assert 'href="../assets/style.css" media="screen"' in html
    css = files["assets/brief.css"].decode()
    print_rules = css[css.index("@media print"):]
    assert re.search(r"\.site-header[^{]*\{[^}]*display:\s*none", print_rules)


def test_contents_lists_the_sections_present(site: tuple[Briefing, dict[str, bytes]]) -> None:
    _, files = site
    html = files["brief/index.html"].decode()
    toc = html[html.index('class="toc"'):html.index("</nav>", html.index('class="toc"'))]
    targets = re.findall(r'href="#(sec-[a-z-]+)"', toc)
    ids = set(_page(files, "brief/index.html").ids)
    assert targets and all(t in ids for t in targets)
    assert "sec-timeline" in targets and "sec-sources" in targets


def test_multiscript_names_keep_their_language(site: tuple[Briefing, dict[str, bytes]]) -> None:
    briefing, files = site
    html = files["brief/index.html"].decode()
    for actor in briefing.actors:
        for n in actor.names:
            if n.lang:
                assert f'lang="{n.lang}" dir="auto">{escape_text(n.name)}' in html, n


def escape_text(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


# Chromium's own print of the brief is tested in tests/browser/test_print.py, with the browser suite's
# Chromium (one Playwright session per test run).
