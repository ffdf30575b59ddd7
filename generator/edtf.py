"""Parse, validate, sort and render EDTF dates (ISO 8601-2 levels 0 and 1) for briefing authors."""

import re
from dataclasses import dataclass, replace

from .civil import MONTHS, civil_from_days, days_from_civil, days_in_month
from .edtfhints import hint_for

_MONTHS = MONTHS
_SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
# EDTF leaves season boundaries to the reader; northern meteorological seasons are what most readers
# assume. Month 14 stands for February of the next year, so winter 2024 runs into 2025.
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}
_PRECISIONS = ("century", "decade", "year", "season", "month", "day", "minute", "second")
_DAY_RANK = _PRECISIONS.index("day")
_OPEN = ".."
_UNKNOWN = ""
# Moments carry a leading flag because years are unbounded, so no sentinel year could sort before
# or after every real date: (0,) is an open start, (1, y, m, d, h, mi, s) a real UTC moment, (2,) an
# open end.
_MIN: tuple[int, ...] = (0,)
_MAX: tuple[int, ...] = (2,)
MAX_YEAR_DIGITS = 12  # a 'Y' year: enough for any date a briefing can mean; huge ones cost time to print
_EXAMPLES = "write e.g. '2024-01-16', '2024-01', '2024', '2024-01-16~' or '2024-01-16/2024-01-19'"

# Digit classes are spelled [0-9] because \d would also accept non-ASCII digits.
_DATE_RE = re.compile(r"(?P<year>Y-?[0-9]+|-?[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?")
_X_FORMS = re.compile(r"[0-9]{3}X|[0-9]{2}XX|-?[0-9]{4}-(?:XX|XX-XX|[0-9]{2}-XX)")
_TIME_RE = re.compile(
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?P<offset>Z|[+-][0-9]{2}(?::[0-9]{2})?)?"
)


class EdtfError(ValueError):
    """Raised for an invalid date; str(e) is a one-sentence message for authors saying how to fix it."""


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:40] + "…"


def _not_edtf(text: str) -> EdtfError:
    return EdtfError(f"'{_shown(text)}' is not an EDTF date; {_EXAMPLES}")


