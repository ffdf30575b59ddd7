import datetime as dt

import pytest

from generator.edtf import Edtf, EdtfError, parse_edtf

EXAMPLES = "write e.g. '2024-01-16', '2024-01', '2024', '2024-01-16~' or '2024-01-16/2024-01-19'"
X_HELP = (
    "X may replace the last one or two digits of a year ('201X', '20XX') "
    "or an unknown month or day ('2024-XX', '2024-01-XX', '2024-XX-XX')"
)
NO_END = "give at least one date, e.g. '../2024-01-18' or '2024-01-16/..'"
OFFSET_RANGE = "use at most 14 hours and 59 minutes, e.g. '+03:30' or '-05:00'"
BAD_TIME = "write HH:MM or HH:MM:SS and a UTC offset, e.g. '2024-01-16T04:30Z' or '2024-01-16T04:30:15+03:30'"


# --- rendering -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "long", "short"),
    [
        ("2024", "2024", "2024"),
        ("2024-01", "January 2024", "Jan 2024"),
        ("2024-09", "September 2024", "Sep 2024"),
        ("2024-01-16", "16 January 2024", "16 Jan 2024"),
        ("2024-01-05", "5 January 2024", "5 Jan 2024"),
        ("2024-01-16T04:30+03:30", "16 January 2024, 04:30 UTC+03:30", "16 Jan 2024, 04:30 UTC+03:30"),
        ("2024-01-16T04:30Z", "16 January 2024, 04:30 UTC", "16 Jan 2024, 04:30 UTC"),
        ("2024-01-16T04:30:15Z", "16 January 2024, 04:30:15 UTC", "16 Jan 2024, 04:30:15 UTC"),
        ("2024-01-16T04:30-05", "16 January 2024, 04:30 UTC-05:00", "16 Jan 2024, 04:30 UTC-05:00"),
        ("2024-01-16T04:30+00:00", "16 January 2024, 04:30 UTC+00:00", "16 Jan 2024, 04:30 UTC+00:00"),
        ("2024-01-16~", "c. 16 January 2024", "c. 16 Jan 2024"),
        ("2024-01-16?", "16 January 2024 (?)", "16 Jan 2024 (?)"),
        ("2024-01-16%", "c. 16 January 2024 (?)", "c. 16 Jan 2024 (?)"),
        ("2024~", "c. 2024", "c. 2024"),
        ("2024-01?", "January 2024 (?)", "Jan 2024 (?)"),
        ("2024-01-16T04:30Z~", "c. 16 January 2024, 04:30 UTC", "c. 16 Jan 2024, 04:30 UTC"),
        ("201X", "2010s", "2010s"),
        ("20XX", "2000–2099", "2000–2099"),
        ("2024-XX", "2024", "2024"),
        ("2024-XX-XX", "2024", "2024"),
        ("2024-01-XX", "January 2024", "Jan 2024"),
        ("201X~", "c. 2010s", "c. 2010s"),
        ("2024-21", "Spring 2024", "Spring 2024"),
        ("2024-22", "Summer 2024", "Summer 2024"),
        ("2024-23", "Autumn 2024", "Autumn 2024"),
        ("2024-24?", "Winter 2024 (?)", "Winter 2024 (?)"),
        ("-0044", "45 BCE", "45 BCE"),
        ("-0043", "44 BCE", "44 BCE"),
        ("0000", "1 BCE", "1 BCE"),
        ("0001", "1", "1"),
        ("0900", "900", "900"),
        ("-0043-03-15", "15 March 44 BCE", "15 Mar 44 BCE"),
        ("Y170000002", "170,000,002", "170,000,002"),
        ("Y-170000002", "170,000,003 BCE", "170,000,003 BCE"),
        ("Y12345~", "c. 12,345", "c. 12,345"),
    ],
)
def test_render_point(text: str, long: str, short: str) -> None:
    date = parse_edtf(text)
    assert date.render() == long
    assert date.render(short=True) == short


