"""Times what search adds to a build: the records, Pagefind's run over their pages, the bundle read back.

    PYTHONPATH=. python benchmarks/bench_search.py CORPUS [--builds OUT]

CORPUS is a briefing folder (e.g. /tmp/bench-work/corpus-10000-split). The briefing is checked first
(not timed), then the steps of generator/search.py are timed in this process, wall and CPU seconds,
Pagefind's own CPU counted as a child's: the records (their Markdown converted), the records again with
the plain texts a last build kept (what a rebuild pays), the record pages, Pagefind, the bundle read back.
The record pages and Pagefind's output go to a temporary folder beside OUT, as in a build
(else the system's: deleting tens of thousands of small files can take minutes on a disk mounted with
`discard`, as this project's machine's is; /dev/shm takes a second).
With --builds, the whole command is also run twice under
`/usr/bin/time -v` into OUT, with `--no-search` and with search (the default), each with `--clean`.
A report, not a test: on a shared machine the seconds move; compare the lines of one run.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import check_briefing  # noqa: E402
from generator.search import Indexing, PlainTexts, records_of  # noqa: E402


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure_steps(corpus: Path, out: Path | None) -> None:
    briefing, problems = check_briefing(corpus)
    if briefing is None:
        raise SystemExit(f"{corpus}: the briefing has errors")
    lang = briefing.meta.lang.split("-")[0].lower()
    steps: list[tuple[str, float, float]] = []
    wall, cpu, children = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)

    def lap(name: str) -> None:
        nonlocal wall, cpu, children
        now, mine, theirs = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        steps.append((name, now - wall, (mine - cpu) + (theirs - children)))
        wall, cpu, children = now, mine, theirs

    with tempfile.TemporaryDirectory(prefix="factsheet-bench-search-") as work:
        texts = PlainTexts(path=Path(work) / "texts.json")
        records = records_of(briefing, plain=texts)
        lap("records (from the model)")
        texts.save()
        lap("their plain texts kept for the next build")
        again = records_of(briefing, plain=PlainTexts(path=Path(work) / "texts.json"))
        lap("records again, texts from the last build")
    assert again == records
    indexing = Indexing(records, lang, out)  # its temporary folder beside `out`, as in a build
    lap("record pages written, Pagefind started")
    indexing.wait()
    lap(f"Pagefind's runs, {indexing.count} shards (their CPU as children)")
    files = indexing.files()
    lap("bundle read back and put in order")
    print(f"{corpus.name}: {len(records)} records, {len(files)} files, {sum(map(len, files.values())) / 1e6:.1f} MB")
    for name, seconds, cpu_seconds in steps:
        print(f"  {name:40} {seconds:6.2f} s wall {cpu_seconds:6.2f} s CPU")
    print(f"  {'total':40} {sum(s[1] for s in steps):6.2f} s wall {sum(s[2] for s in steps):6.2f} s CPU")


def timed_build(corpus: Path, out: Path, *options: str) -> str:
    argv = ["/usr/bin/time", "-v", sys.executable, "-m", "generator", "build", str(corpus), "-o", str(out),
            "--clean", "-q", *options]
    done = subprocess.run(argv, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True)
    def field(label: str) -> str:
        found = re.search(rf"{re.escape(label)}: (\S+)", done.stderr)
        return found.group(1) if found else "?"
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return (f"build {' '.join(options) or '(search)':12} {field('Elapsed (wall clock) time (h:mm:ss or m:ss)')} wall "
            f"{cpu:.2f} s CPU, peak {int(field('Maximum resident set size (kbytes)')) // 1024} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--builds", type=Path, metavar="OUT", help="also time two whole builds into OUT")
    args = parser.parse_args()
    measure_steps(args.corpus, args.builds)
    if args.builds:
        print(timed_build(args.corpus, args.builds, "--no-search"))
        print(timed_build(args.corpus, args.builds))


if __name__ == "__main__":
    main()
