"""The CNS North Korea Missile Test Database (James Martin CNS, for NTI) in the launch schema.

:func:`read_cns` reads either form the database is found in: the "Missile Tests" sheet saved as CSV
(cp1252 text, quoted multi-line cells, ``d-Mon-yy`` dates) or NTI's xlsx workbook, whose facility
coordinates are ``VLOOKUP`` formulas resolved here from its "Facilities" sheet. Each CNS row is one
missile; the missiles of one day and facility form one launch event (``event_id`` is the Korean date,
``-b``, ``-c`` ... for further events that day). CNS dates are UTC: with a launch time, the date becomes
the Korean one (KST, UTC+9). The database gives no bearing and no landing point.

Distances and apogees are texts; :func:`parse_figure` reads them, intervals included:

>>> parse_figure("1,380 km")
Figure(value=1380.0, low=None, high=None)
>>> parse_figure("between 25 and 90 km")
Figure(value=None, low=25.0, high=90.0)
>>> parse_figure("Unknown")
Figure(value=None, low=None, high=None)
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from trajmap.importers.common import SourceRow, Unsupported, finish
from trajmap.records import LaunchImport, RecordError, RecordProblem

__all__ = ["CNS_URL", "Figure", "parse_date", "parse_figure", "parse_time", "read_cns"]

#: The database's home page: the source URL of a row whose Source(s) hold no web address.
CNS_URL = "https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/"
_ESTIMATE_BY = "CNS/NTI"
_DATASET = "CNS North Korea Missile Test Database"
_SHEET, _FACILITIES = "Missile Tests", "Facilities"
#: The columns without which a file is not a CNS export.
_KEY_COLUMNS = (
    "Date",
    "Missile Name",
    "Missile Type",
    "Facility Name",
    "Facility Latitude",
    "Facility Longitude",
    "Apogee",
    "Distance Travelled",
)
#: Schema column -> the CNS column it comes from (so that a schema problem names the column users know).
_COLUMN_OF = {
    "date": "Date",
    "time_utc": "Launch Time (UTC)",
    "missile": "Missile Name",
    "class": "Missile Type",
    "payload": "Missile Type",
    "site": "Facility Name",
    "site_lat": "Facility Latitude",
    "site_lon": "Facility Longitude",
    "range_km": "Distance Travelled",
    "range_low_km": "Distance Travelled",
    "range_high_km": "Distance Travelled",
    "apogee_km": "Apogee",
    "apogee_low_km": "Apogee",
    "apogee_high_km": "Apogee",
    "landing_statement": "Landing Location",
    "outcome": "Test Outcome",
    "notes": "Additional Information",
    "source_url": "Source(s)",
}
_KST = dt.timedelta(hours=9)
_MAX_NOTES_CHARS = 2000
_MAX_SHOWN_CHARS = 200
_MAX_FIGURE_CHARS = 100
_MAX_UNZIPPED_BYTES = 50_000_000  # NTI's workbook unpacks to 0.5 MB; far more is a zip bomb
_MAX_SHEET_ROWS, _MAX_SHEET_COLUMNS = 20_000, 100  # a sheet's cells are visited, empty or not
_MAX_SALVO = 100  # missile_index's bound in the schema
_HEADER_SEARCH_ROWS = 10
_MISSING = {"", "unknown", "n/a", "na", "none", "-", "?", "not known", "unk"}

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
    if plain in _MISSING:
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


def _km(x: float | None) -> str:
    return "" if x is None else format(x, ".12g")


# ---------------------------------------------------------------------------------------- the source
@dataclass(frozen=True, slots=True)
class _Record:
    """One CNS row: ``values`` (text by CNS column, formulas resolved), ``given`` (as the file gave it)."""

    row: int
    where: str
    values: Mapping[str, str]
    given: Mapping[str, str]
    problems: tuple[RecordProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class _Table:
    dataset: str
    records: list[_Record] = field(default_factory=list)


def read_cns(source: str | os.PathLike[str] | IO[bytes] | IO[str]) -> LaunchImport:
    """Read a CNS North Korea Missile Test Database export (its CSV or NTI's xlsx) as launch records.

    Parameters
    ----------
    source : path or file object
        A path, or a file object with a ``name`` (an upload) giving bytes (or str, for a CSV). An xlsx is
        recognised by its content (a zip), a CSV may be UTF-8 or cp1252.

    Returns
    -------
    LaunchImport
        One row per missile, in file order; ``rejected`` / ``problems`` list each row that could not be
        taken (a facility without coordinates, an unreadable distance ...) by its line or sheet row and
        CNS column. An extra column ``date_precision`` says ``day`` or ``month`` (a month-only date is
        placed on the 1st).

    Raises
    ------
    Unsupported
        If the file is not a CNS export (it names the missing columns).
    RecordError
        If no row at all can be read.
    OSError
        If ``source`` is a path that cannot be read.
    """
    data, name = _read_source(source)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    version = "sha256:" + hashlib.sha256(raw).hexdigest()[:12]
    if isinstance(data, bytes) and data.startswith(b"PK"):
        table = _xlsx_table(data, name)
    elif name.lower().endswith((".xlsx", ".xlsm")):
        reason = "the file is named as an xlsx workbook but is not one (no zip signature)"
        raise Unsupported([RecordProblem(1, "(file)", "", reason)], name)
    else:
        table = _csv_table(_decoded(data), name)
    rows, problems = _convert(table, version)
    return finish(name, rows, problems, records_read=len(table.records), column_of=_COLUMN_OF)


def _read_source(source: str | os.PathLike[str] | IO[bytes] | IO[str]) -> tuple[bytes | str, str]:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fh:
            return fh.read(), _shown(os.fspath(source))
    name = _shown(str(getattr(source, "name", "uploaded file")))
    try:
        data: Any = source.read()
    except UnicodeDecodeError as exc:  # opened as text with the wrong encoding
        reason = "the file was opened as text in the wrong encoding; give its bytes (open it with 'rb')"
        raise RecordError([RecordProblem(1, "(file)", "", reason)], name) from exc
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes | str):
        raise TypeError(f"a CNS file must read as bytes or str, not {type(data).__name__}: {source!r}")
    return data, name


def _decoded(data: bytes | str) -> str:
    """The text of a CSV: UTF-8 when it is, else cp1252 (the CNS export's), else Latin-1."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _shown(value: str) -> str:
    value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value if len(value) <= _MAX_SHOWN_CHARS else value[:_MAX_SHOWN_CHARS] + "…"


def _check_header(header: Iterable[str], row: int, name: str, where: str) -> None:
    missing = [c for c in _KEY_COLUMNS if c not in set(header)]
    if missing:
        listed = ", ".join(repr(c) for c in missing)
        reason = f"not a CNS North Korea Missile Test Database export{where}: missing columns {listed}"
        raise Unsupported([RecordProblem(row, "(header)", "", reason)], name)


def _csv_rows(text: str) -> Iterator[tuple[int, list[str] | str]]:
    """``(line, fields)`` per non-blank record; ``(line, reason)`` for one the reader cannot read (last)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, f"the CSV cannot be read from this record on: {exc}"
            return
        if any(f.strip() for f in fields):
            yield start, fields


def _csv_table(text: str, name: str) -> _Table:
    recs = _csv_rows(text)
    line, header = next(recs, (1, []))
    if isinstance(header, str):
        header = []
    header = [h.strip() for h in header]
    _check_header(header, line, name, "")
    table = _Table(f"{_DATASET} (CSV export)")
    for line, fields in recs:
        where = f"line {line}"
        if isinstance(fields, str):
            problem = RecordProblem(line, "(file)", "", fields)
            table.records.append(_Record(line, where, {}, {}, (problem,)))
            continue
        problems: tuple[RecordProblem, ...] = ()
        if len(fields) > len(header) and any(f.strip() for f in fields[len(header) :]):
            extra = _shown(",".join(fields[len(header) :]))
            reason = f"has {len(fields)} fields but the header names {len(header)} columns"
            problems = (RecordProblem(line, "(row)", extra, reason),)
        values = {h: f for h, f in zip(header, fields, strict=False) if h and h != "row"}
        table.records.append(_Record(line, where, values, values, problems))
    return table


# ---------------------------------------------------------------------------------------- xlsx
def _xlsx_table(data: bytes, name: str) -> _Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unzipped = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise Unsupported(
            [RecordProblem(1, "(file)", "", f"not a readable xlsx workbook: {exc}")], name
        ) from exc
    if unzipped > _MAX_UNZIPPED_BYTES:
        reason = f"the workbook unpacks to {unzipped:,} bytes, more than {_MAX_UNZIPPED_BYTES:,}"
        raise Unsupported([RecordProblem(1, "(file)", "", reason)], name)
    import openpyxl  # only xlsx needs it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            book = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as exc:  # a broken workbook raises anything from zipfile, lxml or openpyxl
        reason = f"not a readable xlsx workbook: {type(exc).__name__}: {exc}"
        raise Unsupported([RecordProblem(1, "(file)", "", _shown(reason))], name) from exc
    sheet = book[_SHEET] if _SHEET in book.sheetnames else book.worksheets[0]
    rows = _sheet_rows(sheet, name)
    head, header = _xlsx_header(rows, ("Date", "Missile Name"))
    _check_header(header, head, name, f" (sheet {sheet.title!r})")
    facilities = _facilities(book[_FACILITIES], name) if _FACILITIES in book.sheetnames else None
    table = _Table(f"{_DATASET} (NTI xlsx)")
    for cells in rows:
        if all(c.value is None or str(c.value).strip() == "" for c in cells):
            continue
        row = cells[0].row
        given = {h: _cell_text(c.value) for h, c in zip(header, cells, strict=False) if h and h != "row"}
        values, problems = dict(given), []
        for h, c in zip(header, cells, strict=False):
            if h == "Date":
                values[h] = _xlsx_date(c.value, c.number_format)
            elif (
                h in ("Facility Latitude", "Facility Longitude", "Facility Location") and given[h][:1] == "="
            ):
                found, problem = _lookup(facilities, given.get("Facility Name", ""), h)
                values[h] = found
                problems += [RecordProblem(row, h, _shown(given[h]), problem)] if problem else []
        table.records.append(_Record(row, f"{sheet.title} row {row}", values, given, tuple(problems)))
    return table


def _sheet_rows(sheet: Any, name: str) -> Iterator[Any]:
    """A sheet's rows of cells, refused when the sheet spans more than a CNS sheet could."""
    if sheet.max_row > _MAX_SHEET_ROWS:
        reason = f"sheet {sheet.title!r} spans {sheet.max_row:,} rows, more than {_MAX_SHEET_ROWS:,}"
        raise Unsupported([RecordProblem(1, "(file)", "", reason)], name)
    rows: Iterator[Any] = sheet.iter_rows(max_col=min(sheet.max_column, _MAX_SHEET_COLUMNS))
    return rows


def _xlsx_header(rows: Iterator[Any], needed: tuple[str, ...]) -> tuple[int, list[str]]:
    """The sheet row holding the header (within the first few rows) and its names."""
    for k, cells in enumerate(rows):
        names = [_cell_text(c.value).strip() for c in cells]
        if all(n in names for n in needed) or k + 1 >= _HEADER_SEARCH_ROWS:
            return cells[0].row if cells else k + 1, names
    return 1, []


def _facilities(sheet: Any, name: str) -> dict[str, dict[str, str]]:
    """The Facilities sheet: facility name (case-folded, as VLOOKUP matches) -> its cells by column."""
    rows = _sheet_rows(sheet, name)
    _, header = _xlsx_header(rows, ("Facility", "Latitude", "Longitude"))
    if "Facility" not in header:
        return {}
    out: dict[str, dict[str, str]] = {}
    for cells in rows:
        rec = {h: _cell_text(c.value) for h, c in zip(header, cells, strict=False) if h}
        key = rec.get("Facility", "").strip().casefold()
        out.setdefault(key, rec)
    return out


#: Missile Tests column -> the Facilities column its VLOOKUP formula reads.
_LOOKED_UP = {
    "Facility Latitude": "Latitude",
    "Facility Longitude": "Longitude",
    "Facility Location": "Location",
}


def _lookup(facilities: dict[str, dict[str, str]] | None, facility: str, column: str) -> tuple[str, str]:
    """A facility's cell from the Facilities sheet (what the VLOOKUP formula would give), or why not."""
    if facilities is None:
        return "", f"a formula, and the workbook has no {_FACILITIES!r} sheet to resolve it from"
    found = facilities.get(facility.strip().casefold())
    if found is None:
        return "", f"the facility {facility!r} is not in the {_FACILITIES!r} sheet"
    return found.get(_LOOKED_UP[column], ""), ""


def _cell_text(value: object) -> str:
    """A sheet cell as text: dates ISO, times HH:MM:SS, numbers without a trailing .0, formulas as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format(value, ".12g")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = getattr(value, "text", None)  # an array formula
    return str(text if isinstance(text, str) else value)


def _xlsx_date(value: object, number_format: str) -> str:
    """A Date cell as the CSV writes it: ``YYYY-MM-DD``, or ``Mon-YYYY`` when its format shows no day."""
    if not isinstance(value, dt.date):
        return _cell_text(value)
    shown_format = re.sub(r"\[[^\]]*\]|\"[^\"]*\"", "", str(number_format)).lower()
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.isoformat() if "d" in shown_format else day.strftime("%b-%Y")


# ---------------------------------------------------------------------------------------- conversion
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
    if plain in _MISSING:
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


#: CNS Missile Type -> (range class, payload).
_TYPES = {
    "srbm": ("SRBM", ""),
    "mrbm": ("MRBM", ""),
    "irbm": ("IRBM", ""),
    "icbm": ("ICBM", ""),
    "slbm": ("SLBM", ""),
    "slv": ("SLV", "satellite"),
    "cruise": ("cruise", ""),
    "cruise missile": ("cruise", ""),
    "lacm": ("cruise", ""),
    "hgv": ("unknown", "glide"),  # a payload: CNS gives no range class then
    "unknown": ("unknown", ""),
    "": ("unknown", ""),
}
_OUTCOMES = {"success": "success", "failure": "failure", "partial success": "partial", "unknown": "unknown"}
_URL_RE = re.compile(r"https?://[^\s;,<>\"']+", re.ASCII)
_NO_STATEMENT = {"", "unknown", "n/a", "na"}


class _Row:
    """The conversion of one record: cells in the schema, problems by CNS column, notes."""

    def __init__(self, rec: _Record) -> None:
        self.rec, self.cells, self.notes = rec, dict[str, str](), list[str]()
        self.problems = list(rec.problems)

    def value(self, column: str) -> str:
        return self.rec.values.get(column, "").strip()

    def bad(self, column: str, reason: str, value: str | None = None) -> None:
        shown = _shown(self.value(column) if value is None else value)
        self.problems.append(RecordProblem(self.rec.row, column, shown, reason))


def _convert(table: _Table, version: str) -> tuple[list[SourceRow], list[RecordProblem]]:
    converted = [_convert_record(rec, table.dataset, version) for rec in table.records]
    _number_events(converted)
    rows = [SourceRow(r.rec.row, r.cells, r.rec.given) for r, _ in converted]
    return rows, [p for r, _ in converted for p in r.problems]


def _convert_record(rec: _Record, dataset: str, version: str) -> tuple[_Row, tuple[str, str] | None]:
    """A record in the schema, and its event key (KST date, facility) when its date could be read."""
    row = _Row(rec)
    key = None
    kst = _date(row)
    if kst is not None:
        key = (kst, row.value("Facility Name").casefold())
    _missile(row)
    _site(row)
    _figures(row, "Distance Travelled", "range")
    _figures(row, "Apogee", "apogee")
    outcome = row.value("Test Outcome").lower()
    if outcome in _OUTCOMES:
        row.cells["outcome"] = _OUTCOMES[outcome]
    else:
        row.bad("Test Outcome", "not an outcome CNS writes (Success, Failure or Unknown)")
    statement = row.value("Landing Location")
    row.cells["landing_statement"] = "" if statement.lower() in _NO_STATEMENT else statement
    url = _URL_RE.search(row.value("Source(s)"))
    row.cells["source_url"] = url.group().rstrip(".)]") if url else CNS_URL
    if row.value("Confirmation Status").lower() == "unconfirmed":
        row.notes.append("CNS lists this test as unconfirmed.")
    info = " ".join(row.value("Additional Information").split())
    notes = " ".join([*row.notes, f"CNS: {info}" if info else ""]).strip()
    cut = notes if len(notes) <= _MAX_NOTES_CHARS else notes[: _MAX_NOTES_CHARS - 1] + "…"
    row.cells |= {
        "notes": cut,
        "estimate_by": _ESTIMATE_BY,
        "source_dataset": dataset,
        "source_version": version,
        "source_row": rec.where,
    }
    return row, key


def _date(row: _Row) -> str | None:
    """Set ``date`` (KST), ``time_utc`` and ``date_precision``; the KST date, or None if unreadable."""
    try:
        time_utc = parse_time(row.value("Launch Time (UTC)"))
    except ValueError as exc:
        row.bad("Launch Time (UTC)", str(exc))
        time_utc = ""
    try:
        day, precision = parse_date(row.value("Date"))
    except ValueError as exc:
        row.bad("Date", str(exc))
        return None
    if precision == "month":
        row.notes.append(f"CNS gives only the month ({day:%B %Y}); the date is the 1st.")
    elif time_utc:
        hour, minute = int(time_utc[:2]), int(time_utc[3:])
        day = (dt.datetime.combine(day, dt.time(hour, minute)) + _KST).date()
    else:
        row.notes.append("Launch time unknown: the date is CNS's UTC date.")
    row.cells |= {"date": day.isoformat(), "time_utc": time_utc, "date_precision": precision}
    return day.isoformat()


def _missile(row: _Row) -> None:
    name, kind = row.value("Missile Name"), " ".join(row.value("Missile Type").lower().split())
    if kind not in _TYPES:
        row.bad(
            "Missile Type", "not a missile type CNS uses (SRBM, MRBM, IRBM, ICBM, SLBM, SLV, HGV, Unknown)"
        )
        return
    missile_class, payload = _TYPES[kind]
    lowered = name.lower()
    if "hypersonic" in lowered or "glide" in lowered or "hgv" in lowered:
        payload = "glide"
    elif "marv" in lowered and not payload:
        payload = "MaRV"
    if kind == "hgv":
        row.notes.append("CNS gives the type as HGV (hypersonic glide vehicle) and no range class.")
    row.cells |= {"missile": name, "class": missile_class, "payload": payload}


def _site(row: _Row) -> None:
    facility = row.value("Facility Name")
    slug = re.sub(r"[^0-9a-z]+", "-", facility.casefold(), flags=re.ASCII).strip("-")
    if not slug:
        row.bad("Facility Name", "no facility name (letters or digits) to make a site key from")
        return
    row.cells["site"] = slug
    lat, lon = row.value("Facility Latitude"), row.value("Facility Longitude")
    if lat.lower() in _MISSING or lon.lower() in _MISSING:
        missing = "Facility Latitude" if lat.lower() in _MISSING else "Facility Longitude"
        reason = (
            f"the facility {facility!r} has no coordinates in the CNS data, so the launch cannot be placed"
        )
        row.bad(missing, reason)
        return
    row.cells |= {"site_lat": lat, "site_lon": lon}  # the schema checks the numbers


def _figures(row: _Row, column: str, prefix: str) -> None:
    try:
        figure = parse_figure(row.value(column))
    except ValueError as exc:
        row.bad(column, str(exc))
        return
    value = figure.value
    if prefix == "range" and value == 0:  # a failure at launch: no ground distance to draw
        row.notes.append("CNS gives a distance of 0 km.")
        value = None
    row.cells |= {
        f"{prefix}_km": _km(value),
        f"{prefix}_low_km": _km(figure.low),
        f"{prefix}_high_km": _km(figure.high),
    }


def _number_events(converted: list[tuple[_Row, tuple[str, str] | None]]) -> None:
    """``event_id`` (the KST date, ``-b``, ``-c`` ... for further facilities that day) and
    ``missile_index`` (1..n within an event of several missiles)."""
    events: dict[tuple[str, str], str] = {}
    per_day: dict[str, int] = {}
    members: dict[str, list[_Row]] = {}
    for row, key in converted:
        if key is None:
            continue
        if key not in events:
            n = per_day.get(key[0], 0)
            per_day[key[0]] = n + 1
            events[key] = key[0] + (f"-{_suffix(n)}" if n else "")
        event = events[key]
        row.cells["event_id"] = event
        members.setdefault(event, []).append(row)
    for rows in members.values():
        several = 1 < len(rows) <= _MAX_SALVO
        for k, row in enumerate(rows, start=1):
            row.cells["missile_index"] = str(k) if several else ""


def _suffix(n: int) -> str:
    """The letters of the n-th further event of a day: 1 -> b, 2 -> c, ..., 25 -> z, 26 -> ba, ..."""
    letters = ""
    while True:
        n, k = divmod(n, 26)
        letters = chr(ord("a") + k) + letters
        if n == 0:
            return letters
