"""Markdown to safe HTML."""

from __future__ import annotations

from collections.abc import Callable

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

# Which of Python-Markdown's inline patterns (by name; smarty's quotes as one) can match a text: each one's
# expression needs a mark the text must hold, and the marks the text lacks cannot appear later (the blocks and
# the patterns that run before only take text away or put in placeholders of other characters), except a line
# break, which a tab or carriage return can make once normalised. A text is converted by a parser without the
# patterns it cannot match: the same HTML, without trying ~29 expressions on every run of text
# (tests/test_text.py compares both parsers over every text of the briefings and random Markdown).
_NEEDED: tuple[tuple[tuple[str, ...], Callable[[str], bool]], ...] = (
    (("backtick",), lambda s: "`" in s),
    (("escape",), lambda s: "\\" in s),
    (("reference", "link", "short_reference"), lambda s: "[" in s),
    (("image_link", "image_reference", "short_image_ref"), lambda s: "![" in s),
    (("autolink", "automail", "html"), lambda s: "<" in s),
    (("linebreak",), lambda s: "  \n" in s or "\t" in s or "\r" in s),
    (("entity",), lambda s: "&" in s),
    (("em_strong", "em_strong2", "not_strong"), lambda s: "*" in s or "_" in s),
    (("smarty",), lambda s: "'" in s or '"' in s),
)


def make_parser(needed: tuple[bool, ...] | None = None) -> md_lib.Markdown:
    """factsheet's Markdown parser; given `needed` (a flag per group of _NEEDED), without the patterns of the
    groups not needed."""
    # smarty: typographic quotes and apostrophes only, never inside code spans, blocks or link targets
    parser = md_lib.Markdown(extensions=list(EXTENSIONS), output_format="html",
                             extension_configs={"smarty": MARKDOWN_SMARTY})
    for (names, _), keep in zip(_NEEDED, needed or (), strict=False):
        if keep:
            continue
        for name in names:
            if name == "smarty":  # its inline processor then has no pattern to try
                parser.treeprocessors["smarty"].inlinePatterns = md_lib.util.Registry()  # type: ignore[attr-defined]
            else:
                parser.inlinePatterns.deregister(name, strict=False)
    return parser


def needed_of(source: str) -> tuple[bool, ...]:
    """Which groups of inline patterns of _NEEDED can match `source`."""
    return tuple(test(source) for _, test in _NEEDED)


class MarkdownRenderer:
    """Markdown as safe HTML, each distinct text converted once per build (summaries recur on many pages).

    One parser per renderer, not per module, so that worker processes and tests never share its state.
    """

    def __init__(self) -> None:
        self._parsers: dict[tuple[bool, ...], md_lib.Markdown] = {}  # by needed_of: a few kinds of text
        self._blocks: dict[str, Markup] = {}
        self._inline: dict[str, Markup] = {}

    def block(self, source: str) -> Markup:
        """Markdown as HTML with anything active removed: no scripts, handlers, styles, images or odd URLs."""
        html = self._blocks.get(source)
        if html is None:
            html = self._blocks[source] = clean_html(self._parser_of(source).reset().convert(source))
        return html

    def _parser_of(self, source: str) -> md_lib.Markdown:
        needed = needed_of(source)
        parser = self._parsers.get(needed)
        if parser is None:
            parser = self._parsers[needed] = make_parser(needed)
        return parser

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
