"""The pipeline, in one place: load, validate, link, plan, render, write."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import PageCache, inputs_digest, page_keys_of, read_lines, template_cache
from .check import check_briefing
from .check import collector_paused as _collector_paused
from .editions import EditionCache
from .editionsite import NO_EDITIONS, SiteEditions, site_editions_of
from .jsondata import briefing_json
from .listdata import list_data_of
from .mdstore import converted_ahead
from .model import Briefing
from .outputs import BRIEFING_JSON, each_output, notes_of
from .pages import PageViews, layout_digest, listings_of, plan_pages, sections_of
from .paths import links_leaving, show_path
from .problems import Pos, Problem
from .processes import can_fork, default_jobs, forked_pool
from .render import Beside, make_env, markdown_of, render_pages, theme_dir
from .text import MarkdownRenderer
from .theme import THEME_CSS, theme_css, theme_problems
from .write import SiteWriter, WriteError, check_output_dir, check_site_paths, clean_leftovers

if TYPE_CHECKING:
    from .pages import Listing, Page
    from .printer import Printer, RenderPages  # imported for --pdf: WeasyPrint is slow to import
    from .search import Indexing  # imported when a build indexes: it starts Pagefind's binary


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    briefing: Briefing | None = None
    written: Path | None = None
    notes: list[str] = field(default_factory=list)  # worth saying, not problems: --strict ignores them
    pages: int = 0  # HTML pages written
    pdfs: list[str] = field(default_factory=list)  # PDF files written, by name in the site folder

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def assets_of(directory: Path, prefix: str = "") -> dict[str, bytes]:
    """Every file under a folder, keyed by its path below `prefix`; hidden files skipped."""
    files: dict[str, bytes] = {}
    if directory.is_dir():
        for path in sorted(directory.rglob("*")):
            rel = path.relative_to(directory)
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
                files[prefix + rel.as_posix()] = path.read_bytes()
    return files


class _Stream:
    """Where a build's pages go as they are rendered: into the new site (SiteWriter), a page left in place
    linked from the old one, its digest noted for the page cache; the pages in `hold` also kept in memory."""

    def __init__(self, writer: SiteWriter, cache: PageCache | None, hold: Collection[str]) -> None:
        self.writer, self.cache, self.hold = writer, cache, hold
        self.written: set[str] = set()
        self.held: dict[str, bytes] = {}

    def __call__(self, path: str, data: bytes | int) -> None:
        self.written.add(path)
        if isinstance(data, int):
            self.writer.link(path)
            return
        self.writer.add(path, data)
        if self.cache is not None:
            self.cache.note(path, data)
        if path in self.hold:
            self.held[path] = data

    def put(self, files: Iterable[tuple[str, bytes]]) -> list[str]:
        """Files that are not pages (the data files), each into the new site as it comes, none held: written by
        a render worker too (Beside), which only checks their paths; `listed` then lists them here."""
        names = []
        for path, data in files:
            self.writer.add(path, data, listed=False)
            names.append(path)
        return names

    def listed(self, names: list[str]) -> None:
        for path in names:
            self.writer.list(path)
            self.written.add(path)


def render_site(briefing: Briefing, briefing_dir: Path, jobs: int = 1, cache: PageCache | None = None,
                editions: SiteEditions = NO_EDITIONS, search: bool = False,
                stream: _Stream | None = None, markdown: MarkdownRenderer | None = None,
                planned: Callable[[list[Page], RenderPages], None] | None = None, clean: bool = False,
                converted: Callable[[MarkdownRenderer], None] | None = None,
                ) -> tuple[dict[str, bytes], list[Problem]]:
    """Every file of the site, in memory; pages rendered in `jobs` processes when the plan is large, and
    taken from `cache` where nothing they are made from has changed. With a `stream`, pages are written
    into the new site as they are rendered, and only those it holds are among the files returned; the data
    files too, made by a render worker while the pages render (none is returned).
    `planned(pages, render)` hears the plan, and how to render some of its pages, before they are rendered;
    `converted(markdown)` hears, before that, the renderer that holds every Markdown text of the briefing."""
    leaving = [p for d in ("templates", "static") for p in links_leaving(briefing_dir / d, briefing_dir)]
    if leaving:  # never copy or render a file from outside the briefing (e.g. a link to /etc/passwd)
        message = "symbolic link leads outside the briefing folder or nowhere; copy the file in instead"
        return {}, [Problem(Pos(_shown(str(p))), "error", message) for p in leaving]
    with _Early() as digesting, _Early() as side:  # the processes started early (a rebuild), if any
        template_dirs = [d for d in (briefing_dir / "templates", theme_dir()) if d.is_dir()]
        compiled = None if clean else template_cache()
        env = make_env(template_dirs, markdown, compiled)  # the search records' renderer: the pages reuse its texts
        listings = listings_of(briefing)  # how the long lists are split: the plan, the cache and the data files
        layout = layout_digest(listings, editions)
        # A rebuild renders few pages, and reuses a plan's worth of page keys: a process of its own digests every
        # record the pages read (a second of CPU at 10,000 events) while this one plans, and another makes the data
        # files (as much again) beside the page keys, the few pages and the links to the others, from the plan on.
        # Else, with a stream, a render worker makes the data files while this process renders pages when many
        # render, or this process first when few (Beside), and the page keys with them when none was reused.
        early = stream is not None and jobs > 1 and cache is not None and bool(cache.entries) and can_fork()
        if early:
            digesting.start(lambda: read_lines(briefing, layout))
        # Every Markdown text converted (or taken from the last build's) while the pages are planned (mdstore.py):
        # the render workers and the PDF processes, forked after it, inherit the conversions.
        with converted_ahead(markdown_of(env), briefing, briefing_dir, jobs, clean=clean) as ahead, _collector_paused():
            if converted is not None and not ahead.shares:  # no text converting elsewhere (all stored, or a few left):
                converted(markdown_of(env))  # the search index starts now, beside the plan
                converted = None
            pages = plan_pages(briefing, editions, listings)
        if converted is not None:  # the search index starts here, its records' texts converted ahead with the plan
            converted(markdown_of(env))
        views = PageViews(briefing, editions, listings)  # each page's view, made where the page is rendered
        if planned is not None:  # the PDFs start printing here, beside the pages (printer.py)
            planned(pages, lambda chosen: render_pages(chosen, briefing, env, template_dirs, shown=_shown,
                                                       nav=sections_of(editions), search=search, views=views))
        # The data files one at a time, each made when asked for: with a stream, written into the new site as it
        # comes, so none is held (nor forked into the workers) while the pages render.
        def made() -> Iterator[tuple[str, bytes]]:
            with _collector_paused(freeze=False):  # millions of short-lived dicts and lists, no cycle among them
                yield from _data_files(briefing, pages, editions, listings, markdown_of(env))

        folders = [*template_dirs, briefing_dir / "static"]
        keys_later = False  # nothing to reuse: the page keys are made beside the pages (reuse_pages)

        def beside() -> tuple[list[str], list[str] | None]:
            assert stream is not None
            return stream.put(made()), page_keys_of(pages, briefing, folders, layout) if keys_later else None

        def done(made_beside: tuple[list[str], list[str] | None]) -> None:
            assert stream is not None
            names, keys = made_beside
            stream.listed(names)
            if cache is not None and keys is not None:
                cache.keys = keys

        data_files = {} if stream else dict(made())
        if early and stream is not None:
            side.start(lambda: stream.put(made()))
        reused = cache.reuse_pages(pages, briefing, folders, layout, in_place=bool(stream), keys_later=bool(stream),
                                   read=stream.hold if stream else (),
                                   lines=digesting.result if early else lambda: None) if cache else None
        keys_later = cache is not None and cache.keys is None
        files, problems = render_pages(pages, briefing, env, template_dirs, shown=_shown, jobs=jobs, reused=reused,
                                       nav=sections_of(editions), search=search, sink=stream, views=views,
                                       beside=Beside(beside, done) if stream and not early else None)
        if early and stream is not None:
            stream.listed(side.result())
    pages_made = set(files) if stream is None else stream.written
    files.update(stream.held if stream else {})
    files.update(data_files)
    css = theme_css(briefing.meta.theme)
    if css is not None:
        files[THEME_CSS] = css
    problems += theme_problems(briefing.meta.theme, briefing_dir, _shown)
    theme_assets = {k: v for k, v in assets_of(theme_dir() / "assets", "assets/").items() if not k.endswith(".py")}
    static = assets_of(briefing_dir / "static")
    theme_assets = {k: v for k, v in theme_assets.items() if k not in pages_made}  # a page of that name wins
    for rel in sorted(set(static) & (set(files) | pages_made | set(theme_assets))):
        problems.append(
            Problem(Pos(_shown(str(briefing_dir / "static" / rel))), "error",
                    f"static file would overwrite the generated file '{rel}'; rename or move it")
        )
    return {**theme_assets, **files, **static}, problems


class _Early:
    """Work started in a forked process of its own before the pages render, its result waited for after; the
    process is stopped when the block ends, however it ends."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future[Any] | None = None

    def start(self, work: Callable[[], Any]) -> None:
        global _EARLY
        _EARLY = work
        try:  # an executor, not a bare fork: what the work raises, or its process dying, is raised here
            self.pool = forked_pool(1)
            self.future = self.pool.submit(_run_early)  # the process forks here, holding `work`
        finally:
            _EARLY = None

    def result(self) -> Any:
        assert self.future is not None, "early work never started"
        try:
            result = self.future.result()
            self.__exit__()  # its work is done: the process ends now, not with the block
            return result
        except BrokenProcessPool:
            raise WriteError("a process of the build stopped unexpectedly (killed, or out of memory); "
                             "build again") from None

    def __enter__(self) -> _Early:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


