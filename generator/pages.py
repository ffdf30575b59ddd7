"""The page plan: every page's path, template, view and the records it reads; and every link's target. Pure."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .editionsite import NO_EDITIONS, SiteEditions
from .model import Actor, Briefing, Event, Place, Source, Statement
from .periods import Period, periods_of
from .reads import Reads
from .registry import COLLECTIONS, REGISTRY
from .views import Paging, PeriodLink, Views

Record = Event | Actor | Statement | Source | Place

# The site's sections: key, label in the navigation, and the page that opens it.
SECTIONS = (
    ("overview", "Overview", "index.html"),
    ("timeline", "Timeline", "timeline/index.html"),
    ("actors", "Actors", "actors/index.html"),
    ("statements", "Statements", "statements/index.html"),
    ("places", "Places", "places/index.html"),
    ("sources", "Sources", "sources/index.html"),
    ("brief", "Print brief", "brief/index.html"),
)
CHANGES = ("changes", "Changes", "changes/index.html")  # a section only when the briefing has editions
SECTION_PATHS = {key: path for key, _, path in (*SECTIONS, CHANGES)}
BRIEF_SHORT = "brief-short/index.html"
NOT_FOUND = "404.html"
META = "briefing"  # the key of briefing.yaml in a page's `reads`
EDITIONS = "editions"  # the key of editions/ in a page's `reads`
PERIODS = "periods"  # how the long lists are split, in a page's `reads`


def sections_of(editions: SiteEditions) -> tuple[tuple[str, str, str], ...]:
    """The navigation: the sections, and the log of changes before the brief when there are editions."""
    return (*SECTIONS[:-1], CHANGES, SECTIONS[-1]) if editions.log else SECTIONS


def url_for(record: Record) -> str:
    """Where a record is shown, relative to the site root: its own page, or its entry in a list."""
    if isinstance(record, Source):
        return f"{SECTION_PATHS['sources']}#{record.id}"
    return f"{record.collection}/{record.id}/index.html"


def anchor_for(record: Record) -> str:
    """The id of a record's entry inside the printed brief."""
    prefix = {"events": "ev", "actors": "actor", "statements": "st", "places": "place", "sources": "src"}
    return f"{prefix[record.collection]}-{record.id}"


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site root, always ending in a file name
    template: str
    section: str
    view: Any
    reads: frozenset[str]  # "events/<id>" for a record's content, "events" for the collection's order
    record: Any = None
    brief: bool = False  # links go to anchors inside the page, not to other pages
    site_root: str | None = None  # a fixed root ('/briefings/x/') for a page served at any address (404)

    @property
    def root(self) -> str:
        """The relative way back to the site root, so the site works from any folder or file://."""
        return self.site_root if self.site_root is not None else "../" * self.path.count("/")

    @property
    def label(self) -> str:
        """What is being rendered, for error messages."""
        if self.record is None:
            return self.path
        where = f" ({self.record.pos})" if getattr(self.record, "pos", None) and self.record.pos.path else ""
        return f"{self.record.collection}/{self.record.id}{where}"


