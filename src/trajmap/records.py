"""Launch records: the schema of a launch estimate, and loading with validation in one place.

A *launch estimate* is one row: one event (``event_id``) as estimated by one source (``estimate_by``).
Where South Korea's JCS, Japan's MOD and KCNA disagree about the same launch, the event has one row per
estimate. :func:`load_launches` reads a CSV (path, file object or DataFrame), checks every cell once and
returns a typed :class:`pandas.DataFrame`; it raises :class:`RecordError` listing *every* problem with its
row, column, value and reason. Columns it does not know are kept as text, so nothing a user gave is lost.
Whatever the input, it returns a frame or raises :class:`RecordError`, in time linear in the input's size;
a problem's row is the physical line where its record starts (a quoted field may span several lines).

The landing point of each estimate is the reported one when the record has coordinates, else the geodesic
destination from the site along the bearing for the range, else unknown; the ``landing_basis`` column says
which (``reported``, ``derived`` or ``unknown``).

>>> import io
>>> csv = (
...     "event_id,date,missile,class,site,site_lat,site_lon,bearing_deg,range_km,estimate_by,source_url\\n"
...     "2025-01-06,2025-01-06,Hwasong-16B,HGV,east-pyongyang,39.03,125.86,58,1100,ROK JCS,https://example.org\\n"
... )
>>> df = load_launches(io.StringIO(csv))
>>> row = df.iloc[0]
>>> row["landing_basis"], round(float(row["landing_lat"]), 2), round(float(row["landing_lon"]), 2)
('derived', 43.72, 137.46)
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias, get_args

import pandas as pd

from trajmap import config, geodesy
from trajmap.constants import MAX_RANGE_KM

__all__ = [
    "CLASSES",
    "COLUMNS",
    "OUTCOMES",
    "Column",
    "JapanEez",
    "LandingBasis",
    "LaunchEstimate",
    "MissileClass",
    "Outcome",
    "RecordError",
    "RecordProblem",
    "default_launches_path",
    "default_sites_path",
    "estimates",
    "load_launches",
    "load_points",
    "load_sites",
    "to_csv",
]

#: Missile classes, by published range bands (SRBM < 1,000 km; MRBM 1,000-3,000; IRBM 3,000-5,500;
#: ICBM > 5,500), plus launch vehicles, hypersonic glide vehicles and cruise missiles.
MissileClass = Literal["SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "cruise", "unknown"]
Outcome = Literal["success", "failure", "partial", "unknown"]
#: What an official statement said about Japan's EEZ ("" when none did).
JapanEez = Literal["inside", "outside", ""]
LandingBasis = Literal["reported", "derived", "unknown"]
CLASSES: tuple[str, ...] = get_args(MissileClass)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
JAPAN_EEZ_STATEMENTS: tuple[str, ...] = get_args(JapanEez)


def default_launches_path() -> Path:
    """The curated ``data/launches.csv`` (``TRAJMAP_LAUNCHES`` overrides it; :mod:`trajmap.config`)."""
    return config.launches_path()


def default_sites_path() -> Path:
    """The project's curated ``data/sites.csv``."""
    return config.curated_path("sites.csv")


