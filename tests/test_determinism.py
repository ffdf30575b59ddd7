"""Determinism under pressure: time zones, locales, hash seeds, working folders, briefing locations,
file-system order and file times must not change one byte of the site."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sitedigest import digest_of

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tests" / "briefings" / "multiscript"


def copy_in_order(source: Path, target: Path, reverse: bool) -> None:
    """Copy a tree creating entries in sorted or reversed order (directory order follows creation on
    some file systems), with different file times."""
    paths = sorted(source.rglob("*"), reverse=reverse)
    for path in sorted((p for p in paths if p.is_dir()), key=lambda p: len(p.parts)):
        (target / path.relative_to(source)).mkdir(parents=True, exist_ok=True)
    for i, path in enumerate(p for p in paths if p.is_file()):
        copy = target / path.relative_to(source)
        shutil.copyfile(path, copy)
        stamp = 1_000_000_000 + (i * 7919 if reverse else -i * 104729) % 10**8
        os.utime(copy, (stamp, stamp))


RUNS = [
    # (time zone, locale, hash seed, build from: "parent" | "inside" | "elsewhere", reversed copy, umask)
    ("UTC", "C", "0", "parent", False, 0o022),
    ("Asia/Tehran", "C.UTF-8", "1", "inside", True, 0o077),
    ("Pacific/Kiritimati", "POSIX", "4242", "elsewhere", False, 0o002),
    ("America/St_Johns", "C.utf8", "random", "elsewhere", True, 0o022),
]


def test_same_site_under_every_environment(tmp_path: Path) -> None:
    sites = []
    for n, (tz, locale, seed, where, reverse, umask) in enumerate(RUNS):
        briefing = tmp_path / f"copy-{n}" / ("nested/" * n) / "briefing"
        copy_in_order(SOURCE, briefing, reverse)
        out = tmp_path / f"site-{n}"
        cwd = {"parent": briefing.parent, "inside": briefing, "elsewhere": tmp_path}[where]
        cwd.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "TZ": tz,
            "LC_ALL": locale,
            "LANG": locale,
            "PYTHONHASHSEED": seed,
            "FACTSHEET_DEBUG": "1",
        }
        command = [sys.executable, "-m", "generator", "build", os.path.relpath(briefing, cwd), "-o", str(out)]
        done = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=functools.partial(os.umask, umask),
        )
        assert done.returncode == 0, done.stderr
        sites.append(digest_of(out))
    assert len(sites[0]) > 20
    for n, site in enumerate(sites[1:], 1):
        differ = sorted(k for k in set(site) | set(sites[0]) if site.get(k) != sites[0].get(k))
        assert not differ, f"run {n} {RUNS[n]} differs in {differ[:10]}"


def test_problems_are_reported_in_the_same_order(tmp_path: Path) -> None:
    """Diagnostics are output too: the same lines in the same order whatever the directory order."""
    outputs = []
    for n, reverse in enumerate((False, True, False)):
        briefing = tmp_path / f"run-{n}" / "b"
        copy_in_order(SOURCE, briefing, reverse)
        (briefing / "content" / "events" / "bad.yaml").write_text("- id: Bad\n  title: x\n- id: also bad\n")
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": str(n * 977)}
        done = subprocess.run(
            [sys.executable, "-m", "generator", "check", "b"],
            cwd=briefing.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1
        outputs.append(done.stderr)
    assert "b/content/events/bad.yaml:1:7: error:" in outputs[0]
    assert outputs[0] == outputs[1] == outputs[2]
