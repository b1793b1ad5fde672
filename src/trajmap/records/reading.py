"""Reading a launch file: its text as UTF-8, and its CSV records with the line each one starts on."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterator
from typing import IO, Any, TypeAlias

import pandas as pd

from trajmap.records.schema import RecordError, RecordProblem

__all__ = [
    "ASCII_SPACE",
    "MAX_CELL_CHARS",
    "BrokenCsv",
    "Records",
    "Source",
    "cell_problem",
    "csv_records",
    "frame_records",
    "read_text",
    "shown",
]

#: The longest cell taken (a longer one is most often a quote left open).
MAX_CELL_CHARS = 10_000
_MAX_SHOWN_CHARS = 200
ASCII_SPACE = " \t\r\n\v\f"
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")

Source: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes] | pd.DataFrame
Records: TypeAlias = Iterator[tuple[int, list[str]]]


class BrokenCsv(Exception):
    """The CSV reader gave up on the record that starts at ``line``."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def shown(value: str) -> str:
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


def read_text(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str, str]:
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


def csv_records(text: str) -> Records:
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
            raise BrokenCsv(start, reason) from None
        yield start, fields


def frame_records(frame: pd.DataFrame) -> Records:
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


def cell_problem(value: str) -> str | None:
    """Why a cell cannot be taken at all, whatever its column (too long, or not valid Unicode)."""
    if len(value) > MAX_CELL_CHARS:
        return f"longer than {MAX_CELL_CHARS:,} characters ({len(value):,}); is a closing quote missing?"
    found = _SURROGATE_RE.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        return f"holds a lone surrogate ({code}), which is not text; save the file as UTF-8"
    return None
