"""Reading DIR/editions/ back: every edition checked, and each thing wrong a located error."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from .editions import (
    EDITION_FORMAT,
    EDITION_KEYS,
    EDITION_NAME_RE,
    EDITIONS_DIR,
    FORMAT_NAME,
    FORMAT_VERSION,
    TEMP_PREFIX,
    Edition,
    EditionCache,
    edition_name,
)
from .edtf import EdtfError, parse_edtf
from .paths import show_path
from .problems import Pos, Problems
from .registry import COLLECTIONS
from .yamlnodes import Map, Node, Seq, parse_documents

MAX_EDITION_BYTES = 64 * 1024 * 1024


def editions_of(briefing_dir: Path, problems: Problems, cache: EditionCache | None = None) -> list[Edition]:
    """Every edition in DIR/editions/, oldest first; each thing wrong there is a located error.

    Damaged files, files of a newer format, gaps and duplicates in the numbering and stray files are
    errors, never skipped: a build with any of them must stop, since its differences would be wrong."""
    folder = briefing_dir / EDITIONS_DIR
    if not folder.exists() and not folder.is_symlink():
        return []
    if folder.is_symlink() or not folder.is_dir():
        problems.error(Pos(show_path(folder)), "'editions' must be a folder of edition files written by "
                       "'factsheet edition', not a file or a symbolic link")
        return []
    found: dict[int, Path] = {}
    for entry in sorted(folder.iterdir()):
        number = _number_of(entry, problems)
        if number is not None:
            found[number] = entry
    editions: list[Edition] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()  # parsing makes millions of small objects and no cycles; collecting only slows it (3x)
    try:
        for number, path in sorted(found.items()):
            edition = _read_edition(path, number, problems, cache)
            if edition is not None:
                if editions:
                    _share_unchanged(editions[-1].data, edition.data)
                editions.append(edition)
    finally:
        if gc_was_enabled:
            gc.enable()
    _check_numbering(found, problems)
    return editions


def _share_unchanged(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Let an edition hold the previous edition's record objects where the records are equal.

    Consecutive editions differ in a few records: sharing the rest keeps a hundred editions of a
    large briefing in the memory of about one, and makes comparing them an identity check."""
    for collection in COLLECTIONS:
        previous = {r["id"]: r for r in before.get(collection, [])}
        records = after.get(collection, [])
        for i, record in enumerate(records):
            same = previous.get(record["id"])
            if same is not None and same is not record and same == record:
                records[i] = same


def _number_of(entry: Path, problems: Problems) -> int | None:
    """The number an entry of editions/ is named for, or None (with an error) when it is no edition."""
    shown = show_path(entry)
    if entry.name.startswith(TEMP_PREFIX):
        problems.error(Pos(shown), "an interrupted 'factsheet edition' left this temporary file; delete it")
        return None
    match = EDITION_NAME_RE.match(entry.name)
    if match is None or entry.is_symlink() or not entry.is_file():
        problems.error(Pos(shown), "not an edition: 'editions' holds only the files 'factsheet edition' "
                       "writes (0001.json, 0002.json, ...); move this elsewhere")
        return None
    number = int(match[1])
    if entry.name != edition_name(number):
        problems.error(Pos(shown), f"an edition file name has four digits or more without extra zeros: "
                       f"rename it to {edition_name(number)}")
        return None
    return number


def _check_numbering(found: dict[int, Path], problems: Problems) -> None:
    previous = 0
    for number, path in sorted(found.items()):
        if number != previous + 1:
            missing = f"edition {previous + 1}" if number == previous + 2 else f"editions {previous + 1}–{number - 1}"
            after = f"after {edition_name(previous)} " if previous else "before it "
            problems.error(Pos(show_path(path)), f"{missing} missing: {after}comes {edition_name(number)}; "
                           "editions are numbered 1, 2, 3, ... without gaps (restore the missing file)")
        previous = number


def _read_edition(path: Path, number: int, problems: Problems, cache: EditionCache | None) -> Edition | None:
    shown = show_path(path)
    raw = _read_bytes(path, shown, problems)
    if raw is None:
        return None
    digest = hashlib.sha256(raw).hexdigest()
    data = cache.snapshots.get(digest) if cache is not None else None
    if data is None:
        data = _parse(raw, shown, problems)
        if data is None:
            return None
        before = problems.errors
        for where, message in shape_problems(data):
            problems.error(_locate(raw, shown, where), message)
        if problems.errors > before:
            return None
        if cache is not None:
            cache.snapshots[digest] = data
    if data["edition"] != number:
        problems.error(_locate(raw, shown, ("edition",)), f"this file says it is edition {data['edition']}, but "
                       f"its name says {number}: each edition has its own number (duplicate or renamed file?)")
        return None
    return Edition(number, data["as_of"], data.get("note"), data, digest, shown, path.resolve())


