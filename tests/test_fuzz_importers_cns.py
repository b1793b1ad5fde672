"""Fuzzing the CNS importer: whatever the bytes, :func:`read_cns` returns a LaunchImport or raises
RecordError, and no row of a CNS-shaped file is lost (every record is imported or rejected at its line).

``pytest -m fuzz --hypothesis-profile=fuzz`` tries 10,000 inputs per test.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.payloads import hostile_text
from trajmap.importers.cns import read_cns
from trajmap.records import LaunchImport, RecordError, RecordProblem

LINE_BREAK = re.compile(r"\r\n|\r|\n")
SPECIALS = ("\x00", "\u2028", "\x85", "\r", "\n", "\r\n", ",", '"', "\ud800", "\xa0", "=", "PK")
HEADER = [
    *("F1", "Date", "Date Entered/Updated", "Launch Time (UTC)", "Missile Name", "Missile Type"),
    *("Launch Agency/Authority", "Facility Name", "Facility Location", "Other Name", "Facility Latitude"),
    *("Facility Longitude", "Landing Location", "Apogee", "Distance Travelled", "Confirmation Status"),
    *("Test Outcome", "Additional Information", "Source(s)"),
]
#: A made-up valid row; each generated record overwrites some of its cells.
BASE = {
    "Date": "12-Apr-23",
    "Launch Time (UTC)": "10:22:00 PM",
    "Missile Name": "Test-1",
    "Missile Type": "SRBM",
    "Facility Name": "Test Site",
    "Facility Latitude": "39.1",
    "Facility Longitude": "125.2",
    "Landing Location": "Sea of Japan or East Sea",
    "Apogee": "between 25 and 90 km",
    "Distance Travelled": "1,380 km",
    "Confirmation Status": "Confirmed",
    "Test Outcome": "Success",
    "Additional Information": "synthetic",
    "Source(s)": "https://example.org/x",
}
FORMS = ("800 km", "Apr-84", "2:05:00 AM", "Unknown", "N/A", "", "over 1000 km", "HGV", "SLV", "0 km")

cell_text = st.one_of(
    hostile_text,
    st.sampled_from(FORMS + SPECIALS),
    st.lists(st.one_of(st.characters(exclude_categories=()), st.sampled_from(SPECIALS)), max_size=60).map(
        "".join
    ),
)


def _check(found: LaunchImport | RecordError) -> None:
    if isinstance(found, RecordError):
        assert found.problems
        for p in found.problems:
            assert isinstance(p, RecordProblem)
            assert p.row >= 1, p
            assert p.column, p
            assert p.reason, p
        str(found).encode("utf-8")  # printable
        return
    assert found.imported + len(found.rejected) == found.records
    assert found.imported > 0


def _read(data: bytes, name: str = "upload.csv") -> LaunchImport | RecordError:
    upload = io.BytesIO(data)
    upload.name = name
    try:
        return read_cns(upload)
    except RecordError as exc:
        return exc


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(ch in cell for ch in ',"\r\n') else cell


@pytest.mark.fuzz
@given(data=st.binary(max_size=2000), prefix=st.sampled_from([b"", b"PK\x03\x04", b"F1,Date\r\n"]))
def test_any_bytes_give_an_import_or_a_record_error(data: bytes, prefix: bytes) -> None:
    _check(_read(prefix + data))


@pytest.mark.fuzz
@given(
    edits=st.lists(st.dictionaries(st.sampled_from(HEADER), cell_text, max_size=4), min_size=1, max_size=6),
    terminator=st.sampled_from(["\r\n", "\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_a_cns_shaped_file_never_loses_a_row(
    edits: list[dict[str, str]], terminator: str, encoding: str
) -> None:
    parts = [",".join(HEADER), terminator]
    starts = []
    for k, edit in enumerate(edits, start=1):
        starts.append(len(LINE_BREAK.findall("".join(parts))) + 1)
        cells = {"F1": str(k), **BASE, **{c: v for c, v in edit.items() if c != "F1"}}
        parts += [",".join(_quoted(cells.get(c, "")) for c in HEADER), terminator]
    text = "".join(parts)
    data = text.encode(encoding, "replace") if encoding == "cp1252" else text.encode("utf-8", "surrogatepass")
    found = _read(data)
    _check(found)
    if isinstance(found, RecordError):  # nothing was taken: every record is reported
        assert {p.row for p in found.problems} >= set(starts)
        return
    assert found.records == len(edits)
    rows = found.frame["row"].tolist() + [int(r["row"]) for r in found.rejected]
    assert sorted(rows) == starts
