"""`factsheet serve`: a local preview server that rebuilds on change and reloads open pages.

Knows nothing about records: it is given a `rebuild` callable, the built site's folder and the paths to
watch. It never prints; the caller (cli.py) reports each build. The live-reload script is added to HTML
responses as they are served, never to the files on disk, so built sites stay byte-identical.
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
POLL_SECONDS = 0.3
PREFIX = "/__factsheet__/"
SCRIPT_TAG = b'<script src="/__factsheet__/reload.js"></script>'

RELOAD_JS = """\
// factsheet serve: reload when a new site is built; show the errors of a failed build over the last good site.
(function () {
  "use strict";
  var seen = null, banner = null;
  function show(lines) {
    if (!lines.length) {
      if (banner) { banner.remove(); banner = null; }
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      banner.id = "factsheet-serve-errors";
      var s = banner.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
      s.maxHeight = "50vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "0.75em 1em";
      s.background = "#8b0000"; s.color = "#fff"; s.font = "14px/1.4 monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(banner);
    }
    banner.textContent = "factsheet: the build failed; showing the last good site.\\n\\n" + lines.join("\\n");
  }
  function poll() {
    fetch("/__factsheet__/status", {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (seen === null) { seen = status.build; }
        else if (status.build !== seen) { window.location.reload(); return; }
        show(status.problems);
      })
      .catch(function () { /* server stopped or restarting: keep polling */ })
      .then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
"""

PLACEHOLDER = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'">
<title>factsheet serve: {title}</title>
</head>
<body>
<h1>{title}</h1>
<p>{note}</p>
<pre>{problems}</pre>
</body>
</html>
"""


@dataclass(frozen=True)
class BuildOutcome:
    """What `rebuild` reports: whether a new site was written, and the problem lines to show if not."""

    ok: bool
    problems: Sequence[str] = ()


@dataclass
class ServeState:
    """Shared between the watcher and the request threads."""

    build: int = 0  # how many builds succeeded; open pages reload when it changes
    rebuilds: int = 0  # how many builds ran
    problems: list[str] = field(default_factory=list)  # of the last build, when it failed; else empty
    lock: threading.Lock = field(default_factory=threading.Lock)  # guards the three fields above
    # Held while a build replaces the site and its outcome is recorded, and while a request reads the site:
    # a page is read either before a build or after its status is recorded, so no client ever sees the new
    # site beside the old status. Always taken before `lock`, never after.
    site_lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild_with(self, rebuild: Callable[[], BuildOutcome]) -> None:
        """Run one build and record its outcome as one step, as far as readers of the site can tell."""
        with self.site_lock:
            self.record(rebuild())

    def record(self, outcome: BuildOutcome) -> None:
        with self.lock:
            self.rebuilds += 1
            if outcome.ok:
                self.build += 1
                self.problems = []
            else:
                self.problems = list(outcome.problems) or ["the build failed"]

    def status(self) -> dict[str, object]:
        with self.lock:
            return {"build": self.build, "rebuilds": self.rebuilds, "problems": list(self.problems)}


# A response before it is sent: status, body, content type and extra headers.
Response = tuple[HTTPStatus, bytes, str, dict[str, str] | None]
NOT_FOUND: Response = (HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", None)


def inject(body: bytes) -> bytes:
    """The page with the reload script before its last </body> (or at the end)."""
    at = body.lower().rfind(b"</body>")
    return body + SCRIPT_TAG if at < 0 else body[:at] + SCRIPT_TAG + body[at:]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, site_dir: Path, state: ServeState, host: str = HOST) -> None:
        self.site_dir = site_dir
        self.state = state
        if ":" in host:  # an IPv6 address
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "factsheet-serve"

    def log_message(self, format: str, *args: object) -> None:
        pass  # cli.py is the only place that prints

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, head: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _respond(self, head: bool) -> None:
        raw_path = urlsplit(self.path).path
        if raw_path == PREFIX + "reload.js":
            self._send(HTTPStatus.OK, RELOAD_JS.encode(), "text/javascript; charset=utf-8", head)
            return
        if raw_path == PREFIX + "status":
            body = json.dumps(self.server.state.status()).encode()
            self._send(HTTPStatus.OK, body, "application/json", head)
            return
        with self.server.state.site_lock:  # not while sending: a slow client must not hold up a build
            code, body, content_type, extra = self._read(raw_path)
        self._send(code, body, content_type, head, extra)

    def _read(self, raw_path: str) -> Response:
        """The response for a path of the site (called with the site lock held)."""
        root = self.server.site_dir
        if not (root / "index.html").is_file():
            return HTTPStatus.SERVICE_UNAVAILABLE, inject(self._placeholder()), "text/html; charset=utf-8", None
        path = unquote(raw_path)
        parts = [p for p in path.split("/") if p]
        if "\x00" in path or any(p.startswith(".") for p in parts):  # "..", dot-files, the site marker
            return self._missing(root)
        base = root.resolve()
        target = base.joinpath(*parts).resolve()
        if not target.is_relative_to(base):  # a symbolic link out of the site
            return self._missing(root)
        if target.is_dir():
            if not path.endswith("/"):  # relative links in the pages need the trailing slash
                return HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", {"Location": raw_path + "/"}
            target = target / "index.html"
        try:
            body = target.read_bytes()
        except OSError:  # missing
            return self._missing(root)
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            body = inject(body)
        if content_type.startswith("text/") or content_type in ("application/json", "image/svg+xml"):
            content_type += "; charset=utf-8"
        return HTTPStatus.OK, body, content_type, None

    def _missing(self, root: Path) -> Response:
        """The site's own 404 page when it has one (as a host would serve it), else a plain line."""
        try:
            return HTTPStatus.NOT_FOUND, inject((root / "404.html").read_bytes()), "text/html; charset=utf-8", None
        except OSError:
            return NOT_FOUND

    def _placeholder(self) -> bytes:
        problems = self.server.state.status()["problems"]
        assert isinstance(problems, list)
        if problems:
            title, note = "The build failed", "Fix these problems and save; this page reloads by itself."
        else:
            title, note = "Building", "The site is being built; this page reloads by itself."
        text = PLACEHOLDER.format(title=title, note=note, problems=html.escape("\n".join(map(str, problems))))
        return text.encode()


def snapshot(watch: Sequence[Path], ignore: Sequence[Path] = ()) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under the watched paths, skipping dot-names and the ignored folders."""
    ignored = {os.path.realpath(p) for p in ignore}
    seen: dict[str, tuple[int, int]] = {}

    def note(path: str) -> None:
        try:
            st = os.stat(path)
        except OSError:
            return
        seen[path] = (st.st_mtime_ns, st.st_size)

    for top in watch:
        if top.is_file():
            note(str(top))
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and os.path.realpath(os.path.join(dirpath, d)) not in ignored)
            for name in filenames:
                if not name.startswith("."):
                    note(os.path.join(dirpath, name))
    return seen


def serve(rebuild: Callable[[], BuildOutcome], site_dir: Path, watch: Sequence[Path], *,
          port: int = DEFAULT_PORT, ignore: Sequence[Path] = (), stop: threading.Event | None = None,
          on_ready: Callable[[str], None] | None = None, poll: float = POLL_SECONDS, host: str = HOST) -> None:
    """Serve `site_dir` on `host`:`port` (loopback unless asked), rebuilding first and after every change.

    Binds before the first build, so a port in use raises OSError at once. Runs until `stop` is set (or
    KeyboardInterrupt); always shuts the server down. `on_ready` gets the URL once the first build is done.
    """
    state = ServeState()
    server = _Server(port, site_dir, state, host)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True,
                              name="factsheet-serve")
    stop = stop or threading.Event()
    thread.start()
    try:
        before = snapshot(watch, ignore)
        state.rebuild_with(rebuild)
        if on_ready is not None:
            bound_host, bound = server.server_address[:2]
            text = bound_host.decode() if isinstance(bound_host, bytes) else str(bound_host)
            shown = f"[{text}]" if ":" in text else text
            on_ready(f"http://{shown}:{bound}/")
        while not stop.wait(poll):
            now = snapshot(watch, ignore)
            if now != before:
                before = now
                state.rebuild_with(rebuild)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
