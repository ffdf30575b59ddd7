"""What a build shows of the recorded editions: the log of changes, the marks, figures' earlier values."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .editionread import editions_of
from .editions import (
    EarlierValue,
    EditionCache,
    EditionChanges,
    FigureHistory,
    current_changes,
    edition_changes,
    figure_history_of,
    published_files,
)
from .jsondata import briefing_data
from .model import Briefing
from .problems import Pos, Problems


@dataclass(frozen=True)
class SiteEditions:
    """Everything the pages need of editions/; empty when the briefing has none."""

    log: tuple[EditionChanges, ...] = ()  # newest first; the first entry may be the unrecorded content
    latest: EditionChanges | None = None  # what "New"/"Updated" and the overview's box are about
    marks: dict[str, dict[str, str]] = field(default_factory=dict)  # collection -> id -> "new" | "updated"
    history: FigureHistory = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # data/editions/
    last: int = 0  # the number of the last recorded edition
    digest: str = ""  # of everything above, for the page cache

    def mark_of(self, collection: str, id_: str) -> str | None:
        return self.marks.get(collection, {}).get(id_)

    def earlier_of(self, event_id: str, key: tuple[str, str, str]) -> tuple[EarlierValue, ...]:
        return tuple(self.history.get(event_id, {}).get(key, ()))


NO_EDITIONS = SiteEditions()


def site_editions_of(briefing_dir: Path, briefing: Briefing, problems: Problems, cache: EditionCache,
                     shown: Callable[[str], str] = str) -> SiteEditions:
    """Reads editions/ (its problems located) and compares them with each other and with the content."""
    editions = editions_of(briefing_dir, problems, cache)
    _check_change_editions(briefing, {e.number for e in editions}, problems, briefing_dir, shown)
    if not editions or problems.has_errors:
        return NO_EDITIONS
    current = briefing_data(briefing)
    recorded = edition_changes(editions, cache)
    unrecorded = current_changes(editions, current, cache)
    log = ([unrecorded] if unrecorded is not None and not unrecorded.difference.is_empty else []) + recorded[::-1]
    # Since the last edition when the content has moved on; else what the last edition changed.
    latest = log[0] if log and (not log[0].recorded or log[0].previous is not None) else None
    history = figure_history_of(editions, current, cache)
    marks = latest.difference.marks() if latest is not None else {}
    seen = (tuple(e.digest for e in editions), [(c.number, c.recorded, c.items) for c in log], marks, history)
    return SiteEditions(tuple(log), latest, marks, history, published_files(editions, cache), editions[-1].number,
                        hashlib.sha256(repr(seen).encode()).hexdigest())


def _check_change_editions(briefing: Briefing, numbers: set[int], problems: Problems, briefing_dir: Path,
                           shown: Callable[[str], str]) -> None:
    """A revision-log entry may name its edition; the edition must have been recorded."""
    for change in briefing.meta.changes:
        if change.edition is not None and change.edition not in numbers:
            pos = change.positions.get("edition") or Pos(str(briefing_dir / "content" / "briefing.yaml"))
            known = ", ".join(str(n) for n in sorted(numbers)) or "none yet"
            problems.error(Pos(shown(pos.path), pos.line, pos.col),
                           f"edition {change.edition} has not been recorded (recorded: {known}); "
                           "record it with 'factsheet edition' or remove the key")
