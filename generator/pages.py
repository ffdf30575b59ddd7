"""The page plan: every page's path, template, view and the records it reads; and every link's target. Pure."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from . import periods as periods_module
from .editionsite import NO_EDITIONS, SiteEditions
from .model import Actor, Briefing, Event, Place, Source, Statement
from .periods import Period, nav_levels, nav_rows, nav_tree, periods_of
from .reads import Reads
from .registry import COLLECTIONS, REGISTRY
from .views import CARDS_KEPT, Views, card_weight
from .viewtypes import ActorPage, EventRole, FigureOf, Group, Index, Paging, PeriodLink, PlacePage, StatementCard

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


SOURCES_PER_PAGE = 250  # sources on a page of the bibliography: with their citers, well under 1 MB


def url_for(record: Record) -> str:
    """Where a record is shown, relative to the site root: its own page, or its entry in a list."""
    if isinstance(record, Source):
        return f"{source_page_of(record.number)}#{record.id}"
    return f"{record.collection}/{record.id}/index.html"


def source_page_of(number: int) -> str:
    """The page of the bibliography that lists source `number`: sources/index.html the first SOURCES_PER_PAGE,
    then sources/2/index.html and so on (a pure function of the number, so every link can be made alone)."""
    page = (number - 1) // SOURCES_PER_PAGE
    return SECTION_PATHS["sources"] if page == 0 else f"sources/{page + 1}/index.html"


def source_links(sources: tuple[Source, ...]) -> tuple[PeriodLink, ...]:
    """The pages of the bibliography when it has more than one (SOURCES_PER_PAGE sources each), else ()."""
    if len(sources) <= SOURCES_PER_PAGE:
        return ()
    chunks = [sources[i:i + SOURCES_PER_PAGE] for i in range(0, len(sources), SOURCES_PER_PAGE)]
    return tuple(PeriodLink(str(k + 1), f"{c[0].number}–{c[-1].number}", len(c), source_page_of(c[0].number))
                 for k, c in enumerate(chunks))


def source_view(views: Views, sources: tuple[Source, ...], n: int, links: tuple[PeriodLink, ...]) -> Any:
    """The view of page `n` of the bibliography (`links`: source_links of the same sources)."""
    if not links:
        return views.sources_index()
    chunk = sources[n * SOURCES_PER_PAGE:(n + 1) * SOURCES_PER_PAGE]
    return views.sources_index(chunk, Paging(links, links[n], home=SECTION_PATHS["sources"]))


def anchor_for(record: Record) -> str:
    """The id of a record's entry inside the printed brief."""
    prefix = {"events": "ev", "actors": "actor", "statements": "st", "places": "place", "sources": "src"}
    return f"{prefix[record.collection]}-{record.id}"


@dataclass(frozen=True, slots=True)  # slots: 116,578 of them at 50,000 events, each without a dict
class Page:
    """A page of the plan: what it is and what it reads, not what it shows. Its view is made where it is
    rendered, from `make`, and dropped after (PageViews): the plan of a large site stays small."""

    path: str  # relative to the site root, always ending in a file name
    template: str
    section: str
    view: Any  # None in the plan; a page handed to render_pages with its view made already may carry it
    reads: tuple[str, ...]  # sorted: "events/<id>" for a record's content, "events" for the collection's order
    record: Any = None
    brief: bool = False  # links go to anchors inside the page, not to other pages
    site_root: str | None = None  # a fixed root ('/briefings/x/') for a page served at any address (404)
    make: tuple[Any, ...] = ()  # how PageViews makes its view: ("overview",), ("record", "events", <id>, 0)...

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


INDEX_CARD_BYTES = {"actors": 450, "places": 450}  # about what a record's card takes on its index page