@pytest.mark.parametrize(
    ("text", "long", "short"),
    [
        ("2024-01-16/2024-01-19", "16–19 January 2024", "16–19 Jan 2024"),
        ("2024-01-30/2024-02-02", "30 January – 2 February 2024", "30 Jan – 2 Feb 2024"),
        ("2023-12-30/2024-01-02", "30 December 2023 – 2 January 2024", "30 Dec 2023 – 2 Jan 2024"),
        ("2024-01/2024-03", "January–March 2024", "Jan–Mar 2024"),
        ("2023-11/2024-02", "November 2023 – February 2024", "Nov 2023 – Feb 2024"),
        ("2023/2024", "2023–2024", "2023–2024"),
        ("2024-01/2024-02-10", "January 2024 – 10 February 2024", "Jan 2024 – 10 Feb 2024"),
        ("2023/2024-03", "2023 – March 2024", "2023 – Mar 2024"),
        ("2024-01/2024-01-16", "January 2024 – 16 January 2024", "Jan 2024 – 16 Jan 2024"),
        ("2024-01-16/2024-01-16", "16 January 2024", "16 Jan 2024"),
        ("../2024-01-18", "by 18 January 2024", "by 18 Jan 2024"),
        ("2024-01-16/..", "from 16 January 2024", "from 16 Jan 2024"),
        ("/2024-01-18", "? – 18 January 2024", "? – 18 Jan 2024"),
        ("2024-01-16/", "16 January 2024 – ?", "16 Jan 2024 – ?"),
        ("../2024-01-18~", "by c. 18 January 2024", "by c. 18 Jan 2024"),
        ("../2024-01", "by January 2024", "by Jan 2024"),
        ("2021-05/..", "from May 2021", "from May 2021"),
        ("2024-01-16~/2024-01-19~", "c. 16–19 January 2024", "c. 16–19 Jan 2024"),
        ("2024-01-16?/2024-01-19?", "16–19 January 2024 (?)", "16–19 Jan 2024 (?)"),
        ("2024-01-16%/2024-01-19%", "c. 16–19 January 2024 (?)", "c. 16–19 Jan 2024 (?)"),
        ("2024-01-16~/2024-01-19", "c. 16 January 2024 – 19 January 2024", "c. 16 Jan 2024 – 19 Jan 2024"),
        ("2024-01-16/2024-01-19?", "16 January 2024 – 19 January 2024 (?)", "16 Jan 2024 – 19 Jan 2024 (?)"),
        (
            "2023-12-30~/2024-01-02~",
            "c. 30 December 2023 – c. 2 January 2024",
            "c. 30 Dec 2023 – c. 2 Jan 2024",
        ),
        ("2023~/2024~", "c. 2023–2024", "c. 2023–2024"),
        ("2024-21/2024-22", "Spring–Summer 2024", "Spring–Summer 2024"),
        ("2024-24/2025-21", "Winter 2024 – Spring 2025", "Winter 2024 – Spring 2025"),
        ("201X/202X", "2010s–2020s", "2010s–2020s"),
        ("19XX/20XX", "1900–2099", "1900–2099"),
        ("-0044/-0010", "45 BCE – 11 BCE", "45 BCE – 11 BCE"),
        ("-0044-03/-0044-05", "March–May 45 BCE", "Mar–May 45 BCE"),
        ("Y-170000002/2024", "170,000,003 BCE – 2024", "170,000,003 BCE – 2024"),
        (
            "2024-01-16T04:30Z/2024-01-16T06:00+01:00",
            "16 January 2024, 04:30 UTC – 16 January 2024, 06:00 UTC+01:00",
            "16 Jan 2024, 04:30 UTC – 16 Jan 2024, 06:00 UTC+01:00",
        ),
        ("2024-01-16T04:30Z/..", "from 16 January 2024, 04:30 UTC", "from 16 Jan 2024, 04:30 UTC"),
        ("2024-01-16/2024-01-17T09:00Z", "16 January 2024 – 17 January 2024, 09:00 UTC", None),
    ],
)
def test_render_interval(text: str, long: str, short: str | None) -> None:
    date = parse_edtf(text)
    assert date.render() == long
    if short is not None:
        assert date.render(short=True) == short


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2024-01-18", "said on 18 January 2024"),
        ("2024-01-18T10:00Z", "said on 18 January 2024, 10:00 UTC"),
        ("2021-05", "said in May 2021"),
        ("2021", "said in 2021"),
        ("2021-21", "said in Spring 2021"),
        ("202X", "said in the 2020s"),
        ("2021-05~", "said in c. May 2021"),
        ("../2024-01-19", "said by 19 January 2024"),
        ("2024-01-16/..", "said from 16 January 2024"),
        ("2024-01-16/2024-01-19", "said 16–19 January 2024"),
    ],
)
def test_preposition_fits_the_precision(text: str, said: str) -> None:
    """"said on" a day, "said in" a month or longer, an interval's own words otherwise."""
    date = parse_edtf(text)
    assert " ".join(w for w in ("said", date.preposition(), date.render()) if w) == said


