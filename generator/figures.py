"""Figures in a newsroom's words: "$9.6bn a day", "$916m", "at least 9 people, of whom 6 children".

Currency symbols and digit grouping come from CLDR (Babel), in English, the language of the generated text;
the shortening of large numbers follows newsroom style (m, bn, tn after a currency; million, billion,
trillion otherwise), which CLDR's compact forms ("$916M") do not.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, get_currency_symbol

from .fields import FLOAT_RE, INT_RE, INVALID, Ctx, FieldType, _expect_unquoted
from .problems import Pos, Problems, did_you_mean
from .yamlnodes import Map, Scalar

SCALES = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9}
PERS = ("day", "week", "month", "year")
# Shortened steps, largest first: (size, after a currency, after a plain number).
_STEPS = ((Decimal(10) ** 12, "tn", " trillion"), (Decimal(10) ** 9, "bn", " billion"),
          (Decimal(10) ** 6, "m", " million"))
# A number is written in full below a million ("40,000"), shortened from a million up ("916m").
SHORTEN_FROM = Decimal(10) ** 6
# At most this many decimals once shortened: "$1.23bn" for 1,234,567,890 (the exact value is in data/).
SHORT_DECIMALS = 2
# Far above any count or sum of money (10^18): keeps every number a plain float or a small int.
MAX_QUANTITY = 1e18
# English, parsed once: Babel parses a locale given by name on every call, which costs more than the formatting.
ENGLISH = Locale.parse("en")


def is_currency(unit: str | None) -> bool:
    """An ISO 4217 code: three capital letters ("USD"); anything else is a free-text unit ("people")."""
    return unit is not None and len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper()


def symbol_of(code: str) -> str:
    """"$" for USD, "€" for EUR, "£" for GBP; the code itself where English has no symbol ("PKR")."""
    return str(get_currency_symbol(code, locale=ENGLISH))


class Quantity(FieldType):
    """A figure's number: whole (`9`) or decimal (`9.6`), never negative (checked with the figure)."""

    label = "a number"

    def parse(self, node: Any, ctx: Ctx) -> Any:
        if isinstance(node, Scalar) and FLOAT_RE.match(node.value) and len(node.value) < 40:
            if not node.plain:
                return _expect_unquoted(self, node, ctx, True)
            # Read as a float first: "1e999999999" must never become an integer of a billion digits.
            number = float(node.value)
            if not math.isfinite(number) or abs(number) > MAX_QUANTITY:
                ctx.problems.error(node.pos, f"{node.value} is too large for a figure (at most {MAX_QUANTITY:.0e})")
                return INVALID
            # A whole number stays an int ("9", not "9.0") in the model and in every export.
            return int(node.value) if INT_RE.match(node.value) else number
        return self.expect(node, ctx)


def _plain(number: Decimal) -> str:
    return str(format_decimal(number, format="#,##0.###", locale=ENGLISH))


def number_of(value: float, scale: str | None = None, unit: str | None = None) -> str:
    """One number as a newsroom writes it: "$9.6bn", "$916m", "40,000", "9.6 million", "$250"."""
    amount = Decimal(str(value)) * SCALES.get(scale or "", Decimal(1))
    currency = is_currency(unit)
    prefix = symbol_of(unit) if currency and unit else ""
    if prefix and prefix == unit:  # "PKR 500m": a code is a word and takes a space
        prefix += " "
    for size, short, long in _STEPS:
        if amount >= size:
            shortened = (amount / size).quantize(Decimal(1).scaleb(-SHORT_DECIMALS)).normalize()
            return f"{prefix}{_plain(shortened)}{short if currency else long}"
    return f"{prefix}{_plain(amount.normalize())}"


def range_of(low: float, high: float, scale: str | None = None, unit: str | None = None) -> str:
    """"9–12", "$2bn–$3bn", "1,000–2,000": both ends in full, so neither is misread."""
    return f"{number_of(low, scale, unit)}–{number_of(high, scale, unit)}"


