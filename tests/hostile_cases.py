# ruff: noqa: E501  (a table of exact messages reads better one case per line)
"""The hostile-content corpus, as data: each case is a briefing (files, plus file-system tricks) and
the outcome it must have.

A case either builds (`errors=()`), and then the site must be inert (tests/sitescan.py) and may have
to show some text escaped (`shown`), or it fails with exit 1 and every string of `errors` appears in
stderr exactly (`PATH:LINE:COL: error: MESSAGE`, PATH relative to the briefing's parent folder, the
briefing folder being `b`). Used by tests/test_hostile.py; the kitchen-sink briefing is also the
seed of tests/test_fuzz.py.
"""

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from contentfiles import write_content_files

from generator import fields as f
from generator import themefields
from generator.figures import Quantity
from generator.registry import SCHEMAS

Setup = Callable[[Path, pytest.MonkeyPatch], None]  # (briefing folder, monkeypatch)


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes | None] = field(default_factory=dict)  # under content/, over BASE
    errors: tuple[str, ...] = ()  # empty: the case must build
    setup: Setup | None = None
    shown: tuple[tuple[str, str], ...] = ()  # (page, text that must appear in it) for cases that build
    why: str = ""


# A valid briefing with no warnings at all: every source, actor and place is used.
BASE: dict[str, str] = {
    "briefing.yaml": "title: Hostile test\nas_of: 2024-01-19\nsummary: A summary.\n",
    "sources.yaml": "- id: report\n  title: A report\n  url: https://example.org/report\n",
    "actors.yaml": "- id: iran\n  name: Iran\n  kind: state\n- id: pakistan\n  name: Pakistan\n  kind: state\n",
    "places.yaml": "- id: tehran\n  name: Tehran\n",
    "events.yaml": (
        "- id: strike\n  date: 2024-01-16\n  title: A strike\n  actors: [iran, pakistan]\n"
        "  places: [tehran]\n  sources: [report]\n"
    ),
    "statements.yaml": (
        "- id: comment\n  speaker: iran\n  said_on: 2024-01-16\n  mode: verbatim\n  text: Words.\n"
        "  sources: [report]\n"
    ),
}

B = "b/content"


def write_briefing(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """BASE plus `files` (None removes a file) under root/content, written exactly as given."""
    return write_content_files(root, {**BASE, **files})


# --- the kitchen sink: every field of every record type, generated from the schema --------------

SINK_IDS = {"events": "e1", "actors": "a1", "statements": "st1", "sources": "s1", "places": "p1"}


def _value(ft: f.FieldType, text: str, own_id: str) -> Any:
    """A valid value of a field type; every Text and Markdown field gets `text`."""
    if isinstance(ft, f.Choice):
        return ft.values[0]
    if isinstance(ft, (f.Text, f.Markdown)):
        return text
    if isinstance(ft, f.Id):
        return own_id
    if isinstance(ft, f.Date):
        if ft.interval:
            return "2024-01-10/2024-01-20"
        return "2024-01-16"
    if isinstance(ft, f.Url):
        return "https://example.org/a?b=c&d=e"
    if isinstance(ft, f.Integer):
        return 3
    if isinstance(ft, Quantity):
        return 2.5
    if isinstance(ft, f.Number):
        return 1.5
    if isinstance(ft, f.Boolean):
        return True
    if isinstance(ft, f.Lang):
        return "en"
    if isinstance(ft, themefields.Colour):
        return "#1a5fb4"
    if isinstance(ft, themefields.StaticFile):
        return "logo.png"
    if isinstance(ft, f.RefTo):
        return SINK_IDS[ft.targets[0]]
    if isinstance(ft, f.ListOf):
        return [_value(ft.item, text, own_id)]
    if isinstance(ft, f.Obj):
        skip = {"min", "max"} if ft.name in ("figure", "part of a figure") else set()  # a value excludes a range
        skip |= {"supersedes"}  # a figure cannot supersede itself; the sink has one figure
        skip |= {"parent", "within"}  # a record cannot lie within itself; one record per collection here
        skip |= {"edition"} if ft.name == "change" else set()  # names a recorded edition; the sink has none
        record = {k: _value(spec.type, text, own_id) for k, spec in ft.fields.items() if k not in skip}
        record["x_note"] = text
        return record
    raise TypeError(f"no sample value for {type(ft).__name__}; add one to hostile_cases._value")


def text_fields() -> list[str]:
    """Every Text and Markdown field of every record type, as dotted paths (for the coverage test)."""
    found: list[str] = []

    def walk(ft: f.FieldType, where: str) -> None:
        if isinstance(ft, f.ListOf):
            walk(ft.item, where + "[]")
        elif isinstance(ft, f.Obj):
            for key, spec in ft.fields.items():
                walk(spec.type, f"{where}.{key}")
        elif isinstance(ft, (f.Text, f.Markdown)) and not isinstance(ft, f.Choice):
            found.append(where)

    for name, schema in SCHEMAS.items():
        walk(schema, name)
    return found


def kitchen_sink(text: str) -> dict[str, str | bytes]:
    """One record of every type, every field filled, every Text and Markdown field set to `text`.

    Written as JSON, which is YAML: any string survives the trip exactly."""
    files = {"briefing.yaml": json.dumps(_value(SCHEMAS["briefing"], text, ""), indent=1)}
    for collection, id_ in SINK_IDS.items():
        files[f"{collection}.yaml"] = json.dumps([_value(SCHEMAS[collection], text, id_)], indent=1)
    files["../static/logo.png"] = ONE_PIXEL_PNG  # theme: logo
    return files


# A valid 1x1 PNG, for the theme's logo.
ONE_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e527de5f0000000049454e44ae426082"
)