ColumnKind = Literal["text", "date", "time", "float", "choice"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One column of the launch schema.

    ``kind`` is ``"text"``, ``"date"``, ``"time"``, ``"float"``, or ``"choice"``; ``low`` / ``high`` bound
    floats (inclusive unless ``high_open``); ``choices`` lists the accepted values of a choice column.
    """

    name: str
    kind: ColumnKind
    required: bool = False
    low: float | None = None
    high: float | None = None
    high_open: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        name="event_id",
        kind="text",
        required=True,
        doc="one id per launch event; estimates of one event share it",
    ),
    Column(name="date", kind="date", required=True, doc="local date in Korea (KST, UTC+9), YYYY-MM-DD"),
    Column(name="time_utc", kind="time", doc="launch time, HH:MM UTC"),
    Column(name="missile", kind="text", required=True, doc="missile name as commonly used"),
    Column(name="class", kind="choice", required=True, choices=CLASSES, doc="range class"),
    Column(name="site", kind="text", required=True, doc="launch site key (data/sites.csv)"),
    Column(
        name="site_lat", kind="float", required=True, low=-90, high=90, doc="launch site latitude, degrees"
    ),
    Column(
        name="site_lon", kind="float", required=True, low=-180, high=180, doc="launch site longitude, degrees"
    ),
    Column(
        name="bearing_deg",
        kind="float",
        low=0,
        high=360,
        high_open=True,
        doc="initial azimuth, degrees from north",
    ),
    Column(name="bearing_source", kind="text", doc="where the bearing comes from"),
    Column(name="landing_lat", kind="float", low=-90, high=90, doc="reported landing latitude"),
    Column(name="landing_lon", kind="float", low=-180, high=180, doc="reported landing longitude"),
    Column(name="range_km", kind="float", low=0.1, high=MAX_RANGE_KM, doc="ground distance flown, km"),
    Column(name="apogee_km", kind="float", low=0, high=50_000, doc="highest altitude, km"),
    Column(name="flight_min", kind="float", low=0.1, high=300, doc="flight time, minutes"),
    Column(name="outcome", kind="choice", choices=OUTCOMES, doc="success, failure, partial or unknown"),
    Column(
        name="estimate_by",
        kind="text",
        required=True,
        doc="who gave the figures (ROK JCS, Japan MOD, KCNA, ...)",
    ),
    Column(name="landing_statement", kind="text", doc="the official landing-area statement"),
    Column(
        name="japan_eez",
        kind="choice",
        choices=JAPAN_EEZ_STATEMENTS,
        doc="stated: inside/outside Japan's EEZ",
    ),
    Column(name="bearing_sd_deg", kind="float", low=0, high=180, doc="1-sigma bearing uncertainty, degrees"),
    Column(name="range_sd_km", kind="float", low=0, high=MAX_RANGE_KM, doc="1-sigma range uncertainty, km"),
    Column(name="notes", kind="text"),
    Column(name="source_url", kind="text", required=True, doc="where the row's figures come from"),
)
_BY_NAME = {c.name: c for c in COLUMNS}
_TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)", re.ASCII)
_FIRST_DATE = dt.date(1950, 1, 1)


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One rejected cell: ``row`` is the line in the file where its record starts (the header is line 1).

    ``column`` is the column's name, or ``(file)``, ``(header)``, ``(row)`` or ``(column N)`` for a problem
    of the file, of the header, of a record's field count, or of a column that has no name.
    """

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}, value {self.value!r}: {self.reason}"


class RecordError(ValueError):
    """A launch file failed validation; ``problems`` lists every rejected cell."""

    def __init__(self, problems: Sequence[RecordProblem], source: str = "launch records") -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{shown}{more}")


