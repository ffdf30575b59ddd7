"""The declarations hold: every declared key reaches the model and the JSON, and the docs list exactly them."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import fields as f
from generator import themefields
from generator.build import check_briefing
from generator.figures import Quantity
from generator.jsondata import briefing_json
from generator.model import Briefing
from generator.registry import COLLECTIONS, REGISTRY, SCHEMAS, record_type_of
from generator.schema import Cite

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)
DOC = Path(__file__).resolve().parent.parent / "docs" / "content-format.md"

# A figure has an exact value or a range, not both: its "every key" sample is two figures.
# A part too. Two figures need two ids, and the second supersedes the first (never itself).
SPLIT = {"figure": (("min", "max", "supersedes"), ("value",)), "part of a figure": (("min", "max"), ("value",))}


def _raw(ft: f.FieldType, path: str, own_id: str) -> Any:
    """A valid value for a field, unlike the field's default, so that its arrival can be seen."""
    if isinstance(ft, f.Choice):
        return ft.values[-1]  # the first is often the default ('reported', 'update', 'a4')
    if isinstance(ft, f.Text):
        return f"text of {path}"
    if isinstance(ft, f.Id):
        return own_id
    if isinstance(ft, f.Date):
        return "2024-01-10/2024-01-20" if ft.interval else "2024-01-16"
    if isinstance(ft, f.Url):
        return f"https://example.org/{path}"
    if isinstance(ft, f.Integer):
        return 3
    if isinstance(ft, Quantity):
        return 2.5
    if isinstance(ft, f.Number):
        return 1.5
    if isinstance(ft, f.Boolean):
        return True
    if isinstance(ft, f.Lang):
        return "fa"  # the briefing's default is 'en'
    if isinstance(ft, themefields.Colour):
        return "teal"
    if isinstance(ft, themefields.StaticFile):
        return "img/logo.svg"
    if isinstance(ft, f.RefTo):
        return ft.targets[0] + "-2"  # every full record points at the second, minimal one
    if isinstance(ft, f.ListOf):
        item = ft.item
        if isinstance(item, f.Obj) and item.name in SPLIT:
            items = [_full(item, path, own_id, without=keys) for keys in SPLIT[item.name]]
            if item.name == "figure":
                items[0]["id"], items[1]["id"] = f"{own_id}-fig-1", f"{own_id}-fig-2"
                items[1]["supersedes"] = items[0]["id"]
            return items
        return [_raw(item, path + "[]", own_id)]
    if isinstance(ft, f.Obj):
        return _full(ft, path, own_id)
    raise TypeError(f"no sample value for {type(ft).__name__}; add one to test_registry._raw")


def _full(obj: f.Obj, path: str, own_id: str, without: tuple[str, ...] = ()) -> dict[str, Any]:
    return {key: _raw(spec.type, f"{path}.{key}", own_id) for key, spec in obj.fields.items() if key not in without}


def _minimal(collection: str, id_: str) -> dict[str, Any]:
    """Only the required keys, and no references but to sources: a target for every reference."""
    obj = SCHEMAS[collection]
    record = {key: _raw(spec.type, key, id_) for key, spec in obj.fields.items() if spec.required}
    return record


def every_key_files() -> dict[str, str]:
    """Per collection a record with every declared key (`events-1`) and a minimal one it refers to (`events-2`)."""
    files = {"briefing.yaml": json.dumps(_full(SCHEMAS["briefing"], "briefing", ""), indent=1)}
    for collection in COLLECTIONS:
        id1, id2 = collection + "-1", collection + "-2"
        records = [_full(SCHEMAS[collection], collection, id1), _minimal(collection, id2)]
        files[f"{collection}.yaml"] = json.dumps(records, indent=1)
    return files


def _check_arrived(obj: f.Obj, raw: dict[str, Any], model: Any, data: dict[str, Any], where: str) -> Iterator[str]:
    """Every key of `raw` is set in the model object (not its default) and present in its JSON."""
    defaults = {fl.name: fl.default for fl in dataclasses.fields(model)}
    for key, value in raw.items():
        ft = obj.fields[key].type
        got = getattr(model, key, dataclasses.MISSING)
        if got is dataclasses.MISSING or got == defaults.get(key) or got in (None, ()):
            yield f"{where}.{key}: validated but not in the model"
            continue
        if key not in data:
            yield f"{where}.{key}: in the model but not in data/briefing.json"
            continue
        yield from _check_value(ft, value, got, data[key], f"{where}.{key}")


