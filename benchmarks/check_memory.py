"""Where a check's memory goes: RSS after load, validate and link, what the linked model allocated, and
(with --trace) the largest holders by the line that allocated them.

    PYTHONPATH=. python benchmarks/check_memory.py /tmp/bench-work/corpus-10000-split [--clean] [--trace N]

Runs the steps of `build.check_briefing` one by one (load with the parse cache, validate, link) with the
collector off, as check_briefing does. --trace starts tracemalloc before loading (about 20x slower: use the
1,000-event corpus) and prints the N largest allocation sites still held after each step. Without it, only
link is traced: "model" is what link allocated and the model still holds (objects, tuples, indexes; not the
strings and dates it took from the validated values). Run by hand: never a timed test.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.link import link  # noqa: E402
from generator.load import load_content  # noqa: E402
from generator.parsecache import ParseCache  # noqa: E402
from generator.problems import Problems  # noqa: E402
from generator.validate import check_record, validate  # noqa: E402


def rss_mb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def show_holders(top: int) -> None:
    stats = tracemalloc.take_snapshot().statistics("lineno")
    print(f"    traced {sum(s.size for s in stats) / 2**20:.1f} MB; the largest holders:")
    for s in stats[:top]:
        frame = s.traceback[0]
        print(f"    {s.size / 2**20:8.1f} MB {s.count:9,d} blocks  {Path(frame.filename).name}:{frame.lineno}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("briefing", type=Path)
    parser.add_argument("--clean", action="store_true", help="ignore the parse cache (a cold check)")
    parser.add_argument("--trace", type=int, default=0, metavar="N", help="trace from the start; show N holders")
    args = parser.parse_args()
    gc.disable()
    if args.trace:
        tracemalloc.start()
    problems = Problems()
    cache = ParseCache(args.briefing, clean=args.clean)
    started = time.process_time()
    loaded = load_content(args.briefing, problems, cache, check_record)
    cache.save()
    print(f"load      {time.process_time() - started:6.2f} s CPU, RSS {rss_mb():5d} MB, "
          f"{len(loaded.records):,d} records, {cache.hits:,d} files from the parse cache")
    if args.trace:
        show_holders(args.trace)
    started = time.process_time()
    parsed = validate(loaded.records, problems, loaded.incomplete)
    del loaded
    print(f"validate  {time.process_time() - started:6.2f} s CPU, RSS {rss_mb():5d} MB, "
          f"{len(problems.items):,d} problems")
    if args.trace:
        show_holders(args.trace)
    if parsed is None:
        sys.exit("the briefing has errors: nothing to link")
    if not args.trace:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    started = time.process_time()
    briefing = link(parsed)
    del parsed
    gc.collect()
    spent = time.process_time() - started
    held = (tracemalloc.get_traced_memory()[0] - (0 if args.trace else before)) / 2**20
    what = "held in all (the model, the problems)" if args.trace else "allocated by link and held by the model"
    print(f"link      {spent:6.2f} s CPU, RSS {rss_mb():5d} MB, {held:.1f} MB {what}, {len(briefing.events):,d} events")
    if args.trace:
        show_holders(args.trace)
    print(f"peak RSS  {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
