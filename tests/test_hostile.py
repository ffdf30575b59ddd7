"""The hostile-content corpus (tests/hostile_cases.py): every case builds inert or fails located,
never a traceback, a hang, a file outside the output folder or a change to the previous site."""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hostile_cases import BASE, CASES, PAYLOADS, Case, kitchen_sink, text_fields, write_briefing
from markupsafe import escape
from sitescan import CSP, scan_site

from generator import render
from generator.cli import main
from generator.render import escape_json
from generator.typography import curl_quotes

REPO = Path(__file__).resolve().parent.parent
LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")
SUMMARY = re.compile(r"^factsheet: ")


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree(folder: Path, skip: str = "", rel: str = "") -> list[tuple[str, int, int]]:
    """Every entry under `folder` except `skip`/, with its mode and size, links not followed.
    (os.listdir, not os.scandir: some cases make os.scandir fail on purpose.)"""
    found = []
    for name in sorted(os.listdir(folder)):
        if not rel and name == skip:
            continue
        info = os.lstat(folder / name)
        is_dir = stat.S_ISDIR(info.st_mode)
        found.append((rel + name, info.st_mode, 0 if is_dir else info.st_size))
        if is_dir:
            found.extend(tree(folder / name, skip, rel + name + "/"))
    return found


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the run) if the block takes longer than `seconds`."""

    def expire(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str], seconds: int = 60) -> tuple[int, str]:
    with deadline(seconds):
        code = main(argv)
    return code, capsys.readouterr().err


def assert_clean_diagnostics(stderr: str) -> None:
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for line in stderr.splitlines():
        assert LOCATED.match(line) or SUMMARY.match(line), f"not a located problem: {line!r}"


@pytest.fixture(scope="session")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good site built from BASE: every case starts with it in its output folder."""
    root = tmp_path_factory.mktemp("previous")
    write_briefing(root / "b", {})
    out = root / "site"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build", "b", "-o", str(out)]) == 0
    finally:
        os.chdir(cwd)
    return out


@pytest.fixture(autouse=True)
def debug_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSHEET_DEBUG", "1")  # a bug in factsheet raises here instead of being reported


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_case(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    previous_site: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    briefing = write_briefing(tmp_path / "b", case.files)
    out = tmp_path / "out"
    shutil.copytree(previous_site, out, symlinks=True)
    before = hashes(out)
    if case.setup:
        case.setup(briefing, monkeypatch)
    around = tree(tmp_path, skip="out")

    code, stderr = run_cli(["build", "b", "-o", "out"], capsys)
    monkeypatch.undo()  # the simulated failures must not reach the checks below
    monkeypatch.chdir(tmp_path)

    assert_clean_diagnostics(stderr)
    if case.errors:
        assert code == 1, stderr
        for expected in case.errors:
            assert expected in stderr, f"missing: {expected}\n--- got:\n{stderr}"
        assert hashes(out) == before, "a failed build changed the previous site"
    else:
        assert code == 0, stderr
        assert scan_site(out) == []
        for page, text in case.shown:
            assert text in (out / page).read_text(encoding="utf-8"), page
    assert tree(tmp_path, skip="out") == around, (
        "the build wrote or removed something outside its output folder"
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".factsheet-tmp-")]
    assert not (tmp_path / "PWNED").exists()


def test_corpus_size() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 100


# --- markup in every Text and Markdown field ----------------------------------------------------------