# --- parsed properties -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "approximate", "uncertain", "is_interval", "day_or_finer"),
    [
        ("2024", "year", False, False, False, False),
        ("2024-01", "month", False, False, False, False),
        ("2024-01-16", "day", False, False, False, True),
        ("2024-01-16T04:30+03:30", "minute", False, False, False, True),
        ("2024-01-16T04:30:15Z", "second", False, False, False, True),
        ("2024-01-16~", "day", True, False, False, True),
        ("2024-01-16?", "day", False, True, False, True),
        ("2024-01-16%", "day", True, True, False, True),
        ("201X", "decade", False, False, False, False),
        ("20XX", "century", False, False, False, False),
        ("2024-XX", "year", False, False, False, False),
        ("2024-XX-XX", "year", False, False, False, False),
        ("2024-01-XX", "month", False, False, False, False),
        ("2024-21", "season", False, False, False, False),
        ("Y170000002", "year", False, False, False, False),
        ("-0044", "year", False, False, False, False),
        ("2024-01-16/2024-01-19", "day", False, False, True, False),
        ("2024-01/2024-02-10", "day", False, False, True, False),
        ("2023/2024-03", "month", False, False, True, False),
        ("2024-01-16/2024-01-17T09:00Z", "minute", False, False, True, False),
        ("../2024-01", "month", False, False, True, False),
        ("2024-01-16~/2024-01-19", "day", True, False, True, False),
        ("2024-01-16/2024-01-19?", "day", False, True, True, False),
        ("/2024?", "year", False, True, True, False),
    ],
)
def test_properties(
    text: str, precision: str, approximate: bool, uncertain: bool, is_interval: bool, day_or_finer: bool
) -> None:
    date = parse_edtf(text)
    assert isinstance(date, Edtf)
    assert date.text == text
    assert date.precision == precision
    assert date.approximate is approximate
    assert date.uncertain is uncertain
    assert date.is_interval is is_interval
    assert date.is_day_or_finer() is day_or_finer


def test_parsed_dates_are_frozen_and_comparable() -> None:
    date = parse_edtf("2024-01-16")
    assert date == parse_edtf("2024-01-16")
    assert hash(date) == hash(parse_edtf("2024-01-16"))
    with pytest.raises(AttributeError):
        date.text = "2024"  # type: ignore[misc]


def test_error_is_value_error() -> None:
    with pytest.raises(ValueError):
        parse_edtf("nope")


# --- iso() -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024", "2024"),
        ("2024-01", "2024-01"),
        ("2024-01-16", "2024-01-16"),
        ("2024-01-16~", "2024-01-16"),
        ("2024-01-16%", "2024-01-16"),
        ("2024-01-16T04:30+03:30", "2024-01-16T04:30+03:30"),
        ("2024-01-16T01:00Z", "2024-01-16T01:00Z"),
        ("2024-01-16T04:30:15Z", "2024-01-16T04:30:15Z"),
        ("2024-01-16T04:30-05", "2024-01-16T04:30-05:00"),
        ("0999-03-02", "0999-03-02"),
        ("2024-21", "2024"),
        ("2024-XX", "2024"),
        ("2024-XX-XX", "2024"),
        ("2024-01-XX", "2024-01"),
        ("201X", ""),
        ("20XX", ""),
        ("-0044", ""),
        ("-0044-03-15", ""),
        ("0000", ""),
        ("Y170000002", "170000002"),
        ("Y-170000002", ""),
        ("2024-01-16/2024-01-19", "2024-01-16"),
        ("2024-01/2024-02-10", "2024-01"),
        ("../2024-01-18", "2024-01-18"),
        ("/2024-01-18", "2024-01-18"),
        ("2024-01-16/..", "2024-01-16"),
        ("2024-01-16T04:30Z/2024-01-16T06:00Z", "2024-01-16T04:30Z"),
        ("201X/2024", ""),
    ],
)
def test_iso(text: str, iso: str) -> None:
    assert parse_edtf(text).iso() == iso


