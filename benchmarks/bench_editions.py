"""Times reading and comparing editions: N editions of a synthetic briefing, each a few desk edits on the last.

python benchmarks/bench_editions.py [--events 1000] [--editions 100]
A report, not a test: prints seconds for each step, cold (a fresh cache) and warm (the same cache again,
as `serve` has it on a rebuild)."""

from __future__ import annotations

import argparse
import copy
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_briefing import make_briefing  # noqa: E402

from generator.build import check_briefing  # noqa: E402
from generator.editionread import editions_of  # noqa: E402
from generator.editions import (  # noqa: E402
    EditionCache,
    changes_since,
    edition_bytes,
    edition_changes,
    figure_history_of,
    published_files,
    snapshot_of,
    write_edition,
)
from generator.jsondata import briefing_data  # noqa: E402
from generator.problems import Problems  # noqa: E402


def desk_edit(data: dict[str, Any], n: int) -> None:
    """What a desk does between editions: a new event, a revised figure, a corrected statement."""
    events = data["events"]
    new = copy.deepcopy(events[n % len(events)])
    new["id"], new["title"] = f"added-{n}", f"Event added in edition {n + 2}"
    events.append(new)
    for event in events[n % 50:]:
        if event.get("figures"):
            event["figures"][0]["value"] = event["figures"][0].get("value", 0) + 1
            break
    statement = data["statements"][n % len(data["statements"])]
    statement["text"] = f"{statement['text']} (corrected {n})"
    data["edition"] = n + 2


def timed(label: str, step: Any) -> Any:
    start = time.perf_counter()
    result = step()
    print(f"{label:<48} {time.perf_counter() - start:7.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--editions", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = make_briefing(Path(scratch) / "b", events=args.events)
        briefing, problems = check_briefing(root)
        assert briefing is not None, [p.format() for p in problems.sorted()]
        data = snapshot_of(briefing, 1)
        size = 0
        for n in range(args.editions):
            raw = edition_bytes(data)
            size += len(raw)
            write_edition(root / "editions", n + 1, raw)
            desk_edit(data, n)
        print(f"{args.editions} editions of {args.events} events: {size / 1e6:.1f} MB of editions/")
        current = briefing_data(briefing)
        cache = EditionCache()
        measure("cold", root, current, cache)
        measure("warm", root, current, cache)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS, whole process): {peak:.0f} MB")


def measure(run: str, root: Path, current: dict[str, Any], cache: EditionCache) -> None:
    editions = timed(f"{run}: read and check every edition", lambda: editions_of(root, Problems(), cache))
    timed(f"{run}: differences between consecutive editions", lambda: edition_changes(editions, cache))
    timed(f"{run}: changes since the last edition", lambda: changes_since(editions[-1], current, cache))
    timed(f"{run}: data/editions/ files", lambda: published_files(editions, cache))
    timed(f"{run}: figure history", lambda: figure_history_of(editions, current, cache))


if __name__ == "__main__":
    main()
