"""The parent's CPU seconds, function by function, in one rebuild after an event's title is edited, by hand.

    FACTSHEET_CACHE_DIR=/dev/shm/<you>/cache PYTHONPATH=. python benchmarks/rebuild_cpu.py BRIEFING OUT [--jobs N]

BRIEFING is a briefing folder that is edited in place (use a copy: e.g. of /tmp/bench-work/corpus-10000-split),
OUT its site, built before with the same code and cache (else everything renders again). The first event
file's title gets a new suffix each run, then `build()` runs in this process (no search), with the
functions below wrapped in `time.process_time()`; the forked processes' CPU comes from RUSAGE_CHILDREN. A
report, not a test: CPU seconds are the steadier figure on a shared machine, wall seconds are shown too.
"""

from __future__ import annotations

import argparse
import importlib
import re
import resource
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

WRAPPED = [  # (module, attribute): a name the build no longer has is skipped, so older code can be measured
    ("generator.build", "check_briefing"), ("generator.build", "plan_pages"), ("generator.build", "make_env"),
    ("generator.build", "render_site"), ("generator.build", "render_pages"), ("generator.build", "inputs_digest"),
    ("generator.build", "check_site_paths"), ("generator.build", "_Stream.__call__"),
    ("generator.cache", "PageCache.reuse_pages"), ("generator.cache", "PageCache.save"),
    ("generator.write", "SiteWriter.finish"), ("generator.write", "SiteWriter.abandon"),
]
cpu: Counter[str] = Counter()
wall: Counter[str] = Counter()
calls: Counter[str] = Counter()


def wrap(module: str, attribute: str, key: Callable[..., str] | None = None) -> None:
    owner: Any = importlib.import_module(module)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part, None)
    original = getattr(owner, name, None)
    if original is None:
        return

    def timed(*args: Any, **kwargs: Any) -> Any:
        started, clock = time.process_time(), time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            label = attribute + (f" {key(*args)}" if key else "")
            cpu[label] += time.process_time() - started
            wall[label] += time.perf_counter() - clock
            calls[label] += 1

    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("briefing", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    for module, attribute in WRAPPED:
        wrap(module, attribute)
    wrap("generator.render", "_Renderer.render", key=lambda renderer, i: renderer.pages[i].template)
    from generator.build import build

    event = min((args.briefing / "content" / "events").rglob("*.yaml"))
    event.write_text(re.sub(r"(?m)^title: (.*?)( \(run \d+\))?$", rf"title: \1 (run {time.time_ns()})",
                            event.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    clock, started = time.perf_counter(), time.process_time()
    result = build(args.briefing, args.out, jobs=args.jobs, search=False)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{event.name} edited: ok={result.ok}, {time.perf_counter() - clock:.2f} s wall, parent "
          f"{time.process_time() - started:.2f} s CPU, children {children.ru_utime + children.ru_stime:.2f} s CPU")
    for label, seconds in cpu.most_common():
        print(f"  {label:40} {seconds:6.2f} s CPU {wall[label]:6.2f} s wall {calls[label]:6d} calls")


if __name__ == "__main__":
    main()
