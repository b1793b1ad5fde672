"""Reading the texts launch databases write for figures, dates and times; any importer may share them.

:func:`parse_figure` reads a distance or an apogee in km, intervals included, as a :class:`Figure`;
:func:`parse_date` a date and its precision (two-digit years pivot on today's); :func:`parse_time` a
launch time as ``HH:MM``. ``MISSING_TEXTS`` are the (lower-cased) texts that mean "no value".

>>> parse_figure("1,380 km")
Figure(value=1380.0, low=None, high=None)
>>> parse_figure("between 25 and 90 km")
Figure(value=None, low=25.0, high=90.0)
>>> parse_figure("Unknown")
Figure(value=None, low=None, high=None)
>>> parse_date("9-Apr-84", today=dt.date(2024, 1, 1))
(datetime.date(1984, 4, 9), 'day')
>>> parse_time("2:05:00 PM")
'14:05'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["MISSING_TEXTS", "Figure", "parse_date", "parse_figure", "parse_time"]

#: The texts (lower-cased, single spaces) that mean "no value" in a figure, a time or a coordinate.
MISSING_TEXTS = frozenset({"", "unknown", "n/a", "na", "none", "-", "?", "not known", "unk"})
_MAX_FIGURE_CHARS = 100

# ---------------------------------------------------------------------------------------- figures
_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_UNIT = r" ?(?:km|kms|lm|kilomet(?:er|re)s?)?\.?"  # "lm" is a typo for km in two CNS rows
#: The forms a distance or apogee takes, tried in order on the lower-cased text with single spaces:
#: (regex, what its numbers are). All run in linear time: no two repeats can match the same text.
_FIGURE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.ASCII), kind)
    for pattern, kind in (
        (_NUM + _UNIT, "point"),
        (r"(?:approximately|approx\.?|about|around|roughly|some|an estimated|estimated|~|c\.|ca\.) ?"
         + _NUM + _UNIT, "point"),
        (r"(?:over|more than|greater than|above|at least|in excess of|beyond|exceeding|>=?) ?"
         + _NUM + _UNIT, "low"),
        (r"(?:less than|under|below|up to|at most|no more than|within|<=?) ?" + _NUM + _UNIT, "high"),
        (r"(?:between |from )?" + _NUM + _UNIT + r" ?(?:and|to|-|–|—) ?" + _NUM + _UNIT, "interval"),
    )
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Figure:
    """A distance or an apogee as CNS gives it, in km: a ``value``, or an interval ``low``..``high``
    (either end may be open), or nothing at all (unknown)."""

    value: float | None = None
    low: float | None = None
    high: float | None = None


def parse_figure(text: str) -> Figure:
    """Read a CNS distance or apogee: ``"800 km"``, ``"1,380 km"``, ``"330 lm"``, ``"approximately 500
    km"``, ``"over 1000 km"``, ``"less than 50 km"``, ``"25-90 km"``, ``"between 25 and 90 km"``;
    ``"Unknown"``, ``"N/A"`` and ``""`` are no figure.

    Raises
    ------
    ValueError
        If ``text`` is none of these forms, or an interval's low end is above its high end.
    """
    plain = " ".join(text.replace("\u00a0", " ").split()).lower()
    if plain in MISSING_TEXTS:
        return Figure()
    if len(plain) > _MAX_FIGURE_CHARS:
        raise ValueError(f"not a distance: longer than {_MAX_FIGURE_CHARS} characters")
    for pattern, kind in _FIGURE_FORMS:
        found = pattern.fullmatch(plain)
        if found is None:
            continue
        numbers = [float(g.replace(",", "")) for g in found.groups()]
        if kind == "point":
            return Figure(value=numbers[0])
        if kind == "low":
            return Figure(low=numbers[0])
        if kind == "high":
            return Figure(high=numbers[0])
        if numbers[0] > numbers[1]:
            raise ValueError(f"an interval from {numbers[0]:g} down to {numbers[1]:g} km: write low to high")
        return Figure(low=numbers[0], high=numbers[1])
    raise ValueError(
        "not a distance CNS writes (such as '800 km', '1,380 km', 'between 25 and 90 km', 'over 1000 km' "
        "or 'Unknown')"
    )


# ---------------------------------------------------------------------------------------- dates and times
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_DATE_FORMS = (
    (re.compile(r"(\d{1,2})[- ]([a-z]{3,9})\.?[- ](\d{4}|\d{2})", re.ASCII), "dmy"),
    (re.compile(r"([a-z]{3,9})\.?[- ](\d{4}|\d{2})", re.ASCII), "my"),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", re.ASCII), "mdy"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII), "ymd"),
)
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))? ?([ap]\.?m\.?)?", re.ASCII)


def _month(word: str) -> int:
    """A month's number from its English name or an abbreviation of three letters or more."""
    for k, full in enumerate(_MONTHS, start=1):
        if full.startswith(word):
            return k
    raise ValueError(f"not a date: {word!r} is not a month")


def _year(text: str, today: dt.date) -> int:
    """A year; two digits pivot on today's: above it is the 1900s (84 -> 1984), else the 2000s."""
    if len(text) == 4:
        return int(text)
    yy = int(text)
    return 1900 + yy if yy > today.year % 100 else 2000 + yy


def parse_date(text: str, today: dt.date | None = None) -> tuple[dt.date, str]:
    """A CNS date and its precision (``day`` or ``month``): ``9-Apr-84``, ``Apr-84`` (the 1st),
    ``4/12/2023`` (month first) or ``2023-04-12``. Raises ValueError for anything else."""
    today = today or dt.date.today()
    plain = " ".join(text.split()).lower()
    for pattern, form in _DATE_FORMS:
        m = pattern.fullmatch(plain)
        if m is None:
            continue
        g = m.groups()
        if form == "dmy":
            return dt.date(_year(g[2], today), _month(g[1]), int(g[0])), "day"
        if form == "my":
            return dt.date(_year(g[1], today), _month(g[0]), 1), "month"
        if form == "mdy":
            return dt.date(_year(g[2], today), int(g[0]), int(g[1])), "day"
        return dt.date(int(g[0]), int(g[1]), int(g[2])), "day"
    raise ValueError("not a date CNS writes (such as 9-Apr-84 or Apr-84)")


def parse_time(text: str) -> str:
    """A launch time as ``HH:MM`` (24-hour): ``"2:05:00 AM"`` -> ``"02:05"``; unknown or empty -> ``""``.
    Raises ValueError for anything else."""
    plain = " ".join(text.split()).lower()
    if plain in MISSING_TEXTS:
        return ""
    m = _TIME_RE.fullmatch(plain)
    if m is None:
        raise ValueError("not a time (such as 2:05:00 AM or 14:05)")
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if m[4]:
        if not 1 <= hour <= 12:
            raise ValueError("not a time: a 12-hour clock runs from 1 to 12")
        hour = hour % 12 + (12 if m[4].startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("not a time of day")
    return f"{hour:02d}:{minute:02d}"
