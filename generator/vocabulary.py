"""The most used macros of the built-in `_macros.html` as Python, byte for byte, each result kept per link mode.

A page of a large briefing calls `m.ref` hundreds of times and a Jinja macro call costs about fifty times a
dictionary lookup, so while a briefing keeps the built-in `_macros.html`, `m` is a `Vocabulary`: these
functions, which print exactly what the macros print (tests/test_vocabulary.py renders both and compares),
and every other macro taken from the template module. A briefing with its own `_macros.html` gets its
macros, as before. The macros depend only on their arguments and the link mode (`href`, `print`, `meta`),
so one Vocabulary per link mode may keep what it made: by the identity of the record (kept alive with the
result, so an identity is never reused for another object while its entry exists).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import FunctionType, MethodType
from typing import Any

import jinja2
from jinja2.utils import internalcode
from markupsafe import Markup

from .model import Event
from .typography import printed

_MISSING = object()
_STOPPED = "value was undefined because a callable raised a StopIteration exception"  # Jinja's words


out = printed  # what `{{ value }}` prints: plain text with typographic quotes (finalize), escaped


def _attr(obj: Any, name: str) -> Any:
    """`obj.name` as Jinja reads it (an attribute, else an item), or _MISSING where it is undefined."""
    try:
        return getattr(obj, name)
    except AttributeError:
        try:
            return obj[name]
        except (TypeError, LookupError):
            return _MISSING


class Vocabulary:
    """`m` for one link mode: the hot macros of the built-in `_macros.html` in Python, the rest from `module`."""

    def __init__(self, module: Any, variables: dict[str, Any], filters: dict[str, Callable[..., Any]]) -> None:
        self._module = module
        self._time, self._language = filters["time"], filters["language"]  # the environment's, as the macros
        self._href: Callable[[Any], str | None] = variables["href"]
        self._print = bool(variables["print"])
        self._lang = variables["meta"].lang
        self._source: Callable[[Any], Any] = variables["frag"].source
        self._refs: dict[int, tuple[Any, Markup]] = {}
        self._rows: dict[tuple[int, Any], tuple[Any, str]] = {}
        self._cites: dict[int, tuple[Any, str]] = {}
        self._dates: dict[tuple[int, bool], tuple[Any, Markup]] = {}

    def __getattr__(self, name: str) -> Any:  # the macros not written here
        return getattr(self._module, name)

    def name(self, text: Any, lang: Any = None) -> Markup:
        if lang:
            return Markup(f'<bdi lang="{out(lang)}">{out(text)}</bdi>')
        return Markup(f"<bdi>{out(text)}</bdi>")

    def ref(self, r: Any, text: Any = None, xref: Any = None) -> Markup:
        plain = text is None and xref is None
        if plain:
            made = self._refs.get(id(r))
            if made is not None and made[0] is r:
                return made[1]
        collection = r.collection
        label = text if text is not None else r.title if collection in ("events", "sources") else self.name(r.name)
        url = self._href(r)
        if xref is None:
            xref = self._print and collection == "events"
        if url:
            number = f" [{out(r.number)}]" if self._print and collection == "sources" else ""
            html = Markup(f'<a class="ref ref-{out(collection[:-1])}{" xref" if xref else ""}" href="{out(url)}">'
                          f"{out(label)}{number}</a>")
        elif collection == "events":
            html = Markup(f'<span class="ref ref-event">{out(label)}</span>')
        else:
            html = Markup(out(label))
        if plain:
            self._refs[id(r)] = (r, html)
        return html

    def refs(self, records: Iterable[Any], sep: Any = ", ") -> Markup:
        return Markup(out(sep).join([self.ref(r) for r in records]))

    def event_date(self, e: Any, short: Any = False) -> Markup:
        key = (id(e), bool(short))  # the time filter's own cache hashes the date, which costs more than this
        made = self._dates.get(key)
        if made is not None and made[0] is e:
            return made[1]
        if e.date_display and not short:
            html = Markup(out(self._time(e.date, e.date_display)))
        else:
            html = Markup(out(self._time(e.date, short=short)))
        self._dates[key] = (e, html)
        return html

    def status_badge(self, e: Any, always: Any = False) -> Markup:
        status = e.status
        if always or status != "reported":
            return Markup(f'<span class="badge status status-{out(status)}">{out(str(status).capitalize())}</span>')
        return Markup("")

    def mark(self, kind: Any) -> Markup:
        if kind:
            return Markup(f'<span class="badge mark mark-{out(kind)}">{out("New" if kind == "new" else "Updated")}'
                          "</span>")
        return Markup("")

    def relay(self, card: Any) -> Markup:
        if card.via:
            return Markup(f'<span class="relay">relayed via {out(self.refs(card.via, " → "))}</span>')
        return Markup("")

    def mode_label(self, card: Any) -> Markup:
        return Markup(f'<span class="badge mode mode-{out(card.statement.mode)}">{out(card.mode.badge)}</span>')

    def statement_meta(self, card: Any) -> Markup:
        s = card.statement
        parts = ['<p class="statement-meta">\n  <span class="attrib-dash" aria-hidden="true">—</span> '
                 '<cite class="speaker">', out(self.ref(card.speaker)), "</cite>"]
        if s.speaker_role:
            parts += [', <span class="speaker-role">', out(s.speaker_role), "</span>"]
        parts += ['  <span class="statement-when"><span class="sep" aria-hidden="true">·</span> ',
                  out(self._time(s.said_on))]
        if s.channel:
            parts += [' <span class="sep" aria-hidden="true">·</span> <span class="channel">', out(s.channel),
                      "</span>"]
        if s.audience:
            parts += [' <span class="sep" aria-hidden="true">·</span> to ', out(self.refs(card.audience))]
        if s.via:
            parts += [' <span class="sep" aria-hidden="true">·</span> ', out(self.relay(card))]
        parts.append("</span>\n</p>")
        return Markup("".join(parts))

    def statement_body(self, s: Any) -> Markup:
        lang = s.lang
        lang_attr = Markup(f' lang="{lang}"') if lang and lang != self._lang else ""
        mode, text = s.mode, out(s.text)
        if mode == "verbatim":
            parts = [f'<blockquote class="quote quote-verbatim"{out(lang_attr)}><p><span class="qm-open">“</span>'
                     f'{text}<span class="qm-close">”</span></p></blockquote>\n']
        elif mode == "partial":
            parts = [f'<div class="quote quote-partial"{out(lang_attr)}><p>{text}</p></div>\n']
        else:
            parts = [f'<div class="quote quote-{out(mode)}"{out(lang_attr)}><p><span class="visually-hidden">'
                     f"{out(str(mode).capitalize())}, not the speaker’s own words: </span>{text}</p></div>\n"]
        original = s.original
        if original:
            parts.append(f'<p class="original"><span class="original-label">In {out(self._language(original.lang))}:'
                         "</span> ")
            tag = "q" if mode == "verbatim" else "span"
            parts.append(f'<{tag} lang="{out(original.lang)}" dir="auto">{out(original.text)}</{tag}></p>')
        return Markup("".join(parts))

    def cite_list(self, list: Any, heading_id: Any = "sources-h", heading: Any = "Sources") -> Markup:
        if not list:
            return Markup("")
        parts = [f'<section class="notes-list" aria-labelledby="{out(heading_id)}">\n  <h2 id="{out(heading_id)}">'
                 f'{out(heading)}</h2>\n  <ol class="citations">']
        parts += [self._citation(c) for c in list]
        parts.append("</ol>\n</section>\n")
        return Markup("".join(parts))

    def _citation(self, c: Any) -> str:
        made = self._cites.get(id(c))
        if made is not None and made[0] is c:
            return made[1]
        src = self._source(c)
        url = out(self._href(src))
        number = out(c.number)
        parts = [f'<li>\n    <a class="citation-number" href="{url}" aria-label="Source {number}">[{number}]</a>\n'
                 f'    <span class="citation-body"><a href="{url}">{out(src.title)}</a>']
        if src.publisher:
            parts += [", ", out(src.publisher)]
        if c.locator:
            parts += [', <span class="locator">', out(c.locator), "</span>"]
        if c.excerpt:
            parts += ['<q class="excerpt">', out(c.excerpt), "</q>"]
        parts.append("</span></li>")
        html = "".join(parts)
        self._cites[id(c)] = (c, html)
        return html

    def event_list(self, rows: Iterable[Any]) -> Markup:
        return Markup("".join(['<ol class="event-list">', *(self._row(row) for row in rows), "</ol>"]))

    def _row(self, row: Any) -> str:
        if type(row) is Event:  # a list of events (related events): neither `row.event` nor `row.role` is defined
            e, role = row, _MISSING
        else:
            e = _attr(row, "event")
            if e is _MISSING:
                e = row
            role = _attr(row, "role")
        key = (id(e), None if role is _MISSING else role)
        made = self._rows.get(key)
        if made is not None and made[0] is e:
            return made[1]
        parts = [f'<li id="list-{out(e.id)}">\n  <span class="event-list-date">{out(self.event_date(e, short=True))}'
                 f'</span>\n  <span class="event-list-title">{out(self.ref(e))}{out(self.status_badge(e))}']
        if role is not _MISSING and role:
            parts += [' <span class="role">(', out(role), ")</span>"]
        parts.append("</span>\n</li>")
        html = "".join(parts)
        self._rows[key] = (e, html)
        return html


class CallingContext(jinja2.runtime.Context):
    """Jinja's context, whose `call` (every call a template makes: `m.ref(r)`, `frag.cites(c)`, `href(r)`) goes
    straight to a Python function or method that asks for nothing from Jinja, as most of them do.

    Jinja's own `call` inspects each callable for `pass_context` and its kin on every call, which costs about
    thirty times the call itself: a page of a large briefing makes twenty such calls, 24,000 pages half a million.
    A function marked with `pass_context` (or its kin), and any other callable, goes Jinja's way."""

    @internalcode
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        func = __obj.__func__ if type(__obj) is MethodType else __obj
        # Jinja reads the mark from the function itself (pass_context sets it there); a class attribute of that
        # name on FunctionType does not exist.
        if type(func) is not FunctionType or "jinja_pass_arg" in func.__dict__:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(_STOPPED)
