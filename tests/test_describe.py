"""Head metadata on every page: canonical links, share cards with each page's own words, and schema.org JSON-LD
expanded with pyld and checked term by term against the schema.org vocabulary."""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld  # type: ignore[import-untyped]

from generator.build import Result, build, check_briefing
from generator.describe import Describer
from generator.editionsite import NO_EDITIONS
from generator.feed import url_of
from generator.pages import PageViews, listings_of, plan_pages

REPO = Path(__file__).resolve().parent.parent
HOSTED = REPO / "tests" / "briefings" / "multiscript"
BASE = "https://example.org/briefings/salt-coast/"
S = "https://schema.org/"

# The schema.org terms factsheet uses: each type with the properties schema.org lists for it (its own and
# inherited), as published at https://schema.org/<Type> (schema.org 29). There is no network here and no
# schema.org vocabulary package on PyPI or npm that we trust, so the list is kept by hand: a new term must
# be checked on schema.org before it is added. Thing's properties apply to every type.
THING = {"name", "description", "url", "alternateName", "subjectOf"}
CREATIVE_WORK = THING | {"author", "creator", "citation", "about", "text", "dateCreated", "datePublished",
                         "dateModified", "inLanguage", "publisher", "isPartOf", "abstract", "correction"}
VOCABULARY: dict[str, set[str]] = {
    "Report": CREATIVE_WORK,  # Thing > CreativeWork > Article > Report
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "Quotation": CREATIVE_WORK | {"spokenByCharacter"},
    "CreativeWork": CREATIVE_WORK,
    "CorrectionComment": CREATIVE_WORK,  # CreativeWork > Comment > CorrectionComment
    "Dataset": CREATIVE_WORK | {"distribution"},
    "DataDownload": CREATIVE_WORK | {"contentUrl", "encodingFormat"},  # CreativeWork > MediaObject > DataDownload
    "Event": THING | {"startDate", "endDate", "location", "actor", "about"},
    "Person": THING,
    "Organization": THING,
    "GovernmentOrganization": THING,  # Organization > GovernmentOrganization
    "Place": THING | {"geo", "containedInPlace"},
    "GeoCoordinates": THING | {"latitude", "longitude"},
}


def schema_org_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The schema.org context, offline: every term is in the schema.org namespace (what the real one says)."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": S}}}


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.jsonld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path, list[str]]:
    out = tmp_path_factory.mktemp("described") / "site"
    result = build(HOSTED, out, strict=True)
    assert result.written == out, [p.format() for p in result.problems]
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    return result, out, pages


def test_canonical_and_share_cards_on_every_page_with_distinct_descriptions(
        site: tuple[Result, Path, list[str]]) -> None:
    _, out, pages = site
    descriptions: dict[str, str] = {}
    for page in pages:
        head = head_of(out / page)
        assert head.canonical == ([] if page == "404.html" else [url_of(BASE, page)]), page
        for key in ("og:title", "og:description", "og:type", "twitter:card", "twitter:title", "description"):
            assert head.meta.get(key), (page, key)
        assert head.meta["og:description"] == head.meta["description"] == head.meta["twitter:description"]
        descriptions[head.meta["description"]] = page
    assert len(descriptions) == len(pages)  # no two pages share a description


def test_a_record_page_describes_that_record(site: tuple[Result, Path, list[str]]) -> None:
    result, out, _ = site
    b = result.briefing
    assert b is not None
    event = next(e for e in b.events if e.summary)
    head = head_of(out / "events" / event.id / "index.html")
    assert head.meta["og:title"] == event.title
    assert head.meta["description"].startswith((event.date_display or event.date.render(short=False)) + ": ")
    actor = next(a for a in b.actors if a.summary)
    assert head_of(out / "actors" / actor.id / "index.html").meta["description"] == actor.summary
    statement = b.statements[0]
    speaker = b.by_id["actors"][statement.speaker].name
    assert head_of(out / "statements" / statement.id / "index.html").meta["og:title"] == f"Statement by {speaker}"


def expanded_nodes(value: Any) -> list[dict[str, Any]]:
    """Every node object in an expanded JSON-LD document, nested ones too."""
    found: list[dict[str, Any]] = []
    if isinstance(value, list):
        for item in value:
            found += expanded_nodes(item)
    elif isinstance(value, dict) and "@value" not in value:
        found.append(value)
        for key, item in value.items():
            if not key.startswith("@"):
                found += expanded_nodes(item)
    return found