# --- earliest / latest -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2024", (1, 2024, 1, 1, 0, 0, 0), (1, 2024, 12, 31, 23, 59, 59)),
        ("2024-02", (1, 2024, 2, 1, 0, 0, 0), (1, 2024, 2, 29, 23, 59, 59)),
        ("2023-02", (1, 2023, 2, 1, 0, 0, 0), (1, 2023, 2, 28, 23, 59, 59)),
        ("2024-01-16", (1, 2024, 1, 16, 0, 0, 0), (1, 2024, 1, 16, 23, 59, 59)),
        ("2024-01-16T04:30+03:30", (1, 2024, 1, 16, 1, 0, 0), (1, 2024, 1, 16, 1, 0, 59)),
        ("2024-01-16T04:30:15Z", (1, 2024, 1, 16, 4, 30, 15), (1, 2024, 1, 16, 4, 30, 15)),
        ("2024-01-16T23:30-01:00", (1, 2024, 1, 17, 0, 30, 0), (1, 2024, 1, 17, 0, 30, 59)),
        ("2024-01-01T01:00+02", (1, 2023, 12, 31, 23, 0, 0), (1, 2023, 12, 31, 23, 0, 59)),
        ("2024-02-28T23:30-01", (1, 2024, 2, 29, 0, 30, 0), (1, 2024, 2, 29, 0, 30, 59)),
        ("201X", (1, 2010, 1, 1, 0, 0, 0), (1, 2019, 12, 31, 23, 59, 59)),
        ("20XX", (1, 2000, 1, 1, 0, 0, 0), (1, 2099, 12, 31, 23, 59, 59)),
        ("2024-XX", (1, 2024, 1, 1, 0, 0, 0), (1, 2024, 12, 31, 23, 59, 59)),
        ("2024-01-XX", (1, 2024, 1, 1, 0, 0, 0), (1, 2024, 1, 31, 23, 59, 59)),
        ("2024-21", (1, 2024, 3, 1, 0, 0, 0), (1, 2024, 5, 31, 23, 59, 59)),
        ("2024-22", (1, 2024, 6, 1, 0, 0, 0), (1, 2024, 8, 31, 23, 59, 59)),
        ("2024-23", (1, 2024, 9, 1, 0, 0, 0), (1, 2024, 11, 30, 23, 59, 59)),
        ("2023-24", (1, 2023, 12, 1, 0, 0, 0), (1, 2024, 2, 29, 23, 59, 59)),
        ("-0044", (1, -44, 1, 1, 0, 0, 0), (1, -44, 12, 31, 23, 59, 59)),
        ("-0044-02", (1, -44, 2, 1, 0, 0, 0), (1, -44, 2, 29, 23, 59, 59)),
        ("Y170000002", (1, 170000002, 1, 1, 0, 0, 0), (1, 170000002, 12, 31, 23, 59, 59)),
        ("Y-170000002", (1, -170000002, 1, 1, 0, 0, 0), (1, -170000002, 12, 31, 23, 59, 59)),
        ("2024-01-16/2024-01-19", (1, 2024, 1, 16, 0, 0, 0), (1, 2024, 1, 19, 23, 59, 59)),
        ("../2024-01-18", (0,), (1, 2024, 1, 18, 23, 59, 59)),
        ("/2024-01-18", (0,), (1, 2024, 1, 18, 23, 59, 59)),
        ("2024-01-16/..", (1, 2024, 1, 16, 0, 0, 0), (2,)),
        ("2024-01-16/", (1, 2024, 1, 16, 0, 0, 0), (2,)),
    ],
)
def test_earliest_latest(text: str, earliest: tuple[int, ...], latest: tuple[int, ...]) -> None:
    date = parse_edtf(text)
    assert date.earliest() == earliest
    assert date.latest() == latest


