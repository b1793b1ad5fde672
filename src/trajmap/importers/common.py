"""What every importer shares: source rows turned into the launch schema, validated once, with each
rejected row's reasons and each accepted row's provenance.

An importer reads its format into ``(source_row, cells)`` pairs (cells named as :data:`records.COLUMNS`,
all text) and its own problems (named by the source's columns); :func:`finish` validates the cells with
:func:`trajmap.records.read_launches` and reports every problem by the source's row number.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from trajmap import records
from trajmap.records import LaunchImport, RecordError, RecordProblem

__all__ = ["SourceRow", "Unsupported", "file_version", "file_version_of", "finish", "number_text"]

#: Texts that mean "no value" in a source's number cells.
_MISSING = {"", "unknown", "na", "n/a", "none", "-", "?", "nan"}


class Unsupported(RecordError):
    """The file is not in the format its importer reads (it names what was expected)."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row of a source, in the launch schema: ``cells`` by schema column, ``row`` its number in the
    source (the line, sheet row or record number problems are reported by), ``given`` the row as the
    source gave it (kept for the rejected-rows report)."""

    row: int
    cells: Mapping[str, str]
    given: Mapping[str, str] = field(default_factory=dict)


def file_version(path: str | os.PathLike[str]) -> str:
    """A short content checksum naming a file's version: ``sha256:`` and 12 hex digits."""
    return file_version_of(Path(path).read_bytes())


def file_version_of(data: bytes) -> str:
    """:func:`file_version` of a file's bytes."""
    return f"sha256:{hashlib.sha256(data).hexdigest()[:12]}"


def number_text(value: object) -> str | None:
    """A source's number as plain text: ``"1,100"`` -> ``"1100"``; ``"unknown"`` / ``"na"`` / empty ->
    ``""``; None when it is not a number at all.

    >>> number_text(1100), number_text("1,380"), number_text("na"), number_text("far")
    ('1100', '1380', '', None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return "" if value != value else f"{value:g}"
    text = str(value).strip()
    if text.lower() in _MISSING:
        return ""
    plain = text.replace(",", "") if _grouped(text) else text
    try:
        float(plain)
    except ValueError:
        return None
    return plain if plain.replace(".", "", 1).lstrip("+-").isdigit() else None


def _grouped(text: str) -> bool:
    head, *groups = text.split(",")
    return bool(groups) and head.isdigit() and len(head) <= 3 and all(len(g) == 3 for g in groups[:-1])


def finish(
    name: str,
    rows: Sequence[SourceRow],
    problems: Sequence[RecordProblem],
    *,
    records_read: int,
    column_of: Mapping[str, str] | None = None,
) -> LaunchImport:
    """Validate converted rows; a row with any problem (the importer's or the schema's) is rejected.

    ``column_of`` maps a schema column to the source column it came from, so that a schema problem names
    the column the user knows. Raises :class:`RecordError` when no row at all can be read.
    """
    column_of = column_of or {}
    own = list(problems)
    rejected_rows = {p.row for p in own}
    given = {r.row: {"row": str(r.row), **r.given} for r in rows}
    kept = [r for r in rows if r.row not in rejected_rows]
    frame = pd.DataFrame([dict(r.cells) for r in kept], dtype=str).fillna("")
    found: LaunchImport | None = None
    if kept:
        found = records.read_launches(frame.reindex(columns=_columns(frame)))
        for p in found.problems:
            source_row = kept[p.row - 2].row
            column = column_of.get(p.column, p.column)
            own.append(RecordProblem(source_row, column, p.value, p.reason))
        rejected_rows |= {kept[p.row - 2].row for p in found.problems}
    accepted = found.frame if found is not None else pd.DataFrame()
    if len(accepted):
        accepted = accepted.assign(row=[r.row for r in kept if r.row not in rejected_rows])
    elif not own:
        own.append(RecordProblem(1, "(file)", "", "the file holds no launch records"))
    if accepted.empty:
        raise RecordError(sorted(own, key=lambda p: p.row), name)
    return LaunchImport(
        name=name,
        frame=accepted.reset_index(drop=True),
        problems=tuple(sorted(own, key=lambda p: p.row)),
        rejected=tuple(given[r] for r in sorted(rejected_rows) if r in given),
        records=records_read,
    )


def _columns(frame: pd.DataFrame) -> list[str]:
    known = [c.name for c in records.COLUMNS]
    return [c for c in known if c in frame.columns] + [c for c in frame.columns if c not in known]
