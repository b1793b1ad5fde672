"""Fuzzing the nagix and mapped-table importers: for any input they return a LaunchImport or raise
RecordError, never anything else, and never lose a record (imported + rejected == records read).

The CNS importer has its own fuzz module (tests/test_fuzz_importers_cns.py). ``pytest -m fuzz
--hypothesis-profile=fuzz`` runs 10,000 inputs per test.
"""

from __future__ import annotations

import copy
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.payloads import hostile_text
from trajmap import config, importers, records
from trajmap.importers import nagix
from trajmap.views import data as dv

pytestmark = pytest.mark.fuzz

_SNAPSHOT = config.curated_path("nagix")
_FILES = {role: json.loads((_SNAPSHOT / n).read_text(encoding="utf-8")) for role, n in nagix.FILES.items()}
_BASE = importers.parse_nagix(_FILES["test"], _FILES["facility"], _FILES["missile"], "fuzz")
_KEYS = (
    "date",
    "time",
    "series",
    "missile",
    "facility",
    "landing",
    "apogee",
    "distance",
    "bearing",
    "outcome",
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _holds_every_record(got: records.LaunchImport) -> None:
    assert got.imported + len(got.rejected) == got.records
    assert {p.row for p in got.problems} == {int(r["row"]) for r in got.rejected}


@given(edits=st.lists(st.tuples(st.integers(0, 338), st.sampled_from(_KEYS), json_value), max_size=6))
def test_any_edit_of_a_nagix_record_is_imported_or_reported(edits) -> None:
    files = copy.deepcopy(_BASE)
    for k, key, value in edits:
        files.tests[k][key] = value
    try:
        got = importers.read_nagix(files)
    except records.RecordError:
        return
    _holds_every_record(got)
    edited = {k + 1 for k, _, _ in edits}
    assert got.imported >= 339 - len(edited)


@given(test=json_value, facility=json_value, missile=json_value)
def test_any_json_as_the_nagix_files_is_imported_or_refused(test, facility, missile) -> None:
    files = {
        nagix.FILES["test"]: json.dumps(test).encode(),
        nagix.FILES["facility"]: json.dumps(facility).encode(),
        nagix.FILES["missile"]: json.dumps(missile).encode(),
    }
    try:
        got = dv.import_nagix(files)
    except records.RecordError:
        return
    _holds_every_record(got.result)


@given(raw=st.binary(max_size=400))
def test_any_bytes_as_the_nagix_test_file_are_refused_cleanly(raw) -> None:
    files = {name: (_SNAPSHOT / name).read_bytes() for name in nagix.FILES.values()}
    files[nagix.FILES["test"]] = raw
    with pytest.raises(records.RecordError):
        dv.import_nagix(files)


@given(raw=st.binary(max_size=600))
def test_any_bytes_as_a_mapped_table_are_imported_or_refused(raw) -> None:
    mapping = {"date": "a", "missile": "b", "site_lat": "c", "site_lon": "d", "estimate_by": "e"}
    try:
        got = importers.read_mapped(
            io.BytesIO(b"a,b,c,d,e\n" + raw), mapping, {"class": "SRBM", "source_url": "x"}
        )
    except records.RecordError:
        return
    _holds_every_record(got)


@given(cells=st.lists(st.tuples(hostile_text, hostile_text, hostile_text), min_size=1, max_size=5))
def test_hostile_cells_in_a_mapped_table_are_kept_as_text_or_reported(cells) -> None:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["Day", "Weapon", "Note"])
    for day, weapon, note in cells:
        w.writerow([day, weapon, note])
    mapping = {"date": "Day", "missile": "Weapon"}
    constants = {
        "class": "SRBM",
        "site_lat": "39",
        "site_lon": "125.7",
        "estimate_by": "me",
        "source_url": "x",
    }
    try:
        got = importers.read_mapped(
            io.BytesIO(buf.getvalue().encode("utf-8", "surrogatepass")), mapping, constants
        )
    except records.RecordError:
        return
    _holds_every_record(got)
