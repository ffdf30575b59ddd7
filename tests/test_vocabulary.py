"""The macros written in Python (generator/vocabulary.py) print exactly what the built-in _macros.html prints.

Each is called on every record, card and citation of the sample briefings, in each kind of link (pages at two
depths, the whole brief, a brief that holds only some records), with odd arguments too, and its result compared
with the template macro's; a second call (from the kept results) must give the same again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from generator.build import check_briefing
from generator.fragments import Fragments, Links, is_built_in
from generator.model import Briefing
from generator.render import make_env, theme_dir
from generator.typography import finalize, printed
from generator.views import Views
from generator.vocabulary import Vocabulary

REPO = Path(__file__).resolve().parent.parent
BRIEFINGS = [REPO, REPO / "tests" / "briefings" / "multiscript", REPO / "tests" / "briefings" / "minimal",
             REPO / "tests" / "fixtures" / "print"]
ODD_TEXT = "He said \"it's <b>&amp;</b>\" — 'twice'"


def briefing_of(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder, clean=True)
    assert briefing is not None, [str(p) for p in problems]
    return briefing


def link_modes(briefing: Briefing) -> Iterator[Links]:
    everything = frozenset(f"{r.collection}/{r.id}" for r in briefing.records())
    yield Links("")
    yield Links("../../")
    yield Links("", everything)
    yield Links("", frozenset(sorted(everything)[::2]))  # a brief that holds only some records


def calls_of(briefing: Briefing) -> Iterator[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """(macro, args, kwargs) for every way the pages call the macros written in Python."""
    views = Views(briefing)
    records = [*briefing.records(), *briefing.sources]
    for r in records:
        if r.collection != "statements":  # a statement has no name: pages give the text of its link
            yield "ref", (r,), {}
            yield "ref", (r,), {"xref": True}
            yield "ref", (r,), {"xref": False}
        yield "ref", (r, ODD_TEXT), {}
        yield "ref", (r, Markup("<i>marked</i>")), {}
        yield "cite_list", (getattr(r, "sources", ()), "notes-h", "Sources"), {}
        yield "name", (getattr(r, "name", ODD_TEXT),), {}
        for n in getattr(r, "names", ()):
            yield "name", (n.name, n.lang), {}
    yield "refs", (briefing.actors,), {}
    yield "refs", (briefing.places, " → "), {}
    yield "refs", ((),), {}
    yield "cite_list", ((),), {}
    for kind in (None, "", "new", "updated"):
        yield "mark", (kind,), {}
    for e in briefing.events:
        yield "event_date", (e,), {}
        yield "event_date", (e,), {"short": True}
        yield "event_date", (e, True), {}
        yield "status_badge", (e,), {}
        yield "status_badge", (e,), {"always": True}
        page = views.event_page(e)
        yield "event_list", (page.related,), {}
        yield "cite_list", (page.cited, "notes-h", "Sources"), {}
    yield "event_list", (briefing.events,), {}
    for a in briefing.actors:
        yield "event_list", (views.actor_page(a).events,), {}  # (event, role) rows
    for s in briefing.statements:
        card = views.statement_card(s)
        for name in ("relay", "mode_label", "statement_meta"):
            yield name, (card,), {}
        yield "statement_body", (s,), {}


def shared_of(briefing: Briefing) -> dict[str, Any]:
    """The globals every page shares, as the render gives them to the fragments."""
    return {"meta": briefing.meta, "nav": (), "theme": briefing.meta.theme, "csp": Markup("")}


@pytest.mark.parametrize("folder", BRIEFINGS, ids=["content", "multiscript", "minimal", "print"])
def test_each_macro_in_python_prints_what_the_template_macro_prints(folder: Path) -> None:
    briefing = briefing_of(folder)
    env = make_env([theme_dir()])
    shared = shared_of(briefing)
    compared = 0
    for links in link_modes(briefing):
        m = Fragments(env, briefing, links, shared).m
        assert isinstance(m, Vocabulary)
        for name, args, kwargs in calls_of(briefing):
            expected = getattr(m._module, name)(*args, **kwargs)
            for _ in range(2):  # the second from what the first kept
                made = getattr(m, name)(*args, **kwargs)
                assert isinstance(made, Markup) and made == expected, (name, args, kwargs, links.key)
            compared += 1
    assert compared > 100


def test_a_briefing_with_its_own_macros_gets_them(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "_macros.html").write_text((theme_dir() / "_macros.html").read_text().replace(
        '<bdi{% if lang %}', '<bdi class="own"{% if lang %}'))
    env = make_env([own, theme_dir()])
    assert not is_built_in(env, "_macros.html") and is_built_in(env, "fragments/cites.html")
    briefing = briefing_of(REPO)
    shared = shared_of(briefing)
    m = Fragments(env, briefing, Links(""), shared).m
    assert not isinstance(m, Vocabulary)
    actor = briefing.actors[0]
    assert m.ref(actor) == (f'<a class="ref ref-actor" href="actors/{actor.id}/index.html">'
                            f'<bdi class="own">{actor.name}</bdi></a>')


def fragment_calls_of(briefing: Briefing) -> Iterator[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """(fragment, args, kwargs) for every way the pages call the fragments written in Python."""
    views = Views(briefing)
    for r in [*briefing.records(), *briefing.sources]:
        yield "cites", (getattr(r, "sources", ()),), {}
    for e in briefing.events:
        card = views.event_card(e)
        for heading, compact in (("h3", False), ("h2", False), ("h3", True)):
            yield "event_card", (card, heading, compact), {}
        for f in card.figures:
            for stat, event in ((False, False), (True, False), (True, True)):
                yield "figure", (f,), {"stat": stat, "event": event}
    for s in briefing.statements:
        card = views.statement_card(s)
        # each with the other anchor second, in both orders: the second is made from the first (fragments.py)
        for anchor, show_link in ((False, True), (True, True), (True, False), (False, False)):
            yield "statement_card", (card,), {"anchor": anchor, "show_link": show_link}


@pytest.mark.parametrize("folder", BRIEFINGS, ids=["content", "multiscript", "minimal", "print"])
def test_each_fragment_in_python_prints_what_its_template_prints(folder: Path) -> None:
    briefing = briefing_of(folder)
    env = make_env([theme_dir()])
    shared = shared_of(briefing)
    compared = 0
    for links in link_modes(briefing):
        native, templates = Fragments(env, briefing, links, shared), Fragments(env, briefing, links, shared)
        assert set(native._native) == {"cites", "figure", "event_card", "statement_card"}
        templates._native = {}
        for name, args, kwargs in fragment_calls_of(briefing):
            made, expected = getattr(native, name)(*args, **kwargs), getattr(templates, name)(*args, **kwargs)
            assert isinstance(made, Markup) and made == expected, (name, args, kwargs, links.key)
            compared += 1
    assert compared > 10


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet="'\"&<>:/#?. ab@"), st.integers(), st.none(), st.booleans(),
                 st.builds(Markup, st.text())))
def test_printed_is_escape_of_finalize(value: Any) -> None:
    """The one call every `{{ value }}` compiles to prints what Jinja's escape(finalize(value)) prints."""
    assert printed(value) == escape(finalize(value))


