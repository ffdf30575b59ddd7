"""Markdown to safe HTML, and the small text helpers templates use."""

from __future__ import annotations

import functools

import markdown as md_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "code", "del", "em", "hr", "i", "li", "ol", "p", "pre", "q", "s",
     "small", "strong", "sub", "sup", "ul"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "q": {"cite"}, "blockquote": {"cite"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


_MARKDOWN = md_lib.Markdown(extensions=["sane_lists"], output_format="html")


@functools.lru_cache(maxsize=4096)  # the same summary is rendered on several pages
def render_markdown(source: str) -> Markup:
    """Markdown as HTML with anything active removed: no scripts, handlers, styles, images or odd URLs."""
    html = _MARKDOWN.reset().convert(source)  # one parser reused: building one costs more than converting
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "template", "svg", "math", "iframe", "object", "noscript"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)


def render_markdown_inline(source: str) -> Markup:
    """As render_markdown, without the wrapping paragraph, for one-line fields."""
    html = str(render_markdown(source)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
