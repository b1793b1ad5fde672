"""Launch records: the schema of a launch estimate, and loading with validation in one place.

A *launch estimate* is one row: one event (``event_id``) as estimated by one source (``estimate_by``).
Where South Korea's JCS, Japan's MOD and KCNA disagree about the same launch, the event has one row per
estimate. :func:`load_launches` reads a CSV (path, file object or DataFrame), checks every cell once and
returns a typed :class:`pandas.DataFrame`; it raises :class:`RecordError` listing *every* problem with its
row, column, value and reason. Columns it does not know are kept as text, so nothing a user gave is lost.

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

import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import pandas as pd

from trajmap import geodesy

__all__ = [
    "CLASSES",
    "COLUMNS",
    "OUTCOMES",
    "Column",
    "LaunchEstimate",
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
CLASSES = ("SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "cruise", "unknown")
OUTCOMES = ("success", "failure", "partial", "unknown")
JAPAN_EEZ_STATEMENTS = ("inside", "outside", "")
LandingBasis = Literal["reported", "derived", "unknown"]

_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def default_launches_path() -> Path:
    """The project's curated ``data/launches.csv`` (``TRAJMAP_LAUNCHES`` overrides it)."""
    return Path(os.environ.get("TRAJMAP_LAUNCHES", _DATA_DIR / "launches.csv"))


def default_sites_path() -> Path:
    """The project's curated ``data/sites.csv``."""
    return _DATA_DIR / "sites.csv"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the launch schema.

    ``kind`` is ``"text"``, ``"date"``, ``"time"``, ``"float"``, or ``"choice"``; ``low`` / ``high`` bound
    floats (inclusive unless ``high_open``); ``choices`` lists the accepted values of a choice column.
    """

    name: str
    kind: str
    required: bool = False
    low: float | None = None
    high: float | None = None
    high_open: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("event_id", "text", True, doc="one id per launch event; estimates of one event share it"),
    Column("date", "date", True, doc="local date in Korea (KST, UTC+9), YYYY-MM-DD"),
    Column("time_utc", "time", doc="launch time, HH:MM UTC"),
    Column("missile", "text", True, doc="missile name as commonly used"),
    Column("class", "choice", True, choices=CLASSES, doc="range class"),
    Column("site", "text", True, doc="launch site key (data/sites.csv)"),
    Column("site_lat", "float", True, -90, 90, doc="launch site latitude, degrees"),
    Column("site_lon", "float", True, -180, 180, doc="launch site longitude, degrees"),
    Column("bearing_deg", "float", False, 0, 360, True, doc="initial azimuth, degrees from north"),
    Column("bearing_source", "text", doc="where the bearing comes from"),
    Column("landing_lat", "float", False, -90, 90, doc="reported landing latitude"),
    Column("landing_lon", "float", False, -180, 180, doc="reported landing longitude"),
    Column("range_km", "float", False, 0.1, 20_000, doc="ground distance flown, km"),
    Column("apogee_km", "float", False, 0, 50_000, doc="highest altitude, km"),
    Column("flight_min", "float", False, 0.1, 300, doc="flight time, minutes"),
    Column("outcome", "choice", False, choices=OUTCOMES, doc="success, failure, partial or unknown"),
    Column("estimate_by", "text", True, doc="who gave the figures (ROK JCS, Japan MOD, KCNA, ...)"),
    Column("landing_statement", "text", doc="the official landing-area statement"),
    Column("japan_eez", "choice", choices=JAPAN_EEZ_STATEMENTS, doc="stated: inside/outside Japan's EEZ"),
    Column("bearing_sd_deg", "float", False, 0, 180, doc="1-sigma bearing uncertainty, degrees"),
    Column("range_sd_km", "float", False, 0, 20_000, doc="1-sigma range uncertainty, km"),
    Column("notes", "text"),
    Column("source_url", "text", True, doc="where the row's figures come from"),
)
_BY_NAME = {c.name: c for c in COLUMNS}
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_FIRST_DATE = dt.date(1950, 1, 1)


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One rejected cell: ``row`` is the line number in the file (the header is line 1)."""

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


@dataclass(frozen=True, slots=True)
class LaunchEstimate:
    """One launch estimate, as validated (see :data:`COLUMNS` for meanings and units)."""

    event_id: str
    date: dt.date
    missile: str
    launch_class: str
    site: str
    site_lat: float
    site_lon: float
    estimate_by: str
    source_url: str
    time_utc: str = ""
    bearing_deg: float | None = None
    range_km: float | None = None
    apogee_km: float | None = None
    flight_min: float | None = None
    outcome: str = "unknown"
    landing_lat: float | None = None
    landing_lon: float | None = None
    landing_basis: LandingBasis = "unknown"
    extra: dict[str, str] = field(default_factory=dict, compare=False)


def _read_raw(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | pd.DataFrame,
) -> tuple[pd.DataFrame, str]:
    if isinstance(source, pd.DataFrame):
        return source.astype(str).replace({"nan": "", "None": "", "<NA>": ""}), "data frame"
    if isinstance(source, str | os.PathLike):
        name = str(source)
        with open(source, "rb") as fh:
            raw = fh.read()
    else:
        name = getattr(source, "name", "uploaded file")
        data = source.read()
        raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(
            [
                RecordProblem(
                    0, "(file)", repr(raw[exc.start : exc.end]), "not UTF-8 text; save the file as UTF-8"
                )
            ],
            name,
        ) from None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RecordError([RecordProblem(0, "(file)", "", f"not a readable CSV: {exc}")], name) from None
    if len(frame.columns) == 1 and any(sep in str(frame.columns[0]) for sep in (";", "\t")):
        sep = "semicolons" if ";" in str(frame.columns[0]) else "tabs"
        reason = f"the header is separated by {sep}; save the file as CSV with commas"
        raise RecordError([RecordProblem(1, "(header)", str(frame.columns[0])[:80], reason)], name)
    return frame, name