TRICKY = [
    "{{ x }}|{{ x|upper }}|{{ m }}|{{ n }}|{{ none }}|{{ 'it\\'s' }}|{{ \"a<b\" ~ x }}|{{ [x, m]|join(' ') }}",
    "{% macro f(v) %}<{{ v }}>{% endmacro %}{{ f(x) }}{{ f(m) }}{% set s %}{{ x }}{% endset %}{{ s }}",
    "{% autoescape false %}{{ x }}{% endautoescape %}{% filter upper %}{{ x }}{{ m }}{% endfilter %}",
    "{% macro f2() %}[{{ caller() }}]{% endmacro %}{% for i in [x, m, n] %}{{ loop.index }}{{ i }}{% endfor %}"
    "{% call f2() %}{{ x }}{% endcall %}",
]


@pytest.mark.parametrize("source", TRICKY)
def test_templates_print_what_jinja_prints(source: str) -> None:
    """make_env's environment compiles `{{ ... }}` its own way; a stock environment must print the same."""
    ours = make_env([theme_dir()])
    stock = jinja2.Environment(autoescape=True, finalize=finalize, trim_blocks=True, lstrip_blocks=True)
    values = {"x": "Lloyd's <b> & \"x\"", "m": Markup("<i>it's</i>"), "n": 3}
    assert ours.from_string(source).render(values) == stock.from_string(source).render(values)


