"""The nagix/nk-missile-tests record (Apache-2.0): one launch record per missile, grouped into events.

The publisher's three JSON files: ``test.en.json`` (``{"timeBins": [{"year", "data": [record, ...]}]}``),
``facility.en.json`` (``{"facilities": {key: {"name", "lat", "lon"}}}``) and ``missile.en.json``
(``{key: {"name", "type"[, "maneuver"]}}``). Its figures derive from the CNS North Korea Missile Test
Database (James Martin CNS, for NTI), with launch bearings the author added from other sources.

How the records become launch estimates:

- dates and times are UTC; the ``date`` and ``event_id`` written are the local date in Korea (KST, UTC+9)
  when the time is known, else the UTC date (noted);
- a month-only date (``1984-09``) becomes the first of the month, with ``date_precision`` "month";
- one row per missile; missiles of the same KST date, facility and missile type are one event (a salvo,
  ``missile_index`` 1..n); a second event on the same date gets ``-b`` (``-c``, ...) in time order;
- ``bearing`` 90 is the record's default for an unknown azimuth (all the 1980s tests have it): it is
  taken as unknown unless the record gives a distance and a landing in the Sea of Japan or the Pacific
  and the point 90 degrees from the site at that distance is not on land;
- distances and apogees given as numbers or strings are read as km; ``"unknown"`` / ``"na"`` are empty;
- ``landing`` codes become the landing statement (``sea-of-japan`` -> "Sea of Japan (East Sea)");
- the missile's ``type`` is its range class, except the record's ``HGV`` type, which is a payload
  (``glide``) on a booster of the class :data:`GLIDE_BOOSTER_CLASS` names; ``maneuver: glide`` or a
  ``glide`` segment also mean payload ``glide``, an ``SLV`` carries a ``satellite``.

>>> from trajmap import config
>>> imp = read_nagix(config.layer_dir() / "nk_missiles" / "nagix")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trajmap import geodesy
from trajmap.importers.common import SourceRow, Unsupported, file_version, finish, number_text
from trajmap.records import LaunchImport, RecordProblem

__all__ = [
    "DATASET",
    "FILES",
    "GLIDE_BOOSTER_CLASS",
    "LANDINGS",
    "PUBLISHER_URL",
    "NagixFiles",
    "parse_files",
    "read_nagix",
]

DATASET = "nagix/nk-missile-tests"
PUBLISHER_URL = "https://github.com/nagix/nk-missile-tests"
#: The three files of the record, by role.
FILES = {"test": "test.en.json", "facility": "facility.en.json", "missile": "missile.en.json"}
#: What each ``landing`` code says, as a landing statement ("" for unknown).
LANDINGS = {
    "sea-of-japan": "Sea of Japan (East Sea)",
    "yellow-sea": "Yellow Sea (West Sea)",
    "pacific-ocean": "Pacific Ocean",
    "north-korea": "on North Korean territory",
    "unknown": "",
    "na": "",
}
#: Range class of the booster under a missile the record types ``HGV`` (the Hwasong-12B is the Hwasong-8
#: glide vehicle on a Hwasong-12-derived IRBM booster); any other ``HGV`` is of unknown class.
GLIDE_BOOSTER_CLASS = {"hwasong-12b": "IRBM"}
_CLASSES = {"SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV"}
_OUTCOMES = {"success", "failure", "unknown"}
_TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d) \(UTC\)")
_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
_EAST = {"sea-of-japan", "pacific-ocean"}
_KST = dt.timedelta(hours=9)


@dataclass(frozen=True, slots=True)
class NagixFiles:
    """The parsed files and their version (the test file's checksum unless a commit is known)."""

    tests: list[dict[str, Any]]
    facilities: Mapping[str, Any]
    missiles: Mapping[str, Any]
    version: str


def _load(folder: Path, version: str | None) -> NagixFiles:
    parsed: dict[str, Any] = {}
    for role, name in FILES.items():
        path = folder / name
        try:
            with open(path, encoding="utf-8") as fh:
                parsed[role] = json.load(fh)
        except FileNotFoundError:
            raise _unsupported(str(folder), f"{name} is missing from {folder}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise _unsupported(name, f"not JSON: {exc}") from None
    return parse_files(
        parsed["test"], parsed["facility"], parsed["missile"], version or file_version(folder / FILES["test"])
    )


def parse_files(test: Any, facility: Any, missile: Any, version: str) -> NagixFiles:
    """Check the shape of the three parsed files; raises :class:`Unsupported` naming what is wrong."""
    bins = test.get("timeBins") if isinstance(test, dict) else None
    if not isinstance(bins, list) or not all(
        isinstance(b, dict) and isinstance(b.get("data"), list) for b in bins
    ):
        raise _unsupported(FILES["test"], 'expected {"timeBins": [{"year": ..., "data": [...]}, ...]}')
    facilities = facility.get("facilities") if isinstance(facility, dict) else None
    if not isinstance(facilities, dict):
        raise _unsupported(FILES["facility"], 'expected {"facilities": {key: {"name", "lat", "lon"}}}')
    if not isinstance(missile, dict):
        raise _unsupported(FILES["missile"], 'expected {key: {"name", "type"}}')
    tests = [r for b in bins for r in b["data"]]
    return NagixFiles(tests=tests, facilities=facilities, missiles=missile, version=version)


def _unsupported(name: str, reason: str) -> Unsupported:
    return Unsupported([RecordProblem(1, "(file)", "", reason)], name)


def read_nagix(source: str | os.PathLike[str] | NagixFiles, *, version: str | None = None) -> LaunchImport:
    """Import the nagix record from its folder (or parsed :class:`NagixFiles`).

    Each record's row is its position in ``test.en.json`` (1 = the first record). Returns a
    :class:`~trajmap.records.LaunchImport`: the accepted rows, and each rejected one with its reasons.
    """
    files = source if isinstance(source, NagixFiles) else _load(Path(source), version)
    problems: list[RecordProblem] = []
    converted: list[tuple[int, dict[str, str], dict[str, str], dt.datetime | None]] = []
    for k, rec in enumerate(files.tests, start=1):
        given = (
            {key: _given(v) for key, v in rec.items()} if isinstance(rec, dict) else {"record": _given(rec)}
        )
        if not isinstance(rec, dict):
            problems.append(RecordProblem(k, "(record)", given["record"][:200], "not a JSON object"))
            converted.append((k, {}, given, None))
            continue
        cells, when, errs = _convert(rec, files)
        problems.extend(RecordProblem(k, col, given.get(col, "")[:200], why) for col, why in errs)
        cells.update(
            source_dataset=DATASET, source_version=files.version, source_row=f"{FILES['test']} record {k}"
        )
        converted.append((k, cells, given, when))
    rows = [SourceRow(row=k, cells=cells, given=given) for k, cells, given, _ in _group(converted)]
    column_of = {"range_km": "distance", "apogee_km": "apogee", "site": "facility", "time_utc": "time"}
    return finish(
        f"{DATASET} ({files.version})", rows, problems, records_read=len(files.tests), column_of=column_of
    )


def _given(v: Any) -> str:
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def _convert(
    rec: Mapping[str, Any], files: NagixFiles
) -> tuple[dict[str, str], dt.datetime | None, list[tuple[str, str]]]:
    errs: list[tuple[str, str]] = []
    cells: dict[str, str] = {"estimate_by": DATASET, "source_url": PUBLISHER_URL}
    day, when = _date_time(rec, errs)
    notes = []
    month_only = _MONTH_RE.fullmatch(str(rec.get("date", ""))) is not None
    cells["date_precision"] = "month" if month_only else "day"
    if day is not None:
        cells["date"] = day.isoformat()
        if month_only:
            notes.append("the record gives the month only: the date is the first of the month")
        elif when is None:
            notes.append("UTC date (launch time unknown; the date in Korea may be a day later)")
    cells["time_utc"] = when.strftime("%H:%M") if when else ""
    facility = files.facilities.get(str(rec.get("facility")))
    if not isinstance(facility, dict) or not {"lat", "lon"} <= facility.keys():
        errs.append(("facility", f"not a facility of {FILES['facility']}"))
    else:
        cells.update(
            site=str(rec["facility"]), site_lat=_num(facility["lat"]), site_lon=_num(facility["lon"])
        )
        if rec["facility"] == "unknown":
            notes.append("launch site unknown: the record places it at Pyongyang")
    _missile(rec, files, cells, errs)
    for key, col in (("distance", "range_km"), ("apogee", "apogee_km")):
        text = number_text(rec.get(key, ""))
        if text is None:
            errs.append((key, "not a number of km, 'unknown' or 'na'"))
        else:
            cells[col] = text
    landing = rec.get("landing", "unknown")
    if not isinstance(landing, str) or landing not in LANDINGS:
        errs.append(("landing", f"not a landing code ({', '.join(LANDINGS)})"))
    else:
        cells["landing_statement"] = LANDINGS[landing]
    outcome = rec.get("outcome", "unknown")
    if not isinstance(outcome, str) or outcome not in _OUTCOMES:
        errs.append(("outcome", "not success, failure or unknown"))
    cells["outcome"] = str(outcome)
    if not errs:
        bearing_note = _bearing(rec, cells)
        if bearing_note:
            notes.append(bearing_note)
    description = rec.get("description")
    cells["notes"] = "; ".join(
        [*notes, *([description.strip()] if isinstance(description, str) and description.strip() else [])]
    )
    return cells, when, errs


def _num(v: Any) -> str:
    return number_text(v) or ""


def _date_time(
    rec: Mapping[str, Any], errs: list[tuple[str, str]]
) -> tuple[dt.date | None, dt.datetime | None]:
    text = str(rec.get("date", ""))
    month = _MONTH_RE.fullmatch(text)
    try:
        day = dt.date(int(month[1]), int(month[2]), 1) if month else dt.date.fromisoformat(text)
    except ValueError:
        errs.append(("date", "not a date (YYYY-MM-DD, or YYYY-MM for a month)"))
        return None, None
    if month:
        return day, None
    time = str(rec.get("time", "unknown"))
    found = _TIME_RE.fullmatch(time)
    if found is None:
        if time != "unknown":
            errs.append(("time", "not 'HH:MM (UTC)' or 'unknown'"))
        return day, None
    when = dt.datetime.combine(day, dt.time(int(found[1]), int(found[2])))
    return (when + _KST).date(), when


def _missile(
    rec: Mapping[str, Any], files: NagixFiles, cells: dict[str, str], errs: list[tuple[str, str]]
) -> None:
    key = str(rec.get("missile"))
    info = files.missiles.get(key)
    if not isinstance(info, dict):
        errs.append(("missile", f"not a missile of {FILES['missile']}"))
        return
    kind = str(info.get("type", "Unknown"))
    payload = ""
    if kind == "HGV":
        cls, payload = GLIDE_BOOSTER_CLASS.get(key, "unknown"), "glide"
    else:
        cls = kind if kind in _CLASSES else "unknown"
    if info.get("maneuver") == "glide" or "glide" in rec:
        payload = "glide"
    elif cls == "SLV":
        payload = "satellite"
    elif key.endswith("-marv"):
        payload = "MaRV"
    cells.update(missile=str(info.get("name") or key), **{"class": cls, "payload": payload})


def _bearing(rec: Mapping[str, Any], cells: dict[str, str]) -> str:
    """Set ``bearing_deg``; return a note when the record's value is taken as a placeholder."""
    value = number_text(rec.get("bearing", ""))
    if not value:
        return ""
    if float(value) == 90 and not _eastward_plausible(rec, cells):
        return "bearing 90 in the record is its default for an unknown azimuth: taken as unknown"
    cells["bearing_deg"] = value
    cells["bearing_source"] = f"{DATASET} (Apache-2.0) bearing value"
    return ""


def _eastward_plausible(rec: Mapping[str, Any], cells: dict[str, str]) -> bool:
    if not cells.get("range_km") or rec.get("landing") not in _EAST:
        return False
    from trajmap import layers, zones

    lat, lon = geodesy.destination(
        float(cells["site_lat"]), float(cells["site_lon"]), 90.0, float(cells["range_km"])
    )
    try:
        return zones.verdict(lat, lon).status != "on land"
    except layers.LayerError:
        return True


def _group(
    converted: list[tuple[int, dict[str, str], dict[str, str], dt.datetime | None]],
) -> list[tuple[int, dict[str, str], dict[str, str], dt.datetime | None]]:
    """Set ``event_id`` and ``missile_index``: one event per KST date, site and missile."""
    events: dict[tuple[str, str, str], list[tuple[dict[str, str], dt.datetime | None]]] = {}
    for _, cells, _, when in converted:
        if cells.get("date"):
            key = (cells["date"], cells.get("site", ""), cells.get("missile", ""))
            events.setdefault(key, []).append((cells, when))
    by_day: dict[str, list[list[tuple[dict[str, str], dt.datetime | None]]]] = {}
    for (day, _, _), members in events.items():
        by_day.setdefault(day, []).append(members)
    latest = dt.datetime.max
    for day, groups in by_day.items():
        groups.sort(key=lambda g: min(w or latest for _, w in g))  # in launch order (UTC times)
        for n, members in enumerate(groups):
            suffix = "" if n == 0 else "-" + chr(ord("a") + n)
            for i, (cells, _) in enumerate(members, start=1):
                cells["event_id"] = day + suffix
                cells["missile_index"] = str(i) if len(members) > 1 else ""
    return converted
