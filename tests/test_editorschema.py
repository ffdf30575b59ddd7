"""The JSON Schemas for editors: the sample's files validate as a YAML 1.2 editor reads them; bad ones do not."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator import cli
from generator.editorschema import schemas_of
from generator.registry import COLLECTIONS

ROOT = Path(__file__).resolve().parent.parent


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema, as YAML language servers read files: `2024-01-18` and `no`
    are strings, `2024` an integer, `true` a boolean (PyYAML's own YAML 1.1 makes dates and booleans)."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(node.value, 0)
                             if node.value[:2] in ("0o", "0x") else int(node.value))


def load_yaml12(text: str) -> list[Any]:
    return list(yaml.load_all(text, Loader=Yaml12Loader))  # noqa: S506  (a safe loader, with 1.2 resolvers)


def errors_of(collection: str, document: Any) -> list[str]:
    validator = Draft202012Validator(schemas_of()[collection])
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_yaml_reading_is_yaml_12() -> None:
    assert load_yaml12("a: 2024-01-18\nb: no\nc: 2024\nd: true\ne: 22:30\nf: ~\ng: 1.5\n") == [
        {"a": "2024-01-18", "b": "no", "c": 2024, "d": True, "e": "22:30", "f": None, "g": 1.5}
    ]


def test_every_schema_is_a_valid_2020_12_schema() -> None:
    schemas = schemas_of()
    assert list(schemas) == ["briefing", *COLLECTIONS]
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def content_files() -> list[Path]:
    """Every content file of the sample, the golden briefings and the starter."""
    folders = [ROOT / "content", *sorted((ROOT / "tests" / "briefings").glob("*/content")),
               ROOT / "generator" / "starter" / "content"]
    return [p for folder in folders for p in sorted(folder.rglob("*.yaml"))]


def test_the_sample_has_every_content_file() -> None:
    names = {p.name for p in content_files() if p.parent == ROOT / "content"}
    assert names == {f"{n}.yaml" for n in ["briefing", *COLLECTIONS]}


@pytest.mark.parametrize("path", content_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_content_of_the_sample_and_golden_briefings_validates(path: Path) -> None:
    parts = path.parts
    collection = parts[len(parts) - parts[::-1].index("content")].removesuffix(".yaml")  # content/<c>[.yaml]
    documents = load_yaml12(path.read_text(encoding="utf-8"))
    assert documents
    for document in documents:
        assert errors_of(collection, document) == []


def test_a_single_record_and_yaml_12_scalars_validate() -> None:
    event = {"id": "e1", "date": 2024, "title": 2024, "key": True, "sources": ["s"], "x_anything": [1, {"a": 2}],
             "summary": None, "figures": [{"measure": "killed", "value": 3, "claimed_by": "a", "sources": ["s"]}]}
    assert errors_of("events", event) == []
    assert errors_of("events", [event, event]) == []


@pytest.mark.parametrize(
    ("collection", "document", "error"),
    [
        ("events", {"id": "e1", "date": "2024-01-16", "title": "T", "sources": ["s"], "summery": "x"},
         "'summery' does not match any of the regexes: '^x_'"),
        ("events", {"id": "e1", "date": "2024-01-16", "title": "T", "sources": ["s"], "status": "confirmd"},
         "status: 'confirmd' is not one of"),
        ("events", {"id": "e1", "date": "2024-01-16", "title": "T"}, "'sources' is a required property"),
        ("events", {"id": "e1", "date": "2024-01-16", "title": "T", "sources": []}, "sources: [] should be non-empty"),
        ("events", {"id": "E 1", "date": "2024-01-16", "title": "T", "sources": ["s"]}, "id: 'E 1' does not match"),
        ("events", {"id": "e1", "date": "16 January 2024", "title": "T", "sources": ["s"]},
         "date: '16 January 2024' does not match"),
        ("statements", {"id": "s1", "speaker": "a", "said_on": "2024-01-16", "mode": "quoted", "text": "T",
                        "sources": ["s"]}, "mode: 'quoted' is not one of"),
        ("actors", {"id": "a1", "name": "A"}, "'kind' is a required property"),
        ("sources", {"id": "s1", "title": "T", "url": "ftp://x.org/"}, "url: 'ftp://x.org/' does not match"),
        ("briefing", {"title": "T", "as_of": "2024-01", "summary": "S"}, "as_of: '2024-01' does not match"),
        ("briefing", {"title": "T", "as_of": "2024-01-19", "summary": "S", "theme": {"accent": "red; x"}},
         "theme/accent: 'red; x' does not match"),
        ("briefing", {"title": "T", "as_of": "2024-01-19", "summary": "S", "theme": {"logo": "../x.svg"}},
         "theme/logo: '../x.svg' does not match"),
    ],
    ids=["unknown-key", "bad-enum", "missing-required", "empty-sources", "bad-id", "bad-date", "bad-mode",
         "missing-kind", "bad-url", "as-of-not-day", "bad-accent", "bad-logo"],
)
def test_a_bad_record_fails(collection: str, document: dict[str, Any], error: str) -> None:
    found = errors_of(collection, document)
    assert found, "the schema accepted a record factsheet rejects"
    assert any(error in e for e in found), found


def test_references_are_described() -> None:
    schema = schemas_of()["statements"]
    via = schema["$defs"]["statement"]["properties"]["via"]["else"]["items"]
    assert via["description"] == (
        "The id of an actor (an id in actors.yaml or actors/) or source (an id in sources.yaml or sources/)."
    )


def test_schema_command_writes_one_file_per_content_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["schema"]) == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == sorted(f"{n}.schema.json" for n in ["briefing", *COLLECTIONS])
    assert json.loads((tmp_path / "schemas" / "events.schema.json").read_text()) == schemas_of()["events"]
    assert capsys.readouterr().err == "factsheet: wrote 6 JSON Schemas in schemas\n"
    assert cli.main(["schema", "-o", "out/editor"]) == 0
    assert (tmp_path / "out" / "editor" / "briefing.schema.json").is_file()


def test_schema_command_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["schema", "-o", "file"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "factsheet: error: file: exists and is not a folder"
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["schema", "extra-argument"])
    assert exit_info.value.code == 2