# Markup and URLs that must come out inert wherever a Text or Markdown value is shown.
PAYLOADS: tuple[str, ...] = (
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus='",
    "</script><script>alert(1)</script><!--",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "javascript:alert(1)",
    "[click](javascript:alert(1)) [v](vbscript:msgbox(1)) ![i](data:image/svg+xml;base64,PHN2Zz4=) "
    "<javascript:alert(1)> [d](data:text/html,<script>alert(1)</script>)",
    "[ref][r] and ![img][r]\n\n[r]: javascript:alert(1)",
    '<a href="jav&#x09;ascript:alert(1)">x</a> <a href="JaVaScRiPt:alert(1)">y</a> '
    '<a href=" data:text/html,<script>alert(1)</script>">z</a> <a href="vbscript:msgbox(1)">v</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe><object data="javascript:alert(1)"></object>'
    "<embed src=javascript:alert(1)>",
    '<style>*{display:none}</style><div style="background:url(javascript:alert(1))">s</div>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
    '<form action="javascript:alert(1)"><button formaction=javascript:alert(1)>b</button></form>',
    '<math><mi xlink:href="javascript:alert(1)">m</mi></math><link rel=stylesheet href=https://evil.example/x.css>',
    "{{ 7*7 }} {% raw %} ${7*7} #{7*7} {{ b.__class__ }}",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;script&#62; %3Cscript%3E",
    "]]> <![CDATA[ <script>alert(1)</script> ]]> <?php echo 1 ?>",
    '<a href="https://evil.example/" target="_blank">external</a> [md](https://evil.example/x) <https://evil.example/>',
    "\u2028\u2029</script><!--<script>",
    "<details open ontoggle=alert(1)><summary>s</summary></details><a href=# onclick=alert(1)>c</a>",
)


# --- file-system tricks ---------------------------------------------------------------------------


def outside(briefing: Path) -> Path:
    """A folder beside the briefing holding a secret and a valid-looking YAML file."""
    place = briefing.parent / "outside"
    place.mkdir(exist_ok=True)
    (place / "secret.txt").write_text("SECRET-OUTSIDE\n")
    (place / "sources.yaml").write_text("- id: report\n  title: SECRET-OUTSIDE\n")
    return place


def _link_file(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "content" / "sources.yaml").unlink()
    (briefing / "content" / "sources.yaml").symlink_to(outside(briefing) / "sources.yaml")


def _link_folder(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "content" / "sources.yaml").unlink()
    (briefing / "content" / "sources").symlink_to(outside(briefing))


