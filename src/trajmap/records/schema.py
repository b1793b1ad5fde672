"""The schema of a launch estimate: its columns, the values they take, and the problems a file can have."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import pandas as pd

from trajmap.constants import MAX_RANGE_KM

__all__ = [
    "CLASSES",
    "COLUMNS",
    "JAPAN_EEZ_STATEMENTS",
    "OUTCOMES",
    "PAYLOADS",
    "Column",
    "ColumnKind",
    "JapanEez",
    "LandingBasis",
    "LaunchEstimate",
    "MissileClass",
    "Outcome",
    "Payload",
    "RecordError",
    "RecordProblem",
]

#: Range classes, by published range bands (SRBM < 1,000 km; MRBM 1,000-3,000; IRBM 3,000-5,500;
#: ICBM > 5,500), plus submarine-launched missiles, satellite launch vehicles and cruise missiles. What the
#: missile carries (a glide vehicle, say) is the separate :data:`Payload`, never a class.
MissileClass = Literal["SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "cruise", "unknown"]
#: What the missile carries when it is not a plain ballistic re-entry vehicle: ``glide`` (a hypersonic
#: glide vehicle), ``MaRV`` (a manoeuvring re-entry vehicle) or ``satellite``; empty when not stated.
Payload = Literal["", "glide", "MaRV", "satellite"]
Outcome = Literal["success", "failure", "partial", "unknown"]
#: What an official statement said about Japan's EEZ ("" when none did).
JapanEez = Literal["inside", "outside", ""]
LandingBasis = Literal["reported", "derived", "unknown"]
CLASSES: tuple[str, ...] = get_args(MissileClass)
PAYLOADS: tuple[str, ...] = get_args(Payload)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
JAPAN_EEZ_STATEMENTS: tuple[str, ...] = get_args(JapanEez)


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
    Column(
        name="payload",
        kind="choice",
        choices=PAYLOADS,
        doc="glide (hypersonic glide vehicle), MaRV or satellite; empty for a plain warhead or not stated",
    ),
    Column(
        name="missile_index",
        kind="float",
        low=1,
        high=100,
        doc="which missile of a salvo this row is (1, 2, ...); empty for a lone missile or the whole salvo",
    ),
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
    Column(
        name="range_low_km",
        kind="float",
        low=0,
        high=MAX_RANGE_KM,
        doc="low end of a range given as an interval",
    ),
    Column(
        name="range_high_km",
        kind="float",
        low=0.1,
        high=MAX_RANGE_KM,
        doc="high end of a range given as an interval",
    ),
    Column(name="apogee_low_km", kind="float", low=0, high=50_000, doc="low end of an apogee interval"),
    Column(name="apogee_high_km", kind="float", low=0, high=50_000, doc="high end of an apogee interval"),
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
    Column(name="source_dataset", kind="text", doc="the dataset the row was imported from (provenance)"),
    Column(name="source_version", kind="text", doc="that dataset's version, commit or file checksum"),
    Column(name="source_row", kind="text", doc="where in that dataset the row came from"),
)


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

    >>> from trajmap.records import estimates, load_launches
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
    payload: Payload = ""
    missile_index: float | None = None
    range_low_km: float | None = None
    range_high_km: float | None = None
    apogee_low_km: float | None = None
    apogee_high_km: float | None = None
    source_dataset: str = ""
    source_version: str = ""
    source_row: str = ""
    row: int = 0
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_row(cls, rec: Mapping[str, Any]) -> LaunchEstimate:
        """The estimate of one row of a loaded frame (``frame.to_dict("records")``, or a ``Series``)."""
        values: dict[str, Any] = {}
        for col in COLUMNS:
            value = rec.get(col.name)
            if col.kind == "float":
                values[col.name] = _opt(value)
            elif col.kind == "date":
                values[col.name] = pd.Timestamp(value).date()
            else:
                values[col.name] = _text(value)
        values["missile_class"] = values.pop("class")
        values["outcome"] = values["outcome"] or "unknown"
        known = _ROW_FIELDS | {"class"}
        return cls(
            **values,
            landing_basis=rec.get("landing_basis") or "unknown",
            row=int(rec.get("row") or 0),
            extra={str(k): _text(v) for k, v in rec.items() if k not in known},
        )

    @property
    def ballistic(self) -> bool:
        """Whether the flight is a ballistic arc: not a glide vehicle and not a cruise missile.

        A non-ballistic flight gets no lofted-to-maximum-range estimate (its apogee says nothing of its
        reach); it keeps its class's reach.
        """
        return self.payload != "glide" and self.missile_class != "cruise"

    @property
    def has_landing(self) -> bool:
        """Whether a landing point is known (reported, or derived from bearing and range)."""
        return (
            self.landing_basis != "unknown" and self.landing_lat is not None and self.landing_lon is not None
        )


def _opt(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _text(x: Any) -> str:
    return "" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x)


#: The frame columns that :class:`LaunchEstimate` holds as fields (``class`` as ``missile_class``).
_ROW_FIELDS = {c.name for c in COLUMNS} | {"row", "landing_basis"}
