"""Regenerate the golden sites under tests/golden/ from the sample briefings under tests/briefings/.

    python tools/regen_golden.py            # every briefing
    python tools/regen_golden.py minimal    # only the ones named

Run it after an intended change to templates, CSS or rendering, then review `git diff tests/golden`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build  # noqa: E402

BRIEFINGS = REPO / "tests" / "briefings"
GOLDEN = REPO / "tests" / "golden"


def sample_briefings() -> list[str]:
    """Every folder under tests/briefings/ that holds a content/ folder, by name."""
    return sorted(p.name for p in BRIEFINGS.iterdir() if (p / "content").is_dir())


def build_sample(name: str, out: Path) -> list[str]:
    """Build tests/briefings/<name> strictly into `out`; the problems that stopped it, if any."""
    result = build(BRIEFINGS / name, out, strict=True)
    problems = [p.format() for p in result.problems]
    return problems or ([] if result.written else ["the site was not written"])


def regenerate(name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        problems = build_sample(name, out)
        if problems:
            raise SystemExit(f"{name}: build failed:\n" + "\n".join(problems))
        target = GOLDEN / name
        if target.exists():
            shutil.rmtree(target)
        # assets/ is the theme's files copied verbatim; tests/test_golden.py checks them against the theme
        shutil.copytree(out, target, ignore=lambda folder, names: ["assets"] if Path(folder) == out else [])
    count = sum(1 for p in target.rglob("*") if p.is_file())
    print(f"regenerated {target.relative_to(REPO)} ({count} files)")


def main(argv: list[str]) -> int:
    names = argv or sample_briefings()
    unknown = sorted(set(names) - set(sample_briefings()))
    if unknown:
        print(f"no such sample briefing: {', '.join(unknown)}", file=sys.stderr)
        return 2
    for name in names:
        regenerate(name)
    if not argv:  # a full run also drops golden sites whose briefing is gone
        for stale in sorted(p for p in GOLDEN.iterdir() if p.is_dir() and p.name not in names):
            shutil.rmtree(stale)
            print(f"removed {stale.relative_to(REPO)} (no such briefing)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
