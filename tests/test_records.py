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
    "2025-01-06,2025-01-06,03:12,Hwasong-16B,IRBM,east-pyongyang,39.0,125.8,58,,,1100,,,success,ROK JCS,"
    "https://example.org/jcs,keep me\n"
    "2025-01-06,2025-01-06,03:12,Hwasong-16B,IRBM,east-pyongyang,39.0,125.8,,,,1500,99.8,12,success,KCNA,"
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
    assert problem.row == 1
    assert problem.column == "(header)"
    assert word in problem.reason


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


# ---------------------------------------------------------------------------------------------------------
# Regressions found by fuzzing (tests/test_fuzz_records.py): each is named after the bug it keeps dead.
ROW = (
    "2025-01-06,2025-01-06,03:12,Hwasong-16B,IRBM,east-pyongyang,39.0,125.8,58,,,1100,,,success,ROK JCS,"
    "https://example.org/jcs,{note}\n"
)


def _problems(text: str | bytes) -> list[tuple[int, str, str]]:
    source = io.BytesIO(text) if isinstance(text, bytes) else io.StringIO(text)
    with pytest.raises(records.RecordError) as err:
        records.load_launches(source)
    return [(p.row, p.column, p.value) for p in err.value.problems]


@pytest.mark.parametrize("name", ["row", "landing_basis"])
def test_column_named_row_is_reported_not_crash(name: str) -> None:
    # the frame adds `row` and `landing_basis` itself: a file's own column of that name was a ValueError
    text = HEADER.replace("analyst_note", name) + ROW.format(note="5")
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(text))
    (problem,) = err.value.problems
    assert (problem.row, problem.column) == (1, name)
    assert "reserved" in problem.reason
    assert "rename" in problem.reason


def test_lone_surrogate_is_reported_not_crash() -> None:
    text = HEADER + ROW.format(note="ok") + ROW.format(note="bad \ud800 text")
    assert _problems(text) == [(3, "analyst_note", "bad \\ud800 text")]
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(text))
    str(err.value).encode("utf-8")  # the message itself is printable


def test_utf8_encoded_surrogate_bytes_are_not_utf8() -> None:
    data = (HEADER + ROW.format(note="x")).encode() + b"\xed\xa0\x80\n"
    ((row, column, _),) = _problems(data)
    assert (row, column) == (3, "(file)")


def test_duplicate_header_rejected() -> None:
    # pandas renamed the copy `notes.1` and accepted the file
    text = HEADER.replace("analyst_note", "notes,notes") + ROW.format(note="a,b")
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(text))
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (1, "notes", "notes")
    assert "more than once" in problem.reason
    assert "18 and 19" in problem.reason


def test_multiline_quoted_field_reports_start_line() -> None:
    # a quoted note over 3 lines (LF, CRLF) makes the 2nd record start on line 5, not line 3
    text = HEADER + ROW.format(note='"one\ntwo\r\nthree"') + ROW.replace("IRBM", "XRBM").format(note="")
    assert _problems(text) == [(5, "class", "XRBM")]


def test_multiline_quoted_field_rows_in_frame_are_start_lines() -> None:
    text = HEADER + ROW.format(note='"a\rb"') + "\n" + ROW.format(note='"c\nd\ne"') + ROW.format(note="")
    df = records.load_launches(io.StringIO(text))
    assert df["row"].tolist() == [2, 5, 8]  # a bare CR ends a line too; the blank line 4 is skipped
    assert df["analyst_note"].tolist() == ["a\rb", "c\nd\ne", ""]


def test_cr_only_line_ends_are_lines() -> None:
    text = (HEADER + ROW.format(note="x") + ROW.replace("IRBM", "XRBM").format(note="x")).replace("\n", "\r")
    assert _problems(text) == [(3, "class", "XRBM")]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("12 km", "not a number"),
        ("1_000", "not a number"),
        ("inf", "not a number"),
        ("nan", "not a number"),
        ("١٢٠٠", "ASCII"),
        ('"1100,5"', "comma"),
        ('"1,10,0"', "comma"),
        ("0x10", "not a number"),
        ("1e400", "at most"),
    ],
)
def test_number_rejects_what_float_alone_would_take(cell: str, reason: str) -> None:
    text = HEADER + ROW.replace(",1100,", f",{cell},").format(note="")
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(text))
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "range_km", cell.strip('"'))
    assert reason in problem.reason


@pytest.mark.parametrize(
    ("cell", "km"), [('"1,100"', 1100.0), ('"1,100.5"', 1100.5), ("1.1e3", 1100.0), (".5", 0.5)]
)
def test_number_takes_thousands_separators_and_exponents(cell: str, km: float) -> None:
    df = records.load_launches(io.StringIO(HEADER + ROW.replace(",1100,", f",{cell},").format(note="")))
    assert df.loc[0, "range_km"] == km