@dataclass(frozen=True, slots=True, kw_only=True)
class LaunchEstimate:
    """One launch estimate, as validated: a typed row of a loaded frame (:data:`COLUMNS` gives meanings
    and units). Missing figures are None, missing text is "". ``row`` is the line the record started on
    in its file; ``extra`` holds the columns trajmap does not know (kept as text) and computed ones such as
    ``waters``. Build one with :meth:`from_row`, or iterate a frame with :func:`estimates`.

    >>> est = next(estimates(load_launches()))
    >>> est.missile_class in CLASSES, est.landing_basis in ("reported", "derived", "unknown")
    (True, True)
    """

    event_id: str
    date: dt.date
    missile: str
    missile_class: MissileClass
    site: str
    site_lat: float
    site_lon: float
    estimate_by: str
    source_url: str
    time_utc: str = ""
    bearing_deg: float | None = None
    bearing_source: str = ""
    range_km: float | None = None
    apogee_km: float | None = None
    flight_min: float | None = None
    outcome: Outcome = "unknown"
    landing_lat: float | None = None
    landing_lon: float | None = None
    landing_basis: LandingBasis = "unknown"
    landing_statement: str = ""
    japan_eez: JapanEez = ""
    bearing_sd_deg: float | None = None
    range_sd_km: float | None = None
    notes: str = ""
    row: int = 0
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_row(cls, rec: Mapping[str, Any]) -> LaunchEstimate:
        """The estimate of one row of a loaded frame (``frame.to_dict("records")``, or a ``Series``)."""
        known = _ROW_FIELDS | {"class"}
        return cls(
            event_id=str(rec["event_id"]),
            date=pd.Timestamp(rec["date"]).date(),
            missile=str(rec["missile"]),
            missile_class=rec["class"],
            site=str(rec["site"]),
            site_lat=float(rec["site_lat"]),
            site_lon=float(rec["site_lon"]),
            estimate_by=str(rec["estimate_by"]),
            source_url=str(rec["source_url"]),
            time_utc=_text(rec.get("time_utc")),
            bearing_deg=_opt(rec.get("bearing_deg")),
            bearing_source=_text(rec.get("bearing_source")),
            range_km=_opt(rec.get("range_km")),
            apogee_km=_opt(rec.get("apogee_km")),
            flight_min=_opt(rec.get("flight_min")),
            outcome=rec.get("outcome") or "unknown",
            landing_lat=_opt(rec.get("landing_lat")),
            landing_lon=_opt(rec.get("landing_lon")),
            landing_basis=rec.get("landing_basis") or "unknown",
            landing_statement=_text(rec.get("landing_statement")),
            japan_eez=rec.get("japan_eez") or "",
            bearing_sd_deg=_opt(rec.get("bearing_sd_deg")),
            range_sd_km=_opt(rec.get("range_sd_km")),
            notes=_text(rec.get("notes")),
            row=int(rec.get("row") or 0),
            extra={str(k): _text(v) for k, v in rec.items() if k not in known},
        )

    @property
    def has_landing(self) -> bool:
        """Whether a landing point is known (reported, or derived from bearing and range)."""
        return (
            self.landing_basis != "unknown" and self.landing_lat is not None and self.landing_lon is not None
        )


# Columns the importer adds to every frame; a file may not bring its own (it would be overwritten).
_RESERVED = {
    "row": "the importer adds it (the line each record starts on)",
    "landing_basis": "the importer computes it (reported, derived or unknown)",
}
_MAX_CELL_CHARS = 10_000
_MAX_SHOWN_CHARS = 200
_ASCII_SPACE = " \t\r\n\v\f"
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
# Both patterns run in linear time: no two repeats can share a digit, so backtracking is bounded.
_GROUPED_RE = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?!\d)", re.ASCII)
_NUMBER_RE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)
_NOT_A_NUMBER = "not a number (write plain digits, no units)"

_Source: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes] | pd.DataFrame
_Records: TypeAlias = Iterator[tuple[int, list[str]]]


class _BrokenCsv(Exception):
    """The CSV reader gave up on the record that starts at ``line``."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def _shown(value: str) -> str:
    """``value`` as a problem shows it: lone surrogates escaped (printable anywhere), cut at 200 chars."""
    if _SURROGATE_RE.search(value):
        value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value if len(value) <= _MAX_SHOWN_CHARS else value[:_MAX_SHOWN_CHARS] + "…"


def _line_count(text: str) -> int:
    """Physical lines in ``text`` as ``csv`` counts them (``\\n``, ``\\r\\n`` or a lone ``\\r`` ends one)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def _not_utf8(raw: bytes, start: int, end: int, name: str) -> RecordError:
    line = _line_count(raw[:start].decode("utf-8", "replace"))
    reason = f"not UTF-8 text (the first bad byte is on line {line}); save the file as UTF-8"
    return RecordError([RecordProblem(line, "(file)", repr(raw[start:end]), reason)], name)


