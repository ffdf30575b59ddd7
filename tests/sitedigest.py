"""What a built site holds, as a comparable value: the tests that compare two builds byte for byte use it."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest_of(folder: Path) -> dict[str, str]:
    """Every file below `folder` by its relative path, with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
