"""Editions: numbered snapshots of the records in DIR/editions/, recorded, read back and published."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .jsondata import briefing_data, json_bytes
from .model import Briefing

EDITION_FORMAT = "factsheet-edition/1"
FORMAT_NAME, FORMAT_VERSION = "factsheet-edition", 1
EDITIONS_DIR = "editions"
# The keys an edition adds to the record data of data/briefing.json (whose "format" it replaces).
EDITION_KEYS = ("format", "edition", "as_of", "note")
TEMP_PREFIX = ".factsheet-edition-"


def edition_name(number: int) -> str:
    """The file name of an edition: 0001.json ... 9999.json, then 10000.json."""
    return f"{number:04d}.json"


EDITION_NAME_RE = re.compile(r"^(0*[1-9][0-9]*)\.json\Z")


@dataclass(frozen=True)
class Edition:
    """One recorded edition: its number, date and note, and the snapshot itself (plain JSON values)."""

    number: int
    as_of: str
    note: str | None
    data: dict[str, Any]
    digest: str  # sha256 of the record data's canonical bytes: the key for cached differences
    path: str  # as shown in messages

    @property
    def name(self) -> str:
        return edition_name(self.number)


def records_of(data: dict[str, Any]) -> dict[str, Any]:
    """The record data of a snapshot or of data/briefing.json, without what only an edition carries."""
    return {k: v for k, v in data.items() if k not in EDITION_KEYS}


def digest_of(data: dict[str, Any]) -> str:
    return hashlib.sha256(json_bytes(records_of(data))).hexdigest()


def snapshot_of(briefing: Briefing, number: int, note: str | None = None) -> dict[str, Any]:
    """The snapshot an edition records: data/briefing.json's records plus number, as_of and note."""
    data = {**records_of(briefing_data(briefing)), "format": EDITION_FORMAT, "edition": number,
            "as_of": briefing.meta.as_of.text}
    if note:
        data["note"] = note
    return data


def edition_bytes(snapshot: dict[str, Any]) -> bytes:
    """The bytes of an edition file: the same content always gives the same bytes."""
    return json_bytes(snapshot)


def write_edition(folder: Path, number: int, data: bytes) -> Path:
    """Write editions/NNNN.json all at once: a temporary file, synced, then linked in under its name.

    Linking (rather than renaming) refuses to replace an edition that appeared meanwhile, so two
    runs at once can never both write the same number; the loser gets FileExistsError."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / edition_name(number)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the edition is content, read by everyone
        try:
            os.link(tmp, target)
        except OSError as exc:
            if isinstance(exc, FileExistsError):
                raise
            if target.exists():  # a file system without hard links: check, then rename
                raise FileExistsError(str(target)) from exc
            os.rename(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
