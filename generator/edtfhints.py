"""Messages for dates written in common ways that EDTF does not read: '04/13/2021', '~2024-01-16', 'a / b'."""

import re
from collections.abc import Callable

from .civil import MONTHS

_QUALIFIERS = "~?%"


def _qualifier_moved(part: str) -> str:
    """'~2024-01-16' -> '2024-01-16~': EDTF writes the qualifier after the date it qualifies."""
    if len(part) > 1 and part[0] in _QUALIFIERS and part[1] not in _QUALIFIERS:
        return part[1:] + part[0]
    return part


def hint_for(text: str, reads: Callable[[str], bool]) -> str | None:
    """A message for a date written in a common way that EDTF does not read, or None.

    `reads(text)` says whether a fix is a valid date; only valid fixes are suggested."""
    if re.search(r"\s/|/\s", text):
        fixed = re.sub(r"\s*/\s*", "/", text)
        return f"'{text}' has spaces around '/'; " + (f"write '{fixed}'" if reads(fixed) else "remove them")
    parts = text.split("/")
    if any(_qualifier_moved(part) != part for part in parts):
        fixed = "/".join(_qualifier_moved(part) for part in parts)
        suggestion = f": write '{fixed}'" if reads(fixed) else ""
        return f"'{text}' has '~', '?' or '%' before a date; it goes after the date{suggestion}"
    numbers = re.fullmatch(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})", text)
    if numbers:
        # Month first or day first: offer every reading that is a real day, and say which day it is.
        first, second, year = int(numbers[1]), int(numbers[2]), numbers[3]
        readings = dict.fromkeys((m, d) for m, d in ((first, second), (second, first))
                                 if reads(f"{year}-{m:02d}-{d:02d}"))
        if readings:
            written = " or ".join(f"'{year}-{m:02d}-{d:02d}' ({d} {MONTHS[m - 1]})" for m, d in readings)
            return f"'{text}' is not an EDTF date; write the year first, then month and day: {written}"
    if re.fullmatch(r"[0-9]{4}[/.][0-9]{2}[/.][0-9]{2}", text):
        return (f"'{text}' is not an EDTF date; separate year, month and day with '-': "
                f"'{text[:4]}-{text[5:7]}-{text[8:]}'")
    return None
