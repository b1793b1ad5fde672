"""A foreign table through a column mapping (CSV and XLSX), and the Data page's format detection."""

from __future__ import annotations

import io

import openpyxl
import pytest

from trajmap import importers
from trajmap.views import data as dv

CSV = (
    "Day,Weapon,Lat,Lon,Distance (km),Heading,Who,Link,My note\n"
    "2025-01-06,Hwasong-16B,39.03,125.75,1100,58,Analyst,https://example.org,first\n"
    "2025-01-07,Thing,95,125.75,300,58,Analyst,https://example.org,bad latitude\n"
)
MAPPING = {
    "date": "Day",
    "missile": "Weapon",
    "site_lat": "Lat",
    "site_lon": "Lon",
    "range_km": "Distance (km)",
    "bearing_deg": "Heading",
    "estimate_by": "Who",
    "source_url": "Link",
}


def test_suggest_mapping_finds_the_obvious_columns() -> None:
    got = importers.suggest_mapping(["Day", "Weapon", "Lat", "Lon", "Distance (km)", "Heading", "Link"])
    assert got["date"] == "Day"
    assert got["range_km"] == "Distance (km)"
    assert got["bearing_deg"] == "Heading"
    assert got["site_lat"] == "Lat"


def test_a_mapped_csv_imports_with_constants_and_reports_in_its_own_columns() -> None:
    got = importers.read_mapped(io.BytesIO(CSV.encode()), MAPPING, {"class": "IRBM"}, dataset="mine")
    assert (got.records, got.imported, len(got.rejected)) == (2, 1, 1)
    row = got.frame.iloc[0]
    assert (row["event_id"], row["class"], row["landing_basis"], row["My note"]) == (
        "2025-01-06",
        "IRBM",
        "derived",
        "first",
    )
    assert [(p.row, p.column) for p in got.problems] == [(3, "Lat")]
    assert got.rejected_table()["reasons"].iloc[0].startswith("Lat: must be at most 90")


def test_a_mapped_xlsx_reads_its_first_sheet() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    for line in CSV.splitlines():
        ws.append(line.split(","))
    buf = io.BytesIO()
    book.save(buf)
    got = dv.import_file("mine.xlsx", buf.getvalue(), mapping=MAPPING, constants={"class": "IRBM"})
    assert got.format == "table"
    assert got.result.imported == 1


def test_a_mapping_to_a_missing_column_is_named() -> None:
    with pytest.raises(importers.Unsupported, match="no column 'Nope'"):
        importers.read_mapped(io.BytesIO(CSV.encode()), {**MAPPING, "date": "Nope"})


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("test.en.json", b'{"timeBins": []}', "nagix"),
        ("db.csv", b"F1,Date,Missile Name,Facility Name,Distance Travelled\n", "cns"),
        ("mine.csv", b"Day,Weapon\n", "table"),
    ],
)
def test_detect_format(name, head, fmt) -> None:
    assert dv.detect_format(name, head) == fmt


def test_combine_falls_back_and_says_so() -> None:
    import pandas as pd

    full, curated = pd.DataFrame({"event_id": ["a"]}), pd.DataFrame({"event_id": ["b"]})
    assert dv.combine("uploads", full, curated, [])[1].startswith("No file of yours")
    assert dv.combine("curated", full, curated, [])[0] is curated