def index_pages(collection: str, view: Index, limit: int | None = None) -> list[tuple[str, Index]]:
    """(path, view) of the actors' (places') index; when its cards would weigh more than `limit` bytes
    (periods.PAGE_BYTES unless given), the kinds with their counts, and a page per kind or run of a kind:
    actors/person.html, actors/person-2.html (files, so they never meet a record's folder)."""
    limit = periods_module.PAGE_BYTES if limit is None else limit
    per_page = max(limit // INDEX_CARD_BYTES[collection], 1)
    if view.total <= per_page:
        return [(SECTION_PATHS[collection], view)]
    folder = SECTION_PATHS[collection].rsplit("/", 1)[0]
    chunks = [(g, g.records[i:i + per_page], i // per_page) for g in view.groups
            for i in range(0, len(g.records), per_page)]
    links = tuple(PeriodLink(f"{g.kind}-{n + 1}" if n else g.kind, _run_label(collection, run[0], run[-1]),
                             len(run), f"{folder}/{g.kind}{f'-{n + 1}' if n else ''}.html") for g, run, n in chunks)
    paging = Paging(links, None, home=SECTION_PATHS[collection])
    runs = {g.kind: tuple(link for link, (h, _, _) in zip(links, chunks, strict=True) if h is g) for g in view.groups}
    out = [(SECTION_PATHS[collection], dataclasses.replace(view, paging=paging, runs=runs))]
    for link, (g, run, _) in zip(links, chunks, strict=True):
        # Every page names the others by their first and last names: it reads every record of the index.
        out.append((link.path, Index((Group(g.kind, g.heading, run),), view.total,
                                     dataclasses.replace(paging, period=link, split=view.groups))))
    return out


def _run_label(collection: str, first: Any, last: Any) -> str:
    """'Abbas Azhara – Farid Kotpur': the first and last names of a run of an index's cards."""
    names = [(c.actor if collection == "actors" else c.place).name for c in (first, last)]
    return f"{names[0]} – {names[1]}"


def plan_pages(briefing: Briefing, editions: SiteEditions = NO_EDITIONS,
               listings: dict[str, Listing] | None = None) -> list[Page]:
    """Every page of the site, in a stable order; `listings` (listings_of) when the caller has them already.

    Each view is made (by the PageViews a renderer uses, so the same code makes it both times), walked for
    what the page reads, and dropped: the plan holds no view."""
    # Every card kept while the plan lasts: a statement's card is shown by its list's period, its page, its
    # event's, its speaker's and its sources' (made again each time in a bounded cache: 7 times at 10,000).
    made = PageViews(briefing, editions, listings,
                     cards_kept=max(len(briefing.events), len(briefing.statements), CARDS_KEPT))
    listings = made.listings
    marked = (EDITIONS,) if editions.log else ()  # marks and earlier values come from editions/
    reads = Reads()  # one for the plan: each record's and each card's keys are found once
    pages: list[Page] = []

    def page(path: str, template: str, section: str, make: tuple[Any, ...], lists: tuple[str, ...] = (),
             record: Any = None, brief: bool = False, view: Any = None) -> None:
        view = made.make(make) if view is None else view
        pages.append(Page(path, template, section, None, reads.sorted_of(view, (META, *lists, *marked)),
                          record, brief, make=make))

    collections = COLLECTIONS
    page("index.html", "overview.html", "overview", ("overview",), collections)
    for collection, template in (("events", "timeline.html"), ("actors", "actors.html"),
                                 ("statements", "statements.html"), ("places", "places.html")):
        if collection in LISTS:  # a list's page; when long, its index (key records, periods) and a page per period
            listing = listings[collection]
            for n in range(-1, len(listing.links)):
                path = listing.links[n].path if n >= 0 else SECTION_PATHS[listing.section]
                page(path, template, listing.section, ("list", collection, n), (collection, PERIODS))
        else:
            for n, (path, view) in enumerate(made.split(("index", collection))):
                page(path, template, collection, ("index", collection, n), (collection,), view=view)
    for n in range(max(len(made.source_links), 1)):
        page(made.source_links[n].path if made.source_links else SECTION_PATHS["sources"], "sources.html",
             "sources", ("sources", n), collections)
    page(SECTION_PATHS["brief"], "brief.html", "brief", ("brief", False), collections, brief=True)
    page(BRIEF_SHORT, "brief.html", "brief", ("brief", True), collections, brief=True)
    if editions.log:
        page(CHANGES[2], "changes.html", "changes", ("changes",), collections)
    page(NOT_FOUND, "404.html", "none", ("404",))
    # A host serves 404.html for any unknown address, at any depth: only a rooted link holds there.
    base_url = briefing.meta.base_url
    rooted = urlsplit(base_url).path.rstrip("/") + "/" if base_url else None
    pages[-1] = dataclasses.replace(pages[-1], site_root=rooted)
    # A page per record of every type that has one (the registry says which, with what template and section).
    lists = {"events": ("events",)}  # event pages show "Event 3 of 120": they read the timeline's order
    for rt in REGISTRY:
        if rt.template is None:
            continue
        for r in getattr(briefing, rt.collection):
            # Actor and place pages list records: paged when they are many (record_pages).
            for n, (path, view) in enumerate(made.split(("record", rt.collection, r.id))):
                page(path, rt.template, rt.section, ("record", rt.collection, r.id, n), lists.get(rt.collection, ()),
                     r, view=view)
    return pages


class PageViews:
    """Makes a planned page's view from its recipe (`Page.make`), where the page is rendered, one at a time.

    A record or index split over several pages is made once for all of them and the last one kept (its
    pages follow each other in the plan); the cards the views share are kept in Views (views.CARDS_KEPT of each
    kind unless `cards_kept` says)."""

    def __init__(self, briefing: Briefing, editions: SiteEditions = NO_EDITIONS,
                 listings: dict[str, Listing] | None = None, cards_kept: int | None = None) -> None:
        self.briefing = briefing
        self.views = Views(briefing, editions, cards_kept)
        self.sections = sections_of(editions)
        self.listings = listings if listings is not None else listings_of(briefing)
        self.source_links = source_links(briefing.sources)
        self._last: tuple[tuple[Any, ...], list[tuple[str, Any]]] | None = None

    def view_of(self, page: Page) -> Any:
        """The page's view: the one it carries, else made from its recipe."""
        return page.view if page.view is not None else self.make(page.make)

    def make(self, make: tuple[Any, ...]) -> Any:
        kind, views = make[0], self.views
        if kind == "overview":
            return views.overview()
        if kind == "list":
            _, collection, n = make
            listing = self.listings[collection]
            list_view = views.timeline if collection == "events" else views.statements_index
            if n < 0:
                return list_view(paging=listing.paging())
            return list_view(listing.periods[n].records, listing.paging(listing.links[n]))
        if kind in ("index", "record"):
            return self.split(make[:-1])[make[-1]][1]
        if kind == "sources":
            return source_view(views, self.briefing.sources, make[1], self.source_links)
        if kind == "brief":
            return views.brief(short=make[1])
        if kind == "changes":
            return views.changes_page()
        if kind == "404":
            return views.not_found(self.sections)
        raise ValueError(f"no view is made by {make!r}")

    def split(self, key: tuple[Any, ...]) -> list[tuple[str, Any]]:
        """(path, view) of every page of an index or a record: ("index", "actors"), ("record", "events", <id>)."""
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        views = self.views
        out: list[tuple[str, Any]]
        if key[0] == "index":
            out = index_pages(key[1], views.actors_index() if key[1] == "actors" else views.places_index())
        else:
            _, collection, id_ = key
            r = self.briefing.by_id[collection][id_]
            if collection == "events":
                out = [(url_for(r), views.event_page(r, self.listings["events"].listed.get(r.id, "")))]
            elif collection == "statements":
                out = [(url_for(r), views.statement_page(r, self.listings["statements"].listed.get(r.id, "")))]
            else:
                out = record_pages(url_for(r), views.actor_page(r) if collection == "actors" else views.place_page(r))
        self._last = (key, out)
        return out


@dataclass(frozen=True)
class Listing:
    """How a long list (the timeline, the statements) is split: its periods and where each record is listed."""

    collection: str
    section: str
    periods: tuple[Period, ...]
    links: tuple[PeriodLink, ...]
    listed: dict[str, str]  # record id -> "timeline/2024-01/index.html#<id>" (only when split)
    index: str  # the data file of every record of the list, for filters across periods
    options: str = ""  # the data file of every filter option, for period pages that list only their own
    home: str = ""  # the list's first page
    tree: dict[tuple[int, ...], list[list[Any]]] = dataclasses.field(default_factory=dict, compare=False)
    # What every page of the list shows that its own records do not decide (the filters it has, the number of
    # key events): in the layout digest, so a change to it re-renders every page of the list.
    shape: tuple[Any, ...] = ()
    # Each link's place and the links' paths, found once: a list of thousands of periods has as many pages.
    places: dict[PeriodLink, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    paths: list[str] = dataclasses.field(default_factory=list, compare=False, repr=False)

    def paging(self, current: PeriodLink | None = None) -> Paging:
        if not self.links:
            return Paging()
        if not self.places:  # filled whole each time (idempotent), never appended to
            self.places.update((link, i) for i, link in reversed(list(enumerate(self.links))))  # the first of equals
            self.paths[:] = [link.path for link in self.links]
        paths = self.paths
        if current is None:
            return Paging(self.links, None, self.index, self.home, options=self.options,
                          rows=nav_rows(self.periods, paths))
        i = self.places[current]
        levels = nav_levels(self.tree, self.periods[i].parts, paths)
        return Paging(self.links, current, self.index, self.home, levels, self.links[i - 1] if i else None,
                      self.links[i + 1] if i + 1 < len(self.links) else None, self.options)


LISTS = {"events": ("timeline", "data/timeline.json"), "statements": ("statements", "data/statements.json")}


def listings_of(briefing: Briefing, limit: int | None = None) -> dict[str, Listing]:
    """The timeline and the statements, split by period when their cards would weigh more than `limit` bytes
    (periods.PAGE_BYTES unless given)."""
    listings = {}
    for collection, (section, index) in LISTS.items():
        records = getattr(briefing, collection)
        periods = periods_of(records, (lambda r: r.date) if collection == "events" else (lambda r: r.said_on),
                             limit, card_weight)
        folder = SECTION_PATHS[section].rsplit("/", 1)[0]
        links = tuple(PeriodLink(p.key, p.label, len(p.records), f"{folder}/{p.key}/index.html") for p in periods)
        listed = {r.id: f"{link.path}#{r.id}" for link, p in zip(links, periods, strict=True) for r in p.records}
        tree = nav_tree([p.parts for p in periods], [len(p.records) for p in periods])
        shape = ((any(r.kind for r in records), any(r.tags for r in records), len(briefing.key_events))
                 if collection == "events" else tuple(sorted({r.mode for r in records})))
        listings[collection] = Listing(collection, section, periods, links, listed, index,
                                       index.replace(".json", "-filters.json"), SECTION_PATHS[section], tree, shape)
    return listings


def layout_digest(listings: dict[str, Listing], editions: SiteEditions) -> dict[str, str]:
    """Digests of what pages read besides records: how long lists are split, and what editions/ says."""
    links = [(listing.links, listing.shape) for listing in listings.values()]
    return {PERIODS: hashlib.sha256(repr(links).encode()).hexdigest(), EDITIONS: editions.digest}


# The lists of a record page that can grow long: (field, key of its total), in page order.
RECORD_LISTS = {
    ActorPage: (("events", "events"), ("made", "actor_statements"), ("addressed", "actor_addressed"),
                ("relayed", "actor_relayed"), ("about", "actor_about"), ("figures", "figures")),
    PlacePage: (("events", "events"), ("inner_events", "inner_events")),
}
LINE_BYTES = 400  # a record as a line of a compact list (date, linked title, badge)
FIGURE_BYTES = 700
LATEST_ON_PAGE = 20  # a paged record page lists the latest of each list; the rest are on its period pages


def _item_weight(item: Any, compact: bool) -> int:
    if isinstance(item, FigureOf):
        return FIGURE_BYTES
    if isinstance(item, StatementCard) and not compact:
        return card_weight(item.statement)
    return LINE_BYTES


def _pair_date(pair: tuple[str, Any]) -> Any:
    """The date of a (list, item) pair of a record page: called for each of a long actor's items."""
    item = pair[1]
    if isinstance(item, StatementCard):
        return item.statement.said_on
    if isinstance(item, (EventRole, FigureOf)):
        return item.event.date
    return item.date


def _pair_line_weight(pair: tuple[str, Any]) -> int:
    return FIGURE_BYTES if isinstance(pair[1], FigureOf) else LINE_BYTES  # _item_weight(item, compact=True)


def record_pages(path: str, view: ActorPage | PlacePage, limit: int | None = None) -> list[tuple[str, Any]]:
    """(path, view) of a record's page; when its lists would weigh more than `limit` bytes (periods.PAGE_BYTES
    unless given), statements a line each; when even that is too much, the latest of each list on the
    record's page and all of them, a line each, on a page per period below it ("actors/<id>/2024-01/")."""
    limit = periods_module.PAGE_BYTES if limit is None else limit
    fields = RECORD_LISTS[type(view)]
    items = [(name, item) for name, _ in fields for item in getattr(view, name)]
    total = 0
    for _, item in items:  # stops where the page is too heavy: a long actor's thousands of cards are not weighed
        total += _item_weight(item, False)
        if total > limit:
            break
    else:
        return [(path, view)]
    periods = periods_of(items, _pair_date, limit, _pair_line_weight)
    if not periods:
        return [(path, dataclasses.replace(view, compact=True) if isinstance(view, ActorPage) else view)]
    folder = path.rsplit("/", 1)[0]
    links = tuple(PeriodLink(p.key, p.label, len(p.records), f"{folder}/{p.key}/index.html") for p in periods)
    tree = nav_tree([p.parts for p in periods], [len(p.records) for p in periods])
    listing = Listing(view.__class__.__name__, "", periods, links, {}, "", home=path, tree=tree)
    split = tuple(item.statement if isinstance(item, StatementCard) else getattr(item, "event", item)
                  for _, item in items)
    totals = {key: len(getattr(view, name)) for name, key in fields}
    compact: dict[str, Any] = {"compact": True} if isinstance(view, ActorPage) else {}
    # Only the lists on a period's page: the record's roles, designations, places within are on its own page.
    bare: dict[str, Any] = ({"roles": (), "designations": (), "designated": (), "leads": (), "members": ()}
                            if isinstance(view, ActorPage) else {"children": (), "actors": ()})
    latest: dict[str, Any] = {name: getattr(view, name)[-LATEST_ON_PAGE:] for name, _ in fields}
    home = dataclasses.replace(view, **latest, **compact, totals=totals,
                               paging=dataclasses.replace(listing.paging(), split=split))
    out: list[tuple[str, Any]] = [(path, home)]
    for link, period in zip(links, periods, strict=True):
        chosen: dict[str, Any] = {name: tuple(item for n, item in period.records if n == name) for name, _ in fields}
        paging = dataclasses.replace(listing.paging(link), split=split)
        out.append((link.path, dataclasses.replace(view, **chosen, **bare, **compact,
                                                   paging=paging)))
    return out


def reads_of(view: Any, lists: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every record a view shows, and the sources they cite; plus the collections whose order it shows (sorted)."""
    return Reads().sorted_of(view, (META, *lists))