_EARLY: Callable[[], Any] | None = None  # set just before _Early's process forks; it inherits it


def _run_early() -> Any:
    assert _EARLY is not None, "process started without its work"
    return _EARLY()


def _data_files(briefing: Briefing, pages: list[Page], editions: SiteEditions, listings: dict[str, Listing],
                markdown: MarkdownRenderer) -> Iterator[tuple[str, bytes]]:
    """Every file of the site that is not a page, theme asset or static file, one at a time as it is made."""
    yield BRIEFING_JSON, briefing_json(briefing)
    yield from list_data_of(briefing, listings).items()
    yield from editions.files.items()
    yield from each_output(briefing, pages, editions, markdown)


def _shown(path: str) -> str:
    return show_path(Path(path))


def build(briefing_dir: Path, out: Path, *, strict: bool = False, pdf: bool = False,
          paper: str | None = None, jobs: int | None = None, clean: bool = False,
          editions_cache: EditionCache | None = None, search: bool = False,
          progress: Callable[[str], None] = lambda step: None) -> Result:
    """Validate and render the briefing into `out`; on any error, `out` is left as it was.

    `jobs`: processes that render pages (None: one per core). Pages whose inputs did not change since
    the last build into `out` are taken from it (cache.py); when no input changed at all and the site is
    as that build left it, nothing is done and the result (without a model: `briefing` is None) repeats
    that build's problems. `clean` renders every page again. `editions_cache` keeps parsed editions and
    their differences between builds (serve passes one). `progress(step)` hears what the build is doing,
    for a status line on a terminal."""
    # Every page has the search box or not, which the page cache's keys do not say: a site indexed otherwise
    # than now asked for (its pagefind/ folder tells) has no page worth reusing.
    cache = PageCache(out, briefing_dir, clean=clean or search != (out / "pagefind").is_dir())
    # Problems name files relative to the current folder: a build from elsewhere words them differently.
    options = repr((strict, pdf, paper, search, os.getcwd()))
    folders = ("content", "templates", "static", "editions")
    inputs = inputs_digest([*(briefing_dir / f for f in folders), theme_dir()], options)  # --clean too
    last = cache.unchanged(inputs) if not clean and check_output_dir(out) is None else None
    if last is not None:  # nothing it reads changed and the site is as it left it: nothing to do but remove
        # what an interrupted build left beside it (a build killed after saving its cache, while its thread was
        # still removing the previous site, leaves that site half removed and this very manifest)
        clean_leftovers(out)
        return Result([Problem(Pos(path, line, col), severity, message)
                       for path, line, col, severity, message in last], None, out)
    progress("checking the content")
    briefing, problems = check_briefing(briefing_dir, clean=clean, jobs=jobs)
    editions = NO_EDITIONS
    if briefing is not None and not problems.has_errors:
        editions = site_editions_of(briefing_dir, briefing, problems, editions_cache or EditionCache(), _shown)
    result = Result(problems.sorted(), briefing)
    reason = check_output_dir(out)
    if reason:
        result.problems.append(Problem(Pos(show_path(out)), "error", reason))
    if briefing is None or not result.ok or (strict and result.problems):
        return result
    try:
        # Pages go into the new site's folder as they are rendered (a large site is never all in memory);
        # it is swapped in only when complete, and removed on any error, leaving `out` as it was. Made before
        # Pagefind starts: it clears what an interrupted build left beside `out`, Pagefind's folder included.
        writer = SiteWriter(out)
    except (OSError, WriteError) as exc:
        result.problems.append(Problem(Pos(show_path(out)), "error", f"could not write the site: {exc}"))
        return result
    printer: Printer | None = None
    try:
        if pdf:  # printed in their own process from the plan, beside the pages (printer.py)
            from .printer import Printer

            printer = Printer(briefing, briefing_dir, paper, progress, default_jobs() if jobs is None else jobs)
            progress = printer.progress  # the status line then shows the PDFs' progress beside the build's
        return _render_and_write(result, briefing, briefing_dir, out, writer, cache, inputs,
                                 strict=strict, printer=printer, jobs=jobs, editions=editions, search=search,
                                 progress=progress, clean=clean)
    finally:
        if printer is not None:
            printer.stop()  # a build that stops early leaves no PDF process running
        writer.abandon()  # nothing once swapped in


