"""The Data page's view: which dataset the pages show, importing the user's files in any supported
format, and the validation report of each.

:func:`detect_format` tells a file's format from its name and first bytes; :func:`import_file` imports it
(trajmap's CSV, the CNS/NTI CSV or xlsx, the three nagix JSON files, or any table through a column
mapping); :func:`combine` builds the dataset a page shows from the built-in record and the imports;
:func:`report` is the per-file table of counts.

>>> detect_format("test.en.json", b'{"timeBins": []}')
'nagix'
>>> detect_format("mine.csv", b"event_id,date,missile,class,site,site_lat,site_lon,estimate_by,source_url\\n")
'trajmap'
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from trajmap import importers, records
from trajmap.importers import mapping as mapped
from trajmap.importers.merge import merge as merge_frames
from trajmap.importers.nagix import FILES as NAGIX_FILES
from trajmap.records import LaunchImport, RecordError, RecordProblem

__all__ = [
    "CHOICES",
    "FORMATS",
    "Choice",
    "Format",
    "Imported",
    "combine",
    "detect_format",
    "import_file",
    "import_nagix",
    "report",
]

Choice = Literal["full", "curated", "uploads", "merged"]
#: The datasets a user can choose, as the page words them.
CHOICES: dict[str, str] = {
    "full": "Full record: the nagix history merged with the curated estimates",
    "curated": "Curated estimates only (data/launches.csv)",
    "uploads": "Your files only",
    "merged": "Full record and your files, merged",
}
Format = Literal["trajmap", "cns", "nagix", "table"]
#: The formats :func:`import_file` reads, as the page words them.
FORMATS: dict[str, str] = {
    "trajmap": "trajmap CSV (the columns of data/launches.csv)",
    "cns": "CNS North Korea Missile Test Database (CSV export or NTI xlsx)",
    "nagix": "nagix/nk-missile-tests JSON (test, facility and missile files together)",
    "table": "another CSV or XLSX table, through a column mapping",
}
_CNS_COLUMNS = ("Missile Name", "Facility Name", "Distance Travelled")


@dataclass(frozen=True, slots=True)
class Imported:
    """One imported file (or the nagix file set): its name, format and result."""

    name: str
    format: str
    result: LaunchImport


def detect_format(name: str, head: bytes) -> Format:
    """The format of a file from its name and first bytes (a few kB are enough)."""
    lower = name.lower()
    if lower.endswith(".json") or head.lstrip()[:1] == b"{":
        return "nagix"
    text = head[:4096].decode("cp1252", errors="replace")
    if head[:2] == b"PK":  # an xlsx is a zip: CNS when its sheet names say so
        return "cns" if b"Missile Tests" in head or "cns" in lower or "missile_test" in lower else "table"
    first = text.splitlines()[0] if text else ""
    if all(c in text for c in _CNS_COLUMNS):
        return "cns"
    names = {c.strip().strip('"') for c in first.split(",")}
    required = {c.name for c in records.COLUMNS if c.required}
    return "trajmap" if required <= names else "table"


def import_file(
    name: str,
    data: bytes,
    *,
    fmt: Format | None = None,
    mapping: Mapping[str, str] | None = None,
    constants: Mapping[str, str] | None = None,
) -> Imported:
    """Import one file; raises :class:`~trajmap.records.RecordError` when none of its rows can be read.

    A ``table`` needs ``mapping`` (schema column -> the file's column) and may give ``constants``.
    """
    fmt = fmt or detect_format(name, data[:65536])
    buf = io.BytesIO(data)
    buf.name = name
    if fmt == "trajmap":
        result = records.read_launches(buf)
    elif fmt == "cns":
        result = importers.read_cns(buf)
    elif fmt == "table":
        if not mapping:
            reason = "map the file's columns to trajmap's first (the column-mapping step)"
            raise RecordError([RecordProblem(1, "(header)", "", reason)], name)
        result = mapped.read_mapped(buf, mapping, constants, dataset=f"upload: {name}")
    else:
        reason = f"import the nagix files together: {', '.join(NAGIX_FILES.values())}"
        raise RecordError([RecordProblem(1, "(file)", "", reason)], name)
    return Imported(name, fmt, _named(result, name))


def import_nagix(files: Mapping[str, bytes]) -> Imported:
    """Import the nagix record from its three uploaded files (by file name)."""
    missing = [n for n in NAGIX_FILES.values() if n not in files]
    if missing:
        reason = f"the nagix record needs {', '.join(NAGIX_FILES.values())}; missing: {', '.join(missing)}"
        raise RecordError([RecordProblem(1, "(file)", "", reason)], "nagix files")
    parsed = {}
    for role, name in NAGIX_FILES.items():
        try:
            parsed[role] = json.loads(files[name].decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise RecordError([RecordProblem(1, "(file)", "", f"not JSON: {exc}")], name) from None
    version = importers.file_version_of(files[NAGIX_FILES["test"]])
    nagix = importers.parse_nagix(parsed["test"], parsed["facility"], parsed["missile"], version)
    return Imported("nagix files", "nagix", importers.read_nagix(nagix))


def _named(result: LaunchImport, name: str) -> LaunchImport:
    frame = result.frame
    if "source_dataset" in frame and (frame["source_dataset"] == "").any():
        frame = frame.copy()
        unnamed = frame["source_dataset"] == ""
        frame.loc[unnamed, "source_dataset"] = f"upload: {name}"
        frame.loc[unnamed, "source_row"] = "line " + frame.loc[unnamed, "row"].astype(str)
    return LaunchImport(
        name=result.name,
        frame=frame,
        problems=result.problems,
        rejected=result.rejected,
        records=result.records,
    )


def combine(
    choice: str, full: pd.DataFrame, curated: pd.DataFrame, imports: Sequence[Imported]
) -> tuple[pd.DataFrame, str]:
    """The dataset to show for ``choice`` and a notice ("" when the choice was taken as asked).

    ``uploads`` with no imported file falls back to the full record, and says so.
    """
    mine = [i.result.frame for i in imports if len(i.result.frame)]
    if choice == "curated":
        return curated, ""
    if choice in ("uploads", "merged") and not mine:
        return full, "No file of yours is imported: showing the full record."
    if choice == "uploads":
        return pd.concat(mine, ignore_index=True), ""
    if choice == "merged":
        merged = full
        for frame in mine:
            merged = merge_frames(merged, frame).frame
        return merged, ""
    return full, ""


def report(imports: Sequence[Imported]) -> pd.DataFrame:
    """One row per imported file: its format and its records, imported and rejected counts."""
    return pd.DataFrame(
        [
            {
                "file": i.name,
                "format": FORMATS.get(i.format, i.format),
                "records": i.result.records,
                "imported": i.result.imported,
                "rejected": len(i.result.rejected),
            }
            for i in imports
        ],
        columns=["file", "format", "records", "imported", "rejected"],
    )
