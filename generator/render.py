"""Jinja2 rendering: the theme loader, filters, each page from its view, and template errors as located problems."""

from __future__ import annotations

import dataclasses
import functools
import gc
import re
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape

from .describe import Describer
from .edtf import Edtf
from .fragments import FragmentSets, Links
from .labels import kind_label, language_of
from .model import Briefing
from .pages import SECTIONS, Page, PageViews
from .picture import chart_of
from .problems import Pos, Problem
from .processes import can_fork, forked_pool
from .text import MarkdownRenderer
from .typography import breakable_url, finalize, print_links, printed
from .vocabulary import CallingContext
from .yamlnodes import limit_of

# Every page's Content-Security-Policy (docs/security.md): nothing from another host, no inline code.
CSP = Markup("; ".join((
    # 'wasm-unsafe-eval': Pagefind's search compiles WebAssembly; it does not allow JavaScript eval.
    "default-src 'none'", "img-src 'self' data:", "style-src 'self'", "script-src 'self' 'wasm-unsafe-eval'",
    "font-src 'self'",
    "connect-src 'self'", "base-uri 'none'", "form-action 'none'",
)))
THEME_PREFIX = "theme/"  # a briefing's template reaches the built-in one of the same name as theme/<name>


def theme_dir() -> Path:
    """The built-in theme: `generator/theme` when installed, `templates/` beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "theme", here.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError(f"built-in theme not found next to {here}; reinstall factsheet")


def render_date(date: Edtf | None, short: bool = False) -> str:
    return "" if date is None else date.render(short=short)


@functools.lru_cache(maxsize=65536)  # pure: the same dates recur on every page that lists them
def time_tag(date: Edtf | None, display: str | None = None, short: bool = False) -> Markup:
    """A <time> element with a machine-readable datetime where HTML can express one."""
    if date is None:
        return Markup("")
    text = display or date.render(short=short)
    iso = date.iso()
    attr = f' datetime="{escape(iso)}"' if iso else ""  # what Markup.format writes, without its string.Formatter
    return Markup(f"<time{attr}>{escape(text)}</time>")


_VERBS = {"extends": "extends", "include": "includes", "import": "imports", "from": "imports from"}


class BriefingLoader(jinja2.FileSystemLoader):
    """The briefing's own templates; one that extends or includes its own name is a located error."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        pattern = r"\{%-?\s*(extends|include|import|from)\s+(['\"])" + re.escape(template) + r"\2"
        found = re.search(pattern, source)
        if found:
            line = source.count("\n", 0, found.start()) + 1
            raise jinja2.TemplateSyntaxError(
                f"'{template}' {_VERBS[found.group(1)]} itself; to build on the built-in template write "
                f"{{% {found.group(1)} \"{THEME_PREFIX}{template}\" %}}", line, template, filename)
        return source, filename, uptodate


