"""The built-in fragment templates (citation groups, figures, event and statement cards) as Python, byte for byte.

Used for a fragment only while the briefing keeps its built-in template (fragments.py decides); a briefing that
extends or replaces `fragments/<name>.html` gets its template, blocks and all. Each function prints what the
template prints, expression by expression: every `{{ value }}` through `out` (typographic quotes, then
escaped), the macros through `m` (the briefing's own, if it has its own `_macros.html`), the nested fragments
through `frag`. tests/test_vocabulary.py renders both and compares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2.utils import htmlsafe_json_dumps

from .vocabulary import out


class Cards:
    """The built-in fragments of one link mode, rendered in Python; each returns the text the template renders."""

    def __init__(self, env: jinja2.Environment, variables: dict[str, Any], amounts: dict[int, tuple[Any, Any]]) -> None:
        self.vars = variables  # `m` and `frag` are looked up when used: Fragments sets `m` after making this
        self._amounts = amounts  # figure's identity -> (figure, its amount); shared by the link modes
        self._href: Callable[[Any], str | None] = variables["href"]
        self._print = bool(variables["print"])
        self._md, self._time, self._date = env.filters["md"], env.filters["time"], env.filters["date"]
        dumps = env.policies["json.dumps_function"]
        kwargs = env.policies["json.dumps_kwargs"]
        self._json: Callable[[Any], str] = lambda value: htmlsafe_json_dumps(value, dumps=dumps, **kwargs)
        self._tags: dict[tuple[str, ...], str] = {}  # the same few sets of tags recur on most cards

    def cites(self, groups: Any, cites: Any = None) -> str:
        """fragments/cites.html: `groups` are (source, [its citations])."""
        parts: list[str] = []
        if self._print:
            parts.append('<span class="cites">')
            for i, (src, same) in enumerate(groups):
                locs = _locators(same)
                number = out(src.number)
                parts += ['<a class="cite" href="', out(self._href(src)), '" aria-label="Source ', number]
                if locs:
                    parts += [", ", out(locs)]
                parts += ['">[', number]
                if locs:
                    parts += ['<span class="cite-loc">, ', out(locs), "</span>"]
                parts.append("]</a>")
                if i < len(groups) - 1:
                    parts.append(" ")
            parts.append("</span>")
            return "".join(parts)
        parts.append('<sup class="cites">')
        for src, same in groups:
            locs = _locators(same)
            number = out(src.number)
            parts += ['<a class="cite" href="', out(self._href(src)), '" title="[', number, "] ", out(src.title)]
            if locs:
                parts += [", ", out(locs)]
            first = True
            for c in same:
                if c.excerpt:
                    parts += [out(": " if first else " … "), "“", out(c.excerpt), "”"]
                    first = False
            parts += ['" aria-label="Source ', number]
            if locs:
                parts += [", ", out(locs)]
            parts += ['">[', number, "]</a>"]
        parts.append("</sup>")
        return "".join(parts)

    def figure(self, f: Any, claimant: Any, e: Any, stat: Any = False, with_event: Any = False) -> str:
        """fragments/figure.html: a figure's sentence, or (stat) its number for a box."""
        m, frag = self.vars["m"], self.vars["frag"]
        said_on = f.said_on
        on = said_on.preposition() + " " if said_on and said_on.preposition() else ""
        amount = self.amount_of(f)
        parts: list[str]
        if stat:
            parts = ['<p class="stat"><strong class="stat-amount">', out(amount or f.as_reported),
                     '</strong>\n<span class="stat-what">']
            if f.category:
                parts += [out(f.category), " "]
            parts.append(out(f.measure))
            if f.parts:
                parts += [', <span class="figure-parts">', out(f.parts_text()), "</span>"]
            parts += [out(frag.cites(f.sources)), "</span></p>\n"]
            if f.as_reported and amount:
                parts += ['<p class="stat-words">“', out(f.as_reported), "”</p>"]
            if with_event:
                parts += ['<p class="stat-event">', out(m.ref(e))]
                if said_on:
                    parts += [" · said ", out(on), out(self._time(said_on, short=True))]
                parts.append("</p>")
            return "".join(parts)
        parts = ['<span class="figure-claimant">', out(m.ref(claimant)), "</span>"]
        parts += [" said ", out(on), out(self._time(said_on))] if said_on else [" says"]
        parts += [':\n<strong class="figure-amount">', out(amount or f.as_reported), "</strong>\n"]
        if f.category:
            parts += ['<span class="figure-category">', out(f.category), "</span> "]
        parts += ['<span class="figure-measure">', out(f.measure), "</span>"]
        if f.parts:
            parts += [', <span class="figure-parts">', out(f.parts_text()), "</span>"]
        if f.as_reported and amount:
            parts += [' <span class="figure-words">(reported as “', out(f.as_reported), "”)</span>"]
        parts += [out(" " if self._print else ""), out(frag.cites(f.sources))]
        return "".join(parts)

    def amount_of(self, f: Any) -> Any:
        """`f.amount()`, once per figure: wording a number (Babel) costs more than the rest of its sentence."""
        kept = self._amounts.get(id(f))
        if kept is None or kept[0] is not f:
            kept = self._amounts[id(f)] = (f, f.amount())
        return kept[1]

    def tags_json(self, tags: Any) -> str:
        """`e.tags|list|tojson`, once per distinct set of tags."""
        key = tuple(tags)
        made = self._tags.get(key)
        if made is None:
            made = self._tags[key] = self._json(list(key))
        return made

    def event_card(self, card: Any, e: Any, heading: Any = "h3", compact: Any = False) -> str:
        """fragments/event-card.html."""
        m, frag = self.vars["m"], self.vars["frag"]
        parts = ['<article class="event status-', out(e.status)]
        if e.key:
            parts.append(" is-key")
        if compact:
            parts.append(" is-compact")
        parts += ['" id="', out(e.id), '"\n  data-actors="', out(" ".join([str(a.actor) for a in e.actors])),
                  '" data-places="', out(" ".join([str(p) for p in e.places])), '"\n  data-kind="', out(e.kind or ""),
                  "\" data-tags='", out(self.tags_json(e.tags)), "'>\n  <p class=\"event-date\">",
                  out(m.event_date(e)), '</p>\n  <div class="event-body">\n  <', out(heading),
                  ' class="event-title"><a href="', out(self._href(e)), '">', out(e.title), "</a>"]
        if card.mark:
            parts += [" ", out(m.mark(card.mark))]
        parts += ["</", out(heading), ">\n"]
        if e.status != "reported" or e.kind:
            parts += ['<p class="event-tags">', out(m.status_badge(e))]
            if e.kind:
                parts += [' <span class="meta-kind">', out(e.kind), "</span>"]
            parts.append("</p>")
        if e.summary and not compact:
            parts += ['<div class="event-summary">', out(self._md(e.summary)), "</div>"]
        if card.figures and not compact:
            parts.append('  <ul class="figures">')
            for f in card.figures:
                parts += ['<li class="figure">', out(frag.figure(f)), "</li>"]
            parts.append("</ul>\n")
        parts.append('  <p class="event-meta">')
        if card.places:
            parts.append('<span class="meta-row meta-places"><span class="meta-label">Where</span> '
                         '<span class="meta-value">')
            parts.append(", ".join([out(m.ref(p.place)) for p in card.places]))
            parts.append("</span></span>")
        if card.actors and not compact:
            parts.append(' <span class="meta-row meta-actors"><span class="meta-label">Who</span> '
                         '<span class="meta-value">')
            actors = []
            for a in card.actors:
                role = f' <span class="role">({out(a.role)})</span>' if a.role else ""
                actors.append(f"{out(m.ref(a.actor))}{role}")  # not Markup's +, which would escape the role
            parts += [", ".join(actors), "</span></span>"]
        if not compact:
            parts += [' <span class="meta-row meta-sources"><span class="meta-label">Sources</span> '
                      '<span class="meta-value">', out(frag.cites(e.sources)), "</span></span>"]
        parts.append("  </p>\n  </div>\n</article>")
        return "".join(parts)

    def statement_card(self, card: Any, s: Any, anchor: Any = False, show_link: Any = True) -> str:
        """fragments/statement-card.html."""
        m, frag = self.vars["m"], self.vars["frag"]
        parts = ['<article class="statement mode-', out(s.mode), '"']
        if anchor:
            parts += [' id="', out(s.id), '"']
        parts += ['  data-speaker="', out(s.speaker), '" data-mode="', out(s.mode),
                  '">\n  <p class="statement-kicker">', out(m.mode_label(card))]
        if card.mark:
            parts += [" ", out(m.mark(card.mark))]
        parts += ["</p>\n  ", out(m.statement_body(s)), "\n  ", out(m.statement_meta(card)),
                  '\n  <p class="statement-foot">']
        if card.event:
            parts += ['<span class="foot-item">On: ', out(m.ref(card.event)), "</span> "]
        parts += ['<span class="foot-item">Sources ', out(frag.cites(s.sources)), "</span>"]
        if show_link:
            parts += [' <span class="foot-item"><a class="more-link" href="', out(self._href(s)),
                      '">Details<span class="visually-hidden"> of the statement by ', out(card.speaker.name), ", ",
                      out(self._date(s.said_on)), " (", out(s.id), ")</span></a></span>"]
        parts.append("  </p>\n</article>")
        return "".join(parts)

    def statement_card_as(self, other: str, s: Any, anchor: Any) -> str | None:
        """statement_card with `anchor` made from the same card rendered with the other `anchor` (lists show a
        statement with its id, its event's page without): only the id differs. None if `other` is not one."""
        head = f'<article class="statement mode-{out(s.mode)}"'
        given = f' id="{out(s.id)}"'
        start = len(head) + (0 if anchor else len(given))
        if not other.startswith(head + ("" if anchor else given)):
            return None
        return head + (given if anchor else "") + other[start:]


def _locators(same: Any) -> str:
    """`same|map(attribute='locator')|select|join('; ')` of the citations of one source."""
    return "; ".join([str(c.locator) for c in same if c.locator])
