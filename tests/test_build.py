"""Whole builds: atomic (even when killed), refusing foreign folders, deterministic, and the repository's own
content/ builds strictly with every page the site contract promises."""

# ruff: noqa: E501  (exact messages read best unbroken)

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import cli
from generator.build import build, check_briefing

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)

REPO = Path(__file__).resolve().parent.parent
TEMP_GLOB = ".factsheet-tmp-*"


def hashes(root: Path) -> dict[str, str]:
    """Every file below root (hidden ones too) with its SHA-256."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.glob(TEMP_GLOB))


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), **extra}
    env.pop("FACTSHEET_DEBUG", None)
    return env


# --- atomicity -----------------------------------------------------------------------------------


def test_failed_build_leaves_the_previous_site_byte_identical(briefing_dir: WriteBriefing, tmp_path: Path) -> None:
    directory = briefing_dir()
    assert cli.main(["build", "b"]) == 0
    before = hashes(directory / "site")
    assert "index.html" in before and ".factsheet-site" in before
    briefing_dir({"events.yaml": "- id: strike\n  date: 2024-02-30\n"})
    assert cli.main(["build", "b"]) == 1
    assert hashes(directory / "site") == before
    assert leftovers(directory) == []
    assert sorted(p.name for p in directory.iterdir()) == ["content", "site"]


def test_template_error_leaves_the_previous_site_byte_identical(briefing_dir: WriteBriefing) -> None:
    directory = briefing_dir()
    assert cli.main(["build", "b"]) == 0
    before = hashes(directory / "site")
    (directory / "templates").mkdir()
    (directory / "templates" / "place.html").write_text("{{ page.record.nope.nope }}\n")
    assert cli.main(["build", "b"]) == 1
    assert hashes(directory / "site") == before
    assert leftovers(directory) == []


def test_a_good_build_replaces_the_site_entirely(briefing_dir: WriteBriefing) -> None:
    directory = briefing_dir()
    assert cli.main(["build", "b"]) == 0
    (directory / "site" / "stale.html").write_text("from an older build")
    briefing_dir({"events.yaml": "- id: strike\n  date: 2024-01-16\n  title: Renamed\n"
                                 "  actors: [iran, pakistan]\n  places: [tehran]\n  sources: [report]\n"})
    assert cli.main(["build", "b"]) == 0
    assert not (directory / "site" / "stale.html").exists()
    assert "Renamed" in (directory / "site" / "events" / "strike" / "index.html").read_text()
    assert leftovers(directory) == []


def test_leftovers_of_an_interrupted_build_are_cleaned(briefing_dir: WriteBriefing) -> None:
    directory = briefing_dir()
    stale = directory / ".factsheet-tmp-site-abc123"
    (stale / "events").mkdir(parents=True)
    (stale / "events" / "half.html").write_text("<p>half")
    other = directory / ".factsheet-tmp-public-abc123"  # belongs to a build of another output folder
    other.mkdir()
    assert cli.main(["build", "b"]) == 0
    assert leftovers(directory) == [other.name]


@pytest.mark.parametrize(
    "setup",
    ["user-file", "nested-user-file"],
)
def test_refuses_to_replace_a_folder_it_did_not_write(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str],
                                                      setup: str) -> None:
    briefing_dir()
    mine = Path("public/notes.txt") if setup == "user-file" else Path("public/deep/notes.txt")
    mine.parent.mkdir(parents=True)
    mine.write_text("precious")
    before = hashes(Path("public"))
    assert cli.main(["build", "b", "-o", "public"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "public:1:1: error: public is not empty and was not written by factsheet; refusing to replace it "
        "(choose another -o)",
        "factsheet: 1 error, 0 warnings",
        "factsheet: build failed; the previous site was left as it was",
    ]
    assert hashes(Path("public")) == before
    assert leftovers(Path(".")) == []


def test_refuses_to_replace_a_file(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir()
    Path("out").write_text("a file")
    assert cli.main(["build", "b", "-o", "out"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "out:1:1: error: out exists and is not a folder; choose another output folder"
    )
    assert Path("out").read_text() == "a file"


def test_an_empty_output_folder_is_used(briefing_dir: WriteBriefing) -> None:
    briefing_dir()
    Path("public").mkdir()
    assert cli.main(["build", "b", "-o", "public"]) == 0
    assert Path("public/index.html").is_file()


def test_build_function_leaves_out_untouched_on_errors(briefing_dir: WriteBriefing) -> None:
    directory = briefing_dir({"sources.yaml": "- id: report\n"})
    result = build(directory, directory / "site")
    assert not result.ok and result.written is None
    assert not (directory / "site").exists()


def big_briefing(write_content: Callable[..., Path], root: Path, events: int, title: str) -> None:
    text = "".join(
        f"- id: e{i}\n  date: 2024-01-{i % 28 + 1:02d}\n  title: {title} {i}\n  summary: Event number {i}.\n"
        "  actors: [iran, pakistan]\n  places: [tehran]\n  sources: [report]\n"
        for i in range(events)
    )
    write_content(root, {"events.yaml": text})


# Runs a build that kills itself at an exact point of the write: at the Nth file it opens, or right after the
# swap. Where the kill lands is chosen, not timed, so the test holds on a busy machine.
KILLING_BUILD = """
import os, signal, sys
import generator.write as write
at, argv = sys.argv[1], sys.argv[2:]
opened = 0
def killing_open(path, mode="r", *args, **kwargs):
    global opened
    if "x" in mode:
        opened += 1
        if at == str(opened):
            os.kill(os.getpid(), signal.SIGKILL)
    return open(path, mode, *args, **kwargs)
