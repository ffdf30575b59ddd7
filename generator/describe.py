"""What a page says about itself in its head: title, description, canonical URL, share cards and JSON-LD. Pure.

Each page describes itself and what it names, never the whole briefing, so a record's page stays small:
the briefing as a schema.org `Report` (in full, with its corrections, on the front page only; by name on
the others), the page's record, and the records it names as bare nodes (type, name, address). Identifiers
are the pages' addresses: absolute under `base_url`, else relative to the page (JSON-LD resolves them
against the page's own address).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .csvdata import bounds_of
from .edtf import Edtf
from .feed import url_of
from .model import Actor, Briefing, Cite, Event, Place, Source, Statement
from .outputs import CALENDAR, CSV_OF_SECTION, PROVENANCE
from .pages import BRIEF_SHORT, NOT_FOUND, SECTION_PATHS, Page, url_for
from .text import MarkdownRenderer
from .viewtypes import Sources

# The JSON-LD document as head_of writes it; its "@graph" is written a node at a time (see Describer.jsonld_of).
_DUMPS = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
DESCRIPTION_LIMIT = 200  # characters; share cards cut longer ones anyway
_ACTOR_TYPES = {"person": "Person", "state": "GovernmentOrganization", "government": "GovernmentOrganization"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")
_LEDES = {  # what each index page's lede says, in a sentence that stands alone on a share card
    "timeline": "{n} events in date order",
    "actors": "{n} people, states, organizations and groups named in this briefing",
    "statements": "{n} statements, by date, with who said them and where they were reported",
    "places": "{n} places named in this briefing",
    "sources": "{n} sources, numbered as in the citations on every page and in the printed brief",
}


@dataclass(frozen=True)
class Head:
    """The metadata base.html's head shows for one page."""

    title: str  # the page's own title, without the briefing's
    description: str
    canonical: str | None  # absolute, only with base_url
    kind: str  # OpenGraph type: "website" for the front page, else "article"
    jsonld: str  # one JSON-LD document, to be escaped with escape_json
    csv: str | None  # the data file of the records a table page lists