def _utc(
    year: int, month: int, day: int, hour: int, minute: int, second: int, offset: int
) -> tuple[int, ...]:
    seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset * 60
    days, rest = divmod(seconds, 86400)
    return (1, *civil_from_days(days), rest // 3600, rest % 3600 // 60, rest % 60)


def _year_name(year: int) -> str:
    number = year if year > 0 else 1 - year  # astronomical year 0 is 1 BCE
    digits = f"{number:,}" if number >= 10000 else str(number)
    return digits if year > 0 else f"{digits} BCE"


def _join(left: str, right: str) -> str:
    # A bare en dash binds single words ("2023–2024"); multi-word ends need spacing to stay readable.
    return f"{left} – {right}" if " " in left or " " in right else f"{left}–{right}"


@dataclass(frozen=True)
class _Point:
    year: int  # astronomical (0 = 1 BCE); for X years the first year covered
    year_span: int = 1  # 10 for '201X', 100 for '20XX'
    month: int | None = None
    season: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset: int = 0  # minutes east of UTC
    offset_text: str = "Z"  # "Z" or a normalised "+HH:MM"
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        if self.second is not None:
            return "second"
        if self.minute is not None:
            return "minute"
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        return {10: "decade", 100: "century"}.get(self.year_span, "year")

    def earliest(self) -> tuple[int, ...]:
        month = self.month or (_SEASON_MONTHS[self.season][0] if self.season else 1)
        return _utc(
            self.year, month, self.day or 1, self.hour or 0, self.minute or 0, self.second or 0, self.offset
        )

    def latest(self) -> tuple[int, ...]:
        year = self.year + self.year_span - 1
        month = self.month or (_SEASON_MONTHS[self.season][1] if self.season else 12)
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return _utc(
            year,
            month,
            self.day or days_in_month(year, month),
            23 if self.hour is None else self.hour,
            59 if self.minute is None else self.minute,
            59 if self.second is None else self.second,
            self.offset,
        )

    def core(self, short: bool) -> str:
        """The rendering without qualifiers."""
        year = _year_name(self.year)
        if self.year_span == 100:
            return _join(year, _year_name(self.year + 99))
        if self.year_span == 10:
            return f"{self.year}s"
        if self.season is not None:
            return f"{_SEASONS[self.season]} {year}"
        if self.month is None:
            return year
        month = self.month_name(short)
        if self.day is None:
            return f"{month} {year}"
        date = f"{self.day} {month} {year}"
        if self.hour is None:
            return date
        time = f"{self.hour:02d}:{self.minute:02d}" + ("" if self.second is None else f":{self.second:02d}")
        return f"{date}, {time} UTC{'' if self.offset_text == 'Z' else self.offset_text}"

    def month_name(self, short: bool) -> str:
        name = _MONTHS[(self.month or 1) - 1]
        return name[:3] if short else name

    def qualify(self, core: str) -> str:
        return ("c. " if self.approximate else "") + core + (" (?)" if self.uncertain else "")

    def render(self, short: bool) -> str:
        return self.qualify(self.core(short))

    def iso(self) -> str:
        # HTML years need four or more digits and must be positive; X digits have no HTML form at all.
        if self.year <= 0 or self.year_span > 1:
            return ""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            text += "" if self.second is None else f":{self.second:02d}"
            text += self.offset_text
        return text


def _collapse(first: _Point, last: _Point, short: bool) -> str | None:
    """Render two same-precision, same-qualifier ends sharing their common parts, or None if they can't."""
    if (first.approximate, first.uncertain) != (last.approximate, last.uncertain):
        return None
    precision = first.precision
    if precision != last.precision or precision in ("minute", "second"):
        return None
    if first == last:
        return first.core(short)
    if precision == "century":
        return _join(_year_name(first.year), _year_name(last.year + 99))
    if precision in ("year", "decade"):
        return _join(first.core(short), last.core(short))
    if first.year != last.year:
        return None
    year = _year_name(first.year)
    if first.season is not None and last.season is not None:
        return f"{_SEASONS[first.season]}–{_SEASONS[last.season]} {year}"
    first_month, last_month = first.month_name(short), last.month_name(short)
    if precision == "month":
        return f"{first_month}–{last_month} {year}"
    if first.month == last.month:
        return f"{first.day}–{last.day} {first_month} {year}"
    return f"{first.day} {first_month} – {last.day} {last_month} {year}"


@dataclass(frozen=True)
class Edtf:
    """A parsed date: one point, or an interval whose ends are points, '..' (open) or '' (unknown)."""

    text: str
    start: _Point | str
    end: _Point | str | None = None  # None for a single date

    def _points(self) -> list[_Point]:
        return [end for end in (self.start, self.end) if isinstance(end, _Point)]

    @property
    def is_interval(self) -> bool:
        return self.end is not None

    @property
    def precision(self) -> str:
        return max((point.precision for point in self._points()), key=_PRECISIONS.index)

    @property
    def approximate(self) -> bool:
        return any(point.approximate for point in self._points())

    @property
    def uncertain(self) -> bool:
        return any(point.uncertain for point in self._points())

    def earliest(self) -> tuple[int, ...]:
        return self.start.earliest() if isinstance(self.start, _Point) else _MIN

    def latest(self) -> tuple[int, ...]:
        last = self.start if self.end is None else self.end
        return last.latest() if isinstance(last, _Point) else _MAX

    def sort_key(self) -> tuple[int, ...]:
        # latest() last so a date sorts before an interval that starts with it.
        return (*self.earliest(), _PRECISIONS.index(self.precision), *self.latest())

    def overlaps(self, other: "Edtf") -> bool:
        return self.earliest() <= other.latest() and other.earliest() <= self.latest()

    def is_day_or_finer(self) -> bool:
        return not self.is_interval and _PRECISIONS.index(self.precision) >= _DAY_RANK

    def render(self, short: bool = False) -> str:
        start, end = self.start, self.end
        if isinstance(start, _Point) and isinstance(end, _Point):
            collapsed = _collapse(start, end, short)
            if collapsed is not None:
                return start.qualify(collapsed)
            first, last = start.render(short), end.render(short)
            return first if first == last else _join(first, last)
        if isinstance(start, _Point):
            if end is None:
                return start.render(short)
            return f"from {start.render(short)}" if end == _OPEN else f"{start.render(short)} – ?"
        assert isinstance(end, _Point)  # parse_edtf rejects intervals without a known end
        # An open start is "on or before": the thing happened by then, it did not last until then.
        return f"by {end.render(short)}" if start == _OPEN else f"? – {end.render(short)}"

    def preposition(self) -> str:
        """The word that puts the date in a sentence ("said on 18 January 2024", "said in May 2021"):
        "on" for a day or finer, "in" for a month, season, year or longer, nothing for an interval
        (its rendering carries its own: "by ...", "from ...", "16–19 January")."""
        if self.is_interval:
            return ""
        if self.precision == "decade":
            return "in the"  # "in the 2020s"
        return "on" if _PRECISIONS.index(self.precision) >= _DAY_RANK else "in"

    def iso(self) -> str:
        first = self.start if isinstance(self.start, _Point) else self.end
        return first.iso() if isinstance(first, _Point) else ""


def _parse_point(text: str, whole: str) -> _Point:
    """Parse one date (not an interval); `whole` is the full input, quoted when the syntax is wrong."""
    body, qualifier = (text[:-1], text[-1]) if text[-1] in "~?%" else (text, "")
    date_text, has_time, time_text = body.partition("T")
    date = _DATE_RE.fullmatch(date_text)
    if date is None:
        raise _not_edtf(whole)
    year_text, month_text, day_text = date.group("year", "month", "day")
    if year_text.startswith("Y") and (month_text is not None or has_time):
        raise _not_edtf(whole)
    year, year_span = _parse_year(year_text, date_text, text)
    month, season = _parse_month(month_text, day_text is not None, f"{year_text}-{month_text}{qualifier}", text)
    day = _parse_day(day_text, year, month, text) if month is not None else None
    point = _Point(
        year,
        year_span,
        month,
        season,
        day,
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )
    if not has_time:
        return point
    if day is None:
        raise EdtfError(f"'{text}' has a time but no day; a time needs a full date, e.g. '2024-01-16T04:30Z'")
    return _parse_time(point, time_text, body, qualifier, text)


def _parse_year(year_text: str, date_text: str, text: str) -> tuple[int, int]:
    """The (first) year and how many years it covers: 1, or 10 and 100 for '201X' and '20XX'."""
    if year_text.startswith("Y") and len(year_text.lstrip("Y-")) <= 4:
        raise EdtfError(
            f"'{text}' is not a valid date: a 'Y' year needs more than four digits; "
            "write shorter years with exactly four digits, e.g. '2024' or '-0044'"
        )
    if "X" in date_text and not _X_FORMS.fullmatch(date_text):
        raise EdtfError(
            f"'{text}' uses X in an unsupported place; X may replace the last one or two digits of a year "
            "('201X', '20XX') or an unknown month or day ('2024-XX', '2024-01-XX', '2024-XX-XX')"
        )
    if year_text == "-0000":
        raise EdtfError(f"'{text}' is not a valid date: there is no year -0000; write '0000' for 1 BCE")
    return int(year_text.lstrip("Y").replace("X", "0")), 10 ** year_text.count("X")


def _parse_month(month_text: str | None, has_day: bool, as_season: str, text: str) -> tuple[int | None, int | None]:
    """(month, season): both None for no month or 'XX'; `as_season` is the date written without its day."""
    if month_text is None or month_text == "XX":
        return None, None
    value = int(month_text)
    if value in _SEASONS:
        if has_day:
            raise EdtfError(f"'{text}' is not a valid date: a season cannot have a day; write just '{as_season}'")
        return None, value
    if 1 <= value <= 12:
        return value, None
    raise EdtfError(
        f"'{text}' is not a valid date: there is no month {month_text}; use 01 to 12, or 21 to 24 for a season"
    )


def _parse_day(day_text: str | None, year: int, month: int, text: str) -> int | None:
    if day_text is None or day_text == "XX":
        return None
    value, days = int(day_text), days_in_month(year, month)
    if value == 0:
        raise EdtfError(f"'{text}' is not a valid date: days start at 01")
    if value > days:
        raise EdtfError(f"'{text}' is not a valid date: {_MONTHS[month - 1]} {_year_name(year)} has {days} days")
    return value


def _parse_time(point: _Point, time_text: str, body: str, qualifier: str, text: str) -> _Point:
    """The day `point` at the time `time_text` (after the 'T'), which must carry a UTC offset."""
    time = _TIME_RE.fullmatch(time_text)
    if time is None:
        raise EdtfError(
            f"'{text}' has a time that cannot be read; write HH:MM or HH:MM:SS and a UTC offset, "
            "e.g. '2024-01-16T04:30Z' or '2024-01-16T04:30:15+03:30'"
        )
    if time["offset"] is None:
        raise EdtfError(
            f"'{text}' has a time but no UTC offset; "
            f"add one, e.g. '{body}+03:30{qualifier}' or '{body}Z{qualifier}'"
        )
    limits = (("hour", time["hour"], 23), ("minute", time["minute"], 59), ("second", time["second"], 59))
    for name, value_text, top in limits:
        if value_text is not None and int(value_text) > top:
            raise EdtfError(f"'{text}' is not a valid time: there is no {name} {value_text}; use 00 to {top}")
    offset_text: str = time["offset"]
    offset = 0
    if offset_text != "Z":
        offset_hours, offset_minutes = int(offset_text[1:3]), int(offset_text[4:] or "0")
        if offset_hours > 14 or offset_minutes > 59:
            raise EdtfError(
                f"'{text}' is not a valid time: UTC offset {offset_text} is out of range; "
                "use at most 14 hours and 59 minutes, e.g. '+03:30' or '-05:00'"
            )
        offset = (offset_hours * 60 + offset_minutes) * (-1 if offset_text[0] == "-" else 1)
        offset_text = f"{offset_text[0]}{offset_hours:02d}:{offset_minutes:02d}"
    return replace(
        point,
        hour=int(time["hour"]),
        minute=int(time["minute"]),
        second=None if time["second"] is None else int(time["second"]),
        offset=offset,
        offset_text=offset_text,
    )


def _reads(text: str) -> bool:
    try:
        parse_edtf(text)
    except EdtfError:
        return False
    return True


def _check_year_digits(text: str) -> None:
    for digits in re.findall(r"Y-?([0-9]+)", text):
        if len(digits) > MAX_YEAR_DIGITS:
            raise EdtfError(
                f"'{_shown(text)}' has a year of {len(digits)} digits; factsheet reads years of at most "
                f"{MAX_YEAR_DIGITS} digits"
            )


def parse_edtf(text: str) -> Edtf:
    """Parse `text` exactly as written, raising EdtfError with an author-facing message if it is invalid."""
    if not text:
        raise EdtfError(f"the date is empty; {_EXAMPLES}")
    if text != text.strip():
        raise EdtfError(f"{text!r} has spaces before or after it; remove them")
    hint = hint_for(text, _reads)
    if hint is not None:
        raise EdtfError(hint)
    _check_year_digits(text)
    if "/" not in text:
        return Edtf(text, _parse_point(text, text))
    parts = text.split("/")
    if len(parts) != 2:
        raise _not_edtf(text)
    start, end = (part if part in (_OPEN, _UNKNOWN) else _parse_point(part, text) for part in parts)
    if not isinstance(start, _Point) and not isinstance(end, _Point):
        raise EdtfError(
            f"'{text}' has no known start or end; "
            "give at least one date, e.g. '../2024-01-18' or '2024-01-16/..'"
        )
    if isinstance(start, _Point) and isinstance(end, _Point) and end.latest() < start.earliest():
        raise EdtfError(f"interval '{text}' ends before it starts")
    return Edtf(text, start, end)