def _read_text(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str, str]:
    """The text of a CSV path or file object (UTF-8, a leading BOM dropped), and a name for messages."""
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        with open(source, "rb") as fh:
            data: Any = fh.read()
    else:
        name = str(getattr(source, "name", "uploaded file"))
        try:
            data = source.read()
        except UnicodeDecodeError as exc:  # a file opened as text: its decoder read the whole rest at once
            raw = bytes(exc.object)
            raise _not_utf8(raw, exc.start, exc.end, _printable(name)) from None
    name = _printable(name)
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), name
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"a launch file must read as bytes or str, not {type(data).__name__}: {source!r}")
    raw = bytes(data).removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), name
    except UnicodeDecodeError as exc:
        raise _not_utf8(raw, exc.start, exc.end, name) from None


def _printable(name: str) -> str:
    """A file name with any lone surrogate escaped (a browser's file name may not be valid text)."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _csv_records(text: str) -> _Records:
    """``(line, fields)`` of every record, ``line`` being the physical line where the record starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, skipinitialspace=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            at = f" (line {reader.line_num})" if reader.line_num != start else ""
            if "unexpected end of data" in message:
                reason = 'a quoted field of this record is never closed (a closing " is missing)'
            elif "expected after" in message:
                reason = (
                    f"a closing quote must be followed by a comma or the end of the line{at}; "
                    'write a quote inside a quoted field as two ("")'
                )
            elif "field larger than field limit" in message:
                reason = f"a field is longer than {csv.field_size_limit():,} characters; is a quote missing?"
            else:
                reason = f"not a readable CSV{at}: {message}"
            raise _BrokenCsv(start, reason) from None
        yield start, fields


def _frame_records(frame: pd.DataFrame) -> _Records:
    """A DataFrame as ``(line, fields)``, header first, as if read from a file: missing values empty."""
    cells: list[list[str]] = []
    for _, ser in frame.items():  # by position: a frame may repeat a column name
        values = ser.tolist()
        if pd.api.types.is_datetime64_any_dtype(ser):
            day = ser.dropna()
            if (day == day.dt.normalize()).all():  # dates, not times: as the file would hold them
                values = ser.dt.strftime("%Y-%m-%d").tolist()
        cells.append(["" if missing else str(v) for v, missing in zip(values, ser.isna(), strict=True)])
    yield 1, [str(c) for c in frame.columns]
    for i, rec in enumerate(zip(*cells, strict=True)):
        yield i + 2, list(rec)


def _cell_problem(value: str) -> str | None:
    """Why a cell cannot be taken at all, whatever its column (too long, or not valid Unicode)."""
    if len(value) > _MAX_CELL_CHARS:
        return f"longer than {_MAX_CELL_CHARS:,} characters ({len(value):,}); is a closing quote missing?"
    found = _SURROGATE_RE.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        return f"holds a lone surrogate ({code}), which is not text; save the file as UTF-8"
    return None


def _check_header(line: int, header: list[str]) -> list[RecordProblem]:
    """Every problem of the header: bad cells, reserved or repeated names, missing required columns."""
    problems: list[RecordProblem] = []
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t")):
        sep = "semicolons" if ";" in header[0] else "tabs"
        reason = f"the header is separated by {sep}; save the file as CSV with commas"
        return [RecordProblem(line, "(header)", _shown(header[0][:80]), reason)]
    first: dict[str, int] = {}
    for k, name in enumerate(header, start=1):
        err = _cell_problem(name)
        if err:
            problems.append(RecordProblem(line, f"(column {k})", _shown(name), err))
        elif name in _RESERVED:
            reason = f"{name!r} is a reserved column name: {_RESERVED[name]}; rename or delete your column"
            problems.append(RecordProblem(line, name, name, reason))
        elif name in first:
            reason = f"column appears more than once (columns {first[name]} and {k})"
            problems.append(RecordProblem(line, name, _shown(name), reason))
        elif name:
            first[name] = k
    for c in COLUMNS:
        if c.required and c.name not in first:
            problems.append(RecordProblem(line, c.name, "", "required column is missing from the header"))
    return problems