def test_utc_conversion_matches_datetime() -> None:
    # Spot-check the calendar arithmetic against the standard library across its whole range.
    for ordinal in range(1, dt.date.max.toordinal(), 7919):
        day = dt.date.fromordinal(ordinal)
        for offset in ("+14:00", "-14:00", "+05:45"):
            text = f"{day.isoformat()}T00:15{offset}"
            sign = 1 if offset[0] == "+" else -1
            delta = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
            local = dt.datetime(day.year, day.month, day.day, 0, 15)
            try:
                utc = local - delta
            except OverflowError:
                continue
            expected = (1, utc.year, utc.month, utc.day, utc.hour, utc.minute, 0)
            assert parse_edtf(text).earliest() == expected


# --- sorting ---------------------------------------------------------------------------------


def test_sort_order() -> None:
    written = [
        "2024-01-16/..",
        "2024-01-16T04:30Z",
        "2024-01-16T04:30+03:30",
        "2024-01-16",
        "2024-01",
        "2024",
        "../2024-01-01",
        "/2023",
        "2023-24",
        "2024-21",
        "202X",
        "20XX",
        "-0044",
        "Y-170000002",
        "Y170000002",
        "2024-01-16T04:30:00Z",
        "2024-01-16/2024-01-19",
        "2023-12-31T23:00-02:00",
        "2024-01-15T23:59:59-05:00",
    ]
    ordered = [date.text for date in sorted(map(parse_edtf, written), key=Edtf.sort_key)]
    assert ordered == [
        "/2023",
        "../2024-01-01",
        "Y-170000002",
        "-0044",
        "20XX",
        "202X",
        "2023-24",
        "2024",
        "2024-01",
        "2023-12-31T23:00-02:00",  # 01:00 UTC on 1 January 2024
        "2024-01-16",
        "2024-01-16/2024-01-19",
        "2024-01-16/..",
        "2024-01-16T04:30+03:30",  # 01:00 UTC
        "2024-01-16T04:30Z",
        "2024-01-16T04:30:00Z",
        "2024-01-15T23:59:59-05:00",  # 04:59:59 UTC on the 16th
        "2024-21",
        "Y170000002",
    ]


@pytest.mark.parametrize(
    ("coarse", "fine"),
    [
        ("20XX", "200X"),
        ("200X", "2000"),
        ("2024", "2024-01"),
        ("2024-21", "2024-03"),
        ("2024-01", "2024-01-01"),
        ("2024-01-01", "2024-01-01T00:00Z"),
        ("2024-01-01T00:00Z", "2024-01-01T00:00:00Z"),
        ("2024-01-16", "2024-01-16/2024-01-19"),
        ("2024-01-16T04:30+03:30", "2024-01-16T01:00:00Z"),
    ],
)
def test_sort_ties_put_coarser_first(coarse: str, fine: str) -> None:
    assert parse_edtf(coarse).sort_key() < parse_edtf(fine).sort_key()


def test_datetimes_sort_by_utc_instant() -> None:
    # Written later on the wall clock but earlier in UTC.
    tehran, utc = parse_edtf("2024-01-16T04:30+03:30"), parse_edtf("2024-01-16T02:00Z")
    assert tehran.sort_key() < utc.sort_key()
    assert parse_edtf("2024-01-16T23:00-05:00").sort_key() > parse_edtf("2024-01-17T03:00Z").sort_key()


def test_sort_keys_are_plain_ints() -> None:
    for text in ("2024", "../2024", "2024/..", "Y-170000002", "2024-01-16T04:30+03:30"):
        key = parse_edtf(text).sort_key()
        assert isinstance(key, tuple)
        assert all(type(part) is int for part in key)


def test_qualifiers_and_unspecified_parts_do_not_change_sort_position() -> None:
    assert parse_edtf("2024-01-16~").sort_key() == parse_edtf("2024-01-16").sort_key()
    assert parse_edtf("2024-XX-XX").sort_key() == parse_edtf("2024").sort_key()


