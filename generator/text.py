"""Markdown to safe HTML."""

from __future__ import annotations

import markdown as md_lib
import nh3
from markupsafe import Markup

from .typography import MARKDOWN_SMARTY

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "code", "del", "em", "hr", "i", "li", "ol", "p", "pre", "q", "s",
     "small", "strong", "sub", "sup", "ul"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "q": {"cite"}, "blockquote": {"cite"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTENSIONS = ("sane_lists", "smarty")
# What a conversion depends on besides the libraries' versions: kept conversions (mdstore.py) made otherwise
# than this are not reused.
CONVERTER = repr((EXTENSIONS, sorted(MARKDOWN_SMARTY.items()), sorted(ALLOWED_TAGS),
                  sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items()), sorted(URL_SCHEMES)))


class MarkdownRenderer:
    """Markdown as safe HTML, each distinct text converted once per build (summaries recur on many pages).

    One parser per renderer, not per module, so that worker processes and tests never share its state.
    """

    def __init__(self) -> None:
        # smarty: typographic quotes and apostrophes only, never inside code spans, blocks or link targets
        self._parser = md_lib.Markdown(extensions=list(EXTENSIONS), output_format="html",
                                       extension_configs={"smarty": MARKDOWN_SMARTY})
        self._blocks: dict[str, Markup] = {}
        self._inline: dict[str, Markup] = {}

    def block(self, source: str) -> Markup:
        """Markdown as HTML with anything active removed: no scripts, handlers, styles, images or odd URLs."""
        html = self._blocks.get(source)
        if html is None:
            html = self._blocks[source] = clean_html(self._parser.reset().convert(source))
        return html

    def converted(self, source: str) -> Markup | None:
        """The HTML of a text converted already (by block(), or given to keep()), else None."""
        return self._blocks.get(source)

    def keep(self, source: str, html: str) -> None:
        """The HTML block() makes of `source`, converted elsewhere (a process of the build, or an earlier build
        whose conversions mdstore.py kept): block() then returns it without converting."""
        self._blocks[source] = Markup(html)

    def inline(self, source: str) -> Markup:
        """As block(), without the wrapping paragraph, for one-line fields."""
        html = self._inline.get(source)
        if html is None:
            text = str(self.block(source)).strip()
            if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
                text = text[3:-4]
            html = self._inline[source] = Markup(text)
        return html


def clean_html(html: str) -> Markup:
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