def _check_value(ft: f.FieldType, raw: Any, model: Any, data: Any, where: str) -> Iterator[str]:
    if isinstance(ft, f.Obj):
        yield from _check_arrived(ft, raw, model, data, where)
    elif isinstance(ft, f.ListOf):
        if not (len(raw) == len(model) == len(data)):
            yield f"{where}: {len(raw)} items written, {len(model)} in the model, {len(data)} in the JSON"
            return
        for i, (r, m, d) in enumerate(zip(raw, model, data, strict=True)):
            yield from _check_value(ft.item, r, m, d, f"{where}[{i}]")
    elif isinstance(ft, f.RefTo) and len(ft.targets) > 1:
        if data != {"collection": ft.targets[0], "id": raw}:
            yield f"{where}: {raw!r} became {data!r} in the JSON"
    elif data != raw:
        yield f"{where}: {raw!r} became {data!r} in the JSON"


@pytest.fixture
def every_key(briefing_dir: WriteBriefing) -> tuple[dict[str, str], Briefing]:
    files = every_key_files()
    briefing, problems = check_briefing(briefing_dir({**files}))
    assert [p.format() for p in problems.sorted() if p.severity == "error"] == []
    assert briefing is not None
    return files, briefing


def test_every_declared_key_reaches_the_model_and_the_json(every_key: tuple[dict[str, str], Briefing]) -> None:
    files, briefing = every_key
    data = json.loads(briefing_json(briefing))
    lost = list(_check_arrived(SCHEMAS["briefing"], json.loads(files["briefing.yaml"]), briefing.meta,
                               data["briefing"], "briefing"))
    for collection in COLLECTIONS:
        raw = json.loads(files[f"{collection}.yaml"])[0]
        record = briefing.get(collection, raw["id"])
        exported = next(r for r in data[collection] if r["id"] == raw["id"])
        lost += _check_arrived(SCHEMAS[collection], raw, record, exported, collection)
    assert lost == []


def test_the_every_key_briefing_sets_every_declared_key() -> None:
    """The sample above is only a test if it really writes every key of every type, nested ones too."""
    written: set[str] = set()
    declared: set[str] = set()

    def walk_declared(ft: f.FieldType, path: str) -> None:
        if isinstance(ft, f.ListOf):
            walk_declared(ft.item, path)
        elif isinstance(ft, f.Obj):
            for key, spec in ft.fields.items():
                declared.add(f"{path}.{key}")
                walk_declared(spec.type, f"{path}.{key}")

    def walk_written(value: Any, path: str) -> None:
        if isinstance(value, list):
            for item in value:
                walk_written(item, path)
        elif isinstance(value, dict):
            for key, item in value.items():
                written.add(f"{path}.{key}")
                walk_written(item, f"{path}.{key}")

    for name, obj in SCHEMAS.items():
        walk_declared(obj, name)
    for name, text in every_key_files().items():
        loaded = json.loads(text)
        walk_written(loaded if isinstance(loaded, dict) else loaded[0], name.removesuffix(".yaml"))
    assert declared - written == set()
    assert len(declared) > 100


def test_where_things_were_written_stays_out_of_the_json(every_key: tuple[dict[str, str], Briefing]) -> None:
    _files, briefing = every_key
    data = json.loads(briefing_json(briefing))
    assert "positions" not in data["briefing"]["theme"] and "pos" not in data["events"][0]
    assert str(Path.cwd()) not in json.dumps(data) and "briefing.yaml" not in json.dumps(data)


def test_citations_are_numbered_in_the_model_and_the_json(every_key: tuple[dict[str, str], Briefing]) -> None:
    _files, briefing = every_key
    event = briefing.get("events", "events-1")
    assert event.sources == (Cite("sources-2", 1, locator="text of events.sources[].locator",
                                  excerpt="text of events.sources[].excerpt"),)
    data = json.loads(briefing_json(briefing))
    assert data["events"][0]["sources"][0]["number"] == 1
    assert [s["number"] for s in data["sources"]] == [1, 2]


# --- the registry itself ------------------------------------------------------------------------------


