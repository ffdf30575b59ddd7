"""The page plan: every page's path, template, view and the records it reads; and every link's target. Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .model import Actor, Briefing, Event, Place, Source, Statement, cites_of
from .views import Views

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
SECTION_PATHS = {key: path for key, _, path in SECTIONS}
BRIEF_SHORT = "brief-short/index.html"
NOT_FOUND = "404.html"
META = "briefing"  # the key of briefing.yaml in a page's `reads`


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


def plan_pages(briefing: Briefing) -> list[Page]:
    """Every page of the site, in a stable order."""
    views = Views(briefing)
    collections = ("events", "actors", "statements", "places", "sources")

    def page(path: str, template: str, section: str, view: Any, lists: tuple[str, ...] = (),
             record: Any = None, brief: bool = False) -> Page:
        return Page(path, template, section, view, reads_of(view, lists), record, brief)

    pages = [
        page("index.html", "overview.html", "overview", views.overview(), collections),
        page(SECTION_PATHS["timeline"], "timeline.html", "timeline", views.timeline(), ("events",)),
        page(SECTION_PATHS["actors"], "actors.html", "actors", views.actors_index(), ("actors",)),
        page(SECTION_PATHS["statements"], "statements.html", "statements", views.statements_index(),
             ("statements",)),
        page(SECTION_PATHS["places"], "places.html", "places", views.places_index(), ("places",)),
        page(SECTION_PATHS["sources"], "sources.html", "sources", views.sources_index(), collections),
        page(SECTION_PATHS["brief"], "brief.html", "brief", views.brief(short=False), collections, brief=True),
        page(BRIEF_SHORT, "brief.html", "brief", views.brief(short=True), collections, brief=True),
    ]
    # A host serves 404.html for any unknown address, at any depth: only a rooted link holds there.
    base_url = briefing.meta.base_url
    rooted = urlsplit(base_url).path.rstrip("/") + "/" if base_url else None
    not_found = page(NOT_FOUND, "404.html", "none", views.not_found(SECTIONS))
    pages.append(dataclasses.replace(not_found, site_root=rooted))
    pages += [page(url_for(e), "event.html", "timeline", views.event_page(e), ("events",), e)
              for e in briefing.events]
    pages += [page(url_for(a), "actor.html", "actors", views.actor_page(a), (), a) for a in briefing.actors]
    pages += [page(url_for(s), "statement.html", "statements", views.statement_page(s), (), s)
              for s in briefing.statements]
    pages += [page(url_for(p), "place.html", "places", views.place_page(p), (), p) for p in briefing.places]
    return pages


def reads_of(view: Any, lists: tuple[str, ...] = ()) -> frozenset[str]:
    """Every record a view shows, and the sources they cite; plus the collections whose order it shows."""
    keys = {META, *lists}
    for record in _records_in(view, set()):
        keys.add(f"{record.collection}/{record.id}")
        keys.update(f"sources/{c.source}" for c in cites_of(record))
    return frozenset(keys)


def _records_in(value: Any, seen: set[int]) -> Iterator[Any]:
    if isinstance(value, (Event, Actor, Statement, Source, Place)):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _records_in(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _records_in(item, seen)
    elif dataclasses.is_dataclass(value) and id(value) not in seen:
        seen.add(id(value))  # cards are shared between views: walk each once
        for f in dataclasses.fields(value):
            yield from _records_in(getattr(value, f.name), seen)