# --- overlaps --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2024-01-16", "2024-01-16/2024-01-19", True),
        ("2024-01-19", "2024-01-16/2024-01-19", True),
        ("2024-01-20", "2024-01-16/2024-01-19", False),
        ("2024-01-15", "2024-01-16/2024-01-19", False),
        ("2024-01", "2024-01-16/2024-01-19", True),
        ("2024", "2023-12-30/2024-01-02", True),
        ("2023-11", "2023-12-30/2024-01-02", False),
        ("2025", "2024-01-16/..", True),
        ("1900", "2024-01-16/..", False),
        ("1900", "../2024-01-18", True),
        ("2024-01-19", "../2024-01-18", False),
        ("2024-01-19", "/2024-01-18", False),
        ("../2024", "2030/..", False),
        ("../2024", "/2030", True),
        ("2024-01-16T23:30-01:00", "2024-01-17", True),
        ("2024-01-16T23:30-01:00", "2024-01-16", False),
        ("2024-01-16T04:30Z", "2024-01-16T04:30:59Z", True),
        ("2024-01-16T04:30Z", "2024-01-16T04:31:00Z", False),
        ("2024-21", "2024-04-10", True),
        ("2024-21", "2024-06-01", False),
        ("2023-24", "2024-02-29", True),
        ("201X", "2019-12-31", True),
        ("201X", "2020", False),
        ("-0044", "-0044-03-15", True),
        ("Y170000002", "2024", False),
    ],
)
def test_overlaps(first: str, second: str, expected: bool) -> None:
    a, b = parse_edtf(first), parse_edtf(second)
    assert a.overlaps(b) is expected
    assert b.overlaps(a) is expected