def test_registry_names_every_collection_of_the_model_once() -> None:
    briefing_fields = [fl.name for fl in dataclasses.fields(Briefing) if fl.init]
    assert briefing_fields == ["meta", *COLLECTIONS]
    for rt in REGISTRY:
        assert rt.obj.model is rt.model
        assert rt.obj.name == rt.singular
        assert record_type_of(rt.collection) is rt
        assert (rt.template is None) == (rt.collection == "sources")  # sources are listed, not paged
    assert [rt.section for rt in REGISTRY] == ["timeline", "actors", "statements", "sources", "places"]
    templates = Path(__file__).resolve().parent.parent / "templates"
    assert all((templates / rt.template).is_file() for rt in REGISTRY if rt.template)


def test_derived_fields_are_not_keys() -> None:
    for rt in REGISTRY:
        derived = {fl.name for fl in dataclasses.fields(rt.model) if fl.metadata.get("derived")}
        assert derived <= {"number", "extra", "pos"}
        assert not derived & set(rt.obj.fields)
    assert "number" not in SCHEMAS["events"].fields["sources"].type.item.fields  # type: ignore[attr-defined]


def test_statement_has_no_quoted_property() -> None:
    assert not hasattr(record_type_of("statements").model, "quoted")


# --- docs/content-format.md lists exactly the declared keys -----------------------------------------------


def doc_tables() -> dict[str, list[tuple[str, bool]]]:
    """Each key table of the doc, named by the heading or bold label above it: [(key, required)]."""
    tables: dict[str, list[tuple[str, bool]]] = {}
    name = ""
    for line in DOC.read_text(encoding="utf-8").replace("\\|", "/").splitlines():  # `a\|b` in a cell
        heading = re.match(r"#+ (.+)|\*\*(\w[\w ]*)\*\*", line)
        if heading:
            name = (heading.group(1) or heading.group(2)).strip().lower()
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 4 and name:
            for key in re.findall(r"`([a-z_]+)`", cells[0]):
                tables.setdefault(name, []).append((key, cells[2].startswith("yes")))
    return tables


def _declared_tables() -> dict[str, f.Obj]:
    """The doc name of each table -> the declaration it documents."""
    names = {"briefing.yaml": SCHEMAS["briefing"], **{c: SCHEMAS[c] for c in COLLECTIONS}}
    found: dict[str, f.Obj] = {}

    def walk(ft: f.FieldType) -> None:
        if isinstance(ft, f.ListOf):
            walk(ft.item)
        elif isinstance(ft, f.Obj):
            found.setdefault(ft.name, ft)
            for spec in ft.fields.values():
                walk(spec.type)

    for obj in SCHEMAS.values():
        walk(obj)
    return {**found, **names}


def test_doc_tables_list_exactly_the_declared_keys() -> None:
    tables = doc_tables()
    declared = _declared_tables()
    for required_table in ["briefing.yaml", *COLLECTIONS, "figure", "theme"]:
        assert required_table in tables, f"docs/content-format.md has no key table for {required_table}"
    for name, rows in tables.items():
        assert name in declared, f"the doc's table '{name}' documents nothing that is declared"
        obj = declared[name]
        expected = [(key, spec.required) for key, spec in obj.fields.items()]
        assert rows == expected, name


def test_type_checkers_see_the_constructors_as_they_are(tmp_path: Path) -> None:
    """need/opt/derived are dataclass_transform field specifiers: mypy knows which keys are required,
    which are positional and which are keyword-only, exactly as at run time."""
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from generator.model import Cite, Figure, Role\n"
        "Figure('killed', 'iran', (), value=9)\n"  # required keys positional, optional ones by keyword
        "Role('Foreign Minister', qualifier='acting')\n"
        "Cite('report', 1)\n"
        "Figure('killed', 9)\n"  # a missing key, and 9 is no claimant
        "Role('Foreign Minister', None)\n",  # optional keys are keyword-only
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(snippet)],
                            cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True)
    errors = [line.split("snippet.py:")[1] for line in result.stdout.splitlines() if ": error: " in line]
    assert errors == [
        '5: error: Missing positional argument "sources" in call to "Figure"  [call-arg]',
        '5: error: Argument 2 to "Figure" has incompatible type "int"; expected "str"  [arg-type]',
        '6: error: Too many positional arguments for "Role"  [call-arg]',
    ], result.stdout + result.stderr
