"""Run a command and sample the memory of its whole process tree: the largest sum of PSS over time.

PSS (proportional set size, /proc/<pid>/smaps_rollup) splits each shared page between the processes
that map it, so the sum over a parent and its forked workers is what the tree really holds; RSS counts
a page shared copy-on-write once per process. Prints the peak sum of PSS, the peak of each process's
RSS and PSS, and the command's exit status. Run by hand: never a timed test.

    python benchmarks/treemem.py [--every 0.2] -- python -m generator build CORPUS -o /dev/shm/x --clean
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def children_of(pid: int) -> list[int]:
    """Every descendant of `pid` (through /proc/<pid>/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{p}/task/{task}/children") as stream:
                    kids = [int(k) for k in stream.read().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def memory_of(pid: int) -> tuple[int, int] | None:
    """(RSS, PSS) of one process in kB, or None when it has gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            fields = dict(line.split(":", 1) for line in stream if ":" in line and not line.startswith("0"))
        return int(fields["Rss"].split()[0]), int(fields["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples (default 0.2)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    started = time.monotonic()
    proc = subprocess.Popen(command)
    peak_sum, peak_at, peak_procs = 0, 0.0, 0
    largest: dict[int, tuple[int, int]] = {}
    while proc.poll() is None:
        total, procs = 0, 0
        for pid in (proc.pid, *children_of(proc.pid)):
            mem = memory_of(pid)
            if mem is None:
                continue
            rss, pss = mem
            total += pss
            procs += 1
            was = largest.get(pid, (0, 0))
            largest[pid] = (max(was[0], rss), max(was[1], pss))
        if total > peak_sum:
            peak_sum, peak_at, peak_procs = total, time.monotonic() - started, procs
        time.sleep(args.every)
    print(f"treemem: exit {proc.returncode}, {time.monotonic() - started:.1f} s wall; peak sum of PSS "
          f"{peak_sum / 1024:.0f} MB over {peak_procs} processes at {peak_at:.1f} s", file=sys.stderr)
    for pid, (rss, pss) in sorted(largest.items()):
        role = "parent" if pid == proc.pid else "child"
        print(f"treemem:   {role} {pid}: peak RSS {rss / 1024:.0f} MB, peak PSS {pss / 1024:.0f} MB", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