def _parse_float(col: Column, value: str) -> tuple[float | None, str | None]:
    if value == "":
        return None, ("required" if col.required else None)
    if "," in value:  # thousands separators, only where they belong: 1,100 and 12,345.5 but not 12,5
        grouped = _GROUPED_RE.match(value)
        if grouped is None or "," in value[grouped.end() :]:
            return None, "not a number: a comma may only separate thousands (1,100); write decimals as 12.5"
        value = value.replace(",", "")
    if not value.isascii():
        digits = any(ch.isdigit() for ch in value)
        return None, ("not a number: write digits as ASCII 0-9" if digits else _NOT_A_NUMBER)
    if not _NUMBER_RE.fullmatch(value):  # float() alone would take '1_000', 'inf', 'nan'
        return None, _NOT_A_NUMBER
    x = float(value)
    if math.isnan(x):
        return None, _NOT_A_NUMBER
    if col.low is not None and x < col.low:
        return None, f"must be at least {col.low:g}"
    if col.high is not None and (x > col.high or (col.high_open and x >= col.high)):
        bound = "below" if col.high_open else "at most"
        return None, f"must be {bound} {col.high:g}"
    return x, None


def _parse_cell(col: Column, value: str, today: dt.date) -> tuple[Any, str | None]:
    """The typed value of one (stripped) cell of a schema column, and why it is rejected, if it is."""
    if col.kind == "float":
        return _parse_float(col, value)
    if value == "":
        empty = "" if col.kind in ("text", "choice", "time") else None
        return empty, ("required" if col.required else None)
    if col.kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return None, "not a date (write YYYY-MM-DD)"
        if not _FIRST_DATE <= day <= today:
            return None, f"date must be between {_FIRST_DATE} and today"
        return day, None
    if col.kind == "time":
        return value, (None if _TIME_RE.fullmatch(value) else "not a time (write HH:MM, 24-hour UTC)")
    if col.kind == "choice":
        for choice in col.choices:
            if choice.lower() == value.lower():
                return choice, None
        return value, "must be one of " + ", ".join(repr(c) for c in col.choices if c)
    return value, None


def load_launches(source: _Source | None = None) -> pd.DataFrame:
    """Read and validate launch estimates; derive landing points.

    Parameters
    ----------
    source : path, file object, DataFrame, or None
        CSV (UTF-8, comma-separated) with the columns of :data:`COLUMNS` (required ones must be present;
        others optional; unknown columns are kept as text). ``None`` reads the project's
        ``data/launches.csv``. A file object may give bytes or str.

    Returns
    -------
    pandas.DataFrame
        One row per estimate, in file order, with ``date`` as ``datetime64``, numeric columns as float
        (NaN where empty), ``row`` (the line in the file where the record starts), and ``landing_lat`` /
        ``landing_lon`` / ``landing_basis`` filled in.

    Raises
    ------
    RecordError
        For any content that is not a valid launch file, listing every problem found, each with its row
        (the physical line where the record starts; the header is line 1), column, value and reason.
        ``(file)``, ``(header)``, ``(row)`` and ``(column N)`` name problems of no single cell.
    OSError
        If ``source`` is a path that cannot be read.

    Notes
    -----
    Blank lines and records whose cells are all empty are skipped. A record with fewer fields than the
    header has the missing ones empty; one with more is rejected unless the extra fields are empty
    (trailing commas). Cells are stripped of ASCII spaces, tabs and line breaks, and otherwise kept as
    given. The header may not name a column twice, nor ``row`` or ``landing_basis`` (the importer adds
    them); a column with no name must be empty. A file with a header but no records is rejected.
    """
    source = default_launches_path() if source is None else source
    problems: list[RecordProblem] = []
    if isinstance(source, pd.DataFrame):
        recs, name = _frame_records(source), "data frame"
    else:
        text, name = _read_text(source)
        recs = _csv_records(text)
    try:
        df = _validate(recs, problems)
    except _BrokenCsv as exc:  # the reader cannot go on: keep what was found before, then this
        problems.append(RecordProblem(exc.line, "(file)", "", exc.reason))
    if problems:
        raise RecordError(problems, name)
    _derive_landing(df)
    return df


