"""Jinja2 rendering: the theme loader, filters, each page from its view, and template errors as located problems."""

from __future__ import annotations

import functools
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup

from .describe import Describer
from .edtf import Edtf
from .fragments import FragmentSets, Links
from .labels import kind_label, language_of
from .model import Briefing
from .pages import SECTIONS, Page
from .picture import chart_of
from .problems import Pos, Problem
from .text import MarkdownRenderer
from .theme import settings_of

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
    attr = Markup(' datetime="{}"').format(iso) if iso else Markup("")
    return Markup("<time{}>{}</time>").format(attr, text)


class BriefingLoader(jinja2.FileSystemLoader):
    """The briefing's own templates; one that extends or includes its own name is a located error."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        pattern = r"\{%-?\s*(extends|include|import|from)\s+(['\"])" + re.escape(template) + r"\2"
        found = re.search(pattern, source)
        if found:
            line = source.count("\n", 0, found.start()) + 1
            raise jinja2.TemplateSyntaxError(
                f"'{template}' {found.group(1)}s itself; to build on the built-in template write "
                f"{{% {found.group(1)} \"{THEME_PREFIX}{template}\" %}}", line, template, filename)
        return source, filename, uptodate


def make_env(template_dirs: list[Path], markdown: MarkdownRenderer | None = None) -> jinja2.Environment:
    """`template_dirs`: the briefing's templates first (if any), the built-in theme last."""
    theme = jinja2.FileSystemLoader(str(template_dirs[-1]))
    own = [BriefingLoader(str(d)) for d in template_dirs[:-1]]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PrefixLoader({THEME_PREFIX.rstrip("/"): theme}), *own, theme]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
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
    )
    return env


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


MAX_SITE_BYTES = 512 * 1024 * 1024  # far above a real briefing's site; see docs/security.md


def render_pages(
    pages: list[Page], briefing: Briefing, env: jinja2.Environment, template_dirs: list[Path],
    shown: Callable[[str], str] = str, search: bool = False,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Every page rendered from its view; a template error becomes one problem naming template, line and record."""
    out: dict[str, bytes] = {}
    problems: list[Problem] = []
    seen: dict[tuple[Pos, str], int] = {}  # one problem per template error, however many pages meet it

    def report(exc: BaseException, page: Page) -> None:
        if isinstance(exc, jinja2.TemplateNotFound):
            where, message = Pos(page.template), f"template '{exc.name}' not found"
        else:
            where = _template_location(exc, template_dirs) or Pos(page.template)
            where = Pos(shown(where.path), where.line, where.col)
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        if (where, message) in seen:
            return
        seen[(where, message)] = len(problems)
        if not isinstance(exc, (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError)):
            message = f"template error while rendering {page.label}: {message}"
        problems.append(Problem(where, "error", message))
        if sys.flags.dev_mode:
            traceback.print_exc()

    shared = {"meta": briefing.meta, "nav": SECTIONS, "theme": settings_of(briefing.meta), "csp": CSP}
    try:
        fragments = FragmentSets(env, briefing, shared)
    except Exception as exc:  # the macros or a fragment template do not compile
        report(exc, pages[0])
        return out, problems
    total = 0
    describer = Describer(briefing)
    for page in pages:
        try:
            template = env.get_template(page.template)
            frag = fragments.of(_links_of(page))
            html = template.render(frag.vars, view=page.view, page=page, head=describer.head_of(page),
                                   chart=chart_of(page, briefing, frag.vars["href"]), search=search)
        except Exception as exc:  # a template bug must be reported, never a traceback
            report(exc, page)
            continue
        out[page.path] = html.encode("utf-8")
        total += len(out[page.path])
        if total > MAX_SITE_BYTES:  # texts repeated on many pages multiply: stop before memory runs out
            at = getattr(page.record, "pos", None)
            where = Pos(shown(at.path), at.line, at.col) if at else Pos(page.path)
            problems.append(Problem(where, "error", (
                f"the site would be larger than {MAX_SITE_BYTES // 2**20} MB (reached at {page.path}): "
                "long texts shown on many pages (titles of related events, names) multiply; shorten them")))
            break
    return out, problems


def _links_of(page: Page) -> Links:
    """Web pages link to pages; a printable document links inside itself, to the records it holds."""
    return Links(page.root, page.view.holds if page.brief else None)