def test_long_digits_then_a_letter_is_not_a_number() -> None:
    # the backtracking pattern took N^1.7 steps here (test_fuzz_records.py times it: linear now)
    text = HEADER + ROW.replace(",1100,", f",{'1' * 9_999}x,").format(note="")
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(text))
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "range_km", "1" * 200 + "…")
    assert problem.reason.startswith("not a number")


def test_cell_longer_than_the_limit_is_reported() -> None:
    ((row, column, value),) = _problems(HEADER + ROW.format(note="n" * 10_001))
    assert (row, column) == (2, "analyst_note")
    assert value.endswith("…")
    assert len(value) == 201


def test_unclosed_quote_is_reported_at_the_record_that_opens_it() -> None:
    text = HEADER + ROW.format(note="") + ROW.format(note='"never closed') + ROW.format(note="")
    ((row, column, _),) = _problems(text)
    assert (row, column) == (3, "(file)")


def test_text_after_a_closing_quote_is_reported_with_its_line() -> None:
    text = HEADER + ROW.format(note='"a"b') + ROW.format(note="")
    ((row, column, _),) = _problems(text)
    assert (row, column) == (2, "(file)")


def test_ragged_row_with_more_fields_is_reported() -> None:
    text = HEADER + ROW.format(note="ok,surplus") + ROW.format(note="fine,,")  # empty extras are fine
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(text))
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "(row)", "surplus")
    assert "19 fields" in problem.reason
    assert "18 columns" in problem.reason


def test_ragged_row_with_fewer_fields_has_them_empty() -> None:
    short = ROW.format(note="").removesuffix(",https://example.org/jcs,\n") + "\n"  # no source_url, no note
    assert _problems(HEADER + short) == [(2, "source_url", "")]
    df = records.load_launches(io.StringIO(HEADER + ROW.format(note="").removesuffix(",\n") + "\n"))
    assert df["analyst_note"].tolist() == [""]


def test_header_only_file_is_rejected_at_line_2() -> None:
    with pytest.raises(records.RecordError) as err:
        records.load_launches(io.StringIO(HEADER))
    (problem,) = err.value.problems
    assert (problem.row, problem.column) == (2, "(file)")
    assert "no records" in problem.reason


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff", "  \r\n"])
def test_empty_file_is_reported(text: str) -> None:
    assert _problems(text) == [(1, "(file)", "")]


def test_all_missing_required_columns_are_named_at_line_1() -> None:
    found = _problems("event_id,date,notes\n1,2020-01-01,x\n")
    required = {c.name for c in records.COLUMNS if c.required} - {"event_id", "date"}
    assert {c for _, c, _ in found} == required
    assert {r for r, _, _ in found} == {1}


def test_not_utf8_names_the_line_of_the_first_bad_byte() -> None:
    data = (HEADER + ROW.format(note="ok")).encode() + ROW.format(note="caf\xe9").encode("cp1252")
    for prefix in (b"", b"\xef\xbb\xbf"):  # the BOM shifted the byte shown by three
        assert _problems(prefix + data) == [(3, "(file)", "b'\\xe9'")]


def test_column_without_a_name_must_be_empty() -> None:
    assert _problems(HEADER.replace("analyst_note", "") + ROW.format(note="lost?")) == [
        (1, "(column 18)", "lost?")
    ]
    df = records.load_launches(io.StringIO(HEADER.replace(",analyst_note", ",") + ROW.format(note="")))
    assert "analyst_note" not in df.columns
    assert "" not in df.columns


def test_unicode_spaces_and_separators_in_text_are_kept() -> None:
    # only ASCII spaces are stripped from a cell's ends; U+2028, U+00A0 and the like are text as given
    note = "\u2028x\u00a0"
    df = records.load_launches(io.StringIO(HEADER + ROW.replace("Hwasong-16B", note).format(note=note)))
    assert df.loc[0, "missile"] == note
    assert df.loc[0, "analyst_note"] == note


def test_data_frame_round_trips_a_loaded_frame() -> None:
    df = records.load_launches(io.StringIO(GOOD))
    again = records.load_launches(df.drop(columns=["row", "landing_basis"]))
    assert again["event_id"].tolist() == df["event_id"].tolist()
    assert again["date"].tolist() == df["date"].tolist()
    assert again["landing_lat"].tolist() == pytest.approx(df["landing_lat"].tolist(), nan_ok=True)


def test_text_mode_file_that_is_not_utf8_is_reported_with_its_line(tmp_path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes((HEADER + ROW.format(note="ok") + ROW.format(note="caf\xe9")).encode("cp1252"))
    with open(path, encoding="utf-8") as fh, pytest.raises(records.RecordError) as err:
        records.load_launches(fh)
    assert [(p.row, p.column) for p in err.value.problems] == [(3, "(file)")]