# --- valid inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-29",
        "2000-02-29",
        "-0044-02-29",  # astronomical -44 is a leap year
        "2024-01-31",
        "2024-04-30",
        "2024-01-16T00:00:00Z",
        "2024-01-16T23:59:59Z",
        "2024-01-16T12:00+14:00",
        "2024-01-16T12:00-14:59",
        "2024-01-16T12:00-00:00",
        "2024-01/2024-01-16",
        "2024-01-16/2024-01",
        "2024-01-16T04:30+03:30/2024-01-16T01:00Z",
        "Y10000",
        "Y-10000",
        "2024-21~",
    ],
)
def test_valid(text: str) -> None:
    assert parse_edtf(text).text == text


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16/01/2024", "'16/01/2024' is not an EDTF date; write the year first, then month and day: "
                       "'2024-01-16' (16 January)"),
        ("04/13/2021", "'04/13/2021' is not an EDTF date; write the year first, then month and day: "
                       "'2021-04-13' (13 April)"),
        ("04/05/2021", "'04/05/2021' is not an EDTF date; write the year first, then month and day: "
                       "'2021-04-05' (5 April) or '2021-05-04' (4 May)"),
        ("5.4.2021", "'5.4.2021' is not an EDTF date; write the year first, then month and day: "
                     "'2021-05-04' (4 May) or '2021-04-05' (5 April)"),
        ("31/02/2021", f"'31/02/2021' is not an EDTF date; {EXAMPLES}"),  # no reading is a real day
        ("2021/04/13", "'2021/04/13' is not an EDTF date; separate year, month and day with '-': '2021-04-13'"),
        ("2024-01-16 / 2024-01-19", "'2024-01-16 / 2024-01-19' has spaces around '/'; write '2024-01-16/2024-01-19'"),
        ("2024-01-16 /..", "'2024-01-16 /..' has spaces around '/'; write '2024-01-16/..'"),
        ("2024-01 / 2024-13", "'2024-01 / 2024-13' has spaces around '/'; remove them"),
        ("~2024-01-16", "'~2024-01-16' has '~', '?' or '%' before a date; it goes after the date: write '2024-01-16~'"),
        ("?2024-01-16/~2024-01-19", "'?2024-01-16/~2024-01-19' has '~', '?' or '%' before a date; it goes after "
                                    "the date: write '2024-01-16?/2024-01-19~'"),
        ("%2024-13", "'%2024-13' has '~', '?' or '%' before a date; it goes after the date"),
        ("~~2024", f"'~~2024' is not an EDTF date; {EXAMPLES}"),
        ("Y" + "1" * 5000, "'Y111111111111111111111111111111111111111…' has a year of 5000 digits; factsheet reads "
                           "years of at most 12 digits"),
        ("Y-" + "9" * 13, f"'Y-{'9' * 13}' has a year of 13 digits; factsheet reads years of at most 12 digits"),
        ("2" * 5000, f"'{'2' * 40}…' is not an EDTF date; {EXAMPLES}"),
        ("2024-1-16", f"'2024-1-16' is not an EDTF date; {EXAMPLES}"),
        ("24", f"'24' is not an EDTF date; {EXAMPLES}"),
        ("January 2024", f"'January 2024' is not an EDTF date; {EXAMPLES}"),
        ("2024~?", f"'2024~?' is not an EDTF date; {EXAMPLES}"),
        ("~", f"'~' is not an EDTF date; {EXAMPLES}"),
        ("..", f"'..' is not an EDTF date; {EXAMPLES}"),
        ("2010s", f"'2010s' is not an EDTF date; {EXAMPLES}"),
        ("201x", f"'201x' is not an EDTF date; {EXAMPLES}"),
        ("٢٠٢٤", f"'٢٠٢٤' is not an EDTF date; {EXAMPLES}"),
        ("2024/2025/2026", f"'2024/2025/2026' is not an EDTF date; {EXAMPLES}"),
        ("2024-01-16/2024-1-19", f"'2024-01-16/2024-1-19' is not an EDTF date; {EXAMPLES}"),
        ("2024 / 2025", "'2024 / 2025' has spaces around '/'; write '2024/2025'"),
        ("Y170000002-01", f"'Y170000002-01' is not an EDTF date; {EXAMPLES}"),
        ("", f"the date is empty; {EXAMPLES}"),
        (" 2024", "' 2024' has spaces before or after it; remove them"),
        ("2024 ", "'2024 ' has spaces before or after it; remove them"),
        ("2024\n", "'2024\\n' has spaces before or after it; remove them"),
        ("2024-02-30", "'2024-02-30' is not a valid date: February 2024 has 29 days"),
        ("2023-02-29", "'2023-02-29' is not a valid date: February 2023 has 28 days"),
        ("1900-02-29", "'1900-02-29' is not a valid date: February 1900 has 28 days"),
        ("2024-04-31", "'2024-04-31' is not a valid date: April 2024 has 30 days"),
        ("2024-01-32", "'2024-01-32' is not a valid date: January 2024 has 31 days"),
        ("-0043-02-29", "'-0043-02-29' is not a valid date: February 44 BCE has 28 days"),
        ("2024-01-00", "'2024-01-00' is not a valid date: days start at 01"),
        (
            "2024-13",
            "'2024-13' is not a valid date: there is no month 13; use 01 to 12, or 21 to 24 for a season",
        ),
        (
            "2024-00-01",
            "'2024-00-01' is not a valid date: there is no month 00; use 01 to 12, or 21 to 24 for a season",
        ),
        (
            "2024-25",
            "'2024-25' is not a valid date: there is no month 25; use 01 to 12, or 21 to 24 for a season",
        ),
        ("2024-21-05", "'2024-21-05' is not a valid date: a season cannot have a day; write just '2024-21'"),
        (
            "2024-24-XX~",
            "'2024-24-XX~' is not a valid date: a season cannot have a day; write just '2024-24~'",
        ),
        (
            "2024-01-16T04:30",
            "'2024-01-16T04:30' has a time but no UTC offset; "
            "add one, e.g. '2024-01-16T04:30+03:30' or '2024-01-16T04:30Z'",
        ),
        (
            "2024-01-16T04:30:15?",
            "'2024-01-16T04:30:15?' has a time but no UTC offset; "
            "add one, e.g. '2024-01-16T04:30:15+03:30?' or '2024-01-16T04:30:15Z?'",
        ),
        (
            "2024-01T04:30Z",
            "'2024-01T04:30Z' has a time but no day; a time needs a full date, e.g. '2024-01-16T04:30Z'",
        ),
        (
            "2024T04:30Z",
            "'2024T04:30Z' has a time but no day; a time needs a full date, e.g. '2024-01-16T04:30Z'",
        ),
        (
            "2024-01-XXT04:30Z",
            "'2024-01-XXT04:30Z' has a time but no day; a time needs a full date, e.g. '2024-01-16T04:30Z'",
        ),
        ("2024-01-16T4:30Z", f"'2024-01-16T4:30Z' has a time that cannot be read; {BAD_TIME}"),
        ("2024-01-16T04Z", f"'2024-01-16T04Z' has a time that cannot be read; {BAD_TIME}"),
        ("2024-01-16T", f"'2024-01-16T' has a time that cannot be read; {BAD_TIME}"),
        ("2024-01-16T04:30:15.5Z", f"'2024-01-16T04:30:15.5Z' has a time that cannot be read; {BAD_TIME}"),
        ("2024-01-16T04:30+0330", f"'2024-01-16T04:30+0330' has a time that cannot be read; {BAD_TIME}"),
        ("2024-01-16T24:00Z", "'2024-01-16T24:00Z' is not a valid time: there is no hour 24; use 00 to 23"),
        ("2024-01-16T23:60Z", "'2024-01-16T23:60Z' is not a valid time: there is no minute 60; use 00 to 59"),
        (
            "2024-01-16T23:59:60Z",
            "'2024-01-16T23:59:60Z' is not a valid time: there is no second 60; use 00 to 59",
        ),
        (
            "2024-01-16T04:30+15:00",
            f"'2024-01-16T04:30+15:00' is not a valid time: "
            f"UTC offset +15:00 is out of range; {OFFSET_RANGE}",
        ),
        (
            "2024-01-16T04:30-14:60",
            f"'2024-01-16T04:30-14:60' is not a valid time: "
            f"UTC offset -14:60 is out of range; {OFFSET_RANGE}",
        ),
        (
            "2024-01-16T04:30+15",
            f"'2024-01-16T04:30+15' is not a valid time: UTC offset +15 is out of range; {OFFSET_RANGE}",
        ),
        ("2XXX", f"'2XXX' uses X in an unsupported place; {X_HELP}"),
        ("XXXX", f"'XXXX' uses X in an unsupported place; {X_HELP}"),
        ("201X-05", f"'201X-05' uses X in an unsupported place; {X_HELP}"),
        ("2024-XX-16", f"'2024-XX-16' uses X in an unsupported place; {X_HELP}"),
        ("2024-0X", f"'2024-0X' uses X in an unsupported place; {X_HELP}"),
        ("2024-01-1X", f"'2024-01-1X' uses X in an unsupported place; {X_HELP}"),
        ("-201X", f"'-201X' uses X in an unsupported place; {X_HELP}"),
        (
            "Y2024",
            "'Y2024' is not a valid date: a 'Y' year needs more than four digits; "
            "write shorter years with exactly four digits, e.g. '2024' or '-0044'",
        ),
        (
            "Y-44",
            "'Y-44' is not a valid date: a 'Y' year needs more than four digits; "
            "write shorter years with exactly four digits, e.g. '2024' or '-0044'",
        ),
        ("-0000", "'-0000' is not a valid date: there is no year -0000; write '0000' for 1 BCE"),
        ("2024-01-19/2024-01-16", "interval '2024-01-19/2024-01-16' ends before it starts"),
        ("2024-02/2024-01-16", "interval '2024-02/2024-01-16' ends before it starts"),
        ("2024/2023", "interval '2024/2023' ends before it starts"),
        ("2024-22/2024-21", "interval '2024-22/2024-21' ends before it starts"),
        (
            "2024-01-16T04:30Z/2024-01-16T01:00+03:30",
            "interval '2024-01-16T04:30Z/2024-01-16T01:00+03:30' ends before it starts",
        ),
        ("../..", f"'../..' has no known start or end; {NO_END}"),
        ("/", f"'/' has no known start or end; {NO_END}"),
        ("../", f"'../' has no known start or end; {NO_END}"),
        ("/..", f"'/..' has no known start or end; {NO_END}"),
        # An error inside one end of an interval quotes that end.
        ("2024-01-16/2024-02-30", "'2024-02-30' is not a valid date: February 2024 has 29 days"),
        (
            "../2024-01-16T04:30",
            "'2024-01-16T04:30' has a time but no UTC offset; "
            "add one, e.g. '2024-01-16T04:30+03:30' or '2024-01-16T04:30Z'",
        ),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(EdtfError) as caught:
        parse_edtf(text)
    assert str(caught.value) == message
