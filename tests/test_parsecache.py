"""The parse cache: a check with files from it says and makes exactly what a check without it does, parses only
the files that changed, and ignores a cache that is corrupt, crafted, from another version or other limits."""

from __future__ import annotations

import os
import pickle
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest

from generator import load as load_module
from generator import parsecache as parsecache_module
from generator.build import check_briefing
from generator.jsondata import briefing_json
from generator.load import CachedFile
from generator.parsecache import ParseCache

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tests" / "briefings" / "multiscript"



@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each check parsed (rather than took from the cache), by shown name."""
    names: list[str] = []
    original = load_module.parse_documents

    def spy(text: str, path: str, *args: Any, **kwargs: Any) -> Any:
        names.append(path)
        return original(text, path, *args, **kwargs)

    monkeypatch.setattr(load_module, "parse_documents", spy)
    return names


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    folder = tmp_path / "briefing"
    shutil.copytree(SOURCE, folder)
    return folder


def outcome(folder: Path, *, clean: bool = False, model: bool = True) -> tuple[list[str], str, bytes]:
    """What a check reports and makes: every message, the model as written out, and its JSON (`model`: a check
    that links; else, as `factsheet check` runs, the messages and no model)."""
    linked, problems = check_briefing(folder, clean=clean, model=model)
    assert model or linked is None
    return [p.format() for p in problems.sorted()], repr(linked), briefing_json(linked) if linked else b""


def cache_file(folder: Path) -> Path:
    return ParseCache(folder).path


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "content").rglob("*") if p.suffix in (".yaml", ".yml"))


def test_a_check_from_the_cache_is_the_check_without_it(briefing: Path, parsed: list[str]) -> None:
    # A warning across records, so that the problems are not all empty lists
    event = briefing / "content" / "events" / "2023" / "minister-resigns.yaml"
    event.write_text(event.read_text().replace("kind: politics", "kind: '**politics**'"))
    first = outcome(briefing)
    files = len(parsed)
    assert files == len(yaml_files(briefing)) and first[0] and first[1] != "None"
    parsed.clear()
    assert outcome(briefing) == first
    assert parsed == []  # every file from the cache
    assert outcome(briefing, clean=True) == first
    assert len(parsed) == files  # --clean parses everything again


def test_a_check_that_makes_no_model_says_what_one_that_links_says(briefing: Path, parsed: list[str]) -> None:
    # `factsheet check` takes only what the checks read from the cache: the same messages, cold and warm, and
    # the cache it leaves still serves a check that links (and the other way round)
    event = briefing / "content" / "events" / "2023" / "minister-resigns.yaml"
    event.write_text(event.read_text().replace("kind: politics", "kind: '**politics**'"))
    linked = outcome(briefing, clean=True)
    parsed.clear()
    for model in (False, True, False):
        assert outcome(briefing, model=model)[0] == linked[0]
    assert outcome(briefing, clean=True, model=False)[0] == linked[0]
    assert len(parsed) == len(yaml_files(briefing))  # the clean one only
    parsed.clear()
    assert outcome(briefing) == linked and parsed == []
    event.write_text(event.read_text().replace("title: ", "title: Edited ", 1))
    edited = outcome(briefing, model=False)
    assert [Path(p).name for p in parsed] == ["minister-resigns.yaml"]
    assert edited[0] == outcome(briefing, clean=True)[0]


def test_only_the_changed_file_is_parsed_again(briefing: Path, parsed: list[str]) -> None:
    outcome(briefing)
    event = briefing / "content" / "events" / "2023" / "curfew.yaml"
    event.write_text(event.read_text().replace("title: ", "title: Edited ", 1))
    parsed.clear()
    incremental = outcome(briefing)
    assert [Path(p).name for p in parsed] == ["curfew.yaml"]
    assert "Edited " in incremental[1]
    assert incremental == outcome(briefing, clean=True)


@pytest.mark.parametrize("run", [1, 1 << 22], ids=["one entry a run", "runs of 4 MB"])
def test_the_entries_an_edit_leaves_are_copied_whole(briefing: Path, parsed: list[str], run: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsecache_module, "COPY_RUN", run)
    before = outcome(briefing)
    stored = read_store(cache_file(briefing))
    event = briefing / "content" / "events" / "2023" / "curfew.yaml"
    event.write_text(event.read_text().replace("title: ", "title: Edited ", 1))
    parsed.clear()
    edited = outcome(briefing, model=False)
    assert [Path(p).name for p in parsed] == ["curfew.yaml"] and edited[0] == before[0]
    after = read_store(cache_file(briefing))
    assert len(after["files"]) == len(stored["files"]) and len(set(after["files"]) - set(stored["files"])) == 2
    assert all(after["files"][key] == stored["files"][key] for key in set(after["files"]) & set(stored["files"]))
    parsed.clear()
    assert outcome(briefing)[0] == before[0] and parsed == []


def test_a_file_with_an_error_is_never_kept_and_says_so_every_time(briefing: Path, parsed: list[str]) -> None:
    event = briefing / "content" / "events" / "2023" / "curfew.yaml"
    event.write_text(event.read_text().replace("date: ", "date: not-a-date-", 1))
    first = outcome(briefing)
    assert any("curfew.yaml" in message and "error" in message for message in first[0])
    parsed.clear()
    assert outcome(briefing) == first
    assert [Path(p).name for p in parsed] == ["curfew.yaml"]


def test_the_budget_of_values_counts_files_from_the_cache(briefing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outcome(briefing)
    monkeypatch.setenv("FACTSHEET_MAX_VALUES", "300")
    limited = outcome(briefing)
    assert any("more than 300 values" in message for message in limited[0])
    assert limited == outcome(briefing, clean=True)


def test_other_limits_or_another_version_start_afresh(briefing: Path, parsed: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    outcome(briefing)
    parsed.clear()
    monkeypatch.setenv("FACTSHEET_MAX_VALUE_CHARS", "20")
    limited = outcome(briefing)
    assert len(parsed) == len(yaml_files(briefing))
    assert any("the limit is 20" in message for message in limited[0])
    monkeypatch.delenv("FACTSHEET_MAX_VALUE_CHARS")
    outcome(briefing)
    parsed.clear()
    monkeypatch.setattr(parsecache_module, "code_digest", lambda: "another version")
    outcome(briefing)
    assert len(parsed) == len(yaml_files(briefing))


def read_store(path: Path) -> dict[str, Any]:
    """A cache file as {"identity": ..., "files": {key: (checksum, entry)}}: entries, index, index length."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[-8:])
    stored = pickle.loads(data[-8 - length:-8])
    files = {key: (checksum, data[offset:offset + size]) for key, (offset, size, checksum) in stored["files"].items()}
    return {"identity": stored["identity"], "files": files}