def plain_of(markdown: str, renderer: MarkdownRenderer) -> str:
    """Markdown as the plain text a share card shows: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(Markup(renderer.block(markdown)).striptags().split())


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class Describer:
    """Heads for the pages of one briefing; one per build, so Markdown is converted once per text."""

    def __init__(self, briefing: Briefing, renderer: MarkdownRenderer | None = None) -> None:
        self.b = briefing
        self.md = renderer or MarkdownRenderer()
        self._plain: dict[str, str] = {}  # an event's summary is told twice in its page's head
        # The nodes that name a record (actors, places, sources, the briefing on most pages) recur on thousands of
        # pages: each made and written as JSON once per page depth, by (depth, kind, the record's identity).
        self._known: dict[tuple[str, str, int], tuple[Any, dict[str, Any]]] = {}
        self._texts: dict[int, str] = {}  # id of a kept node -> its JSON (the node is kept alive in _known)
        # A record's address, named by every page that mentions it: once per page depth, as the nodes above.
        self._addresses: dict[tuple[str, int], tuple[Any, str]] = {}
        self._root: tuple[Page | None, str] = (None, "")  # the page being described and its root, asked often

    def plain(self, markdown: str) -> str:
        """plain_of, each text once per build."""
        text = self._plain.get(markdown)
        if text is None:
            text = self._plain[markdown] = plain_of(markdown, self.md)
        return text

    def head_of(self, page: Page) -> Head:
        title, description = self.words_of(page)
        base = self.b.meta.base_url
        canonical = url_of(base, page.path) if base and page.path != NOT_FOUND else None
        csv = CSV_OF_SECTION.get(page.section) if SECTION_PATHS.get(page.section) == page.path else None
        return Head(title, shorten(description), canonical, "website" if page.path == "index.html" else "article",
                    self.jsonld_of(self.graph_of(page)), csv)

    def jsonld_of(self, graph: list[dict[str, Any]]) -> str:
        """`json.dumps({"@context": ..., "@graph": graph}, ensure_ascii=False, sort_keys=True, separators=(",",
        ":"))`, the same text, with the nodes kept by `known` written once rather than on every page."""
        texts = self._texts
        nodes = ",".join([texts.get(id(node)) or _DUMPS(node) for node in graph])
        return '{"@context":"https://schema.org","@graph":[' + nodes + "]}"

    def root_of(self, page: Page) -> str:
        """`page.root`, worked out once for the page being described rather than for each node it names."""
        if self._root[0] is not page:
            self._root = (page, page.root)
        return self._root[1]

    def known(self, page: Page, record: Any, kind: str) -> dict[str, Any]:
        """The node `kind` ("ref", "source" or "report") of a record, kept (never changed once made)."""
        key = (self.root_of(page), kind, id(record))
        found = self._known.get(key)
        if found is not None and found[0] is record:
            return found[1]
        node = (self.ref(page, record) if kind == "ref" else self.source_node(page, record) if kind == "source"
                else self.report(page))
        self._known[key] = (record, node)
        self._texts[id(node)] = _DUMPS(node)
        return node

    # --- words -----------------------------------------------------------------------------------

    def words_of(self, page: Page) -> tuple[str, str]:
        """The page's title and a description of it that no other page shares."""
        meta, record = self.b.meta, page.record
        if isinstance(record, Event):
            told = first_sentence(self.plain(record.summary)) if record.summary else record.title
            return record.title, f"{self.date_of(record.date, record.date_display)}: {told}"
        if isinstance(record, Actor):
            return record.name, record.summary or f"{record.name}: {record.kind.replace('-', ' ')}"
        if isinstance(record, Statement):
            speaker = self.b.by_id["actors"][record.speaker].name
            return (f"Statement by {speaker}",
                    f"{speaker}, {self.date_of(record.said_on)}: {first_sentence(record.text)}")
        if isinstance(record, Place):
            within = self.b.by_id["places"][record.within].name if record.within else None
            kind = (record.kind or "place").replace("-", " ")
            return record.name, f"{record.name}: {kind}" + (f" in {within}" if within else "")
        if page.path == "index.html":
            return meta.title, meta.subtitle or first_sentence(plain_of(meta.summary, self.md))
        if page.path == NOT_FOUND:
            return "Page not found", f"No page of {meta.title} has this address."
        if page.brief:
            short = page.path == BRIEF_SHORT
            return ("Short brief" if short else "Print brief",
                    f"{'A short' if short else 'The full'} printable brief of {meta.title}")
        if page.section == "changes":
            return "Changes", f"What each edition of {meta.title} changed, newest first"
        label = dict(SECTION_PATHS_LABELS)[page.section]
        lede = _LEDES[page.section].format(n=len(getattr(self.b, _COLLECTION_OF[page.section])))
        return label, f"{lede}. {meta.title}"

    def date_of(self, date: Edtf, display: str | None = None) -> str:
        return display or date.render(short=False)

    # --- structured data -------------------------------------------------------------------------

    def id_of(self, page: Page, path: str) -> str:
        """A site path as an address: absolute under base_url, else relative to the page; folders end in /."""
        path, hashed, fragment = path.partition("#")
        base = self.b.meta.base_url
        if base:
            address = url_of(base, path)
        else:
            address = self.root_of(page) + (path[: -len("index.html")] if path.endswith("index.html") else path) or "./"
        return address + hashed + fragment

    def address(self, page: Page, record: Any) -> str:
        """A record's @id: the address of its page."""
        key = (self.root_of(page), id(record))
        found = self._addresses.get(key)
        if found is not None and found[0] is record:
            return found[1]
        made = self.id_of(page, url_for(record))
        self._addresses[key] = (record, made)
        return made

    def ref(self, page: Page, record: Any) -> dict[str, Any]:
        """A node that names a record: its type, name and address."""
        node: dict[str, Any] = {"@id": self.address(page, record), "@type": self.type_of(record)}
        node["name"] = record.title if isinstance(record, (Event, Source)) else record.name
        return node

    def type_of(self, record: Any) -> str:
        if isinstance(record, Actor):
            return _ACTOR_TYPES.get(record.kind, "Organization")
        return {Event: "Event", Statement: "Quotation", Place: "Place", Source: "CreativeWork"}[type(record)]

    def report(self, page: Page) -> dict[str, Any]:
        """The briefing: described in full (abstract, authors, corrections) on its front page; every other
        page names it, so a record's page does not carry the whole revision history."""
        meta = self.b.meta
        node: dict[str, Any] = {"@id": self.id_of(page, "index.html"), "@type": "Report", "name": meta.title}
        if page.path != "index.html":
            return node
        node.update({"inLanguage": meta.lang, "dateModified": meta.as_of.iso(),
                     "abstract": first_sentence(plain_of(meta.summary, self.md))})
        if meta.publisher:
            node["publisher"] = {"@type": "Organization", "name": meta.publisher}
        if meta.authors:
            node["author"] = [{"@type": "Person", "name": a.name} for a in meta.authors]
        corrections = [c for c in meta.changes if c.kind == "correction"]
        if corrections:
            node["correction"] = [{"@type": "CorrectionComment", "datePublished": c.date.iso(),
                                   "text": plain_of(c.text, self.md)} for c in corrections]
        return node

    def dataset(self, page: Page) -> dict[str, Any]:
        files = [("data/briefing.json", "application/json"), *((p, "text/csv") for p in CSV_OF_SECTION.values()),
                 ("data/figures.csv", "text/csv"), (CALENDAR, "text/calendar"), (PROVENANCE, "application/ld+json")]
        return {
            "@id": self.id_of(page, "data/"), "@type": "Dataset", "name": f"{self.b.meta.title}: data",
            "description": "Every record of the briefing, as JSON, as one CSV per collection, as a calendar "
                           "of the events and as the provenance of the statements.",
            "isPartOf": {"@id": self.id_of(page, "index.html")},
            "distribution": [{"@type": "DataDownload", "contentUrl": self.id_of(page, path),
                              "encodingFormat": kind} for path, kind in files],
        }

    def graph_of(self, page: Page) -> list[dict[str, Any]]:
        nodes = [self.report(page) if page.path == "index.html" else self.known(page, self.b.meta, "report")]
        record = page.record
        if isinstance(record, Event):
            nodes += self.event_nodes(page, record)
        elif isinstance(record, Actor):
            nodes.append(self.actor_node(page, record))
        elif isinstance(record, Statement):
            nodes += self.statement_nodes(page, record)
        elif isinstance(record, Place):
            nodes.append(self.place_node(page, record))
        elif isinstance(page.view, Sources):  # each page of the bibliography describes the sources it lists
            nodes += [self.known(page, entry.source, "source") for entry in page.view.sources]
        elif page.path in ("index.html", SECTION_PATHS["timeline"]):
            nodes.append(self.dataset(page))
        return nodes

    def event_nodes(self, page: Page, event: Event) -> list[dict[str, Any]]:
        start, end = bounds_of(event.date)
        node: dict[str, Any] = self.ref(page, event)
        if start:
            node["startDate"] = start
        if end:
            node["endDate"] = end
        if event.summary:
            node["description"] = self.plain(event.summary)
        actors = [self.b.by_id["actors"][a.actor] for a in event.actors]
        places = [self.b.by_id["places"][p] for p in event.places]
        if actors:
            node["actor"] = [{"@id": self.address(page, a)} for a in actors]
        if places:
            node["location"] = [{"@id": self.address(page, p)} for p in places]
        node["subjectOf"] = self.cited(page, event.sources)  # an Event has no citation: its sources are about it
        nodes = [node]
        for n, figure in enumerate(event.figures, 1):
            claimant = self.b.by_id["actors"][figure.claimed_by]
            claim: dict[str, Any] = {
                "@id": f"{node['@id']}#figure-{n}", "@type": "Claim", "about": {"@id": node["@id"]},
                "text": f"{figure.measure}: {figure.as_reported or figure.amount()}",
                "author": {"@id": self.address(page, claimant)},
                "citation": self.cited(page, figure.sources),
            }
            if figure.said_on is not None and figure.said_on.iso():
                claim["dateCreated"] = figure.said_on.iso()
            nodes.append(claim)
            actors.append(claimant)
        sources = [self.b.by_id["sources"][c.source] for c in event.sources]
        nodes += [self.known(page, r, "ref") for r in [*actors, *places, *sources]]
        return _unique(nodes)

    def cited(self, page: Page, cites: tuple[Cite, ...]) -> list[dict[str, str]]:
        """References to the cited sources, each once, in the order cited."""
        sources = self.b.by_id["sources"]
        return [{"@id": self.address(page, sources[s])} for s in dict.fromkeys([c.source for c in cites])]

    def actor_node(self, page: Page, actor: Actor) -> dict[str, Any]:
        node = self.ref(page, actor)
        if actor.summary:
            node["description"] = actor.summary
        names = [n.name for n in actor.names] + ([actor.short_name] if actor.short_name else [])
        if names:
            node["alternateName"] = names
        return node

    def statement_nodes(self, page: Page, statement: Statement) -> list[dict[str, Any]]:
        speaker = self.b.by_id["actors"][statement.speaker]
        node: dict[str, Any] = {"@id": self.id_of(page, url_for(statement)), "@type": "Quotation",
                                "text": statement.text, "creator": {"@id": self.address(page, speaker)}}
        if statement.said_on.iso():
            node["dateCreated"] = statement.said_on.iso()
        if statement.mode != "verbatim":  # a paraphrase or summary is not a quotation of the speaker's words
            node["@type"] = "CreativeWork"
            node["about"] = {"@id": self.address(page, speaker)}
            del node["creator"]
        if statement.lang:
            node["inLanguage"] = statement.lang
        sources = [self.b.by_id["sources"][s] for s in dict.fromkeys(c.source for c in statement.sources)]
        node["citation"] = self.cited(page, statement.sources)
        return [node, self.known(page, speaker, "ref"), *(self.known(page, s, "source") for s in sources)]

    def place_node(self, page: Page, place: Place) -> dict[str, Any]:
        node = self.ref(page, place)
        if place.geo is not None:
            node["geo"] = {"@type": "GeoCoordinates", "latitude": place.geo.lat, "longitude": place.geo.lon}
        if place.within:
            node["containedInPlace"] = {"@id": self.address(page, self.b.by_id["places"][place.within])}
        return node

    def source_node(self, page: Page, source: Source) -> dict[str, Any]:
        node = self.ref(page, source)
        if source.url:
            node["url"] = source.url
        if source.publisher:
            node["publisher"] = {"@type": "Organization", "name": source.publisher}
        if source.authors:
            node["author"] = [{"@type": "Person", "name": a} for a in source.authors]
        if source.published is not None and source.published.iso():
            node["datePublished"] = source.published.iso()
        return node


SECTION_PATHS_LABELS = (("timeline", "Timeline"), ("actors", "Actors"), ("statements", "Statements"),
                        ("places", "Places"), ("sources", "Sources"))
_COLLECTION_OF = {"timeline": "events", "actors": "actors", "statements": "statements", "places": "places",
                  "sources": "sources"}


def _unique(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each @id once, the first (fullest) node kept."""
    seen: set[str] = set()
    out = []
    for node in nodes:
        if node["@id"] not in seen:
            seen.add(node["@id"])
            out.append(node)
    return out


def head_of(page: Page, briefing: Briefing) -> Head:
    """One page's head metadata (a Describer reuses its Markdown conversions across pages)."""
    return Describer(briefing).head_of(page)
