"""Response dates as survey tools and spreadsheets write them.

Google Forms (`2023/06/04 1:28:19 PM GMT+5:30`, `6/4/2023 13:28:19`), Qualtrics
(`2023-06-04 13:28:19`), SurveyMonkey (`06/04/2023 01:28:19 PM`), Typeform
(`2023-06-04T13:28:19.000Z`), Excel (`4-Jun-23 1:28 PM`, `04.06.2023 13:28`, `June 4, 2023`,
serial day numbers such as `45081.56`) and ISO 8601 with or without an offset.

The date kept is the respondent's local date: the calendar date as written, whatever offset
or time zone follows it (a response at 1 am in Delhi is dated that day, though it was still
the day before in UTC). Slashed dates are read
month first (the tools' US default) unless the first number cannot be a month; a whole column
written day first is read so when the mapping says `day_first`.
"""

import re
from datetime import date, timedelta

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY = re.compile(
    r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE
)
# What may follow the date: a time (24-hour or with AM/PM), then an offset or a zone name.
_TIME = re.compile(
    r"""^(?:[T\s]\s*|,\s*|\s+at\s+)
        (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?
        \s*(?P<half>[ap]\.?\s?m\.?)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_ZONE = re.compile(
    r"""\s*(?:
        \(?(?:GMT|UTC)\)?\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?   # GMT+5:30, UTC, (UTC)
        | Z                                                    # ISO's Zulu
        | [+-]\d{2}(?::?\d{2})?                                # +05:30, -0400
        | [A-Z]{2,5}                                           # EST, CEST, IST
    )$""",
    re.VERBOSE,
)
_YMD = re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})")
_NUMERIC = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)"
)
_DAY_MONTH_NAME = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?[-\s.]+(?P<month>[a-z]{3,9})\.?[-\s.,]+"
    r"(?P<y>\d{4}|\d{2})(?!\d)",
    re.IGNORECASE,
)
_MONTH_NAME_DAY = re.compile(
    r"^(?P<month>[a-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
_SERIAL = re.compile(r"^(?P<days>\d{5})(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug


def parse_date(text: str, *, day_first: bool = False) -> date:
    """The respondent's local date of a response; ValueError saying why it is not a date."""
    cleaned = " ".join(text.split())
    found = _read(cleaned, day_first)
    if found is None:
        raise ValueError(f"not a date: {cleaned[:40]!r}")
    return found


def _read(text: str, day_first: bool) -> date | None:
    text = _WEEKDAY.sub("", text)
    serial = _SERIAL.match(text)
    if serial:
        days = int(serial.group("days"))
        # Day numbers from 1954 to 2119: a plain number outside them is not a date.
        return _EXCEL_EPOCH + timedelta(days=days) if 20_000 <= days <= 80_000 else None
    for pattern in (_YMD, _NUMERIC, _DAY_MONTH_NAME, _MONTH_NAME_DAY):
        match = pattern.match(text)
        if match is None:
            continue
        if not _time_is_valid(text[match.end() :]):
            return None
        parts = match.groupdict()
        year = _year(parts["y"])
        if "month" in parts:
            month = _MONTHS.get(parts["month"].lower())
            return _date(year, month, int(parts["d"])) if month else None
        if "m" in parts:
            return _date(year, int(parts["m"]), int(parts["d"]))
        first, second = int(parts["a"]), int(parts["b"])
        if parts["sep"] == "." or day_first or first > 12:
            return _date(year, second, first)  # 04.06.2023 is day first wherever it is written
        return _date(year, first, second)
    return None


def _time_is_valid(rest: str) -> bool:
    """Whether what follows the date is nothing, or a time with an optional offset or zone."""
    rest = _ZONE.sub("", rest) if rest.strip() else rest
    if not rest.strip():
        return True
    found = _TIME.match(rest)
    if found is None:
        return False
    hour, minute = int(found.group("hour")), int(found.group("minute"))
    second = int(found.group("second") or 0)
    limit = 12 if found.group("half") else 23
    return hour <= limit and minute <= 59 and second <= 60


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def reads_day_first(values: list[str]) -> bool:
    """Whether slashed dates of a column are written day first: some first number is above
    12 and no second one is (`31/01/2024`, never `01/31/2024`)."""
    firsts, seconds = [], []
    for value in values:
        match = _NUMERIC.match(_WEEKDAY.sub("", " ".join(value.split())))
        if match and match.group("sep") != ".":
            firsts.append(int(match.group("a")))
            seconds.append(int(match.group("b")))
    return bool(firsts) and max(firsts) > 12 and max(seconds) <= 12