def unit_words_of(unit: str | None) -> str:
    """The words after the number: " people", " tonnes"; nothing for a currency (it is the symbol)."""
    return f" {unit}" if unit and not is_currency(unit) else ""


def per_words_of(per: str | None) -> str:
    return f" a {per}" if per else ""


# Pure, and the same figure is worded on its event's page, its card and in its page's JSON-LD: Babel's formatting
# (it parses the locale on every call) costs more than the rest of a card.
@functools.lru_cache(maxsize=65536, typed=True)  # typed: 9 and 9.0 are worded apart, as uncached
def amount_of(value: float | None, low: float | None, high: float | None, approx: bool = False, *,
              scale: str | None = None, unit: str | None = None, per: str | None = None) -> str:
    """The number in words a reader expects: "at least 9", "about 40", "9–12", "$9.6bn a day"."""
    about = "about " if approx else ""
    tail = unit_words_of(unit) + per_words_of(per)
    if value is not None:
        return f"{about}{number_of(value, scale, unit)}{tail}"
    if low is not None and high is not None:
        return f"{about}{range_of(low, high, scale, unit)}{tail}"
    if low is not None:  # "at least about 9" reads badly; the approximation goes last
        return f"at least {number_of(low, scale, unit)}{tail}" + (" (approx.)" if approx else "")
    if high is not None:
        return f"up to {number_of(high, scale, unit)}{tail}" + (" (approx.)" if approx else "")
    return ""


def check_amount(values: dict[str, Any], node: Map, ctx: Ctx, what: str) -> None:
    """The rules a figure and a part share: one kind of number, ranges in order, nothing negative."""
    if not any(k in values for k in ("value", "min", "max", "as_reported")):
        ctx.problems.error(node.pos, f"{what} needs one of value, min, max or as_reported")
    if "value" in values and ("min" in values or "max" in values):
        ctx.problems.error(node.pos, f"{what} has either an exact value or a min/max range, not both")
    low, high = values.get("min"), values.get("max")
    if low is not None and high is not None and low > high:
        ctx.problems.error(node.get("min").pos, f"min ({low}) is greater than max ({high})")  # type: ignore[union-attr]
    for key in ("value", "min", "max"):
        if values.get(key, 0) < 0:
            ctx.problems.error(node.get(key).pos, f"{key} cannot be negative")  # type: ignore[union-attr]


def bounds_of(values: dict[str, Any], scale: str | None) -> tuple[Decimal | None, Decimal | None]:
    """The least and the most a validated figure or part can mean, scaled; None where it has no bound."""
    factor = SCALES.get(scale or "", Decimal(1))
    low, high = values.get("value", values.get("min")), values.get("value", values.get("max"))
    return (None if low is None else Decimal(str(low)) * factor, None if high is None else Decimal(str(high)) * factor)


def check_figure_ids(events: list[dict[str, Any]], problems: Problems) -> None:
    """Figure ids are unique in the briefing; `supersedes` names one of them, never its own figure."""
    defined: dict[str, Pos] = {}
    for event in events:
        for figure in event.get("figures", ()):
            id_ = figure.get("id")
            if id_ is None:
                continue
            if id_ in defined:
                problems.error(figure["positions"]["id"], f"figure id '{id_}' is already used at {defined[id_]}")
            else:
                defined[id_] = figure["positions"]["id"]
    for event in events:
        for figure in event.get("figures", ()):
            earlier = figure.get("supersedes")
            if earlier is None:
                continue
            at = figure["positions"]["supersedes"]
            if earlier == figure.get("id"):
                problems.error(at, f"figure '{earlier}' cannot supersede itself")
            elif earlier not in defined:
                problems.error(at, f"unknown figure '{earlier}' in supersedes{did_you_mean(earlier, defined)}"
                               + ("" if defined else " (no figure has an id: give the earlier figure one)"))