def plan_pages(briefing: Briefing, editions: SiteEditions = NO_EDITIONS,
               listings: dict[str, Listing] | None = None) -> list[Page]:
    """Every page of the site, in a stable order; `listings` (listings_of) when the caller has them already."""
    views = Views(briefing, editions)
    collections = COLLECTIONS
    marked = (EDITIONS,) if editions.log else ()  # marks and earlier values come from editions/
    reads = Reads()  # one for the plan: each record's and each card's keys are found once

    def page(path: str, template: str, section: str, view: Any, lists: tuple[str, ...] = (),
             record: Any = None, brief: bool = False) -> Page:
        return Page(path, template, section, view, reads.of(view, (META, *lists, *marked)), record, brief)

    listings = listings if listings is not None else listings_of(briefing)

    def list_pages(collection: str, template: str, make: Callable[..., Any]) -> list[Page]:
        """A list's page; when it is long, its index (key records, periods) and a page per period."""
        listing = listings[collection]
        out = [page(SECTION_PATHS[listing.section], template, listing.section, make(paging=listing.paging()),
                    (collection, PERIODS))]
        for link, period in zip(listing.links, listing.periods, strict=True):
            out.append(page(link.path, template, listing.section, make(period.records, listing.paging(link)),
                            (collection, PERIODS)))
        return out

    pages = [
        page("index.html", "overview.html", "overview", views.overview(), collections),
        *list_pages("events", "timeline.html", views.timeline),
        page(SECTION_PATHS["actors"], "actors.html", "actors", views.actors_index(), ("actors",)),
        *list_pages("statements", "statements.html", views.statements_index),
        page(SECTION_PATHS["places"], "places.html", "places", views.places_index(), ("places",)),
        page(SECTION_PATHS["sources"], "sources.html", "sources", views.sources_index(), collections),
        page(SECTION_PATHS["brief"], "brief.html", "brief", views.brief(short=False), collections, brief=True),
        page(BRIEF_SHORT, "brief.html", "brief", views.brief(short=True), collections, brief=True),
    ]
    if editions.log:
        pages.append(page(CHANGES[2], "changes.html", "changes", views.changes_page(), collections))
    # A host serves 404.html for any unknown address, at any depth: only a rooted link holds there.
    base_url = briefing.meta.base_url
    rooted = urlsplit(base_url).path.rstrip("/") + "/" if base_url else None
    not_found = page(NOT_FOUND, "404.html", "none", views.not_found(sections_of(editions)))
    pages.append(dataclasses.replace(not_found, site_root=rooted))
    # A page per record of every type that has one (the registry says which, with what template and section).
    view_of: dict[str, Callable[[Any], Any]] = {
        "events": lambda e: views.event_page(e, listings["events"].listed.get(e.id, "")),
        "actors": views.actor_page,
        "statements": lambda s: views.statement_page(s, listings["statements"].listed.get(s.id, "")),
        "places": views.place_page,
    }
    lists = {"events": ("events",)}  # event pages show "Event 3 of 120": they read the timeline's order
    for rt in REGISTRY:
        if rt.template is not None:
            pages += [page(url_for(r), rt.template, rt.section, view_of[rt.collection](r), lists.get(rt.collection, ()),
                           r) for r in getattr(briefing, rt.collection)]
    return pages


@dataclass(frozen=True)
class Listing:
    """How a long list (the timeline, the statements) is split: its periods and where each record is listed."""

    collection: str
    section: str
    periods: tuple[Period, ...]
    links: tuple[PeriodLink, ...]
    listed: dict[str, str]  # record id -> "timeline/2024-01/index.html#<id>" (only when split)
    index: str  # the data file of every record of the list, for filters across periods

    def paging(self, current: PeriodLink | None = None) -> Paging:
        return Paging(self.links, current, self.index if self.links else "")


LISTS = {"events": ("timeline", "data/timeline.json"), "statements": ("statements", "data/statements.json")}


def listings_of(briefing: Briefing) -> dict[str, Listing]:
    listings = {}
    for collection, (section, index) in LISTS.items():
        records = getattr(briefing, collection)
        periods = periods_of(records, (lambda r: r.date) if collection == "events" else (lambda r: r.said_on))
        folder = SECTION_PATHS[section].rsplit("/", 1)[0]
        links = tuple(PeriodLink(p.key, p.label, len(p.records), f"{folder}/{p.key}/index.html") for p in periods)
        listed = {r.id: f"{link.path}#{r.id}" for link, p in zip(links, periods, strict=True) for r in p.records}
        listings[collection] = Listing(collection, section, periods, links, listed, index)
    return listings


def layout_digest(listings: dict[str, Listing], editions: SiteEditions) -> dict[str, str]:
    """Digests of what pages read besides records: how long lists are split, and what editions/ says."""
    links = [listing.links for listing in listings.values()]
    return {PERIODS: hashlib.sha256(repr(links).encode()).hexdigest(), EDITIONS: editions.digest}


def list_data_of(briefing: Briefing, listings: dict[str, Listing]) -> dict[str, bytes]:
    """For a list split by period: every record with what its filters test, so a filter finds it anywhere."""
    files = {}
    for collection, listing in listings.items():
        if not listing.links:
            continue
        items = [_list_item(r, listing.listed[r.id]) for r in getattr(briefing, collection)]
        files[listing.index] = (json.dumps({"items": items}, ensure_ascii=False, separators=(",", ":"),
                                           sort_keys=True) + "\n").encode("utf-8")
    return files


def _list_item(r: Any, path: str) -> dict[str, Any]:
    if isinstance(r, Event):
        return {"path": path, "date": r.date_display or r.date.render(short=True), "title": r.title,
                "actors": [a.actor for a in r.actors], "places": list(r.places), "kind": r.kind or "",
                "tags": list(r.tags)}
    return {"path": path, "date": r.said_on.render(short=True), "title": r.text[:140], "speaker": r.speaker,
            "mode": r.mode}


def reads_of(view: Any, lists: tuple[str, ...] = ()) -> frozenset[str]:
    """Every record a view shows, and the sources they cite; plus the collections whose order it shows."""
    return Reads().of(view, (META, *lists))
