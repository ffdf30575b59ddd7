"""The printed brief: brief/index.html and brief-short/index.html rendered to PDF with WeasyPrint.

WeasyPrint is imported here, lazily (build.py imports this module only for `--pdf`).
Pages are rendered from the files of the site being built, in memory: nothing is read from
disk or the network except the system fonts. Any failure comes back as a located Problem.
"""

from __future__ import annotations

import gc
import logging
import re
import subprocess
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .model import Briefing
from .paths import show_path
from .problems import Pos, Problem

PDFS = {"brief.pdf": "brief/index.html", "brief-short.pdf": "brief-short/index.html"}
PAPER_SIZES = {"a4": "A4", "letter": "letter"}

# Pages are given a base address no real site has, so that every relative URL in the page can
# be answered from the files in memory and any leftover link to the site is easy to spot.
BASE = "https://factsheet.invalid/"

log = logging.getLogger(__name__)


def paper_of(briefing: Briefing, paper: str | None) -> str:
    """The paper to print on: the command's option, else briefing.yaml's `paper`, else A4."""
    chosen = (paper or getattr(briefing.meta, "paper", None) or "a4").lower()
    return chosen if chosen in PAPER_SIZES else "a4"


# Machine notes go to this logger: cli.py shows them; they are not problems of the briefing.
notes = logging.getLogger("factsheet.machine")
HARFBUZZ_NOTE = (
    "WeasyPrint subset the PDF fonts with fontTools because HarfBuzz-Subset is not installed; "
    "the PDFs are fine, but install it for faster builds (Debian: libharfbuzz-subset0)"
)


def is_about_the_machine(record: logging.LogRecord) -> bool:
    """True for WeasyPrint warnings about installed fonts and libraries, not about the briefing or its templates.

    Font embedding (weasyprint/pdf/fonts.py) works on the installed font files, whatever the briefing says;
    a character the fonts cannot draw is reported from the briefing's own text instead (_missing_glyphs)."""
    embedding = record.pathname.replace("\\", "/").endswith("weasyprint/pdf/fonts.py")
    message = str(record.msg)
    return (embedding and not message.startswith("Too many glyphs missing")) or "Please install" in message