def _render_and_write(result: Result, briefing: Briefing, briefing_dir: Path, out: Path, writer: SiteWriter,
                      cache: PageCache, inputs: str | None, *, strict: bool,
                      printer: Printer | None, jobs: int | None, editions: SiteEditions, search: bool,
                      progress: Callable[[str], None], clean: bool = False) -> Result:
    stream = _Stream(writer, cache, ())
    rendering = f"rendering {len(briefing.events) + len(briefing.actors) + len(briefing.statements)} records"
    progress(rendering)
    indexing: list[Indexing] = []  # the search index, once started

    def index(markdown: MarkdownRenderer) -> None:
        """Pagefind started on the records, once their Markdown is converted (in parallel, with the plan); it
        indexes beside the rendering, and its bundle is collected below."""
        from .search import start_index

        progress("indexing for search")
        indexing.append(start_index(briefing, out, clean=clean, markdown=markdown))
        progress(rendering)

    try:
        files, render_problems = render_site(briefing, briefing_dir, default_jobs() if jobs is None else jobs, cache,
                                             editions, search, stream, None, printer.start if printer else None,
                                             clean, index if search else None)
    except (OSError, WriteError) as exc:
        result.problems.append(Problem(Pos(show_path(out)), "error", f"could not write the site: {exc}"))
        return result
    result.problems.extend(render_problems)
    if not result.ok or (strict and render_problems):
        return result
    if indexing:
        from .search import SearchError

        progress("indexing for search")  # what Pagefind has left to do once the pages are rendered
        try:
            files.update(indexing[0].files())
        except SearchError as exc:
            result.problems.append(Problem(Pos(show_path(out)), "error", str(exc)))
            return result
    if printer is not None:
        # its font check reads the briefing's text from the data file, written into the site already
        site = files if BRIEFING_JSON in files else {**files, BRIEFING_JSON: writer.read(BRIEFING_JSON)}
        pdf_files, pdf_problems = printer.wait(site)
        del site
        result.problems.extend(pdf_problems)
        if not result.ok or (strict and pdf_problems):
            return result
        files.update(pdf_files)
        result.pdfs = list(pdf_files)  # in pdf.py's order: the full brief first
    progress("writing the site")
    try:
        # Every name of the site checked at once, pages written already included, so that a refusal names
        # the same pair of files as it would in any order of writing
        check_site_paths({**dict.fromkeys(stream.written, b""), **files})
        for rel, data in sorted(files.items()):
            if rel not in stream.written:
                writer.add(rel, data)
        cache.forget()  # until the new site is in place, the cache vouches for nothing
        writer.finish()
    except (OSError, WriteError) as exc:
        result.problems.append(Problem(Pos(show_path(out)), "error", f"could not write the site: {exc}"))
        return result
    cache.save(files, inputs, [[p.pos.path, p.pos.line, p.pos.col, p.severity, p.message] for p in result.problems])
    result.written = out
    result.notes = notes_of(briefing)
    result.pages = sum(1 for name in stream.written | set(files) if name.endswith(".html"))
    return result
