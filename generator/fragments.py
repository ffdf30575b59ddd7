"""Pieces shown on many pages (cards, figures, citation groups), each rendered once per build and link mode."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import jinja2
from markupsafe import Markup

from .cards import Cards
from .model import Briefing, Cite
from .pages import Record, anchor_for, url_for
from .vocabulary import Vocabulary

MACROS = "_macros.html"
BUILT_IN = "theme/"  # the prefix that reaches a built-in template whatever the briefing's templates hold


def is_built_in(env: jinja2.Environment, name: str) -> bool:
    """Whether the template `name` a page gets is the built-in one, not the briefing's own."""
    return env.get_template(name).filename == env.get_template(BUILT_IN + name).filename


# The fragment templates a theme can extend or replace, each with blocks of its own (docs/theming.md).
FRAGMENTS = {
    "cites": "fragments/cites.html",
    "figure": "fragments/figure.html",
    "event_card": "fragments/event-card.html",
    "statement_card": "fragments/statement-card.html",
}
# The parts of base.html that every page of one link mode shows alike (docs/theming.md, the blocks of base.html):
# each rendered once per link mode and what it depends on, not once per page.
CHROME = {
    "masthead": "fragments/masthead.html",
    "nav": "fragments/nav.html",
    "footer": "fragments/footer.html",
}


class Links:
    """Where a link to a record goes: another page of the site, or an anchor inside a printable document."""

    def __init__(self, root: str, inside: frozenset[str] | None = None) -> None:
        self.root = root
        self.inside = inside  # for a document: the records it holds ("events/<id>"); None for web pages

    @property
    def key(self) -> Hashable:
        return self.root if self.inside is None else self.inside

    def href(self, record: Record) -> str | None:
        """The link to a record, or None when the document does not hold it (it is then named, not linked)."""
        if self.inside is None:
            return self.root + url_for(record)
        return "#" + anchor_for(record) if f"{record.collection}/{record.id}" in self.inside else None


class Fragments:
    """The fragments of one link mode. Templates call these; each distinct call renders once."""

    def __init__(self, env: jinja2.Environment, briefing: Briefing, links: Links, shared: dict[str, Any],
                 amounts: dict[int, tuple[Any, Any]] | None = None) -> None:
        self.briefing = briefing
        self.links = links
        self.cache: dict[Hashable, Markup] = {}
        # A group by the identity of its tuple (a record's, kept alive here): hashing the citations costs more.
        self._cites: dict[int, tuple[tuple[Cite, ...], Markup]] = {}
        self.vars: dict[str, Any] = {
            **shared, "href": links.href, "root": links.root, "frag": self, "print": links.inside is not None,
        }
        module = env.get_template(MACROS).make_module(self.vars)
        # The built-in macros run as Python (vocabulary.py); a briefing's own _macros.html runs as written.
        self.m: Any = Vocabulary(module, self.vars, env.filters) if is_built_in(env, MACROS) else module
        self.vars["m"] = self.m
        self._templates = {name: env.get_template(path) for name, path in FRAGMENTS.items()}
        self._env = env
        # A built-in fragment is rendered in Python (cards.py); one the briefing extends or replaces, as written.
        cards = Cards(env, self.vars, {} if amounts is None else amounts)
        self._cards = cards
        self._native = {name: getattr(cards, name) for name, path in FRAGMENTS.items() if is_built_in(env, path)}

    def _render(self, name: str, key: Hashable, **values: Any) -> Markup:
        html = self.cache.get((name, key))
        if html is None:
            native = self._native.get(name)
            text = native(**values) if native else self._templates[name].render(self.vars, **values)
            html = self.cache[(name, key)] = Markup(text.strip())
        return html

    def _chrome(self, name: str, key: Hashable, **values: Any) -> Markup:
        """A part of every page, as its template prints it (not stripped: base.html places it line for line)."""
        html = self.cache.get((name, key))
        if html is None:
            text = self._env.get_template(CHROME[name]).render(self.vars, **values)
            html = self.cache[(name, key)] = Markup(text)
        return html

    def masthead(self, search: bool) -> Markup:
        return self._chrome("masthead", bool(search), search=search)

    def nav(self, section: str) -> Markup:
        """The sections, `section` marked as the current one."""
        return self._chrome("nav", section, section=section)

    def footer(self) -> Markup:
        return self._chrome("footer", None)

    def source(self, cite: Cite) -> Any:
        return self.briefing.by_id["sources"][cite.source]

    def cites(self, cites: tuple[Cite, ...]) -> Markup:
        """A citation group: one marker per source, in number order, with locators."""
        if not cites:
            return Markup("")
        kept = self._cites.get(id(cites))
        if kept is not None and kept[0] is cites:
            return kept[1]
        made = self.cache.get(("cites", cites))
        if made is None:  # most groups recur (a record's sources on its page, its card and the brief)
            sources = self.briefing.by_id["sources"]
            groups: dict[int, list[Cite]] = {}
            for c in cites:
                groups.setdefault(c.number, []).append(c)
            entries = [(sources[same[0].source], same) for _, same in sorted(groups.items())]
            made = self._render("cites", cites, groups=entries, cites=cites)
        self._cites[id(cites)] = (cites, made)
        return made

    def figure(self, figure: Any, stat: bool = False, event: bool = False) -> Markup:
        """A figure with its claimant: a sentence, or (stat) a number with its words for a box."""
        key = (id(figure.figure), stat, event)  # figures live as long as the build
        return self._render("figure", key, f=figure.figure, claimant=figure.claimant, e=figure.event,
                            stat=stat, with_event=event)

    def event_card(self, card: Any, heading: str = "h3", compact: bool = False) -> Markup:
        return self._render("event_card", (card.event.id, heading, compact), card=card, e=card.event,
                            heading=heading, compact=compact)

    def statement_card(self, card: Any, anchor: bool = False, show_link: bool = True) -> Markup:
        key = (card.statement.id, anchor, show_link)
        made = self.cache.get(("statement_card", key))
        if made is not None:
            return made
        other = self.cache.get(("statement_card", (card.statement.id, not anchor, show_link)))
        if other is not None and "statement_card" in self._native:  # the same card, other anchor: only its id differs
            text = self._cards.statement_card_as(str(other), card.statement, anchor)
            if text is not None:
                made = self.cache[("statement_card", key)] = Markup(text)
                return made
        return self._render("statement_card", key, card=card, s=card.statement, anchor=anchor, show_link=show_link)


class FragmentSets:
    """One Fragments per link mode, made when first needed and kept for the whole build."""

    def __init__(self, env: jinja2.Environment, briefing: Briefing, shared: dict[str, Any]) -> None:
        self.env = env
        self.briefing = briefing
        self.shared = shared
        self._sets: dict[Hashable, Fragments] = {}
        self._amounts: dict[int, tuple[Any, Any]] = {}  # each figure's amount, worded once for every link mode

    def of(self, links: Links) -> Fragments:
        found = self._sets.get(links.key)
        if found is None:
            found = self._sets[links.key] = Fragments(self.env, self.briefing, links, self.shared,
                                                        self._amounts)
        return found

