"""data/*.csv: one UTF-8 table per collection, and one of event figures, for spreadsheets and scripts.

Conventions, the same in every file:
- a header row, then one row per record in the briefing's reading order; empty cells for absent values;
- references are ids; a reference that may point into more than one collection (`via`, `about`) is
  written `collection:id` (`actors:iran`), since ids are only unique within their collection;
- a list is one cell with its items joined by "; " (`iran; pakistan`). Ids never contain ";"; in free
  text items (tags, names, authors) a ";" or "\\" is written "\\;" or "\\\\" so the cell still splits;
- a date column holds the EDTF text as written, followed by `<column>_earliest` and `<column>_latest`:
  ISO 8601 bounds, `YYYY-MM-DD` for dates without a time and `YYYY-MM-DDTHH:MM:SSZ` (UTC) for times;
  an open end (`../2024-01-18`) leaves its bound empty;
- booleans are `true`/`false`; citations are the cited source ids, each once, in order (locators and
  excerpts are in data/briefing.json);
- a free-text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
  so a spreadsheet shows it as text instead of running it as a formula (OWASP "CSV injection"); ids,
  dates, numbers and URLs are never changed.
Bytes are deterministic: "\\n" line ends and QUOTE_MINIMAL quoting, no byte-order mark.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from .edtf import Edtf
from .model import Briefing, Cite, Link, Name
from .schema import FigurePart

LIST_SEPARATOR = "; "
Cell = str | int | float | bool | None
Column = tuple[str, Callable[[Any], Cell]]


def _escape(item: str) -> str:
    return item.replace("\\", "\\\\").replace(";", "\\;")


def _texts(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(_escape(item) for item in items)


def _ids(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(items)


def _links(links: Iterable[Link]) -> str:
    return LIST_SEPARATOR.join(f"{link.collection}:{link.id}" for link in links)


def _cited(cites: Iterable[Cite]) -> str:
    return _ids(dict.fromkeys(cite.source for cite in cites))


def _names(names: Sequence[Name]) -> str:
    return _texts(f"{n.name} [{n.lang}]" if n.lang else n.name for n in names)


def _year(year: int) -> str:
    # ISO 8601 needs four digits, and a sign beyond 0000-9999 (expanded years: -0044, +12024).
    return f"{year:04d}" if 0 <= year <= 9999 else f"{year:+05d}"


def iso_of(moment: tuple[int, ...], timed: bool) -> str:
    """An Edtf bound, (1, y, m, d, h, min, s) in UTC, as ISO 8601 text; '' for an open end."""
    if moment[0] != 1:
        return ""
    _, year, month, day, hour, minute, second = moment
    date = f"{_year(year)}-{month:02d}-{day:02d}"
    return f"{date}T{hour:02d}:{minute:02d}:{second:02d}Z" if timed else date


def bounds_of(date: Edtf | None) -> tuple[str, str]:
    """Earliest and latest ISO bounds of a date; each end is timed only if its own point has a time."""
    if date is None:
        return "", ""
    last = date.start if date.end is None else date.end
    return (
        iso_of(date.earliest(), getattr(date.start, "hour", None) is not None),
        iso_of(date.latest(), getattr(last, "hour", None) is not None),
    )


def _date_columns(name: str, get: Callable[[Any], Edtf | None]) -> list[Column]:
    last: list[Any] = [None, ("", "")]  # the date of the row being written and its bounds: computed once a row

    def bounds(r: Any) -> tuple[str, str]:
        date = get(r)
        if date is not last[0]:
            last[:] = [date, bounds_of(date)]
        return last[1]  # type: ignore[no-any-return]

    return [
        (name, lambda r: (d.text if (d := get(r)) is not None else None)),
        (f"{name}_earliest", lambda r: bounds(r)[0]),
        (f"{name}_latest", lambda r: bounds(r)[1]),
    ]


def _attr(name: str) -> Column:
    return (name, operator.attrgetter(name))


EVENT_COLUMNS: list[Column] = [
    _attr("id"),
    *_date_columns("date", lambda e: e.date),
    _attr("date_display"),
    _attr("sequence"),
    _attr("title"),
    _attr("summary"),
    _attr("kind"),
    ("tags", lambda e: _texts(e.tags)),
    _attr("key"),
    _attr("status"),
    ("actors", lambda e: _ids(a.actor for a in e.actors)),
    # Aligned with `actors`, item for item (an actor without a role leaves its item empty).
    ("actor_roles", lambda e: _texts(a.role or "" for a in e.actors) if any(a.role for a in e.actors) else ""),
    ("places", lambda e: _ids(e.places)),
    ("related", lambda e: _ids(e.related)),
    ("figures", lambda e: len(e.figures)),
    ("sources", lambda e: _cited(e.sources)),
]

ACTOR_COLUMNS: list[Column] = [
    _attr("id"),
    _attr("name"),
    _attr("kind"),
    _attr("short_name"),
    ("names", lambda a: _names(a.names)),
    _attr("summary"),
    _attr("description"),
    _attr("country"),
    _attr("parent"),
    _attr("head"),
    ("roles", lambda a: _texts(role.label() for role in a.roles)),
    ("role_organizations", lambda a: _ids(dict.fromkeys(r.organization for r in a.roles if r.organization))),
    ("designated_by", lambda a: _ids(dict.fromkeys(d.by for d in a.designations))),
    ("sources", lambda a: _cited(a.sources)),
]

STATEMENT_COLUMNS: list[Column] = [
    _attr("id"),
    _attr("speaker"),
    _attr("speaker_role"),
    *_date_columns("said_on", lambda s: s.said_on),
    _attr("mode"),
    _attr("text"),
    _attr("lang"),
    ("original_text", lambda s: s.original.text if s.original else None),
    ("original_lang", lambda s: s.original.lang if s.original else None),
    _attr("channel"),
    ("audience", lambda s: _ids(s.audience)),
    ("via", lambda s: _links(s.via)),
    _attr("event"),
    ("about", lambda s: _links(s.about)),
    _attr("context"),
    ("sources", lambda s: _cited(s.sources)),
]

SOURCE_COLUMNS: list[Column] = [
    _attr("id"),
    _attr("number"),
    _attr("title"),
    _attr("kind"),
    _attr("publisher"),
    ("authors", lambda s: _texts(s.authors)),
    _attr("url"),
    _attr("archive_url"),
    *_date_columns("published", lambda s: s.published),
    *_date_columns("accessed", lambda s: s.accessed),
    _attr("lang"),
    _attr("note"),
]

PLACE_COLUMNS: list[Column] = [
    _attr("id"),
    _attr("name"),
    _attr("kind"),
    ("names", lambda p: _names(p.names)),
    _attr("within"),
    ("lat", lambda p: p.geo.lat if p.geo else None),
    ("lon", lambda p: p.geo.lon if p.geo else None),
    ("sources", lambda p: _cited(p.sources)),
]

# A figure row is (event, number within the event, figure).
FIGURE_COLUMNS: list[Column] = [
    ("event", lambda row: row[0].id),
    ("number", lambda row: row[1]),
    ("measure", lambda row: row[2].measure),
    ("value", lambda row: row[2].value),
    ("min", lambda row: row[2].min),
    ("max", lambda row: row[2].max),
    ("approx", lambda row: row[2].approx),
    ("unit", lambda row: row[2].unit),
    ("scale", lambda row: row[2].scale),
    ("per", lambda row: row[2].per),
    ("as_reported", lambda row: row[2].as_reported),
    ("category", lambda row: row[2].category),
    ("parts", lambda row: _parts(row[2].parts)),
    ("claimed_by", lambda row: row[2].claimed_by),
    *_date_columns("said_on", lambda row: row[2].said_on),
    ("id", lambda row: row[2].id),
    ("supersedes", lambda row: row[2].supersedes),
    ("sources", lambda row: _cited(row[2].sources)),
]


def _parts(parts: Sequence[FigurePart]) -> str:
    """A breakdown in one cell, "children: 6; women: 2" (a range "6-8", an open one ">=6"), exact as written."""
    def number(p: FigurePart) -> str:
        if p.value is not None:
            return str(p.value)
        if p.min is not None and p.max is not None:
            return f"{p.min}-{p.max}"
        return f">={p.min}" if p.min is not None else (f"<={p.max}" if p.max is not None else "")
    return "; ".join(f"{p.category}: {number(p) or p.as_reported or ''}" for p in parts)


def _cell(value: Cell) -> str:
    if type(value) is str:  # most cells: nothing to do (half a million at 10,000 events)
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# Columns whose cells are words from the content, which a hostile briefing could start with "=".
TEXT_COLUMNS = frozenset({
    "title", "summary", "date_display", "kind", "tags", "actor_roles", "name", "short_name", "names", "description",
    "roles", "speaker_role", "text", "original_text", "channel", "context", "publisher", "authors", "note",
    "measure", "as_reported", "category", "unit", "parts",
})
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _text_cell(value: Cell) -> str:
    return _inert(_cell(value))


def table_of(columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    """A CSV file: the header, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(name for name, _ in columns)
    cells = [(get, _text_cell if name in TEXT_COLUMNS else _cell) for name, get in columns]
    writer.writerows([cell(get(row)) for get, cell in cells] for row in rows)  # row by row: no list of them
    return out.getvalue().encode("utf-8")


def csv_files_of(briefing: Briefing) -> dict[str, bytes]:
    """Every CSV file of the site, keyed by its path: data/events.csv ... data/figures.csv."""
    return dict(each_csv_file(briefing))


def each_csv_file(briefing: Briefing) -> Iterator[tuple[str, bytes]]:
    """csv_files_of one file at a time, each made when asked for."""
    yield "data/events.csv", table_of(EVENT_COLUMNS, briefing.events)
    figures = ((event, n, figure) for event in briefing.events for n, figure in enumerate(event.figures, 1))
    yield "data/figures.csv", table_of(FIGURE_COLUMNS, figures)
    yield "data/actors.csv", table_of(ACTOR_COLUMNS, briefing.actors)
    yield "data/statements.csv", table_of(STATEMENT_COLUMNS, briefing.statements)
    yield "data/sources.csv", table_of(SOURCE_COLUMNS, briefing.sources)
    yield "data/places.csv", table_of(PLACE_COLUMNS, briefing.places)