def _validate(recs: _Records, problems: list[RecordProblem]) -> pd.DataFrame:
    """The typed frame of ``recs`` (header first); every problem found is appended to ``problems``."""
    recs = ((line, fields) for line, fields in recs if any(f.strip(_ASCII_SPACE) for f in fields))
    head = next(recs, None)
    if head is None:
        problems.append(RecordProblem(1, "(file)", "", "the file is empty; expected a header naming columns"))
        return pd.DataFrame()
    header_line, header = head[0], [c.strip(_ASCII_SPACE) for c in head[1]]
    problems.extend(_check_header(header_line, header))
    if problems:
        return pd.DataFrame()
    where = {c: k for k, c in enumerate(header) if c}
    extras = [c for c in where if c not in _BY_NAME]
    unnamed: dict[int, tuple[int, str]] = {}  # index of a column with no name -> its first value and line
    out: dict[str, list[Any]] = {"row": [], **{c.name: [] for c in COLUMNS}, **{c: [] for c in extras}}
    today = dt.date.today()
    for line, fields in recs:
        fields = _fit_fields(line, fields, len(header), problems)
        bad = _check_cells(line, fields, header, unnamed, problems)
        parsed = _parse_record(line, fields, where, bad, today, problems)
        out["row"].append(line)
        for col in COLUMNS:
            out[col.name].append(parsed[col.name])
        for c in extras:
            out[c].append(fields[where[c]])
    for k, (line, value) in sorted(unnamed.items()):
        reason = f"column {k + 1} has no name in the header but holds values (first on line {line}); name it"
        problems.append(RecordProblem(header_line, f"(column {k + 1})", _shown(value), reason))
    if not out["row"] and not problems:
        problems.append(RecordProblem(header_line + 1, "(file)", "", "the file has a header but no records"))
    return pd.DataFrame() if problems else _typed_frame(out)


def _fit_fields(line: int, fields: list[str], width: int, problems: list[RecordProblem]) -> list[str]:
    """A record's fields padded to the header's width; surplus fields that hold text are a problem."""
    if len(fields) < width:
        return fields + [""] * (width - len(fields))
    if len(fields) > width and any(f.strip(_ASCII_SPACE) for f in fields[width:]):
        reason = f"has {len(fields)} fields but the header names {width} columns"
        reason += "; quote any field that holds a comma"
        problems.append(RecordProblem(line, "(row)", _shown(",".join(fields[width:])), reason))
    return fields


def _check_cells(
    line: int,
    fields: list[str],
    header: list[str],
    unnamed: dict[int, tuple[int, str]],
    problems: list[RecordProblem],
) -> set[int]:
    """Indices of cells no column can hold (too long, for one); notes the values of unnamed columns."""
    bad = set()
    for k, value in enumerate(fields[: len(header)]):
        err = _cell_problem(value)
        if err:
            problems.append(RecordProblem(line, header[k] or f"(column {k + 1})", _shown(value), err))
            bad.add(k)
        elif not header[k] and k not in unnamed and value.strip(_ASCII_SPACE):
            unnamed[k] = (line, value)
    return bad


def _parse_record(
    line: int,
    fields: list[str],
    where: dict[str, int],
    bad: set[int],
    today: dt.date,
    problems: list[RecordProblem],
) -> dict[str, Any]:
    """The schema's typed values of one record; each rejected cell is appended to ``problems``."""
    parsed: dict[str, Any] = {}
    for col in COLUMNS:
        at = where.get(col.name)
        if at in bad:  # reported already; checking its value too would only repeat the problem
            parsed[col.name] = None
            continue
        value = "" if at is None else fields[at].strip(_ASCII_SPACE)
        parsed[col.name], err = _parse_cell(col, value, today)
        if err:
            problems.append(RecordProblem(line, col.name, _shown(value), err))
    if (parsed["landing_lat"] is None) != (parsed["landing_lon"] is None):
        which = "landing_lon" if parsed["landing_lat"] is not None else "landing_lat"
        problems.append(RecordProblem(line, which, "", "landing_lat and landing_lon must be given together"))
    return parsed


