"""Any launch table, CSV or XLSX, through a column mapping: which of its columns holds each of ours.

:func:`read_table` reads the file's header and cells (CSV: UTF-8, else cp1252; XLSX: the first sheet, or
the one named, header on its first non-empty row, formulas read as their text); :func:`suggest_mapping`
guesses the mapping from the column names; :func:`read_mapped` imports the rows with a mapping and
constants for columns the file lacks (say ``estimate_by``), keeping the file's other columns as extras.

>>> suggest_mapping(["Date", "Missile Name", "Lat", "Longitude", "Range (km)"])["range_km"]
'Range (km)'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from trajmap import records
from trajmap.importers.common import SourceRow, Unsupported, finish
from trajmap.records import LaunchImport, RecordProblem

__all__ = ["Table", "read_mapped", "read_table", "suggest_mapping"]

_Source = str | os.PathLike[str] | IO[bytes]
_MAX_ROWS = 100_000
#: Words in a column's name that suggest each schema column (checked in this order).
_HINTS: dict[str, tuple[str, ...]] = {
    "event_id": ("event", "id"),
    "date": ("date", "day"),
    "time_utc": ("time",),
    "missile": ("missile", "name", "weapon"),
    "class": ("class", "type"),
    "site": ("site", "facility", "location"),
    "site_lat": ("site_lat", "latitude", "lat"),
    "site_lon": ("site_lon", "longitude", "lon", "lng"),
    "bearing_deg": ("bearing", "azimuth", "heading"),
    "range_km": ("range", "distance"),
    "apogee_km": ("apogee", "altitude", "height"),
    "flight_min": ("flight", "duration"),
    "outcome": ("outcome", "result", "success"),
    "estimate_by": ("estimate", "by", "who", "agency", "according"),
    "source_url": ("source", "url", "link"),
    "notes": ("notes", "comment", "description", "information"),
}


@dataclass(frozen=True, slots=True)
class Table:
    """A file's header, its data rows (each with its line or sheet row), and a name for messages."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def _bytes(source: _Source) -> tuple[bytes, str]:
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes(), os.fspath(source)
    data = source.read()
    return bytes(data), str(getattr(source, "name", "uploaded file"))


def read_table(source: _Source, *, sheet: str | None = None) -> Table:
    """The header and cells of a CSV or XLSX file (XLSX when it starts as a zip file does)."""
    data, name = _bytes(source)
    if data[:2] == b"PK":
        return _xlsx(data, name, sheet)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        while len(rows) < _MAX_ROWS:
            start = reader.line_num + 1
            fields = next(reader, None)
            if fields is None:
                break
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = [f.strip() for f in fields]
            else:
                rows.append((start, fields))
    except csv.Error as exc:
        raise Unsupported(
            [RecordProblem(reader.line_num, "(file)", "", f"not a readable CSV: {exc}")], name
        ) from None
    if header is None:
        raise Unsupported([RecordProblem(1, "(file)", "", "the file is empty")], name)
    return Table(name, header, rows)


def _xlsx(data: bytes, name: str, sheet: str | None) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken zip or XML
        raise Unsupported(
            [RecordProblem(1, "(file)", "", f"not a readable XLSX file: {exc}")], name
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            reason = f"no sheet {sheet!r}; the sheets are {', '.join(book.sheetnames)}"
            raise Unsupported([RecordProblem(1, "(file)", "", reason)], name)
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for k, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(cells):
                continue
            if header is None:
                header = cells
            elif len(rows) < _MAX_ROWS:
                rows.append((k, cells))
    finally:
        book.close()
    if header is None:
        raise Unsupported([RecordProblem(1, "(file)", "", "the sheet is empty")], name)
    return Table(f"{name} (sheet {ws.title})", header, rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _words(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def suggest_mapping(header: list[str]) -> dict[str, str]:
    """For each schema column, the file's column that most likely holds it (exact names first)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    names = {_words(h): h for h in header if h}
    for col in records.COLUMNS:
        if col.name in names:
            out[col.name] = names[col.name]
            taken.add(names[col.name])
    for name, hints in _HINTS.items():
        if name in out:
            continue
        for hint in hints:
            found = next((h for w, h in names.items() if h not in taken and hint in w.split("_")), None)
            if found is not None:
                out[name] = found
                taken.add(found)
                break
    return out


def read_mapped(
    source: _Source | Table,
    mapping: Mapping[str, str],
    constants: Mapping[str, str] | None = None,
    *,
    dataset: str = "",
) -> LaunchImport:
    """Import a table with ``mapping`` (schema column -> the file's column) and ``constants`` (schema column
    -> one value for every row). Unmapped columns of the file are kept as extras under their own names.
    Without an ``event_id`` column each date is one event; without a ``site`` the coordinates name it."""
    table = source if isinstance(source, Table) else read_table(source)
    constants = dict(constants or {})
    where = {h: k for k, h in enumerate(table.header) if h}
    problems = [
        RecordProblem(1, col, src, f"the file has no column {src!r}")
        for col, src in mapping.items()
        if src and src not in where
    ]
    if problems:
        raise Unsupported(problems, table.name)
    used = {src for src in mapping.values() if src}
    extras = [h for h in where if h not in used and h not in {c.name for c in records.COLUMNS}]
    rows = []
    for line, fields in table.rows:
        cell = {h: fields[k] if k < len(fields) else "" for h, k in where.items()}
        cells = {**constants, **{col: cell[src] for col, src in mapping.items() if src}}
        cells.setdefault("event_id", cells.get("date", ""))  # one event per date unless the file says
        cells.setdefault("site", f"{cells.get('site_lat', '')},{cells.get('site_lon', '')}")
        cells.update({h: cell[h] for h in extras if h not in ("row", "landing_basis")})
        cells.setdefault("source_dataset", dataset or table.name)
        cells.setdefault("source_row", f"line {line}")
        rows.append(SourceRow(row=line, cells=cells, given=cell))
    column_of = {col: src for col, src in mapping.items() if src}
    return finish(table.name, rows, [], records_read=len(table.rows), column_of=column_of)
