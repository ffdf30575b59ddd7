"""Jinja2 rendering: the environment, its filters, and template errors as located problems."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup

from .edtf import Edtf
from .model import Briefing
from .pages import Page
from .problems import Pos, Problem
from .text import render_markdown, render_markdown_inline


def theme_dir() -> Path:
    """The built-in theme: `generator/theme` when installed, `templates/` beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "theme", here.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError(f"built-in theme not found next to {here}; reinstall factsheet")


def render_date(date: Edtf | None, short: bool = False) -> str:
    return "" if date is None else date.render(short=short)


def time_tag(date: Edtf | None, display: str | None = None, short: bool = False) -> Markup:
    """A <time> element with a machine-readable datetime where HTML can express one."""
    if date is None:
        return Markup("")
    text = display or date.render(short=short)
    iso = date.iso()
    attr = Markup(' datetime="{}"').format(iso) if iso else Markup("")
    return Markup("<time{}>{}</time>").format(attr, text)


def make_env(template_dirs: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=render_markdown,
        md_inline=render_markdown_inline,
        date=render_date,
        time=time_tag,
        iso=lambda d: d.iso() if d else "",
        escape_json=escape_json,
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
    shown: Callable[[str], str] = str,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Every page rendered; a template error becomes a problem naming template, line and record."""
    out: dict[str, bytes] = {}
    problems: list[Problem] = []
    total = 0
    for page in pages:
        try:
            template = env.get_template(page.template)
            html = template.render(b=briefing, meta=briefing.meta, page=page, root=page.root, **page.extra)
        except jinja2.TemplateNotFound as exc:
            problems.append(Problem(Pos(page.template), "error", f"template '{exc.name}' not found"))
            continue
        except Exception as exc:  # a template bug must be reported, never a traceback
            where = _template_location(exc, template_dirs) or Pos(page.template)
            where = Pos(shown(where.path), where.line, where.col)
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            problems.append(Problem(where, "error", f"template error while rendering {page.label}: {message}"))
            if sys.flags.dev_mode:
                traceback.print_exc()
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