def test_json_ld_uses_only_schema_org_terms_on_their_types(site: tuple[Result, Path, list[str]]) -> None:
    _, out, pages = site
    seen: set[str] = set()
    for page in pages:
        head = head_of(out / page)
        assert len(head.jsonld) == 1, page
        document = json.loads(head.jsonld[0])
        assert set(document) == {"@context", "@graph"}
        expanded = jsonld.expand(document, {"documentLoader": schema_org_loader, "base": url_of(BASE, page)})
        for node in expanded_nodes(expanded):
            types = [t.removeprefix(S) for t in node.get("@type", [])]
            seen.update(types)
            for kind in types:
                assert kind in VOCABULARY, (page, kind)
            allowed = set().union(*(VOCABULARY[t] for t in types)) if types else None
            for key in node:
                if key.startswith("@"):
                    continue
                assert key.startswith(S), (page, key)
                if allowed is not None:  # a bare reference ({"@id": ...}) has no type of its own here
                    assert key.removeprefix(S) in allowed, (page, types, key)
    assert {"Report", "Event", "Claim", "Quotation", "Person", "Place", "CreativeWork", "Dataset",
            "DataDownload"} <= seen
    assert {"Organization", "GovernmentOrganization"} & seen


def test_a_record_page_holds_that_record_not_the_whole_briefing(site: tuple[Result, Path, list[str]]) -> None:
    result, out, _ = site
    b = result.briefing
    assert b is not None
    event = b.events[0]
    graph = json.loads(head_of(out / "events" / event.id / "index.html").jsonld[0])["@graph"]
    ids = {node["@id"] for node in graph}
    assert url_of(BASE, f"events/{event.id}/index.html") in ids
    others = {url_of(BASE, f"events/{e.id}/index.html") for e in b.events[1:]}
    assert not ids & others
    claims = [n for n in graph if n["@type"] == "Claim"]
    assert len(claims) == len(event.figures)
    assert all(c["author"]["@id"].startswith(BASE + "actors/") for c in claims)


def test_the_report_lists_its_corrections(site: tuple[Result, Path, list[str]]) -> None:
    result, out, _ = site
    assert result.briefing is not None
    corrections = [c for c in result.briefing.meta.changes if c.kind == "correction"]
    report = json.loads(head_of(out / "index.html").jsonld[0])["@graph"][0]
    assert report["@type"] == "Report" and report["@id"] == BASE
    assert len(report.get("correction", [])) == len(corrections)


def test_pages_but_the_front_page_name_the_report_without_repeating_it(site: tuple[Result, Path, list[str]]) -> None:
    result, out, pages = site
    assert result.briefing is not None
    title = result.briefing.meta.title
    for page in pages:
        report = json.loads(head_of(out / page).jsonld[0])["@graph"][0]
        assert report["@type"] == "Report" and report["@id"] == BASE and report["name"] == title, page
        if page != "index.html":
            assert set(report) == {"@id", "@type", "name"}, page
    front = json.loads(head_of(out / "index.html").jsonld[0])["@graph"][0]
    assert {"abstract", "dateModified", "inLanguage"} <= set(front)


@pytest.mark.parametrize("folder", [REPO, HOSTED], ids=["relative", "hosted"])
def test_the_jsonld_written_a_node_at_a_time_is_json_dumps_of_the_document(folder: Path) -> None:
    """head_of writes the nodes that recur (actors, places, sources, the briefing) once per page depth and joins
    them: the text must be json.dumps of the whole document, on every page, the second time as the first."""
    briefing, problems = check_briefing(folder, clean=True)
    assert briefing is not None, [str(p) for p in problems]
    listings = listings_of(briefing)
    views = PageViews(briefing, NO_EDITIONS, listings)
    pages = [dataclasses.replace(p, view=views.view_of(p)) for p in plan_pages(briefing, NO_EDITIONS, listings)]
    describer = Describer(briefing)
    kept = 0
    for _ in range(2):
        for page in pages:
            document = {"@context": "https://schema.org", "@graph": describer.graph_of(page)}
            expected = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            assert describer.head_of(page).jsonld == expected, page.path
            kept += sum(id(node) in describer._texts for node in document["@graph"])
    assert kept > len(pages)  # most pages name a record whose node was written before
