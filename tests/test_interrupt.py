"""SIGKILL a build at many points from start-up to swap: the previous site stays byte-identical (or,
after the swap, the new one is whole), and the next build cleans up what the killed ones left."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hostile_cases import write_briefing

REPO = Path(__file__).resolve().parent.parent
EVENTS = 200
POINTS = 10


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def large_briefing(root: Path, label: str) -> None:
    events = "".join(
        f"- id: e{i}\n  date: 2024-01-{1 + i % 28:02d}\n  title: {label} event {i}\n"
        f"  summary: '{label}: *what* happened, [source](https://example.org/{i}).'\n"
        f"  actors: [iran, pakistan]\n  places: [tehran]\n  tags: [t{i % 7}]\n  sources: [report]\n"
        for i in range(EVENTS)
    )
    statements = "".join(
        f"- id: s{i}\n  speaker: iran\n  said_on: 2024-01-{1 + i % 28:02d}\n  mode: paraphrase\n"
        f"  text: {label} statement {i}\n  event: e{i}\n  sources: [report]\n"
        for i in range(EVENTS // 3)
    )
    write_briefing(root, {"events.yaml": events, "statements.yaml": statements})


def build(root: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(root), "-o", str(out)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def leftovers(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".factsheet-tmp-"))


def wait_for_write(proc: subprocess.Popen[bytes], parent: Path, limit: float) -> float | None:
    """Poll until the build's temporary folder appears (the write has begun); when it did, or None."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if leftovers(parent):
            return time.monotonic()
        time.sleep(0.001)
    return None


def test_sigkill_at_many_points_never_damages_the_site(tmp_path: Path) -> None:
    root, out, reference = tmp_path / "b", tmp_path / "out" / "site", tmp_path / "reference" / "site"
    large_briefing(root, "Before")
    assert build(root, out).wait(timeout=300) == 0
    old = hashes(out)
    large_briefing(root, "After")
    started = time.monotonic()
    proc = build(root, reference)
    writing = wait_for_write(proc, reference.parent, 300) or started
    assert proc.wait(timeout=300) == 0
    finished = time.monotonic()
    duration, write_time = finished - started, finished - writing
    new = hashes(reference)
    assert old != new and len(new) > EVENTS

    # Half the kills spread over the whole build (start-up, loading, rendering), half over the write and swap.
    points = [("whole", (k + 0.5) / (POINTS // 2)) for k in range(POINTS // 2)]
    points += [("write", k / (POINTS // 2 - 1)) for k in range(POINTS // 2)]
    for phase, fraction in points:
        proc = build(root, out)
        if phase == "whole":
            time.sleep(duration * fraction)
        elif wait_for_write(proc, out.parent, 300) is not None:
            time.sleep(write_time * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = hashes(out)
        assert now in (old, new), (
            f"a kill ({phase}, {fraction:.2f}) left a site that is neither old nor new"
        )
        assert (out / ".factsheet-site").is_file()
        # Nothing lands beside the output but the site and temporary folders.
        assert sorted(p.name for p in out.parent.iterdir() if not p.name.startswith(".factsheet-tmp-")) == [
            "site"
        ]
    # Where a timed kill lands depends on the machine's load; test_build.py kills at chosen points of the write.

    done = build(root, out)
    _stdout, stderr = done.communicate(timeout=300)
    assert done.returncode == 0, stderr
    assert leftovers(out.parent) == []
    assert hashes(out) == new


KILL_AFTER_FIRST_PAGES = """
import multiprocessing, os, signal, sys
from pathlib import Path
from generator import build as build_module
from generator.build import build

original = build_module._Stream.__call__
def stream(self, path, data):  # once pages are coming back from the workers: name them, then die at once
    original(self, path, data)
    if len(self.written) == 100:
        print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
build_module._Stream.__call__ = stream
build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=3)
"""


def test_a_build_killed_outright_leaves_no_render_worker_behind(tmp_path: Path) -> None:
    events = "".join(f"- id: e{i}\n  date: 2024-01-{1 + i % 28:02d}\n  title: Event {i}\n  sources: [report]\n"
                     for i in range(600))  # pages enough to be rendered in parallel (render.PARALLEL_FROM)
    write_briefing(tmp_path / "b", {"events.yaml": events})
    # Not subprocess.run: a worker left behind would hold the output pipe open, and reading it to its end hang.
    proc = subprocess.Popen([sys.executable, "-c", KILL_AFTER_FIRST_PAGES, str(tmp_path / "b"), str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout is not None
    workers = [int(pid) for pid in proc.stdout.readline().split()]
    assert proc.wait(timeout=300) == -signal.SIGKILL
    proc.stdout.close()
    assert len(workers) == 2  # jobs=3: the build's own process and two forked workers
    deadline = time.monotonic() + 60  # a bound, not a speed: the kernel signals them as the build dies
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.05)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)  # leave the machine as found, then fail
    assert alive == []