write.open = killing_open
if at == "after-swap":
    exchange = write._exchange
    def killing_exchange(a, b):
        done = exchange(a, b)
        os.kill(os.getpid(), signal.SIGKILL)
        return done
    write._exchange = killing_exchange
from generator.cli import main
sys.exit(main(argv))
"""


def test_build_killed_mid_write_leaves_the_previous_site(tmp_path: Path, write_content: Callable[..., Path]) -> None:
    """SIGKILL a build at chosen points of its write: the old site stays whole, or after the swap the new one
    is; the next build cleans up."""
    root = tmp_path / "big"
    out = tmp_path / "site"
    big_briefing(write_content, root, 400, "Before")
    args = ["build", str(root), "-o", str(out), "--jobs", "1"]
    subprocess.run([sys.executable, "-m", "generator", *args], env=subprocess_env(), check=True,
                   capture_output=True, timeout=120)
    old = hashes(out)
    big_briefing(write_content, root, 400, "After")
    reference = tmp_path / "reference"  # what a complete build of the new content looks like
    subprocess.run([sys.executable, "-m", "generator", "build", str(root), "-o", str(reference), "--jobs", "1"],
                   env=subprocess_env(), check=True, capture_output=True, timeout=120)
    new = hashes(reference)
    for at in ("1", "2", "150", "after-swap"):
        before = hashes(out)
        proc = subprocess.run([sys.executable, "-c", KILLING_BUILD, at, *args], env=subprocess_env(),
                              capture_output=True, timeout=120)
        assert proc.returncode == -signal.SIGKILL, (at, proc.stderr)
        now = hashes(out)
        if at == "after-swap":
            assert now == new, "the kill came after the swap: the site must be the complete new site"
        else:
            assert now == before == old, f"a kill at file {at} changed the site"
            assert leftovers(tmp_path), "a kill mid-write leaves its temporary folder, for the next build to clean"
    done = subprocess.run([sys.executable, "-m", "generator", *args], env=subprocess_env(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert leftovers(tmp_path) == []
    assert "After 7" in (out / "events" / "e7" / "index.html").read_text()


# --- determinism ---------------------------------------------------------------------------------


def test_two_builds_are_byte_identical_whatever_the_environment(tmp_path: Path) -> None:
    briefing = tmp_path / "briefing"
    shutil.copytree(REPO / "content", briefing / "content")
    # Both builds use one snapshot of the code and theme, so an edit in the working tree between them cannot count.
    code = tmp_path / "code"
    for part in ("generator", "templates"):
        shutil.copytree(REPO / part, code / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "elsewhere").mkdir()
    runs = [
        (tmp_path, {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C"}, tmp_path / "one"),
        (tmp_path / "elsewhere", {"PYTHONHASHSEED": "4242", "TZ": "Asia/Tehran", "LC_ALL": "C.UTF-8"}, tmp_path / "two"),
    ]
    for cwd, env, out in runs:
        command = [sys.executable, "-m", "generator", "build", os.path.relpath(briefing, cwd), "-o", str(out)]
        env = {**subprocess_env(**env), "PYTHONPATH": str(code)}
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    one, two = hashes(tmp_path / "one"), hashes(tmp_path / "two")
    assert len(one) > 10
    assert one == two


# --- the repository's own content ----------------------------------------------------------------


def test_repository_content_builds_strictly_with_every_contract_page(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    status = cli.main(["build", "--strict", str(REPO), "-o", str(out)])
    lines = capsys.readouterr().err.splitlines()[:-1]  # no problem lines at all, not even warnings
    assert [line.split(":")[:2] for line in lines] == [["factsheet", " note"]]  # only: no base_url
    assert status == 0
    briefing, _problems = check_briefing(REPO)
    assert briefing is not None

    def page(rel: str) -> str:
        path = out / rel
        assert path.is_file(), f"missing {rel}"
        return path.read_text(encoding="utf-8")

    for rel in ("index.html", "actors/index.html", "places/index.html", "brief/index.html"):
        page(rel)
    timeline, statements, sources = page("timeline/index.html"), page("statements/index.html"), page(
        "sources/index.html")
    for event in briefing.events:
        page(f"events/{event.id}/index.html")
        assert f'id="{event.id}"' in timeline
    for actor in briefing.actors:
        page(f"actors/{actor.id}/index.html")
    for statement in briefing.statements:
        page(f"statements/{statement.id}/index.html")
        assert f'id="{statement.id}"' in statements
    for place in briefing.places:
        page(f"places/{place.id}/index.html")
    for source in briefing.sources:
        assert f'id="{source.id}"' in sources
    data = json.loads(page("data/briefing.json"))
    for collection in ("events", "actors", "statements", "sources", "places"):
        assert [r["id"] for r in data[collection]] == [r.id for r in getattr(briefing, collection)]
    assert data["briefing"]["title"] == briefing.meta.title
    # Self-contained: nothing is loaded from another host.
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html), path


def test_a_previous_site_left_between_two_renames_is_put_back(tmp_path: Path) -> None:
    """Without renameat2 the swap is two renames; a kill between them leaves only the "-old" folder."""
    from generator.write import MARKER, TEMP_PREFIX, clean_leftovers

    out = tmp_path / "site"
    old = tmp_path / f"{TEMP_PREFIX}site-abc123-old"
    old.mkdir()
    (old / MARKER).write_text("")
    (old / "index.html").write_text("previous")
    half_written = tmp_path / f"{TEMP_PREFIX}site-def456"
    half_written.mkdir()
    clean_leftovers(out)
    assert (out / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
