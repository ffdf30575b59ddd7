"""`factsheet new`: a small, valid briefing to start from."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def write_starter(target: Path) -> None:
    content = resources.files(__name__) / "content"
    (target / "content").mkdir(parents=True, exist_ok=True)
    for entry in sorted(content.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            (target / "content" / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    (target / ".gitignore").write_text("site/\n", encoding="utf-8")
