"""A scan of a built site for live markup: anything a hostile value could use to run code or leak.

Used by the hostile-content and fuzz tests. `scan_site(out)` returns one line per finding, empty when
every page is inert apart from the site's own `assets/*.js` scripts.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

# The policy every page declares (generator/render.py's CSP); docs/security.md gives the header form.
CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "srcset",
        "poster",
        "data",
        "cite",
        "background",
        "lowsrc",
        "ping",
        "manifest",
        "codebase",
        "archive",
        "longdesc",
        "usemap",
        "dynsrc",
        "icon",
    }
)
FORBIDDEN_TAGS = frozenset(
    {
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "svg",
        "math",
        "style",
        "template",
        "noscript",
        "portal",
        "img",
        "video",
        "audio",
        "source",
        "track",
        "input",
        "textarea",
        "plaintext",
        "xmp",
    }
)
# Relative (../assets/x.js) or, on 404.html, rooted at base_url's path (/briefings/x/assets/x.js).
_OWN_ROOT = r"^((\.\./)*|/([A-Za-z0-9._~%-]+/)*)"
OWN_SCRIPT = re.compile(_OWN_ROOT + r"assets/[a-z0-9-]+\.js$")
OWN_STYLESHEET = re.compile(_OWN_ROOT + r"assets/[a-z0-9-]+\.css$")
# The XML files the build writes with ElementTree, and the only namespace each may use.
OWN_XML = {"feed.xml": "http://www.w3.org/2005/Atom", "sitemap.xml": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# The theme's logo (theme: logo in briefing.yaml): the only image the templates themselves place.
THEME_LOGO = re.compile(_OWN_ROOT + r"[A-Za-z0-9_-][A-Za-z0-9._/-]*\.(svg|png|jpe?g|webp)$")
SVG_NS = "http://www.w3.org/2000/svg"
ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
DATA_SCRIPT_TYPES = ("application/json", "application/ld+json")


def _squash(url: str) -> str:
    """A URL as a browser reads its scheme: controls and whitespace dropped, lower case."""
    return "".join(ch for ch in url if ord(ch) > 0x20 and ch != "\x7f").lower()


class _PageScan(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.findings: list[str] = []
        self.in_script: str | None = None  # the type of the script element being read
        self.script_text: list[str] = []
        self.csp: list[str] = []

    def flag(self, what: str) -> None:
        self.findings.append(f"{self.name}:{self.getpos()[0]}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        for key, value in attrs:
            if key.startswith("on"):
                self.flag(f"event handler attribute {key}= on <{tag}>")
            if key == "style":
                self.flag(f"inline style attribute on <{tag}>")
            if key in URL_ATTRIBUTES and value is not None:
                if tag == "link" and values.get("rel") == "icon" and value == "data:,":
                    continue  # the site's own empty favicon: stops a request for /favicon.ico
                url = _squash(value)
                scheme = re.match(r"^[a-z][a-z0-9+.-]*:", url)
                if scheme and not url.startswith(ALLOWED_SCHEMES):
                    self.flag(f"{key}={value!r} on <{tag}> uses the scheme {scheme.group()}")
            if key == "srcdoc":
                self.flag(f"srcdoc on <{tag}>")
        is_logo = tag == "img" and values.get("class") in ("logo", "cover-logo") and set(values) == {
            "class", "src", "alt"} and THEME_LOGO.match(values["src"]) is not None
        # the timeline chart (generator/chart.py): drawn with ElementTree, which escapes every text and attribute
        is_chart = tag == "svg" and values.get("class") == "fs-chart-svg" and values.get("xmlns") == SVG_NS
        if tag in FORBIDDEN_TAGS and not is_logo and not is_chart:
            self.flag(f"<{tag}> element")
        if tag == "script":
            kind = values.get("type", "")
            if "src" in values:
                if not OWN_SCRIPT.match(values["src"]):
                    self.flag(f"<script src={values['src']!r}> is not one of the site's own scripts")
            elif kind not in DATA_SCRIPT_TYPES:
                self.flag("inline <script> without src")
            self.in_script = kind
            self.script_text = []
        if tag == "link" and values.get("href") and not OWN_STYLESHEET.match(values["href"]):
            rel = values.get("rel", "")
            if "stylesheet" in rel or "import" in rel or "preload" in rel or "modulepreload" in rel:
                self.flag(
                    f"<link rel={rel!r} href={values['href']!r}> loads something that is not the site's"
                )
        if tag == "meta":
            equiv = values.get("http-equiv", "").lower()
            if equiv == "refresh":
                self.flag("<meta http-equiv=refresh>")
            if equiv == "content-security-policy":
                self.csp.append(values.get("content", ""))
        if tag == "form" and ("action" in values or "method" in values):
            self.flag("<form> with an action")
        if tag == "a" and _squash(values.get("href", "")).startswith(("http:", "https:", "//")):
            rel = values.get("rel", "").split()
            if "noopener" not in rel or "noreferrer" not in rel:
                self.flag(f'external link {values["href"]!r} without rel="noopener noreferrer"')

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_script is not None:
            text = "".join(self.script_text)
            if self.in_script in DATA_SCRIPT_TYPES:
                if re.search(r"</script|<!--|<script", text, re.IGNORECASE):
                    self.flag("embedded JSON can close or confuse its script element")
                try:
                    json.loads(text)
                except ValueError:
                    self.flag("embedded JSON does not parse")
            elif text.strip():
                self.flag("script element with inline code")
            self.in_script = None

    def handle_data(self, data: str) -> None:
        if self.in_script is not None:
            self.script_text.append(data)


def scan_page(name: str, html: str) -> list[str]:
    scan = _PageScan(name)
    scan.feed(html)
    scan.close()
    if scan.csp != [CSP]:
        scan.findings.append(
            f"{name}: Content-Security-Policy is {scan.csp!r}, expected exactly the site's policy"
        )
    return scan.findings


def scan_xml(name: str, data: bytes, namespace: str) -> list[str]:
    """feed.xml or sitemap.xml: no processing instruction, doctype or element outside its own namespace,
    so a browser that renders it cannot be made to load a stylesheet or run XHTML."""
    findings = []
    if re.search(rb"<\?xml-stylesheet|<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        findings.append(f"{name}: a stylesheet instruction or doctype")
    for element in ET.fromstring(data).iter():
        if not element.tag.startswith("{" + namespace + "}"):
            findings.append(f"{name}: element {element.tag} outside {namespace}")
    return findings


def scan_site(out: Path) -> list[str]:
    """Every finding in every HTML page under `out`, plus anything that is not where it should be."""
    findings: list[str] = []
    root = out.resolve()
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_symlink() or not path.resolve().is_relative_to(root):
            findings.append(f"{rel}: a link or a file outside the site")
            continue
        if path.suffix == ".html":
            findings.extend(scan_page(rel, path.read_text(encoding="utf-8")))
        elif rel in OWN_XML:
            findings.extend(scan_xml(rel, path.read_bytes(), OWN_XML[rel]))
        elif path.suffix in (".svg", ".xml", ".htm", ".xhtml", ".shtml"):
            findings.append(f"{rel}: a file a browser could run as markup")
    return findings