def _typed_frame(out: dict[str, list[Any]]) -> pd.DataFrame:
    for col in COLUMNS:
        if col.kind == "float":
            out[col.name] = [math.nan if v is None else v for v in out[col.name]]
    out["outcome"] = [v or "unknown" for v in out["outcome"]]
    df = pd.DataFrame(out)
    df["date"] = pd.to_datetime(df["date"])
    return df


def _derive_landing(df: pd.DataFrame) -> None:
    """Fill ``landing_lat/lon`` from site + bearing + range where no landing point was reported."""
    reported = df["landing_lat"].notna()
    derivable = ~reported & df["bearing_deg"].notna() & df["range_km"].notna()
    basis = pd.Series("unknown", index=df.index, dtype=object)
    basis[reported] = "reported"
    if derivable.any():
        sub = df.loc[derivable]
        lat, lon = geodesy.destinations(
            sub["site_lat"].to_numpy(),
            sub["site_lon"].to_numpy(),
            sub["bearing_deg"].to_numpy(),
            sub["range_km"].to_numpy(),
        )
        df.loc[derivable, "landing_lat"] = lat
        df.loc[derivable, "landing_lon"] = lon
        basis[derivable] = "derived"
    df["landing_basis"] = basis.astype(str)


def _opt(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _text(x: Any) -> str:
    return "" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x)


#: The frame columns that :class:`LaunchEstimate` holds as fields (``class`` as ``missile_class``).
_ROW_FIELDS = {c.name for c in COLUMNS} | {"row", "landing_basis"}


def estimates(df: pd.DataFrame) -> Iterator[LaunchEstimate]:
    """Iterate a loaded frame as :class:`LaunchEstimate` values, in its order."""
    for rec in df.to_dict("records"):
        yield LaunchEstimate.from_row(rec)


def load_points(path: str | os.PathLike[str], key: str) -> pd.DataFrame:
    """Read a curated table of named places (sites, targets, reference places), validated.

    Required columns: ``key``, ``name``, ``lat``, ``lon`` and ``source_url``; every row needs all of them,
    with coordinates in degrees. Raises :class:`RecordError` listing every problem.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    required = (key, "name", "lat", "lon", "source_url")
    problems = [
        RecordProblem(1, col, "", "required column is missing from the header")
        for col in required
        if col not in df.columns
    ]
    if problems:
        raise RecordError(problems, str(path))
    for i, rec in enumerate(df.to_dict("records")):
        for col, lim in (("lat", 90.0), ("lon", 180.0)):
            try:
                ok = abs(float(rec[col])) <= lim
            except ValueError:
                ok = False
            if not ok:
                problems.append(RecordProblem(i + 2, col, rec[col], f"must be a number within +-{lim:g}"))
        for col in (key, "name", "source_url"):
            if not rec[col].strip():
                problems.append(RecordProblem(i + 2, col, "", "required"))
    if problems:
        raise RecordError(problems, str(path))
    return df.assign(lat=df["lat"].astype(float), lon=df["lon"].astype(float))


def load_sites(source: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read ``data/sites.csv`` (site, name, lat, lon, kind, notes, source_url), validated."""
    return load_points(default_sites_path() if source is None else Path(source), "site")


def to_csv(df: pd.DataFrame) -> str:
    """Write a loaded frame back as launch CSV: the schema's columns in order, then any extra columns.

    Derived landing points are written back empty (they are recomputed on load), so a file round-trips.
    """
    out = df.copy()
    derived = out["landing_basis"] == "derived"
    out.loc[derived, ["landing_lat", "landing_lon"]] = float("nan")
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    known = [c.name for c in COLUMNS]
    extra = [c for c in out.columns if c not in known and c not in ("row", "landing_basis")]
    buf = io.StringIO()
    # quote every text cell, so a line break inside one (even a bare CR) cannot split the row
    out[known + extra].to_csv(
        buf, index=False, float_format="%.10g", lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC
    )
    return buf.getvalue()
