"""The trajmap command: exit codes, messages on stderr, files written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from trajmap import cli, records

FIXTURE = str(Path(__file__).parent / "fixtures" / "launches_small.csv")


def test_snapshot_writes_png(tmp_path, capsys):
    out = tmp_path / "map.png"
    assert cli.main(["snapshot", "--launch", "2025-01-06", "--out", str(out), "--data", FIXTURE]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_snapshot_format_from_suffix_svg(tmp_path):
    out = tmp_path / "map.svg"
    assert cli.main(["snapshot", "--launch", "2017-11-29", "--out", str(out), "--data", FIXTURE]) == 0
    assert out.read_text().lstrip().startswith("<?xml")


def test_unknown_launch_is_a_data_error_listing_valid_ids(tmp_path, capsys):
    code = cli.main(
        ["snapshot", "--launch", "1999-09-09", "--out", str(tmp_path / "x.png"), "--data", FIXTURE]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "1999-09-09" in err
    assert "2025-01-06" in err
    assert not (tmp_path / "x.png").exists()


def test_missing_data_file_is_a_data_error(tmp_path, capsys):
    code = cli.main(["export", "--out", str(tmp_path / "x.csv"), "--data", str(tmp_path / "none.csv")])
    assert code == 1
    assert "no launch file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["snapshot", "--out", "x.png"],  # --launch missing
        ["snapshot", "--launch", "2025-01-06", "--out", "x.gif"],  # format unknown
        ["snapshot", "--launch", "2025-01-06", "--out", "x.png", "--size", "big"],
        ["export", "--out", "x.txt"],  # format unknown
        ["export", "--from", "yesterday", "--out", "x.csv"],
        ["verdict", "--lat", "95", "--lon", "137"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_exit_2(argv, capsys):
    assert cli.main(argv) == 2
    assert capsys.readouterr().err.strip()


def test_help_exits_0_with_examples(capsys):
    assert cli.main(["snapshot", "--help"]) == 0
    assert "examples:" in capsys.readouterr().out


def test_export_filters_by_class_and_source(tmp_path):
    out = tmp_path / "x.geojson"
    argv = ["export", "--class", "IRBM", "--source", "Japan MOD", "--out", str(out), "--data", FIXTURE]
    assert cli.main(argv) == 0
    feats = json.loads(out.read_text())["features"]
    trajectories = [f for f in feats if f["properties"]["kind"] == "trajectory"]
    got = [(f["properties"]["class"], f["properties"]["estimate_by"]) for f in trajectories]
    assert got
    assert set(got) == {("IRBM", "Japan MOD")}


def test_export_kml_and_csv_to_stdout(capsys):
    assert cli.main(["export", "--format", "kml", "--out", "-", "--data", FIXTURE]) == 0
    assert "<kml" in capsys.readouterr().out
    assert (
        cli.main(["export", "--format", "csv", "--from", "2025-01-01", "--out", "-", "--data", FIXTURE]) == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4  # header + the three 2025-01-06 estimates


def test_verdict_prints_summary(capsys):
    assert cli.main(["verdict", "--lat", "43.9", "--lon", "137.6"]) == 0
    out = capsys.readouterr().out
    # the 2025-01-06 landing area, which tests/test_zones.py pins as outside Japan's EEZ, in Russia's
    assert out.startswith("outside: outside Japan's EEZ")
    assert "in Russia's EEZ" in out


def test_python_dash_m_runs():
    res = subprocess.run(
        [sys.executable, "-m", "trajmap", "--help"], capture_output=True, text=True, timeout=60
    )
    assert res.returncode == 0
    assert "snapshot" in res.stdout


def test_export_defaults_to_the_full_record(tmp_path, monkeypatch):
    monkeypatch.delenv("TRAJMAP_LAUNCHES", raising=False)
    out = tmp_path / "all.csv"
    assert cli.main(["export", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "nagix/nk-missile-tests" in text
    assert "2026-04-19" in text


def test_import_reports_counts_and_writes_the_rejected_rows_beside(tmp_path, capsys, shared_data):
    cns = shared_data / "nk_missiles" / "cns" / "north_korea_missile_test_database.csv"
    out = tmp_path / "merged.csv"
    assert cli.main(["import", str(cns), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"{cns}: 245 rows, 231 imported, 14 rejected" in printed
    assert out.is_file()
    rejected = (tmp_path / "merged.rejected.csv").read_text(encoding="utf-8")
    assert rejected.count("has no coordinates") == 14


def test_import_of_a_nagix_folder_alone(tmp_path, capsys, shared_data):
    out = tmp_path / "nagix.csv"
    assert (
        cli.main(["import", str(shared_data / "nk_missiles" / "nagix"), "--into", "none", "--out", str(out)])
        == 0
    )
    assert "339 rows, 339 imported, 0 rejected" in capsys.readouterr().out
    assert not (tmp_path / "nagix.rejected.csv").exists()


def test_import_with_a_mapping(tmp_path, capsys):
    src = tmp_path / "mine.csv"
    src.write_text("Day,Weapon,Lat,Lon\n2025-01-06,X,39.0,125.7\n", encoding="utf-8")
    argv = ["import", str(src), "--into", "none", "--out", str(tmp_path / "m.csv")]
    argv += ["--map", "date=Day", "--map", "missile=Weapon", "--map", "site_lat=Lat", "--map", "site_lon=Lon"]
    argv += ["--set", "class=SRBM", "--set", "estimate_by=me", "--set", "source_url=https://example.org"]
    assert cli.main(argv) == 0
    assert "1 rows, 1 imported, 0 rejected" in capsys.readouterr().out
    assert cli.main([*argv[:-2], "--map", "date"]) == 2  # a pair without '=' is a usage error


def test_data_status_names_the_record(capsys):
    assert cli.main(["data", "status"]) == 0
    assert capsys.readouterr().out.startswith("Record as of 2026-04-21")


def test_data_update_without_a_connection_is_a_data_error(monkeypatch, capsys):
    from trajmap import dataset

    def offline(*_a, **_k):
        raise dataset.UpdateError("could not fetch: no connection")

    monkeypatch.setattr(dataset, "update_record", offline)
    assert cli.main(["data", "update"]) == 1
    assert "could not fetch" in capsys.readouterr().err


def test_reach_prints_every_target_with_the_page_values(capsys):
    from trajmap import reach

    assert (
        cli.main(["reach", "--lat", "39.03", "--lon", "125.75", "--range-km", "5500", "--format", "json"])
        == 0
    )
    got = json.loads(capsys.readouterr().out)
    want = reach.targets_in_reach(39.03, 125.75, 5500.0, reach.load_targets())
    assert [r["target"] for r in got] == want["target"].tolist()
    assert [r["margin_km"] for r in got] == want["margin_km"].tolist()
    guam = next(r for r in got if "Guam" in r["name"])
    assert guam["in_reach"] is True
    assert guam["range_used_km"] == 5500.0


def test_reach_from_a_launch_estimate_and_its_errors(capsys):
    argv = ["reach", "--site", "sunan", "--launch", "2017-11-29", "--estimate-by", "ROK JCS"]
    assert cli.main(argv) == 0
    assert "Hwasong-15: ~" in capsys.readouterr().err  # the range used is the launch's estimate
    assert cli.main(["reach", "--site", "nowhere", "--range-km", "100"]) == 1
    assert cli.main(["reach", "--site", "sunan", "--range-km", "30000"]) == 2
    assert cli.main(["reach", "--range-km", "100"]) == 2  # from where?
    assert cli.main(["reach", "--target", "hagatna", "--launch", "2017-11-29"]) == 2  # needs --range-km
    assert cli.main(["reach", "--target", "nowhere", "--range-km", "100"]) == 1


def test_reach_rotating_earth_prints_the_page_footprint_values(capsys):
    """``--rotating-earth`` (refused before the footprints existed) prints what the page's table shows."""
    from trajmap import reach
    from trajmap.views import reach as rv

    argv = ["reach", "--site", "sunan", "--range-km", "13000", "--rotating-earth", "--format", "json"]
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    got = json.loads(captured.out)
    assert "rotating Earth:" in captured.err
    assert "km east" in captured.err
    sites = records.load_sites()
    s = sites[sites["site"] == "sunan"].iloc[0]
    view = rv.reach_view(
        float(s["lat"]),
        float(s["lon"]),
        "Sunan",
        [(13000.0, "13,000 km")],
        reach.load_targets(),
        footprints=rv.footprints_for(float(s["lat"]), float(s["lon"]), [(13000.0, "13,000 km")]),
    )
    assert [r["target"] for r in got] == view.table["target"].tolist()
    assert [r["range_used_km"] for r in got] == view.table["range_used_km"].tolist()
    assert [r["margin_km"] for r in got] == view.table["margin_km"].tolist()
    assert [r["launch_azimuth_deg"] for r in got] == view.table["launch_azimuth_deg"].tolist()
    # toward Washington (north-east) the rotating Earth gives more than the 13,000 km ring
    dc = next(r for r in got if r["target"] == "washington")
    assert dc["range_used_km"] > 13000.0


def test_reach_target_lists_the_sites_that_reach_it(capsys):
    argv = ["reach", "--target", "hagatna", "--range-km", "3400", "--format", "json"]
    assert cli.main(argv) == 0
    got = json.loads(capsys.readouterr().out)
    assert len(got) == len(records.load_sites())
    margins = [r["margin_km"] for r in got]
    assert margins == sorted(margins, reverse=True)
    assert all(r["in_reach"] == (r["distance_km"] <= 3400.0) for r in got)
    assert {r["range_used_km"] for r in got} == {3400.0}
