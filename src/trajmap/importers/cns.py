"""The CNS North Korea Missile Test Database (James Martin CNS, for NTI) in the launch schema.

:func:`read_cns` reads either form the database is found in: the "Missile Tests" sheet saved as CSV
(cp1252 text, quoted multi-line cells, ``d-Mon-yy`` dates) or NTI's xlsx workbook, whose facility
coordinates are ``VLOOKUP`` formulas resolved here from its "Facilities" sheet. Each CNS row is one
missile; the missiles of one day and facility form one launch event (``event_id`` is the Korean date,
``-b``, ``-c`` ... for further events that day). CNS dates are UTC: with a launch time, the date becomes
the Korean one (KST, UTC+9). The database gives no bearing and no landing point.

:mod:`trajmap.importers.cns_sheets` reads the file into a table of text cells and
:mod:`trajmap.importers.figures` holds the parsers of its distances, apogees, dates and times (re-exported
here); this module converts each row to the schema. A range given as text ("between 25 and 90 km")
becomes an interval, ``range_low_km`` and ``range_high_km``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from typing import IO, Any

from trajmap.importers.cns_sheets import Record, Table, cns_table, shown
from trajmap.importers.common import SourceRow, finish
from trajmap.importers.figures import MISSING_TEXTS, Figure, parse_date, parse_figure, parse_time
from trajmap.records import LaunchImport, RecordError, RecordProblem

__all__ = ["CNS_URL", "Figure", "parse_date", "parse_figure", "parse_time", "read_cns"]

#: The database's home page: the source URL of a row whose Source(s) hold no web address.
CNS_URL = "https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/"
_ESTIMATE_BY = "CNS/NTI"
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
_MAX_SALVO = 100  # missile_index's bound in the schema


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
    table = cns_table(data, name)
    rows, problems = _convert(table, version)
    return finish(name, rows, problems, records_read=len(table.records), column_of=_COLUMN_OF)


def _read_source(source: str | os.PathLike[str] | IO[bytes] | IO[str]) -> tuple[bytes | str, str]:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fh:
            return fh.read(), shown(os.fspath(source))
    name = shown(str(getattr(source, "name", "uploaded file")))
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


# ---------------------------------------------------------------------------------------- conversion
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

    def __init__(self, rec: Record) -> None:
        self.rec, self.cells, self.notes = rec, dict[str, str](), list[str]()
        self.problems = list(rec.problems)

    def value(self, column: str) -> str:
        return self.rec.values.get(column, "").strip()

    def bad(self, column: str, reason: str, value: str | None = None) -> None:
        text = shown(self.value(column) if value is None else value)
        self.problems.append(RecordProblem(self.rec.row, column, text, reason))


def _convert(table: Table, version: str) -> tuple[list[SourceRow], list[RecordProblem]]:
    converted = [_convert_record(rec, table.dataset, version) for rec in table.records]
    _number_events(converted)
    rows = [SourceRow(r.rec.row, r.cells, r.rec.given) for r, _ in converted]
    return rows, [p for r, _ in converted for p in r.problems]


def _convert_record(rec: Record, dataset: str, version: str) -> tuple[_Row, tuple[str, str] | None]:
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
    if lat.lower() in MISSING_TEXTS or lon.lower() in MISSING_TEXTS:
        missing = "Facility Latitude" if lat.lower() in MISSING_TEXTS else "Facility Longitude"
        reason = (
            f"the facility {facility!r} has no coordinates in the CNS data, so the launch cannot be placed"
        )
        row.bad(missing, reason)
        return
    row.cells |= {"site_lat": lat, "site_lon": lon}  # the schema checks the numbers


def _km(x: float | None) -> str:
    return "" if x is None else format(x, ".12g")


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
