"""Times a cold build, a rebuild with nothing changed and a rebuild after editing one event, by hand.

    PYTHONPATH=. python benchmarks/bench_rebuild.py CORPUS [--out /dev/shm/rebuild] [--jobs N] [--phases]
        [--no-search] [--edit title|locator]

CORPUS is a briefing folder (e.g. /tmp/bench-work/corpus-10000-split from bench_hugo.py). It is
copied (the edit must not touch the original), built cold into OUT with `--clean`, built again
unchanged, then one event's title is changed (`--edit locator`: a citation's locator instead, which
changes pages but no text the search index holds) and it is built again, each in a fresh process under
`/usr/bin/time -v`; `--no-search` is passed to every build. Prints wall and CPU seconds and peak memory of
each. A report, not a test: on a shared machine the seconds move; compare the three lines of one run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(argv: list[str], show: bool = False) -> dict[str, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one command; `show` prints what it printed."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *argv], env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(argv)}\n{done.stderr[-3000:]}")
    if show:
        print(done.stdout, end="")
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", done.stderr).group(1))  # type: ignore[union-attr]
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", done.stderr).group(1))  # type: ignore[union-attr]
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))  # type: ignore[union-attr]
    return {"wall": wall, "cpu": user + system, "peak_mb": peak / 1024}


EDITS = {"title": r"^(\s*-?\s*title: )(.*)$", "locator": r"^(\s*-?\s*locator: )(.*)$"}


def edit_one_event(briefing: Path, what: str = "title") -> Path:
    """Change the title (or a citation's locator) of the first event file that has one; the file changed."""
    for path in sorted((briefing / "content" / "events").rglob("*.yaml")) or [briefing / "content" / "events.yaml"]:
        text = path.read_text(encoding="utf-8")
        edited = re.sub(EDITS[what], r"\1\2 (edited)", text, count=1, flags=re.M)
        if edited != text:
            path.write_text(edited, encoding="utf-8")
            return path
    raise SystemExit(f"no event {what} found under {briefing / 'content'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a briefing folder (holds content/)")
    parser.add_argument("--out", type=Path, default=Path("/dev/shm/factsheet-rebuild"), help="site folder (replaced)")
    parser.add_argument("--jobs", type=int, help="render processes (default: factsheet's, one per core)")
    parser.add_argument("--phases", action="store_true",
                        help="run the edited rebuild under benchmarks/phases.py and print its phases")
    parser.add_argument("--no-search", action="store_true", help="build without the search index")
    parser.add_argument("--edit", choices=sorted(EDITS), default="title", help="what to edit in one event")
    args = parser.parse_args()
    jobs = (["--jobs", str(args.jobs)] if args.jobs else []) + (["--no-search"] if args.no_search else [])
    with tempfile.TemporaryDirectory(prefix="factsheet-rebuild-") as work:
        briefing = Path(work) / "briefing"
        shutil.copytree(args.corpus / "content", briefing / "content")
        shutil.rmtree(args.out, ignore_errors=True)
        build = [sys.executable, "-m", "generator", "build", str(briefing), "-o", str(args.out), *jobs]
        rows = [("cold build (--clean)", timed([*build, "--clean"])), ("nothing changed", timed(build))]
        edited = edit_one_event(briefing, args.edit)
        if args.phases:  # the same build, its phases timed from outside (phases.py has no --clean: none needed)
            phases = [sys.executable, str(REPO / "benchmarks" / "phases.py"), str(briefing), str(args.out), *jobs]
            rows.append((f"one event's {args.edit} edited ({edited.name}), phases", timed(phases, show=True)))
        else:
            rows.append((f"one event's {args.edit} edited ({edited.name})", timed(build)))
    print(f"{args.corpus.name}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    for label, m in rows:
        print(f"  {label:<45} {m['wall']:7.2f} s wall {m['cpu']:7.2f} s CPU {m['peak_mb']:7.0f} MB")


if __name__ == "__main__":
    main()
