"""Reading a CNS North Korea Missile Test Database file into a :class:`Table`: one :class:`Record` per row.

:func:`cns_table` takes the file's bytes (or text) and picks the form: the "Missile Tests" sheet saved as
CSV (UTF-8 or cp1252, quoted multi-line cells; :func:`csv_table`) or NTI's xlsx workbook
(:func:`xlsx_table`), whose facility coordinates are ``VLOOKUP`` formulas resolved here from its
"Facilities" sheet. A file without the CNS key columns, a zip bomb or a sheet larger than any CNS sheet
is refused with :class:`~trajmap.importers.common.Unsupported`; a row that cannot be read keeps its
problems in its record. Every cell stays text: :mod:`trajmap.importers.cns` converts it to the schema.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from trajmap.importers.common import Unsupported
from trajmap.records import RecordProblem, reading

__all__ = ["Record", "Table", "cns_table", "csv_table", "shown", "xlsx_table"]

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
_MAX_SHOWN_CHARS = 200
_MAX_UNZIPPED_BYTES = 50_000_000  # NTI's workbook unpacks to 0.5 MB; far more is a zip bomb
_MAX_SHEET_ROWS, _MAX_SHEET_COLUMNS = 20_000, 100  # a sheet's cells are visited, empty or not
_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True, slots=True)
class Record:
    """One CNS row: ``values`` (text by CNS column, formulas resolved), ``given`` (as the file gave it)."""

    row: int
    where: str
    values: Mapping[str, str]
    given: Mapping[str, str]
    problems: tuple[RecordProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    """A CNS file read: the dataset it is (its form named) and its records in file order."""

    dataset: str
    records: list[Record] = field(default_factory=list)


def cns_table(data: bytes | str, name: str) -> Table:
    """The table of a CNS file's content: an xlsx workbook when ``data`` is a zip, else a CSV.

    Raises
    ------
    Unsupported
        If the file is not a CNS export, is named ``.xlsx`` but is no zip, or exceeds the size limits.
    """
    if isinstance(data, bytes) and data.startswith(b"PK"):
        return xlsx_table(data, name)
    if name.lower().endswith((".xlsx", ".xlsm")):
        reason = "the file is named as an xlsx workbook but is not one (no zip signature)"
        raise Unsupported([RecordProblem(1, "(file)", "", reason)], name)
    return csv_table(_decoded(data), name)


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


def shown(value: str) -> str:
    """``value`` as it may be shown in a problem: undecodable characters escaped, at most 200 characters."""
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
    try:
        for start, fields in reading.csv_records(text):
            if any(f.strip() for f in fields):
                yield start, fields
    except reading.BrokenCsv as exc:
        yield exc.line, f"the CSV cannot be read from this record on: {exc.reason}"


def csv_table(text: str, name: str) -> Table:
    """The table of a CSV export's text: one record per non-blank CSV record after the header."""
    recs = _csv_rows(text)
    line, header = next(recs, (1, []))
    if isinstance(header, str):
        header = []
    header = [h.strip() for h in header]
    _check_header(header, line, name, "")
    table = Table(f"{_DATASET} (CSV export)")
    for line, fields in recs:
        where = f"line {line}"
        if isinstance(fields, str):
            problem = RecordProblem(line, "(file)", "", fields)
            table.records.append(Record(line, where, {}, {}, (problem,)))
            continue
        problems: tuple[RecordProblem, ...] = ()
        if len(fields) > len(header) and any(f.strip() for f in fields[len(header) :]):
            extra = shown(",".join(fields[len(header) :]))
            reason = f"has {len(fields)} fields but the header names {len(header)} columns"
            problems = (RecordProblem(line, "(row)", extra, reason),)
        values = {h: f for h, f in zip(header, fields, strict=False) if h and h != "row"}
        table.records.append(Record(line, where, values, values, problems))
    return table


# ---------------------------------------------------------------------------------------- xlsx
def xlsx_table(data: bytes, name: str) -> Table:
    """The table of NTI's workbook: its "Missile Tests" sheet (else the first), formulas resolved."""
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
        raise Unsupported([RecordProblem(1, "(file)", "", shown(reason))], name) from exc
    sheet = book[_SHEET] if _SHEET in book.sheetnames else book.worksheets[0]
    rows = _sheet_rows(sheet, name)
    head, header = _xlsx_header(rows, ("Date", "Missile Name"))
    _check_header(header, head, name, f" (sheet {sheet.title!r})")
    facilities = _facilities(book[_FACILITIES], name) if _FACILITIES in book.sheetnames else None
    table = Table(f"{_DATASET} (NTI xlsx)")
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
                problems += [RecordProblem(row, h, shown(given[h]), problem)] if problem else []
        table.records.append(Record(row, f"{sheet.title} row {row}", values, given, tuple(problems)))
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
