"""What keeps a checked briefing small: slotted records, compact positions, one string per id, no empty parts."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator import parsecache
from generator.build import check_briefing
from generator.fields import Positions
from generator.load import load_content
from generator.problems import Pos, Problems
from generator.validate import check_record

REPO = Path(__file__).resolve().parent.parent
MULTISCRIPT = REPO / "tests" / "briefings" / "multiscript"



def test_the_model_and_what_validating_keeps_have_no_instance_dicts() -> None:
    briefing, problems = check_briefing(MULTISCRIPT)
    assert briefing is not None and not problems.has_errors
    event = next(e for e in briefing.events if e.sources and e.actors)
    kept = [briefing, briefing.meta, event, event.sources[0], event.actors[0], event.pos,
            *briefing.actors[:1], *briefing.statements[:1], *briefing.sources[:1], *briefing.places[:1]]
    assert [type(x).__name__ for x in kept if hasattr(x, "__dict__")] == []


def test_equal_ids_in_the_model_are_one_string() -> None:
    briefing, _problems = check_briefing(MULTISCRIPT)
    assert briefing is not None
    actors = {a.id: a.id for a in briefing.actors}
    linked = [link.actor for e in briefing.events for link in e.actors]
    assert linked and all(actor is actors[actor] for actor in linked)


def test_a_checked_citation_keeps_no_place_or_extra_of_its_own() -> None:
    loaded = load_content(MULTISCRIPT, Problems(), check=check_record)
    event = next(r.checked.values for r in loaded.records
                 if r.collection == "events" and r.checked and r.checked.values["sources"])
    assert {"extra", "pos", "positions"} <= event.keys()
    citation = event["sources"][0]
    assert "pos" not in citation and "extra" not in citation and "source" in citation["positions"]


def test_positions_read_as_the_dict_of_places_they_replace() -> None:
    positions = Positions("a.yaml", ("id", "title"), (2, 5, 3, 8))
    assert positions["title"] == Pos("a.yaml", 3, 8)
    assert positions.get("id") == Pos("a.yaml", 2, 5) and positions.get("nope", "x") == "x"
    assert "id" in positions and "nope" not in positions and len(positions) == 2
    assert dict(positions) == {"id": Pos("a.yaml", 2, 5), "title": Pos("a.yaml", 3, 8)}
    with pytest.raises(KeyError):
        positions["nope"]  # noqa: B018
    again = pickle.loads(pickle.dumps(positions, protocol=5))
    assert dict(again) == dict(positions)
    assert again._keys is positions._keys  # one tuple per order of keys, also from the parse cache


def test_the_parse_cache_holds_only_where_its_entries_are(tmp_path: Path) -> None:
    check_briefing(MULTISCRIPT)  # writes the cache
    cache = parsecache.ParseCache(MULTISCRIPT)
    assert cache.old and all(isinstance(offset, int) and isinstance(size, int) and isinstance(checksum, bytes)
                             for offset, size, checksum in cache.old.values())
    key = next(iter(cache.old))
    assert cache.lookup(key) is not None and cache.used == [key]
    cache.save()


def test_a_list_of_records_is_validated_record_by_record_as_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import load, yamlnodes

    seen: list[int] = []  # how many records of the file were validated when the parser finished it
    checked: list[str] = []
    original = yamlnodes.parse_documents

    def parse(*args: object, **kwargs: object) -> object:
        found = original(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(len(checked))
        return found

    def check(record: load.RawRecord) -> load.Checked:
        checked.append(record.collection)
        return check_record(record)

    monkeypatch.setattr(load, "parse_documents", parse)
    loaded = load_content(MULTISCRIPT, Problems(), check=check)
    events = [r for r in loaded.records if r.collection == "events"]
    assert events and all(r.checked is not None and [k.value for k, _v in r.node.items] == ["id"] for r in events)
    assert max(seen) > 1  # events.yaml and the like: their records validated before the parser was done