def _link_content(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    content = briefing / "content"
    target = outside(briefing) / "content"
    content.rename(target)
    content.symlink_to(target)


def _link_root(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "content" / "events").mkdir()
    (briefing / "content" / "events" / "root").symlink_to("/")


def _link_loop(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    folder = briefing / "content" / "events"
    folder.mkdir()
    (folder / "again").symlink_to(folder)


def _link_self(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "content" / "places.yaml").unlink()
    (briefing / "content" / "places.yaml").symlink_to("places.yaml")


def _link_dev_zero(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "content" / "events").mkdir()
    (briefing / "content" / "events" / "zero.yaml").symlink_to("/dev/zero")


def _link_static(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "static").mkdir()
    (briefing / "static" / "secret.txt").symlink_to(outside(briefing) / "secret.txt")


def _link_static_folder(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "static").symlink_to(outside(briefing))


def _link_template(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "templates").mkdir()
    (briefing / "templates" / "base.html").symlink_to(outside(briefing) / "secret.txt")


def _link_inside(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "content" / "places.yaml").rename(briefing / "places-elsewhere.yaml")
    (briefing / "content" / "places.yaml").symlink_to("../places-elsewhere.yaml")


def _fifo(rel: str) -> Setup:
    def setup(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
        path = briefing / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        os.mkfifo(path)

    return setup


def _socket(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "content" / "events").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(briefing / "content" / "events" / "sock.yaml"))
    sock.close()


def _device(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    """A character device (/dev/zero's numbers) inside the briefing: reading it would never end."""
    (briefing / "content" / "events").mkdir()
    os.mknod(briefing / "content" / "events" / "zero.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # CI is root


def _yaml_folder(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
    (briefing / "content" / "events").mkdir()
    (briefing / "content" / "events" / "more.yaml").mkdir()
    (briefing / "content" / "events" / "more.yaml" / "x.yaml").write_text("- id: hidden\n")


def _unreadable_file(briefing: Path, mp: pytest.MonkeyPatch) -> None:
    """Root reads any file whatever its mode bits, so chmod 000 proves nothing here: the denial is
    simulated at os.open, which is what the loader calls. This proves the error path and its message."""
    real_open = os.open
    target = str(briefing / "content" / "places.yaml")

    def deny(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.path.abspath(os.fspath(path)) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_open(path, flags, *args, **kwargs)

    mp.setattr(os, "open", deny)


def _unreadable_folder(briefing: Path, mp: pytest.MonkeyPatch) -> None:
    """As above, for a folder: root can list a folder without r or x, so os.scandir is made to refuse."""
    folder = briefing / "content" / "events"
    folder.mkdir()
    (folder / "x.yaml").write_text("- id: x\n")
    real_scandir = os.scandir

    def deny(path: Any = ".") -> Any:
        if os.path.abspath(os.fspath(path)) == str(folder):
            raise PermissionError(13, "Permission denied", str(folder))
        return real_scandir(path)

    mp.setattr(os, "scandir", deny)


def _many_files(count: int) -> Setup:
    def setup(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
        folder = briefing / "content" / "events"
        for i in range(count):
            sub = folder / f"{i // 500:02d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"e{i:05d}.yaml").write_text(
                f"id: e{i:05d}\ndate: 2024-01-{1 + i % 28:02d}\ntitle: Event {i}\nsources: [report]\n"
            )

    return setup


def _many_sources(count: int) -> Setup:
    def setup(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
        for i in range(count):
            sub = briefing / "content" / "sources" / f"{i // 300:02d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"s{i:05d}.yaml").write_text(f"id: s{i:05d}\ntitle: Source {i}\n")

    return setup


def _too_many_files(briefing: Path, mp: pytest.MonkeyPatch) -> None:
    """50,001 real files would take long to make; the limit is lowered instead (the code path is the same)."""
    from generator import load

    mp.setattr(load, "MAX_FILES", 40)
    _many_files(41)(briefing, mp)


def _file_limit(limit: int) -> Setup:
    """The file limit (256 MiB) lowered through its environment variable, as a user would raise it."""

    def setup(briefing: Path, mp: pytest.MonkeyPatch) -> None:
        mp.setenv("FACTSHEET_MAX_FILE_BYTES", str(limit))

    return setup


def _odd_file_name(name: str) -> Setup:
    def setup(briefing: Path, _mp: pytest.MonkeyPatch) -> None:
        folder = briefing / "content" / "events"
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(b"- id: x\n  title: [unclosed\n")

    return setup


# --- the corpus -----------------------------------------------------------------------------------

NOT_URL = "is not an absolute http:// or https:// URL; write the full address"
ID_RULE = "is not a valid id: use lowercase a-z, digits and hyphens, starting with a letter or digit, at most 80 characters"
INVISIBLE = "which can make text read as something else; remove it"
LINK_OUT = "symbolic link leads outside the briefing folder; copy the file in instead"
NOT_REGULAR = "is not a regular file (a pipe, socket or device); factsheet reads only ordinary files"


def _source(value: str, key: str = "url") -> dict[str, str | bytes | None]:
    return {"sources.yaml": f"- id: report\n  title: A report\n  {key}: {value}\n"}


def _event_id(value: str) -> dict[str, str | bytes | None]:
    return {"events.yaml": BASE["events.yaml"] + f"- id: {value}\n  date: 2024-01-17\n  title: T\n  sources: [report]\n"}


def _actor_name(value: str) -> dict[str, str | bytes | None]:
    return {"actors.yaml": BASE["actors.yaml"].replace("name: Pakistan", f"name: {value}")}


BILLION_LAUGHS = "- id: report\n  title: A report\n" + "".join(
    f"  x_{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n" if i else '  x_0: &l0 ["lol","lol","lol"]\n'
    for i in range(10)
)

CASES: tuple[Case, ...] = (
    # URLs ---------------------------------------------------------------------------------------
    Case("url-javascript", _source("javascript:alert(1)"),
         (f"{B}/sources.yaml:3:8: error: 'javascript:alert(1)' {NOT_URL}",)),
    Case("url-javascript-mixed-case", _source("JaVaScRiPt:alert(1)"),
         (f"{B}/sources.yaml:3:8: error: 'JaVaScRiPt:alert(1)' {NOT_URL}",)),
    Case("url-vbscript", _source("vbscript:msgbox(1)"), (f"{B}/sources.yaml:3:8: error: 'vbscript:msgbox(1)' {NOT_URL}",)),
    Case("url-data", _source('"data:text/html,<script>alert(1)</script>"'),
         (f"{B}/sources.yaml:3:8: error: 'data:text/html,<script>alert(1)</script>' {NOT_URL}",)),
    Case("url-data-archive", _source("data:text/html;base64,PHNjcmlwdD4=", "archive_url"),
         (f"{B}/sources.yaml:3:16: error: 'data:text/html;base64,PHNjcmlwdD4=' {NOT_URL}",)),
    Case("url-protocol-relative", _source("//evil.example/x"), (f"{B}/sources.yaml:3:8: error: '//evil.example/x' {NOT_URL}",)),
    Case("url-scheme-only-host", _source("'https:javascript:alert(1)'"),
         (f"{B}/sources.yaml:3:8: error: 'https:javascript:alert(1)' {NOT_URL}",)),
    Case("url-tab-inside", _source('"java\\tscript:alert(1)"'),
         (f"{B}/sources.yaml:3:8: error: 'java\\tscript:alert(1)' {NOT_URL}",)),
    Case("url-base-url-javascript", {"briefing.yaml": BASE["briefing.yaml"] + "base_url: javascript:alert(1)\n"},
         (f"{B}/briefing.yaml:4:11: error: 'javascript:alert(1)' {NOT_URL}",)),
    Case("url-attribute-breakout", _source("'https://example.org/\"><script>alert(1)</script>'"),
         shown=(("sources/index.html", "https://example.org/&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),),
         why="a valid URL full of markup builds, and the attribute stays closed"),
    Case("url-markdown-links", {"briefing.yaml": "title: T\nas_of: 2024-01-19\nsummary: |\n"
                                "  [a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,x) ![d](https://evil.example/i.png)\n"},
         shown=(("index.html", ">a</a>"),), why="Markdown links keep their text and lose their href"),
    # ids ----------------------------------------------------------------------------------------
    Case("id-dotdot", _event_id('"../../escape"'), (f"{B}/events.yaml:7:7: error: '../../escape' {ID_RULE} (e.g. 'escape')",)),
    Case("id-absolute", _event_id('"/etc/cron.d/x"'), (f"{B}/events.yaml:7:7: error: '/etc/cron.d/x' {ID_RULE}",)),
    Case("id-backslash", _event_id("'..\\..\\x'"), (f"{B}/events.yaml:7:7: error: '..\\\\..\\\\x' {ID_RULE}",)),
    Case("id-slash", _event_id("a/b"), (f"{B}/events.yaml:7:7: error: 'a/b' {ID_RULE} (e.g. 'a-b')",)),
    Case("id-dot", _event_id('"."'), (f"{B}/events.yaml:7:7: error: '.' {ID_RULE}",)),
    Case("id-empty", _event_id('""'), (f"{B}/events.yaml:7:7: error: '' {ID_RULE}",)),
    Case("id-trailing-newline", _event_id('"abc\\n"'), (f"{B}/events.yaml:7:7: error: 'abc\\n' {ID_RULE} (e.g. 'abc')",),
         why="regression: the id pattern ended in $, which also matches before a final newline"),
    Case("id-nul", _event_id('"a\\0b"'), (f"{B}/events.yaml:7:7: error: 'a\\x00b' {ID_RULE}",)),
    Case("id-windows-device", _event_id("con"), shown=(("events/con/index.html", "<h1>T</h1>"),),
         why="a valid id by the contract; on Linux the page is an ordinary folder inside the site"),
    Case("id-windows-device-suffix", _event_id("nul-txt"), why="valid; stays inside the site"),
    Case("id-fullwidth", _event_id("ｅｖｉｌ"), (f"{B}/events.yaml:7:7: error: '\\uff45\\uff56\\uff49\\uff4c' {ID_RULE} (e.g. 'evil')",)),
    Case("id-cyrillic-lookalike", _event_id("strіke"), (f"{B}/events.yaml:7:7: error: 'str\\u0456ke' {ID_RULE} (e.g. 'strke')",)),
    Case("id-zero-width", _event_id('"stri\\u200bke"'), (f"{B}/events.yaml:7:7: error: 'stri\\u200bke' {ID_RULE} (e.g. 'strike')",)),
    Case("id-uppercase", _event_id("Strike"), (f"{B}/events.yaml:7:7: error: 'Strike' {ID_RULE} (e.g. 'strike')",)),
    Case("id-too-long", _event_id("a" * 81), (f"{B}/events.yaml:7:7: error: '{'a' * 57}...' {ID_RULE}",)),
    Case("id-same-in-two-files", {"events/more.yaml": "- id: strike\n  date: 2024-01-17\n  title: Again\n  sources: [report]\n"},
         (f"{B}/events.yaml:1:7: error: duplicate event id 'strike' (first defined at {B}/events/more.yaml:1:7); "
          "ids must be unique within a collection",)),
    Case("id-same-in-one-file", _event_id("strike"),
         (f"{B}/events.yaml:7:7: error: duplicate event id 'strike' (first defined at {B}/events.yaml:1:7)",)),
    Case("static-overwrites-page", {}, ("b/static/events/strike/index.html:1:1: error: static file would overwrite "
                                        "the generated file 'events/strike/index.html'; rename or move it",),
         setup=lambda b, _mp: (b / "static/events/strike").mkdir(parents=True) or
         (b / "static/events/strike/index.html").write_text("<script>alert(1)</script>")),
    Case("static-file-where-a-folder-goes", {}, ("error: could not write the site: 'events/strike' would be both a "
                                                  "file and a folder of the site",),
         setup=lambda b, _mp: (b / "static/events").mkdir(parents=True) or (b / "static/events/strike").write_text("x")),
    Case("static-case-collision", {}, ("error: could not write the site: 'Index.html' and 'index.html' would be the "
                                       "same file on a case-insensitive disk",),
         setup=lambda b, _mp: (b / "static").mkdir() or (b / "static/Index.html").write_text("x")),
    # YAML -----------------------------------------------------------------------------------------
    Case("yaml-python-object", {"sources.yaml": "- id: report\n  title: !!python/object/apply:os.system ['touch PWNED']\n"},
         (f"{B}/sources.yaml:2:10: error: YAML tag '!!python/object/apply:os.system' is not allowed: "
          "factsheet reads plain data only; remove the tag",)),
    Case("yaml-python-name", {"sources.yaml": "- id: report\n  title: !!python/name:os.system ''\n"},
         (f"{B}/sources.yaml:2:10: error: YAML tag '!!python/name:os.system' is not allowed",)),
    Case("yaml-tag-directive", {"sources.yaml": "%TAG !p! tag:yaml.org,2002:python/\n---\n- id: report\n  title: !p!object:os.system x\n"},
         (f"{B}/sources.yaml:4:10: error: YAML tag '!!python/object:os.system' is not allowed",)),
    Case("yaml-local-tag-on-mapping", {"sources.yaml": "- !record\n  id: report\n  title: A\n"},
         (f"{B}/sources.yaml:1:3: error: YAML tag '!record' is not allowed",)),
    Case("yaml-binary", {"sources.yaml": "- id: report\n  title: !!binary PHNjcmlwdD4=\n"},
         (f"{B}/sources.yaml:2:10: error: YAML tag '!!binary' is not allowed",)),
    Case("yaml-set", {"sources.yaml": "- id: report\n  title: A\n  x_s: !!set {a, b}\n"},
         (f"{B}/sources.yaml:3:8: error: YAML tag '!!set' is not allowed",)),
    Case("yaml-billion-laughs", {"sources.yaml": BILLION_LAUGHS},
         (f"{B}/sources.yaml:4:13: error: YAML aliases (*l0) are not supported; write the value out in full",)),
    Case("yaml-recursive-alias", {"sources.yaml": "- id: report\n  title: A\n  x_r: &r [*r]\n"},
         (f"{B}/sources.yaml:3:12: error: YAML aliases (*r) are not supported; write the value out in full",)),
    Case("yaml-alias-flood", {"sources.yaml": "- id: report\n  title: &t A\n  x_f: [" + "*t," * 5000 + "]\n"},
         (f"{B}/sources.yaml:3:9: error: YAML aliases (*t) are not supported; write the value out in full",
          "error: more than 100 problems in this file; stopped reading it here: fix the ones above first"),
         why="a file of thousands of aliases gives 100 located errors, not thousands"),
    Case("yaml-merge-key", {"sources.yaml": "- id: report\n  <<: {title: A}\n"},
         (f"{B}/sources.yaml:2:3: error: unknown key '<<' in a source",)),
    Case("yaml-merge-key-alias", {"sources.yaml": "- &b {id: report, title: A}\n- <<: *b\n  id: other\n"},
         (f"{B}/sources.yaml:2:7: error: YAML aliases (*b) are not supported",)),
    Case("yaml-deep-lists", {"sources.yaml": "- id: report\n  title: A\n  x_d: " + "[" * 5000 + "]" * 5000 + "\n"},
         (f"{B}/sources.yaml:3:70: error: nested more than 64 levels deep; flatten the data",)),
    Case("yaml-deep-block-mappings", {"sources.yaml": "x:\n" + "".join(" " * i + "x:\n" for i in range(1, 200))},
         (f"{B}/sources.yaml:65:65: error: nested more than 64 levels deep; flatten the data",)),
    Case("yaml-huge-scalar", {"sources.yaml": "- id: report\n  title: " + "A" * 100_001 + "\n"},
         (f"{B}/sources.yaml:2:10: error: this value is 100001 characters long; the limit is 100000: shorten it, split it or raise the limit with the environment variable FACTSHEET_MAX_VALUE_CHARS",)),
    Case("yaml-huge-file", {"sources.yaml": "# " + "x" * (8 * 1024 * 1024) + "\n"}, setup=_file_limit(8 * 1024 * 1024),
         errors=(f"{B}/sources.yaml:1:1: error: file is 8388611 bytes; the limit is 8388608: split it or raise the limit with the environment variable FACTSHEET_MAX_FILE_BYTES",)),
    Case("yaml-duplicate-keys", {"sources.yaml": "- id: report\n  title: A\n  title: B\n"},
         (f"{B}/sources.yaml:3:3: error: duplicate key 'title' (first at line 2); keep one of them",)),
    Case("yaml-duplicate-key-flood", {"sources.yaml": "- id: report\n  title: A\n" + "  x_k: 1\n" * 3000},
         (f"{B}/sources.yaml:4:3: error: duplicate key 'x_k' (first at line 3); keep one of them",
          "error: more than 100 problems in this file; stopped reading it here")),
    Case("yaml-tab-indent", {"sources.yaml": "- id: report\n\ttitle: A\n"},
         (f"{B}/sources.yaml:2:1: error: a tab is used for indentation; YAML indents with spaces only",)),
    Case("yaml-bom", {"sources.yaml": b"\xef\xbb\xbf" + BASE["sources.yaml"].encode()}, why="a UTF-8 BOM is dropped"),
    Case("yaml-bom-inside-text", {"sources.yaml": "- id: report\n  title: \"A\ufeffB\"\n  url: https://example.org/r\n"},
         (f"{B}/sources.yaml:2:10: error: contains the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE), {INVISIBLE}",)),
    Case("yaml-utf16", {"sources.yaml": b"\xff\xfe" + BASE["sources.yaml"].encode("utf-16-le")},
         (f"{B}/sources.yaml:1:1: error: not valid UTF-8 (byte 0xff); save the file as UTF-8",)),
    Case("yaml-crlf", {k: v.replace("\n", "\r\n") for k, v in BASE.items()}, why="CRLF files build as LF ones"),
    Case("yaml-nul-byte", {"sources.yaml": b"- id: report\n  title: A\x00B\n"},
         (f"{B}/sources.yaml:2:11: error: YAML cannot contain this character: control characters are not allowed",)),
    Case("yaml-invalid-utf8", {"sources.yaml": b"- id: report\n  title: caf\xc3\n"},
         (f"{B}/sources.yaml:2:13: error: not valid UTF-8 (byte 0xc3); save the file as UTF-8",)),
    Case("yaml-overlong-utf8", {"sources.yaml": b"- id: report\n  title: \xc0\xbcscript\n"},
         (f"{B}/sources.yaml:2:10: error: not valid UTF-8 (byte 0xc0); save the file as UTF-8",)),
    Case("yaml-encoded-surrogate", {"sources.yaml": b"- id: report\n  title: \xed\xa0\x80\n"},
         (f"{B}/sources.yaml:2:10: error: not valid UTF-8 (byte 0xed); save the file as UTF-8",)),
    Case("yaml-escaped-control", {"sources.yaml": '- id: report\n  title: "\\e[31mred\\e[0m"\n'},
         (f"{B}/sources.yaml:2:10: error: contains the invisible character U+001B (control character), {INVISIBLE}",)),
    Case("yaml-empty-briefing", {"briefing.yaml": ""},
         (f"{B}/briefing.yaml:1:1: error: briefing.yaml is empty; it needs title, as_of and summary",)),
    Case("yaml-empty-collection", {"places.yaml": "", "events.yaml": BASE["events.yaml"].replace("  places: [tehran]\n", "")},
         why="an empty collection file holds no records"),
    Case("yaml-scalar-record", {"places.yaml": "just words\n"},
         (f"{B}/places.yaml:1:1: error: expected a record (a mapping of keys), found 'just words'",)),
    Case("yaml-scalar-briefing", {"briefing.yaml": "<script>alert(1)</script>\n"},
         (f"{B}/briefing.yaml:1:1: error: expected a mapping of keys, found '<script>alert(1)</script>'",)),
    Case("yaml-list-briefing", {"briefing.yaml": "- title: T\n"},
         (f"{B}/briefing.yaml:1:1: error: expected a mapping of keys, found a list",)),
    Case("yaml-complex-key", {"sources.yaml": "- id: report\n  title: A\n  ? [x_a, x_b]\n  : 1\n"},
         (f"{B}/sources.yaml:3:5: error: a key must be plain text, not a list or mapping",)),
    Case("yaml-long-key", {"sources.yaml": "- id: report\n  " + "k" * 2000 + ": 1\n"},
         (f"{B}/sources.yaml:2:",)),
    Case("yaml-many-documents", {"places.yaml": "---\n" * 20_000 + BASE["places.yaml"]}, why="null documents are skipped"),
    Case("yaml-null-keys", {"sources.yaml": "- id: report\n  title: A\n  ~: x\n  true: y\n"},
         (f"{B}/sources.yaml:3:3: error: unknown key '~' in a source", f"{B}/sources.yaml:4:3: error: unknown key 'true' in a source")),
    # the walk -------------------------------------------------------------------------------------
    Case("walk-link-file-out", setup=_link_file, errors=(f"{B}/sources.yaml:1:1: error: {LINK_OUT}",)),
    Case("walk-link-folder-out", setup=_link_folder, errors=(f"{B}/sources:1:1: error: {LINK_OUT}",)),
    Case("walk-link-content-out", setup=_link_content, errors=(f"{B}:1:1: error: {LINK_OUT}",),
         why="regression: content/ itself could point anywhere"),
    Case("walk-link-to-root", setup=_link_root, errors=(f"{B}/events/root:1:1: error: {LINK_OUT}",)),
    Case("walk-link-loop", setup=_link_loop,
         errors=(f"{B}/events/again:1:1: error: this folder is reached twice through links; remove the link",)),
    Case("walk-link-self", setup=_link_self, errors=(f"{B}/places.yaml:1:1: error: broken or looping symbolic link; remove it",)),
    Case("walk-link-dev-zero", setup=_link_dev_zero, errors=(f"{B}/events/zero.yaml:1:1: error: {LINK_OUT}",)),
    Case("walk-link-inside", setup=_link_inside, why="a link that stays inside the briefing is followed"),
    Case("walk-link-static-out", setup=_link_static,
         errors=("b/static/secret.txt:1:1: error: symbolic link leads outside the briefing folder or nowhere; copy the file in instead",),
         why="regression: static/ files were copied through links, e.g. to /etc/passwd"),
    Case("walk-link-static-folder-out", setup=_link_static_folder,
         errors=("b/static:1:1: error: symbolic link leads outside the briefing folder or nowhere",)),
    Case("walk-link-template-out", setup=_link_template,
         errors=("b/templates/base.html:1:1: error: symbolic link leads outside the briefing folder or nowhere",),
         why="regression: a template link to any file was rendered into the site"),
    Case("walk-fifo-top", setup=_fifo("places.yaml"), errors=(f"{B}/places.yaml:1:1: error: 'places.yaml' {NOT_REGULAR}",),
         why="regression: said 'unknown file places.yaml; did you mean places.yaml?'"),
    Case("walk-fifo-briefing", setup=_fifo("briefing.yaml"), errors=(f"{B}/briefing.yaml:1:1: error: 'briefing.yaml' {NOT_REGULAR}",)),
    Case("walk-fifo-nested", setup=_fifo("events/later.yaml"), errors=(f"{B}/events/later.yaml:1:1: error: 'later.yaml' {NOT_REGULAR}",)),
    Case("walk-socket", setup=_socket, errors=(f"{B}/events/sock.yaml:1:1: error: 'sock.yaml' {NOT_REGULAR}",)),
    Case("walk-device", setup=_device, errors=(f"{B}/events/zero.yaml:1:1: error: 'zero.yaml' {NOT_REGULAR}",)),
    Case("walk-folder-named-yaml-top", {"sources.yaml": None}, setup=lambda b, _mp: (b / "content/sources.yaml").mkdir(),
         errors=(f"{B}/sources.yaml:1:1: error: 'sources.yaml' is a folder; a collection folder is named 'sources/'",)),
    Case("walk-folder-named-yaml-nested", setup=_yaml_folder,
         errors=(f"{B}/events/more.yaml:1:1: error: 'more.yaml' is a folder named like a YAML file; rename it",),
         why="regression: it was silently walked into"),
    Case("walk-unreadable-file", setup=_unreadable_file, errors=(f"{B}/places.yaml:1:1: error: cannot read file: Permission denied",)),
    Case("walk-unreadable-folder", setup=_unreadable_folder, errors=(f"{B}/events:1:1: error: cannot read folder: Permission denied",)),
    Case("walk-thousands-of-files", setup=_many_sources(2000), shown=(("sources/index.html", "Source 0"), ("sources/9/index.html", "Source 1999"))),
    Case("walk-too-many-files", setup=_too_many_files, errors=(f"{B}:1:1: error: more than 40 files; merge records into fewer files or raise the limit with the environment variable FACTSHEET_MAX_FILES",)),
    Case("walk-newline-in-file-name", setup=_odd_file_name("a\nb:1:1: error: forged.yaml"),
         errors=(f"{B}/events/a\\u000ab:1:1: error: forged.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']'",),
         why="regression: a file name could forge a diagnostic line"),
    Case("walk-bidi-in-file-name", setup=_odd_file_name("\u202egnp.yaml"),
         errors=(f"{B}/events/\\u202egnp.yaml:3:1: error: YAML syntax error",)),
    Case("walk-undecodable-file-name", setup=_odd_file_name(os.fsdecode(b"\xff.yaml")),
         errors=(f"{B}/events/\\udcff.yaml:3:1: error: YAML syntax error",)),
    # Unicode that misleads -------------------------------------------------------------------------
    *(
        Case(f"unicode-{label}-in-name", _actor_name(f'"Paki{ch}stan"'),
             (f"{B}/actors.yaml:5:9: error: contains the invisible character U+{ord(ch):04X} ({name}), {INVISIBLE}",))
        for label, ch, name in (
            ("rlo", "\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("lro", "\u202d", "LEFT-TO-RIGHT OVERRIDE"),
            ("rle", "\u202b", "RIGHT-TO-LEFT EMBEDDING"), ("lre", "\u202a", "LEFT-TO-RIGHT EMBEDDING"),
            ("pdf", "\u202c", "POP DIRECTIONAL FORMATTING"), ("rli", "\u2067", "RIGHT-TO-LEFT ISOLATE"),
            ("lri", "\u2066", "LEFT-TO-RIGHT ISOLATE"), ("fsi", "\u2068", "FIRST STRONG ISOLATE"),
            ("pdi", "\u2069", "POP DIRECTIONAL ISOLATE"), ("zwsp", "\u200b", "ZERO WIDTH SPACE"),
            ("word-joiner", "\u2060", "WORD JOINER"),
        )
    ),
    Case("unicode-rlo-in-statement", {"statements.yaml": BASE["statements.yaml"].replace("Words.", '"I \u202eyas ton did"')},
         (f"{B}/statements.yaml:5:9: error: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), {INVISIBLE}",)),
    Case("unicode-rlo-in-key", {"sources.yaml": '- id: report\n  "ti\u202etle": A\n'},
         (f"{B}/sources.yaml:2:3: error: unknown key 'ti\\u202etle' in a source; did you mean 'title'?",),
         why="regression: the override reached the terminal and reordered the diagnostic"),
    Case("unicode-rlm-in-name", _actor_name('"\u0627\u0644\u0628\u0627\u0643\u0633\u062a\u0627\u0646\u200f (Pakistan)"'),
         shown=(("actors/pakistan/index.html", "\u0627\u0644\u0628\u0627\u0643\u0633\u062a\u0627\u0646\u200f (Pakistan)"),),
         why="a right-to-left mark is a legitimate part of mixed-direction text and is kept"),
    Case("unicode-zwnj-in-persian", _actor_name('"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"'),
         why="ZWNJ is part of Persian spelling and is kept"),
    Case("unicode-mixed-scripts-name", _actor_name('"Р\u0430kistan"'), shown=(("actors/pakistan/index.html", "Р\u0430kistan"),),
         why="a Cyrillic look-alike name builds as plain escaped text (not detected: see docs/security.md)"),
    Case("unicode-line-separator", _actor_name('"Paki\u2028stan</script>"'),
         shown=(("actors/pakistan/index.html", "Paki\u2028stan&lt;/script&gt;"),)),
)
