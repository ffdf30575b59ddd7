"""Whole-site golden tests: each sample briefing in tests/briefings/ builds to exactly tests/golden/<name>/.

Regenerate after an intended change (templates, CSS, rendering), then review the diff:

    python tools/regen_golden.py
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
REGEN = "python tools/regen_golden.py"
MAX_DIFF_LINES = 80

_spec = importlib.util.spec_from_file_location("regen_golden", REPO / "tools" / "regen_golden.py")
assert _spec is not None and _spec.loader is not None
regen_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen_golden)

SAMPLES = regen_golden.sample_briefings()


def files_of(root: Path) -> dict[str, bytes]:
    """Every generated file; assets/ (the theme's files, copied as they are) is compared with the theme instead."""
    return {
        rel: p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not (rel := p.relative_to(root).as_posix()).startswith("assets/")
    }


def test_theme_assets_are_copied_verbatim(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert regen_golden.build_sample(SAMPLES[0], out) == []
    theme = REPO / "templates" / "assets"
    expected = {p.relative_to(theme).as_posix(): p.read_bytes() for p in theme.rglob("*") if p.is_file()}
    built = {p.relative_to(out / "assets").as_posix(): p.read_bytes() for p in (out / "assets").rglob("*")}
    assert built == expected


def describe_mismatch(rel: str, expected: bytes, actual: bytes) -> str:
    try:
        old, new = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return f"{rel}: binary file differs ({len(expected)} bytes expected, {len(actual)} built)"
    diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"golden/{rel}", f"built/{rel}",
                                     lineterm="", n=2))
    shown = diff[:MAX_DIFF_LINES]
    if len(diff) > MAX_DIFF_LINES:
        shown.append(f"... {len(diff) - MAX_DIFF_LINES} more diff lines")
    return "\n".join(shown)


def test_there_are_at_least_two_samples_and_no_stray_golden_sites() -> None:
    assert len(SAMPLES) >= 2
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) == SAMPLES, f"run: {REGEN}"


@pytest.mark.parametrize("name", SAMPLES)
def test_golden_site(name: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert regen_golden.build_sample(name, out) == []
    golden_dir = GOLDEN / name
    assert golden_dir.is_dir(), f"no golden output for {name}; run: {REGEN} {name}"
    expected, actual = files_of(golden_dir), files_of(out)
    report = [f"built site differs from tests/golden/{name}; if the change is intended, run: {REGEN}"]
    report += [f"missing from the build: {rel}" for rel in sorted(set(expected) - set(actual))]
    report += [f"not in golden: {rel}" for rel in sorted(set(actual) - set(expected))]
    report += [
        describe_mismatch(rel, expected[rel], actual[rel])
        for rel in sorted(set(expected) & set(actual))
        if expected[rel] != actual[rel]
    ]
    if len(report) > 1:
        pytest.fail("\n".join(report), pytrace=False)