def _read_bytes(path: Path, shown: str, problems: Problems) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))  # a FIFO must not block
    except OSError as exc:
        problems.error(Pos(shown), f"cannot read edition: {exc.strerror}")
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_EDITION_BYTES:
            problems.error(Pos(shown), f"edition is not a regular file of at most {MAX_EDITION_BYTES} bytes")
            return None
        with os.fdopen(os.dup(fd), "rb") as stream:
            return stream.read(MAX_EDITION_BYTES)
    except OSError as exc:
        problems.error(Pos(shown), f"cannot read edition: {exc.strerror}")
        return None
    finally:
        os.close(fd)


def _parse(raw: bytes, shown: str, problems: Problems) -> dict[str, Any] | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(Pos(shown, line, col), "edition is damaged: not UTF-8 text")
        return None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        problems.error(Pos(shown, exc.lineno, exc.colno), f"edition is damaged: not valid JSON ({exc.msg})")
        return None
    except (ValueError, RecursionError) as exc:
        problems.error(Pos(shown), f"edition is damaged: {exc if isinstance(exc, ValueError) else 'nested too deeply'}")
        return None
    if not isinstance(data, dict):
        problems.error(Pos(shown), f"edition is damaged: expected a JSON object, found {_kind(data)}")
        return None
    return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


Where = tuple[str | int, ...]


def shape_problems(data: dict[str, Any]) -> list[tuple[Where, str]]:
    """What is wrong with the shape of a parsed edition, each with the path of the value to point at."""
    fmt = data.get("format")
    match = re.fullmatch(rf"{FORMAT_NAME}/([0-9]+)", fmt) if isinstance(fmt, str) else None
    if match is None:
        shown = json.dumps(fmt, ensure_ascii=False) if "format" in data else "missing"
        where: Where = ("format",) if "format" in data else ()
        return [(where, f"not a factsheet edition: 'format' is {shown}, expected '{EDITION_FORMAT}'")]
    if int(match[1]) > FORMAT_VERSION:
        return [(("format",), f"edition format '{fmt}' is newer than this factsheet reads ('{EDITION_FORMAT}'): "
                 "upgrade factsheet")]
    found: list[tuple[Where, str]] = []
    known = {*EDITION_KEYS, "briefing", *COLLECTIONS}
    found += [((key,), f"unknown key '{key}' in an edition") for key in data if key not in known]
    required = ("edition", "as_of", "briefing", *COLLECTIONS)
    found += [((), f"edition is damaged: key '{key}' is missing") for key in required if key not in data]
    number = data.get("edition")
    if "edition" in data and (type(number) is not int or number < 1):
        found.append((("edition",), f"'edition' must be a whole number from 1, found {_kind(number)}"))
    as_of = data.get("as_of")
    if "as_of" in data and not isinstance(as_of, str):
        found.append((("as_of",), f"'as_of' must be a date, found {_kind(as_of)}"))
    elif isinstance(as_of, str):
        try:
            parse_edtf(as_of)
        except EdtfError as exc:
            found.append((("as_of",), f"'as_of': {exc}"))
    if "note" in data and not isinstance(data["note"], str):
        found.append((("note",), f"'note' must be text, found {_kind(data['note'])}"))
    if "briefing" in data and not isinstance(data["briefing"], dict):
        found.append((("briefing",), f"'briefing' must be an object, found {_kind(data['briefing'])}"))
    for collection in COLLECTIONS:
        found += _collection_problems(collection, data.get(collection, []))
    return found


def _collection_problems(collection: str, records: Any) -> list[tuple[Where, str]]:
    if not isinstance(records, list):
        return [((collection,), f"'{collection}' must be a list of records, found {_kind(records)}")]
    found: list[tuple[Where, str]] = []
    seen: set[str] = set()
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            found.append(((collection, i), f"a record in '{collection}' must be an object, found {_kind(record)}"))
        elif not isinstance(record.get("id"), str) or not record["id"]:
            found.append(((collection, i), f"a record in '{collection}' has no 'id'"))
        elif record["id"] in seen:
            found.append(((collection, i, "id"), f"duplicate id '{record['id']}' in '{collection}'"))
        else:
            seen.add(record["id"])
    return found


def _locate(raw: bytes, shown: str, where: Where) -> Pos:
    """Where a value sits in the file: JSON is YAML, so the located YAML reader finds it (only ever
    called for a file already found wrong, so its cost never touches a good build)."""
    documents = parse_documents(raw.decode("utf-8"), shown, Problems())
    node: Node | None = documents[0] if len(documents) == 1 else None
    pos = node.pos if node is not None else Pos(shown)
    for step in where:
        if isinstance(node, Map) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, Seq) and isinstance(step, int) and step < len(node.items):
            node = node.items[step]
        else:
            node = None
        if node is None:
            break
        pos = node.pos
    return pos