def test_kitchen_sink_sets_every_text_and_markdown_field(tmp_path: Path) -> None:
    """The generated briefing really puts the payload in every Text and Markdown field of every type."""
    marker = "PAYLOAD-MARKER"
    files = kitchen_sink(marker)
    found = 0

    def count(value: object, under_extra: bool = False) -> None:
        nonlocal found
        if isinstance(value, dict):
            for key, item in value.items():
                count(item, under_extra or key.startswith("x_"))
        elif isinstance(value, list):
            for item in value:
                count(item, under_extra)
        elif value == marker and not under_extra:
            found += 1

    for text in files.values():
        if isinstance(text, str):  # the record files; the theme's logo is bytes
            count(json.loads(text))
    fields = text_fields()
    assert len(fields) > 40
    assert found == len(fields), fields


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_in_every_field_is_inert(
    payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_briefing(tmp_path / "b", {**{k: None for k in BASE}, **kitchen_sink(payload)})
    code, stderr = run_cli(["build", "b", "-o", "out"], capsys)
    assert_clean_diagnostics(stderr)
    assert code == 0, stderr
    out = tmp_path / "out"
    assert scan_site(out) == []
    event = (out / "events" / "e1" / "index.html").read_text(encoding="utf-8")
    # a Text field: shown as written (its quotes typographic, which cannot end an attribute), escaped
    assert f"<h1>{escape(curl_quotes(payload))}</h1>" in event
    data = json.loads((out / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert data["events"][0]["title"] == payload  # the data keeps the exact text
    if "{{ 7*7 }}" in payload:
        assert "{{ 7*7 }}" in event  # values are data, never templates


def test_markdown_fields_lose_active_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = (
        "[safe](https://example.org/ok) [bad](javascript:alert(1)) <b onclick=alert(1)>bold</b> "
        "<script>alert(1)</script>text after"
    )
    monkeypatch.chdir(tmp_path)
    write_briefing(
        tmp_path / "b", {"briefing.yaml": f"title: T\nas_of: 2024-01-19\nsummary: {json.dumps(summary)}\n"}
    )
    code, stderr = run_cli(["build", "b", "-o", "out"], capsys)
    assert code == 0, stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/ok" rel="noopener noreferrer">safe</a>' in page
    assert '<a rel="noopener noreferrer">bad</a>' in page
    assert "<b>bold</b>" in page
    assert "alert" not in page
    assert "text after" in page


# --- embedded JSON, the policy and its documentation -------------------------------------------------


@pytest.mark.parametrize("payload", [*PAYLOADS, "</SCRIPT >", "<!--<script>", "\u2028\u2029", "a&b<c>d"])
def test_json_for_a_script_element_cannot_close_it(payload: str) -> None:
    embedded = str(escape_json(json.dumps({"v": payload}, ensure_ascii=False)))
    assert not re.search(r"[<>&\u2028\u2029]", embedded)
    assert json.loads(embedded) == {"v": payload}


def test_every_page_declares_the_policy_and_the_docs_give_the_header(previous_site: Path) -> None:
    assert scan_site(previous_site) == []  # includes: exactly one CSP meta, equal to CSP, on every page
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP and "default-src 'none'" in CSP
    docs = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    assert f"Content-Security-Policy: {CSP}" in docs
    assert CSP == render.CSP  # the policy base.html declares


# --- the same cases through a real process, with the memory capped -----------------------------------


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


FLOODS = {
    "aliases": (
        "- id: report\n  title: &t A\n  x_f: [" + "*t," * 500_000 + "]\n",
        "error: more than 100 problems in this file; stopped reading it here",
    ),
    # the record limit (a million) lowered through its environment variable in the process below
    "records": ("- {}\n" * 50_001, "error: more than 50000 records; stopped reading here: raise the limit "
                "with the environment variable FACTSHEET_MAX_RECORDS"),
    "scalars": ("[" + "x," * 100_000 + "]\n", "error: expected a record (a mapping of keys), found 'x'"),
}


def test_the_value_budget_spans_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The limit of values is for the whole briefing, not per file (lowered here: a million takes seconds)."""
    from generator import yamlnodes

    monkeypatch.setattr(yamlnodes, "MAX_NODES", 200)
    monkeypatch.chdir(tmp_path)
    values = ",".join("1" * 20)
    files = {f"events/{i}.yaml": f"- {{id: e{i}, x_l: [{values}]}}\n" for i in range(10)}
    write_briefing(tmp_path / "b", files)
    code, stderr = run_cli(["build", "b", "-o", "out"], capsys)
    assert code == 1
    assert "b/content/events/8.yaml:1:" in stderr and "error: the briefing has more than 200 values" in stderr


@pytest.mark.parametrize("flood", sorted(FLOODS))
def test_floods_stay_small_and_quick_in_a_real_process(flood: str, tmp_path: Path) -> None:
    text, expected = FLOODS[flood]
    write_briefing(tmp_path / "b", {"sources.yaml": text})
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "b", "-o", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONPATH": str(REPO), "FACTSHEET_MAX_RECORDS": "50000"},
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert expected in done.stderr
    assert_clean_diagnostics(done.stderr)
    assert len(done.stderr.splitlines()) < 200  # bounded output, not one line per value
    assert time.monotonic() - started < 60
    assert not (tmp_path / "out").exists()


def test_a_fifo_swapped_in_after_the_walk_does_not_block(tmp_path: Path) -> None:
    """The walk saw a file; by the time it is read, it is a FIFO with no writer. Opening must not wait."""
    from generator.load import read_text
    from generator.problems import Problems

    pipe = tmp_path / "events.yaml"
    os.mkfifo(pipe)
    problems = Problems()
    with deadline(5):
        assert read_text(pipe, "events.yaml", problems) is None
    assert [p.format() for p in problems.items] == [
        "events.yaml:1:1: error: 'events.yaml' is not a regular file (a pipe, socket or device); "
        "factsheet reads only ordinary files"
    ]


def test_a_really_unreadable_file(tmp_path: Path) -> None:
    """A file whose mode bits forbid reading. Root ignores mode bits, so as root the check runs in a forked
    child that has dropped to `nobody` (after every import, so nothing needs reading under /root)."""
    from generator.build import check_briefing

    home = Path(tempfile.mkdtemp(prefix="factsheet-perm-", dir="/tmp"))
    try:
        write_briefing(home / "b", {})
        (home / "b" / "content" / "places.yaml").chmod(0o000)
        for path in [home, *home.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            try:
                os.close(read_end)
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                os.chdir(home)
                _model, problems = check_briefing(Path("b"))
                os.write(write_end, "\n".join(p.format() for p in problems.sorted()).encode())
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            reported = pipe.read().decode()
        os.waitpid(pid, 0)
        assert reported.splitlines() == ["b/content/places.yaml:1:1: error: cannot read file: Permission denied"]
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_a_site_that_multiplies_long_texts_stops_at_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], previous_site: Path
) -> None:
    """Regression: 2 MB of content (20 long titles, each related from 200 events) made a 777 MB site and
    1.2 GB of memory, and ten times more events would exhaust it. The limit (2 GiB) is lowered here."""
    from generator import render

    monkeypatch.setattr(render, "MAX_SITE_BYTES", 2 * 1024 * 1024)
    monkeypatch.setattr(render, "MAX_PAGE_BYTES_AVERAGE", 4 * 1024)  # its ~240 pages: 1 MB, under the 2 MB floor
    monkeypatch.chdir(tmp_path)
    related = "[" + ",".join(f"k{i}" for i in range(20)) + "]"
    big = "".join(
        f"- id: k{i}\n  date: 2024-01-01\n  title: {'T' * 5000}\n  sources: [report]\n" for i in range(20)
    )
    small = "".join(
        f"- id: m{i}\n  date: 2024-01-02\n  title: m\n  related: {related}\n  sources: [report]\n"
        for i in range(200)
    )
    write_briefing(tmp_path / "b", {"events.yaml": BASE["events.yaml"] + big + small})
    shutil.copytree(previous_site, tmp_path / "out")
    before = hashes(tmp_path / "out")
    code, stderr = run_cli(["build", "b", "-o", "out"], capsys)
    assert code == 1
    assert re.search(r"(?m)^\S+:\d+:\d+: error: the site would be larger than 2 MB for its [\d,]+ pages \(reached at ",
                     stderr)
    assert_clean_diagnostics(stderr)
    assert hashes(tmp_path / "out") == before


def test_the_site_limit_grows_with_its_pages_and_the_environment_sets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # An honest page weighs about 21 KB on average, so 100,000 pages (a briefing of about 50,000 events)
    # need more than the 2 GiB floor; a text multiplied over few pages still meets the floor.
    from generator.render import MAX_PAGE_BYTES_AVERAGE, MAX_SITE_BYTES, site_limit_of

    assert site_limit_of(240) == MAX_SITE_BYTES == 2 * 1024**3
    assert site_limit_of(100_000) == 100_000 * MAX_PAGE_BYTES_AVERAGE > MAX_SITE_BYTES
    monkeypatch.setenv("FACTSHEET_MAX_SITE_BYTES", "5_000_000")
    assert site_limit_of(100_000) == 5_000_000
