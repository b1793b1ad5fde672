"""The CNS North Korea Missile Test Database importer, on the real files (read in place from
TRAJMAP_DATA_DIR: their licence is not stated, so nothing of them is copied here) and on small synthetic
files in the CNS layout."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import openpyxl
import pytest

from trajmap import config
from trajmap.importers.cns import CNS_URL, Figure, parse_date, parse_figure, parse_time, read_cns
from trajmap.importers.common import Unsupported
from trajmap.records import LaunchImport, RecordError

CNS_CSV = "nk_missiles/cns/north_korea_missile_test_database.csv"
CNS_XLSX = "nk_missiles/cns/north_korea_missile_test_database_2019.xlsx"
HEADER = [
    "F1",
    "Date",
    "Date Entered/Updated",
    "Launch Time (UTC)",
    "Missile Name",
    "Missile Type",
    "Launch Agency/Authority",
    "Facility Name",
    "Facility Location",
    "Other Name",
    "Facility Latitude",
    "Facility Longitude",
    "Landing Location",
    "Apogee",
    "Distance Travelled",
    "Confirmation Status",
    "Test Outcome",
    "Additional Information",
    "Source(s)",
]


def _real(path: str) -> Path:
    found = config.layer_dir() / path
    if not found.is_file():
        pytest.skip(f"{path} not found under {config.layer_dir()} (set TRAJMAP_DATA_DIR)")
    return found


@pytest.fixture(scope="module")
def from_csv() -> LaunchImport:
    return read_cns(_real(CNS_CSV))


@pytest.fixture(scope="module")
def from_xlsx() -> LaunchImport:
    return read_cns(_real(CNS_XLSX))


def _reasons(found: LaunchImport) -> collections.Counter[tuple[str, str, str]]:
    return collections.Counter((p.column, p.value, p.reason) for p in found.problems)


def _print_counts(label: str, found: LaunchImport) -> None:
    print(f"{label}: {found.records} read, {found.imported} imported, {len(found.rejected)} rejected")
    for (column, value, reason), n in _reasons(found).most_common():
        print(f"  {n:>4} x {column}={value!r}: {reason}")


# ------------------------------------------------------------------------------------------ the real files
def test_csv_counts(from_csv: LaunchImport) -> None:
    _print_counts("CSV", from_csv)
    assert (from_csv.records, from_csv.imported, len(from_csv.rejected)) == (245, 231, 14)
    reason = "the facility 'Unknown' has no coordinates in the CNS data, so the launch cannot be placed"
    assert _reasons(from_csv) == {("Facility Latitude", "Unknown", reason): 14}
    assert all(r["Facility Name"] == "Unknown" for r in from_csv.rejected)
    frame = from_csv.frame
    assert set(frame["estimate_by"]) == {"CNS/NTI"}
    assert set(frame["source_dataset"]) == {"CNS North Korea Missile Test Database (CSV export)"}
    assert frame["source_row"].str.fullmatch(r"line \d+").all()
    assert frame["bearing_deg"].isna().all()
    assert frame["landing_lat"].isna().all()
    assert not frame["event_id"].duplicated().all()


def test_xlsx_counts(from_xlsx: LaunchImport) -> None:
    _print_counts("xlsx", from_xlsx)
    assert (from_xlsx.records, from_xlsx.imported, len(from_xlsx.rejected)) == (122, 121, 1)
    assert [(p.row, p.column, p.value) for p in from_xlsx.problems] == [(57, "Facility Latitude", "Unknown")]
    assert from_xlsx.frame["source_row"].iloc[0] == "Missile Tests row 3"  # the header is on row 2
    assert set(from_xlsx.frame["source_dataset"]) == {"CNS North Korea Missile Test Database (NTI xlsx)"}


def test_hwasong_18_of_12_april_2023_utc_is_13_april_kst(from_csv: LaunchImport) -> None:
    row = from_csv.frame[from_csv.frame["missile"] == "Hwasong-18"].iloc[0]
    assert row["date"].date() == dt.date(2023, 4, 13)
    assert (row["event_id"], row["time_utc"], row["class"]) == ("2023-04-13", "22:22", "ICBM")
    assert row["range_km"] == 1000
    assert row["source_row"] == "line 455"


def test_month_only_dates_are_the_first_of_the_month(from_csv: LaunchImport, from_xlsx: LaunchImport) -> None:
    for found in (from_csv, from_xlsx):
        month = found.frame[found.frame["date_precision"] == "month"]
        assert len(month) == 8
        assert (month["date"].dt.day == 1).all()
        assert month["time_utc"].eq("").all()
        assert month["notes"].str.startswith("CNS gives only the month").all()
        assert set(found.frame["date_precision"]) == {"day", "month"}
    sept_84 = from_csv.frame[from_csv.frame["event_id"] == "1984-09-01"]
    assert sept_84["missile_index"].tolist() == [1, 2, 3]


def test_xlsx_coordinates_are_resolved_from_facilities(
    from_csv: LaunchImport, from_xlsx: LaunchImport
) -> None:
    book = openpyxl.load_workbook(_real(CNS_XLSX))
    assert str(book["Missile Tests"]["K3"].value).startswith("=VLOOKUP(")  # a formula, not a value
    tonghae = from_xlsx.frame[from_xlsx.frame["site"] == "tonghae-satellite-launching-ground"]
    assert (tonghae["site_lat"] == 40.8499966).all()
    assert (tonghae["site_lon"] == 129.666664).all()
    assert from_xlsx.frame["site_lat"].notna().all()
    in_csv = from_csv.frame.groupby("site")[["site_lat", "site_lon"]].first()
    in_xlsx = from_xlsx.frame.groupby("site")[["site_lat", "site_lon"]].first()
    assert len(in_xlsx) == 22
    assert in_xlsx.equals(in_csv.loc[in_xlsx.index])  # the CSV's values, where its export wrote them


def test_an_upload_reads_as_its_path(from_csv: LaunchImport) -> None:
    path = _real(CNS_CSV)
    upload = io.BytesIO(path.read_bytes())
    upload.name = "north_korea_missile_test_database.csv"
    found = read_cns(upload)
    assert found.frame.drop(columns="notes").equals(from_csv.frame.drop(columns="notes"))
    assert found.frame["source_version"].iloc[0].startswith("sha256:")


def test_every_distance_and_apogee_in_the_real_files_parses() -> None:
    text = _real(CNS_CSV).read_bytes().decode("cp1252")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    sheet = openpyxl.load_workbook(_real(CNS_XLSX))["Missile Tests"]
    header = [c.value for c in sheet[2]]
    cells = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True)]
    values = {r[c] for r in rows for c in ("Apogee", "Distance Travelled")}
    values |= {"" if r[c] is None else str(r[c]) for r in cells for c in ("Apogee", "Distance Travelled")}
    print(sorted(values))
    parsed = {v: parse_figure(v) for v in values}
    assert parsed["between 25 and 90 km"] == Figure(low=25, high=90)
    assert parsed["330 lm"] == Figure(value=330)
    assert parsed["N/A"] == parsed["Unknown"] == parsed[""] == Figure()


# ------------------------------------------------------------------------------------------ the parsers
@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("800 km", Figure(value=800)),
        ("1,380 km", Figure(value=1380)),
        ("2111.5 km", Figure(value=2111.5)),
        ("330 lm", Figure(value=330)),
        ("0 km", Figure(value=0)),
        ("420", Figure(value=420)),
        ("1000km", Figure(value=1000)),
        ("approximately 500 km", Figure(value=500)),
        ("about 1,000 kilometers", Figure(value=1000)),
        ("over 1000 km", Figure(low=1000)),
        ("more than 6,000 km", Figure(low=6000)),
        ("less than 50 km", Figure(high=50)),
        ("up to 90 km", Figure(high=90)),
        ("between 25 and 90 km", Figure(low=25, high=90)),
        ("Between 110 and 670 km", Figure(low=110, high=670)),
        ("25 to 90 km", Figure(low=25, high=90)),
        ("25-90 km", Figure(low=25, high=90)),
        ("25 km - 90 km", Figure(low=25, high=90)),
        ("25\u201390 km", Figure(low=25, high=90)),
        ("Unknown", Figure()),
        ("N/A", Figure()),
        ("", Figure()),
        ("  ", Figure()),
    ],
)
def test_parse_figure(text: str, figure: Figure) -> None:
    assert parse_figure(text) == figure


@pytest.mark.parametrize(
    "text", ["far", "-5 km", "5 miles", "12,5 km", "between 90 and 25 km", "1e3 km", "500 km" * 40]
)
def test_parse_figure_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a distance|interval"):
        parse_figure(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9-Apr-84", (dt.date(1984, 4, 9), "day")),
        ("12-Apr-23", (dt.date(2023, 4, 12), "day")),
        ("Apr-84", (dt.date(1984, 4, 1), "month")),
        ("Sep-84", (dt.date(1984, 9, 1), "month")),
        ("Sept-2019", (dt.date(2019, 9, 1), "month")),
        ("4/12/2023", (dt.date(2023, 4, 12), "day")),
        ("2019-05-09", (dt.date(2019, 5, 9), "day")),
        ("1-Jan-00", (dt.date(2000, 1, 1), "day")),
    ],
)
def test_parse_date(text: str, expected: tuple[dt.date, str]) -> None:
    assert parse_date(text, today=dt.date(2026, 5, 1)) == expected


def test_two_digit_years_pivot_on_this_year() -> None:
    assert parse_date("1-Jan-26", today=dt.date(2026, 5, 1))[0].year == 2026
    assert parse_date("1-Jan-27", today=dt.date(2026, 5, 1))[0].year == 1927


@pytest.mark.parametrize("text", ["31-Feb-20", "9-Foo-84", "84", "yesterday", "13/40/2020"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a date|month|out of range|must be in"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2:05:00 AM", "02:05"),
        ("10:36:20 PM", "22:36"),
        ("12:06:00 AM", "00:06"),
        ("12:34:00 PM", "12:34"),
        ("07:49:00", "07:49"),
        ("Unknown", ""),
        ("", ""),
    ],
)
def test_parse_time(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["13:00 PM", "25:00", "9:75", "noon"])
def test_parse_time_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not a time"):
        parse_time(text)


# ------------------------------------------------------------------------------------------ synthetic files
def _row(**cells: str) -> dict[str, str]:
    """A made-up CNS row (not taken from the database)."""
    base = {
        "Date": "12-Apr-23",
        "Launch Time (UTC)": "1:00:00 AM",
        "Missile Name": "Test-1",
        "Missile Type": "SRBM",
        "Facility Name": "Test Site",
        "Facility Latitude": "39.0",
        "Facility Longitude": "125.5",
        "Landing Location": "Sea of Japan or East Sea",
        "Apogee": "50 km",
        "Distance Travelled": "300 km",
        "Confirmation Status": "Confirmed",
        "Test Outcome": "Success",
        "Additional Information": "Synthetic \u00b0 row.\nSecond line.",
        "Source(s)": "see https://example.org/a; https://example.org/b",
    }
    return base | cells


def _csv(tmp_path: Path, rows: list[dict[str, str]], encoding: str = "cp1252") -> Path:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, HEADER, lineterminator="\r\n")
    writer.writeheader()
    for k, row in enumerate(rows, start=1):
        writer.writerow({"F1": str(k), **row})
    path = tmp_path / "cns.csv"
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_an_interval_goes_to_low_and_high(tmp_path: Path) -> None:
    path = _csv(tmp_path, [_row(Apogee="between 25 and 90 km", **{"Distance Travelled": "110-670 km"})])
    row = read_cns(path).frame.iloc[0]
    assert (row["apogee_low_km"], row["apogee_high_km"], row["range_low_km"], row["range_high_km"]) == (
        25,
        90,
        110,
        670,
    )
    assert row[["apogee_km", "range_km"]].isna().all()


def test_events_salvos_and_the_korean_date(tmp_path: Path) -> None:
    rows = [
        _row(),
        _row(),
        _row(**{"Facility Name": "Other Site"}),
        _row(**{"Launch Time (UTC)": "10:23:00 PM"}),
        _row(**{"Launch Time (UTC)": ""}),
    ]
    frame = read_cns(_csv(tmp_path, rows)).frame
    assert frame["event_id"].tolist() == [
        "2023-04-12",
        "2023-04-12",
        "2023-04-12-b",
        "2023-04-13",
        "2023-04-12",
    ]
    assert frame["missile_index"].tolist()[:2] == [1, 2]
    assert frame["missile_index"].iloc[[2, 3]].isna().all()
    assert frame["missile_index"].iloc[4] == 3  # no time: the UTC date is taken, and it joins the salvo
    assert frame["date"].dt.date.tolist()[3] == dt.date(2023, 4, 13)
    assert frame["notes"].iloc[4].startswith("Launch time unknown")
    assert frame["site"].iloc[2] == "other-site"
    assert frame["source_url"].iloc[0] == "https://example.org/a"
    assert frame["row"].tolist() == [2, 4, 6, 8, 10]  # Additional Information spans two lines


def test_types_payloads_outcomes_and_defaults(tmp_path: Path) -> None:
    rows = [
        _row(**{"Missile Type": "SLV", "Missile Name": "Rocket"}),
        _row(**{"Missile Type": "HGV"}),
        _row(**{"Missile Name": "Test MaRV"}),
        _row(**{"Missile Type": "Unknown", "Test Outcome": "Failure", "Source(s)": "a book"}),
        _row(**{"Distance Travelled": "0 km", "Landing Location": "Unknown"}),
    ]
    frame = read_cns(_csv(tmp_path, rows)).frame
    assert frame["class"].tolist() == ["SLV", "unknown", "SRBM", "unknown", "SRBM"]
    assert frame["payload"].tolist() == ["satellite", "glide", "MaRV", "", ""]
    assert frame["outcome"].tolist() == ["success", "success", "success", "failure", "success"]
    assert frame["source_url"].iloc[3] == CNS_URL
    assert frame["landing_statement"].tolist()[-1] == ""
    assert math.isnan(frame["range_km"].iloc[4])
    assert "0 km" in frame["notes"].iloc[4]


def test_a_bad_cell_rejects_its_row_by_its_line_and_column(tmp_path: Path) -> None:
    rows = [
        _row(),
        _row(Apogee="very high"),
        _row(**{"Facility Name": "Unknown", "Facility Latitude": "Unknown", "Facility Longitude": "Unknown"}),
        _row(Date="sometime"),
        _row(**{"Missile Type": "MLRS"}),
        _row(**{"Facility Latitude": "95"}),
    ]
    found = read_cns(_csv(tmp_path, rows))
    assert (found.records, found.imported, len(found.rejected)) == (6, 1, 5)
    where = [(p.row, p.column) for p in found.problems]
    assert where == [
        (4, "Apogee"),
        (6, "Facility Latitude"),
        (8, "Date"),
        (10, "Missile Type"),
        (12, "Facility Latitude"),
    ]
    assert "'Unknown'" in found.problems[1].reason
    assert found.problems[4].reason == "must be at most 90"


def test_a_utf8_file_reads_too(tmp_path: Path) -> None:
    path = _csv(tmp_path, [_row(**{"Missile Name": "화성-18"})], encoding="utf-8")
    assert read_cns(path).frame["missile"].iloc[0] == "화성-18"


def test_a_synthetic_workbook_resolves_vlookup(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    tests = book.active
    tests.title = "Missile Tests"
    tests.append([None])
    tests.append(HEADER)
    values = _row(**{"Launch Time (UTC)": "", "Facility Latitude": "=VLOOKUP(H3,Table1[],5,FALSE)"})
    values["Facility Longitude"] = "=VLOOKUP(H3,Table1[],6,FALSE)"
    values["Date"] = ""
    tests.append([values.get(h, "") for h in HEADER])
    tests["B3"] = dt.datetime(2019, 5, 1)
    tests["B3"].number_format = "mmm-yy"
    tests["D3"] = dt.time(22, 30)
    facilities = book.create_sheet("Facilities")
    facilities.append([None])
    facilities.append(["Facility", "First", "Latest", "Tests", "Latitude", "Longitude", "Location"])
    facilities.append(["test site", None, None, None, 40.25, 126.5, "Somewhere"])
    path = tmp_path / "cns.xlsx"
    book.save(path)
    row = read_cns(path).frame.iloc[0]
    assert (row["site_lat"], row["site_lon"], row["site"]) == (40.25, 126.5, "test-site")
    assert (row["date"].date(), row["date_precision"], row["time_utc"]) == (
        dt.date(2019, 5, 1),
        "month",
        "22:30",
    )
    assert row["source_row"] == "Missile Tests row 3"


def test_a_file_that_is_not_cns_raises_unsupported(tmp_path: Path) -> None:
    with pytest.raises(Unsupported, match="missing columns 'Date', 'Missile Name'"):
        read_cns(config.launches_path())
    with pytest.raises(Unsupported, match="missing columns"):
        read_cns(io.BytesIO(b""))
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    path = tmp_path / "other.xlsx"
    book.save(path)
    with pytest.raises(Unsupported, match=r"sheet 'Sheet'.*missing columns"):
        read_cns(path)
    with pytest.raises(Unsupported, match="not a readable xlsx"):
        read_cns(io.BytesIO(b"PK\x03\x04 broken"))
    fake = io.BytesIO(b"F1,Date\n")
    fake.name = "upload.xlsx"
    with pytest.raises(Unsupported, match="not one"):
        read_cns(fake)
    assert issubclass(Unsupported, RecordError)


def test_a_header_without_rows_raises_record_error(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="no launch records"):
        read_cns(_csv(tmp_path, []))


def test_a_sheet_claiming_a_million_rows_is_refused_not_walked() -> None:
    book = openpyxl.Workbook()
    book.active.title = "Missile Tests"
    book.active["A1"] = "F1"
    book.active["XFD1048576"] = "far away"
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(Unsupported, match="spans 1,048,576 rows"):
        read_cns(io.BytesIO(buf.getvalue()))


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)
    with pytest.raises(Unsupported, match="unpacks to 60,000,000 bytes"):
        read_cns(io.BytesIO(buf.getvalue()))
