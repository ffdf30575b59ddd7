"""Typographic quotes and apostrophes (Lloyd’s, “quoted”) in the text the pages show, never in code or URLs.

Only the quote glyphs change: dashes, ellipses and every other character stay as the author wrote them, so a
verbatim quotation keeps its words and punctuation and gains only the typographic apostrophe and quote marks.
The data exports (JSON, CSV, calendar, feed) keep the author's exact characters.
"""

from __future__ import annotations

import re
from typing import Any

import smartypants  # type: ignore[import-untyped]
from markupsafe import Markup, escape

# Quotes and apostrophes only, written as characters rather than HTML entities.
_QUOTES_ONLY = smartypants.Attr.q | smartypants.Attr.u
# A value that is an address, not words: a URL, a mail address, a path or a fragment. Left exactly as it is.
_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[/#?.]|\S+@\S+$)", re.IGNORECASE)
MARKDOWN_SMARTY = {"smart_quotes": True, "smart_dashes": False, "smart_angled_quotes": False,
                   "smart_ellipses": False}


def curl_quotes(text: str) -> str:
    """Straight quotes and apostrophes as typographic ones: "Lloyd's" -> "Lloyd’s", "'x'" -> "‘x’"."""
    if "'" not in text and '"' not in text:
        return text
    return str(smartypants.smartypants(text, _QUOTES_ONLY))


def finalize(value: Any) -> Any:
    """Jinja's finalize: every plain text a template prints gets typographic quotes before it is escaped.

    Markup (HTML already made: Markdown, fragments, JSON for scripts) is left alone, and so is an address,
    so quotes inside code, URLs and generated HTML attributes never change."""
    # Most printed texts hold no quote: they are returned before the address pattern is tried (a third of a
    # million texts on a 1,000-event site). Markup is never exactly `str`, so it is returned here too.
    if type(value) is not str or ("'" not in value and '"' not in value) or _ADDRESS.match(value):
        return value
    return curl_quotes(value)


def printed(value: Any) -> str:
    """What `{{ value }}` prints: `escape(finalize(value))` in one call, the text the same (render.py compiles
    every `{{ ... }}` to this). Text with no character to escape is returned as it is, and Markup unwrapped,
    instead of each becoming a new Markup: most of what a page prints is one or the other."""
    if type(value) is str:
        if "'" in value or '"' in value:
            return escape(finalize(value))
        if "&" in value or "<" in value or ">" in value:
            return escape(value)
        return value
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(finalize(value))


_URL_BREAK_AFTER = re.compile(r"(://|[/.?&=#_-])")


# An external link in HTML that factsheet made (Markdown through nh3: attributes quoted, values escaped).
_EXTERNAL_LINK = re.compile(r'(<a href="(https?://[^"]+)"[^>]*>.*?</a>)', re.DOTALL)


def print_links(html: Markup) -> Markup:
    """Each external link followed by its address, for print: real text with break points (breakable_url),
    in a span the print stylesheet shows, so the address wraps between its parts and never inside "https"."""
    def with_address(m: re.Match[str]) -> str:
        address = breakable_url(Markup(m.group(2)).unescape())
        link = Markup(m.group(1))  # already safe: the sanitised HTML it was found in
        return str(link + Markup('<span class="print-url"> &lt;{}&gt;</span>').format(address))

    return Markup(_EXTERNAL_LINK.sub(with_address, str(html)))


def breakable_url(url: str) -> Markup:
    """A URL to print, with a break opportunity (<wbr>) after its scheme and after each / . ? & = # _ -,
    so a long address wraps between its parts and never inside "https"."""
    parts = _URL_BREAK_AFTER.split(url)
    out = Markup("")
    for i, part in enumerate(parts):
        out += part  # escaped by Markup's +
        if i % 2 == 1:
            out += Markup("<wbr>")
    return out
