"""`factsheet serve`: serving, live-reload injection at serve time only, rebuild on change, errors in the browser."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator import cli
from generator.build import build
from generator.serve import SCRIPT_TAG, BuildOutcome, serve
from generator.starter import write_starter

REPO = Path(__file__).resolve().parent.parent
TITLE = "Something happened"  # the starter's first event


def get(base: str, path: str) -> tuple[int, bytes]:
    host, port = base.removeprefix("http://").rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.request("GET", path)  # the path is sent as given: no client-side normalisation of "/../"
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def status(base: str) -> dict[str, object]:
    code, body = get(base, "/__factsheet__/status")
    assert code == 200
    result: dict[str, object] = json.loads(body)
    return result


def wait_for(check: Callable[[], bool], seconds: float = 300.0) -> None:
    """Wait until `check()` holds. The limit only ends a hung test; no result depends on how long it took."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def save(path: Path, text: str) -> None:
    """Replace a file in one step, as editors do: the watcher never sees it empty or half-written."""
    temp = path.with_name("." + path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def start(briefing: Path, out: Path) -> Iterator[str]:
    def rebuild() -> BuildOutcome:
        result = build(briefing, out)
        return BuildOutcome(result.written is not None, [p.format() for p in result.problems])

    stop = threading.Event()
    urls: queue.Queue[str] = queue.Queue()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            serve(rebuild, out, [briefing], port=0, ignore=[out], stop=stop, on_ready=urls.put, poll=0.1)
        except BaseException as exc:  # surfaced by the test below
            failure.append(exc)
            urls.put("")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        url = urls.get(timeout=30)
        assert not failure, failure
        yield url
    finally:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    write_starter(tmp_path / "b")
    return tmp_path / "b"


@pytest.fixture
def served(briefing: Path) -> Iterator[str]:
    yield from start(briefing, briefing / "site")


def test_serves_the_site_with_the_reload_script_injected_only_in_responses(served: str, briefing: Path) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", served)
    code, body = get(served, "/")
    assert code == 200
    assert body.count(SCRIPT_TAG) == 1 and body.index(SCRIPT_TAG) < body.lower().rindex(b"</body>")
    on_disk = (briefing / "site" / "index.html").read_bytes()
    assert SCRIPT_TAG not in on_disk and b"__factsheet__" not in on_disk
    assert get(served, "/index.html")[1] == body
    code, script = get(served, "/__factsheet__/reload.js")
    assert code == 200 and b"/__factsheet__/status" in script and b"innerHTML" not in script
    assert get(served, "/events/first-event")[0] == 301  # directories need their slash for relative links
    code, event = get(served, "/events/first-event/")
    assert code == 200 and TITLE.encode() in event and SCRIPT_TAG in event
    code, css = get(served, "/assets/" + next(p.name for p in (briefing / "site/assets").glob("*.css")))
    assert code == 200 and SCRIPT_TAG not in css
    assert status(served) == {"build": 1, "rebuilds": 1, "problems": []}


@pytest.mark.parametrize("path", ["/../b/content/events.yaml", "/%2e%2e/content/events.yaml", "/..%2fcontent/x",
                                  "/.factsheet-site", "/no-such-page.html"])
def test_refuses_paths_outside_the_site(served: str, path: str) -> None:
    assert get(served, path)[0] in (403, 404)


def test_binds_loopback_127_0_0_1_only(served: str) -> None:
    port = int(served.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=5):
        pass  # another loopback address reaches the host, but not a server bound to 127.0.0.1 alone


def test_rebuilds_on_change_and_shows_errors_over_the_last_good_site(served: str, briefing: Path) -> None:
    events = briefing / "content" / "events.yaml"
    good = events.read_text(encoding="utf-8")
    save(events, good.replace(TITLE, "A new headline"))
    wait_for(lambda: b"A new headline" in get(served, "/")[1])
    assert status(served)["build"] == 2  # the page and its status changed together

    save(events, good.replace(TITLE, "Broken headline") + "- id: [unclosed\n")
    wait_for(lambda: bool(status(served)["problems"]))
    state = status(served)
    problems = state["problems"]
    assert state["build"] == 2 and isinstance(problems, list)
    assert any(re.search(r"events\.yaml:\d+:\d+: error: ", line) for line in problems), problems
    code, body = get(served, "/")
    assert code == 200 and b"A new headline" in body and b"Broken headline" not in body  # the last good site

    save(events, good)
    wait_for(lambda: not status(served)["problems"])
    assert status(served)["build"] == 3
    assert TITLE.encode() in get(served, "/")[1]


def test_a_first_build_that_fails_serves_an_error_page_until_fixed(briefing: Path) -> None:
    events = briefing / "content" / "events.yaml"
    good = events.read_text(encoding="utf-8")
    save(events, "- id: [unclosed\n")
    for url in start(briefing, briefing / "site"):
        state = status(url)
        assert state["build"] == 0 and state["problems"]
        code, body = get(url, "/")
        assert code == 503 and b"The build failed" in body and b"events.yaml:" in body and SCRIPT_TAG in body
        save(events, good)
        wait_for(lambda: status(url)["build"] == 1)  # noqa: B023 - used before the loop moves on
        assert get(url, "/")[0] == 200


def test_a_page_read_during_a_build_waits_for_its_status(tmp_path: Path) -> None:
    """The site is swapped inside `rebuild`, before its outcome is recorded: a reader in between must not
    get the new page under the old status (seen once on a busy machine as `assert 1 == 2`)."""
    site, watched = tmp_path / "site", tmp_path / "content"
    watched.mkdir()
    builds: list[str] = []
    seen: list[tuple[bytes, object]] = []
    reader_done = threading.Event()
    address: list[str] = []

    def read_page_then_status() -> None:
        body = get(address[0], "/")[1]
        seen.append((body, status(address[0])["build"]))
        reader_done.set()

    def rebuild() -> BuildOutcome:
        builds.append(f"<p>build {len(builds) + 1}</p>")
        site.mkdir(exist_ok=True)
        (site / "index.html").write_text(builds[-1], encoding="utf-8")
        if len(builds) == 2:  # the new site is on disk; its status is not recorded yet
            threading.Thread(target=read_page_then_status, daemon=True).start()
            reader_done.wait(timeout=0.5)  # gives a server that answers too early the time to do so
        return BuildOutcome(ok=True)

    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(rebuild, site, [watched]),
                              kwargs={"port": 0, "stop": stop, "on_ready": address.append, "poll": 0.05},
                              daemon=True)
    thread.start()
    try:
        wait_for(lambda: bool(address))
        (watched / "x.yaml").write_text("a: 1\n", encoding="utf-8")
        wait_for(reader_done.is_set)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert seen == [(b"<p>build 2</p>" + SCRIPT_TAG, 2)]


# --- the command ----------------------------------------------------------------------------------


def test_serve_command_builds_serves_and_stops_on_ctrl_c(briefing: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # A shell's background job ignores SIGINT, and so would this child; Ctrl-C comes from a terminal.
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(briefing), "--port", "0"],
                            env=env, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stderr is not None
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if "serving" in line or not line:
                break
        match = re.search(r"factsheet: serving (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)", "".join(lines))
        assert match, lines
        assert lines[0].startswith("factsheet: note: feed.xml, sitemap.xml and canonical links were left out")
        assert lines[1].startswith(f"factsheet: wrote {briefing / 'site'} (")
        assert get(match.group(1), "/")[0] == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        assert proc.stderr.read().endswith("factsheet: stopped\n")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_port_in_use_and_missing_folder_are_usage_errors(briefing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exit_:
            cli.main(["serve", str(briefing), "--port", str(port)])
        assert exit_.value.code == 2
        assert f"factsheet: error: cannot listen on 127.0.0.1:{port}: " in capsys.readouterr().err
    assert not (briefing / "site").exists()  # nothing built when it cannot serve
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", str(briefing / "nope")])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", str(briefing), "--port", "70000"])
    assert exit_.value.code == 2
