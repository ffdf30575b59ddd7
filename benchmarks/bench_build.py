"""Times `factsheet build` (and check) on synthetic briefings and prints seconds and peak memory.

Run by hand: python benchmarks/bench_build.py [--events 1000 5000]
A report, not a test: figures vary with the machine.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_briefing import make_briefing  # noqa: E402


def run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one factsheet command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", *args], check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, nargs="+", default=[100, 1000, 5000])
    args = parser.parse_args()
    repo = Path(__file__).resolve().parent.parent
    print(f"{'briefing':<22}{'command':<10}{'seconds':>9}{'peak MiB':>10}{'pages':>8}")
    elapsed, peak = run(["build", str(repo), "-o", tempfile.mkdtemp() + "/site"])
    print(f"{'sample (content/)':<22}{'build':<10}{elapsed:>9.2f}{peak:>10.0f}")
    for n in args.events:
        with tempfile.TemporaryDirectory() as tmp:
            root = make_briefing(Path(tmp) / "b", n)
            for command in ("check", "build"):
                elapsed, peak = run([command, str(root)])
                pages = sum(1 for _ in (root / "site").rglob("*.html")) if command == "build" else ""
                print(f"{f'{n} events':<22}{command:<10}{elapsed:>9.2f}{peak:>10.0f}{pages:>8}")


if __name__ == "__main__":
    main()
