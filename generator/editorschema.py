"""JSON Schemas (2020-12) for editors, one per content file, made from the record declarations.

They are a convenience for YAML language servers, not the contract: factsheet's own checks stay the
judge. Editors read YAML 1.2, where an unquoted `2024` is a number, `true` a boolean and `2024-01-18` a
string, while factsheet reads every unquoted scalar as the text written. So a text field also accepts
numbers and booleans, a date also a whole number (a year), and any optional key may be left empty (null).
Alternatives are written as if/then/else rather than anyOf, so an editor reports the error that applies.
"""

from __future__ import annotations

from typing import Any

from .fields import (
    ID_RE,
    LANG_RE,
    Boolean,
    Choice,
    Date,
    FieldType,
    Id,
    Integer,
    Lang,
    ListOf,
    Markdown,
    Number,
    Obj,
    RefTo,
    Text,
    Url,
)
from .figures import Quantity
from .registry import REGISTRY, SCHEMAS, record_type_of
from .themefields import COLOUR_RE, Colour, StaticFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_POINT = (
    r"(?:Y-?[0-9]+|-?[0-9X]{4})(?:-[0-9X]{2}(?:-[0-9X]{2}"
    r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:Z|[+-][0-9]{2}(?::[0-9]{2})?))?)?)?[?~%]?"
)
DATE_PATTERN = rf"^(?:{_POINT}|(?:{_POINT}|\.\.)?/(?:{_POINT}|\.\.)?)$"
DAY_PATTERN = r"^-?[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9:]+(?:Z|[+-][0-9:]+))?[?~%]?$"
INTERVAL_PATTERN = rf"^(?:{_POINT}|\.\.)?/(?:{_POINT}|\.\.)?$"
SCALAR_TEXT = ["string", "number", "boolean"]  # what YAML 1.2 makes of unquoted text factsheet reads as text


def _pattern_of(regex: str) -> str:
    """A Python `^...\\Z` pattern as ECMA-262 (JSON Schema's dialect): `$` for `\\Z`."""
    return regex.removesuffix(r"\Z") + ("$" if regex.endswith(r"\Z") else "")


def _def_name(obj: Obj) -> str:
    return obj.name.replace(" ", "-")


def _reference(ft: RefTo) -> str:
    kinds = " or ".join(f"{record_type_of(t).singular} (an id in {t}.yaml or {t}/)" for t in ft.targets)
    return f"The id of {'an' if kinds[0] in 'aeiou' else 'a'} {kinds}."


class _Builder:
    """Turns field types into schemas, collecting nested objects in `$defs` by name."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def schema_of(self, ft: FieldType) -> dict[str, Any]:
        if isinstance(ft, Choice):
            return {"enum": list(ft.values)}
        if isinstance(ft, Markdown):
            return {"type": SCALAR_TEXT, "pattern": r"\S", "description": "Markdown text."}
        if isinstance(ft, Text):
            return {"type": SCALAR_TEXT, "pattern": r"\S"}
        if isinstance(ft, Id):
            return {"$ref": "#/$defs/id"}
        if isinstance(ft, RefTo):
            return {"$ref": "#/$defs/id", "description": _reference(ft)}
        if isinstance(ft, Date):
            return self._date(ft)
        if isinstance(ft, Url):
            return {"type": "string", "pattern": r"^https?://[^\s/?#]+", "description": "An absolute http(s) URL."}
        if isinstance(ft, Integer):
            return {"type": "integer"}
        if isinstance(ft, (Number, Quantity)):
            return {"type": "number"}
        if isinstance(ft, Boolean):
            return {"type": "boolean"}
        if isinstance(ft, Lang):
            return {"type": "string", "pattern": _pattern_of(LANG_RE.pattern), "description": "A BCP 47 language tag."}
        if isinstance(ft, Colour):
            return {"type": "string", "pattern": f"^(?:{COLOUR_RE.pattern})$", "description": "A CSS colour."}
        if isinstance(ft, StaticFile):
            # Any case of each extension, spelled out: ECMA-262 patterns have no inline (?i).
            suffixes = "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in e) for e in ft.extensions)
            return {
                "type": "string",
                "pattern": rf"^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9._/-]*\.(?:{suffixes})$",
                "description": "The path of a file in the briefing's static/ folder, e.g. 'logo.svg'.",
            }
        if isinstance(ft, ListOf):
            listed: dict[str, Any] = {"type": "array", "items": self.schema_of(ft.item)}
            if ft.min_items:
                listed["minItems"] = ft.min_items
            return listed
        if isinstance(ft, Obj):
            return self.object_ref(ft)
        raise TypeError(f"no JSON Schema for {type(ft).__name__}; add one to editorschema._Builder")

    def _date(self, ft: Date) -> dict[str, Any]:
        if ft.interval:
            return {"type": "string", "pattern": INTERVAL_PATTERN, "description": "An EDTF interval."}
        if ft.day_or_finer:
            return {"type": "string", "pattern": DAY_PATTERN, "description": "An EDTF day, e.g. 2024-01-19."}
        # An unquoted `2024` is a number in YAML 1.2; `pattern` applies to strings only.
        return {"type": ["string", "integer"], "pattern": DATE_PATTERN, "description": "An EDTF date."}

    def object_ref(self, obj: Obj) -> dict[str, Any]:
        name = _def_name(obj)
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name first: a type may (one day) contain itself
            self.defs[name] = self.object_schema(obj)
        ref = {"$ref": f"#/$defs/{name}"}
        if obj.shorthand:  # if/then/else, not anyOf: an editor then shows the error of the branch that applies
            return {"if": {"type": "object"}, "then": ref, "else": self.schema_of(obj.fields[obj.shorthand].type)}
        return ref

    def object_schema(self, obj: Obj) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for key, spec in obj.fields.items():
            value = self.schema_of(spec.type)
            properties[key] = value if spec.required else {"if": {"type": "null"}, "else": value}
        schema: dict[str, Any] = {"type": "object", "title": obj.name, "properties": properties}
        required = [key for key, spec in obj.fields.items() if spec.required]
        if required:
            schema["required"] = required
        if obj.allow_extra:
            schema["patternProperties"] = {"^x_": {"description": "An extension key, passed to templates as is."}}
        schema["additionalProperties"] = False
        return schema


def _file_schema(title: str, body: Any, defs: dict[str, Any]) -> dict[str, Any]:
    id_def = {"type": ["string", "integer"], "pattern": _pattern_of(ID_RE.pattern), "minimum": 0,
              "description": "An id: lowercase a-z, digits and hyphens."}
    return {
        "$schema": DIALECT,
        "title": title,
        **body,
        "$defs": {"id": id_def, **dict(sorted(defs.items()))},
    }


def schemas_of() -> dict[str, dict[str, Any]]:
    """One JSON Schema per content file: `briefing` (one mapping) and each collection (a record or a list)."""
    out: dict[str, dict[str, Any]] = {}
    builder = _Builder()
    briefing = builder.object_schema(SCHEMAS["briefing"])
    out["briefing"] = _file_schema("factsheet briefing.yaml", briefing, builder.defs)
    for rt in REGISTRY:
        builder = _Builder()
        record = builder.object_ref(rt.obj)
        body = {"if": {"type": "array"}, "then": {"items": record}, "else": record}
        title = f"factsheet {rt.collection}: one {rt.label} or a list of {rt.label_plural}"
        out[rt.collection] = _file_schema(title, body, builder.defs)
    return out
