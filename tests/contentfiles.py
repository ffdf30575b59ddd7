"""Writes a briefing's content files for tests: one helper for every test module that builds briefings."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path


def write_content_files(root: Path, files: Mapping[str, str | bytes | None], *, dedent: bool = False) -> Path:
    """Each path under root/content gets its text or bytes; None leaves a file out. Returns root."""
    for rel, data in files.items():
        if data is None:
            continue
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data) if dedent else data, encoding="utf-8")
    return root