def write_store(path: Path, stored: dict[str, Any]) -> None:
    entries, index = b"", {}
    for key, (checksum, blob) in stored["files"].items():
        index[key] = (len(entries), len(blob), checksum)
        entries += blob
    head = pickle.dumps({"identity": stored["identity"], "files": index})
    path.write_bytes(entries + head + struct.pack("<Q", len(head)))


def test_the_cache_file_is_read_as_the_tests_write_it(briefing: Path) -> None:
    outcome(briefing)
    path = cache_file(briefing)
    stored = read_store(path)
    assert len(stored["files"]) == 2 * len(yaml_files(briefing))  # each file's entry in two parts
    assert all(key + ":values" in stored["files"] for key in stored["files"] if not key.endswith(":values"))
    write_store(path, stored)
    assert read_store(path) == stored


def _evil() -> bytes:
    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.system, ("touch EVIL-RAN",))

    return pickle.dumps(Evil())


@pytest.mark.parametrize("model", [True, False], ids=["linked", "check"])
@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "crafted file", "crafted index", "crafted entry",
                                    "flipped byte", "swapped entries", "wrong shape", "foreign identity",
                                    "swapped parts"])
def test_a_damaged_or_crafted_cache_is_ignored(briefing: Path, parsed: list[str], damage: str, model: bool,
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    expected = outcome(briefing, clean=True, model=model)
    path = cache_file(briefing)
    stored = read_store(path)
    # a file's entry in the part this check reads: the whole of it (linked), or what the checks read
    key = next(k for k in stored["files"] if k.endswith(":values") == model)
    checksum, blob = stored["files"][key]
    if damage == "garbage":
        path.write_bytes(os.urandom(5000))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "crafted file":
        path.write_bytes(_evil())
    elif damage == "crafted index":  # where the index belongs, a pickle that would run a command
        path.write_bytes(_evil() + struct.pack("<Q", len(_evil())))
    else:
        checksum_of = parsecache_module.checksum_of
        if damage == "crafted entry":  # with the right checksums: the unpickler must refuse what it would run
            evil = _evil()
            stored["files"] = {k: (checksum_of(k, evil), evil) for k in stored["files"]}
        elif damage == "flipped byte":
            middle = len(blob) // 2
            stored["files"][key] = (checksum, blob[:middle] + bytes([blob[middle] ^ 1]) + blob[middle + 1:])
        elif damage == "swapped entries":  # each entry whole, but under another file's key
            keys = list(stored["files"])
            stored["files"] = dict(zip(keys, [stored["files"][k] for k in keys[1:] + keys[:1]], strict=True))
        elif damage == "wrong shape":  # whole, with the right checksums, but not what an entry is
            wrong = [pickle.dumps(("not", "a", "file"), protocol=5), pickle.dumps(CachedFile(-1, ()), protocol=5),
                     pickle.dumps(CachedFile(3, (1, 2)), protocol=5)]
            stored["files"] = {k: (checksum_of(k, wrong[i % 3]), wrong[i % 3]) for i, k in enumerate(stored["files"])}
        elif damage == "foreign identity":
            stored["identity"] = "1:someone else's:100000"
        elif damage == "swapped parts":  # each file's two parts under each other's key, checksums and all
            for first in [k for k in stored["files"] if not k.endswith(":values")]:
                stored["files"][first], stored["files"][first + ":values"] = \
                    stored["files"][first + ":values"], stored["files"][first]
        write_store(path, stored)
    parsed.clear()
    got = outcome(briefing, model=model)
    assert not (tmp_path / "EVIL-RAN").exists()
    assert got == expected
    assert len(parsed) == (1 if damage == "flipped byte" else len(yaml_files(briefing)))
    parsed.clear()
    assert outcome(briefing, model=model) == expected  # and the cache written afresh serves the next check
    assert parsed == []


def test_a_damaged_part_a_check_does_not_read_is_found_by_one_that_does(briefing: Path, parsed: list[str]) -> None:
    expected = outcome(briefing, clean=True)
    path = cache_file(briefing)
    stored = read_store(path)
    key = next(k for k in stored["files"] if k.endswith(":values"))
    checksum, blob = stored["files"][key]
    stored["files"][key] = (checksum, blob[:-1] + bytes([blob[-1] ^ 1]))
    write_store(path, stored)
    parsed.clear()
    assert outcome(briefing, model=False)[0] == expected[0] and parsed == []  # it reads only the other part
    assert outcome(briefing) == expected  # the damaged part, copied as it was, fails its checksum: parsed again
    assert len(parsed) == 1
    parsed.clear()
    assert outcome(briefing) == expected and parsed == []


def test_the_cache_of_the_earlier_format_is_removed_when_the_new_one_is_written(briefing: Path) -> None:
    old = cache_file(briefing).with_suffix(".pickle")  # one pickle a folder, as releases before 12/2026 kept it
    old.parent.mkdir(parents=True)
    old.write_bytes(b"an old parse cache")
    outcome(briefing)
    assert cache_file(briefing).is_file()
    assert not old.exists()