class _Printing(CodeGenerator):
    """Compiles `{{ value }}` to `environment.printed(value)`, one call, where Jinja writes
    `escape(environment.finalize(value))`: the same text (typography.printed), made for the millions of values a
    large site prints without a Markup object for each. Anything else compiles as Jinja compiles it."""

    def _printing(self, frame: Frame, finalize: Any) -> bool:
        return bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile and finalize.src == _FINALIZE

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._printing(frame, finalize):
            self.write("environment.printed(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._printing(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


_FINALIZE = "environment.finalize("  # what Jinja writes around a printed value when the environment has finalize


class _Environment(jinja2.Environment):
    code_generator_class = _Printing
    context_class = CallingContext  # a template's calls of plain functions without Jinja's inspection of each

    def make_globals(self, d: Mapping[str, Any] | None) -> Any:
        """A template's globals as one plain dict, not Jinja's ChainMap over the environment's: every page's
        context copies them twice, and a ChainMap is read in Python. Nothing changes the globals once made."""
        return {**self.globals, **(d or {})}
    printed = staticmethod(printed)


def make_env(template_dirs: list[Path], markdown: MarkdownRenderer | None = None,
             compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """`template_dirs`: the briefing's templates first (if any), the built-in theme last; `compiled`: where
    templates compiled by earlier builds are kept (cache.template_cache)."""
    theme = jinja2.FileSystemLoader(str(template_dirs[-1]))
    own = [BriefingLoader(str(d)) for d in template_dirs[:-1]]
    env = _Environment(
        loader=jinja2.ChoiceLoader([jinja2.PrefixLoader({THEME_PREFIX.rstrip("/"): theme}), *own, theme]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,  # typographic quotes in every printed text (typography.py)
        auto_reload=False,  # one environment per build: no template file is asked whether it changed per page
        bytecode_cache=compiled,
        # Every template kept in a plain dict: Jinja's bounded cache moves a template to the front of a queue, under
        # a lock, each of the three times a page asks for one (its own, base.html, _head.html); a theme has few.
        cache_size=-1,
    )
    markdown = markdown or MarkdownRenderer()
    env.filters.update(
        md=markdown.block,
        md_inline=markdown.inline,
        date=render_date,
        time=time_tag,
        iso=lambda d: d.iso() if d else "",
        escape_json=escape_json,
        language=language_of,
        kind=kind_label,
        url=breakable_url,
        print_links=print_links,
    )
    _compile_all(env)
    return env


def _compile_all(env: jinja2.Environment) -> None:
    """Every page template compiled now, once, rather than in each worker process that renders pages."""
    for name in env.list_templates(extensions=["html"]):
        if name.startswith(THEME_PREFIX):
            continue  # compiled when a briefing's template builds on it
        try:
            env.get_template(name)
        except Exception:  # reported with its file and line when a page renders it
            continue


def markdown_of(env: jinja2.Environment) -> MarkdownRenderer:
    """The Markdown renderer behind an environment's `md` filter, so other outputs of the build (page heads,
    the feed) reuse the conversions its pages made instead of converting every summary again."""
    renderer = getattr(env.filters["md"], "__self__", None)
    return renderer if isinstance(renderer, MarkdownRenderer) else MarkdownRenderer()


def escape_json(text: str) -> Markup:
    """JSON for inline <script type="application/json">: '<', '>' and '&' escaped so it cannot close its element."""
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(safe.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _template_location(exc: BaseException, template_dirs: list[Path]) -> Pos | None:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return Pos(exc.filename, exc.lineno or 1)
    roots = [str(d) for d in template_dirs]
    found: Pos | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if any(frame.filename.startswith(r) for r in roots):
            found = Pos(frame.filename, frame.lineno or 1)  # innermost template frame wins
    return found


# How large the site may grow (docs/security.md): a long text shown on many pages multiplies, so the site is
# bounded by its number of pages, at three times the average an honest briefing's page weighs (about 20 KB at
# 10,000 and at 50,000 events), and never below MAX_SITE_BYTES. FACTSHEET_MAX_SITE_BYTES sets it outright.
MAX_SITE_BYTES = 2 * 1024 * 1024 * 1024
MAX_PAGE_BYTES_AVERAGE = 64 * 1024


def site_limit_of(pages: int) -> int:
    """The most bytes a site of `pages` pages may have."""
    return limit_of("FACTSHEET_MAX_SITE_BYTES", max(MAX_SITE_BYTES, MAX_PAGE_BYTES_AVERAGE * pages))
PARALLEL_FROM = 400  # pages: below this, starting worker processes costs more than it saves
# Rendering makes many short-lived containers (Jinja contexts, view parts) and few cycles among them. At
# Python's default threshold (700) the collector took 20 s of a 50,000-event build (10,682 collections, mostly
# walking what the render keeps: cards, fragments). A young generation of this size still collects every cycle,
# less often; the forked workers inherit it. Measured at 50,000 events (phases.py, warm): 700: 155 s wall, 203 s
# CPU, parent peak 1,454 MB; 5,000: 144 s, 186 s, 1,553 MB; 20,000: 138 s, 176 s, 1,971 MB (cycles wait longer).
RENDER_GC_THRESHOLD = 5_000
CHUNK = 64  # pages a worker renders per task: small enough that the large pages do not hold one worker up
WINDOW = 4  # slices rendered or waiting to be merged, per process rendering
AHEAD = 32  # slices the parent may render ahead of one a worker is slow to finish
# Pages to render from which the work beside them (the data files: about a second of CPU at 10,000 events and
# 24,000 pages, ten at 50,000) is a worker's, while the parent renders; below, it is done first, here.
BESIDE_FROM = 4_000
# Fragments (each card, figure and citation group rendered once per link mode, about 1.3 KB each) a process
# keeps: kept for the whole build they grow with the briefing (52,000 and 64 MB in each of two processes at
# 10,000 events, five times that at 50,000), so past this many in one link mode they are made afresh. At
# 10,000 events none is dropped; each time they are, the pages after it render their cards once more.
FRAGMENTS_KEPT = 65_536


@dataclass(frozen=True)
class _Outcome:
    """One page's result: its bytes, or the problem its template error makes (with the key it is told apart by)."""

    html: bytes | None = None
    problem: Problem | None = None
    kept: int | None = None  # a page left in the site as the last build wrote it: its size
    key: tuple[Pos, str] | None = None  # one problem per template error, however many pages meet it


class _Renderer:
    """Renders pages of one plan in one process, with its own fragments (made on the first page); each page's
    view is made just before it is rendered and dropped after (PageViews)."""

    def __init__(self, pages: list[Page], briefing: Briefing, env: jinja2.Environment, template_dirs: list[Path],
                 shown: Callable[[str], str], nav: tuple[tuple[str, str, str], ...] = SECTIONS,
                 search: bool = False, views: PageViews | None = None) -> None:
        self.pages, self.briefing, self.env, self.template_dirs, self.shown = pages, briefing, env, template_dirs, shown
        self.nav, self.search = nav, search
        self.views = views
        self.fragments: FragmentSets | None = None
        self.describer = Describer(briefing, markdown_of(env))  # the pages' conversions, not a second set

    def fail(self, exc: BaseException, page: Page) -> _Outcome:
        if isinstance(exc, jinja2.TemplateNotFound):
            where, message = Pos(page.template), f"template '{exc.name}' not found"
        else:
            where = _template_location(exc, self.template_dirs) or Pos(page.template)
            where = Pos(self.shown(where.path), where.line, where.col)
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        key = (where, message)
        if not isinstance(exc, (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError)):
            message = f"template error while rendering {page.label}: {message}"
        if sys.flags.dev_mode:
            traceback.print_exc()
        return _Outcome(problem=Problem(where, "error", message), key=key)

    def render(self, index: int) -> _Outcome:
        page = self.pages[index]
        try:
            if page.view is None:  # the planned page with its view: for this page only
                if self.views is None:
                    self.views = PageViews(self.briefing)
                page = dataclasses.replace(page, view=self.views.view_of(page))
            if self.fragments is None:
                shared = {"meta": self.briefing.meta, "nav": self.nav, "theme": self.briefing.meta.theme,
                          "csp": CSP}
                self.fragments = FragmentSets(self.env, self.briefing, shared)
            template = self.env.get_template(page.template)
            frag = self.fragments.of(_links_of(page))
            html = template.render(frag.vars, view=page.view, page=page, head=self.describer.head_of(page),
                                   chart=chart_of(page, self.briefing, frag.vars["href"]), search=self.search)
            if len(frag.cache) > FRAGMENTS_KEPT:
                self.fragments = None  # the next page starts a new set
            return _Outcome(html.encode("utf-8"))
        except Exception as exc:  # a template bug must be reported, never a traceback
            return self.fail(exc, page)

    def render_some(self, indexes: list[int]) -> list[_Outcome]:
        return [self.render(i) for i in indexes]


_WORKER: _Renderer | None = None  # set in the parent just before forking; each worker inherits its copy


@dataclass(frozen=True)
class Beside:
    """Work done beside the pages (the site's data files): `run` by a render worker while this process renders
    pages, when they are rendered in parallel (else here, before the pages); `done(result)` here, as soon as it
    is over (at the latest after the last page). An exception `run` raises is raised here."""

    run: Callable[[], Any]
    done: Callable[[Any], None]


_BESIDE: Beside | None = None  # as _WORKER


def _run_beside() -> Any:
    assert _BESIDE is not None, "worker started without the work beside the pages"
    return _BESIDE.run()


def _render_in_worker(indexes: list[int]) -> list[_Outcome]:
    assert _WORKER is not None, "worker started without a renderer"
    return _WORKER.render_some(indexes)


def render_pages(
    pages: list[Page], briefing: Briefing, env: jinja2.Environment, template_dirs: list[Path],
    shown: Callable[[str], str] = str, jobs: int = 1, reused: Mapping[int, bytes | int] | None = None,
    nav: tuple[tuple[str, str, str], ...] = SECTIONS, search: bool = False,
    sink: Callable[[str, bytes | int], None] | None = None, views: PageViews | None = None,
    beside: Beside | None = None,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Every page rendered from its view; a template error becomes one problem naming template, line and record.

    `views` makes the view of each planned page where it is rendered (the plan holds none): the PageViews of
    the plan's briefing, editions and listings (one without editions is made if none is given). A page that
    carries its view is rendered with it.

    `reused`: pages (by their index in the plan) whose bytes the cache already holds, or their size where the
    site holds them in place; they are not rendered. `sink`: where each page goes as soon as it is merged (its
    bytes, or the size of a page left in place) instead of the dict returned: a large site need not be held in
    memory whole (the build writes them into the new site as they come). `beside`: work a worker does while this
    process renders (Beside).
    With jobs > 1 and many pages to render, they are rendered by this process and jobs - 1 forked workers, a
    slice at a time, and the results merged in plan order: the same files and the same problems as jobs=1."""
    reused = reused or {}
    renderer = _Renderer(pages, briefing, env, template_dirs, shown, nav, search, views)
    todo = [i for i in range(len(pages)) if i not in reused]
    parallel = jobs > 1 and len(todo) >= PARALLEL_FROM and can_fork()
    if beside is not None and not (parallel and len(todo) >= BESIDE_FROM):
        beside.done(beside.run())  # here, first
        beside = None
    rendered = _render_parallel(renderer, jobs, todo, beside) if parallel else (renderer.render(i) for i in todo)
    outcomes = (_kept(reused[i]) if i in reused else next(rendered) for i in range(len(pages)))
    try:
        with _collecting_less():
            return _merge(pages, outcomes, shown, sink)
    except BrokenProcessPool:
        return {}, [Problem(Pos(shown(str(template_dirs[0]))), "error", (
            "a process rendering pages stopped unexpectedly (killed, or out of memory); "
            "build again, with --jobs 1 to render in one process"))]


@contextmanager
def _collecting_less() -> Iterator[None]:
    """The young generation RENDER_GC_THRESHOLD objects large while the pages render; as it was after."""
    threshold = gc.get_threshold()
    gc.set_threshold(RENDER_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


@dataclass
class _Slice:
    """Pages of the plan rendered together: by a worker (`future`), or by the parent itself (`outcomes`)."""

    indexes: list[int]
    future: Future[list[_Outcome]] | None = None
    outcomes: list[_Outcome] | None = None


def _render_parallel(renderer: _Renderer, jobs: int, todo: list[int], beside: Beside | None = None
                     ) -> Iterator[_Outcome]:
    """The pages of `todo` in plan order, rendered by `jobs` processes: the parent and jobs - 1 forked workers.

    Every process rendering holds its own copy of most of the model (touching an object, even to count a
    reference to it, copies its memory page into the process), so the parent renders too: one copy fewer.
    A worker is kept fed with two slices (one rendering, one queued); every other slice of the window is the
    parent's, rendered when it comes up in order, or earlier while a worker's before it is not done (the
    window then grows up to AHEAD slices, so a slow slice (the briefs) never leaves the parent idle). Work
    `beside` the pages goes to a worker first, and that worker is fed no slice until it is done: the parent
    renders the slices in order meanwhile, never waiting for it."""
    global _WORKER, _BESIDE
    slices = iter([todo[start:start + CHUNK] for start in range(0, len(todo), CHUNK)])
    workers = jobs - 1
    _WORKER, _BESIDE = renderer, beside
    # Everything made so far lives until the workers end: out of the collector's sight, so that a worker's
    # collections never walk (and so copy) the pages it shares with the parent.
    gc.freeze()
    pool = forked_pool(workers)
    # A few slices ahead of the merge (at most AHEAD), not all of them: rendered pages waiting for a slow one
    # before them (the brief) would otherwise pile up in memory, a large part of the site at 10,000 events.
    window: deque[_Slice] = deque()
    side = pool.submit(_run_beside) if beside is not None else None  # the first worker forks here

    def fill(limit: int = WINDOW * jobs) -> None:
        """Every worker two slices busy (one rendering, one queued) within AHEAD; the parent's up to `limit`."""
        while True:
            busy = sum(1 for s in window if s.future is not None and not s.future.done())
            if side is not None:
                busy += 2  # its worker is fed no slice: one queued behind it would hold the parent up
            feed = busy < 2 * workers and len(window) < AHEAD
            if not feed and len(window) >= limit:
                return
            indexes = next(slices, None)
            if indexes is None:
                return
            window.append(_Slice(indexes, pool.submit(_render_in_worker, indexes)) if feed else _Slice(indexes))

    def render_here(part: _Slice) -> list[_Outcome]:
        return [renderer.render(i) for i in part.indexes]  # not render_some: what a worker runs

    def finish_beside(wait: bool) -> None:
        nonlocal side
        if beside is not None and side is not None and (wait or side.done()):
            over, side = side, None
            beside.done(over.result())  # raises what the work raised

    try:
        fill()  # the workers fork here, before the parent renders anything of its own
        while window:
            finish_beside(wait=False)
            head = window[0]
            while head.future is not None and not head.future.done():
                mine = next((s for s in window if s.future is None and s.outcomes is None), None)
                if mine is None:  # the parent would wait (a slow slice ahead: the briefs): take one further ahead
                    if len(window) >= AHEAD:
                        break
                    size = len(window)
                    fill(size + 1)
                    if len(window) == size:
                        break
                    continue
                mine.outcomes = render_here(mine)
                fill()
            window.popleft()
            if head.future is not None:
                outcomes = head.future.result()  # in plan order
            else:
                outcomes = head.outcomes if head.outcomes is not None else render_here(head)
            fill()
            yield from outcomes
        finish_beside(wait=True)
    finally:
        _WORKER, _BESIDE = None, None
        pool.shutdown(wait=True, cancel_futures=True)  # a merge that stops early leaves nothing running


def _kept(data: bytes | int) -> _Outcome:
    return _Outcome(kept=data) if isinstance(data, int) else _Outcome(data)


def _merge(pages: list[Page], outcomes: Iterable[_Outcome], shown: Callable[[str], str],
           sink: Callable[[str, bytes | int], None] | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    out: dict[str, bytes] = {}
    problems: list[Problem] = []
    seen: set[tuple[Pos, str]] = set()
    total = 0
    limit = site_limit_of(len(pages))
    for page, outcome in zip(pages, outcomes, strict=True):
        data = outcome.html if outcome.kept is None else outcome.kept
        if data is None:
            if outcome.key is not None and outcome.key not in seen and outcome.problem is not None:
                seen.add(outcome.key)
                problems.append(outcome.problem)
            continue
        if sink is None:
            if isinstance(data, bytes):
                out[page.path] = data
        elif not problems:  # after a template error the build fails: nothing more is worth writing
            sink(page.path, data)
        total += data if isinstance(data, int) else len(data)
        if total > limit:  # texts repeated on many pages multiply: stop before the disk fills
            at = getattr(page.record, "pos", None)
            where = Pos(shown(at.path), at.line, at.col) if at else Pos(page.path)
            problems.append(Problem(where, "error", (
                f"the site would be larger than {limit // 2**20} MB for its {len(pages):,} pages (reached at "
                f"{page.path}): long texts shown on many pages (titles of related events, names) multiply; "
                "shorten them, or raise the limit "
                "with the environment variable FACTSHEET_MAX_SITE_BYTES")))
            break
    return out, problems


def _links_of(page: Page) -> Links:
    """Web pages link to pages; a printable document links inside itself, to the records it holds."""
    return Links(page.root, page.view.holds if page.brief else None)
