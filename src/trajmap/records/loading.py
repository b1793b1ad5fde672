"""Loading launch records: every cell checked once, landing points derived.

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
...     "event_id,date,missile,class,payload,site,site_lat,site_lon,bearing_deg,range_km,estimate_by,"
...     "source_url\\n2025-01-06,2025-01-06,Hwasong-16B,IRBM,glide,east-pyongyang,39.03,125.86,58,1100,"
...     "ROK JCS,https://example.org\\n"
... )
>>> df = load_launches(io.StringIO(csv))
>>> row = df.iloc[0]
>>> row["landing_basis"], round(float(row["landing_lat"]), 2), round(float(row["landing_lon"]), 2)
('derived', 43.72, 137.46)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from trajmap import config, geodesy
from trajmap.records.reading import (
    ASCII_SPACE,
    BrokenCsv,
    Records,
    Source,
    cell_problem,
    csv_records,
    frame_records,
    read_text,
    shown,
)
from trajmap.records.schema import COLUMNS, Column, LaunchEstimate, RecordError, RecordProblem

__all__ = ["LaunchImport", "default_launches_path", "estimates", "load_launches", "read_launches", "to_csv"]

# Both patterns run in linear time: no two repeats can share a digit, so backtracking is bounded.
_GROUPED_RE = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?!\d)", re.ASCII)
_NUMBER_RE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)
_NOT_A_NUMBER = "not a number (write plain digits, no units)"


def default_launches_path() -> Path:
    """The curated ``data/launches.csv`` (``TRAJMAP_LAUNCHES`` overrides it; :mod:`trajmap.config`)."""
    return config.launches_path()


# Columns the importer adds to every frame; a file may not bring its own (it would be overwritten).
_RESERVED = {
    "row": "the importer adds it (the line each record starts on)",
    "landing_basis": "the importer computes it (reported, derived or unknown)",
}
_BY_NAME = {c.name: c for c in COLUMNS}
# Values once used as a class that say what a missile carries, not how far it flies.
_PAYLOAD_CLASSES = {
    k: f"{k.upper()} is a payload, not a range class: write the range class (SRBM, MRBM, IRBM or ICBM) "
    f"in 'class' and {v!r} in 'payload'"
    for k, v in (("hgv", "glide"), ("marv", "MaRV"))
}
_TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)", re.ASCII)
_FIRST_DATE = dt.date(1950, 1, 1)


def _check_header(line: int, header: list[str]) -> list[RecordProblem]:
    """Every problem of the header: bad cells, reserved or repeated names, missing required columns."""
    problems: list[RecordProblem] = []
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t")):
        sep = "semicolons" if ";" in header[0] else "tabs"
        reason = f"the header is separated by {sep}; save the file as CSV with commas"
        return [RecordProblem(line, "(header)", shown(header[0][:80]), reason)]
    first: dict[str, int] = {}
    for k, name in enumerate(header, start=1):
        err = cell_problem(name)
        if err:
            problems.append(RecordProblem(line, f"(column {k})", shown(name), err))
        elif name in _RESERVED:
            reason = f"{name!r} is a reserved column name: {_RESERVED[name]}; rename or delete your column"
            problems.append(RecordProblem(line, name, name, reason))
        elif name in first:
            reason = f"column appears more than once (columns {first[name]} and {k})"
            problems.append(RecordProblem(line, name, shown(name), reason))
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
        if col.name == "class" and value.lower() in _PAYLOAD_CLASSES:
            return value, _PAYLOAD_CLASSES[value.lower()]
        for choice in col.choices:
            if choice.lower() == value.lower():
                return choice, None
        return value, "must be one of " + ", ".join(repr(c) for c in col.choices if c)
    return value, None


def load_launches(source: Source | None = None) -> pd.DataFrame:
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
    found = _read(source)
    if found.problems:
        raise RecordError(found.problems, found.name)
    _derive_landing(found.frame)
    return found.frame


@dataclass(frozen=True, slots=True, kw_only=True)
class LaunchImport:
    """What :func:`read_launches` made of a file: the accepted rows and every rejected one, with why.

    ``frame`` holds the accepted rows as :func:`load_launches` returns them; ``problems`` every problem
    found; ``rejected`` the rejected records as given (column -> cell, plus ``row``), so that nothing a
    user gave is lost; ``records`` how many records the file held.
    """

    name: str
    frame: pd.DataFrame
    problems: tuple[RecordProblem, ...]
    rejected: tuple[dict[str, str], ...]
    records: int

    @property
    def imported(self) -> int:
        """How many records were accepted."""
        return len(self.frame)

    def problem_table(self) -> pd.DataFrame:
        """Every problem as a table: row, column, value, reason."""
        cols = ["row", "column", "value", "reason"]
        return pd.DataFrame([(p.row, p.column, p.value, p.reason) for p in self.problems], columns=cols)

    def rejected_table(self) -> pd.DataFrame:
        """The rejected records as given, each with a ``reasons`` column listing its problems."""
        why: dict[int, list[str]] = {}
        for p in self.problems:
            why.setdefault(p.row, []).append(f"{p.column}: {p.reason}")
        rows = [{**r, "reasons": "; ".join(why.get(int(r["row"]), []))} for r in self.rejected]
        return pd.DataFrame(rows)


def read_launches(source: Source | None = None) -> LaunchImport:
    """Read launch estimates, keeping the valid records and reporting each rejected one.

    As :func:`load_launches`, but a record with a problem is set aside (see :class:`LaunchImport`) instead
    of failing the whole file. A problem of the file or the header (no record can be read then) still
    raises :class:`RecordError`.
    """
    found = _read(source)
    first = found.header_line
    fatal = [p for p in found.problems if p.row <= first or p.column == "(file)"]
    if fatal or (found.frame.empty and found.problems):
        raise RecordError(fatal or found.problems, found.name)
    bad = {p.row for p in found.problems}
    keep = ~found.frame["row"].isin(bad) if len(found.frame) else pd.Series(dtype=bool)
    frame = found.frame[keep].reset_index(drop=True) if bad else found.frame
    _derive_landing(frame)
    rejected = tuple(r for r in found.given if int(r["row"]) in bad)
    return LaunchImport(
        name=found.name, frame=frame, problems=found.problems, rejected=rejected, records=len(found.frame)
    )


@dataclass(frozen=True, slots=True)
class _Found:
    name: str
    frame: pd.DataFrame  # every record, typed (a rejected cell is empty); empty when the header failed
    problems: tuple[RecordProblem, ...]
    given: list[dict[str, str]]  # every record as given, with its row
    header_line: int


def _read(source: Source | None) -> _Found:
    source = default_launches_path() if source is None else source
    problems: list[RecordProblem] = []
    given: list[dict[str, str]] = []
    if isinstance(source, pd.DataFrame):
        recs, name = frame_records(source), "data frame"
    else:
        text, name = read_text(source)
        recs = csv_records(text)
    header_line = 1
    try:
        df, header_line = _validate(recs, problems, given)
    except BrokenCsv as exc:  # the reader cannot go on: keep what was found before, then this
        problems.append(RecordProblem(exc.line, "(file)", "", exc.reason))
        df = pd.DataFrame()
    return _Found(name, df, tuple(problems), given, header_line)


def _validate(
    recs: Records, problems: list[RecordProblem], given: list[dict[str, str]]
) -> tuple[pd.DataFrame, int]:
    """The typed frame of ``recs`` (header first) and the header's line; every problem found is appended
    to ``problems`` and every record as given to ``given``."""
    recs = ((line, fields) for line, fields in recs if any(f.strip(ASCII_SPACE) for f in fields))
    head = next(recs, None)
    if head is None:
        problems.append(RecordProblem(1, "(file)", "", "the file is empty; expected a header naming columns"))
        return pd.DataFrame(), 1
    header_line, header = head[0], [c.strip(ASCII_SPACE) for c in head[1]]
    problems.extend(_check_header(header_line, header))
    if problems:
        return pd.DataFrame(), header_line
    where = {c: k for k, c in enumerate(header) if c}
    extras = [c for c in where if c not in _BY_NAME]
    unnamed: dict[int, tuple[int, str]] = {}  # index of a column with no name -> its first value and line
    out: dict[str, list[Any]] = {"row": [], **{c.name: [] for c in COLUMNS}, **{c: [] for c in extras}}
    today = dt.date.today()
    for line, fields in recs:
        given.append({"row": str(line), **{c: shown(fields[k]) for c, k in where.items() if k < len(fields)}})
        fields = _fit_fields(line, fields, len(header), problems)
        bad = _check_cells(line, fields, header, unnamed, problems)
        parsed = _parse_record(line, fields, where, bad, today, problems)
        out["row"].append(line)
        for col in COLUMNS:
            out[col.name].append(parsed[col.name])
        for c in extras:  # a rejected cell is left out (it may not even be text: a lone surrogate)
            out[c].append("" if where[c] in bad else fields[where[c]])
    for k, (line, value) in sorted(unnamed.items()):
        reason = f"column {k + 1} has no name in the header but holds values (first on line {line}); name it"
        problems.append(RecordProblem(header_line, f"(column {k + 1})", shown(value), reason))
    if not out["row"] and not problems:
        problems.append(RecordProblem(header_line + 1, "(file)", "", "the file has a header but no records"))
    return _typed_frame(out), header_line


def _fit_fields(line: int, fields: list[str], width: int, problems: list[RecordProblem]) -> list[str]:
    """A record's fields padded to the header's width; surplus fields that hold text are a problem."""
    if len(fields) < width:
        return fields + [""] * (width - len(fields))
    if len(fields) > width and any(f.strip(ASCII_SPACE) for f in fields[width:]):
        reason = f"has {len(fields)} fields but the header names {width} columns"
        reason += "; quote any field that holds a comma"
        problems.append(RecordProblem(line, "(row)", shown(",".join(fields[width:])), reason))
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
        err = cell_problem(value)
        if err:
            problems.append(RecordProblem(line, header[k] or f"(column {k + 1})", shown(value), err))
            bad.add(k)
        elif not header[k] and k not in unnamed and value.strip(ASCII_SPACE):
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
        value = "" if at is None else fields[at].strip(ASCII_SPACE)
        parsed[col.name], err = _parse_cell(col, value, today)
        if err:
            problems.append(RecordProblem(line, col.name, shown(value), err))
    if (parsed["landing_lat"] is None) != (parsed["landing_lon"] is None):
        which = "landing_lon" if parsed["landing_lat"] is not None else "landing_lat"
        problems.append(RecordProblem(line, which, "", "landing_lat and landing_lon must be given together"))
    for low, high in (("range_low_km", "range_high_km"), ("apogee_low_km", "apogee_high_km")):
        lo, hi = parsed[low], parsed[high]
        if lo is not None and hi is not None and lo > hi:
            problems.append(RecordProblem(line, low, f"{lo:g}", f"is above {high} ({hi:g})"))
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


def estimates(df: pd.DataFrame) -> Iterator[LaunchEstimate]:
    """Iterate a loaded frame as :class:`LaunchEstimate` values, in its order."""
    for rec in df.to_dict("records"):
        yield LaunchEstimate.from_row(rec)


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