class _Callable:
    def __call__(self, v: Any) -> str:
        return f"called {v}"


@jinja2.pass_context
def _with_context(context: Any, name: str) -> Any:
    return context.get(name)


def _stops() -> Any:
    raise StopIteration


CALLS = [
    "{{ f(x) }}|{{ f(v=x) }}|{{ f(x, obj=1, self=2) }}|{% for i in [1, 2] %}{{ f(i) }}{% endfor %}",
    "{{ o.method(x) }}|{{ o.method(v=n) }}|{{ c(x) }}|{{ (stops() is undefined)|string }}",
    "{% set y = 'block' %}{{ ctx('y') }}|{% for i in [1] %}{% set z = 'loop' %}{{ ctx('z') }}{% endfor %}"
    "|{{ ctx('x') }}|{{ env_of()|string }}|{{ m(x) }}",
    "{% macro g(v) %}<{{ v }}>{% endmacro %}{{ g(x) }}|{{ g(v=m(n)) }}|{{ x|upper }}",
    # the environment's globals, which make_env's templates hold as a plain dict
    "{% for i in range(2) %}{{ i }}{% endfor %}|{{ dict(a=x)['a'] }}|{% set ns = namespace(v=n) %}{{ ns.v }}"
    "|{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}",
]


@pytest.mark.parametrize("source", CALLS)
def test_calls_from_templates_reach_what_jinja_would_call(source: str) -> None:
    """make_env's context calls plain functions and methods straight (vocabulary.CallingContext); what asks for
    the context or the environment, a callable object and a function that stops iterating print as with Jinja."""
    class Obj:
        def method(self, v: Any, *, obj: Any = None, self_: Any = None) -> str:
            return f"method {v}"

    def f(v: Any, obj: Any = None, self: Any = None) -> str:
        return f"f({v}, {obj}, {self})"

    ours = make_env([theme_dir()])
    stock = jinja2.Environment(autoescape=True, finalize=finalize, trim_blocks=True, lstrip_blocks=True)
    values = {"x": "Lloyd's <b>", "n": 3, "f": f, "o": Obj(), "c": _Callable(), "stops": _stops,
              "ctx": _with_context, "env_of": jinja2.pass_environment(lambda env: type(env).__name__ != ""),
              "m": lambda v: Markup(f"<i>{v}</i>")}
    assert ours.from_string(source).render(values) == stock.from_string(source).render(values)


def test_a_statement_card_with_the_other_anchor_is_made_from_the_first() -> None:
    """Lists show a statement card with its id, its event's page without: the second is the first with its id
    added or taken out, not rendered again, and prints what the template prints."""
    briefing = briefing_of(REPO)
    env = make_env([theme_dir()])
    shared = shared_of(briefing)
    native, templates = (Fragments(env, briefing, Links("../../"), shared) for _ in range(2))
    templates._native = {}
    rendered: list[str] = []
    render = native._cards.statement_card
    native._native["statement_card"] = lambda card, s, **kw: rendered.append(s.id) or render(card, s, **kw)
    views = Views(briefing)
    for s in briefing.statements:
        card = views.statement_card(s)
        for anchor in (False, True, False):
            assert native.statement_card(card, anchor=anchor) == templates.statement_card(card, anchor=anchor)
    assert rendered == [s.id for s in briefing.statements]