def _parse_float(col: Column, value: str) -> tuple[float | None, str | None]:
    if value == "":
        return None, ("required" if col.required else None)
    try:
        x = float(value.replace(",", "")) if re.fullmatch(r"-?[\d,]*\.?\d+([eE][-+]?\d+)?", value) else None
    except ValueError:
        x = None
    if x is None or not math.isfinite(x):
        return None, "not a number (write plain digits, no units)"
    if col.low is not None and x < col.low:
        return None, f"must be at least {col.low:g}"
    if col.high is not None and (x > col.high or (col.high_open and x >= col.high)):
        bound = "below" if col.high_open else "at most"
        return None, f"must be {bound} {col.high:g}"
    return x, None


def load_launches(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Read and validate launch estimates; derive landing points.

    Parameters
    ----------
    source : path, file object, DataFrame, or None
        CSV with the columns of :data:`COLUMNS` (required ones must be present; others optional; unknown
        columns are kept as text). ``None`` reads the project's ``data/launches.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per estimate, in file order, with ``date`` as ``datetime64``, numeric columns as float
        (NaN where empty), ``row`` (the line in the file), and ``landing_lat`` / ``landing_lon`` /
        ``landing_basis`` filled in.

    Raises
    ------
    RecordError
        Listing every problem found (missing columns, bad values, inconsistent rows), each with its row,
        column, value and reason.
    """
    raw, name = _read_raw(default_launches_path() if source is None else source)
    raw.columns = [str(c).strip() for c in raw.columns]
    problems: list[RecordProblem] = []
    missing = [c.name for c in COLUMNS if c.required and c.name not in raw.columns]
    for m in missing:
        problems.append(RecordProblem(1, m, "", "required column is missing from the header"))
    if problems:
        raise RecordError(problems, name)
    dupes = [c for c in raw.columns if list(raw.columns).count(c) > 1]
    if dupes:
        raise RecordError([RecordProblem(1, d, d, "column appears more than once") for d in set(dupes)], name)

    out: dict[str, list[Any]] = {c.name: [] for c in COLUMNS}
    extra_cols = [c for c in raw.columns if c not in _BY_NAME]
    today = dt.date.today()
    for i, rec in enumerate(raw.to_dict("records")):
        line = i + 2
        parsed: dict[str, Any] = {}
        for col in COLUMNS:
            value = str(rec.get(col.name, "")).strip()
            err: str | None = None
            val: Any = value
            if col.kind == "float":
                val, err = _parse_float(col, value)
            elif value == "":
                val = "" if col.kind in ("text", "choice", "time") else None
                if col.required:
                    err = "required"
            elif col.kind == "date":
                try:
                    val = dt.date.fromisoformat(value)
                    if not _FIRST_DATE <= val <= today:
                        err, val = f"date must be between {_FIRST_DATE} and today", None
                except ValueError:
                    err, val = "not a date (write YYYY-MM-DD)", None
            elif col.kind == "time":
                if not _TIME_RE.match(value):
                    err = "not a time (write HH:MM, 24-hour UTC)"
            elif col.kind == "choice":
                match = [c for c in col.choices if c.lower() == value.lower()]
                if match:
                    val = match[0]
                else:
                    err = "must be one of " + ", ".join(repr(c) for c in col.choices if c)
            if err:
                problems.append(RecordProblem(line, col.name, value, err))
            parsed[col.name] = val
        if (parsed["landing_lat"] is None) != (parsed["landing_lon"] is None):
            which = "landing_lon" if parsed["landing_lat"] is not None else "landing_lat"
            problems.append(
                RecordProblem(line, which, "", "landing_lat and landing_lon must be given together")
            )
        for col in COLUMNS:
            out[col.name].append(parsed[col.name])
    if problems:
        raise RecordError(problems, name)

    df = pd.DataFrame(out)
    for c in extra_cols:
        df[c] = raw[c].astype(str).to_numpy()
    df.insert(0, "row", range(2, len(df) + 2))
    df["date"] = pd.to_datetime(df["date"])
    for col in COLUMNS:
        if col.kind == "float":
            df[col.name] = pd.to_numeric(df[col.name], errors="coerce").astype(float)
    df["outcome"] = df["outcome"].replace("", "unknown")
    _derive_landing(df)
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
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def estimates(df: pd.DataFrame) -> Iterator[LaunchEstimate]:
    """Iterate a loaded frame as :class:`LaunchEstimate` values."""
    known = {c.name for c in COLUMNS} | {"row", "landing_basis"}
    for rec in df.to_dict("records"):
        yield LaunchEstimate(
            event_id=rec["event_id"],
            date=pd.Timestamp(rec["date"]).date(),
            missile=rec["missile"],
            launch_class=rec["class"],
            site=rec["site"],
            site_lat=float(rec["site_lat"]),
            site_lon=float(rec["site_lon"]),
            estimate_by=rec["estimate_by"],
            source_url=rec["source_url"],
            time_utc=rec["time_utc"],
            bearing_deg=_opt(rec["bearing_deg"]),
            range_km=_opt(rec["range_km"]),
            apogee_km=_opt(rec["apogee_km"]),
            flight_min=_opt(rec["flight_min"]),
            outcome=rec["outcome"],
            landing_lat=_opt(rec["landing_lat"]),
            landing_lon=_opt(rec["landing_lon"]),
            landing_basis=rec["landing_basis"],
            extra={k: str(v) for k, v in rec.items() if k not in known},
        )


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
