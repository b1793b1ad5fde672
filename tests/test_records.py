"""Launch records: validation names every problem; good files round-trip; landing points."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from trajmap import geodesy, records

HEADER = (
    "event_id,date,time_utc,missile,class,site,site_lat,site_lon,bearing_deg,landing_lat,landing_lon,"
    "range_km,apogee_km,flight_min,outcome,estimate_by,source_url,analyst_note\n"
)
GOOD = HEADER + (
    "2025-01-06,2025-01-06,03:12,Hwasong-16B,HGV,east-pyongyang,39.0,125.8,58,,,1100,,,success,ROK JCS,"
    "https://example.org/jcs,keep me\n"
    "2025-01-06,2025-01-06,03:12,Hwasong-16B,HGV,east-pyongyang,39.0,125.8,,,,1500,99.8,12,success,KCNA,"
    "https://example.org/kcna,\n"
    "2017-11-29,2017-11-29,18:17,Hwasong-15,ICBM,pyongsong,39.25,125.87,,40.8,137.4,950,4475,53,success,"
    'Japan MOD,https://example.org/mod,"a, quoted note"\n'
)


def test_good_file_loads_and_derives_landings() -> None:
    df = records.load_launches(io.StringIO(GOOD))
    assert list(df["landing_basis"]) == ["derived", "unknown", "reported"]
    lat, lon = geodesy.destination(39.0, 125.8, 58.0, 1100.0)
    assert df.loc[0, "landing_lat"] == pytest.approx(lat, abs=1e-9)
    assert df.loc[0, "landing_lon"] == pytest.approx(lon, abs=1e-9)
    assert df.loc[2, "landing_lat"] == 40.8
    assert df["analyst_note"].tolist() == ["keep me", "", "a, quoted note"]  # unknown columns are kept
    assert df["row"].tolist() == [2, 3, 4]


def test_good_file_round_trips() -> None:
    df = records.load_launches(io.StringIO(GOOD))
    again = records.load_launches(io.StringIO(records.to_csv(df)))
    pd.testing.assert_frame_equal(df, again)


BAD = HEADER + (
    "e1,2025-13-01,3:12,X,XRBM,s,95,125.8,360,,,1100,,,success,ROK JCS,https://x,\n"
    "e2,2020-01-01,,X,SRBM,s,39,125.8,45,40,,-5,,,maybe,,https://x,\n"
    "e3,2020-01-01,,,SRBM,s,39,abc,45,,,600 km,,,success,JCS,,\n"
)


def test_malformed_file_lists_every_problem_with_row_and_column() -> None:
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(BAD))
    found = {(p.row, p.column) for p in err.value.problems}
    expected = {
        (2, "date"),
        (2, "time_utc"),
        (2, "class"),
        (2, "site_lat"),
        (2, "bearing_deg"),
        (3, "landing_lon"),
        (3, "range_km"),
        (3, "outcome"),
        (3, "estimate_by"),
        (4, "missile"),
        (4, "site_lon"),
        (4, "range_km"),
        (4, "source_url"),
    }
    assert expected <= found, expected - found
    assert found <= expected, found - expected
    text = str(err.value)
    assert "row 2, column 'class', value 'XRBM'" in text
    assert "row 4, column 'range_km', value '600 km': not a number" in text


def test_missing_required_columns_are_named() -> None:
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO("event_id,date\n1,2020-01-01\n"))
    missing = {p.column for p in err.value.problems}
    assert {"missile", "class", "site_lat", "source_url"} <= missing


def test_not_utf8_is_a_clear_error() -> None:
    with pytest.raises(records.RecordError, match="UTF-8"):
        records.load_launches(io.BytesIO(GOOD.encode("utf-8") + b"\xb0\n"))


@pytest.mark.parametrize(("sep", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_semicolon_or_tab_separated_file_is_named_as_such(sep: str, word: str) -> None:
    # a spreadsheet saved with a European list separator: say so, rather than "every column is missing"
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(GOOD.replace(",", sep)))
    (problem,) = err.value.problems
    assert problem.row == 1 and problem.column == "(header)" and word in problem.reason


def test_curated_data_is_valid_and_sourced() -> None:
    df = records.load_launches()
    assert df["event_id"].nunique() >= 40
    assert df["date"].min() < pd.Timestamp("1990-01-01")
    assert df["source_url"].str.match(r"^https?://").all()
    for day in [
        "1993-05-29",
        "1998-08-31",
        "2006-07-05",
        "2012-12-12",
        "2016-02-07",
        "2016-08-03",
        "2017-05-14",
        "2017-07-04",
        "2017-07-28",
        "2017-08-29",
        "2017-09-15",
        "2017-11-29",
        "2019-10-02",
        "2022-03-24",
        "2022-10-04",
        "2022-11-18",
        "2023-04-13",
        "2023-07-12",
        "2023-12-18",
        "2024-01-14",
        "2024-10-31",
        "2024-11-05",
        "2025-01-06",
    ]:
        assert (df["date"] == pd.Timestamp(day)).any(), day
    jan6 = df[df["event_id"] == "2025-01-06"]
    assert {"ROK JCS", "KCNA"} <= set(jan6["estimate_by"])
    sites = records.load_sites()
    assert set(df["site"]) <= set(sites["site"]), set(df["site"]) - set(sites["site"])


def test_curated_places_tables_are_valid(tmp_path) -> None:
    from trajmap import reach

    assert len(records.load_sites()) >= 20
    assert len(reach.load_targets()) >= 35
    assert len(records.load_points(records.default_sites_path().parent / "places.csv", "place")) >= 15
    bad = tmp_path / "t.csv"
    bad.write_text("target,name,lat,lon,source_url\nx,X,95,10,\n")
    with pytest.raises(records.RecordError) as err:
        reach.load_targets(bad)
    assert {(p.row, p.column) for p in err.value.problems} == {(2, "lat"), (2, "source_url")}