class _Collect(logging.Handler):
    """WeasyPrint reports bad CSS and refused resources through logging; keep them as problems.

    Warnings about the machine (a missing library, a font file it cannot subset) are kept apart."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.machine: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not break the build
            message = str(record.msg)
        if "instead of HarfBuzz-Subset" in message:
            message = HARFBUZZ_NOTE  # said once per font; one line is enough
        (self.machine if is_about_the_machine(record) else self.messages).append(message)


@contextmanager
def _weasyprint_log() -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # reported as problems instead of printed
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


# WeasyPrint's own progress messages ("Step 5 - Creating layout - Page 12"), as a reader would say them.
STEPS = (("Step 1 ", "reading the page"), ("Step 3 ", "styles"), ("Step 4 ", "boxes"),
         ("Step 5 - Creating layout - Repagination", "page numbers, again"), ("Step 5 ", "page layout"),
         ("Step 6 ", "writing"), ("Step 7 ", "writing"))


class _Progress(logging.Handler):
    """Turns WeasyPrint's progress log into steps for `progress`: "brief.pdf, page layout: page 12"."""

    def __init__(self, name: str, progress: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.name, self.progress, self.last = name, progress, ""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not break the build
            return
        step = next((said for prefix, said in STEPS if message.startswith(prefix)), None)
        if step is None:
            return
        page = re.search(r"Page (\d+)", message) if step == "page layout" else None
        shown = f"{self.name}, {step}" + (f": page {page.group(1)}" if page else "")
        if shown != self.last:
            self.last = shown
            self.progress(shown)


@contextmanager
def _progress_of(name: str, progress: Callable[[str], None]) -> Iterator[None]:
    logger = logging.getLogger("weasyprint.progress")
    handler = _Progress(name, progress)
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # for our status line only, never printed as a log
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


@contextmanager
def _collector_off() -> Iterator[None]:
    """The garbage collector paused while WeasyPrint works.

    Layout makes millions of short-lived objects, and each full collection walks them all: at 1,000 events
    the collector ran some 2,800 times during the PDFs, and pausing it took about a fifth off their CPU time
    for some 40 MB more at the peak (docs/performance.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _serve(files: dict[str, bytes], url: str) -> tuple[bytes, str]:
    """The bytes and type of one of the site's files; anything else is refused."""
    if url.startswith(BASE):
        rel = unquote(urlsplit(url).path.lstrip("/"))
        if rel in files:
            return files[rel], _mime(rel)
        raise FileNotFoundError(f"'{rel}' is not part of the site")
    raise PermissionError(f"the brief may not load {url!r}: every resource must be part of the site")


def _fetcher(files: dict[str, bytes]) -> Any:
    """A url_fetcher that serves the site's own files and refuses everything else (no network)."""
    from weasyprint import urls  # type: ignore[import-untyped]

    if hasattr(urls, "URLFetcherResponse"):  # WeasyPrint 66 and later: a URLFetcher subclass

        class SiteFetcher(urls.URLFetcher):  # type: ignore[misc]
            def fetch(self, url: str, headers: Any = None) -> Any:
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                body, mime = _serve(files, url)
                return urls.URLFetcherResponse(url, body, {"Content-Type": mime})

        return SiteFetcher(allowed_protocols={"https", "data"})

    def fetch(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:  # older WeasyPrint
        if url.startswith("data:"):
            return dict(urls.default_url_fetcher(url))
        body, mime = _serve(files, url)
        return {"string": body, "mime_type": mime, "redirected_url": url}

    return fetch


def _mime(rel: str) -> str:
    ext = rel.rsplit(".", 1)[-1].lower()
    return {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml",
            "gif": "image/gif", "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf",
            "otf": "font/otf", "html": "text/html", "css": "text/css"}.get(ext, "application/octet-stream")


def _pdf_date(date: Any) -> str | None:
    """An EDTF day or time as the W3C date WeasyPrint puts into the PDF's metadata."""
    iso = date.iso() if date is not None else ""
    return iso or None


def _metadata(document: Any, briefing: Briefing, short: bool) -> None:
    meta = briefing.meta
    md = document.metadata
    md.title = meta.title + (" (short brief)" if short else "")
    md.authors = [a.name for a in meta.authors] or ([meta.publisher] if meta.publisher else [])
    md.description = meta.subtitle or f"Briefing as of {meta.as_of.render()}"
    keywords = sorted({t for e in briefing.events for t in e.tags})
    md.keywords = keywords[:40]
    md.generator = "factsheet (WeasyPrint)"
    md.created = _pdf_date(meta.as_of)
    md.modified = _pdf_date(meta.changes[0].date if meta.changes else meta.as_of)
    md.lang = meta.lang


def render_pdfs(files: dict[str, bytes], briefing: Briefing, paper: str | None = None,
                template: Path | None = None, only: tuple[str, ...] = tuple(PDFS),
                progress: Callable[[str], None] = lambda step: None) -> tuple[dict[str, bytes], list[Problem]]:
    """{"brief.pdf": ..., "brief-short.pdf": ...} from the rendered site, or the problems that stopped it.

    `template` is the brief template in use, to locate problems; by default the built-in one.
    `only` names the PDFs to print (both by default). `progress(step)` hears how far each has got
    ("brief.pdf, page layout: page 12"), for a status line on a terminal. Warnings about the machine
    (not the briefing) go to the `factsheet.machine` logger.
    """
    out, problems, machine = print_pdfs(files, briefing, paper, template, only, progress)
    for message in machine:
        notes.warning(message)
    return out, problems


def where_of(template: Path | None) -> Pos:
    """Where the PDFs' problems are reported: the brief template in use, by default the built-in one."""
    return Pos(show_path(template) if template else _default_template())


def print_pdfs(files: dict[str, bytes], briefing: Briefing, paper: str | None = None,
               template: Path | None = None, only: tuple[str, ...] = tuple(PDFS),
               progress: Callable[[str], None] = lambda step: None, glyphs: bool = True
               ) -> tuple[dict[str, bytes], list[Problem], list[str]]:
    """render_pdfs, with the warnings about the machine returned (once each) instead of logged: a process
    printing beside the build hands them to the build, which alone speaks to the terminal. `glyphs`: check
    that the fonts can draw every character of the briefing (glyph_problems; a build printing the PDFs in
    their own processes checks in its own, from the site's data file)."""
    where = where_of(template)
    try:
        from weasyprint import CSS, HTML
    except Exception as exc:  # missing Pango or another system library
        message = f"PDF output needs WeasyPrint and its system libraries (Pango): {exc}"
        return {}, [Problem(where, "error", message)], []

    size = PAPER_SIZES[paper_of(briefing, paper)]
    page_css = CSS(string=f"@page {{ size: {size}; }}")
    out: dict[str, bytes] = {}
    problems: list[Problem] = []
    fetch = _fetcher(files)
    machine: list[str] = []
    for name, page in PDFS.items():
        if name not in only:
            continue
        if page not in files:
            problems.append(Problem(where, "error", f"cannot write {name}: the site has no page '{page}'"))
            continue
        with _weasyprint_log() as collected, _progress_of(name, progress), _collector_off():
            try:
                html = HTML(string=files[page].decode("utf-8"), base_url=BASE + page, url_fetcher=fetch,
                            encoding="utf-8")
                document = html.render(stylesheets=[page_css], pdf_tags=True)
                _metadata(document, briefing, short=page.startswith("brief-short"))
                data = document.write_pdf(pdf_tags=True)  # tagged PDF: structure for screen readers
            except Exception as exc:  # WeasyPrint failures become problems, never tracebacks
                message = str(exc) or type(exc).__name__
                problems.append(Problem(where, "error", f"could not render {name} from {page}: {message}"))
                continue
        for message in dict.fromkeys(collected.messages):  # once each, in order
            problems.append(Problem(where, "warning", f"{name}: {message}"))
        machine.extend(collected.machine)
        if data is None:
            problems.append(Problem(where, "error", f"could not render {name}: WeasyPrint produced nothing"))
            continue
        out[name] = data
    if glyphs:
        problems.extend(glyph_problems(files, briefing, where))
    errors = [p for p in problems if p.severity == "error"]
    return ({} if errors else out), problems, list(dict.fromkeys(machine))


def _default_template() -> str:
    from .render import theme_dir

    return show_path(theme_dir() / "brief.html")


# ---- fonts ------------------------------------------------------------------------

def glyph_problems(files: Mapping[str, bytes], briefing: Briefing, where: Pos) -> list[Problem]:
    """A warning when no installed font can draw some character of the briefing's text."""
    # the site's data file holds the briefing's text already (unescaped): no second serialisation of the model
    data = files.get("data/briefing.json")
    return _missing_glyphs(data.decode("utf-8") if data is not None else _briefing_text(briefing), where)


def _briefing_text(briefing: Briefing) -> str:
    import json

    from .jsondata import briefing_json

    return json.dumps(json.loads(briefing_json(briefing)), ensure_ascii=False)


def _missing_glyphs(text: str, where: Pos) -> list[Problem]:
    """Warn when no installed font can draw some character of the briefing's text (it would print as a box)."""
    chars = sorted(c for c in set(text) if ord(c) > 0x2FF and unicodedata.category(c)[0] in "LNS")
    if not chars:
        return []
    missing = _uncovered(chars)
    if not missing:
        return []
    scripts: dict[str, list[str]] = {}
    for c in missing:
        name = unicodedata.name(c, f"U+{ord(c):04X}").split(" ")[0]
        scripts.setdefault(name, []).append(c)
    listed = "; ".join(f"{script.title()} ({''.join(cs[:6])}{'…' if len(cs) > 6 else ''})"
                       for script, cs in scripts.items())
    return [Problem(where, "warning",
                    f"no installed font has glyphs for {len(missing)} character(s) of this briefing, "
                    f"which will print as boxes: {listed}. Install fonts that cover them "
                    f"(Debian: fonts-noto-core, fonts-noto-cjk)")]


def _uncovered(chars: list[str]) -> list[str]:
    """The characters no font known to fontconfig covers. Empty when fontconfig cannot be asked."""
    try:
        # one query per block of characters; only blocks that fail are checked one by one
        blocks: dict[int, list[str]] = {}
        for c in chars:
            blocks.setdefault(ord(c) >> 7, []).append(c)
        missing: list[str] = []
        for group in blocks.values():
            if _covered(group):
                continue
            missing.extend(c for c in group if not _covered([c]))
        return missing
    except (OSError, subprocess.SubprocessError):
        return []


def _covered(chars: list[str]) -> bool:
    charset = " ".join(f"{ord(c):x}" for c in chars)
    result = subprocess.run(["fc-list", "--format", "%{family}\n", f":charset={charset}"],
                            capture_output=True, text=True, timeout=20, check=False)
    if result.returncode != 0:
        raise OSError(result.stderr)
    return bool(result.stdout.strip())
