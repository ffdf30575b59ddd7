"""Where factsheet's caches live, and the digest of its code that binds every cache to the code that made it.

Apart from cache.py (the render cache), so that `factsheet check` can use the parse cache without importing
the site generator (cache.py imports the page plan)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import __version__

CACHE_ENV = "FACTSHEET_CACHE_DIR"  # where the caches live, if not in the user's cache folder


def cache_root() -> Path:
    """$FACTSHEET_CACHE_DIR, else $XDG_CACHE_HOME/factsheet, else ~/.cache/factsheet."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factsheet"


def code_digest(form: int = 1) -> str:
    """factsheet's version and its code (every module of the package), with the `form` of the cache that asks."""
    h = hashlib.blake2b(f"{form}:{__version__}".encode(), digest_size=20)
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()
